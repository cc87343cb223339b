"""Soak: one process drives the real screens through at least 300,000 Qt operations and ends normally.

The real MainWindow over a demo database (on tmp_path) is driven with the keyboard and the mouse
as an inspector does it, round after round: the visits list refreshed, the tabs switched with
Ctrl+Tab, the visit opened from the list, every item answered with 1/2/3 (each answer committed to
SQLite), moving on with → and back with ←, a note typed on some failed items, the summary opened
past the last item, back to the list with the Visits button.

It goes on until at least 300,000 Qt operations were counted (see QtCallCounter; about 12,000 a
round, 25 rounds, some 25-40 s). A binding that loses references to None (PySide6 6.12.0 on Python
3.11, about 5,900 a round here) aborts such a session with "Fatal Python error: none_dealloc"; this
test checks after every round that None, True and False kept their references (on 3.11; on 3.12+
that they are still immortal, see tests/test_qt_runtime.py) and fails cleanly before Python would
abort. It prints, and adds to artifacts/soak.txt, the operation count, the run time, the memory
(VmRSS, VmHWM from /proc/self/status) before and after, and the reference-count changes. With
6.11.3 on 3.11, None *gains* about 2,000 references a round: that binding keeps one reference to
None for good the first time setForeground is called on a new list or tree item (harmless: a
count that only grows never reaches zero, and nothing is allocated).
"""

from __future__ import annotations

import gc
import sys
import time
import types
import uuid
from pathlib import Path

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from inspector.domain.checklist import ItemType
from inspector.domain.workflow import Result
from inspector.ui.app import build_main_window
from inspector.ui.main_window import MainWindow
from tests.conftest import ARTIFACTS
from tests.qt_helpers import type_text
from tests.test_qt_runtime import SINGLETONS, counts, give_back, refcount_problem

TARGET_QT_OPERATIONS = 300_000
MAX_ROUNDS = 400  # a safety net: the target is reached long before
KEYS = {Result.PASS: Qt.Key.Key_1, Result.FAIL: Qt.Key.Key_2, Result.NOT_APPLICABLE: Qt.Key.Key_3}
QT_MODULES = ("PySide6", "shiboken6", "Shiboken")


class QtCallCounter:
    """Counts the Qt operations made from Python, with sys.setprofile.

    The profiler sees a 'c_call' event for every call of a function written in C. One is counted
    as a Qt operation when the function is bound to a Qt object (an instance of a class whose MRO
    includes a class from PySide6/shiboken6: a widget, an item, a signal instance, the
    application), to a Qt class (static functions such as QTest.keyClick,
    QApplication.processEvents) or to a PySide6/shiboken6 module. Calls made from Python slots
    that Qt invokes while handling a key (the app's handlers calling setText, setData, emit...)
    are counted too; what Qt does in C++ on its own, constructors (type calls) and calls into
    other C extensions (sqlite3, builtins) are not, so the count is a lower bound of the Qt work.
    """

    def __init__(self) -> None:
        self.count = 0
        self._qt_owner: dict[object, bool] = {}

    def _is_qt(self, owner: object) -> bool:
        key = owner if isinstance(owner, (type, types.ModuleType)) else type(owner)
        known = self._qt_owner.get(key)
        if known is None:
            if isinstance(key, types.ModuleType):
                known = key.__name__.startswith(QT_MODULES)
            else:
                known = any((getattr(k, "__module__", None) or "").startswith(QT_MODULES)
                            for k in key.__mro__)  # type: ignore[union-attr]
            self._qt_owner[key] = known
        return known

    def _profile(self, _frame, event: str, arg) -> None:  # type: ignore[no-untyped-def]
        if event == "c_call" and self._is_qt(getattr(arg, "__self__", None)):
            self.count += 1

    def __enter__(self) -> QtCallCounter:
        sys.setprofile(self._profile)
        return self

    def __exit__(self, *_exc: object) -> None:
        sys.setprofile(None)


def _memory() -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of this process, in kB."""
    wanted = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            wanted[key] = int(value.split()[0])
    return wanted


def _references() -> dict[str, int]:
    """References to None, True and False, read after a full collection (garbage holds some)."""
    gc.collect()
    return counts()


def _check_references(start: dict[str, int], given_back: dict[str, int], where: str) -> None:
    """Fail (cleanly, before Python aborts) when None/True/False lost references since the start."""
    lost = {name: n - _references()[name] for name, n in start.items()}
    problem = refcount_problem(lost)
    if problem is not None:
        give_back(lost)  # for good: the rest of the test session survives the leak
        given_back.update({name: max(0, n) for name, n in lost.items()})
        pytest.fail(f"{where}: {problem}")


def _delete_later_now() -> None:
    """Run the deleteLater()s of closed screens, as the event loop does between two user actions."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _start_visit(window: MainWindow) -> uuid.UUID:
    point = next(p.id for u in window.catalog._units.values() for p in u.points
                 if p.name == "Trung tâm Phục vụ hành chính công phường Trà Vinh")
    window.start_unannounced_visit(point)
    assert window.visit_screen is not None
    return window.visit_screen.visit_id


