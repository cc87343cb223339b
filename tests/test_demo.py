"""The demo data: today's map of tỉnh Vĩnh Long, the 2023 city as history with its successions and
inspecting bodies, and the 2024–2025 visits whose minutes are numbered and whose recommendations are
still open at the wards that continue the merged ones."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from inspector.domain.catalog import Role, SuccessionKind, TeamRole, UnitLevel
from inspector.domain.text import is_nfc
from inspector.domain.workflow import RecommendationStatus, VisitStatus
from inspector.services.catalog import lineage_point_ids, list_units
from inspector.services.workspace import Workspace, open_workspace
from inspector.store.models import (
    Blob,
    FormVersion,
    InspectingBody,
    PointSuccession,
    ReceptionPoint,
    Recommendation,
    Round,
    Unit,
    UnitSuccession,
    User,
    Visit,
)

TODAY = date(2026, 11, 20)
FOUR_WARDS = {"Trà Vinh", "Long Đức", "Nguyệt Hóa", "Hòa Thuận"}
STILL_OPEN = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS, RecommendationStatus.DONE)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A first start as the app makes it: the whole demo, history and numbered visits included (read only)."""
    ws = open_workspace(tmp_path_factory.mktemp("demo") / "first-start.sqlite")
    yield ws
    ws.close()


def _units(session) -> dict[str, Unit]:  # type: ignore[no-untyped-def]
    return {u.name: u for u in session.scalars(sa.select(Unit))}


def _everything_text(session) -> list[str]:  # type: ignore[no-untyped-def]
    texts = []
    for unit in session.scalars(sa.select(Unit)):
        texts += [unit.name, unit.short_name, unit.address]
        for point in unit.reception_points:
            texts += [point.name, point.address] + [s.full_name for s in point.staff] + [s.position for s in point.staff]
    return texts


def test_todays_map(full) -> None:  # type: ignore[no-untyped-def]
    assert full.seeded_demo
    with full.db.session() as session:
        valid = [u for u in session.scalars(sa.select(Unit)) if u.valid_on(TODAY)]
        names = {u.name for u in valid}
        assert names == {"Ủy ban nhân dân tỉnh Vĩnh Long", "Sở Nội vụ", "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long"} | {
            f"Ủy ban nhân dân phường {w}" for w in FOUR_WARDS}
        province = next(u for u in valid if u.level is UnitLevel.PROVINCE)
        assert all(u.parent_id == province.id for u in valid if u is not province)
        assert all(u.valid_from == date(2025, 7, 1) and u.valid_until is None for u in valid)
        for ward in FOUR_WARDS:
            unit = next(u for u in valid if u.name == f"Ủy ban nhân dân phường {ward}")
            assert unit.level is UnitLevel.WARD
            [point] = unit.reception_points
            assert point.name == f"Trung tâm Phục vụ hành chính công phường {ward}" and point.valid_on(TODAY)
            assert 3 <= len(point.staff) <= 5
            positions = {s.position for s in point.staff}
            assert "Công chức Văn hóa - Xã hội" in positions
        centre = next(u for u in valid if u.name.startswith("Trung tâm"))
        assert len([p for p in centre.reception_points if p.valid_on(TODAY)]) == 2  # the centre and its branch
        assert any("Nhân viên hợp đồng" == s.position for p in centre.reception_points for s in p.staff)
        texts = _everything_text(session)
        assert all(is_nfc(t) for t in texts)
        assert not any("\u00d0" in t for t in texts)  # Icelandic Ð is not Vietnamese Đ
        staff = [s for u in session.scalars(sa.select(Unit)) for p in u.reception_points for s in p.staff]
        assert len({s.full_name for s in staff}) == len(staff)  # no two people share a name


