"""Helpers for driving widgets like a Vietnamese user does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type text key by key, Vietnamese letters included.

    QTest.keyClicks only knows ASCII; a Vietnamese keyboard (IBus/Unikey) delivers
    each letter as a key event carrying its text, which is what this sends.
    """
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown if not ch.isascii() else _key(ch), Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def _key(ch: str) -> int:
    if ch == " ":
        return Qt.Key.Key_Space
    if ch.isalnum():
        return ord(ch.upper())
    return Qt.Key.Key_unknown
