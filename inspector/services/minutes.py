"""The minutes of a visit: drafted from the database, numbered by the clerk, then locked.

Until numbered, the minutes print as a draft (watermark "DỰ THẢO", "Số: …").
Numbering renders the final PDF once, stores it with its SHA-256 and locks
the visit: from then on its content cannot change, and the same bytes are
printed every time. A scan of the signed paper copy can then be attached.

Who issues the minutes is the round's inspecting body (``Round.inspecting_body``): its parent
and name head the minutes, its symbol follows the number ("Số: 05/BB-SNV"), its place name
(địa danh) starts the date line and its titles head the signature blocks. Rounds made before
bodies were data have none; their minutes keep the earlier header: the decision's issuer (else
the city) as parent, "Đoàn kiểm tra công vụ" as the issuing body and the symbol "BB-ĐKT".

Numbers: digits only, kept as an integer (``Visit.minutes_seq``) and printed
with a leading zero under 10 (Decree 30/2020: "Số: 07/BB-SNV"), suggested so too.
Each issuing body numbers its minutes from 1 every year, and the database holds at
most one visit per (body, year, number) (the unique index ``ux_visits_minutes_number``).

The shortcomings are printed once: the table of failed items is the record (item, what was
seen, the values counted, legal basis, staff, photos); the inspectors' free-text paragraph
(``Visit.shortcomings``) follows it only for what it says beyond the table (see
:func:`own_words`), so the paragraph first drafted from the failed items is not printed twice
and nothing an inspector typed is lost.

Numbering never holds the write lock while it renders: the visit is read in a
read-only snapshot, the PDF rendered outside any transaction, then a short
``BEGIN IMMEDIATE`` transaction checks that nothing changed and that the number
is still free, and stores the PDF, the number and the lock.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from inspector.domain.assessment import counted, failed_head
from inspector.domain.catalog import Role, UnitLevel
from inspector.domain.checklist import ChecklistForm, Item, ItemType
from inspector.domain.clock import local, local_today
from inspector.domain.text import clean
from inspector.domain.workflow import Result, VisitStatus
from inspector.reports.minutes import (
    Finding,
    MinutesData,
    Person,
    Photo,
    RecommendationLine,
    SectionTally,
    render_minutes,
)
from inspector.services import access, audit, survey_index
from inspector.services.access import SIGNED_IN, allowed, open_to_all
from inspector.services.legal import load_register
from inspector.services.photos import prepare_photo_file
from inspector.services.sync.checkout import require_here
from inspector.services.visits import VisitError, visit_form
from inspector.store.db import Database
from inspector.store.models import (
    Answer,
    AuditEvent,
    Blob,
    Evidence,
    InspectingBody,
    MinutesRevision,
    ReceptionPoint,
    Recommendation,
    StaffMember,
    Unit,
    User,
    Visit,
    answer_staff,
)
from inspector.store.types import utcnow

# The header of rounds without an inspecting body (made before bodies were data); nothing else.
LEGACY_AGENCY = "Đoàn kiểm tra công vụ"
LEGACY_SYMBOL = "BB-ĐKT"
LEGACY_LEADER, LEGACY_RECORDER = "Trưởng đoàn", "Thư ký"
# Decree 30: "Lưu: VT" (the issuing body's văn thư) then the unit that drafted the text, here the
# inspection team, which keeps its copy in the visit's file (the unit inspected keeps the third).
ARCHIVE = "Lưu: VT, Đoàn kiểm tra."
MAX_NUMBER = 999_999
SIGNED_COPY = "signed_minutes"
PHOTO = "photo"
CHANGED_MEANWHILE = "Buổi kiểm tra vừa thay đổi; hãy đánh số lại."


class MinutesError(VisitError):
    pass


# --- numbers ----------------------------------------------------------------------------------


def _symbol_key(symbol: str) -> str:
    """A symbol as compared: "bb-snv", " BB-SNV" and "ＢＢ-ＳＮＶ" are "BB-SNV"."""
    return "".join(unicodedata.normalize("NFKC", symbol).split()).casefold()


def _split_number(text: str) -> tuple[str, str, str, bool]:
    """(the entry as cleaned, its number part, its symbol part, whether a "/" was typed)."""
    raw = clean(text)
    # NFKC: full-width digits from an East Asian input method ("０７") are digits too.
    entry = re.sub(r"\s*/\s*", "/", unicodedata.normalize("NFKC", raw))
    head, slash, suffix = entry.partition("/")
    return raw, head, suffix, bool(slash)


def parse_number(text: str, symbol: str = LEGACY_SYMBOL) -> int:
    """The clerk's entry as a number: "7", "07", "007", " 07 ", "07/BB-SNV" → 7 (with the visit's own
    ``symbol``, in any case); letters ("12a") and another symbol refused."""
    raw, head, suffix, slash = _split_number(text)
    if not head:
        raise MinutesError("Chưa nhập số biên bản; nhập số thứ tự, ví dụ 7.")
    if slash and _symbol_key(suffix) != _symbol_key(symbol):
        raise MinutesError(f"Số biên bản “{raw}” không hợp lệ: chỉ nhập số thứ tự (ví dụ 7), ký hiệu /{symbol} được thêm tự động.")
    return _sequence(raw, head)


def _sequence(raw: str, head: str) -> int:
    if not re.fullmatch(r"[0-9]+", head):
        raise MinutesError(
            f"Số biên bản “{raw}” không hợp lệ: chỉ nhập chữ số (ví dụ 7 hoặc 07), không kèm chữ cái hay ký hiệu khác."
        )
    number = int(head)
    if not 1 <= number <= MAX_NUMBER:
        raise MinutesError(f"Số biên bản “{raw}” không hợp lệ: số thứ tự từ 1 đến {MAX_NUMBER}.")
    return number


def format_number(number: int) -> str:
    """7 → "07", 12 → "12": a leading zero under 10, as Decree 30/2020 prints numbers."""
    return f"{number:02d}"


def full_number(number: int, symbol: str = LEGACY_SYMBOL) -> str:
    """7, "BB-SNV" → "07/BB-SNV": the number as printed and stored (``Visit.minutes_number``)."""
    return f"{format_number(number)}/{symbol}"


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (decomposed)
_OLD_TONE_PLACEMENT = re.compile(f"(o)([ae])([{_TONE_MARKS}])(?!\\w)|(u)(y)([{_TONE_MARKS}])(?!\\w)")


def body_key(issuer: str) -> str:
    """The issuing body as a comparison key: NFC, case-folded, spaces collapsed, "UBND" spelt out,
    and the old tone placement (Uỷ, hoà, khoẻ) moved to the new one (Ủy, hòa, khỏe).

    db/versions/0005_minutes_numbers.py holds a copy of this function for its backfill: change both.
    """
    text = " ".join(unicodedata.normalize("NFC", issuer).split()).casefold()
    text = re.sub(r"^ubnd(?=\s|$)", "ủy ban nhân dân", text)
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _OLD_TONE_PLACEMENT.sub(
        lambda m: m.group(1) + m.group(3) + m.group(2) if m.group(1) else m.group(4) + m.group(6) + m.group(5),
        decomposed,
    )
    return unicodedata.normalize("NFC", decomposed)


def place_name(agency: str) -> str:
    """"Ủy ban nhân dân thành phố Trà Vinh" → "Trà Vinh": the địa danh printed before the date."""
    name = agency.strip()
    for prefix in ("Ủy ban nhân dân", "UBND"):
        if name.lower().startswith(prefix.lower()):
            name = name[len(prefix):].strip()
    for kind in ("thành phố", "thị xã", "huyện", "quận", "tỉnh", "phường", "xã"):
        if name.lower().startswith(kind + " "):
            return name[len(kind):].strip()
    return name


def _city_agency(session: Session) -> str:
    city = session.scalars(sa.select(Unit).where(Unit.level == UnitLevel.CITY).order_by(Unit.sort_order).limit(1)).first()
    return city.name if city else ""


@dataclass(frozen=True)
class Issuer:
    """Who issues a visit's minutes: the header's two lines, the number's symbol and series, the place
    line and the titles of the team's signature blocks."""

    parent: str            # cơ quan chủ quản, "Ủy ban nhân dân tỉnh Vĩnh Long" ("": none)
    name: str              # cơ quan ban hành, "Sở Nội vụ"
    symbol: str            # "BB-SNV"
    place: str             # địa danh, "Vĩnh Long"
    leader_title: str      # "Trưởng đoàn kiểm tra"
    recorder_title: str    # "Thư ký đoàn kiểm tra"
    key: str               # its series of numbers (Visit.minutes_body)

    @property
    def label(self) -> str:
        """How messages name it: "Sở Nội vụ (Ủy ban nhân dân tỉnh Vĩnh Long)"."""
        return f"{self.name} ({self.parent})" if self.parent else self.name


