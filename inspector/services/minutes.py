"""The minutes of a visit: drafted from the database, numbered by the clerk, then locked.

Until numbered, the minutes print as a draft (watermark "DỰ THẢO", "Số: …").
Numbering renders the final PDF once, stores it with its SHA-256 and locks
the visit: from then on its content cannot change, and the same bytes are
printed every time. A scan of the signed paper copy can then be attached.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
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
NUMBER_PATTERN = re.compile(r"^[0-9]{1,6}[a-zA-Z]?$")
SIGNED_COPY = "signed_minutes"
PHOTO = "photo"


class MinutesError(VisitError):
    pass


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


def minutes_data(session: Session, visit: Visit, *, draft: bool) -> MinutesData:
    form: ChecklistForm = visit_form(visit)
    point = session.get(ReceptionPoint, visit.reception_point_id)
    assert point is not None
    unit = point.unit
    round_ = visit.round
    issuer = (round_.decision_issuer if round_ and round_.decision_issuer else "") or _city_agency(session)
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
        blob = session.get(Blob, item_evidence.blob_sha256)
        assert blob is not None
        photos.append(Photo(n, code, item_evidence.caption, blob.data))
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
    day = started.date() if started else (visit.planned_date or local_today())
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
        """The locked minutes as stored, or a fresh draft of a visit not yet locked."""
        with self.db.session() as session:
            visit = _visit(session, visit_id)
            if visit.status is VisitStatus.LOCKED and visit.minutes_sha256:
                blob = session.get(Blob, visit.minutes_sha256)
                assert blob is not None
                return MinutesPdf(blob.data, True, visit.minutes_number, visit.minutes_sha256)
            data = render_minutes(minutes_data(session, visit, draft=True))
            return MinutesPdf(data, False, "", hashlib.sha256(data).hexdigest())

    def suggest_number(self, year: int | None = None) -> str:
        """The next free number this year (numbers restart each year)."""
        year = year or local_today().year
        with self.db.session() as session:
            numbered = session.execute(
                sa.select(Visit.minutes_number, Visit.started_at).where(Visit.minutes_number != "")).all()
        used = [int(match.group()) for number, started in numbered
                if (match := re.match(r"\d+", number)) and (started is None or local(started).year == year)]
        return str(max(used, default=0) + 1)

    def finalize(self, visit_id: uuid.UUID, number: str) -> MinutesPdf:
        """Văn thư đánh số: number the minutes, store the final PDF and its hash, lock the visit."""
        number = clean(number)
        if not NUMBER_PATTERN.match(number):
            raise MinutesError(f"Số biên bản “{number}” không hợp lệ; nhập số thứ tự, ví dụ 12.")
        full = f"{number}/{NUMBER_SUFFIX}"
        with self.db.session() as session:
            self._require_clerk(session)
            visit = _visit(session, visit_id)
            if visit.status not in (VisitStatus.SUBMITTED, VisitStatus.APPROVED):
                raise MinutesError(
                    f"Chỉ đánh số biên bản của buổi kiểm tra đã gửi duyệt hoặc đã duyệt (hiện: “{visit.status.label}”)."
                )
            year = local(visit.started_at).year if visit.started_at else local_today().year
            for _number, started in session.execute(
                sa.select(Visit.minutes_number, Visit.started_at).where(Visit.minutes_number == full, Visit.id != visit.id)
            ):
                if started is None or local(started).year == year:
                    raise MinutesError(f"Số {full} đã dùng cho một biên bản khác năm {year}.")
            visit.minutes_number = full
            data = render_minutes(minutes_data(session, visit, draft=False))
            digest = hashlib.sha256(data).hexdigest()
            if session.get(Blob, digest) is None:
                session.add(Blob(sha256=digest, size=len(data), data=data))
            before = str(visit.status)
            visit.minutes_sha256 = digest
            visit.status = VisitStatus.LOCKED
            audit.record(session, "minutes.locked", "visit", visit.id, user_id=self.user_id,
                         before={"status": before}, after={"status": str(visit.status), "number": full, "sha256": digest})
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
        with self.db.session() as session:
            rows = session.scalars(sa.select(Evidence).where(
                Evidence.visit_id == visit_id, Evidence.kind == SIGNED_COPY, Evidence.deleted_at.is_(None)))
            return [session.get(Blob, e.blob_sha256).data for e in rows]  # type: ignore[union-attr]

    def _require_clerk(self, session: Session) -> None:
        user = session.get(User, self.user_id) if self.user_id else None
        if user is None or user.role not in (Role.CLERK, Role.ADMIN):
            raise MinutesError("Chỉ văn thư (hoặc quản trị) được đánh số và khóa biên bản.")


def _visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted_at is not None:
        raise MinutesError("Không tìm thấy buổi kiểm tra.")
    return visit


def find_visit(session: Session, reference: str) -> Visit:
    """A visit by its id, the first characters of its id, or its minutes number (for the command line)."""
    reference = clean(reference)
    try:
        visit = session.get(Visit, uuid.UUID(reference))
        if visit is not None:
            return visit
    except ValueError:
        pass
    by_number = session.scalars(sa.select(Visit).where(
        sa.or_(Visit.minutes_number == reference, Visit.minutes_number == f"{reference}/{NUMBER_SUFFIX}"))).all()
    if len(by_number) == 1:
        return by_number[0]
    prefix = reference.replace("-", "").lower()
    if len(prefix) >= 6:
        matches = [v for v in session.scalars(sa.select(Visit).where(Visit.deleted_at.is_(None)))
                   if v.id.hex.startswith(prefix)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise MinutesError(f"Có {len(matches)} buổi kiểm tra bắt đầu bằng “{reference}”; hãy nhập thêm ký tự.")
    raise MinutesError(f"Không tìm thấy buổi kiểm tra “{reference}”.")
