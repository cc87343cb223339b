"""Inspection rounds (đợt kiểm tra) and the visits planned in them (the visits list: services.lists)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role, TeamRole
from inspector.domain.clock import local_today
from inspector.domain.text import clean, clean_multiline
from inspector.domain.workflow import VisitStatus
from inspector.services import access, audit
from inspector.services.access import allowed, open_to_all
from inspector.services.bodies import full_name, round_body_problems
from inspector.services.catalog import point_closed_reason
from inspector.services.lists import VisitFilter, VisitRow, list_visits, not_deleted  # noqa: F401  (the visits list moved there)
from inspector.services.visits import VisitError, form_for_start, form_version_in_effect, start_visit
from inspector.store.models import InspectingBody, ReceptionPoint, Round, RoundMember, Visit
from inspector.store.types import utcnow

DEFAULT_FORM = "KTCV-MC"
FOLLOW_UP_FORM = "KTKP"


@dataclass(frozen=True)
class MemberInput:
    full_name: str
    position: str
    role: TeamRole
    user_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RoundInput:
    name: str
    decision_number: str
    decision_date: date
    decision_issuer: str = ""
    start_date: date | None = None
    end_date: date | None = None
    notes: str = ""
    members: Sequence[MemberInput] = field(default_factory=tuple)
    inspecting_body_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RoundRow:
    id: uuid.UUID
    name: str
    decision_number: str
    decision_date: date
    start_date: date | None
    end_date: date | None
    leader: str
    member_count: int
    visit_count: int


def validate_round(data: RoundInput) -> list[str]:
    """Every problem with the input, in Vietnamese."""
    problems = []
    if not clean(data.name):
        problems.append("Hãy nhập tên đợt kiểm tra.")
    if not clean(data.decision_number):
        problems.append("Hãy nhập số quyết định kiểm tra.")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        problems.append(f"Ngày kết thúc ({data.end_date:%d/%m/%Y}) trước ngày bắt đầu ({data.start_date:%d/%m/%Y}).")
    if data.start_date and data.decision_date > data.start_date:
        problems.append(
            f"Ngày quyết định ({data.decision_date:%d/%m/%Y}) sau ngày bắt đầu kiểm tra ({data.start_date:%d/%m/%Y})."
        )
    members = [m for m in data.members if clean(m.full_name)]
    if not members:
        problems.append("Đoàn kiểm tra phải có ít nhất một thành viên.")
    elif sum(1 for m in members if m.role is TeamRole.LEADER) != 1:
        problems.append("Đoàn kiểm tra phải có đúng một Trưởng đoàn.")
    for member in members:
        if len(clean(member.full_name)) > 120 or len(clean(member.position)) > 200:
            problems.append(f"Họ tên hoặc chức vụ của “{clean(member.full_name)[:40]}…” quá dài.")
    for text, limit, what in ((clean(data.name), 300, "Tên đợt"), (clean(data.decision_number), 60, "Số quyết định"),
                              (clean(data.decision_issuer), 300, "Cơ quan ban hành"),
                              (clean_multiline(data.notes), 10_000, "Ghi chú")):
        if len(text) > limit:
            problems.append(f"{what} dài quá {limit} ký tự.")
    return problems


@open_to_all
def round_problems(session: Session, data: RoundInput) -> list[str]:
    """validate_round, and the inspecting body: chosen once bodies exist, valid on the decision date."""
    return validate_round(data) + round_body_problems(session, data.inspecting_body_id, data.decision_date)


def _apply_round(session: Session, record: Round, data: RoundInput) -> None:
    body = session.get(InspectingBody, data.inspecting_body_id) if data.inspecting_body_id else None
    record.name = clean(data.name)
    record.decision_number = clean(data.decision_number)
    record.decision_date = data.decision_date
    # the decision is the body's own unless the user named another issuer
    record.decision_issuer = clean(data.decision_issuer) or (full_name(body) if body is not None else "")
    record.start_date = data.start_date
    record.end_date = data.end_date
    record.notes = clean_multiline(data.notes)
    record.inspecting_body_id = body.id if body is not None else None
    record.members.clear()
    session.flush()  # the old members go before the new ones come
    for n, member in enumerate(m for m in data.members if clean(m.full_name)):
        record.members.append(RoundMember(
            full_name=clean(member.full_name), position=clean(member.position), team_role=member.role,
            user_id=member.user_id, sort_order=n,
        ))


def _round_state(record: Round) -> dict[str, object]:
    return {
        "name": record.name, "decision": record.decision_number, "decision_date": record.decision_date.isoformat(),
        "issuer": record.decision_issuer,
        "inspecting_body": str(record.inspecting_body_id) if record.inspecting_body_id else None,
        "members": [(m.full_name, str(m.team_role)) for m in record.members],
    }


@allowed(Role.SUPERVISOR, Role.ADMIN)
def create_round(session: Session, data: RoundInput, user_id: uuid.UUID | None = None) -> Round:
    problems = round_problems(session, data)
    if problems:
        raise VisitError("\n".join(problems))
    record = Round(name="", decision_number="", decision_date=data.decision_date, start_date=None, end_date=None,
                   created_by_id=user_id)
    session.add(record)
    _apply_round(session, record, data)
    session.flush()
    audit.record(session, "round.created", "round", record.id, user_id=user_id, after=_round_state(record))
    return record


@allowed(Role.SUPERVISOR, Role.ADMIN)
def update_round(session: Session, round_id: uuid.UUID, data: RoundInput, user_id: uuid.UUID | None = None) -> Round:
    """Correct a round (its decision, body, period, team). Its inspecting body stays once minutes were numbered
    under it: the numbers run per body."""
    record = session.get(Round, round_id)
    if record is None:
        raise VisitError("Không tìm thấy đợt kiểm tra.")
    problems = round_problems(session, data)
    if record.inspecting_body_id is not None and data.inspecting_body_id != record.inspecting_body_id and session.scalar(
            sa.select(sa.func.count()).select_from(Visit).where(
                Visit.round_id == record.id, Visit.minutes_seq.is_not(None), Visit.deleted_at.is_(None))):
        problems.append("Đợt kiểm tra đã có biên bản được cấp số theo cơ quan kiểm tra này; không thể đổi cơ quan kiểm tra.")
    if problems:
        raise VisitError("\n".join(problems))
    before = _round_state(record)
    _apply_round(session, record, data)
    session.flush()
    audit.record(session, "round.updated", "round", record.id, user_id=user_id, before=before,
                 after=_round_state(record))
    return record


@open_to_all
def round_input_of(session: Session, round_id: uuid.UUID) -> RoundInput | None:
    """A stored round as the dialog edits it."""
    record = session.get(Round, round_id)
    if record is None:
        return None
    return RoundInput(
        name=record.name, decision_number=record.decision_number, decision_date=record.decision_date,
        decision_issuer=record.decision_issuer, start_date=record.start_date, end_date=record.end_date,
        notes=record.notes, inspecting_body_id=record.inspecting_body_id,
        members=tuple(MemberInput(m.full_name, m.position, m.team_role, m.user_id) for m in record.members),
    )


@open_to_all
def list_rounds(session: Session) -> list[RoundRow]:
    """Every round, newest decision first, with its leader and its counts of members and visits (plain rows:
    one query for the rounds, one for the counts of visits, from the index of visits by round)."""
    leader = (sa.select(RoundMember.full_name)
              .where(RoundMember.round_id == Round.id, RoundMember.team_role == TeamRole.LEADER)
              .order_by(RoundMember.sort_order).limit(1).scalar_subquery())
    members = sa.select(sa.func.count()).where(RoundMember.round_id == Round.id).scalar_subquery()
    rounds = session.execute(
        sa.select(Round.id, Round.name, Round.decision_number, Round.decision_date, Round.start_date, Round.end_date,
                  leader, members)
        .order_by(Round.decision_date.desc(), Round.name)
    ).all()
    counts = dict(session.execute(
        sa.select(Visit.round_id, sa.func.count()).where(not_deleted(session, Visit.deleted_at)).group_by(Visit.round_id)
    ).all())
    return [
        RoundRow(id=round_id, name=name, decision_number=number, decision_date=decided, start_date=start,
                 end_date=end, leader=leader_name or "", member_count=member_count, visit_count=counts.get(round_id, 0))
        for round_id, name, number, decided, start, end, leader_name, member_count in rounds
    ]


@open_to_all
def current_round(session: Session, today: date | None = None) -> Round | None:
    """The round whose period includes today (the newest decision if several); else the newest round."""
    today = today or local_today()
    running = session.scalars(
        sa.select(Round)
        .where(sa.or_(Round.start_date.is_(None), Round.start_date <= today),
               sa.or_(Round.end_date.is_(None), Round.end_date >= today))
        .order_by(Round.decision_date.desc()).limit(1)
    ).first()
    return running or session.scalars(sa.select(Round).order_by(Round.decision_date.desc()).limit(1)).first()


@allowed(Role.SUPERVISOR, Role.ADMIN)
def plan_visits(session: Session, round_id: uuid.UUID, point_ids: Sequence[uuid.UUID], planned_date: date,
                *, form_code: str = DEFAULT_FORM, user_id: uuid.UUID | None = None) -> list[Visit]:
    record = session.get(Round, round_id)
    if record is None:
        raise VisitError("Không tìm thấy đợt kiểm tra.")
    if not point_ids:
        raise VisitError("Hãy chọn ít nhất một Bộ phận Một cửa.")
    if record.start_date and planned_date < record.start_date or record.end_date and planned_date > record.end_date:
        period = f"{_d(record.start_date)} – {_d(record.end_date)}"
        raise VisitError(f"Ngày kiểm tra {planned_date:%d/%m/%Y} nằm ngoài thời gian của đợt ({period}).")
    version = form_version_in_effect(session, form_code, planned_date)
    visits = []
    for point_id in dict.fromkeys(point_ids):
        if (reason := point_closed_reason(session, point_id, planned_date)) is not None:
            raise VisitError(reason)
        point = session.get(ReceptionPoint, point_id)
        assert point is not None
        already = session.scalar(sa.select(sa.func.count()).select_from(Visit).where(
            Visit.round_id == record.id, Visit.reception_point_id == point_id,
            Visit.planned_date == planned_date, Visit.deleted_at.is_(None)))
        if already:
            raise VisitError(f"{point.name} đã có lịch kiểm tra ngày {planned_date:%d/%m/%Y} trong đợt này.")
        visit = Visit(round_id=record.id, reception_point_id=point_id, form_version_id=version.id,
                      status=VisitStatus.PLANNED, announced=True, planned_date=planned_date, created_by_id=user_id)
        session.add(visit)
        visits.append(visit)
    session.flush()
    audit.record(session, "round.visits_planned", "round", record.id, user_id=user_id,
                 after={"visits": [str(v.id) for v in visits], "date": planned_date.isoformat()})
    return visits


@allowed(Role.INSPECTOR)
def start_unannounced(session: Session, point_id: uuid.UUID, *, user_id: uuid.UUID | None = None,
                      form_code: str = DEFAULT_FORM, announced: bool = False) -> Visit:
    """A visit that starts now, under the round in force today: kiểm tra đột xuất by default."""
    record = current_round(session)
    if record is None:
        raise VisitError("Chưa có đợt kiểm tra nào (quyết định kiểm tra). Hãy tạo đợt kiểm tra trước.")
    if (reason := point_closed_reason(session, point_id, local_today())) is not None:
        raise VisitError(reason)
    # start_visit checks that the starter is in the round's team: only its inspectors work under its decision
    return start_visit(session, point_id, form_code=form_code, round_id=record.id, announced=announced, user_id=user_id)


@allowed(Role.INSPECTOR)
def begin_planned(session: Session, visit_id: uuid.UUID, user_id: uuid.UUID | None = None) -> Visit:
    """A planned visit starts: the clock starts, and it takes the form in effect today (nothing is answered
    before the start); a follow-up form gets its items from the recommendations still open today."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted_at is not None:
        raise VisitError("Không tìm thấy buổi kiểm tra.")
    access.require_team(session, access.user_of(session, user_id), visit)
    if visit.status is not VisitStatus.PLANNED:
        return visit
    form_code = visit.form_version.form.code
    # the day it really starts decides the law that applies (the minutes are dated by the start)
    version, _form, snapshot = form_for_start(session, form_code, visit.reception_point_id, local_today())
    visit.form_version_id, visit.form_snapshot = version.id, snapshot
    visit.status = VisitStatus.IN_PROGRESS
    visit.started_at = utcnow()
    audit.record(session, "visit.started", "visit", visit.id, user_id=user_id, before={"status": "planned"},
                 after={"planned": True, "status": str(visit.status)})
    return visit


def _d(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "…"
