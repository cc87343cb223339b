"""A failed save is said on screen, marked as not saved, and can be retried; nothing escapes the key handler."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from inspector.domain.workflow import Result
from inspector.store.models import Answer
from inspector.ui.errors import describe
from tests.conftest import save_artifact

HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("LOCKED", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""



def _stored(db, visit_id, code):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.select(Answer.result).where(Answer.visit_id == visit_id, Answer.item_code == code)).first()


def test_another_writer_holding_the_lock_shows_the_banner_then_retry_saves(screen, db, qtbot) -> None:  # type: ignore[no-untyped-def]
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db.path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
        code = screen.current_item.code
        started = time.monotonic()
        QTest.keyClick(screen.panel.card, Qt.Key.Key_2)  # Không đạt, while another process writes
        waited = time.monotonic() - started
        assert screen.failure.isVisible()
        text = screen.failure.text()
        assert "đang bận" in text and "CHƯA được lưu" in text and "Thử lại" in text, text
        assert waited < 5.0 + 2.0  # within the busy timeout (5 s), with slack for a loaded machine
        assert screen.saved_label.text() == "⚠ Chưa lưu"
        assert screen._tree_items[code].text(0).startswith("⚠")
        assert screen.answers.get(code) is None or screen.answers[code].result is not Result.FAIL  # not shown as saved
        assert screen.failure.retry_button.isVisible()
        save_artifact(screen, "failure_banner.png")
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert _stored(db, screen.visit_id, code) is not Result.FAIL
    qtbot.mouseClick(screen.failure.retry_button, Qt.MouseButton.LeftButton)
    assert not screen.failure.isVisible()
    assert _stored(db, screen.visit_id, code) is Result.FAIL
    assert screen.answers[code].result is Result.FAIL
    assert screen._tree_items[code].text(0).startswith("✗")
    assert screen.saved_label.text().startswith("✓")


def test_any_exception_from_a_service_is_shown_not_raised(screen, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise sa.exc.OperationalError("UPDATE answers", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(screen.inspection, "set_result", broken)
    QTest.keyClick(screen.panel.card, Qt.Key.Key_1)
    assert "Ổ đĩa đã đầy" in screen.failure.text() and "CHƯA được lưu" in screen.failure.text()

    def bug(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(screen.inspection, "set_result", bug)
    QTest.keyClick(screen.panel.card, Qt.Key.Key_1)
    assert "RuntimeError: boom" in screen.failure.text()


@pytest.mark.parametrize(("error", "words"), [
    (sqlite3.OperationalError("database is locked"), "đang bận"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "chỉ đọc"),
    (sqlite3.IntegrityError("UNIQUE constraint failed: answers.visit_id"), "vừa lưu"),
    (sqlite3.DatabaseError("database disk image is malformed"), "bị hỏng"),
    (PermissionError(13, "Permission denied", "/x/anh.jpg"), "/x/anh.jpg"),
])
def test_failures_are_described_in_vietnamese(app, error, words) -> None:  # type: ignore[no-untyped-def]
    failure = describe(sa.exc.OperationalError("stmt", {}, error) if isinstance(error, sqlite3.Error) else error)
    assert words in failure.message and "CHƯA được lưu" in failure.message
    assert not failure.refusal