def series_key(body: InspectingBody) -> str:
    """The numbering series of an inspecting body: its parent and name as one comparison key, so
    "Sở Nội vụ" of one province and of another count apart, and spellings of one body together."""
    return body_key(f"{body.parent_name} {body.name}")


@open_to_all
def issuer_of(session: Session, visit: Visit) -> Issuer:
    """The round's inspecting body; for a round without one, the earlier header (the decision's
    issuer, else the city, above "Đoàn kiểm tra công vụ", numbers …/BB-ĐKT in the issuer's series)."""
    round_ = visit.round
    body = round_.inspecting_body if round_ is not None else None
    if body is not None:
        parent = clean(body.parent_name)
        return Issuer(
            parent=parent, name=clean(body.name), symbol=clean(body.minutes_symbol) or LEGACY_SYMBOL,
            place=clean(body.place_name) or place_name(parent) or "…",
            leader_title=clean(body.leader_title) or LEGACY_LEADER,
            recorder_title=clean(body.recorder_title) or LEGACY_RECORDER, key=series_key(body),
        )
    parent = (round_.decision_issuer if round_ and round_.decision_issuer else "") or _city_agency(session)
    return Issuer(parent=parent, name=LEGACY_AGENCY, symbol=LEGACY_SYMBOL, place=place_name(parent) or "…",
                  leader_title=LEGACY_LEADER, recorder_title=LEGACY_RECORDER, key=body_key(parent))


