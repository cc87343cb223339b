"""Theo dõi khắc phục: a recommendation's life after the minutes.

    open ──report (the unit says it is done: day, text, documents or photos)──▶ reported
    reported ──not accepted (reason)──▶ open                 (the report is set aside: done_on cleared)
    reported ──verified (the supervisor, with evidence)──▶ verified ──closed──▶ closed
    open/reported ──a follow-up visit's item passed──▶ verified; failed ──▶ open
    open/reported ──deadline extended (new day, reason)──▶ same state, original_deadline kept

Who may do what (services.access.POLICY): the unit's report is entered by an inspector or a clerk on its
behalf; not accepting it, verifying, closing and extending a deadline are the supervisor's; an administrator
may do all of it. A deactivated account does nothing.

The life runs on purpose on visits whose minutes are approved or numbered (REMEDIABLE): it never edits the
minutes (no field of the visit, its answers or its PDF changes), only the recommendation and its steps
(recommendation_steps). Every step is an audit event on the recommendation ("recommendation.reported"…),
whose ``after`` holds the fields it set (status, done_on, verified_on, deadline, original_deadline), so
services.verify can replay them; the step's own words are in ``note``, never ``text`` (the recommendation's).

A follow-up visit (kiểm tra việc khắc phục) settles the recommendations its generated items quote when the
supervisor approves it (services.review.approve → :func:`apply_follow_up`): approval, not submission, because a
submitted visit can still be returned and its results changed; once approved its findings stand.

Overdue is computed, never stored: still open (open or reported) and the deadline before today, today in
Vietnam time (domain.clock.local_today, injectable for tests).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.domain.checklist import ChecklistForm as FormDefinition
from inspector.domain.checklist import FormKind, parse_form
from inspector.domain.clock import local, local_today
from inspector.domain.sipas import SipasCriterion
from inspector.domain.text import clean_multiline, thousands
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.services import access, audit
from inspector.services.access import SIGNED_IN, allowed, open_to_all
from inspector.services.photos import PhotoRejected, prepare_photo_bytes, read_photo_file, sniff_format
from inspector.services.visits import VisitError, visit_form
from inspector.store.db import Database
from inspector.store.models import (
    Answer,
    Blob,
    FormVersion,
    ReceptionPoint,
    Recommendation,
    RecommendationStep,
    Unit,
    UnitSuccession,
    User,
    Visit,
)
from inspector.store.models import ChecklistForm as FormRecord
from inspector.store.types import utcnow

S = RecommendationStatus
REMEDIABLE = (VisitStatus.APPROVED, VisitStatus.LOCKED)  # the minutes' findings stand
STILL_OPEN = (S.OPEN, S.REPORTED)
MAX_TEXT = 4_000
MAX_EVIDENCE_FILES = 20
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
REPORTERS = (Role.INSPECTOR, Role.CLERK, Role.ADMIN)
DECIDERS = (Role.SUPERVISOR, Role.ADMIN)
SOON_DAYS = 7  # the notice at start: what falls due within a week, or is overdue


class RemediationError(VisitError):
    """A step of the life refused (message in Vietnamese)."""


class EvidenceRefused(RemediationError):
    """A file that cannot be kept as evidence."""


class StepKind(StrEnum):
    REPORTED = "reported"          # the unit reported it done
    NOT_ACCEPTED = "not_accepted"  # the report was not accepted: open again
    VERIFIED = "verified"          # by the supervisor (evidence) or a follow-up visit's item (visit_id)
    NOT_VERIFIED = "not_verified"  # a follow-up visit found it not remedied: open again
    CLOSED = "closed"
    EXTENDED = "extended"          # new_deadline, the reason in text

    @property
    def label(self) -> str:
        return _STEP_LABELS[self]


_STEP_LABELS = {
    StepKind.REPORTED: "Đơn vị báo cáo đã khắc phục",
    StepKind.NOT_ACCEPTED: "Không chấp nhận báo cáo khắc phục",
    StepKind.VERIFIED: "Xác nhận đã khắc phục",
    StepKind.NOT_VERIFIED: "Kiểm tra lại: chưa khắc phục",
    StepKind.CLOSED: "Kết thúc theo dõi",
    StepKind.EXTENDED: "Gia hạn khắc phục",
}


class DueWindow(StrEnum):
    ANY = "any"
    OVERDUE = "overdue"
    WEEK = "week"    # still open, due today … in 7 days
    MONTH = "month"  # still open, due today … in 30 days


@dataclass(frozen=True)
class RemediationFilter:
    unit_id: uuid.UUID | None = None  # the owner unit (or the visit's unit), with the units it continues
    section: str | None = None        # a checklist section's code ("KL", "CSVC"…)
    sipas: SipasCriterion | None = None
    status: RecommendationStatus | None = None
    due: DueWindow = DueWindow.ANY


@dataclass(frozen=True)
class Evidence:
    """A file kept with a step: a photo (re-encoded JPEG) or a PDF document, in blobs by SHA-256."""

    name: str
    sha256: str
    size: int
    kind: str  # "photo" | "pdf"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "size": self.size, "kind": self.kind}


@dataclass(frozen=True)
class PreparedEvidence:
    evidence: Evidence
    data: bytes


@dataclass(frozen=True)
class RemediationRow:
    key: uuid.UUID
    id: uuid.UUID
    text: str
    owner_name: str
    point_name: str
    minutes_number: str
    visit_day: date | None
    item_code: str
    section: str            # the section's code, "" for a recommendation not tied to an item
    sipas: SipasCriterion | None
    deadline: date | None
    original_deadline: date | None
    status: RecommendationStatus
    done_on: date | None
    verified_on: date | None
    overdue: bool
    days_left: int | None   # deadline − today (negative: days overdue); None without a deadline


@dataclass(frozen=True)
class Step:
    id: uuid.UUID
    kind: StepKind
    at: datetime
    on_date: date | None
    text: str
    new_deadline: date | None
    who: str
    visit_id: uuid.UUID | None
    visit_number: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Rights:
    """What the acting user may do on this recommendation now (the services check again)."""

    report: bool = False
    not_accept: bool = False
    verify: bool = False
    close: bool = False
    extend: bool = False


@dataclass(frozen=True)
class Detail:
    row: RemediationRow
    section_title: str
    steps: tuple[Step, ...]
    rights: Rights
    visit_id: uuid.UUID


@dataclass(frozen=True)
class DueNotice:
    overdue: int
    due_soon: int  # still open, due within SOON_DAYS days (today included)

    @property
    def message(self) -> str:
        if not self.overdue and not self.due_soon:
            return ""
        parts = []
        if self.overdue:
            parts.append(f"{thousands(self.overdue)} kiến nghị đã quá hạn khắc phục")
        if self.due_soon:
            parts.append(f"{thousands(self.due_soon)} kiến nghị đến hạn trong {SOON_DAYS} ngày tới")
        return "Theo dõi khắc phục: " + ", ".join(parts) + "."


# --- the sections and SIPAS criteria of items, from the forms' stored versions -------------------------

@dataclass
class _FormIndex:
    """Per form version: item code → (section code, SIPAS), and its generated sections (code → template SIPAS)."""

    items: dict[str, tuple[str, SipasCriterion]] = field(default_factory=dict)
    generated: dict[str, SipasCriterion | None] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


_INDEX: dict[uuid.UUID, _FormIndex] = {}  # form versions never change once stored
# The checklists' versions (the survey forms, kind khao_sat, are stored beside them: services.survey).
_CHECKLIST_VERSION_IDS = (sa.select(FormVersion.id).join(FormRecord, FormVersion.form_id == FormRecord.id)
                          .where(FormRecord.kind != FormKind.SURVEY))


def _index(session: Session | sa.Connection) -> dict[uuid.UUID, _FormIndex]:
    missing = [i for i in session.execute(_CHECKLIST_VERSION_IDS).scalars() if i not in _INDEX]
    if missing:
        for version_id, definition in session.execute(
                sa.select(FormVersion.id, FormVersion.definition).where(FormVersion.id.in_(missing))):
            _INDEX[version_id] = _form_index(parse_form(definition))
    return _INDEX


def _form_index(form: FormDefinition) -> _FormIndex:
    index = _FormIndex()
    for section in form.sections:
        index.titles[section.code] = section.title
        if section.generated is not None:
            index.generated[section.code] = section.template.sipas if section.template else None
        for item in section.items:
            index.items[item.code] = (section.code, item.sipas)
    return index


def _place(index: _FormIndex | None, code: str) -> tuple[str, SipasCriterion | None]:
    if index is None or not code:
        return "", None
    if code in index.items:
        return index.items[code]
    for section, sipas in index.generated.items():
        if code.startswith(f"{section}-"):
            return section, sipas
    return "", None


@open_to_all
def section_choices(session: Session) -> list[tuple[str, str]]:
    """(code, "code — title") of every section of every stored form, in form order, each code once."""
    seen: dict[str, str] = {}
    for definition in session.execute(sa.select(FormVersion.definition).where(FormVersion.id.in_(_CHECKLIST_VERSION_IDS))
                                      .order_by(FormVersion.version.desc())).scalars():
        for section in parse_form(definition).sections:
            seen.setdefault(section.code, f"{section.code} — {section.title}")
    return sorted(seen.items())


def _item_condition(index: dict[uuid.UUID, _FormIndex], section: str | None,
                    sipas: SipasCriterion | None) -> sa.ColumnElement[bool]:
    """The recommendations whose item lies in ``section`` and bears on ``sipas``: per form version, its codes."""
    alternatives: list[sa.ColumnElement[bool]] = []
    for version_id, form in index.items():
        codes = [c for c, (sec, crit) in form.items.items()
                 if (section is None or sec == section) and (sipas is None or crit is sipas)]
        parts: list[sa.ColumnElement[bool]] = []
        if codes:
            parts.append(Answer.item_code.in_(codes))
        for gen, crit in form.generated.items():
            if (section is None or gen == section) and (sipas is None or crit is sipas):
                parts.append(Answer.item_code.like(f"{gen}-%"))
        if parts:
            alternatives.append(sa.and_(Visit.form_version_id == version_id, sa.or_(*parts)))
    return sa.or_(*alternatives) if alternatives else sa.false()


# --- the list -------------------------------------------------------------------------------------------

def _units_before(unit_id: uuid.UUID) -> sa.Select[Any]:
    """The unit and every unit it continues, transitively (UNION: a cycle ends), as in services.lists."""
    before = sa.select(sa.literal(unit_id, type_=Unit.id.type).label("id")).cte("before", recursive=True)
    before = before.union(sa.select(UnitSuccession.predecessor_id).join(before, UnitSuccession.successor_id == before.c.id))
    return sa.select(before.c.id)


def _base(sa_select: sa.Select[Any]) -> sa.Select[Any]:
    return (sa_select.select_from(Recommendation)
            .join(Visit, Recommendation.visit_id == Visit.id)
            .join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
            .outerjoin(Answer, Recommendation.answer_id == Answer.id)
            .where(Recommendation.deleted_at.is_(None), Visit.deleted_at.is_(None), Visit.status.in_(REMEDIABLE)))


def _due_condition(due: DueWindow, today: date) -> sa.ColumnElement[bool] | None:
    still_open = Recommendation.status.in_(STILL_OPEN)
    if due is DueWindow.OVERDUE:
        return sa.and_(still_open, Recommendation.deadline < today)
    if due in (DueWindow.WEEK, DueWindow.MONTH):
        days = SOON_DAYS if due is DueWindow.WEEK else 30
        return sa.and_(still_open, Recommendation.deadline >= today, Recommendation.deadline <= today + timedelta(days=days))
    return None


@open_to_all
def remediation_keys(session: Session | sa.Connection, flt: RemediationFilter = RemediationFilter(),
                     today: date | None = None) -> list[uuid.UUID]:
    """The recommendations that pass the filter (of approved or numbered visits), the earliest deadline first
    (those without one last), then by visit day: keys only, one query."""
    today = today or local_today()
    query = _base(sa.select(Recommendation.id))
    if flt.unit_id is not None:
        query = query.where(sa.func.coalesce(Recommendation.owner_unit_id, ReceptionPoint.unit_id).in_(
            _units_before(flt.unit_id)))
    if flt.section or flt.sipas:
        query = query.where(_item_condition(_index(session), flt.section or None, flt.sipas))
    if flt.status is not None:
        query = query.where(Recommendation.status == flt.status)
    due = _due_condition(flt.due, today)
    if due is not None:
        query = query.where(due)
    query = query.order_by(Recommendation.deadline.is_(None), Recommendation.deadline, Visit.planned_date,
                           Recommendation.created_at, Recommendation.id)
    return list(session.execute(query).scalars())


_ROW_COLUMNS = (Recommendation.id, Recommendation.text, Unit.name, ReceptionPoint.name, Visit.minutes_number,
                Visit.planned_date, Visit.started_at, Answer.item_code, Visit.form_version_id, Recommendation.deadline,
                Recommendation.original_deadline, Recommendation.status, Recommendation.done_on,
                Recommendation.verified_on)


@open_to_all
def remediation_rows(session: Session | sa.Connection, keys: Iterable[uuid.UUID],
                     today: date | None = None) -> dict[uuid.UUID, RemediationRow]:
    """The rows of these keys; a key no longer listed (removed meanwhile) is left out. One query a chunk."""
    today = today or local_today()
    wanted = list(dict.fromkeys(keys))
    index = _index(session)
    found: dict[uuid.UUID, RemediationRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        query = _base(sa.select(*_ROW_COLUMNS)).outerjoin(Unit, Unit.id == sa.func.coalesce(
            Recommendation.owner_unit_id, ReceptionPoint.unit_id)).where(Recommendation.id.in_(chunk))
        for (rec_id, text, owner, point, number, planned, started, code, version_id, deadline, original, status,
             done_on, verified_on) in session.execute(query):
            section, sipas = _place(index.get(version_id), code or "")
            status = RecommendationStatus(status)
            overdue = status in STILL_OPEN and deadline is not None and deadline < today
            found[rec_id] = RemediationRow(
                key=rec_id, id=rec_id, text=text, owner_name=owner or "", point_name=point,
                minutes_number=number or "", visit_day=local(started).date() if started else planned,
                item_code=code or "", section=section, sipas=sipas, deadline=deadline, original_deadline=original,
                status=status, done_on=done_on, verified_on=verified_on, overdue=overdue,
                days_left=(deadline - today).days if deadline else None)
    return found


@open_to_all
def due_notice(session: Session | sa.Connection, today: date | None = None) -> DueNotice:
    """How many recommendations are overdue, and how many fall due within SOON_DAYS days (the notice at start)."""
    today = today or local_today()
    overdue = session.execute(_base(sa.select(sa.func.count())).where(
        _due_condition(DueWindow.OVERDUE, today))).scalar_one()
    soon = session.execute(_base(sa.select(sa.func.count())).where(
        _due_condition(DueWindow.WEEK, today))).scalar_one()
    return DueNotice(overdue, soon)


# --- evidence ---------------------------------------------------------------------------------------------

@open_to_all
def prepare_evidence(data: bytes, name: str) -> PreparedEvidence:
    """A photo (JPEG, PNG, WebP, HEIC: re-encoded as services.photos does) or a PDF document, else refused."""
    name = clean_multiline(name).replace("\n", " ") or "tệp"
    if not data:
        raise EvidenceRefused(f"Tệp {name} rỗng, không dùng làm minh chứng được.")
    if sniff_format(data) is not None:
        try:
            photo = prepare_photo_bytes(data, name)
        except PhotoRejected as exc:
            raise EvidenceRefused(str(exc)) from None
        return PreparedEvidence(Evidence(name, photo.sha256, len(photo.data), "photo"), photo.data)
    if data[:5] == b"%PDF-":
        if len(data) > MAX_DOCUMENT_BYTES:
            raise EvidenceRefused(f"Tài liệu {name} lớn {len(data) / 1024 / 1024:.0f} MB, quá giới hạn "
                                  f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB.")
        return PreparedEvidence(Evidence(name, hashlib.sha256(data).hexdigest(), len(data), "pdf"), data)
    raise EvidenceRefused(f"Tệp {name} không phải ảnh (JPEG, PNG, WebP, HEIC) hay tài liệu PDF, "
                          "nên không nhận làm minh chứng. Hãy quét hoặc lưu văn bản thành PDF.")


@open_to_all
def evidence_file(path: Path) -> PreparedEvidence:
    """A file chosen by the user, read safely (services.photos.read_photo_file: a regular file, size bounded)."""
    try:
        data = read_photo_file(path)
    except PhotoRejected as exc:
        raise EvidenceRefused(str(exc)) from None
    return prepare_evidence(data, path.name)


Attachment = Path | PreparedEvidence


def _prepared(files: Sequence[Attachment]) -> list[PreparedEvidence]:
    if len(files) > MAX_EVIDENCE_FILES:
        raise EvidenceRefused(f"Mỗi lần đính kèm tối đa {MAX_EVIDENCE_FILES} tệp minh chứng.")
    return [f if isinstance(f, PreparedEvidence) else evidence_file(f) for f in files]


def _store(session: Session, files: list[PreparedEvidence]) -> list[dict[str, Any]]:
    for f in files:
        if session.get(Blob, f.evidence.sha256) is None:
            session.add(Blob(sha256=f.evidence.sha256, size=len(f.data), data=f.data))
    return [f.evidence.to_json() for f in files]


# --- the life ----------------------------------------------------------------------------------------------

def _text(text: str, missing: str, what: str) -> str:
    text = clean_multiline(text)
    if not text:
        raise RemediationError(missing)
    if len(text) > MAX_TEXT:
        raise RemediationError(f"{what} dài {thousands(len(text))} ký tự, quá giới hạn {thousands(MAX_TEXT)} ký tự; "
                               "hãy rút gọn.")
    return text


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _visit_day(visit: Visit) -> date | None:
    return local(visit.started_at).date() if visit.started_at else visit.planned_date


def _fields(rec: Recommendation) -> dict[str, Any]:
    return {"status": str(rec.status), "deadline": _iso(rec.deadline), "original_deadline": _iso(rec.original_deadline),
            "done_on": _iso(rec.done_on), "verified_on": _iso(rec.verified_on)}


def _record(session: Session, rec: Recommendation, kind: StepKind, user: User, *, on: date | None = None,
            text: str = "", new_deadline: date | None = None, visit: Visit | None = None,
            evidence: list[dict[str, Any]] | None = None, before: dict[str, Any]) -> RecommendationStep:
    step = RecommendationStep(recommendation_id=rec.id, kind=str(kind), on_date=on, text=text, new_deadline=new_deadline,
                              user_id=user.id, visit_id=visit.id if visit else None, evidence=evidence or None)
    session.add(step)
    session.flush()
    after = {**_fields(rec), "step": str(step.id), "kind": str(kind), "note": text, "on": _iso(on)}
    if visit is not None:
        after["visit"] = str(visit.id)
    if evidence:
        after["evidence"] = [e["sha256"] for e in evidence]
    audit.record(session, f"recommendation.{kind}", "recommendation", rec.id, user_id=user.id,
                 before={k: before[k] for k in before if before[k] != after.get(k)}, after=after)
    return step


class Remediation:
    """The recommendation life for one user on one database; ``today`` gives Vietnam's date (a fake clock in tests)."""

    def __init__(self, db: Database, user_id: uuid.UUID | None = None,
                 today: Callable[[], date] = local_today) -> None:
        self.db = db
        self.user_id = user_id
        self.today = today

    # --- reading ---

    @allowed(SIGNED_IN)
    def keys(self, flt: RemediationFilter = RemediationFilter()) -> list[uuid.UUID]:
        with self.db.read() as session:
            return remediation_keys(session, flt, self.today())

    @allowed(SIGNED_IN)
    def rows(self, keys: Sequence[uuid.UUID]) -> dict[uuid.UUID, RemediationRow]:
        with self.db.read() as session:
            return remediation_rows(session, keys, self.today())

    @allowed(SIGNED_IN)
    def notice(self) -> DueNotice:
        with self.db.read() as session:
            return due_notice(session, self.today())

    @allowed(SIGNED_IN)
    def sections(self) -> list[tuple[str, str]]:
        with self.db.read() as session:
            return section_choices(session)

    @allowed(SIGNED_IN)
    def detail(self, rec_id: uuid.UUID) -> Detail:
        with self.db.read() as session:
            user = access.user_of(session, self.user_id)
            rows = remediation_rows(session, [rec_id], self.today())
            if rec_id not in rows:
                raise RemediationError("Không tìm thấy kiến nghị (hoặc biên bản của nó chưa được duyệt).")
            rec = session.get(Recommendation, rec_id)
            assert rec is not None
            steps = []
            for step, who, number in session.execute(
                    sa.select(RecommendationStep, User.full_name, Visit.minutes_number)
                    .outerjoin(User, User.id == RecommendationStep.user_id)
                    .outerjoin(Visit, Visit.id == RecommendationStep.visit_id)
                    .where(RecommendationStep.recommendation_id == rec_id)
                    .order_by(RecommendationStep.at, RecommendationStep.id)):
                steps.append(Step(step.id, StepKind(step.kind), step.at, step.on_date, step.text, step.new_deadline,
                                  who or "", step.visit_id, number or "",
                                  tuple(Evidence(**e) for e in step.evidence or [])))
            row = rows[rec_id]
            title = _index(session).get(session.get(Visit, rec.visit_id).form_version_id, _FormIndex()).titles.get(
                row.section, "")
            return Detail(row, title, tuple(steps), _rights(user, rec.status), rec.visit_id)

    @allowed(SIGNED_IN)
    def evidence_bytes(self, sha256: str) -> bytes:
        with self.db.read() as session:
            blob = session.get(Blob, sha256)
            if blob is None:
                raise RemediationError("Không tìm thấy tệp minh chứng.")
            return blob.data

    # --- steps ---

    @allowed(*REPORTERS)
    def report_done(self, rec_id: uuid.UUID, done_on: date | None, text: str,
                    evidence: Sequence[Attachment] = ()) -> None:
        """The unit reports it done (entered on its behalf): the day, what was done, its documents or photos."""
        text = _text(text, "Hãy ghi nội dung đơn vị báo cáo đã khắc phục (số, ngày văn bản báo cáo, việc đã làm).",
                     "Nội dung báo cáo")
        files = _prepared(evidence)
        with self.db.session() as session:
            user = access.require(session, self.user_id, *REPORTERS)
            rec, visit = self._rec(session, rec_id)
            self._state(rec, (S.OPEN,), "ghi nhận báo cáo khắc phục")
            self._day(done_on, "Ngày hoàn thành khắc phục", visit)
            before = _fields(rec)
            rec.status, rec.done_on = S.REPORTED, done_on
            _record(session, rec, StepKind.REPORTED, user, on=done_on, text=text, evidence=_store(session, files),
                    before=before)

    @allowed(*DECIDERS)
    def not_accept(self, rec_id: uuid.UUID, reason: str) -> None:
        """The report is not accepted: open again, the reason kept."""
        reason = _text(reason, "Hãy ghi lý do không chấp nhận báo cáo khắc phục.", "Lý do")
        with self.db.session() as session:
            user = access.require(session, self.user_id, *DECIDERS)
            rec, _visit = self._rec(session, rec_id)
            self._state(rec, (S.REPORTED,), "không chấp nhận báo cáo")
            before = _fields(rec)
            rec.status, rec.done_on = S.OPEN, None
            _record(session, rec, StepKind.NOT_ACCEPTED, user, on=self.today(), text=reason, before=before)

    @allowed(*DECIDERS)
    def verify(self, rec_id: uuid.UUID, verified_on: date | None, text: str,
               evidence: Sequence[Attachment] = ()) -> None:
        """The supervisor verifies the reported remedy, with evidence (files now, or those of the report)."""
        text = _text(text, "Hãy ghi căn cứ xác nhận đã khắc phục.", "Căn cứ xác nhận")
        files = _prepared(evidence)
        with self.db.session() as session:
            user = access.require(session, self.user_id, *DECIDERS)
            rec, visit = self._rec(session, rec_id)
            self._state(rec, (S.REPORTED,), "xác nhận đã khắc phục")
            self._day(verified_on, "Ngày xác nhận", visit)
            assert verified_on is not None
            if rec.done_on and verified_on < rec.done_on:
                raise RemediationError(f"Ngày xác nhận ({verified_on:%d/%m/%Y}) không được trước ngày đơn vị báo đã "
                                       f"khắc phục ({rec.done_on:%d/%m/%Y}).")
            if not files and not self._reported_evidence(session, rec):
                raise EvidenceRefused("Xác nhận đã khắc phục cần minh chứng: hãy đính kèm ảnh hoặc tài liệu PDF "
                                      "(báo cáo của đơn vị chưa kèm tệp nào).")
            before = _fields(rec)
            rec.status, rec.verified_on, rec.verified_in_visit_id = S.VERIFIED, verified_on, None
            _record(session, rec, StepKind.VERIFIED, user, on=verified_on, text=text, evidence=_store(session, files),
                    before=before)

    @allowed(*DECIDERS)
    def close(self, rec_id: uuid.UUID, text: str = "") -> None:
        """Kết thúc theo dõi: a verified recommendation leaves the follow-up."""
        text = clean_multiline(text)[:MAX_TEXT]
        with self.db.session() as session:
            user = access.require(session, self.user_id, *DECIDERS)
            rec, _visit = self._rec(session, rec_id)
            self._state(rec, (S.VERIFIED,), "kết thúc theo dõi")
            before = _fields(rec)
            rec.status, rec.closed_at = S.CLOSED, utcnow()
            _record(session, rec, StepKind.CLOSED, user, on=self.today(), text=text, before=before)

    @allowed(*DECIDERS)
    def extend(self, rec_id: uuid.UUID, new_deadline: date | None, reason: str) -> None:
        """Gia hạn: a later deadline, with its reason; the deadline of the minutes stays in original_deadline."""
        reason = _text(reason, "Hãy ghi lý do gia hạn.", "Lý do gia hạn")
        with self.db.session() as session:
            user = access.require(session, self.user_id, *DECIDERS)
            rec, _visit = self._rec(session, rec_id)
            self._state(rec, STILL_OPEN, "gia hạn")
            if new_deadline is None:
                raise RemediationError("Hãy chọn hạn khắc phục mới.")
            if rec.deadline is not None and new_deadline <= rec.deadline:
                raise RemediationError(f"Hạn mới ({new_deadline:%d/%m/%Y}) phải sau hạn hiện tại "
                                       f"({rec.deadline:%d/%m/%Y}).")
            if new_deadline < self.today():
                raise RemediationError(f"Hạn mới ({new_deadline:%d/%m/%Y}) đã qua.")
            before = _fields(rec)
            if rec.original_deadline is None:
                rec.original_deadline = rec.deadline
            rec.deadline = new_deadline
            _record(session, rec, StepKind.EXTENDED, user, on=self.today(), text=reason, new_deadline=new_deadline,
                    before=before)

    # --- helpers ---

    def _rec(self, session: Session, rec_id: uuid.UUID) -> tuple[Recommendation, Visit]:
        rec = session.get(Recommendation, rec_id)
        if rec is None or rec.deleted_at is not None:
            raise RemediationError("Không tìm thấy kiến nghị.")
        visit = session.get(Visit, rec.visit_id)
        assert visit is not None
        if visit.deleted_at is not None or visit.status not in REMEDIABLE:
            raise RemediationError(f"Biên bản của kiến nghị này chưa được duyệt (buổi kiểm tra đang ở trạng thái "
                                   f"“{visit.status.label}”), nên chưa theo dõi khắc phục được.")
        # Remediation is followed where the visit is held (services.sync): on a laptop, a numbered visit is the
        # server's, and a step recorded here would only come back as a conflict.
        from inspector.services.sync.checkout import HeldElsewhere, require_here

        try:
            require_here(session, visit)
        except HeldElsewhere as exc:
            raise RemediationError(str(exc)) from exc
        return rec, visit

    @staticmethod
    def _state(rec: Recommendation, allowed_states: Iterable[RecommendationStatus], what: str) -> None:
        if rec.status not in tuple(allowed_states):
            raise RemediationError(f"Kiến nghị đang ở tình trạng “{rec.status.label}”, không {what} được.")

    def _day(self, day: date | None, what: str, visit: Visit) -> None:
        if day is None:
            raise RemediationError(f"Hãy nhập {what.lower()}.")
        today = self.today()
        if day > today:
            raise RemediationError(f"{what} ({day:%d/%m/%Y}) ở tương lai; hôm nay là {today:%d/%m/%Y}.")
        start = _visit_day(visit)
        if start and day < start:
            raise RemediationError(f"{what} ({day:%d/%m/%Y}) không được trước ngày kiểm tra ({start:%d/%m/%Y}).")

    @staticmethod
    def _reported_evidence(session: Session, rec: Recommendation) -> bool:
        """The report being verified (the last one) came with files."""
        last = session.scalars(sa.select(RecommendationStep).where(
            RecommendationStep.recommendation_id == rec.id, RecommendationStep.kind == str(StepKind.REPORTED))
            .order_by(RecommendationStep.at.desc()).limit(1)).first()
        return bool(last is not None and last.evidence)


