"""The review loop on screen, end to end: the supervisor's queue, comments and return; the inspector sees the
comments on the item and in the visits list, fixes and resubmits; approval; the clerk numbers; the
administrator reopens with a reason; revision 2 is printed under the same number while revision 1's PDF stays
byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QInputDialog, QMessageBox

from inspector.domain.workflow import VisitStatus
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes
from inspector.services.review import Review
from inspector.ui import labels
from inspector.ui.minutes_dialog import MinutesDialog, render_pages
from inspector.ui.review.screen import ReviewScreen
from inspector.ui.review.view import ReviewView
from inspector.ui.visit_screen import COMMENTED, VisitScreen
from inspector.ui.visits.model import STATUS
from inspector.ui.visits_view import VisitsView
from tests.conftest import ARTIFACTS
from tests.qt_helpers import type_text
from tests.test_review import failed_item, pdf_text, status, submitted_visit, user

SHOTS = ARTIFACTS / "review"  # screenshots for a human to look at (not committed)


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / name))


def _show(qtbot, widget, width: int = 1366, height: int = 760):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    return widget


def test_return_fix_approve_number_reopen_and_revision_2(qtbot, app, db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    inspector, supervisor, clerk, admin = (user(db, n) for n in ("kiemtra1", "truongphong", "vanthu", "quantri"))
    visit_id = submitted_visit(db, fail=2)
    code = failed_item(db, visit_id)

    # --- the supervisor's queue, and the visit opened from it
    queue = _show(qtbot, ReviewView(db, lambda: supervisor), 1200, 420)
    queue.refresh()
    assert queue.model.rowCount() == 1 and queue.current_visit_id() == visit_id
    assert queue.notice.isHidden()
    shot(queue, "review_queue.png")
    with qtbot.waitSignal(queue.open_requested) as opened:
        queue.open_button.click()
    screen = _show(qtbot, ReviewScreen(Inspection(db, supervisor), opened.args[0]))
    assert not screen.visit.view.editable and screen.visit.panel.note.isReadOnly()
    assert screen.approve_button.isEnabled() and screen.return_button.isEnabled()

    screen.visit.open_item(code)
    assert screen.item_code == code and screen.item_box.isEnabled()
    type_text(screen.item_comment, "Ghi chú chưa nêu tên công chức và thời điểm.")
    screen.item_button.click()
    type_text(screen.overall_comment, "Kiến nghị cần có hạn khắc phục cụ thể.")
    screen.overall_button.click()
    assert screen.list.count() == 2 and screen.banner.isHidden()
    assert not screen.visit.panel.review_note.isHidden()
    assert "Ghi chú chưa nêu tên công chức" in screen.visit.panel.review_note.text()
    shot(screen, "review_screen.png")
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Đề nghị đoàn bổ sung rồi gửi lại.", True))
    with qtbot.waitSignal(screen.decided):
        screen.return_button.click()
    assert status(db, visit_id) is VisitStatus.RETURNED
    queue.refresh()
    assert queue.model.rowCount() == 0

    # --- the inspector: the list says returned with comments; the item shows its comment
    visits = _show(qtbot, VisitsView(db), 1200, 400)
    visits.refresh()
    assert visits.select_visit(visit_id)
    cell = visits.model.index(visits.current_row(), STATUS)
    assert cell.data().startswith(labels.visit_status(VisitStatus.RETURNED) + " · ") and "3" in cell.data()
    assert "3" in cell.data(Qt.ItemDataRole.ToolTipRole)  # the tooltip counts them too
    mine = _show(qtbot, VisitScreen(Inspection(db, inspector), visit_id))
    assert mine.view.editable
    assert not mine.review_banner.isHidden()
    assert "Đề nghị đoàn bổ sung rồi gửi lại." in mine.review_banner.text()
    assert "Kiến nghị cần có hạn khắc phục cụ thể." in mine.review_banner.text()
    mine.open_item(code)
    assert not mine.panel.review_note.isHidden()
    assert "Ghi chú chưa nêu tên công chức và thời điểm." in mine.panel.review_note.text()
    assert "Nguyễn Văn Thành" in mine.panel.review_note.text()
    assert mine._tree_items[code].background(0).color().name() == COMMENTED
    shot(mine, "returned_item.png")
    mine.panel.note.setFocus()
    mine.panel.note.selectAll()
    type_text(mine.panel.note, "Lúc 9 giờ 15, công chức Trần Văn A không hướng dẫn người dân.")
    mine.open_summary()
    mine.summary.submit_button.click()
    assert status(db, visit_id) is VisitStatus.SUBMITTED
    assert mine.review_banner.isHidden()  # submitted again: those comments are answered

    # --- the supervisor approves
    again = _show(qtbot, ReviewScreen(Inspection(db, supervisor), visit_id))
    earlier = [again.list.item(i) for i in range(again.list.count())]  # the first submission's, greyed
    assert len(earlier) == 3 and all(e.foreground().color() == QColor(Qt.GlobalColor.gray) for e in earlier)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(again.decided):
        again.approve_button.click()
    assert status(db, visit_id) is VisitStatus.APPROVED

    # --- the clerk numbers: revision 1
    dialog = _show(qtbot, MinutesDialog(Minutes(db, clerk), visit_id, "Hòa Thuận"), 980, 760)
    assert dialog.lock_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("7", True))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog.lock_button.click()
    assert warnings == []
    first = dialog.current
    assert first is not None and first.final and first.revision == 1
    dialog.write_pdf(tmp_path / "lan1.pdf")
    first_bytes = (tmp_path / "lan1.pdf").read_bytes()
    assert hashlib.sha256(first_bytes).hexdigest() == first.sha256
    assert not dialog.lock_button.isEnabled()

    # --- the administrator reopens it, with a written reason
    opened_by_admin = _show(qtbot, VisitScreen(Inspection(db, admin), visit_id))
    assert not opened_by_admin.reopen_button.isHidden()
    assert VisitScreen(Inspection(db, clerk), visit_id).reopen_button.isHidden()
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("", True))
    opened_by_admin.reopen_button.click()
    assert status(db, visit_id) is VisitStatus.LOCKED  # no reason: refused, said in the banner
    assert "lý do" in opened_by_admin.banner.text()
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        lambda *a, **k: ("Đơn vị phản ánh biên bản ghi sai tên công chức.", True))
    opened_by_admin.reopen_button.click()
    assert status(db, visit_id) is VisitStatus.RETURNED
    assert "Đơn vị phản ánh biên bản ghi sai tên công chức." in opened_by_admin.review_banner.text()

    # the inspector fixes it and resubmits; approved again
    fixing = Inspection(db, inspector)
    fixing.set_note(visit_id, code, "Lúc 9 giờ 15, công chức Trần Văn B không hướng dẫn người dân.")
    fixing.submit(visit_id)
    Review(db, supervisor).approve(visit_id)

    # --- the clerk issues revision 2: no number asked, the same number
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (_ for _ in ()).throw(AssertionError("asked a number")))
    second_dialog = _show(qtbot, MinutesDialog(Minutes(db, clerk), visit_id, "Hòa Thuận"), 980, 760)
    assert second_dialog.lock_button.isEnabled() and "2" in second_dialog.lock_button.text()
    assert not second_dialog.revision_combo.isHidden()
    second_dialog.lock_button.click()
    assert warnings == []
    second = second_dialog.current
    assert second is not None and second.final and second.revision == 2 and second.number == first.number
    text = pdf_text(second.data)
    assert "Bản ban hành lần 2, thay thế bản ban hành ngày" in text and "Trần Văn B" in text
    assert f"Số: {first.number}" in text
    qtbot.wait(50)  # the new pages laid out
    shot(second_dialog, "minutes_revision_2.png")
    SHOTS.mkdir(parents=True, exist_ok=True)
    render_pages(second.data, 1.5)[0].save(str(SHOTS / "minutes_revision_2_page1.png"))

    # the first revision, chosen in the dialog and saved: the same bytes as issued
    assert second_dialog.revision_combo.count() == 2
    second_dialog.show_revision(1)
    assert second_dialog.current.revision == 1
    second_dialog.write_pdf(tmp_path / "lan1-again.pdf")
    again_bytes = (tmp_path / "lan1-again.pdf").read_bytes()
    assert again_bytes == first_bytes and hashlib.sha256(again_bytes).hexdigest() == first.sha256
    assert "Trần Văn A" in pdf_text(again_bytes)


def test_the_review_tab_in_the_main_window(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.workspace import open_workspace
    from inspector.ui.app import build_main_window
    from inspector.ui.review.screen import ReviewScreen as Screen

    workspace = open_workspace(db_path, demo_if_new=True, demo_history=False)
    try:
        visit_id = submitted_visit(workspace.db, fail=1)
    finally:
        workspace.close()

    window = build_main_window(options, db_path, user="truongphong")
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tabs.indexOf(window.review_view)
    assert window.tabs.isTabVisible(tab)
    window.tabs.setCurrentIndex(tab)
    assert window.review_view.model.rowCount() == 1
    shot(window, "main_window_review_tab.png")
    window.open_visit(visit_id)  # from the visits list too, a submitted visit opens for review
    assert isinstance(window.pages.currentWidget(), Screen)
    window.close_review()
    window.review_view.open_button.click()
    screen = window.pages.currentWidget()
    assert isinstance(screen, Screen) and screen.visit_id == visit_id
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen.approve_button.click()
    assert window.pages.currentIndex() == 0 and window.tabs.currentWidget() is window.review_view
    assert window.review_view.model.rowCount() == 0
    assert status(window.workspace.db, visit_id) is VisitStatus.APPROVED
    window.close()
    window.workspace.close()

    inspector = build_main_window(options, db_path, user="kiemtra1")
    assert inspector is not None
    qtbot.addWidget(inspector)
    assert not inspector.tabs.isTabVisible(inspector.tabs.indexOf(inspector.review_view))
    inspector.workspace.close()