def test_history_validity(full) -> None:  # type: ignore[no-untyped-def]
    with full.db.session() as session:
        units = _units(session)
        city = units["Ủy ban nhân dân thành phố Trà Vinh"]
        assert city.level is UnitLevel.CITY and city.valid_until == date(2025, 6, 30)
        for n in range(1, 10):
            ward = units[f"Ủy ban nhân dân Phường {n}"]
            assert ward.parent_id == city.id
            assert ward.valid_until == (date(2024, 12, 31) if n in (2, 6) else date(2025, 6, 30)), n
            [point] = ward.reception_points
            assert point.valid_until == ward.valid_until
        for commune in ("Long Đức", "Nguyệt Hóa", "Hòa Thuận"):
            assert units[f"Ủy ban nhân dân xã {commune}"].valid_until == date(2025, 6, 30)
        departments = [u for u in units.values() if u.parent_id == city.id and u.level is UnitLevel.DEPARTMENT]
        assert {"Phòng Nội vụ", "Phòng Tư pháp"} <= {u.name for u in departments}
        assert all(u.valid_until == date(2025, 6, 30) for u in departments)
        # On a day in 2024 the map is the city's.
        in_2024 = {u.name for u in units.values() if u.valid_on(date(2024, 10, 15))}
        assert "Ủy ban nhân dân Phường 2" in in_2024 and "Ủy ban nhân dân phường Trà Vinh" not in in_2024
        assert "Ủy ban nhân dân Phường 2" not in {u.name for u in units.values() if u.valid_on(date(2025, 3, 1))}


def test_successions(full) -> None:  # type: ignore[no-untyped-def]
    with full.db.session() as session:
        name = {u.id: u.name.removeprefix("Ủy ban nhân dân ") for u in session.scalars(sa.select(Unit))}
        links: dict[str, set[str]] = {}
        for row in session.scalars(sa.select(UnitSuccession)):
            assert row.kind == SuccessionKind.MERGE.value
            assert row.effective_on == (date(2025, 1, 1) if name[row.successor_id] == "Phường 3" else date(2025, 7, 1))
            links.setdefault(name[row.successor_id], set()).add(name[row.predecessor_id])
        assert links == {
            "Phường 3": {"Phường 2", "Phường 6"},
            "phường Trà Vinh": {"Phường 1", "Phường 3", "Phường 9"},
            "phường Long Đức": {"xã Long Đức", "Phường 4"},
            "phường Nguyệt Hóa": {"Phường 7", "Phường 8", "xã Nguyệt Hóa"},
            "phường Hòa Thuận": {"Phường 5", "xã Hòa Thuận"},
        }
        # The same for their reception points, and the city's own one-stop counter goes to the provincial branch.
        points = {p.id: p for p in session.scalars(sa.select(ReceptionPoint))}
        point_links = {(points[r.predecessor_id].unit_id, points[r.successor_id].unit_id)
                       for r in session.scalars(sa.select(PointSuccession))}
        unit_links = {(r.predecessor_id, r.successor_id) for r in session.scalars(sa.select(UnitSuccession))}
        assert unit_links <= point_links
        [extra] = point_links - unit_links
        assert (name[extra[0]], name[extra[1]]) == ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố",
                                                   "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long")
        for row in session.scalars(sa.select(PointSuccession)):  # a point ends the day before its successor begins
            before, after = points[row.predecessor_id], points[row.successor_id]
            assert before.valid_until is not None and (row.effective_on - before.valid_until).days == 1
            assert after.valid_on(row.effective_on)


def test_inspecting_bodies_valid_per_date(full) -> None:  # type: ignore[no-untyped-def]
    with full.db.session() as session:
        bodies = session.scalars(sa.select(InspectingBody)).all()

        def valid(day: date) -> set[tuple[str, str, str, str]]:
            return {(b.name, b.parent_name, b.place_name, b.minutes_symbol) for b in bodies if b.valid_on(day)}

        assert valid(date(2024, 10, 15)) == {("Phòng Nội vụ", "Ủy ban nhân dân thành phố Trà Vinh", "Trà Vinh", "BB-ĐKT")}
        assert valid(date(2025, 6, 30)) == valid(date(2024, 10, 15))
        assert valid(TODAY) == {("Sở Nội vụ", "Ủy ban nhân dân tỉnh Vĩnh Long", "Vĩnh Long", "BB-SNV")} | {
            ("Phòng Văn hóa - Xã hội", f"Ủy ban nhân dân phường {w}", w, "BB-VHXH") for w in FOUR_WARDS}
        assert valid(date(2025, 7, 1)) == valid(TODAY)
        units = _units(session)
        for body in bodies:
            assert body.unit_id is not None
            unit = session.get(Unit, body.unit_id)
            assert unit.valid_from == body.valid_from and unit.valid_until == body.valid_until, body.code
        assert next(b for b in bodies if b.minutes_symbol == "BB-SNV").unit_id == units["Sở Nội vụ"].id