def _legal_basis(session: Session) -> Callable[[Item], str]:
    """How the minutes cite an item's legal basis: its citations through the database copy of the
    register of legal documents (an older form's item: its own free text). Read once per minutes."""
    return load_register(session).item_basis


_DRAFT_NUMBER = re.compile(r"^\s*\d+[.)]\s+")
_DRAFT_STAFF = re.compile(r"\s*\(công chức: ([^()]*)\)$")


def _flat(text: str) -> str:
    return " ".join(text.split()).rstrip(".").strip()


def own_words(shortcomings: str, failed: Mapping[str, tuple[Any, ...]]) -> str:
    """The free-text shortcomings less what only repeats the findings table.

    The table prints each failed item with its note, values, legal basis, staff and photos: it is
    the record the unit answers to, point by point. The paragraph is first drafted from the same
    failed items (domain.assessment.shortcomings_text: "1. <question>: không đạt — <note>
    (công chức: …)."), so printed as well it says everything twice. An entry of that draft is left
    out when the table already says all of it: its item failed, its note is part of the item's
    note and its staff are among the item's. Everything else an inspector wrote (a general
    assessment, an entry they reworded, a point with no checklist item) is kept, in order.

    ``failed``: code → (item, its note, its staff's names[, the values counted]), for the items failed in this visit.
    """
    entries: list[list[str]] = []
    for line in shortcomings.splitlines():
        if _DRAFT_NUMBER.match(line) or not entries:
            entries.append([line])
        else:  # a note of several lines, or a paragraph after the list
            entries[-1].append(line)
    # A numeric item's entry names the values counted; a draft made before they were entered does not.
    prefixes = [(head, note, staff) for item, note, staff, *values in failed.values()
                for head in dict.fromkeys((failed_head(item, values[0] if values else None), failed_head(item)))]

    def repeated(entry: list[str]) -> bool:
        text = _flat(_DRAFT_NUMBER.sub("", " ".join(entry), count=1))
        for prefix, note, staff in prefixes:
            if not text.startswith(_flat(prefix)):
                continue
            rest = text[len(_flat(prefix)):]
            names = _DRAFT_STAFF.search(rest)
            if names:
                if not {n.strip() for n in names.group(1).split(",")} <= set(staff):
                    continue
                rest = rest[:names.start()]
            rest = rest.strip()
            if not rest or (rest.startswith("—") and _flat(rest[1:]) in _flat(note)):
                return True
        return False

    kept: list[str] = []
    for entry in entries:
        # The longest head of the entry that only repeats the table (a note may run over several
        # lines); what follows it (a paragraph after the list) is kept.
        size = next((k for k in range(len(entry), 0, -1) if repeated(entry[:k])), 0)
        kept += entry[size:]
    return "\n".join(kept).strip()


def _names_its_unit(point_name: str, unit: Unit) -> bool:
    """"Trung tâm Phục vụ hành chính công phường Trà Vinh" already names "Ủy ban nhân dân phường Trà Vinh":
    the minutes do not add "của Ủy ban nhân dân phường Trà Vinh" after it."""
    names = {unit.name, unit.short_name}
    for prefix in ("Ủy ban nhân dân ", "UBND "):
        if unit.name.casefold().startswith(prefix.casefold()):
            names.add(unit.name[len(prefix):])
    point = point_name.casefold()
    return any(n.strip() and n.strip().casefold() in point for n in names)


def minutes_day(visit: Visit) -> date:
    """The date the minutes bear (and whose year their number counts in)."""
    return local(visit.started_at).date() if visit.started_at else (visit.planned_date or local_today())


