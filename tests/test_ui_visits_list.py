"""The visits list: filters narrow it, and a visit opens with Enter, a double click or the Open button."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector.domain.catalog import TeamRole
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.inspection import Inspection
from inspector.services.rounds import MemberInput, RoundInput, begin_planned, create_round, plan_visits
from inspector.store.models import ReceptionPoint, Round, Unit, User
from inspector.ui import labels
from inspector.ui.visits_view import DAY, POINT, PROGRESS, ROUND, STATUS, UNIT, VisitsView
from inspector.ui.widgets import to_qdate
from tests.conftest import save_artifact

ROUND_NAME = "Kiểm tra công vụ quý III tại Bộ phận Một cửa các phường"


@dataclass
class Planned:
    round_id: uuid.UUID
    ward1: uuid.UUID  # planned 12/08/2026, not started
    ward2: uuid.UUID  # planned 20/08/2026, started, one item failed
    ward1_unit: uuid.UUID


def _point(session, unit_name: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    return session.scalars(sa.select(ReceptionPoint.id).join(Unit).where(Unit.name == unit_name)).one()


def _body(session) -> uuid.UUID | None:  # type: ignore[no-untyped-def]
    """The demo round's inspecting body (a round names one once bodies exist)."""
    return session.scalars(sa.select(Round.inspecting_body_id).where(Round.inspecting_body_id.is_not(None))).first()


def _supervisor(session) -> uuid.UUID:  # type: ignore[no-untyped-def]
    return session.scalars(sa.select(User.id).where(User.username == "truongphong")).one()


def _plan(db) -> Planned:  # type: ignore[no-untyped-def]
    with db.session() as session:
        leader = session.scalars(sa.select(User.id).where(User.username == "truongphong")).one()
        inspector = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
        round_id = create_round(session, RoundInput(
            name=ROUND_NAME, decision_number="125/QĐ-UBND", decision_date=date(2026, 6, 20),
            start_date=date(2026, 7, 1), end_date=date(2026, 9, 30),
            members=(MemberInput("Nguyễn Văn Thành", "Trưởng phòng Nội vụ", TeamRole.LEADER, leader),
                     MemberInput("Lê Thị Mỹ Linh", "Chuyên viên", TeamRole.MEMBER, inspector)),
            inspecting_body_id=_body(session),
        ), leader).id
        ward1 = plan_visits(session, round_id, [_point(session, "Ủy ban nhân dân phường Trà Vinh")], date(2026, 8, 12),
                            user_id=leader)[0].id
        ward2 = plan_visits(session, round_id, [_point(session, "Ủy ban nhân dân phường Long Đức")], date(2026, 8, 20),
                            user_id=leader)[0].id
        begin_planned(session, ward2, inspector)  # the team's inspector starts it and answers
        unit = session.scalars(sa.select(Unit.id).where(Unit.name == "Ủy ban nhân dân phường Trà Vinh")).one()
    Inspection(db, inspector).set_result(ward2, "KL-01", Result.FAIL)
    return Planned(round_id, ward1, ward2, unit)


@pytest.fixture
def planned(db) -> Planned:  # type: ignore[no-untyped-def]
    return _plan(db)


@pytest.fixture
def view(qtbot, app, db, planned) -> VisitsView:  # type: ignore[no-untyped-def]
    widget = VisitsView(db)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget


def _ids(view: VisitsView) -> list[uuid.UUID]:
    return [uuid.UUID(view.table.model().index(r, DAY).data(Qt.ItemDataRole.UserRole + 1)) for r in range(_rows(view))]


def _rows(view: VisitsView) -> int:
    return view.table.model().rowCount()


def _cell(view: VisitsView, row: int, column: int) -> str:
    return view.table.model().index(row, column).data() or ""


def _choose(combo, key) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(str(key))
    assert index >= 0, key
    combo.setCurrentIndex(index)


def test_round_filter_lists_the_round_newest_first(view, planned) -> None:  # type: ignore[no-untyped-def]
    _choose(view.round_combo, planned.round_id)
    assert _ids(view) == [planned.ward2, planned.ward1]  # 20/08 before 12/08
    cells = [[_cell(view, r, c) for c in range(view.table.model().columnCount())] for r in range(2)]
    assert [c[DAY] for c in cells] == ["20/08/2026", "12/08/2026"]
    assert [c[UNIT] for c in cells] == ["Ủy ban nhân dân phường Long Đức", "Ủy ban nhân dân phường Trà Vinh"]
    assert [c[POINT] for c in cells] == ["Trung tâm Phục vụ hành chính công phường Long Đức",
                                         "Trung tâm Phục vụ hành chính công phường Trà Vinh"]
    assert {c[ROUND] for c in cells} == {ROUND_NAME}
    assert [c[STATUS] for c in cells] == [labels.visit_status(VisitStatus.IN_PROGRESS), labels.visit_status(VisitStatus.PLANNED)]
    progress = QCoreApplication.translate("VisitsView", "%1 checked, %2 failed").replace("%1", "1").replace("%2", "1")
    assert cells[0][PROGRESS] == progress
    assert cells[1][PROGRESS] == ""  # planned, nothing done yet
    assert [(v.answered, v.failed) for v in view.visits] == [(1, 1), (0, 0)]
    # the first row is selected: Enter works at once
    assert view.current_visit_id() == planned.ward2 and view.open_button.isEnabled()


