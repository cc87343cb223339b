"""Pieces the account dialogs share: a password field, the message line, running a service call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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


def credentials(layout: QVBoxLayout, intro: str, path: Path | str | None, username: str) -> tuple[QLineEdit, QLineEdit]:
    """What the sign-in dialogs ask (before or after the database opens): the intro, the database's name, the
    user name and the password fields, added to ``layout``."""
    label = QLabel(intro)
    label.setWordWrap(True)
    layout.addWidget(label)
    if path is not None:  # a file's name, or the office server's address (without its password)
        where = QLabel(QCoreApplication.translate("SignInDialog", "Database: %1")
                       .replace("%1", path.name if isinstance(path, Path) else str(path)))
        where.setToolTip(str(path))
        where.setStyleSheet("color: #555;")
        layout.addWidget(where)
    form = QFormLayout()
    name = QLineEdit(username)
    name.setObjectName("username")
    name.setMaxLength(60)
    form.addRow(QCoreApplication.translate("SignInDialog", "&User name:"), name)
    password = password_field("password")
    form.addRow(QCoreApplication.translate("SignInDialog", "&Password:"), password)
    layout.addLayout(form)
    return name, password


def sign_in_buttons(dialog: QDialog, layout: QVBoxLayout, accept: Callable[[], object],
                    cancel_text: str | None) -> QPushButton:
    """*Đăng nhập* (the default: Enter signs in) and *Thoát* (or ``cancel_text``), added to ``layout``."""
    buttons = QDialogButtonBox()
    sign_in = buttons.addButton(QCoreApplication.translate("SignInDialog", "Sign &in"), QDialogButtonBox.ButtonRole.AcceptRole)
    sign_in.setObjectName("signInButton")
    sign_in.setDefault(True)
    cancel = buttons.addButton(cancel_text or QCoreApplication.translate("SignInDialog", "&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
    cancel.setObjectName("cancelButton")
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return sign_in