@open_to_all
def minutes_data(session: Session, visit: Visit, *, draft: bool, photo_bytes: bool = True,
                 survey: bool = True) -> MinutesData:
    """Everything the minutes print. With ``photo_bytes=False`` each photo's data is its blob's
    SHA-256 (as ASCII) instead of the image: cheap to compare (see :func:`_fingerprint`). ``survey``: print the
    reference satisfaction index of the visit's on-the-spot survey (section III.3) when it has responses."""
    form: ChecklistForm = visit_form(visit)
    point = session.get(ReceptionPoint, visit.reception_point_id)
    assert point is not None
    unit = point.unit
    round_ = visit.round
    issuer = issuer_of(session, visit)
    basis = _legal_basis(session)
    answers = {a.item_code: a for a in session.scalars(
        sa.select(Answer).where(Answer.visit_id == visit.id, Answer.deleted_at.is_(None)))}
    staff_names: dict[uuid.UUID, list[str]] = {}
    for answer_id, name in session.execute(
        sa.select(answer_staff.c.answer_id, StaffMember.full_name)
        .join(StaffMember, StaffMember.id == answer_staff.c.staff_member_id)
        .where(answer_staff.c.answer_id.in_([a.id for a in answers.values()]))
    ):
        staff_names.setdefault(answer_id, []).append(name)

    order = {item.code: n for n, item in enumerate(form.items())}
    evidence = sorted(
        session.scalars(sa.select(Evidence).where(
            Evidence.visit_id == visit.id, Evidence.deleted_at.is_(None), Evidence.kind == PHOTO)),
        key=lambda e: (order.get(_code(answers, e.answer_id), 10_000), e.created_at),
    )
    photos = []
    photo_numbers: dict[str, list[int]] = {}
    for n, item_evidence in enumerate(evidence, 1):
        code = _code(answers, item_evidence.answer_id)
        if photo_bytes:
            blob = session.get(Blob, item_evidence.blob_sha256)
            assert blob is not None
            data = blob.data
        else:
            data = item_evidence.blob_sha256.encode()
        photos.append(Photo(n, code, item_evidence.caption, data))
        photo_numbers.setdefault(code, []).append(n)

    tallies = []
    findings = []
    failed: dict[str, tuple[Item, str, tuple[str, ...], Mapping[str, object]]] = {}
    for section in form.sections:
        results = [answers[i.code].result if i.code in answers else Result.UNCHECKED for i in section.items]
        tallies.append(SectionTally(
            section.title, len(section.items), results.count(Result.PASS), results.count(Result.FAIL),
            results.count(Result.NOT_APPLICABLE),
        ))
        for item in section.items:
            answer = answers.get(item.code)
            if answer is not None and answer.result is Result.FAIL:
                staff = tuple(sorted(staff_names.get(answer.id, [])))
                findings.append(Finding(
                    item.code, item.text, answer.note, basis(item), staff, tuple(photo_numbers.get(item.code, [])),
                    counted=counted(item, answer.values or {}) if item.type is ItemType.NUMERIC else "",
                ))
                failed[item.code] = (item, answer.note, staff, answer.values or {})

    recs = session.execute(
        sa.select(Recommendation, Unit.name).outerjoin(Unit, Recommendation.owner_unit_id == Unit.id)
        .where(Recommendation.visit_id == visit.id, Recommendation.deleted_at.is_(None))
        .order_by(Recommendation.created_at)
    ).all()
    started = local(visit.started_at) if visit.started_at else None
    day = minutes_day(visit)
    number, _, kept_symbol = visit.minutes_number.partition("/")
    revision, replaced = _revision_of(session, visit)
    point_text = point.name if _names_its_unit(point.name, unit) else f"{point.name} của {unit.name}"
    decision = ""
    if round_ is not None:
        decision = f"Quyết định số {round_.decision_number} ngày {round_.decision_date:%d/%m/%Y}"
        decision += f" của {round_.decision_issuer}" if round_.decision_issuer else ""
    return MinutesData(
        parent_agency=issuer.parent, issuing_agency=issuer.name, number=number,
        number_suffix=kept_symbol or issuer.symbol,  # a revision keeps the number as issued
        place=issuer.place, made_on=day, subtitle=f"Kiểm tra công vụ tại {point_text}", inspected_point=point_text,
        decision=decision or "kế hoạch kiểm tra công vụ", round_name=round_.name if round_ else "",
        announced=visit.announced, started_at=(started or local(utcnow())).replace(tzinfo=None),
        ended_at=local(visit.ended_at).replace(tzinfo=None) if visit.ended_at else None,
        location=visit.location, inspected_unit=unit.name,
        team=tuple(Person(m.full_name, m.position, m.team_role.label) for m in (round_.members if round_ else [])),
        representatives=tuple(Person(r.full_name, r.position) for r in visit.representatives),
        tallies=tuple(tallies), good_points=visit.good_points, shortcomings=own_words(visit.shortcomings, failed),
        findings=tuple(findings), conclusions=visit.conclusions,
        recommendations=tuple(RecommendationLine(r.text, owner or "", r.deadline) for r, owner in recs),
        unit_opinion=visit.unit_opinion, leader_title=issuer.leader_title, recorder_title=issuer.recorder_title,
        recipients=recipients(issuer, unit.name, round_.decision_issuer if round_ else ""),
        photos=tuple(photos), draft=draft,
        revision=revision, replaces_on=local(replaced.issued_at).date() if replaced is not None else None,
        anchor="" if draft else _anchor_of(session, visit),
        survey=survey_index.minutes_section(session, visit) if survey else None,
    )


