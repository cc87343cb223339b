"""The catalogue pane (today's map, history on request, the administrator's editors) and the round dialog's
inspecting body, driven as a user drives them."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from inspector.domain.catalog import SuccessionKind, TeamRole
from inspector.store.models import AuditEvent, InspectingBody, PointSuccession, ReceptionPoint, Round, Unit, UnitSuccession
from inspector.ui.catalog.bodies_dialog import BodiesDialog, BodyDialog
from inspector.ui.catalog.edit_dialogs import UnitDialog
from inspector.ui.catalog.succession_dialog import SuccessionDialog
from inspector.ui.catalog.view import CURRENT_ROLE, ID_ROLE, CatalogView
from inspector.ui.round_dialog import RoundDialog
from inspector.ui.widgets import to_qdate
from tests.conftest import ARTIFACTS
from tests.map_data import MERGER_1, build, build_units, open_empty
from tests.qt_helpers import type_text

SHOTS = ARTIFACTS / "map"  # screenshots for a human to look at (not committed)


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / name))


@pytest.fixture
def db(tmp_path):  # type: ignore[no-untyped-def]
    workspace = open_empty(tmp_path)
    yield workspace.db
    workspace.close()


def _view(qtbot, db, user) -> CatalogView:  # type: ignore[no-untyped-def]
    view = CatalogView(db, lambda: user)
    qtbot.addWidget(view)
    view.resize(1280, 640)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    return view


def _tree(view: CatalogView) -> dict[object, tuple[str, object, bool]]:
    """id → (text, id of the row it is under, current?) for every row of the tree."""
    rows: dict[object, tuple[str, object, bool]] = {}

    def walk(parent: QModelIndex) -> None:
        for row in range(view.proxy.rowCount(parent)):
            index = view.proxy.index(row, 0, parent)
            rows[index.data(ID_ROLE)] = (index.data(), parent.data(ID_ROLE) if parent.isValid() else None,
                                         index.data(CURRENT_ROLE))
            walk(index)

    walk(QModelIndex())
    return rows


def test_the_catalogue_shows_today_then_history_on_request(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build(session)
    view = _view(qtbot, db, m.admin)
    today = _tree(view)
    assert set(today) == {m.province, m.ptv, m.point_ptv}
    assert today[m.ptv] == ("Phường Trà Vinh", m.province, True)
    _shot(view, "catalog_today.png")

    qtbot.mouseClick(view.history, Qt.MouseButton.LeftButton)
    assert view.history.isChecked()
    rows = _tree(view)
    assert set(rows) == {m.province, m.ptv, m.point_ptv, m.city, m.p1, m.p2, m.p3, m.point1, m.point2, m.point3}
    text, under, current = rows[m.p2]
    assert (under, current) == (m.p3, False)   # Phường 2 under Phường 3, greyed
    assert text.startswith("Phường 2 (") and "31/12/2024" in text and "Phường 3" in text
    assert rows[m.p3][1:] == (m.ptv, False) and "30/06/2025" in rows[m.p3][0]
    assert rows[m.city][1:] == (None, False)
    assert rows[m.point2][1:] == (m.p2, False)
    assert rows[m.ptv] == ("Phường Trà Vinh", m.province, True)
    view.select(m.p3)
    assert view.details.title.text() == "Phường 3"
    assert "Phường Trà Vinh" in view.details.successors_label.text()
    assert "Phường 2" in view.details.predecessors_label.text()
    _shot(view, "catalog_history.png")

    view.select(m.point3)   # an ended point: no new visit from here
    assert not view.details.unannounced_button.isVisibleTo(view)
    view.select(m.point_ptv)
    assert view.details.unannounced_button.isVisibleTo(view)

    view.history.setChecked(False)
    assert set(_tree(view)) == {m.province, m.ptv, m.point_ptv}


def test_the_editing_buttons_are_the_administrators(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build(session)
    assert not _view(qtbot, db, m.admin).admin_bar.isHidden()
    assert _view(qtbot, db, m.inspector).admin_bar.isHidden()
    assert _view(qtbot, db, None).admin_bar.isHidden()


def test_a_merger_recorded_in_the_dialog(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build_units(session)
    dialog = SuccessionDialog(db, m.admin, SuccessionKind.MERGE, unit_id=m.p2, effective_on=MERGER_1)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.checked(dialog.predecessors) == [m.p2]
    assert dialog.check(dialog.successors, m.p3)
    dialog.existed.setChecked(True)
    type_text(dialog.note, "Nghị quyết sáp nhập Phường 2 vào Phường 3")
    # the ending point is paired with the only point of the receiving ward
    assert dialog.points.rowCount() == 1
    assert dialog.points.item(0, 0).text() == "Bộ phận Một cửa Phường 2"
    assert dialog.points.cellWidget(0, 1).currentText() == "Bộ phận Một cửa Phường 3"
    assert "31/12/2024" in dialog.summary.text()
    # a merger has one receiving unit: ticking another moves the tick
    dialog.check(dialog.successors, m.p1)
    assert dialog.checked(dialog.successors) == [m.p1]
    dialog.check(dialog.successors, m.p3)
    assert dialog.checked(dialog.successors) == [m.p3]
    _shot(dialog, "merge_dialog.png")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == SuccessionDialog.DialogCode.Accepted
    with db.session() as session:
        assert session.get(Unit, m.p2).valid_until == date(2024, 12, 31)
        assert session.get(Unit, m.p3).valid_from is None
        assert [(r.predecessor_id, r.successor_id, r.note) for r in session.scalars(sa.select(UnitSuccession))] == [
            (m.p2, m.p3, "Nghị quyết sáp nhập Phường 2 vào Phường 3")]
        assert [(r.predecessor_id, r.successor_id) for r in session.scalars(sa.select(PointSuccession))] == [
            (m.point2, m.point3)]


def test_a_refused_merger_says_why_and_stays_open(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build_units(session)
    dialog = SuccessionDialog(db, m.inspector, SuccessionKind.MERGE, unit_id=m.p2, effective_on=MERGER_1)
    qtbot.addWidget(dialog)
    dialog.check(dialog.successors, m.p3)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.error.text() == "Lê Thị Mỹ Linh không có quyền làm việc này (chỉ dành cho: quản trị)."
    assert dialog.result() != SuccessionDialog.DialogCode.Accepted
    # the date decides which units can end: the day before 01/07/2025 the province did not exist yet
    listed = [dialog.predecessors.item(i).text() for i in range(dialog.predecessors.count())]
    assert "Ủy ban nhân dân tỉnh Vĩnh Long" not in listed and "Phường 2" in listed
    dialog.effective_on.setDate(to_qdate(date(2025, 7, 2)))
    listed = [dialog.predecessors.item(i).text() for i in range(dialog.predecessors.count())]
    assert "Ủy ban nhân dân tỉnh Vĩnh Long" in listed and "Ủy ban nhân dân thành phố Trà Vinh" not in listed
    assert dialog.checked(dialog.predecessors) == [m.p2]   # the tick is kept


def test_a_unit_made_in_the_dialog(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build(session)
    dialog = UnitDialog(db, m.admin, parent_unit_id=m.province)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "Ủy ban nhân dân phường Long Đức")
    dialog.valid_from.set_value(date(2025, 7, 1))
    assert dialog.parent_unit.currentText() == "Ủy ban nhân dân tỉnh Vĩnh Long"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    with db.session() as session:
        unit = session.get(Unit, dialog.saved_id)
        assert (unit.name, unit.parent_id, unit.valid_from) == ("Ủy ban nhân dân phường Long Đức", m.province,
                                                                date(2025, 7, 1))
        assert session.scalar(sa.select(AuditEvent.action).where(AuditEvent.entity_id == str(unit.id))) == "unit.created"


def test_inspecting_bodies_listed_and_edited_by_the_administrator(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build(session)
    dialog = BodiesDialog(db, m.admin)
    qtbot.addWidget(dialog)
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == [
        "Phòng Nội vụ thành phố Trà Vinh", "Sở Nội vụ tỉnh Vĩnh Long"]
    editor = BodyDialog(db, m.admin)
    qtbot.addWidget(editor)
    type_text(editor.name, "Phòng Văn hóa - Xã hội")
    type_text(editor.parent_name, "Ủy ban nhân dân phường Trà Vinh")
    assert editor.preview.text() == "Phòng Văn hóa - Xã hội phường Trà Vinh"
    type_text(editor.place_name, "Trà Vinh")
    type_text(editor.symbol, "bb-vhxh")
    editor.show()
    qtbot.waitExposed(editor)
    editor.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "chữ in hoa" in editor.error.text()
    _shot(editor, "body_dialog_refused.png")
    editor.symbol.setText("BB-VHXH")
    editor.valid_from.set_value(date(2025, 7, 1))
    editor.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert editor.saved_id is not None
    dialog.refresh()
    assert dialog.table.rowCount() == 3
    dialog.show()
    qtbot.waitExposed(dialog)
    _shot(dialog, "bodies_dialog.png")
    assert not BodiesDialog(db, m.inspector).admin


def _round_dialog(qtbot, db, user, **kwargs) -> RoundDialog:  # type: ignore[no-untyped-def]
    dialog = RoundDialog(db, user, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _bodies(dialog: RoundDialog) -> list[str]:
    return [dialog.body.itemText(i) for i in range(dialog.body.count())]


def test_the_round_dialog_chooses_a_body_in_force_and_the_issuer_follows(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build(session)
        session.add(InspectingBody(code="VHXH-TV", name="Phòng Văn hóa - Xã hội", place_name="Trà Vinh",
                                   parent_name="Ủy ban nhân dân phường Trà Vinh", minutes_symbol="BB-VHXH",
                                   valid_from=date(2025, 7, 1), sort_order=2))
    dialog = _round_dialog(qtbot, db, m.admin)
    dialog.decision_date.setDate(to_qdate(date(2026, 3, 2)))
    assert _bodies(dialog) == ["Sở Nội vụ tỉnh Vĩnh Long", "Phòng Văn hóa - Xã hội phường Trà Vinh"]
    assert dialog.issuer.text() == "Sở Nội vụ tỉnh Vĩnh Long"
    dialog.body.setCurrentIndex(1)
    assert dialog.issuer.text() == "Phòng Văn hóa - Xã hội phường Trà Vinh"
    # a decision of 2024: only the city's Phòng Nội vụ was in force
    dialog.decision_date.setDate(to_qdate(date(2024, 3, 1)))
    assert _bodies(dialog) == ["Phòng Nội vụ thành phố Trà Vinh"]
    assert dialog.issuer.text() == "Phòng Nội vụ thành phố Trà Vinh"
    dialog.decision_date.setDate(to_qdate(date(2026, 3, 2)))
    assert dialog.body.currentText() == "Sở Nội vụ tỉnh Vĩnh Long"
    # an issuer the user wrote stays when the body changes
    dialog.issuer.clear()
    type_text(dialog.issuer, "Giám đốc Sở Nội vụ")
    dialog.body.setCurrentIndex(1)
    dialog.body.setCurrentIndex(0)
    assert dialog.issuer.text() == "Giám đốc Sở Nội vụ"
    dialog.issuer.clear()   # emptied: the body's name comes back
    dialog.body.setCurrentIndex(1)
    dialog.body.setCurrentIndex(0)
    assert dialog.issuer.text() == "Sở Nội vụ tỉnh Vĩnh Long"

    type_text(dialog.name, "Kiểm tra công vụ tại Trung tâm Phục vụ hành chính công các phường")
    type_text(dialog.decision_number, "45/QĐ-SNV")
    dialog.start_date.setDate(to_qdate(date(2026, 3, 9)))
    dialog.end_date.setDate(to_qdate(date(2026, 12, 31)))
    type_text(dialog.rows[0].name.lineEdit(), "Nguyễn Văn Thành")
    type_text(dialog.rows[0].position, "Phó Giám đốc Sở Nội vụ")
    _shot(dialog, "round_dialog_body.png")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == RoundDialog.DialogCode.Accepted, dialog.error.text()
    with db.session() as session:
        record = session.get(Round, dialog.created_round_id)
        assert (record.inspecting_body_id, record.decision_issuer) == (m.new_body, "Sở Nội vụ tỉnh Vĩnh Long")

    # editing the round shows its body, issuer and team
    again = _round_dialog(qtbot, db, m.admin, round_id=dialog.created_round_id)
    assert again.windowTitle() != dialog.windowTitle()
    assert again.body.currentText() == "Sở Nội vụ tỉnh Vĩnh Long"
    assert again.issuer.text() == "Sở Nội vụ tỉnh Vĩnh Long"
    assert again.decision_date.date().toPython() == date(2026, 3, 2)
    assert [(r.name.currentText(), r.role.currentData()) for r in again.rows] == [
        ("Nguyễn Văn Thành", TeamRole.LEADER.value)]
    again.body.setCurrentIndex(1)
    assert again.issuer.text() == "Phòng Văn hóa - Xã hội phường Trà Vinh"
    again.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    with db.session() as session:
        record = session.get(Round, dialog.created_round_id)
        assert record.decision_issuer == "Phòng Văn hóa - Xã hội phường Trà Vinh"
        assert session.scalar(sa.select(sa.func.count()).select_from(Round)) == 1


def test_the_round_dialog_refuses_a_decision_date_with_no_body_in_force(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        m = build(session)
        session.get(InspectingBody, m.old_body).valid_from = date(2023, 1, 1)
    dialog = _round_dialog(qtbot, db, m.admin)
    dialog.decision_date.setDate(to_qdate(date(2022, 5, 1)))
    assert not dialog.body.isEnabled()
    type_text(dialog.name, "Kiểm tra")
    type_text(dialog.decision_number, "1/QĐ")
    type_text(dialog.rows[0].name.lineEdit(), "Nguyễn Văn Thành")
    dialog.start_date.setDate(to_qdate(date(2022, 5, 2)))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "Chưa có cơ quan kiểm tra nào có hiệu lực vào ngày quyết định 01/05/2022" in dialog.error.text()
    with db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ReceptionPoint)) == 4
        assert session.scalar(sa.select(sa.func.count()).select_from(Round)) == 0
