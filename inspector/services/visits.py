"""Visits (buổi kiểm tra): starting one, and the form it works from."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.domain.checklist import ChecklistForm as FormDefinition
from inspector.domain.checklist import FormInvalid, FormKind, Item, parse_form
from inspector.domain.clock import local_today
from inspector.domain.follow_up import OpenRecommendation, expand
from inspector.domain.legal import Register, version_in_effect
from inspector.domain.workflow import RecommendationStatus, VisitStatus
from inspector.services import access, audit
from inspector.services.access import allowed, open_to_all
from inspector.services.catalog import lineage_point_ids
from inspector.services.legal import load_register
from inspector.store.models import (
    Answer,
    ChecklistForm,
    FormVersion,
    ReceptionPoint,
    Recommendation,
    RoundMember,
    Unit,
    Visit,
)
from inspector.store.types import utcnow

STILL_OPEN = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS, RecommendationStatus.DONE)
FINISHED = (VisitStatus.SUBMITTED, VisitStatus.APPROVED, VisitStatus.LOCKED)


class VisitError(ValueError):
    """A visit operation refused; the message is for the user (Vietnamese)."""


def visit_form(visit: Visit) -> FormDefinition:
    """The form this visit works from: its own snapshot (follow-up) or the pinned version."""
    return parse_form(visit.form_snapshot if visit.form_snapshot is not None else visit.form_version.definition)


@open_to_all
def form_version_in_effect(session: Session, form_code: str, day: date) -> FormVersion:
    """The version a visit on ``day`` uses: the newest whose ``effective_from`` is not after that day (a version
    without one is in effect on any day). Older visits keep the version they pinned."""
    rows = session.execute(
        sa.select(FormVersion.id, FormVersion.version, FormVersion.definition["effective_from"].as_string())
        .join(ChecklistForm).where(ChecklistForm.code == form_code)
    ).all()
    if not rows:
        raise VisitError(f"Chưa có phiếu kiểm tra mã {form_code} trong cơ sở dữ liệu.")
    starts = {version: _iso_day(start) for _, version, start in rows}
    chosen = version_in_effect(starts.items(), day)
    if chosen is None:
        first = min((d for d in starts.values() if d is not None), default=None)
        since = f" (phiên bản sớm nhất có hiệu lực từ ngày {first:%d/%m/%Y})" if first else ""
        raise VisitError(f"Chưa có phiên bản nào của phiếu kiểm tra {form_code} có hiệu lực vào ngày "
                         f"{day:%d/%m/%Y}{since}.")
    version_id = next(id_ for id_, version, _ in rows if version == chosen)
    found = session.get(FormVersion, version_id)
    assert found is not None
    return found


def _iso_day(text: str | None) -> date | None:
    """A stored copy's effective_from (validated ISO text when stored); anything else: treated as absent."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@open_to_all
def previous_visit(session: Session, point_id: uuid.UUID, before: Visit | None = None) -> Visit | None:
    query = (
        sa.select(Visit)
        .where(Visit.reception_point_id == point_id, Visit.status.in_(FINISHED), Visit.deleted_at.is_(None))
        .order_by(Visit.started_at.desc())
    )
    if before is not None:
        query = query.where(Visit.id != before.id)
    return session.scalars(query.limit(1)).first()


@open_to_all
def open_recommendations(session: Session, point_id: uuid.UUID, day: date | None = None) -> list[OpenRecommendation]:
    """Recommendations made at this reception point, or at the points it continues (mergers, splits,
    renames: services.catalog.lineage_point_ids), that nobody has verified as remedied yet.

    The legal basis and SIPAS criterion come from the item that continues the finding's item in the version of
    its form in effect on ``day`` (same code, or listing it in ``replaces``), so a follow-up cites today's law;
    from the finding's own item when nothing continues it."""
    day = day or local_today()
    rows = session.execute(
        sa.select(Recommendation, Visit, Unit.name, Answer)
        .join(Visit, Recommendation.visit_id == Visit.id)
        .outerjoin(Unit, Recommendation.owner_unit_id == Unit.id)
        .outerjoin(Answer, Recommendation.answer_id == Answer.id)
        .where(
            Visit.reception_point_id.in_(lineage_point_ids(session, point_id)),
            Visit.status.in_(FINISHED),
            Visit.deleted_at.is_(None),
            Recommendation.deleted_at.is_(None),
            Recommendation.status.in_(STILL_OPEN),
        )
        .order_by(Visit.started_at, Recommendation.created_at)
    ).all()
    result = []
    forms: dict[uuid.UUID, FormDefinition] = {}
    current: dict[str, FormDefinition | None] = {}
    register: Register | None = None
    for rec, visit, owner, answer in rows:
        finding, legal_basis, sipas = "", "", None
        if answer is not None:
            form = forms.get(visit.id) or forms.setdefault(visit.id, visit_form(visit))
            try:
                item = form.item(answer.item_code)
            except KeyError:
                item = None
            if item is not None:
                finding = f"{item.text} — {answer.note}" if answer.note else item.text
                register = register if register is not None else load_register(session)
                basis = _continuing_item(session, visit, item.code, day, current) or item
                legal_basis, sipas = register.item_basis(basis), basis.sipas
        result.append(OpenRecommendation(
            id=str(rec.id), text=rec.text, owner=owner or "", deadline=rec.deadline,
            minutes_number=visit.minutes_number,
            visit_date=visit.started_at.date() if visit.started_at else visit.planned_date,
            finding=finding, legal_basis=legal_basis, sipas=sipas,
        ))
    return result


