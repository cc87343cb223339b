"""The visit screen driven with the keyboard through a whole visit, then checked in a fresh session."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector.domain.checklist import ItemType
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.inspection import Inspection
from inspector.store.models import Answer, Evidence, Visit
from inspector.ui.visit_screen import VisitScreen
from tests.conftest import save_artifact
from tests.qt_helpers import type_text

KEYS = {Result.PASS: Qt.Key.Key_1, Result.FAIL: Qt.Key.Key_2, Result.NOT_APPLICABLE: Qt.Key.Key_3}


def _photo(path: Path, colour: str = "teal") -> Path:
    Image.new("RGB", (2400, 1800), colour).save(path, "JPEG")
    return path



def _drop(widget, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_whole_visit_by_keyboard_then_found_in_the_database(screen, db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    card = screen.panel.card
    notes: dict[str, str] = {}
    expected: dict[str, Result] = {}
    fails = 0
    for step, item in enumerate(screen.items):
        assert screen.current_item is item
        if item.type is ItemType.NUMERIC:
            for spec in item.fields:
                spin = screen.panel.spins[spec.code]
                spin.setFocus()
                spin.lineEdit().selectAll()
                full = spec.code in ("checked", "with_receipt", "on_system", "with_control_sheet", "handed_over_same_day")
                QTest.keyClicks(spin, "10" if full else "0")  # a clean sample: nothing late or missing
                QTest.keyClick(spin, Qt.Key.Key_Tab)  # the number is committed when typing is done
            card.setFocus()
        else:
            result = Result.FAIL if step % 9 == 4 and Result.FAIL in item.answers else item.answers[0]
            QTest.keyClick(card, KEYS[result])
            expected[item.code] = result
            if result is Result.FAIL:
                fails += 1
                QTest.keyClick(card, Qt.Key.Key_N)
                assert screen.panel.note.hasFocus()
                note = f"Tồn tại {item.code}: công chức trả lời thiếu lịch sự, ghi nhận lúc 9 giờ"
                type_text(screen.panel.note, note)
                QTest.keyClick(screen.panel.note, Qt.Key.Key_Escape)
                notes[item.code] = note
                screen.panel.staff_list.item(0).setCheckState(Qt.CheckState.Checked)
                _drop(screen.panel, [_photo(tmp_path / f"{item.code}.jpg")])
                if fails == 1:
                    save_artifact(screen, "visit_screen_item.png")
        QTest.keyClick(card if card.hasFocus() else screen.panel.card, Qt.Key.Key_Right)

    # past the last item: the summary step, with the shortcomings drafted from the failed items
    assert screen.stack.currentWidget() is screen.summary
    summary = screen.summary
    draft = summary.editors["shortcomings"].toPlainText()
    assert all(note in draft for note in notes.values()) and draft.startswith("1. ")
    assert summary.findings.count() == fails
    summary.editors["good_points"].setFocus()
    type_text(summary.editors["good_points"], "Trụ sở sạch sẽ, công chức nhiệt tình")
    summary.editors["conclusions"].setFocus()  # leaving the field saves it
    type_text(summary.editors["conclusions"], "Cơ bản thực hiện tốt quy định")
    summary.editors["unit_opinion"].setFocus()
    screen.end_now()
    monkeypatch.setattr("inspector.ui.recommendation_dialog.RecommendationDialog.exec", _fill_recommendation)
    summary.add_rec_button.click()
    assert summary.recs.rowCount() == 1
    save_artifact(screen, "visit_screen_summary.png")
    summary.submit_button.click()
    blockers = [summary.blockers.item(i).text() for i in range(summary.blockers.count())]
    assert screen.view.status is VisitStatus.SUBMITTED, blockers

    with db.session() as session:  # a fresh session: only what was committed
        visit = session.get(Visit, screen.visit_id)
        answers = {a.item_code: a for a in session.scalars(sa.select(Answer).where(Answer.visit_id == visit.id))}
        for code, result in expected.items():
            assert answers[code].result is result, code
        for code, note in notes.items():
            assert answers[code].note == note
            assert len(answers[code].staff) == 1
        photos = session.scalars(sa.select(Evidence).where(Evidence.visit_id == visit.id)).all()
        assert len(photos) == fails and all(max(p.width, p.height) == 1600 for p in photos)
        assert visit.good_points == "Trụ sở sạch sẽ, công chức nhiệt tình"
        assert visit.conclusions == "Cơ bản thực hiện tốt quy định"
        assert visit.ended_at is not None and visit.status is VisitStatus.SUBMITTED
        assert len(visit.recommendations) == 1
        assert visit.recommendations[0].owner_unit.name == "Ủy ban nhân dân phường Hòa Thuận"  # the inspected unit by default
        assert all(answers[i.code].result is Result.PASS for i in screen.items if i.type is ItemType.NUMERIC)


def _fill_recommendation(dialog) -> int:  # type: ignore[no-untyped-def]
    dialog.finding.setCurrentIndex(1)
    dialog.text.setPlainText("Chấn chỉnh thái độ giao tiếp của công chức tiếp nhận hồ sơ")
    return 1


def test_reopening_returns_to_the_same_item(screen, db) -> None:  # type: ignore[no-untyped-def]
    screen.open_item("VH-03")
    QTest.keyClick(screen.panel.card, Qt.Key.Key_2)
    screen.close_screen()
    again = VisitScreen(Inspection(db, screen.inspection.user_id), screen.visit_id)
    assert again.current_item is not None and again.current_item.code == "VH-03"
    assert again.panel.buttons[Result.FAIL].isChecked()


def test_submit_is_blocked_and_says_what_is_missing(screen) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(screen.panel.card, Qt.Key.Key_2)  # KL-01 fails, no note
    screen.open_summary()
    screen.summary.submit_button.click()
    assert screen.view.status is VisitStatus.IN_PROGRESS
    messages = [screen.summary.blockers.item(i).text() for i in range(screen.summary.blockers.count())]
    assert "KL-01: không đạt nhưng chưa ghi rõ tồn tại (cần ghi chú)." in messages
    assert "KL-02: chưa kiểm tra (nội dung bắt buộc)." in messages
    assert screen.banner.isVisible()
    assert screen.banner.text() == f"Chưa gửi duyệt được: còn {len(messages)} việc cần hoàn thành, xem danh sách bên dưới."
    # the blocker leads to the item
    screen.summary.blockers.itemActivated.emit(screen.summary.blockers.item(messages.index("KL-02: chưa kiểm tra (nội dung bắt buộc).")))
    assert screen.current_item is not None and screen.current_item.code == "KL-02"


def test_bad_input_is_refused_with_a_vietnamese_message(screen, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(screen.panel.card, Qt.Key.Key_2)
    screen.panel.note.setPlainText("Ghi chú đã lưu")
    screen.flush()
    # a note of 100,000 characters: refused, the saved note stays, the text stays on screen to shorten
    screen.panel.note.setPlainText("ư" * 100_000)
    screen.flush()
    assert "quá giới hạn 10.000 ký tự" in screen.banner.text()
    with db.session() as session:
        assert session.scalars(sa.select(Answer.note).where(Answer.visit_id == screen.visit_id,
                                                            Answer.item_code == "KL-01")).one() == "Ghi chú đã lưu"
    assert len(screen.panel.note.toPlainText()) == 100_000
    screen.panel.note.setPlainText("Ghi chú ngắn lại")
    screen.flush()
    # not an image, and a 200 MB file
    fake = tmp_path / "khong_phai_anh.jpg"
    fake.write_text("văn bản", encoding="utf-8")
    huge = tmp_path / "qua_lon.jpg"
    with huge.open("wb") as fh:
        fh.seek(200 * 1024 * 1024)
        fh.write(b"\0")
    _drop(screen.panel, [fake, huge, _photo(tmp_path / "ok.jpg")])
    text = screen.panel.photo_report.text()  # one message for the drop, not the banner
    assert "khong_phai_anh.jpg không phải ảnh" in text and "qua_lon.jpg lớn 200 MB" in text
    assert screen.panel.photos.count() == 1  # the good photo of the three was kept
    # an end time before the start time
    screen.open_summary()
    start = screen.view.started_at
    from inspector.ui.widgets import to_qdatetime
    screen.summary.end_edit.setDateTime(to_qdatetime(start).addSecs(-3600))
    screen.save_end_time()
    assert "phải sau giờ bắt đầu" in screen.banner.text()
    with db.session() as session:
        assert session.get(Visit, screen.visit_id).ended_at is None


def test_numbers_shared_by_the_dossier_sample(screen) -> None:  # type: ignore[no-untyped-def]
    screen.open_item("HS-09")
    spin = screen.panel.spins["checked"]
    spin.setValue(12)
    screen.panel.spins["late"].setValue(2)
    assert screen.answers["HS-09"].result is Result.FAIL
    screen.open_item("HS-10")
    assert screen.panel.spins["late"].value() == 2  # entered once, under HS-09
    screen.panel.spins["late_with_apology"].setValue(2)
    assert screen.answers["HS-10"].result is Result.UNCHECKED  # apologies sent in time not entered yet
    screen.panel.spins["late_apology_in_time"].setValue(2)
    assert screen.answers["HS-10"].result is Result.PASS
    save_artifact(screen, "visit_screen_numbers.png")
    assert QApplication.instance() is not None and QMessageBox is not None