def test_users_and_rounds(full) -> None:  # type: ignore[no-untyped-def]
    with full.db.session() as session:
        users = {u.username: u for u in session.scalars(sa.select(User))}
        assert set(users) == {"truongphong", "kiemtra1", "kiemtra2", "vanthu", "quantri"}
        department = _units(session)["Sở Nội vụ"]
        assert all(u.unit_id == department.id for u in users.values())
        assert users["truongphong"].roles == {Role.SUPERVISOR} and "Công chức, viên chức" in users["truongphong"].title
        assert users["vanthu"].roles == {Role.CLERK} and users["vanthu"].title == "Văn thư Sở Nội vụ"
        rounds = {r.decision_number: r for r in session.scalars(sa.select(Round))}
        current = rounds["45/QĐ-SNV"]
        assert current.inspecting_body.minutes_symbol == "BB-SNV"
        assert current.decision_issuer == "Sở Nội vụ tỉnh Vĩnh Long"
        assert [(m.full_name, m.position, m.team_role) for m in current.members][0] == (
            "Nguyễn Văn Thành", users["truongphong"].title, TeamRole.LEADER)
        for number in ("12/QĐ-UBND", "08/QĐ-UBND"):  # the city's rounds, under its Phòng Nội vụ, titles of the time
            old = rounds[number]
            assert old.inspecting_body.name == "Phòng Nội vụ" and old.decision_issuer == "Ủy ban nhân dân thành phố Trà Vinh"
            assert old.end_date is not None and old.end_date <= date(2025, 6, 30)
            assert old.inspecting_body.valid_on(old.decision_date) and old.inspecting_body.valid_on(old.end_date)
            assert old.members[0].position == "Trưởng phòng Nội vụ"


def test_history_visits_are_numbered_and_locked(full) -> None:  # type: ignore[no-untyped-def]
    with full.db.session() as session:
        visits = session.scalars(sa.select(Visit).order_by(Visit.started_at)).all()
        assert len(visits) == 3
        v1 = session.scalars(sa.select(FormVersion).where(FormVersion.id == visits[0].form_version_id)).one()
        assert (v1.form.code, v1.version) == ("KTCV-MC", 1)
        numbers = []
        for visit in visits:
            assert visit.status is VisitStatus.LOCKED and visit.form_version_id == v1.id
            assert visit.started_at is not None and visit.ended_at is not None and visit.started_at < visit.ended_at
            day = visit.planned_date
            assert day is not None and day < date(2025, 7, 1)
            point = visit.reception_point
            assert point.valid_on(day) and visit.round.start_date <= day <= visit.round.end_date
            assert visit.round.inspecting_body.valid_on(day)
            assert visit.minutes_year == day.year
            numbers.append((visit.minutes_year, visit.minutes_seq))
            assert re.fullmatch(r"0\d/BB-ĐKT", visit.minutes_number)
            open_recs = [r for r in visit.recommendations if r.status in STILL_OPEN and r.deleted_at is None]
            assert open_recs and all(r.owner_unit_id == point.unit_id for r in open_recs)
            assert any(a.result.value == "khong_dat" and a.note for a in visit.answers)
            # The stored minutes are a real PDF with its number on it.
            pdf = session.get(Blob, visit.minutes_sha256)
            text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.data)).pages)
            assert f"Số: {visit.minutes_number}" in re.sub(r"\s+", " ", text)
        assert numbers == [(2024, 1), (2024, 2), (2025, 1)]  # numbers restart each year
        units = {v.reception_point.unit.name for v in visits}
        assert {"Ủy ban nhân dân Phường 2", "Ủy ban nhân dân Phường 7"} <= units
        assert any(v.reception_point.unit.level is UnitLevel.DEPARTMENT for v in visits)


