"""Visits (buổi kiểm tra): starting one, and the form it works from."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.checklist import ChecklistForm as FormDefinition
from inspector.domain.checklist import FormKind, parse_form
from inspector.domain.clock import local_today
from inspector.domain.follow_up import OpenRecommendation, expand
from inspector.domain.workflow import RecommendationStatus, VisitStatus
from inspector.services import audit
from inspector.store.models import (
    Answer,
    ChecklistForm,
    FormVersion,
    ReceptionPoint,
    Recommendation,
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


def latest_form_version(session: Session, form_code: str) -> FormVersion:
    version = session.scalars(
        sa.select(FormVersion).join(ChecklistForm)
        .where(ChecklistForm.code == form_code)
        .order_by(FormVersion.version.desc()).limit(1)
    ).first()
    if version is None:
        raise VisitError(f"Chưa có phiếu kiểm tra mã {form_code} trong cơ sở dữ liệu.")
    return version


def previous_visit(session: Session, point_id: uuid.UUID, before: Visit | None = None) -> Visit | None:
    query = (
        sa.select(Visit)
        .where(Visit.reception_point_id == point_id, Visit.status.in_(FINISHED), Visit.deleted_at.is_(None))
        .order_by(Visit.started_at.desc())
    )
    if before is not None:
        query = query.where(Visit.id != before.id)
    return session.scalars(query.limit(1)).first()


def open_recommendations(session: Session, point_id: uuid.UUID) -> list[OpenRecommendation]:
    """Recommendations made at this reception point that nobody has verified as remedied yet."""
    rows = session.execute(
        sa.select(Recommendation, Visit, Unit.name, Answer)
        .join(Visit, Recommendation.visit_id == Visit.id)
        .outerjoin(Unit, Recommendation.owner_unit_id == Unit.id)
        .outerjoin(Answer, Recommendation.answer_id == Answer.id)
        .where(
            Visit.reception_point_id == point_id,
            Visit.status.in_(FINISHED),
            Visit.deleted_at.is_(None),
            Recommendation.deleted_at.is_(None),
            Recommendation.status.in_(STILL_OPEN),
        )
        .order_by(Visit.started_at, Recommendation.created_at)
    ).all()
    result = []
    forms: dict[uuid.UUID, FormDefinition] = {}
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
                legal_basis, sipas = item.legal_basis, item.sipas
        result.append(OpenRecommendation(
            id=str(rec.id), text=rec.text, owner=owner or "", deadline=rec.deadline,
            minutes_number=visit.minutes_number,
            visit_date=visit.started_at.date() if visit.started_at else visit.planned_date,
            finding=finding, legal_basis=legal_basis, sipas=sipas,
        ))
    return result


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
    """Open a visit now, pinning the newest version of the form (and generating follow-up items)."""
    point = session.get(ReceptionPoint, point_id)
    if point is None or not point.active:
        raise VisitError("Không tìm thấy Bộ phận Một cửa được chọn.")
    version = latest_form_version(session, form_code)
    form = parse_form(version.definition)
    snapshot = None
    if form.kind is FormKind.FOLLOW_UP:
        snapshot = expand(form, open_recommendations(session, point_id)).to_dict()
    now = utcnow()
    previous = previous_visit(session, point_id)
    visit = Visit(
        round_id=round_id, reception_point_id=point_id, form_version_id=version.id,
        previous_visit_id=previous.id if previous else None, status=VisitStatus.IN_PROGRESS,
        announced=announced, planned_date=planned_date or local_today(now), started_at=now,
        location=point.address, form_snapshot=snapshot, created_by_id=user_id,
    )
    session.add(visit)
    session.flush()
    audit.record(session, "visit.started", "visit", visit.id, user_id=user_id, after={
        "reception_point": point.name, "form": f"{form.code} v{form.version}", "announced": announced,
        "generated_items": sum(len(s.get("items", [])) for s in snapshot["sections"]) if snapshot else 0,
    })
    return visit
