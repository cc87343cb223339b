"""Preparing an inspection: a round with its team through the dialog, then visits planned for it."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from datetime import date

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from inspector.domain.catalog import TeamRole
from inspector.domain.workflow import VisitStatus
from inspector.services.rounds import MemberInput, RoundInput, VisitFilter, create_round, list_visits
from inspector.store.models import ReceptionPoint, Round, Unit, User, Visit
from inspector.ui.plan_dialog import PlanVisitsDialog
from inspector.ui.round_dialog import RoundDialog
from inspector.ui.rounds_view import NAME, RoundsView
from inspector.ui.visits_view import VisitsView
from inspector.ui.widgets import to_qdate
from tests.conftest import save_artifact
from tests.qt_helpers import type_text

ROUND_NAME = "Kiểm tra công vụ quý III tại Bộ phận Một cửa các phường"


@pytest.fixture
def users(db) -> dict[str, uuid.UUID]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return dict(session.execute(sa.select(User.username, User.id)).all())


def _round_count(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Round)) or 0


def _dialog(qtbot, db, user_id) -> RoundDialog:  # type: ignore[no-untyped-def]
    dialog = RoundDialog(db, user_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _pick(combo, text: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def _role(combo, role: TeamRole) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(role.value)
    assert index >= 0, role
    combo.setCurrentIndex(index)


def _fill(dialog: RoundDialog, *, start: date = date(2026, 7, 1), end: date = date(2026, 9, 30)) -> None:
    """What the head of the office types from decision 125/QĐ-UBND: the round and a team of three."""
    type_text(dialog.name, ROUND_NAME)
    type_text(dialog.decision_number, "125/QĐ-UBND")
    dialog.decision_date.setDate(to_qdate(date(2026, 6, 20)))
    dialog.start_date.setDate(to_qdate(start))
    dialog.end_date.setDate(to_qdate(end))
    type_text(dialog.notes, "Kiểm tra theo Kế hoạch số 88/KH-UBND.")
    leader = dialog.rows[0]
    _pick(leader.name, "Nguyễn Văn Thành")  # an app user: name and position come from the account
    assert leader.position.text() == "Trưởng phòng Công chức, viên chức và Cải cách hành chính"
    assert leader.role.currentData() == TeamRole.LEADER.value

    dialog.add_button.click()
    guest = dialog.rows[1]
    type_text(guest.name.lineEdit(), "Đặng Văn Khoa")  # from another agency: typed
    type_text(guest.position, "Chuyên viên Sở Nội vụ tỉnh Trà Vinh")
    assert guest.role.currentData() == TeamRole.MEMBER.value

    dialog.add_button.click()
    secretary = dialog.rows[2]
    _pick(secretary.name, "Phạm Thị Hồng Nhạn")
    _role(secretary.role, TeamRole.SECRETARY)


def _ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _on_next_dialog(qtbot, action: Callable[[QDialog], None]) -> list[QDialog]:  # type: ignore[no-untyped-def]
    """Run action on the modal dialog the next click opens (a dialog's exec() does not return until closed)."""
    seen: list[QDialog] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, act)
            return
        seen.append(dialog)
        try:
            action(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, act)
    return seen


def test_round_with_leader_and_member_is_created_and_listed(qtbot, app, db, users) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, db, users["truongphong"])
    _fill(dialog)
    # a fourth row added by mistake is removed again
    dialog.add_button.click()
    assert len(dialog.rows) == 4
    dialog.rows[3].position.setFocus()
    dialog.remove_button.click()
    assert len(dialog.rows) == 3
    save_artifact(dialog, "round_dialog.png")
    _ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    round_id = dialog.created_round_id
    assert round_id is not None

    with db.session() as session:
        record = session.get(Round, round_id)
        assert (record.name, record.decision_number, record.decision_date) == (ROUND_NAME, "125/QĐ-UBND", date(2026, 6, 20))
        assert record.decision_issuer == "Sở Nội vụ tỉnh Vĩnh Long"  # the demo's body valid on the decision date
        assert (record.start_date, record.end_date) == (date(2026, 7, 1), date(2026, 9, 30))
        assert record.notes == "Kiểm tra theo Kế hoạch số 88/KH-UBND."
        assert record.created_by_id == users["truongphong"]
        assert [(m.full_name, m.position, m.team_role, m.user_id) for m in record.members] == [
            ("Nguyễn Văn Thành", "Trưởng phòng Công chức, viên chức và Cải cách hành chính", TeamRole.LEADER,
             users["truongphong"]),
            ("Đặng Văn Khoa", "Chuyên viên Sở Nội vụ tỉnh Trà Vinh", TeamRole.MEMBER, None),
            ("Phạm Thị Hồng Nhạn", "Văn thư Sở Nội vụ", TeamRole.SECRETARY, users["vanthu"]),
        ]

    view = RoundsView(db, lambda: users["truongphong"])
    qtbot.addWidget(view)
    view.refresh()
    rows = {view.table.item(r, NAME).text(): r for r in range(view.table.rowCount())}
    assert ROUND_NAME in rows and len(rows) >= 2  # the demo round is there too
    cells = [view.table.item(rows[ROUND_NAME], c).text() for c in range(view.table.columnCount())]
    assert "125/QĐ-UBND" in cells[1] and "20/06/2026" in cells[1]
    assert cells[2] == "01/07/2026 – 30/09/2026"
    assert cells[3:] == ["Nguyễn Văn Thành", "0"]


