"""The remediation tab: the list over SQL with the overdue in red, the filters, the detail pane's buttons following
the user's rights, a step typed in its dialog, and the notice at start in the status bar (not a dialog)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector.domain.workflow import RecommendationStatus as S
from inspector.services.remediation import Remediation
from inspector.store.models import Unit
from inspector.ui.remediation.model import DEADLINE, STATUS, TEXT
from inspector.ui.remediation.view import RemediationView
from inspector.ui.visits.model import FAILED_COLOUR
from tests.conftest import ARTIFACTS
from tests.test_remediation import PDF, TODAY, numbered_visit, rec, user

LATER = TODAY + timedelta(days=20)  # the fake clock: the first recommendation of each visit 10 days overdue


def _view(qtbot, db, username: str) -> RemediationView:  # type: ignore[no-untyped-def]
    remediation = Remediation(db, user(db, username), today=lambda: LATER)
    view = RemediationView(db, lambda: remediation.user_id, remediation=remediation)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    return view


def _combo_to(combo, data: str) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(data))


def test_the_list_shows_the_overdue_in_red_and_follows_the_filters(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    first = numbered_visit(db)
    second = numbered_visit(db, point_unit="Ủy ban nhân dân phường Trà Vinh", number="8", days=(5, 25),
                            texts=("Cập nhật sổ theo dõi hồ sơ đúng mẫu", "Sửa ghế chờ bị gãy ở khu vực tiếp dân"))
    Remediation(db, user(db, "vanthu"), today=lambda: LATER).report_done(
        second.second, TODAY, "Công văn 45/UBND: đã thay 6 ghế chờ.", [])
    view = _view(qtbot, db, "truongphong")
    model = view.model
    assert model.rowCount() == 4
    assert [model.rec_id_at(r) for r in range(4)] == [second.first, first.first, second.second, first.second]
    red = [r for r in range(4) if model.data(model.index(r, TEXT), Qt.ItemDataRole.ForegroundRole) is not None]
    assert red == [0, 1]
    assert model.data(model.index(0, TEXT), Qt.ItemDataRole.ForegroundRole).color().name() == FAILED_COLOUR
    assert "quá hạn" in model.data(model.index(0, DEADLINE)) or "overdue" in model.data(model.index(0, DEADLINE))
    assert view.notice.isVisible() and "2 kiến nghị đã quá hạn" in view.notice.text()

    # the detail pane: a supervisor on an open, overdue one may extend only
    view.select_row(0)
    assert view.detail is not None and view.detail.row.id == second.first
    assert view.extend_button.isEnabled() and not view.report_button.isEnabled() and not view.verify_button.isEnabled()
    view.select_row(2)
    assert view.verify_button.isEnabled() and view.not_accept_button.isEnabled()
    assert view.steps.topLevelItemCount() == 1 and "45/UBND" in view.steps.topLevelItem(0).text(1)
    ARTIFACTS.joinpath("remediation").mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    shot = ARTIFACTS / "remediation" / "remediation.png"
    view.grab().save(str(shot))

    _combo_to(view.due, "overdue")
    assert model.rowCount() == 2
    _combo_to(view.status, S.REPORTED.value)
    assert model.rowCount() == 0 and view.title.text().startswith("Select") or view.detail is None
    _combo_to(view.due, "any")
    assert [model.rec_id_at(r) for r in range(model.rowCount())] == [second.second]
    _combo_to(view.status, "")
    section = first.item_code.split("-")[0]
    _combo_to(view.section, section)
    assert {model.rec_id_at(r) for r in range(model.rowCount())} <= {first.first, second.first}
    assert first.first in {model.rec_id_at(r) for r in range(model.rowCount())}
    _combo_to(view.section, "")
    with db.read() as session:
        hoa_thuan = session.scalars(sa.select(Unit.id).where(Unit.name == "Ủy ban nhân dân phường Hòa Thuận")).one()
    _combo_to(view.unit, str(hoa_thuan))
    assert [model.rec_id_at(r) for r in range(model.rowCount())] == [first.first, first.second]


def test_a_step_typed_in_its_dialog(qtbot, app, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit = numbered_visit(db)
    view = _view(qtbot, db, "vanthu")  # the clerk enters the unit's report
    view.select_row(0)
    assert view.report_button.isEnabled() and not view.extend_button.isEnabled()
    dialog = view.report_done()
    assert dialog is not None
    qtbot.addWidget(dialog)
    refused = tmp_path / "bao-cao.txt"
    refused.write_text("không phải PDF", encoding="utf-8")
    assert not dialog.add_file(refused) and "không phải ảnh" in dialog.error.text()
    good = tmp_path / "cong-van-12.pdf"
    good.write_bytes(PDF)
    assert dialog.add_file(good) and dialog.files.count() == 1
    dialog.accept()  # no text yet: refused in the dialog, which stays open
    assert dialog.isVisible() and dialog.error.text()
    dialog.text.setPlainText("Công văn số 12/UBND: đã bố trí 2 công chức trực.")
    dialog.accept()
    assert not dialog.isVisible()
    r = rec(db, visit.first)
    assert r.status is S.REPORTED and r.done_on == LATER
    assert view.model.data(view.model.index(view.model.row_of_key(visit.first), STATUS)) != ""
    assert view.steps.topLevelItemCount() == 1 and "cong-van-12.pdf" in view.steps.topLevelItem(0).text(1)


def test_the_notice_at_start_is_in_the_status_bar(qtbot, app, options, workspace, db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.app import build_main_window

    numbered_visit(db, days=(3, 40))  # due in 3 days by the real clock
    workspace.close()
    already = QApplication.activeModalWidget()  # one left open by an earlier test in this process is not ours
    window = build_main_window(options, db_path, user="truongphong")
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "1 kiến nghị đến hạn trong 7 ngày tới" in window.statusBar().currentMessage()
    assert not window.database_label.isVisible()  # the path gives way: not drawn under the notice
    window.statusBar().clearMessage()
    assert window.database_label.isVisible()
    assert QApplication.activeModalWidget() is already  # the notice opened no dialog
    tab = window.tabs.indexOf(window.remediation_view)
    assert tab >= 0
    window.tabs.setCurrentIndex(tab)
    assert window.remediation_view.model.rowCount() == 2 and window.remediation_view.notice.isVisible()
    window.workspace.close()
