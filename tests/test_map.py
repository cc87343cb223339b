"""Today's map and its history: units and reception points with validity dates and successions, the
administrator's edits (audited), inspecting bodies per date, and rounds that name their body."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from inspector.domain.catalog import Role, SuccessionKind, TeamRole, UnitLevel
from inspector.domain.clock import local_today
from inspector.domain.workflow import VisitStatus
from inspector.services.access import AccessDenied
from inspector.services.bodies import (
    BodyInput,
    create_body,
    full_name,
    list_bodies,
    round_body_problems,
    symbol_problem,
    update_body,
)
from inspector.services.catalog import (
    CatalogError,
    PointInput,
    SuccessionInput,
    UnitInput,
    create_point,
    create_unit,
    current_successors,
    lineage_point_ids,
    list_units,
    predecessor_unit_ids,
    record_succession,
    successor_chain,
    update_point,
    update_unit,
)
from inspector.services.rounds import (
    MemberInput,
    RoundInput,
    VisitFilter,
    create_round,
    list_visits,
    plan_visits,
    round_input_of,
    start_unannounced,
    update_round,
)
from inspector.services.visits import VisitError
from inspector.store.models import (
    AuditEvent,
    InspectingBody,
    PointSuccession,
    ReceptionPoint,
    Round,
    Unit,
    UnitSuccession,
    Visit,
)
from tests.map_data import MERGER_1, MERGER_2, build, build_units, open_empty
from tests.people import someone


@pytest.fixture
def ws(tmp_path):  # type: ignore[no-untyped-def]
    workspace = open_empty(tmp_path)
    yield workspace
    workspace.close()


@pytest.fixture
def db(ws):  # type: ignore[no-untyped-def]
    return ws.db


@pytest.fixture
def m(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return build(session)


def _names(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.name for r in rows]


def _events(session, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.at)))


# --- today's map and history ------------------------------------------------------------------


def test_the_map_of_a_day_lists_only_what_is_valid_that_day(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        assert _names(list_units(session, on=date(2024, 6, 1))) == [
            "Ủy ban nhân dân thành phố Trà Vinh", "Phường 1", "Phường 2", "Phường 3"]
        assert _names(list_units(session, on=date(2025, 3, 1))) == [
            "Ủy ban nhân dân thành phố Trà Vinh", "Phường 1", "Phường 3"]
        today = list_units(session)
        assert _names(today) == ["Ủy ban nhân dân tỉnh Vĩnh Long", "Phường Trà Vinh"]
        assert today == list_units(session, on=local_today())
        ward = today[1]
        assert [p.name for p in ward.points] == ["Trung tâm Phục vụ hành chính công phường Trà Vinh"]
        assert ward.current and ward.shown_under == m.province
        assert {p.name for p in ward.predecessors} == {"Phường 1", "Phường 3"}
        # the points of a merged ward end with it: none of the 2024 points is on today's map
        p3_2025 = next(u for u in list_units(session, on=date(2025, 3, 1)) if u.id == m.p3)
        assert [p.name for p in p3_2025.points] == ["Bộ phận Một cửa Phường 3"]


def test_history_lists_ended_units_under_the_unit_that_continues_them(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        rows = {r.id: r for r in list_units(session, on=date(2026, 1, 1), history=True)}
    assert set(rows) == {m.province, m.city, m.p1, m.p2, m.p3, m.ptv}
    p2, p3, ptv, city = rows[m.p2], rows[m.p3], rows[m.ptv], rows[m.city]
    assert (p2.ended, p2.valid_until, p2.shown_under) == (True, date(2024, 12, 31), m.p3)
    assert [(s.name, s.kind, s.effective_on) for s in p2.successors] == [("Phường 3", SuccessionKind.MERGE, MERGER_1)]
    assert (p3.ended, p3.valid_until, p3.shown_under) == (True, date(2025, 6, 30), m.ptv)
    assert rows[m.p1].shown_under == m.ptv
    assert (ptv.current, ptv.valid_from, ptv.shown_under) == (True, MERGER_2, m.province)
    assert (city.ended, city.successors, city.shown_under) == (True, (), None)  # abolished: at the top
    point2 = p2.points[0]
    assert (point2.ended, point2.valid_until, [s.name for s in point2.successors]) == \
        (True, date(2024, 12, 31), ["Bộ phận Một cửa Phường 3"])
    # under each parent, today's units come before the history
    order = list(rows)
    assert order.index(m.province) < order.index(m.city) and order.index(m.ptv) < order.index(m.p3)


def test_a_unit_switched_off_by_the_administrator_is_never_listed(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        session.get(Unit, m.p2).active = False
    with db.session() as session:
        assert m.p2 not in {r.id for r in list_units(session, on=date(2026, 1, 1), history=True)}


def test_an_ended_point_is_not_offered_for_a_new_visit_but_old_visits_stay_listed(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        old = Visit(reception_point_id=m.point2, form_version_id=m.form_version, status=VisitStatus.SUBMITTED,
                    planned_date=date(2024, 6, 3))
        session.add(old)
        record = create_round(session, RoundInput(
            name="Kiểm tra công vụ", decision_number="12/QĐ-SNV", decision_date=local_today(),
            start_date=local_today(), end_date=date(local_today().year, 12, 31), inspecting_body_id=m.new_body,
            members=(MemberInput("Nguyễn Văn Thành", "Phó Giám đốc", TeamRole.LEADER),)), m.admin)
        with pytest.raises(VisitError, match="Bộ phận Một cửa Phường 2.*không có hiệu lực"):
            plan_visits(session, record.id, [m.point2], local_today(), user_id=m.admin)
        with pytest.raises(VisitError, match="không có hiệu lực"):
            start_unannounced(session, m.point3, user_id=m.inspector)
        assert len(plan_visits(session, record.id, [m.point_ptv], local_today(), user_id=m.admin)) == 1
        rows = list_visits(session, VisitFilter(unit_id=m.p2))
        assert [(v.unit_name, v.point_name, v.day) for v in rows] == [
            ("Phường 2", "Bộ phận Một cửa Phường 2", date(2024, 6, 3))]


# --- successions ------------------------------------------------------------------------------


def test_a_merger_ends_the_predecessors_and_starts_the_successor_in_one_audited_change(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build_units(session)
        links = record_succession(session, SuccessionInput(
            SuccessionKind.MERGE, [m.p3, m.p1], [m.ptv], MERGER_2, note="Nghị quyết 1687",
            point_links=[(m.point3, m.point_ptv)]), m.admin)
        assert len(links) == 2
    with db.session() as session:
        p1, p3, ptv = (session.get(Unit, i) for i in (m.p1, m.p3, m.ptv))
        assert p1.valid_until == p3.valid_until == date(2025, 6, 30)
        assert ptv.valid_from == MERGER_2   # was empty: begins on the effective date
        assert session.get(ReceptionPoint, m.point3).valid_until == date(2025, 6, 30)
        assert session.get(ReceptionPoint, m.point1).valid_until == date(2025, 6, 30)
        assert session.get(ReceptionPoint, m.point_ptv).valid_from == MERGER_2
        rows = session.scalars(sa.select(UnitSuccession)).all()
        assert {(r.predecessor_id, r.successor_id, r.kind, r.effective_on, r.note) for r in rows} == {
            (m.p3, m.ptv, "merge", MERGER_2, "Nghị quyết 1687"), (m.p1, m.ptv, "merge", MERGER_2, "Nghị quyết 1687")}
        points = session.scalars(sa.select(PointSuccession)).all()
        assert [(p.predecessor_id, p.successor_id) for p in points] == [(m.point3, m.point_ptv)]
        ended = _events(session, "unit.ended")
        assert {e.entity_id for e in ended} == {str(m.p1), str(m.p3)}
        assert all(e.after["valid_until"] == "2025-06-30" and e.after["successors"] == ["Phường Trà Vinh"]
                   and e.user_id == m.admin for e in ended)
        assert ended[0].before == {"valid_until": None}
        succeeded = _events(session, "unit.succeeded")
        assert [(e.entity_id, e.before, e.after["valid_from"]) for e in succeeded] == [
            (str(m.ptv), {"valid_from": None}, "2025-07-01")]
        assert set(succeeded[0].after["predecessors"]) == {"Phường 1", "Phường 3"}
        assert [e.entity_id for e in _events(session, "reception_point.succeeded")] == [str(m.point_ptv)]


def test_a_merger_into_a_unit_that_was_already_there_keeps_its_start(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build_units(session)
        record_succession(session, SuccessionInput(SuccessionKind.MERGE, [m.p2], [m.p3], MERGER_1,
                                                   successor_existed=True), m.admin)
        assert session.get(Unit, m.p3).valid_from is None
        assert session.get(Unit, m.p2).valid_until == date(2024, 12, 31)


def test_a_split_and_a_rename(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build_units(session)
        north = create_unit(session, UnitInput("Phường Bắc", UnitLevel.WARD, parent_id=m.city), m.admin)
        south = create_unit(session, UnitInput("Phường Nam", UnitLevel.WARD, parent_id=m.city), m.admin)
        record_succession(session, SuccessionInput(SuccessionKind.SPLIT, [m.p1], [north.id, south.id],
                                                   date(2024, 10, 1)), m.admin)
        assert (north.valid_from, south.valid_from) == (date(2024, 10, 1), date(2024, 10, 1))
        assert session.get(Unit, m.p1).valid_until == date(2024, 9, 30)
        assert current_successors(session, m.p1, date(2024, 11, 1)) == [north.id, south.id]

        renamed = create_unit(session, UnitInput("Phường Hai", UnitLevel.WARD, parent_id=m.city), m.admin)
        record_succession(session, SuccessionInput(SuccessionKind.RENAME, [m.p2], [renamed.id], date(2024, 8, 1)),
                          m.admin)
        rows = {r.id: r for r in list_units(session, on=date(2024, 9, 1), history=True)}
        assert rows[m.p2].shown_under == renamed.id
        assert [(s.name, s.kind) for s in rows[m.p2].successors] == [("Phường Hai", SuccessionKind.RENAME)]
        assert session.scalar(sa.select(sa.func.count()).select_from(UnitSuccession)) == 3


def _refused(session, m, data: SuccessionInput, match: str, user=None) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CatalogError, match=match):
        record_succession(session, data, m.admin if user is None else user)


def test_successions_that_are_refused_change_nothing(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build_units(session)
        merge = SuccessionInput(SuccessionKind.MERGE, [m.p2], [m.p3], MERGER_1)
        with pytest.raises(AccessDenied, match="chỉ dành cho: quản trị"):
            record_succession(session, merge, m.inspector)
        with pytest.raises(AccessDenied, match="Chưa đăng nhập"):
            record_succession(session, merge, None)
        _refused(session, m, SuccessionInput(SuccessionKind.MERGE, [m.p2, m.p3], [m.p3], MERGER_1),
                 "“Phường 3” không thể kế thừa chính nó")
        _refused(session, m, SuccessionInput(SuccessionKind.SPLIT, [m.p2], [m.p3], MERGER_1),
                 "Chia tách cần đúng một đơn vị bị chia tách và ít nhất hai")
        _refused(session, m, SuccessionInput(SuccessionKind.RENAME, [m.p1, m.p2], [m.p3], MERGER_1), "Đổi tên cần")
        # the city ended on 30/6/2025: nothing of it can end later, nor continue a unit after that
        _refused(session, m, SuccessionInput(SuccessionKind.MERGE, [m.city], [m.province], date(2025, 9, 1)),
                 "“Ủy ban nhân dân thành phố Trà Vinh” đã hết hiệu lực ngày 30/06/2025")
        _refused(session, m, SuccessionInput(SuccessionKind.MERGE, [m.p1], [m.city], date(2025, 9, 1)),
                 "Đơn vị kế thừa “Ủy ban nhân dân thành phố Trà Vinh” hết hiệu lực ngày 30/06/2025")
        # the province begins on 01/7/2025: it cannot end before it began, nor continue anything earlier
        _refused(session, m, SuccessionInput(SuccessionKind.MERGE, [m.province], [m.p3], date(2025, 3, 1)),
                 "chỉ có hiệu lực từ 01/07/2025")
        _refused(session, m, SuccessionInput(SuccessionKind.MERGE, [m.p1], [m.province], date(2025, 3, 1)),
                 "chỉ bắt đầu hiệu lực từ 01/07/2025, sau ngày hiệu lực 01/03/2025")
        _refused(session, m, SuccessionInput(SuccessionKind.MERGE, [m.p2], [m.p3], MERGER_1,
                                             point_links=[(m.point1, m.point3)]), "phải thuộc một đơn vị cũ")
        assert session.scalar(sa.select(sa.func.count()).select_from(UnitSuccession)) == 0
        assert session.get(Unit, m.p2).valid_until is None
        assert _events(session, "unit.ended") == []


def test_a_succession_that_would_make_a_cycle_is_refused(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        # Phường Trà Vinh continues Phường 3, which continues Phường 2: neither can continue Phường Trà Vinh
        session.get(Unit, m.p2).valid_until = None
        session.get(Unit, m.ptv).valid_until = None
        _refused(session, m, SuccessionInput(SuccessionKind.MERGE, [m.ptv], [m.p2], date(2026, 1, 1),
                                             successor_existed=True), "vòng lặp")
        _refused(session, m, SuccessionInput(SuccessionKind.MERGE, [m.p2], [m.p3], date(2024, 6, 1),
                                             successor_existed=True), "đã được ghi nhận là tiền thân")


def test_lineage_crosses_two_successive_mergers(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        lineage = lineage_point_ids(session, m.point_ptv)
        assert lineage[0] == m.point_ptv
        assert set(lineage) == {m.point_ptv, m.point3, m.point2, m.point1}
        assert lineage_point_ids(session, m.point3) == [m.point3, m.point2]
        assert lineage_point_ids(session, m.point2) == [m.point2]
        assert predecessor_unit_ids(session, m.ptv) in ([m.p3, m.p1, m.p2], [m.p1, m.p3, m.p2])
        assert successor_chain(session, m.p2) == [m.p3, m.ptv]
        assert current_successors(session, m.p2, date(2026, 1, 1)) == [m.ptv]
        assert current_successors(session, m.p2, date(2025, 3, 1)) == [m.p3]
        assert current_successors(session, m.ptv) == [m.ptv]


def test_lineage_follows_point_successions_between_units_without_a_unit_succession(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build_units(session)
        session.add(PointSuccession(predecessor_id=m.point1, successor_id=m.point_ptv, kind="merge",
                                    effective_on=MERGER_2))
        session.flush()
        assert lineage_point_ids(session, m.point_ptv) == [m.point_ptv, m.point1]


# --- the administrator's edits ----------------------------------------------------------------


def test_units_are_created_and_corrected_by_the_administrator_only_and_audited(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        data = UnitInput(" Ủy ban nhân dân phường  Long Đức ", UnitLevel.WARD, short_name="Phường Long Đức",
                         parent_id=m.province, valid_from=MERGER_2)
        with pytest.raises(AccessDenied, match="chỉ dành cho: quản trị"):
            create_unit(session, data, m.inspector)
        unit = create_unit(session, data, m.admin)
        assert (unit.name, unit.code.startswith("DV-"), unit.parent_id) == (
            "Ủy ban nhân dân phường Long Đức", True, m.province)
        update_unit(session, unit.id, UnitInput("Ủy ban nhân dân phường Long Đức", UnitLevel.WARD,
                                                parent_id=m.province, valid_from=MERGER_2,
                                                address="Ấp Long Bình"), m.admin)
        created, updated = _events(session, "unit.created"), _events(session, "unit.updated")
        assert created[-1].after["name"] == "Ủy ban nhân dân phường Long Đức"
        assert (updated[-1].before["address"], updated[-1].after["address"]) == ("", "Ấp Long Bình")
        assert updated[-1].user_id == m.admin
        with pytest.raises(CatalogError) as refused:
            update_unit(session, m.province, UnitInput("", UnitLevel.PROVINCE, parent_id=m.ptv,
                                                       valid_from=date(2025, 7, 1), valid_until=date(2025, 1, 1),
                                                       code="P-TV"), m.admin)
        assert str(refused.value).split("\n") == [
            "Hãy nhập tên đơn vị.",
            "Ngày hết hiệu lực (01/01/2025) trước ngày bắt đầu hiệu lực (01/07/2025).",
            "Đơn vị cấp trên không thể là chính đơn vị này hoặc một đơn vị trực thuộc nó.",
            "Mã đơn vị “P-TV” đã được dùng cho đơn vị khác.",
        ]


def test_reception_points_are_created_and_corrected_audited(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        point = create_point(session, PointInput(m.ptv, "Điểm tiếp nhận số 2", phone="0294 1"), m.admin)
        update_point(session, point.id, PointInput(m.ptv, "Điểm tiếp nhận số 2", phone="0294 3862 222",
                                                   valid_until=date(2026, 12, 31)), m.admin)
        event = _events(session, "reception_point.updated")[-1]
        assert (event.before["phone"], event.after["phone"], event.after["valid_until"]) == (
            "0294 1", "0294 3862 222", "2026-12-31")
        with pytest.raises(CatalogError, match="nằm ngoài thời gian hiệu lực của “Phường 2”"):
            create_point(session, PointInput(m.p2, "Điểm mới", valid_from=date(2026, 1, 1)), m.admin)
        with pytest.raises(AccessDenied, match="chỉ dành cho: quản trị"):
            create_point(session, PointInput(m.ptv, "Điểm khác"), m.inspector)


# --- inspecting bodies ------------------------------------------------------------------------


def test_bodies_valid_per_date_and_their_full_name(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        assert [b.full_name for b in list_bodies(session, date(2025, 6, 30))] == ["Phòng Nội vụ thành phố Trà Vinh"]
        assert [b.full_name for b in list_bodies(session, date(2025, 7, 1))] == ["Sở Nội vụ tỉnh Vĩnh Long"]
        assert [b.name for b in list_bodies(session)] == ["Sở Nội vụ"]
        assert len(list_bodies(session, every=True)) == 2
    body = InspectingBody(name="Phòng Nội vụ thành phố Trà Vinh", parent_name="UBND thành phố Trà Vinh")
    assert full_name(body) == "Phòng Nội vụ thành phố Trà Vinh"   # the place is not said twice
    assert full_name(InspectingBody(name="Sở Nội vụ", parent_name="")) == "Sở Nội vụ"


@pytest.mark.parametrize("symbol", ["BB-SNV", "BB-ĐKT", "BB-VHXH", "BB-PVHXH-2025"])
def test_minutes_symbols_accepted(symbol: str) -> None:
    assert symbol_problem(symbol) is None


@pytest.mark.parametrize("symbol", ["bb-snv", "BB--SNV", "-BB", "BB SNV", "BB/SNV", "BB-", "", "B" * 41])
def test_minutes_symbols_refused(symbol: str) -> None:
    problem = symbol_problem(symbol)
    assert problem is not None and ("chữ in hoa" in problem or "Hãy nhập" in problem)


def test_bodies_are_edited_by_the_administrator_and_audited(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        data = BodyInput(name="Phòng Văn hóa - Xã hội", parent_name="Ủy ban nhân dân phường Trà Vinh",
                         place_name="Trà Vinh", minutes_symbol="BB-VHXH", valid_from=MERGER_2, unit_id=m.ptv)
        with pytest.raises(AccessDenied, match="chỉ dành cho: quản trị"):
            create_body(session, data, m.inspector)
        body = create_body(session, data, m.admin)
        assert (body.code, full_name(body)) == ("BB-VHXH", "Phòng Văn hóa - Xã hội phường Trà Vinh")
        update_body(session, body.id, BodyInput(name="Phòng Văn hóa - Xã hội", parent_name=data.parent_name,
                                                place_name="Trà Vinh", minutes_symbol="BB-VHXH",
                                                leader_title="Trưởng đoàn", valid_from=MERGER_2), m.admin)
        event = _events(session, "inspecting_body.updated")[-1]
        assert (event.before["leader_title"], event.after["leader_title"]) == ("Trưởng đoàn kiểm tra", "Trưởng đoàn")
        assert event.after["unit_id"] is None
        with pytest.raises(CatalogError) as refused:
            create_body(session, BodyInput(name="", place_name="", minutes_symbol="bb", valid_from=date(2026, 1, 2),
                                           valid_until=date(2026, 1, 1), code="SNV-VL"), m.admin)
        assert str(refused.value).split("\n") == [
            "Hãy nhập tên cơ quan kiểm tra (ví dụ Sở Nội vụ).",
            "Hãy nhập địa danh ghi ở dòng ngày tháng của biên bản (ví dụ Vĩnh Long).",
            "Ký hiệu biên bản “bb” chỉ gồm chữ in hoa, chữ số và dấu gạch nối giữa các phần (ví dụ BB-SNV), "
            "tối đa 40 ký tự.",
            "Ngày hết hiệu lực (01/01/2026) trước ngày bắt đầu hiệu lực (02/01/2026).",
            "Mã “SNV-VL” đã được dùng cho cơ quan kiểm tra khác.",
        ]


# --- rounds name their inspecting body --------------------------------------------------------


def _round(body, day: date, **changes) -> RoundInput:  # type: ignore[no-untyped-def]
    base = dict(name="Kiểm tra công vụ quý IV", decision_number="210/QĐ-SNV", decision_date=day,
                start_date=day, end_date=date(day.year, 12, 31), inspecting_body_id=body,
                members=(MemberInput("Nguyễn Văn Thành", "Phó Giám đốc Sở Nội vụ", TeamRole.LEADER),))
    base.update(changes)
    return RoundInput(**base)  # type: ignore[arg-type]


def test_a_round_stores_its_body_and_the_issuer_follows_it(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        record = create_round(session, _round(m.new_body, date(2026, 10, 1)), m.admin)
        assert (record.inspecting_body_id, record.decision_issuer) == (m.new_body, "Sở Nội vụ tỉnh Vĩnh Long")
        other = create_round(session, _round(m.new_body, date(2026, 10, 1), decision_issuer="Giám đốc Sở Nội vụ"), m.admin)
        assert other.decision_issuer == "Giám đốc Sở Nội vụ"
        assert _events(session, "round.created")[-1].after["inspecting_body"] == str(m.new_body)
        stored = round_input_of(session, record.id)
        assert stored is not None and stored.inspecting_body_id == m.new_body


def test_a_round_refuses_a_body_not_in_force_on_the_decision_date(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        with pytest.raises(VisitError, match="“Phòng Nội vụ thành phố Trà Vinh” không có hiệu lực vào ngày "
                                             "quyết định 01/10/2026 \\(đến 30/06/2025\\)"):
            create_round(session, _round(m.old_body, date(2026, 10, 1)), m.admin)
        with pytest.raises(VisitError, match="Hãy chọn cơ quan kiểm tra."):
            create_round(session, _round(None, date(2026, 10, 1)), m.admin)
        session.get(InspectingBody, m.old_body).valid_from = date(2023, 1, 1)
        assert round_body_problems(session, None, date(2020, 1, 1)) == [
            "Chưa có cơ quan kiểm tra nào có hiệu lực vào ngày quyết định 01/01/2020; quản trị viên hãy thêm "
            "ở Danh mục › Cơ quan kiểm tra."]
        assert create_round(session, _round(m.old_body, date(2024, 3, 1)), m.admin).inspecting_body_id == m.old_body
        assert session.scalar(sa.select(sa.func.count()).select_from(Round)) == 1


def test_without_bodies_in_the_catalogue_a_round_needs_none(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        boss = someone(session, Role.SUPERVISOR)
        assert create_round(session, _round(None, date(2026, 10, 1), decision_issuer="UBND"), boss).inspecting_body_id is None


def test_editing_a_round_keeps_its_numbered_minutes_under_their_body(db, m) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        record = create_round(session, _round(m.new_body, date(2026, 10, 1)), m.admin)
        body2 = create_body(session, BodyInput(name="Phòng Văn hóa - Xã hội", place_name="Trà Vinh",
                                               parent_name="Ủy ban nhân dân phường Trà Vinh",
                                               minutes_symbol="BB-VHXH"), m.admin)
        update_round(session, record.id, _round(body2.id, date(2026, 10, 1), decision_issuer=""), m.admin)
        assert (record.inspecting_body_id, record.decision_issuer) == (body2.id, "Phòng Văn hóa - Xã hội phường Trà Vinh")
        event = _events(session, "round.updated")[-1]
        assert (event.before["inspecting_body"], event.after["inspecting_body"]) == (str(m.new_body), str(body2.id))
        session.add(Visit(round_id=record.id, reception_point_id=m.point_ptv, form_version_id=m.form_version,
                          minutes_seq=1, minutes_year=2026, minutes_number="01/BB-VHXH"))
        session.flush()
        with pytest.raises(VisitError, match="không thể đổi cơ quan kiểm tra"):
            update_round(session, record.id, _round(m.new_body, date(2026, 10, 1)), m.admin)
        update_round(session, record.id, _round(body2.id, date(2026, 10, 1), name="Kiểm tra công vụ năm 2026"), m.admin)
        assert record.name == "Kiểm tra công vụ năm 2026"
