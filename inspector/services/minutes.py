"""The minutes of a visit: drafted from the database, numbered by the clerk, then locked.

Until numbered, the minutes print as a draft (watermark "DỰ THẢO", "Số: …").
Numbering renders the final PDF once, stores it with its SHA-256 and locks
the visit: from then on its content cannot change, and the same bytes are
printed every time. A scan of the signed paper copy can then be attached.

Numbers: digits only, kept as an integer (``Visit.minutes_seq``) and printed
with a leading zero under 10 (Decree 30/2020: "Số: 07/BB-ĐKT"). Each issuing
body numbers its minutes from 1 every year, and the database holds at most one
visit per (body, year, number) (the unique index ``ux_visits_minutes_number``).

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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role, UnitLevel
from inspector.domain.checklist import ChecklistForm
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
from inspector.services import audit
from inspector.services.photos import prepare_photo_file
from inspector.services.visits import VisitError, visit_form
from inspector.store.db import Database
from inspector.store.models import (
    Answer,
    Blob,
    Evidence,
    ReceptionPoint,
    Recommendation,
    StaffMember,
    Unit,
    User,
    Visit,
    answer_staff,
)
from inspector.store.types import utcnow

ISSUING_AGENCY = "Đoàn kiểm tra công vụ"
NUMBER_SUFFIX = "BB-ĐKT"
MAX_NUMBER = 999_999
SIGNED_COPY = "signed_minutes"
PHOTO = "photo"
CHANGED_MEANWHILE = "Buổi kiểm tra vừa thay đổi; hãy đánh số lại."


class MinutesError(VisitError):
    pass


# --- numbers ----------------------------------------------------------------------------------


def parse_number(text: str) -> int:
    """The clerk's entry as a number: "7", "07", "007", " 07 ", "07/BB-ĐKT" → 7; letters ("12a") refused."""
    raw = clean(text)
    # NFKC: full-width digits from an East Asian input method ("０７") are digits too.
    entry = re.sub(r"\s*/\s*", "/", unicodedata.normalize("NFKC", raw))
    head, slash, suffix = entry.partition("/")
    if not head:
        raise MinutesError("Chưa nhập số biên bản; nhập số thứ tự, ví dụ 7.")
    if slash and suffix.casefold() != NUMBER_SUFFIX.casefold():
        raise MinutesError(f"Số biên bản “{raw}” không hợp lệ: chỉ nhập số thứ tự (ví dụ 7), ký hiệu /{NUMBER_SUFFIX} được thêm tự động.")
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


def full_number(number: int) -> str:
    return f"{format_number(number)}/{NUMBER_SUFFIX}"


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


def issuer_of(session: Session, visit: Visit) -> str:
    """The body that issues the minutes (cơ quan chủ quản): the round's decision issuer, else the city."""
    round_ = visit.round
    return (round_.decision_issuer if round_ and round_.decision_issuer else "") or _city_agency(session)


def minutes_day(visit: Visit) -> date:
    """The date the minutes bear (and whose year their number counts in)."""
    return local(visit.started_at).date() if visit.started_at else (visit.planned_date or local_today())


def minutes_data(session: Session, visit: Visit, *, draft: bool, photo_bytes: bool = True) -> MinutesData:
    """Everything the minutes print. With ``photo_bytes=False`` each photo's data is its blob's
    SHA-256 (as ASCII) instead of the image: cheap to compare (see :func:`_fingerprint`)."""
    form: ChecklistForm = visit_form(visit)
    point = session.get(ReceptionPoint, visit.reception_point_id)
    assert point is not None
    unit = point.unit
    round_ = visit.round
    issuer = issuer_of(session, visit)
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
    for section in form.sections:
        results = [answers[i.code].result if i.code in answers else Result.UNCHECKED for i in section.items]
        tallies.append(SectionTally(
            section.title, len(section.items), results.count(Result.PASS), results.count(Result.FAIL),
            results.count(Result.NOT_APPLICABLE),
        ))
        for item in section.items:
            answer = answers.get(item.code)
            if answer is not None and answer.result is Result.FAIL:
                findings.append(Finding(
                    item.code, item.text, answer.note, item.legal_basis,
                    tuple(sorted(staff_names.get(answer.id, []))), tuple(photo_numbers.get(item.code, [])),
                ))

    recs = session.execute(
        sa.select(Recommendation, Unit.name).outerjoin(Unit, Recommendation.owner_unit_id == Unit.id)
        .where(Recommendation.visit_id == visit.id, Recommendation.deleted_at.is_(None))
        .order_by(Recommendation.created_at)
    ).all()
    started = local(visit.started_at) if visit.started_at else None
    day = minutes_day(visit)
    number, _, _suffix = visit.minutes_number.partition("/")
    point_text = point.name if unit.name in point.name else f"{point.name} của {unit.name}"
    decision = ""
    if round_ is not None:
        decision = f"Quyết định số {round_.decision_number} ngày {round_.decision_date:%d/%m/%Y}"
        decision += f" của {round_.decision_issuer}" if round_.decision_issuer else ""
    return MinutesData(
        parent_agency=issuer, issuing_agency=ISSUING_AGENCY, number=number, number_suffix=NUMBER_SUFFIX,
        place=place_name(issuer) or "…", made_on=day, subtitle=f"Kiểm tra công vụ tại {point_text}",
        decision=decision or "kế hoạch kiểm tra công vụ", round_name=round_.name if round_ else "",
        announced=visit.announced, started_at=(started or local(utcnow())).replace(tzinfo=None),
        ended_at=local(visit.ended_at).replace(tzinfo=None) if visit.ended_at else None,
        location=visit.location, inspected_unit=unit.name,
        team=tuple(Person(m.full_name, m.position, m.team_role.label) for m in (round_.members if round_ else [])),
        representatives=tuple(Person(r.full_name, r.position) for r in visit.representatives),
        tallies=tuple(tallies), good_points=visit.good_points, shortcomings=visit.shortcomings,
        findings=tuple(findings), conclusions=visit.conclusions,
        recommendations=tuple(RecommendationLine(r.text, owner or "", r.deadline) for r, owner in recs),
        unit_opinion=visit.unit_opinion,
        recipients=(f"{unit.name};", "Phòng Nội vụ;", "Lưu: VT, Đoàn kiểm tra."),
        photos=tuple(photos), draft=draft,
    )


