"""The installed Python/PySide6 combination must not lose references to None, True or False.

PySide6-Essentials 6.12.0 on Python 3.11 drops one reference to the returned object on every Qt
call that returns None (setters, a null parent, an empty data role) and to True on every signal
emit; after a long session the count reaches zero and Python aborts with "Fatal Python error:
none_dealloc: deallocating None". pyproject.toml pins a release that does not; this guard measures
the installed one (whatever its version number says) and fails on a combination that leaks.

Python 3.11 (Debian 12): the reference counts are real; losing more than a few in 10,000 calls fails.
Python 3.12+ (Debian 13): None, True and False are immortal (PEP 683). Their stored count starts
at about 2**32 and CPython never frees them; PySide6 is built for the stable ABI of 3.10, whose
Py_DECREF still decrements the stored count while CPython's Py_INCREF leaves immortal objects alone,
so the count may drift down by one per call there even with a sound binding (6.11.3's emit does)
— harmless. There the guard checks that the counts are still in the immortal range: it runs and
passes by measurement, it is not skipped, and it would fail if None were ever mortal again.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

import pytest
import shiboken6
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QWidget

CALLS = 10_000
NOISE = 50  # references the interpreter itself may move about between two readings
SINGLETONS = {"None": None, "True": True, "False": False}
IMMORTAL = sys.version_info >= (3, 12)
IMMORTAL_FLOOR = 2**30  # 3.12 and 3.13 store 2**32 - 1 for an immortal object, 3.14 stores 3 * 2**30


def counts() -> dict[str, int]:
    return {name: sys.getrefcount(obj) for name, obj in SINGLETONS.items()}


def give_back(lost: dict[str, int]) -> None:
    """Add back, for good, the references a leaking binding took from None/True/False.

    Each lost reference is a Py_DECREF too many; one Py_IncRef each undoes it, so that measuring
    the leak does not make the test process abort with none_dealloc or bool_dealloc, during the
    run or at exit (a failed test is the better report). Never needed on a sound binding, nor on
    3.12+ where the objects are immortal.
    """
    if IMMORTAL:
        return
    for name, n in lost.items():
        for _ in range(max(0, n)):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(SINGLETONS[name]))


def refcount_problem(lost: dict[str, int]) -> str | None:
    """What is wrong with losing `lost` references to None/True/False on this Python, or None if fine."""
    where = (f"PySide6 {pyside_version} / shiboken6 {shiboken6.__version__} on Python "
             f"{sys.version.split()[0]}")
    if IMMORTAL:
        mortal = {name: n for name, n in counts().items() if n < IMMORTAL_FLOOR}
        return f"{where}: reference counts {mortal} are no longer immortal" if mortal else None
    if all(n < NOISE for n in lost.values()):
        return None
    return (f"{where} lost references {lost}: this combination leaks and aborts long sessions "
            "(none_dealloc). Install the version pinned in pyproject.toml (bash scripts/dev test does).")


def measure_lost(call: Callable[[], object], calls: int = CALLS, chunk: int = 100) -> dict[str, int]:
    """How many references to None/True/False `calls` calls of `call` lost (negative: gained).

    Counted in chunks of 100 calls, each chunk's loss given back at once: on a leaking binding
    True's count (a few hundred in a small process) would otherwise reach zero within the loop.
    """
    for _ in range(10):  # warm up: caches, lazily built signatures, first-call allocations
        call()
    total = dict.fromkeys(SINGLETONS, 0)
    done = 0
    while done < calls:
        n = min(chunk, calls - done)
        before = counts()
        for _ in range(n):
            call()
        after = counts()
        lost = {name: before[name] - after[name] for name in SINGLETONS}
        give_back(lost)
        total = {name: total[name] + lost[name] for name in SINGLETONS}
        done += n
    return total


class _Emitter(QObject):
    ping = Signal(int)


def _calls() -> dict[str, Callable[[], object]]:
    """Qt calls returning None (and an emit returning True); the lambdas keep their objects alive."""
    table_item = QTableWidgetItem("mục")
    standard_item = QStandardItem("mục")
    widget = QWidget()
    label = QLabel()
    emitter = _Emitter()
    received: list[int] = []
    emitter.ping.connect(received.append)
    return {
        "QTableWidgetItem.setData": lambda: table_item.setData(Qt.ItemDataRole.UserRole, "mã"),
        "QWidget.setToolTip": lambda: widget.setToolTip("Gợi ý"),
        "QLabel.setText": lambda: label.setText("Đã lưu"),
        "QStandardItem.setData": lambda: standard_item.setData("mã", Qt.ItemDataRole.UserRole),
        "QWidget.setEnabled": lambda: widget.setEnabled(True),
        "QWidget.parent (None)": widget.parent,
        "QTableWidgetItem.data (None)": lambda: table_item.data(Qt.ItemDataRole.UserRole + 7),
        "Signal.emit": lambda: emitter.ping.emit(1),
    }


def test_this_python_counts_references_as_the_guard_expects() -> None:
    """On 3.11 None's count follows every reference; on 3.12+ it is immortal (a count near 2**32)."""
    if IMMORTAL:
        assert all(n >= IMMORTAL_FLOOR for n in counts().values()), counts()
        return
    before = sys.getrefcount(None)
    held = [None] * 1_000
    grown = sys.getrefcount(None) - before
    del held
    assert 1_000 - NOISE < grown < 1_000 + NOISE


@pytest.mark.parametrize("name", [
    "QTableWidgetItem.setData", "QWidget.setToolTip", "QLabel.setText", "QStandardItem.setData",
    "QWidget.setEnabled", "QWidget.parent (None)", "QTableWidgetItem.data (None)", "Signal.emit",
])
def test_qt_calls_do_not_lose_references_to_none(qapp, name: str) -> None:  # type: ignore[no-untyped-def]
    lost = measure_lost(_calls()[name])
    print(f"{name}: {CALLS} calls, references lost {lost} (Python {sys.version.split()[0]}, "
          f"PySide6 {pyside_version}, shiboken6 {shiboken6.__version__}{', immortal' if IMMORTAL else ''})")
    problem = refcount_problem(lost)
    assert problem is None, f"{name}, {CALLS:,} calls: {problem}"


def test_pyside6_and_shiboken6_match() -> None:
    assert shiboken6.__version__ == pyside_version, (shiboken6.__version__, pyside_version)