def _anchor_of(session: Session, visit: Visit) -> str:
    """The history anchor final minutes print: as issued for a locked visit, else the chain's head now."""
    if visit.status is VisitStatus.LOCKED:
        return session.scalar(sa.select(MinutesRevision.anchor).where(MinutesRevision.visit_id == visit.id)
                              .order_by(MinutesRevision.revision.desc()).limit(1)) or ""
    return audit.anchor(session)


def _revision_of(session: Session, visit: Visit) -> tuple[int, MinutesRevision | None]:
    """(the revision the minutes print as, the revision it replaces): a numbered visit prints its last issued
    revision; a visit reopened since, the next one, replacing the last."""
    issued = list(session.scalars(sa.select(MinutesRevision).where(MinutesRevision.visit_id == visit.id)
                                  .order_by(MinutesRevision.revision)))
    if visit.status is VisitStatus.LOCKED:
        return (issued[-1].revision, issued[-2] if len(issued) > 1 else None) if issued else (1, None)
    if not visit.minutes_number:
        return 1, None
    if not issued:  # numbered before revisions were kept: that issue counts as the first
        return 2, None
    return issued[-1].revision + 1, issued[-1]


def recipients(issuer: Issuer, unit_name: str, decided_by: str) -> tuple[str, ...]:
    """Nơi nhận: the unit inspected; whoever decided the inspection, to report to (not when that is
    the issuing body itself, or the unit inspected); the archive line."""
    lines = [f"{unit_name};"]
    decider = body_key(decided_by) if decided_by.strip() else ""
    if decider and body_key(issuer.name) not in decider and decider != body_key(unit_name):
        lines.append(f"{clean(decided_by)} (để báo cáo);")
    return (*lines, ARCHIVE)


def _code(answers: dict[str, Answer], answer_id: uuid.UUID | None) -> str:
    return next((code for code, a in answers.items() if a.id == answer_id), "")


def _fingerprint(data: MinutesData) -> MinutesData:
    """``data`` with each photo's bytes replaced by their SHA-256, as ``minutes_data(photo_bytes=False)`` gives."""
    return dataclasses.replace(data, anchor="", photos=tuple(
        dataclasses.replace(p, data=hashlib.sha256(p.data).hexdigest().encode()) for p in data.photos))


@dataclass(frozen=True)
class MinutesPdf:
    data: bytes
    final: bool
    number: str      # as printed ("07/BB-SNV"); a reopened visit's draft bears the number it keeps
    sha256: str
    revision: int = 1       # lần ban hành: what this PDF is, or (a draft) will be once issued
    issuable: bool = False  # a draft of an approved visit: the clerk may issue it now


@dataclass(frozen=True)
class RevisionRow:
    """One issued revision of a visit's minutes (lần ban hành)."""

    revision: int
    number: str
    sha256: str | None
    issued_at: datetime
    issued_by: str
    reason: str
    anchor: str