def _code(answers: dict[str, Answer], answer_id: uuid.UUID | None) -> str:
    return next((code for code, a in answers.items() if a.id == answer_id), "")


def _fingerprint(data: MinutesData) -> MinutesData:
    """``data`` with each photo's bytes replaced by their SHA-256, as ``minutes_data(photo_bytes=False)`` gives."""
    return dataclasses.replace(data, photos=tuple(
        dataclasses.replace(p, data=hashlib.sha256(p.data).hexdigest().encode()) for p in data.photos))


@dataclass(frozen=True)
class MinutesPdf:
    data: bytes
    final: bool
    number: str
    sha256: str


class Minutes:
    """Minutes operations on one database, for one user."""

    def __init__(self, db: Database, user_id: uuid.UUID | None = None) -> None:
        self.db = db
        self.user_id = user_id

    def pdf(self, visit_id: uuid.UUID) -> MinutesPdf:
        """The locked minutes as stored, or a fresh draft of a visit not yet locked (never holds the write lock)."""
        with self.db.read() as session:
            visit = _visit(session, visit_id)
            if visit.status is VisitStatus.LOCKED and visit.minutes_sha256:
                blob = session.get(Blob, visit.minutes_sha256)
                assert blob is not None
                return MinutesPdf(blob.data, True, visit.minutes_number, visit.minutes_sha256)
            draft = minutes_data(session, visit, draft=True)
        data = render_minutes(draft)
        return MinutesPdf(data, False, "", hashlib.sha256(data).hexdigest())

    def suggest_number(self, year: int | None = None, *, visit_id: uuid.UUID | None = None) -> str:
        """The next number of the body that issues this visit's minutes (the city's without a visit),
        in the year of the minutes (this year without a visit): numbers restart each year."""
        with self.db.read() as session:
            if visit_id is not None:
                visit = _visit(session, visit_id)
                body, year = body_key(issuer_of(session, visit)), year or minutes_day(visit).year
            else:
                body, year = body_key(_city_agency(session)), year or local_today().year
            top = session.scalar(sa.select(sa.func.max(Visit.minutes_seq)).where(
                Visit.minutes_body == body, Visit.minutes_year == year))
        return str((top or 0) + 1)

    def finalize(self, visit_id: uuid.UUID, number: str) -> MinutesPdf:
        """Văn thư đánh số: number the minutes, store the final PDF and its hash, lock the visit.

        Reads in a snapshot, renders outside any transaction, then writes in a short
        BEGIN IMMEDIATE transaction after checking that nothing changed meanwhile.
        """
        seq = parse_number(number)
        full = full_number(seq)
        with self.db.read() as session:
            self._require_clerk(session)
            visit = _visit(session, visit_id)
            _require_numberable(visit)
            body, year = body_key(issuer_of(session, visit)), minutes_day(visit).year
            _require_free(session, visit.id, body, year, seq)
            seen_at = visit.updated_at
            source = minutes_data(session, visit, draft=False)
        data = render_minutes(dataclasses.replace(source, number=format_number(seq)))
        digest = hashlib.sha256(data).hexdigest()
        fingerprint = _fingerprint(source)
        try:
            with self.db.session() as session:
                self._require_clerk(session)
                visit = _visit(session, visit_id)
                _require_numberable(visit)
                if (visit.updated_at != seen_at
                        or minutes_data(session, visit, draft=False, photo_bytes=False) != fingerprint):
                    raise MinutesError(CHANGED_MEANWHILE)
                body, year = body_key(issuer_of(session, visit)), minutes_day(visit).year
                _require_free(session, visit.id, body, year, seq)
                if session.get(Blob, digest) is None:
                    session.add(Blob(sha256=digest, size=len(data), data=data))
                before = str(visit.status)
                visit.minutes_number = full
                visit.minutes_seq, visit.minutes_year, visit.minutes_body = seq, year, body
                visit.minutes_sha256 = digest
                visit.status = VisitStatus.LOCKED
                session.flush()
                audit.record(session, "minutes.locked", "visit", visit.id, user_id=self.user_id,
                             before={"status": before},
                             after={"status": str(visit.status), "number": full, "sha256": digest})
        except IntegrityError as exc:
            # Another process took the number between our check and our write (the index caught it).
            if not _is_number_clash(exc):
                raise
            raise MinutesError(_taken_message(full, year)) from None
        except OperationalError as exc:
            if not _is_busy(exc):
                raise
            raise MinutesError("Cơ sở dữ liệu đang bận (một người khác đang ghi); biên bản chưa được đánh số, hãy thử lại.") from None
        return MinutesPdf(data, True, full, digest)

    def attach_signed_copy(self, visit_id: uuid.UUID, path: Path) -> uuid.UUID:
        """A photo or scan of the signed paper minutes, kept with the locked visit."""
        photo = prepare_photo_file(path)
        with self.db.session() as session:
            visit = _visit(session, visit_id)
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

    def signed_copies(self, visit_id: uuid.UUID) -> list[bytes]:
        with self.db.read() as session:
            rows = session.scalars(sa.select(Evidence).where(
                Evidence.visit_id == visit_id, Evidence.kind == SIGNED_COPY, Evidence.deleted_at.is_(None)))
            return [session.get(Blob, e.blob_sha256).data for e in rows]  # type: ignore[union-attr]

    def _require_clerk(self, session: Session) -> None:
        user = session.get(User, self.user_id) if self.user_id else None
        if user is None or user.role not in (Role.CLERK, Role.ADMIN):
            raise MinutesError("Chỉ văn thư (hoặc quản trị) được đánh số và khóa biên bản.")