def _predecessor_points(session, point_id) -> set:  # type: ignore[no-untyped-def]
    """Every reception point that ``point_id`` continues, by walking the successions (points and units)."""
    points_back: dict = {}
    for row in session.scalars(sa.select(PointSuccession)):
        points_back.setdefault(row.successor_id, set()).add(row.predecessor_id)
    units_back: dict = {}
    for row in session.scalars(sa.select(UnitSuccession)):
        units_back.setdefault(row.successor_id, set()).add(row.predecessor_id)
    found, queue = {point_id}, [point_id]
    while queue:
        point = session.get(ReceptionPoint, queue.pop())
        for earlier in points_back.get(point.id, set()) | {
                p.id for u in units_back.get(point.unit_id, set()) for p in session.get(Unit, u).reception_points}:
            if earlier not in found:
                found.add(earlier)
                queue.append(earlier)
    return found


def _open_at(session, point_ids) -> list[Recommendation]:  # type: ignore[no-untyped-def]
    return session.scalars(
        sa.select(Recommendation).join(Visit, Recommendation.visit_id == Visit.id)
        .where(Visit.reception_point_id.in_(point_ids), Visit.status == VisitStatus.LOCKED,
               Recommendation.status.in_(STILL_OPEN), Recommendation.deleted_at.is_(None))).all()


def test_open_recommendations_reach_todays_wards(full) -> None:  # type: ignore[no-untyped-def]
    with full.db.session() as session:
        units = _units(session)
        p2 = units["Ủy ban nhân dân Phường 2"].reception_points[0]
        # Phường 2 → Phường 3 (01/01/2025) → phường Trà Vinh (01/7/2025)
        [merged] = [r.successor_id for r in session.scalars(
            sa.select(PointSuccession).where(PointSuccession.predecessor_id == p2.id))]
        assert session.get(ReceptionPoint, merged).unit.name == "Ủy ban nhân dân Phường 3"
        [today] = [r.successor_id for r in session.scalars(
            sa.select(PointSuccession).where(PointSuccession.predecessor_id == merged))]
        today_point = session.get(ReceptionPoint, today)
        assert today_point.name == "Trung tâm Phục vụ hành chính công phường Trà Vinh"

        lineage = _predecessor_points(session, today_point.id)
        assert p2.id in lineage
        texts = [r.text for r in _open_at(session, lineage)]
        assert len(texts) == 2 and any("đúng giờ làm việc" in t for t in texts)
        # Phường 7's open recommendation is found at phường Nguyệt Hóa, not at phường Trà Vinh.
        nguyet_hoa = units["Ủy ban nhân dân phường Nguyệt Hóa"].reception_points[0]
        assert [r.text[:20] for r in _open_at(session, _predecessor_points(session, nguyet_hoa.id))] == [
            "Hướng dẫn đầy đủ, mộ"]
        # The city's own counter is continued by the provincial centre's branch in phường Trà Vinh.
        branch = session.scalars(sa.select(ReceptionPoint).where(ReceptionPoint.name.like("Chi nhánh%"))).one()
        assert len(_open_at(session, _predecessor_points(session, branch.id))) == 1
        long_duc = units["Ủy ban nhân dân phường Long Đức"].reception_points[0]
        assert not _open_at(session, _predecessor_points(session, long_duc.id))

        assert set(lineage_point_ids(session, today_point.id)) == lineage