def test_new_round_from_the_rounds_view(qtbot, app, db, users) -> None:  # type: ignore[no-untyped-def]
    # an inspector may neither create, correct nor plan: a round is a legal decision (services.rounds refuses too)
    inspector_view = RoundsView(db, lambda: users["kiemtra1"])
    qtbot.addWidget(inspector_view)
    inspector_view.refresh()
    assert inspector_view.current_round_id() is not None
    assert not any(b.isEnabled() for b in (inspector_view.new_button, inspector_view.edit_button,
                                           inspector_view.plan_button))
    assert inspector_view.new_button.toolTip()  # says who may
    assert inspector_view.plan_visits() == 0  # Enter on a row neither

    view = RoundsView(db, lambda: users["truongphong"])
    qtbot.addWidget(view)
    view.refresh()
    before = view.table.rowCount()

    def create(dialog: QDialog) -> None:
        assert isinstance(dialog, RoundDialog)
        _fill(dialog)
        _ok(dialog)

    seen = _on_next_dialog(qtbot, create)
    with qtbot.waitSignal(view.rounds_changed, timeout=5000):
        view.new_button.click()
    assert len(seen) == 1
    assert view.table.rowCount() == before + 1
    assert view.current_round_id() == seen[0].created_round_id  # the new round is selected, ready to plan
    assert view.table.item(view.table.currentRow(), NAME).text() == ROUND_NAME
    assert view.plan_button.isEnabled()
    with db.session() as session:
        assert session.get(Round, seen[0].created_round_id).created_by_id == users["truongphong"]


def test_end_before_start_is_refused_and_nothing_saved(qtbot, app, db, users) -> None:  # type: ignore[no-untyped-def]
    before = _round_count(db)
    dialog = _dialog(qtbot, db, users["truongphong"])
    _fill(dialog, start=date(2026, 9, 1), end=date(2026, 7, 31))
    _ok(dialog)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.created_round_id is None
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Ngày kết thúc (31/07/2026) trước ngày bắt đầu (01/09/2026)."
    assert _round_count(db) == before
    # everything typed is still there to correct
    assert dialog.name.text() == ROUND_NAME and dialog.rows[1].name.currentText() == "Đặng Văn Khoa"
    save_artifact(dialog, "round_dialog_errors.png")

    dialog.end_date.setDate(to_qdate(date(2026, 10, 31)))
    _ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _round_count(db) == before + 1


def test_round_without_a_leader_is_refused(qtbot, app, db, users) -> None:  # type: ignore[no-untyped-def]
    before = _round_count(db)
    dialog = _dialog(qtbot, db, users["truongphong"])
    type_text(dialog.name, "Kiểm tra đột xuất tháng 8")
    type_text(dialog.decision_number, "130/QĐ-UBND")
    type_text(dialog.rows[0].name.lineEdit(), "Trần Quốc Bảo")  # a user's name typed out in full
    assert dialog.rows[0].position.text() == "Chuyên viên Sở Nội vụ"
    _role(dialog.rows[0].role, TeamRole.MEMBER)
    _ok(dialog)
    assert dialog.isVisible() and dialog.created_round_id is None
    assert dialog.error.text() == "Đoàn kiểm tra phải có đúng một Trưởng đoàn."
    assert _round_count(db) == before

    # nobody at all in the team: also refused
    dialog.rows[0].name.setFocus()
    dialog.remove_button.click()
    assert dialog.rows == []
    _ok(dialog)
    assert dialog.error.text() == "Đoàn kiểm tra phải có ít nhất một thành viên."
    assert _round_count(db) == before

    dialog.add_button.click()
    _pick(dialog.rows[0].name, "Trần Quốc Bảo")
    _role(dialog.rows[0].role, TeamRole.LEADER)
    _ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.session() as session:
        member = session.get(Round, dialog.created_round_id).members[0]
        assert (member.full_name, member.team_role, member.user_id) == ("Trần Quốc Bảo", TeamRole.LEADER, users["kiemtra2"])