def test_unit_and_status_filters(view, planned) -> None:  # type: ignore[no-untyped-def]
    _choose(view.unit_combo, planned.ward1_unit)
    assert planned.ward1 in _ids(view) and planned.ward2 not in _ids(view)
    assert {_cell(view, r, UNIT) for r in range(_rows(view))} == {"Ủy ban nhân dân phường Trà Vinh"}

    view.unit_combo.setCurrentIndex(0)  # all units
    _choose(view.status_combo, VisitStatus.IN_PROGRESS.value)
    assert planned.ward2 in _ids(view) and planned.ward1 not in _ids(view)
    assert all(v.status is VisitStatus.IN_PROGRESS for v in view.visits)

    _choose(view.round_combo, planned.round_id)
    _choose(view.status_combo, VisitStatus.SUBMITTED.value)
    assert _rows(view) == 0 and not view.open_button.isEnabled()
    view.status_combo.setCurrentIndex(0)
    assert set(_ids(view)) == {planned.ward1, planned.ward2}


def test_date_range_filter(view, planned) -> None:  # type: ignore[no-untyped-def]
    assert not view.date_from.isEnabled() and not view.date_to.isEnabled()
    everything = set(_ids(view))
    assert {planned.ward1, planned.ward2} <= everything
    view.between.click()
    assert view.date_from.isEnabled() and view.date_to.isEnabled()
    view.date_from.setDate(to_qdate(date(2026, 8, 15)))
    view.date_to.setDate(to_qdate(date(2026, 8, 25)))
    assert planned.ward2 in _ids(view) and planned.ward1 not in _ids(view)
    assert all(date(2026, 8, 15) <= v.day <= date(2026, 8, 25) for v in view.visits)
    view.date_from.setDate(to_qdate(date(2026, 8, 1)))
    assert {planned.ward1, planned.ward2} <= set(_ids(view))
    # a "from" after "to" moves "to" along rather than showing an empty list for no reason
    view.date_from.setDate(to_qdate(date(2026, 8, 20)))
    view.date_to.setDate(to_qdate(date(2026, 8, 19)))
    assert view.date_from.date().toPython() == date(2026, 8, 19)
    view.between.click()  # off again: everything
    assert set(_ids(view)) == everything


def test_enter_double_click_and_open_button_emit_the_visit(qtbot, view, planned) -> None:  # type: ignore[no-untyped-def]
    _choose(view.round_combo, planned.round_id)
    view.table.setFocus()
    with qtbot.waitSignal(view.open_requested, timeout=2000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [planned.ward2]

    row = _ids(view).index(planned.ward1)
    rect = view.table.visualRect(view.table.model().index(row, UNIT))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.current_visit_id() == planned.ward1
    with qtbot.waitSignal(view.open_requested, timeout=2000) as blocker:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [planned.ward1]

    with qtbot.waitSignal(view.open_requested, timeout=2000) as blocker:
        view.open_button.click()
    assert blocker.args == [planned.ward1]

    # a refresh keeps the chosen visit
    view.refresh()
    assert view.current_visit_id() == planned.ward1


def test_new_rounds_appear_in_the_round_filter(view, db, planned) -> None:  # type: ignore[no-untyped-def]
    _choose(view.round_combo, planned.round_id)
    with db.session() as session:
        other = create_round(session, RoundInput(
            name="Kiểm tra đột xuất tháng 11", decision_number="301/QĐ-UBND", decision_date=date(2026, 10, 30),
            members=(MemberInput("Trần Quốc Bảo", "Chuyên viên", TeamRole.LEADER),), inspecting_body_id=_body(session),
        ), _supervisor(session)).id
    view.refresh()
    assert view.round_combo.findData(str(other)) > 0
    assert view.round_combo.currentData() == str(planned.round_id)  # the choice is kept
    assert set(_ids(view)) == {planned.ward1, planned.ward2}


def test_visits_list_screenshot(view, db, planned) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        for n, day in enumerate((4, 5, 6, 7, 8, 9, 11, 14)):  # each ward twice
            ward = ("Trà Vinh", "Long Đức", "Nguyệt Hóa", "Hòa Thuận")[n % 4]
            plan_visits(session, planned.round_id, [_point(session, f"Ủy ban nhân dân phường {ward}")], date(2026, 9, day),
                        user_id=_supervisor(session))
        centre = session.scalars(sa.select(ReceptionPoint.id).join(Unit).where(  # the centre and its branch
            Unit.name == "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long")).all()
        plan_visits(session, planned.round_id, centre, date(2026, 9, 15), user_id=_supervisor(session))
    view.refresh()
    QApplication.processEvents()  # the layout follows the new texts
    save_artifact(view, "visits_view.png")
    assert _rows(view) >= 11


def test_main_window_opens_a_planned_visit_from_the_list(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.app import build_main_window

    window = build_main_window(options, db_path)
    assert window is not None
    qtbot.addWidget(window)
    planned = _plan(window.workspace.db)
    with window.workspace.db.session() as session:
        window.inspection.user_id = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
    window.rounds.rounds_changed.emit()  # as after planning in the rounds tab: the list reads again
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.visits)
    _choose(window.visits.round_combo, planned.round_id)
    window.visits.table.selectRow(_ids(window.visits).index(planned.ward1))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.visits.table.setFocus()
    qtbot.keyClick(window.visits.table, Qt.Key.Key_Return)
    assert window.visit_screen is not None and window.visit_screen.visit_id == planned.ward1
    window.close_visit()
    QApplication.processEvents()
    save_artifact(window, "main_window_visits_tab.png")
    assert window.visits.current_visit_id() == planned.ward1
    assert window.visits.visits[_ids(window.visits).index(planned.ward1)].status is VisitStatus.IN_PROGRESS
    window.workspace.close()