def _rights(user: User, status: RecommendationStatus) -> Rights:
    reporter, decider = user.has_role(*REPORTERS), user.has_role(*DECIDERS)
    return Rights(report=reporter and status is S.OPEN, not_accept=decider and status is S.REPORTED,
                  verify=decider and status is S.REPORTED, close=decider and status is S.VERIFIED,
                  extend=decider and status in STILL_OPEN)


# --- follow-up visits -----------------------------------------------------------------------------------

@allowed(Role.SUPERVISOR, Role.ADMIN)
def apply_follow_up(session: Session, visit: Visit, user_id: uuid.UUID | None = None) -> dict[uuid.UUID, bool]:
    """When a follow-up visit is approved: each recommendation one of its generated items quotes is verified (the
    item passed) or open again (it failed); an item not applicable or not checked leaves it as it was. A
    recommendation this visit had verified and whose item now fails (reopened, changed, approved again) is open
    again. Returns {recommendation id: verified}."""
    if visit.form_snapshot is None:
        return {}
    user = access.require(session, user_id, Role.SUPERVISOR, Role.ADMIN)
    results = dict(session.execute(sa.select(Answer.item_code, Answer.result).where(
        Answer.visit_id == visit.id, Answer.deleted_at.is_(None))).all())
    day = _visit_day(visit) or local_today()
    settled: dict[uuid.UUID, bool] = {}
    for item in visit_form(visit).items():
        if not item.recommendation_id:
            continue
        result = results.get(item.code)
        if result not in (Result.PASS, Result.FAIL):
            continue
        rec = session.get(Recommendation, uuid.UUID(item.recommendation_id))
        if rec is None or rec.deleted_at is not None:
            continue
        passed = result is Result.PASS
        mine = rec.status is S.VERIFIED and rec.verified_in_visit_id == visit.id
        if not (rec.status in STILL_OPEN or (mine and not passed)):
            continue
        before = _fields(rec)
        if passed:
            rec.status, rec.verified_on, rec.verified_in_visit_id = S.VERIFIED, day, visit.id
            kind, text = StepKind.VERIFIED, f"Kiểm tra lại, nội dung {item.code}: đạt."
        else:
            rec.status, rec.done_on, rec.verified_on, rec.verified_in_visit_id = S.OPEN, None, None, None
            kind, text = StepKind.NOT_VERIFIED, f"Kiểm tra lại, nội dung {item.code}: không đạt."
        _record(session, rec, kind, user, on=day, text=text, visit=visit, before=before)
        settled[rec.id] = passed
    return settled