def _continuing_item(session: Session, visit: Visit, code: str, day: date,
                     current: dict[str, FormDefinition | None]) -> Item | None:
    """The item of the form version in effect on ``day`` that continues item ``code`` of the visit's version."""
    form_code = visit.form_version.form.code
    if form_code not in current:
        try:
            current[form_code] = parse_form(form_version_in_effect(session, form_code, day).definition)
        except (VisitError, FormInvalid):
            current[form_code] = None
    form = current[form_code]
    return form.continuation(code) if form is not None else None


def _problems_text(exc: FormInvalid, shown: int = 3) -> str:
    texts = [str(p) if len(str(p)) <= 300 else str(p)[:299] + "…" for p in exc.problems[:shown]]
    more = len(exc.problems) - shown
    return "; ".join(texts) + (f"; và {more} lỗi khác" if more > 0 else "")


@open_to_all
def form_for_start(
    session: Session, form_code: str, point_id: uuid.UUID, day: date
) -> tuple[FormVersion, FormDefinition, dict[str, Any] | None]:
    """The version of the form in effect on ``day``, its definition, and for a follow-up form the concrete
    snapshot with an item per open recommendation of the point (and the points it continues).

    Everything is checked before the caller writes anything, so a start that could not be opened leaves no
    visit behind (and a second click does not make a second one)."""
    version = form_version_in_effect(session, form_code, day)
    try:
        form = parse_form(version.definition)
    except FormInvalid as exc:
        raise VisitError(f"Phiếu {form_code} phiên bản {version.version} đã lưu không hợp lệ ({_problems_text(exc)}). "
                         "Chưa tạo buổi kiểm tra nào; hãy nhập phiếu đã sửa với số phiên bản mới.") from exc
    snapshot = None
    if form.kind is FormKind.FOLLOW_UP:
        snapshot = expand(form, open_recommendations(session, point_id, day)).to_dict()
        try:
            parse_form(snapshot)
        except FormInvalid as exc:
            raise VisitError("Không bắt đầu được buổi kiểm tra khắc phục: các nội dung tạo từ kiến nghị chưa khắc "
                             f"phục không hợp lệ ({_problems_text(exc)}). Chưa tạo buổi kiểm tra nào.") from exc
    return version, form, snapshot


@allowed(Role.INSPECTOR)
def start_visit(
    session: Session,
    point_id: uuid.UUID,
    *,
    form_code: str,
    round_id: uuid.UUID | None = None,
    announced: bool = True,
    planned_date: date | None = None,
    user_id: uuid.UUID | None = None,
) -> Visit:
    """Open a visit now, pinning the version of the form in effect on its day (and generating follow-up items).

    Under a round, only an inspector of its team starts it; without a round, whoever starts it is its team."""
    user = access.user_of(session, user_id)
    if round_id is not None and session.scalar(sa.select(RoundMember.id).where(
            RoundMember.round_id == round_id, RoundMember.user_id == user.id).limit(1)) is None:
        raise access.AccessDenied(
            f"{user.full_name} không có tên trong đoàn kiểm tra của đợt này, nên không bắt đầu được buổi kiểm tra.")
    point = session.get(ReceptionPoint, point_id)
    if point is None or not point.active:
        raise VisitError("Không tìm thấy Bộ phận Một cửa được chọn.")
    now = utcnow()
    day = planned_date or local_today(now)
    version, form, snapshot = form_for_start(session, form_code, point_id, day)
    previous = previous_visit(session, point_id)
    visit = Visit(
        round_id=round_id, reception_point_id=point_id, form_version_id=version.id,
        previous_visit_id=previous.id if previous else None, status=VisitStatus.IN_PROGRESS,
        announced=announced, planned_date=day, started_at=now,
        location=point.address, form_snapshot=snapshot, created_by_id=user_id,
    )
    session.add(visit)
    session.flush()
    audit.record(session, "visit.started", "visit", visit.id, user_id=user_id, after={
        "status": str(visit.status), "reception_point": point.name, "form": f"{form.code} v{form.version}", "announced": announced,
        "generated_items": sum(len(s.get("items", [])) for s in snapshot["sections"]) if snapshot else 0,
    })
    return visit
