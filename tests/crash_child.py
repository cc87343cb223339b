"""Child process for test_crash_safety: the real app answering a visit by keyboard until killed.

Prints "ACK <item> <result>" after each answer the app acknowledged (the key
handler returned, so the service committed), and "ACK-NOTE <item> <text>" after
a note was saved by moving on. The parent kills it with SIGKILL at a random
moment and checks the database.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from inspector.domain.checklist import ItemType
from inspector.domain.workflow import Result
from inspector.ui.app import build_main_window, create_application
from inspector.ui.settings import Options
from tests.qt_helpers import type_text

KEYS = {Result.PASS: Qt.Key.Key_1, Result.FAIL: Qt.Key.Key_2, Result.NOT_APPLICABLE: Qt.Key.Key_3}


def main() -> int:
    database, point_name, run, key = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), bytes.fromhex(sys.argv[4])
    app = create_application(sys.argv[:1])
    options = Options()
    # signed in as the inspector, no dialog, on the encrypted file the parent reads with the same key
    window = build_main_window(options, database, user="kiemtra1", key=key)
    assert window is not None
    window.show()
    QTest.qWaitForWindowActive(window)
    if not window.resume():  # first run: start the unannounced visit, as a user would
        point = next(p.id for u in window.catalog._units.values() for p in u.points if p.name == point_name)
        window.start_unannounced_visit(point)
    screen = window.visit_screen
    assert screen is not None
    print(f"READY {screen.visit_id}", flush=True)
    step = 0
    while True:
        item = screen.current_item
        if item is None:  # reached the summary: go round again
            screen.open_index(0)
            continue
        if item.type is ItemType.CHOICE:
            result = item.answers[(step + run) % len(item.answers)]
            print(f"DOING {item.code} {result.value}", flush=True)
            QTest.keyClick(screen.panel.card, KEYS[result])
            shown = screen.answers.get(item.code)
            assert shown is not None and shown.result is result, f"{item.code}: the key did not answer"
            print(f"ACK {item.code} {result.value}", flush=True)
            if result is Result.FAIL and step % 3 == 0:
                QTest.keyClick(screen.panel.card, Qt.Key.Key_N)
                note = f"Lần {run} bước {step}: công chức vắng mặt"
                # in flight from the first key: the note is saved while typed (after a pause) and on leaving it
                print(f"DOING-NOTE {item.code} {note}", flush=True)
                screen.panel.note.selectAll()
                type_text(screen.panel.note, note)
                QTest.keyClick(screen.panel.note, Qt.Key.Key_Escape)
                QTest.keyClick(screen.panel.card, Qt.Key.Key_Right)  # moving on saves the note
                assert screen.answers[item.code].note == note, f"{item.code}: the note was not saved"
                print(f"ACK-NOTE {item.code} {note}", flush=True)
                step += 1
                continue
        QTest.keyClick(screen.panel.card, Qt.Key.Key_Right)
        assert screen.current_item is not item, "the arrow key did not move on"
        step += 1
        app.processEvents()


if __name__ == "__main__":
    sys.exit(main())