def _switch_tabs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tabs = window.tabs
    shown = [n for n in range(tabs.count()) if tabs.isTabVisible(n)]  # the Review tab is hidden for inspectors
    for _ in range(len(shown)):
        before = shown.index(tabs.currentIndex())
        qtbot.keyClick(tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert tabs.currentIndex() == shown[(before + 1) % len(shown)]


def _open_from_list(qtbot, window: MainWindow, visit_id: uuid.UUID, round_no: int) -> None:  # type: ignore[no-untyped-def]
    """Select the visit's row in the visits list, then Enter (even rounds) or the Open button."""
    window.tabs.setCurrentWidget(window.visits)
    visits = window.visits
    visits.table.selectRow(next(r for r, v in enumerate(visits.visits) if v.id == visit_id))
    assert visits.current_visit_id() == visit_id
    if round_no % 2 == 0:
        visits.table.setFocus()
        qtbot.keyClick(visits.table, Qt.Key.Key_Return)
    else:
        qtbot.mouseClick(visits.open_button, Qt.MouseButton.LeftButton)
    assert window.visit_screen is not None and window.visit_screen.visit_id == visit_id


def _walk_visit(qtbot, window: MainWindow, round_no: int) -> int:  # type: ignore[no-untyped-def]
    """Answer every item with the keys, a step back now and then, then the summary. Returns answers."""
    screen = window.visit_screen
    assert screen is not None
    screen.open_index(0)
    answered = 0
    for step, item in enumerate(screen.items):
        card = screen.panel.card
        assert screen.current_item is item
        if item.type is ItemType.CHOICE:
            result = item.answers[(step + round_no) % len(item.answers)]
            qtbot.keyClick(card, KEYS[result])
            assert screen.answers[item.code].result is result, item.code
            answered += 1
            if result is Result.FAIL and step % 5 == 0:
                qtbot.keyClick(card, Qt.Key.Key_N)
                screen.panel.note.selectAll()
                type_text(screen.panel.note, f"Vòng {round_no}: thiếu niêm yết")
                qtbot.keyClick(screen.panel.note, Qt.Key.Key_Escape)
        if step % 7 == 3:  # back one and forward again
            qtbot.keyClick(card, Qt.Key.Key_Left)
            qtbot.keyClick(screen.panel.card, Qt.Key.Key_Right)
        qtbot.keyClick(screen.panel.card, Qt.Key.Key_Right)
    assert screen.stack.currentWidget() is screen.summary  # past the last item: the summary
    qtbot.keyClick(screen.summary, Qt.Key.Key_Left)  # back to the last item, and again to the summary
    qtbot.keyClick(screen.panel.card, Qt.Key.Key_Right)
    assert screen.stack.currentWidget() is screen.summary
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)  # back to the visits list
    assert window.visit_screen is None and window.tabs.currentWidget() is window.visits
    return answered


@pytest.mark.slow
def test_soak_real_screens(qtbot, app, options, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(options, db_path, user="kiemtra1")
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    visit_id = _start_visit(window)
    qtbot.mouseClick(window.visit_screen.back_button, Qt.MouseButton.LeftButton)
    _delete_later_now()

    memory_before = _memory()
    references_before = _references()
    started = time.monotonic()
    rounds = answers = 0
    outcome = "stopped by a failure"
    given_back = dict.fromkeys(SINGLETONS, 0)  # references added back after a failed check
    counter = QtCallCounter()
    try:
        with counter:
            while counter.count < TARGET_QT_OPERATIONS and rounds < MAX_ROUNDS:
                window.visits.refresh()
                _switch_tabs(qtbot, window)
                _open_from_list(qtbot, window, visit_id, rounds)
                answers += _walk_visit(qtbot, window, rounds)
                _delete_later_now()
                rounds += 1
                if rounds == 1:  # warm-up: caches filled, objects left by earlier tests in the session freed
                    references_before = _references()
                    continue
                _check_references(references_before, given_back, f"round {rounds}")
        outcome = "ended normally"
    finally:
        elapsed = time.monotonic() - started
        memory_after = _memory()
        references_after = _references()
        change = {name: references_after[name] - given_back[name] - references_before[name] for name in SINGLETONS}
        line = (f"soak {outcome}: {counter.count:,} Qt operations in {rounds} rounds ({answers:,} answers "
                f"committed) in {elapsed:.1f} s; VmRSS {memory_before['VmRSS']:,} kB -> {memory_after['VmRSS']:,} kB, "
                f"VmHWM {memory_before['VmHWM']:,} kB -> {memory_after['VmHWM']:,} kB; reference count change "
                f"None {change['None']:+}, True {change['True']:+}, False {change['False']:+} "
                f"(Python {sys.version.split()[0]}, PySide6 {pyside_version})")
        print(line)
        ARTIFACTS.mkdir(exist_ok=True)
        with (ARTIFACTS / "soak.txt").open("a", encoding="utf-8") as out:
            out.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}\n")

    assert counter.count >= TARGET_QT_OPERATIONS, line
    assert refcount_problem({name: -n for name, n in change.items()}) is None, line
    window.close()
    window.workspace.close()