def _require_numberable(visit: Visit) -> None:
    if visit.status is VisitStatus.LOCKED or visit.minutes_seq is not None or visit.minutes_number:
        raise MinutesError(
            f"Biên bản của buổi kiểm tra này đã được đánh số {visit.minutes_number or '…'} và khóa. "
            "Chỉ đánh số biên bản của buổi kiểm tra đã gửi duyệt hoặc đã duyệt."
        )
    if visit.status not in (VisitStatus.SUBMITTED, VisitStatus.APPROVED):
        raise MinutesError(
            f"Chỉ đánh số biên bản của buổi kiểm tra đã gửi duyệt hoặc đã duyệt (hiện: “{visit.status.label}”)."
        )


def _require_free(session: Session, visit_id: uuid.UUID, body: str, year: int, seq: int) -> None:
    taken = session.scalar(sa.select(Visit.id).where(
        Visit.minutes_body == body, Visit.minutes_year == year, Visit.minutes_seq == seq, Visit.id != visit_id).limit(1))
    if taken is not None:
        raise MinutesError(_taken_message(full_number(seq), year))


def _taken_message(full: str, year: int) -> str:
    return f"Số {full} đã dùng cho một biên bản khác năm {year}."


def _is_number_clash(exc: IntegrityError) -> bool:
    text = str(exc.orig)
    return "ux_visits_minutes_number" in text or "visits.minutes_seq" in text


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text


def _visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted_at is not None:
        raise MinutesError("Không tìm thấy buổi kiểm tra.")
    return visit


def find_visit(session: Session, reference: str) -> Visit:
    """A visit by its id, the first characters of its id, or its minutes number (for the command line):
    "7", "07", "7/BB-ĐKT" and "07/BB-ĐKT" name the same minutes; so does the exact printed text of an
    older number ("3a/BB-ĐKT")."""
    reference = clean(reference)
    try:
        visit = session.get(Visit, uuid.UUID(reference))
        if visit is not None:
            return visit
    except ValueError:
        pass
    numbered = sa.select(Visit).where(Visit.deleted_at.is_(None))
    matches = {v.id: v for v in session.scalars(numbered.where(sa.or_(
        Visit.minutes_number == reference, Visit.minutes_number == f"{reference}/{NUMBER_SUFFIX}")))}
    try:
        seq: int | None = parse_number(reference)
    except MinutesError:
        seq = None
    if seq is not None:
        matches.update((v.id, v) for v in session.scalars(numbered.where(Visit.minutes_seq == seq)))
    if len(matches) == 1:
        return next(iter(matches.values()))
    if len(matches) > 1:
        found = sorted(matches.values(), key=lambda v: (-(v.minutes_year or 0), v.created_at))
        shown = full_number(seq) if seq is not None else reference
        places = "; ".join(
            f"năm {v.minutes_year or minutes_day(v).year} của {issuer_of(session, v)} (mã {v.id.hex[:8]})" for v in found)
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