class Minutes:
    """Minutes operations on one database, for one user."""

    def __init__(self, db: Database, user_id: uuid.UUID | None = None) -> None:
        self.db = db
        self.user_id = user_id

    @open_to_all
    def survey_responses(self, visit_id: uuid.UUID) -> int:
        """The visit's on-the-spot survey responses: the minutes offer the index section when there are any."""
        with self.db.read() as session:
            return survey_index.survey_count(session, visit_id)

    @open_to_all
    def pdf(self, visit_id: uuid.UUID, *, survey: bool = True) -> MinutesPdf:
        """The locked minutes as stored, or a fresh draft of a visit not yet locked (never holds the write lock).
        ``survey``: with the reference satisfaction index section when the visit has survey responses (on by
        default; the minutes dialog's check box). Minutes already issued keep their stored bytes whatever it says.

        A locked visit without a stored copy (generated data, services.generate: no PDF was rendered when
        it was numbered) prints final from its locked data, which can no longer change; never as a draft."""
        with self.db.read() as session:
            visit = _visit(session, visit_id)
            locked = visit.status is VisitStatus.LOCKED
            if locked and visit.minutes_sha256:
                blob = session.get(Blob, visit.minutes_sha256)
                assert blob is not None
                return MinutesPdf(blob.data, True, visit.minutes_number, visit.minutes_sha256,
                                  _revision_of(session, visit)[0])
            # a reopened visit's draft bears the number it keeps, and the revision it will be
            number, issuable = visit.minutes_number, visit.status is VisitStatus.APPROVED
            source = minutes_data(session, visit, draft=not locked, survey=survey)
        data = render_minutes(source)
        return MinutesPdf(data, locked, number, hashlib.sha256(data).hexdigest(), source.revision, issuable)

    @allowed(SIGNED_IN)
    def suggest_number(self, year: int | None = None, *, visit_id: uuid.UUID | None = None) -> str:
        """The next number of the body that issues this visit's minutes (the city's without a visit),
        in the year of the minutes (this year without a visit), as printed ("01", "12"): numbers
        restart each year."""
        with self.db.read() as session:
            if visit_id is not None:
                visit = _visit(session, visit_id)
                body, year = issuer_of(session, visit).key, year or minutes_day(visit).year
            else:
                body, year = body_key(_city_agency(session)), year or local_today().year
            top = session.scalar(sa.select(sa.func.max(Visit.minutes_seq)).where(
                Visit.minutes_body == body, Visit.minutes_year == year))
        return format_number((top or 0) + 1)

    @allowed(SIGNED_IN)
    def number_symbol(self, visit_id: uuid.UUID) -> str:
        """The symbol after this visit's number ("BB-SNV")."""
        with self.db.read() as session:
            return issuer_of(session, _visit(session, visit_id)).symbol

    @allowed(Role.CLERK)
    def finalize(self, visit_id: uuid.UUID, number: str | None = None, *, survey: bool = True) -> MinutesPdf:
        """Văn thư đánh số: number the minutes of an approved visit, store the final PDF and its hash as
        revision 1, lock the visit. A visit reopened since it was numbered keeps its number: this issues the
        next revision under it (``number`` not needed), a new PDF; the earlier revisions stay as issued.

        Reads in a snapshot, renders outside any transaction, then writes in a short
        BEGIN IMMEDIATE transaction after checking that nothing changed meanwhile.
        """
        with self.db.read() as session:
            visit = _visit(session, visit_id)
            _require_numberable(visit)
            issuer = issuer_of(session, visit)
            kept = visit.minutes_number  # "" unless reopened after numbering
            if kept:
                _require_same_number(number, visit)
                full, seq, year, body = kept, visit.minutes_seq, visit.minutes_year, visit.minutes_body
            else:
                if number is None:
                    raise MinutesError("Chưa nhập số biên bản; nhập số thứ tự, ví dụ 7.")
                seq = parse_number(number, issuer.symbol)
                full = full_number(seq, issuer.symbol)
                body, year = issuer.key, minutes_day(visit).year
                _require_free(session, visit.id, body, year, seq, full)
            seen_at = visit.updated_at
            source = minutes_data(session, visit, draft=False, survey=survey)
        printed = source if kept or seq is None else dataclasses.replace(source, number=format_number(seq))
        data = render_minutes(printed)
        digest = hashlib.sha256(data).hexdigest()
        fingerprint = _fingerprint(source)
        try:
            with self.db.session() as session:
                access.require(session, self.user_id, Role.CLERK)  # again, in the writing transaction
                visit = _visit(session, visit_id)
                require_here(session, visit)  # checked out to another machine (services.sync)
                _require_numberable(visit)
                if (visit.updated_at != seen_at or visit.minutes_number != kept or issuer_of(session, visit) != issuer
                        or dataclasses.replace(minutes_data(session, visit, draft=False, photo_bytes=False,
                                                            survey=survey), anchor="") != fingerprint):
                    raise MinutesError(CHANGED_MEANWHILE)
                if not kept:
                    year = minutes_day(visit).year
                    _require_free(session, visit.id, body, year, seq, full)  # type: ignore[arg-type]
                if session.get(Blob, digest) is None:
                    session.add(Blob(sha256=digest, size=len(data), data=data))
                before = {"status": str(visit.status), "number": visit.minutes_number, "sha256": visit.minutes_sha256}
                if not kept:
                    visit.minutes_number = full
                    visit.minutes_seq, visit.minutes_year, visit.minutes_body = seq, year, body
                visit.minutes_sha256 = digest  # the newest revision; the earlier ones keep their own blobs
                visit.status = VisitStatus.LOCKED
                session.add(MinutesRevision(
                    visit_id=visit.id, revision=printed.revision, number=full, sha256=digest, issued_at=utcnow(),
                    issued_by_id=self.user_id, reason=_reopened_because(session, visit) if kept else "",
                    anchor=printed.anchor))
                session.flush()
                audit.record(session, "minutes.locked", "visit", visit.id, user_id=self.user_id,
                             before=before,
                             after={"status": str(visit.status), "number": full, "sha256": digest,
                                    "revision": printed.revision})
        except IntegrityError as exc:
            # Another process took the number between our check and our write (the index caught it).
            if not _is_number_clash(exc):
                raise
            raise MinutesError(_taken_message(full, year)) from None
        except OperationalError as exc:
            if not _is_busy(exc):
                raise
            raise MinutesError("Cơ sở dữ liệu đang bận (một người khác đang ghi); biên bản chưa được đánh số, hãy thử lại.") from None
        audit.record_anchor(self.db.path, source.anchor)  # the paper's anchor, kept beside the database too
        return MinutesPdf(data, True, full, digest, printed.revision)

    @allowed(SIGNED_IN)
    def revisions(self, visit_id: uuid.UUID) -> list[RevisionRow]:
        """Every issued revision of the visit's minutes, the first first."""
        with self.db.read() as session:
            visit = _visit(session, visit_id)
            rows = session.execute(
                sa.select(MinutesRevision, User.full_name).outerjoin(User, User.id == MinutesRevision.issued_by_id)
                .where(MinutesRevision.visit_id == visit.id).order_by(MinutesRevision.revision)).all()
            return [RevisionRow(r.revision, r.number, r.sha256, r.issued_at, name or "", r.reason, r.anchor)
                    for r, name in rows]

    @allowed(SIGNED_IN)
    def revision_pdf(self, visit_id: uuid.UUID, revision: int) -> MinutesPdf:
        """The PDF of one issued revision, exactly as issued."""
        with self.db.read() as session:
            visit = _visit(session, visit_id)
            row = session.scalars(sa.select(MinutesRevision).where(
                MinutesRevision.visit_id == visit.id, MinutesRevision.revision == revision)).first()
            if row is None:
                raise MinutesError(f"Biên bản chưa có bản ban hành lần {revision}.")
            blob = session.get(Blob, row.sha256) if row.sha256 else None
            if blob is None:
                raise MinutesError(f"Không còn lưu tệp PDF của bản ban hành lần {revision} (số {row.number}).")
            return MinutesPdf(blob.data, True, row.number, row.sha256 or "", row.revision)

    @allowed(Role.CLERK, Role.ADMIN)
    def attach_signed_copy(self, visit_id: uuid.UUID, path: Path) -> uuid.UUID:
        """A photo or scan of the signed paper minutes, kept with the locked visit."""
        photo = prepare_photo_file(path)
        with self.db.session() as session:
            visit = _visit(session, visit_id)
            require_here(session, visit)
            if visit.status is not VisitStatus.LOCKED:
                raise MinutesError("Chỉ đính kèm bản đã ký sau khi biên bản đã được đánh số và khóa.")
            if session.get(Blob, photo.sha256) is None:
                session.add(Blob(sha256=photo.sha256, size=len(photo.data), data=photo.data))
            evidence = Evidence(visit_id=visit.id, blob_sha256=photo.sha256, kind=SIGNED_COPY,
                                media_type=photo.media_type, width=photo.width, height=photo.height,
                                original_name=photo.original_name[:300], caption="Bản biên bản đã ký",
                                taken_at=photo.taken_at or utcnow(), created_by_id=self.user_id)
            session.add(evidence)
            session.flush()
            audit.record(session, "minutes.signed_copy", "evidence", evidence.id, user_id=self.user_id,
                         after={"visit": str(visit.id), "sha256": photo.sha256})
            return evidence.id

    @allowed(SIGNED_IN)
    def signed_copies(self, visit_id: uuid.UUID) -> list[bytes]:
        with self.db.read() as session:
            rows = session.scalars(sa.select(Evidence).where(
                Evidence.visit_id == visit_id, Evidence.kind == SIGNED_COPY, Evidence.deleted_at.is_(None)))
            return [session.get(Blob, e.blob_sha256).data for e in rows]  # type: ignore[union-attr]


