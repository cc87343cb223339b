"""Rounds (đợt kiểm tra), planned and unannounced visits, and the visits list."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
import sqlalchemy as sa

from inspector.domain.catalog import TeamRole
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.inspection import Inspection
from inspector.services.rounds import (
    MemberInput,
    RoundInput,
    VisitFilter,
    begin_planned,
    create_round,
    list_rounds,
    list_visits,
    plan_visits,
    start_unannounced,
    validate_round,
)
from inspector.services.visits import VisitError
from inspector.store.models import ReceptionPoint, Round, Unit
from tests.people import people_of

TEAM = (
    MemberInput("Nguyễn Văn Thành", "Trưởng phòng Nội vụ", TeamRole.LEADER),
    MemberInput("Lê Thị Mỹ Linh", "Chuyên viên", TeamRole.MEMBER),
    MemberInput("Phạm Thị Hồng Nhạn", "Văn thư", TeamRole.SECRETARY),
)


def _round(**changes) -> RoundInput:  # type: ignore[no-untyped-def]
    base = dict(name="Kiểm tra công vụ quý IV", decision_number="210/QĐ-UBND", decision_date=date(2026, 10, 1),
                decision_issuer="Sở Nội vụ tỉnh Vĩnh Long", start_date=date(2026, 10, 5), end_date=date(2026, 12, 20),
                members=TEAM)
    base.update(changes)
    return RoundInput(**base)  # type: ignore[arg-type]


def _team(people) -> dict:  # type: ignore[no-untyped-def]
    """TEAM with the demo's people as its members' accounts (kiemtra1 answers the round's visits)."""
    ids = (people.supervisor, people.inspector, people.clerk)
    return {"members": tuple(dataclasses.replace(m, user_id=i) for m, i in zip(TEAM, ids, strict=True))}


def _body(session) -> dict:  # type: ignore[no-untyped-def]
    """The inspecting body of the demo's current round (a round names one once bodies exist)."""
    return {"inspecting_body_id": session.scalars(sa.select(Round.inspecting_body_id).where(
        Round.inspecting_body_id.is_not(None))).first()}


def _points(session, *names: str) -> list:  # type: ignore[no-untyped-def]
    return [session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == n)).one().id for n in names]


def test_round_input_problems_are_all_reported_in_vietnamese() -> None:
    problems = validate_round(_round(name=" ", start_date=date(2026, 12, 1), end_date=date(2026, 11, 1),
                                     decision_date=date(2026, 12, 5), members=TEAM[1:]))
    assert problems == [
        "Hãy nhập tên đợt kiểm tra.",
        "Ngày kết thúc (01/11/2026) trước ngày bắt đầu (01/12/2026).",
        "Ngày quyết định (05/12/2026) sau ngày bắt đầu kiểm tra (01/12/2026).",
        "Đoàn kiểm tra phải có đúng một Trưởng đoàn.",
    ]
    assert validate_round(_round(members=())) == ["Đoàn kiểm tra phải có ít nhất một thành viên."]
    assert validate_round(_round()) == []


def test_create_round_plan_and_list(db, people) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        record = create_round(session, _round(**_body(session)), people.supervisor)
        round_id = record.id
        plan_visits(session, round_id, _points(session, "Ủy ban nhân dân phường Trà Vinh", "Ủy ban nhân dân phường Long Đức"),
                    date(2026, 11, 3), user_id=people.supervisor)
        with pytest.raises(VisitError, match="nằm ngoài thời gian của đợt"):
            plan_visits(session, round_id, _points(session, "Ủy ban nhân dân phường Nguyệt Hóa"), date(2027, 1, 3),
                        user_id=people.supervisor)
    with db.session() as session:
        rows = {r.name: r for r in list_rounds(session)}
        row = rows["Kiểm tra công vụ quý IV"]
        assert (row.leader, row.member_count, row.visit_count) == ("Nguyễn Văn Thành", 3, 2)
        planned = list_visits(session, VisitFilter(round_id=round_id))
        assert {v.unit_name for v in planned} == {"Ủy ban nhân dân phường Trà Vinh", "Ủy ban nhân dân phường Long Đức"}
        assert all(v.status is VisitStatus.PLANNED and v.day == date(2026, 11, 3) for v in planned)


def test_planned_visit_starts_and_lists_by_filters(db, people) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        round_id = create_round(session, _round(**_body(session), **_team(people)), people.admin).id
        visit = plan_visits(session, round_id, _points(session, "Ủy ban nhân dân phường Nguyệt Hóa"), date(2026, 11, 10),
                            user_id=people.admin)[0]
        begin_planned(session, visit.id, people.inspector)
        assert visit.status is VisitStatus.IN_PROGRESS and visit.started_at is not None
        unit_id = session.scalars(sa.select(Unit.id).where(Unit.name == "Ủy ban nhân dân phường Nguyệt Hóa")).one()
        visit_id = visit.id
    Inspection(db, people.inspector).set_result(visit_id, "KL-01", Result.FAIL)
    with db.session() as session:
        rows = list_visits(session, VisitFilter(unit_id=unit_id, status=VisitStatus.IN_PROGRESS))
        assert [(r.answered, r.failed) for r in rows] == [(1, 1)]
        assert list_visits(session, VisitFilter(unit_id=unit_id, status=VisitStatus.SUBMITTED)) == []
        assert list_visits(session, VisitFilter(date_from=date(2026, 11, 11), round_id=round_id)) == []
        assert len(list_visits(session, VisitFilter(date_from=date(2026, 11, 10), date_to=date(2026, 11, 10),
                                                    round_id=round_id))) == 1


def test_unannounced_visit_uses_the_round_in_force(db, people) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        visit = start_unannounced(session, _points(session, "Ủy ban nhân dân phường Long Đức")[0], user_id=people.inspector)
        assert not visit.announced and visit.status is VisitStatus.IN_PROGRESS
        assert visit.round is not None and visit.round.members[0].team_role is TeamRole.LEADER


def test_unannounced_visit_without_any_round_explains(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.workspace import open_workspace

    ws = open_workspace(tmp_path / "db.sqlite", demo_history=False)
    inspector = people_of(ws.db).inspector
    try:
        with ws.db.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM round_members"))
            conn.execute(sa.text("DELETE FROM rounds"))
        with ws.db.session() as session, pytest.raises(VisitError, match="Hãy tạo đợt kiểm tra trước"):
            start_unannounced(session, _points(session, "Ủy ban nhân dân phường Trà Vinh")[0], user_id=inspector)
    finally:
        ws.close()


def test_the_same_point_is_not_planned_twice_on_one_day(db, people) -> None:  # type: ignore[no-untyped-def]
    boss = people.supervisor
    with db.session() as session:
        round_id = create_round(session, _round(**_body(session)), boss).id
        point = _points(session, "Ủy ban nhân dân phường Hòa Thuận")
        plan_visits(session, round_id, point, date(2026, 11, 12), user_id=boss)
        with pytest.raises(VisitError, match="đã có lịch kiểm tra ngày 12/11/2026"):
            plan_visits(session, round_id, point, date(2026, 11, 12), user_id=boss)
        assert len(plan_visits(session, round_id, point, date(2026, 12, 1), user_id=boss)) == 1  # a later re-visit is fine
