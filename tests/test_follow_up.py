"""A follow-up visit lists the point's open recommendations as items, generated at visit start."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.services.legal import load_register
from inspector.services.visits import VisitError, start_visit, visit_form
from inspector.store.models import Answer, ReceptionPoint, Recommendation, Unit, User, Visit
from inspector.store.types import utcnow


def _as(session, username: str):  # type: ignore[no-untyped-def]
    """A demo user's id: kiemtra1 starts the visits (a visit without a round is its starter's), truongphong plans."""
    return session.scalars(sa.select(User.id).where(User.username == username)).one()


def _point(session, unit_name: str) -> ReceptionPoint:  # type: ignore[no-untyped-def]
    return session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == unit_name)).one()


def _finished_visit(session, point: ReceptionPoint, recs: list[tuple[str, str | None, RecommendationStatus]]) -> Visit:  # type: ignore[no-untyped-def]
    visit = start_visit(session, point.id, form_code="KTCV-MC", user_id=_as(session, "kiemtra1"))
    visit.started_at = utcnow() - timedelta(days=40)
    visit.minutes_number = "12/BB-PNV"
    for text, item_code, status in recs:
        answer = None
        if item_code:
            answer = Answer(visit_id=visit.id, item_code=item_code, result=Result.FAIL,
                            note="Không có người trực quầy lúc 14 giờ 10", answered_at=utcnow())
            session.add(answer)
            session.flush()
        session.add(Recommendation(visit_id=visit.id, answer_id=answer.id if answer else None, text=text,
                                   owner_unit_id=point.unit_id, deadline=date(2026, 12, 31), status=status))
    visit.status = VisitStatus.SUBMITTED
    session.flush()
    return visit


def test_follow_up_items_come_from_open_recommendations(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        point = _point(session, "Ủy ban nhân dân phường Trà Vinh")
        other = _point(session, "Ủy ban nhân dân phường Long Đức")
        _finished_visit(session, point, [
            ("Bố trí công chức trực quầy đủ giờ làm việc", "KL-01", RecommendationStatus.OPEN),
            ("Niêm yết lại bộ thủ tục hành chính mới", None, RecommendationStatus.IN_PROGRESS),
            ("Sửa ghế chờ bị gãy", "CSVC-05", RecommendationStatus.VERIFIED),
            ("Bỏ kiến nghị nhầm", None, RecommendationStatus.CANCELLED),
        ])
        _finished_visit(session, other, [("Kiến nghị của phường khác", None, RecommendationStatus.OPEN)])
        follow_up = start_visit(session, point.id, form_code="KTKP", user_id=_as(session, "kiemtra1"))
        follow_up_id = follow_up.id

    with db.session() as session:  # a fresh session: what was stored, not what was in memory
        visit = session.get(Visit, follow_up_id)
        form = visit_form(visit)
        kp = next(s for s in form.sections if s.code == "KP")
        assert [i.code for i in kp.items] == ["KP-01", "KP-02"]
        first, second = kp.items
        assert first.text == "Đã khắc phục: Bố trí công chức trực quầy đủ giờ làm việc"
        assert "biên bản số 12/BB-PNV" in first.guidance and "31/12/2026" in first.guidance
        assert "Ủy ban nhân dân phường Trà Vinh" in first.guidance
        assert "Không có người trực quầy lúc 14 giờ 10" in first.guidance  # the finding, with its note
        kl01 = visit_form(session.get(Visit, visit.previous_visit_id)).item("KL-01")
        # the finding's item's basis as printed: its citations through the register (v2), or its text (v1)
        assert first.legal_basis == load_register(session).item_basis(kl01) and first.sipas == kl01.sipas
        assert second.text == "Đã khắc phục: Niêm yết lại bộ thủ tục hành chính mới"
        assert second.legal_basis.startswith("Biên bản kiểm tra số 12/BB-PNV")
        recs = {str(r.id): r.text for r in session.scalars(sa.select(Recommendation))}
        assert recs[first.recommendation_id] == "Bố trí công chức trực quầy đủ giờ làm việc"
        assert [i.code for i in form.items()][:3] == ["BC-01", "BC-02", "BC-03"]


def test_follow_up_without_open_recommendations_has_an_empty_generated_section(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        point = _point(session, "Ủy ban nhân dân phường Long Đức")
        visit = start_visit(session, point.id, form_code="KTKP", user_id=_as(session, "kiemtra1"))
        form = visit_form(visit)
        assert [s.code for s in form.sections] == ["BC", "KP"]
        assert form.sections[1].items == ()


def test_standard_visit_pins_the_form_version_without_snapshot(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        point = _point(session, "Ủy ban nhân dân phường Hòa Thuận")
        visit = start_visit(session, point.id, form_code="KTCV-MC", user_id=_as(session, "kiemtra1"), announced=False)
        assert visit.form_snapshot is None and visit.status is VisitStatus.IN_PROGRESS
        assert visit.started_at is not None and not visit.announced
        assert len(list(visit_form(visit).items())) >= 60


def test_unknown_form_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        point = _point(session, "Ủy ban nhân dân phường Hòa Thuận")
        with pytest.raises(VisitError, match="Chưa có phiếu kiểm tra mã KHONG-CO"):
            start_visit(session, point.id, form_code="KHONG-CO", user_id=_as(session, "kiemtra1"))


def test_a_planned_follow_up_gets_its_items_when_it_starts(db) -> None:  # type: ignore[no-untyped-def]
    """Planned today, started later: the items come from what is still open on the day it starts."""
    from inspector.services.rounds import begin_planned, plan_visits
    from inspector.store.models import Round

    with db.session() as session:
        point = _point(session, "Ủy ban nhân dân phường Trà Vinh")
        _finished_visit(session, point, [("Bố trí công chức trực quầy đủ giờ làm việc", "KL-01",
                                          RecommendationStatus.OPEN)])
        round_ = session.scalars(sa.select(Round)).first()
        planned = plan_visits(session, round_.id, [point.id], max(round_.start_date, date.today()),
                              form_code="KTKP", user_id=_as(session, "truongphong"))[0]
        assert planned.form_snapshot is None  # nothing generated while only planned
        begin_planned(session, planned.id, _as(session, "kiemtra1"))
        planned_id = planned.id
    with db.session() as session:
        visit = session.get(Visit, planned_id)
        generated = [i for i in visit_form(visit).items() if i.recommendation_id]
        assert [i.text for i in generated] == ["Đã khắc phục: Bố trí công chức trực quầy đủ giờ làm việc"]
        assert "118/2025/NĐ-CP" in generated[0].legal_basis  # cited under the law of the day it starts