def test_follow_up_at_the_merged_ward_quotes_phuong_2(tmp_path: Path) -> None:
    """The open recommendations of Phường 2 (2024, merged into Phường 3, then into phường Trà Vinh) are what
    a follow-up at phường Trà Vinh starts from, cited under today's law (checklist v2, NĐ 118/2025); the
    visits list of phường Trà Vinh holds Phường 2's visit."""
    from inspector.services.rounds import VisitFilter, list_visits
    from inspector.services.visits import open_recommendations, start_visit, visit_form

    ws = open_workspace(tmp_path / "follow-up.sqlite")
    try:
        with ws.db.read() as session:
            point = session.scalars(sa.select(ReceptionPoint).where(
                ReceptionPoint.name == "Trung tâm Phục vụ hành chính công phường Trà Vinh")).one()
            point_id, unit_id = point.id, point.unit_id
            found = open_recommendations(session, point_id)
            listed = list_visits(session, VisitFilter(unit_id=unit_id))
        assert {r.minutes_number for r in found} == {"02/BB-ĐKT"}
        assert any("Phiếu xin lỗi" in r.text for r in found)
        assert [v.unit_name for v in listed] == ["Ủy ban nhân dân Phường 2"]
        with ws.db.session() as session:
            inspector = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
            visit = start_visit(session, point_id, form_code="KTKP", user_id=inspector)
            generated = [i for i in visit_form(visit).items() if i.recommendation_id]
            assert {i.recommendation_id for i in generated} == {r.id for r in found}
            assert all("61/2018" not in i.legal_basis for i in generated)
            assert any("118/2025/NĐ-CP" in i.legal_basis for i in generated)
    finally:
        ws.close()


def test_catalogue_today_lists_the_new_map(full) -> None:  # type: ignore[no-untyped-def]
    with full.db.session() as session:
        rows = list_units(session, on=TODAY)
    assert {r.name for r in rows} >= {f"Ủy ban nhân dân phường {w}" for w in FOUR_WARDS}
    assert "Ủy ban nhân dân Phường 1" not in {r.name for r in rows}


def test_fixture_demo_is_todays_map_only(workspace) -> None:  # type: ignore[no-untyped-def]
    """The tests' workspace: today's map, bodies, users and this year's round, no history."""
    assert workspace.seeded_demo
    with workspace.db.session() as session:
        assert {u.name for u in session.scalars(sa.select(Unit))} >= {f"Ủy ban nhân dân phường {w}" for w in FOUR_WARDS}
        assert all(u.valid_until is None for u in session.scalars(sa.select(Unit)))
        assert not session.scalars(sa.select(Visit)).all()
        assert not session.scalars(sa.select(UnitSuccession)).all()
        assert {b.minutes_symbol for b in session.scalars(sa.select(InspectingBody))} == {"BB-SNV", "BB-VHXH"}
        assert session.scalars(sa.select(Round)).one().decision_number == "45/QĐ-SNV"


def test_reopening_does_not_seed_twice(tmp_path: Path) -> None:
    path = tmp_path / "again.sqlite"
    open_workspace(path, demo_if_new=True, demo_history=False).close()
    again = open_workspace(path, demo_if_new=True)
    try:
        assert not again.seeded_demo
        with again.db.session() as session:
            assert len([u for u in session.scalars(sa.select(Unit)) if u.name == "Ủy ban nhân dân phường Trà Vinh"]) == 1
            assert not session.scalars(sa.select(Visit)).all()
    finally:
        again.close()


def test_new_database_without_demo_is_empty(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "empty.sqlite", demo_if_new=False)
    try:
        with ws.db.session() as session:
            assert list_units(session) == []
            assert not session.scalars(sa.select(InspectingBody)).all()
    finally:
        ws.close()


def test_history_visits_need_checklist_v1(tmp_path: Path) -> None:
    """Without the forms folder (a custom one without KTCV-MC v1), the catalogue is seeded and no visit is made."""
    forms = tmp_path / "forms"
    forms.mkdir()
    ws = open_workspace(tmp_path / "noforms.sqlite", forms_dir=forms)
    try:
        assert ws.seeded_demo
        with ws.db.session() as session:
            assert session.scalars(sa.select(UnitSuccession)).all()
            assert not session.scalars(sa.select(Visit)).all()
    finally:
        ws.close()