def test_text_typed_decomposed_is_stored_composed(qtbot, app, db, users) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, db, users["quantri"])
    decomposed = unicodedata.normalize("NFD", "Kiểm tra việc niêm yết thủ tục")
    type_text(dialog.name, "  " + decomposed + " ")
    type_text(dialog.decision_number, unicodedata.normalize("NFD", "7/QĐ-UBND"))
    type_text(dialog.rows[0].name.lineEdit(), unicodedata.normalize("NFD", "Lâm Thị Ngọc Ánh"))
    dialog.add_button.click()
    type_text(dialog.rows[1].name.lineEdit(), unicodedata.normalize("NFD", "Trần Quốc Bảo"))  # an app user's name
    assert dialog.rows[1].position.text() == "Chuyên viên Sở Nội vụ"
    _role(dialog.rows[0].role, TeamRole.LEADER)
    _ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.session() as session:
        record = session.get(Round, dialog.created_round_id)
        assert record.name == "Kiểm tra việc niêm yết thủ tục"
        assert record.decision_number == "7/QĐ-UBND"
        assert [(m.full_name, m.user_id) for m in record.members] == [
            ("Lâm Thị Ngọc Ánh", None), ("Trần Quốc Bảo", users["kiemtra2"])]


# --- planning visits -------------------------------------------------------------------------------


@pytest.fixture
def round_id(db, users) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return create_round(session, RoundInput(
            name=ROUND_NAME, decision_number="125/QĐ-UBND", decision_date=date(2026, 6, 20),
            start_date=date(2026, 7, 1), end_date=date(2026, 9, 30),
            members=(MemberInput("Nguyễn Văn Thành", "Trưởng phòng Nội vụ", TeamRole.LEADER, users["truongphong"]),),
            inspecting_body_id=session.scalars(sa.select(Round.inspecting_body_id)).first(),  # the demo round's
        ), users["truongphong"]).id


def _plan_dialog(qtbot, db, round_id, user_id) -> PlanVisitsDialog:  # type: ignore[no-untyped-def]
    dialog = PlanVisitsDialog(db, round_id, user_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _tick_first_found(qtbot, dialog: PlanVisitsDialog, text: str) -> None:
    """Search, go down into the tree, tick the first reception point with Space."""
    dialog.search.clear()
    dialog.search.setFocus()
    type_text(dialog.search, text)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.tree.currentIndex().data().startswith("Trung tâm Phục vụ hành chính công")
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)