def _require_numberable(visit: Visit) -> None:
    """Only an approved visit is numbered (or, reopened and approved again, issued anew under its number)."""
    if visit.status is VisitStatus.LOCKED:
        raise MinutesError(
            f"Biên bản của buổi kiểm tra này đã được đánh số {visit.minutes_number or '…'} và khóa. "
            "Muốn sửa, quản trị phải mở lại buổi kiểm tra (ghi rõ lý do); bản đã ban hành được giữ nguyên."
        )
    if visit.status is not VisitStatus.APPROVED:
        raise MinutesError(
            f"Chỉ đánh số biên bản của buổi kiểm tra đã được duyệt (hiện: “{visit.status.label}”). "
            "Người duyệt phải duyệt buổi kiểm tra trước."
        )


def _require_same_number(number: str | None, visit: Visit) -> None:
    """A revision keeps the number: another one typed is refused rather than silently ignored."""
    if number is None or not clean(number) or clean(number) == visit.minutes_number:
        return
    symbol = visit.minutes_number.partition("/")[2] or LEGACY_SYMBOL
    try:
        same = visit.minutes_seq is not None and parse_number(number, symbol) == visit.minutes_seq
    except MinutesError:
        same = False
    if not same:
        raise MinutesError(f"Biên bản này đã mang số {visit.minutes_number}; bản ban hành lại giữ nguyên số đó.")


