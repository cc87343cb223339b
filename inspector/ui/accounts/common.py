"""Pieces the account dialogs share: a password field, the message line, running a service call."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from inspector.services.access import AccessDenied
from inspector.services.accounts import AccountError

T = TypeVar("T")


def password_field(name: str, parent: QWidget | None = None) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(256)
    return field


class MessageLine(QLabel):
    """Why the last attempt was refused, in red, under the fields; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def attempt(message: MessageLine, call: Callable[[], T]) -> tuple[bool, T | None]:
    """Run ``call`` (a service, with a wait cursor: hashing takes a moment); a refusal goes to ``message``."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = call()
    except (AccountError, AccessDenied) as exc:
        message.say(str(exc))
        return False, None
    finally:
        QGuiApplication.restoreOverrideCursor()
    message.say("")
    return True, result