def _point_id(db, unit_name: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalars(sa.select(ReceptionPoint.id).join(Unit).where(Unit.name == unit_name)).one()


def test_plan_two_visits_and_see_them_in_the_visits_list(qtbot, app, db, users, round_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _plan_dialog(qtbot, db, round_id, users["truongphong"])
    # the date can only be chosen inside the round's period
    assert dialog.date.minimumDate().toPython() == date(2026, 7, 1)
    assert dialog.date.maximumDate().toPython() == date(2026, 9, 30)
    _tick_first_found(qtbot, dialog, "phuong long duc")  # without diacritics
    _tick_first_found(qtbot, dialog, "Nguyệt Hóa")
    assert set(dialog.checked_point_ids()) == {_point_id(db, "Ủy ban nhân dân phường Long Đức"),
                                               _point_id(db, "Ủy ban nhân dân phường Nguyệt Hóa")}
    dialog.search.clear()
    dialog.date.setDate(to_qdate(date(2026, 8, 12)))
    save_artifact(dialog, "plan_dialog.png")
    _ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.planned_count == 2

    with db.session() as session:
        visits = session.scalars(sa.select(Visit).where(Visit.round_id == round_id)).all()
        assert sorted(v.reception_point.unit.name for v in visits) == [
            "Ủy ban nhân dân phường Long Đức", "Ủy ban nhân dân phường Nguyệt Hóa"]
        assert all(v.status is VisitStatus.PLANNED and v.planned_date == date(2026, 8, 12) and v.announced
                   and v.created_by_id == users["truongphong"] for v in visits)

    view = VisitsView(db)
    qtbot.addWidget(view)
    view.refresh()
    view.round_combo.setCurrentIndex(view.round_combo.findData(str(round_id)))
    cells = view.table.model()
    assert cells.rowCount() == 2
    units = sorted(cells.index(r, 1).data() for r in range(2))
    assert units == ["Ủy ban nhân dân phường Long Đức", "Ủy ban nhân dân phường Nguyệt Hóa"]
    from inspector.ui import labels

    assert {cells.index(r, 5).data() for r in range(2)} == {labels.visit_status(VisitStatus.PLANNED)}
    assert {cells.index(r, 0).data() for r in range(2)} == {"12/08/2026"}

    # planning again shows what is already planned in this round
    again = _plan_dialog(qtbot, db, round_id, users["truongphong"])
    planned = {again.model.item(u, 0).child(p, 0).text(): again.model.item(u, 0).child(p, 1).text()
               for u in range(again.model.rowCount()) for p in range(again.model.item(u, 0).rowCount())}
    assert planned["Trung tâm Phục vụ hành chính công phường Long Đức"] == "12/08/2026"
    assert planned["Trung tâm Phục vụ hành chính công phường Trà Vinh"] == ""


def test_ticking_a_unit_ticks_its_points(qtbot, app, db, users, round_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _plan_dialog(qtbot, db, round_id, None)
    unit = next(dialog.model.item(r, 0) for r in range(dialog.model.rowCount())
                if dialog.model.item(r, 0).text() == "Ủy ban nhân dân phường Long Đức")
    unit.setCheckState(Qt.CheckState.Checked)
    assert dialog.checked_point_ids() == [_point_id(db, "Ủy ban nhân dân phường Long Đức")]
    unit.child(0, 0).setCheckState(Qt.CheckState.Unchecked)
    assert unit.checkState() == Qt.CheckState.Unchecked and dialog.checked_point_ids() == []


def test_planning_nothing_is_refused_in_the_dialog(qtbot, app, db, users, round_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _plan_dialog(qtbot, db, round_id, users["truongphong"])
    _ok(dialog)
    assert dialog.isVisible() and dialog.planned_count == 0
    assert dialog.error.isVisible() and dialog.error.text() == "Hãy chọn ít nhất một Bộ phận Một cửa."
    with db.session() as session:
        assert list_visits(session, VisitFilter(round_id=round_id)) == []


def test_plan_visits_from_the_rounds_view_tells_the_visits_list(qtbot, app, db, users, round_id) -> None:  # type: ignore[no-untyped-def]
    view = RoundsView(db, lambda: users["quantri"])
    qtbot.addWidget(view)
    visits = VisitsView(db)
    qtbot.addWidget(visits)
    view.rounds_changed.connect(visits.refresh)
    view.refresh()
    assert view.select_round(round_id) and view.plan_button.isEnabled()
    view.table.clearSelection()
    assert not view.plan_button.isEnabled()
    view.select_round(round_id)

    def plan(dialog: QDialog) -> None:
        assert isinstance(dialog, PlanVisitsDialog)
        dialog.set_checked(_point_id(db, "Ủy ban nhân dân phường Long Đức"))
        dialog.date.setDate(to_qdate(date(2026, 9, 2)))
        _ok(dialog)

    seen = _on_next_dialog(qtbot, plan)
    with qtbot.waitSignal(view.rounds_changed, timeout=5000):
        view.plan_button.click()
    assert seen and seen[0].planned_count == 1
    row = next(r for r in range(view.table.rowCount()) if view.table.item(r, NAME).text() == ROUND_NAME)
    assert view.table.item(row, 4).text() == "1"
    assert view.current_round_id() == round_id
    listed = visits.table.model()
    assert "Ủy ban nhân dân phường Long Đức" in [listed.index(r, 1).data() for r in range(listed.rowCount())]


def test_rounds_view_screenshot(qtbot, app, db, users, round_id) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        from inspector.services.rounds import plan_visits

        plan_visits(session, round_id, [_point_id(db, f"Ủy ban nhân dân phường {w}") for w in ("Hòa Thuận", "Trà Vinh", "Nguyệt Hóa")],
                    date(2026, 7, 8), user_id=users["truongphong"])
    view = RoundsView(db, lambda: None)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    QApplication.processEvents()
    save_artifact(view, "rounds_view.png")
    texts = {view.table.item(r, 0).text(): [view.table.item(r, c).text() for c in range(5)]
             for r in range(view.table.rowCount())}
    assert texts[ROUND_NAME][1].startswith("125/QĐ-UBND") and texts[ROUND_NAME][4] == "3"


def test_tab_walks_the_team_rows_and_focus_picks_the_row(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, db, None)
    dialog.add_button.click()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    dialog.notes.setFocus()
    expected = [w for member in dialog.rows for w in member.widgets()] + [dialog.add_button]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget
        if widget in dialog.rows[0].widgets():
            assert dialog.team.currentRow() == 0
    dialog.rows[0].position.setFocus()
    dialog.remove_button.click()
    assert len(dialog.rows) == 1 and dialog.rows[0].role.currentData() == TeamRole.MEMBER.value