def _reopened_because(session: Session, visit: Visit) -> str:
    """The written reason of the visit's last reopening (services.review), for the revision it leads to."""
    event = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "visit.reopened", AuditEvent.entity_type == "visit", AuditEvent.entity_id == str(visit.id))
        .order_by(AuditEvent.seq.desc()).limit(1)).first()
    return str((event.after or {}).get("reason", "")) if event is not None else ""


def _require_free(session: Session, visit_id: uuid.UUID, body: str, year: int, seq: int, full: str) -> None:
    taken = session.scalar(sa.select(Visit.id).where(
        Visit.minutes_body == body, Visit.minutes_year == year, Visit.minutes_seq == seq, Visit.id != visit_id).limit(1))
    if taken is not None:
        raise MinutesError(_taken_message(full, year))


def _taken_message(full: str, year: int) -> str:
    return f"Số {full} đã dùng cho một biên bản khác năm {year}."


def _is_number_clash(exc: IntegrityError) -> bool:
    text = str(exc.orig)
    return "ux_visits_minutes_number" in text or "visits.minutes_seq" in text


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    # SQLite's busy file; PostgreSQL's lock_timeout (store.db._pg_connect)
    return "database is locked" in text or "database is busy" in text or "lock timeout" in text


def _visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted_at is not None:
        raise MinutesError("Không tìm thấy buổi kiểm tra.")
    return visit


@open_to_all
def find_visit(session: Session, reference: str) -> Visit:
    """A visit by its id, the first characters of its id, or its minutes number (for the command line):
    "7", "07", "7/BB-SNV" and "07/bb-snv" name the same minutes (with a symbol, only minutes bearing
    it; without, any body's); so does the exact printed text of an older number ("3a/BB-ĐKT")."""
    reference = clean(reference)
    try:
        visit = session.get(Visit, uuid.UUID(reference))
        if visit is not None:
            return visit
    except ValueError:
        pass
    numbered = sa.select(Visit).where(Visit.deleted_at.is_(None))
    matches = {v.id: v for v in session.scalars(numbered.where(sa.or_(
        Visit.minutes_number == reference, Visit.minutes_number == f"{reference}/{LEGACY_SYMBOL}")))}
    raw, head, suffix, slash = _split_number(reference)
    try:
        seq: int | None = _sequence(raw, head) if head else None
    except MinutesError:
        seq = None
    if seq is not None:
        matches.update((v.id, v) for v in session.scalars(numbered.where(Visit.minutes_seq == seq))
                       if not slash or _symbol_key(v.minutes_number.partition("/")[2]) == _symbol_key(suffix))
    if len(matches) == 1:
        return next(iter(matches.values()))
    if len(matches) > 1:
        found = sorted(matches.values(), key=lambda v: (-(v.minutes_year or 0), v.created_at))
        printed = {v.minutes_number for v in found}
        shown = printed.pop() if len(printed) == 1 else format_number(seq) if seq is not None else reference
        places = "; ".join(
            f"{v.minutes_number} năm {v.minutes_year or minutes_day(v).year} của {issuer_of(session, v).label}"
            f" (mã {v.id.hex[:8]})" for v in found)
        raise MinutesError(
            f"Số {shown} có ở {len(found)} biên bản (mỗi cơ quan ban hành đánh số riêng theo từng năm): {places}. "
            "Hãy chỉ rõ bằng mã buổi kiểm tra."
        )
    prefix = reference.replace("-", "").lower()
    if len(prefix) >= 6:
        candidates = [v for v in session.scalars(sa.select(Visit).where(Visit.deleted_at.is_(None)))
                      if v.id.hex.startswith(prefix)]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise MinutesError(f"Có {len(candidates)} buổi kiểm tra bắt đầu bằng “{reference}”; hãy nhập thêm ký tự.")
    raise MinutesError(f"Không tìm thấy buổi kiểm tra “{reference}”.")
