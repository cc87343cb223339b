"""Opening an encrypted database: the user's name and password unwrap its key (store.crypto.Keyring) before
the file is touched; "Forgot every password?" opens it with the recovery key instead, and an administrator
then gets a new password.

A wrong password is refused by the keyring alone: the database file is not opened, let alone written.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.store.crypto import Keyring, KeyringDamaged, WrongPassword, keyring_path
from inspector.ui.accounts.common import MessageLine, attempt, credentials, password_field, sign_in_buttons
from inspector.ui.accounts.recovery_key import monospace_font


def _unwrap(message: MessageLine, call) -> bytes | None:  # type: ignore[no-untyped-def]
    """``call`` (argon2id: a moment) under a wait cursor; a refusal goes to ``message``."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        key = call()
    except (WrongPassword, KeyringDamaged) as exc:
        message.say(str(exc))
        return None
    finally:
        QGuiApplication.restoreOverrideCursor()
    message.say("")
    return key


class UnlockDialog(QDialog):
    """User name and password for an encrypted database, before it opens. Accepted with :attr:`key` and
    either the name and password typed (signed in next, without asking again) or :attr:`recovered`."""

    def __init__(self, path: Path, username: str = "", parent: QWidget | None = None, *, message: str = "",
                 cancel_text: str | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.key: bytes | None = None
        self.recovered = False
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Sign in — Inspector"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.username, self.password = credentials(
            layout, self.tr("This database is encrypted. Sign in with your user name and password to open it. "
                            "Everything you do is recorded under your name."), path, username)
        self.message = MessageLine()
        layout.addWidget(self.message)
        self.message.say(message)
        self.forgot = QPushButton(self.tr("Forgot every password?"))
        self.forgot.setObjectName("forgotButton")
        self.forgot.setFlat(True)
        self.forgot.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot.setStyleSheet("color: #0b57d0; text-decoration: underline; text-align: left;")
        self.forgot.setAutoDefault(False)
        self.forgot.clicked.connect(self.use_recovery_key)
        layout.addWidget(self.forgot, 0, Qt.AlignmentFlag.AlignLeft)
        self.sign_in_button = sign_in_buttons(self, layout, self.try_unlock, cancel_text)
        (self.password if username else self.username).setFocus()

    def try_unlock(self) -> bool:
        username, password = self.username.text(), self.password.text()
        if not username.strip():
            self.message.say(self.tr("Type your user name."))
            self.username.setFocus()
            return False
        key = _unwrap(self.message, lambda: Keyring.load(keyring_path(self.path)).unlock(username, password))
        if key is None:
            self.password.clear()
            self.password.setFocus()
            return False
        self.key = key
        self.accept()
        return True

    def use_recovery_key(self) -> bool:
        dialog = RecoveryEntryDialog(self.path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.key is None:
            return False
        self.key, self.recovered = dialog.key, True
        self.accept()
        return True


class RecoveryEntryDialog(QDialog):
    """The recovery key typed from its printed sheet (case, spaces and hyphens do not matter)."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.key: bytes | None = None
        self.setObjectName("recoveryEntryDialog")
        self.setWindowTitle(self.tr("Open with the recovery key"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("When every administrator has forgotten their password, the recovery key printed at "
                               "the first start opens the database; then an administrator chooses a new password."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text = QLineEdit()
        self.text.setObjectName("recoveryKey")
        self.text.setFont(monospace_font(14))
        self.text.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.text.setMaxLength(120)
        layout.addWidget(self.text)
        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("&Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("okButton")
        ok.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelButton")
        buttons.accepted.connect(self.try_open)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text.setFocus()

    def try_open(self) -> bool:
        text = self.text.text()
        key = _unwrap(self.message, lambda: Keyring.load(keyring_path(self.path)).unlock_with_recovery(text))
        if key is None:
            self.text.setFocus()
            return False
        self.key = key
        self.accept()
        return True


class RecoveredAdminDialog(QDialog):
    """Opened with the recovery key: an active administrator and their new password. Accepted with
    :attr:`user_id` (signed in as that administrator)."""

    def __init__(self, db, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        import sqlalchemy as sa

        from inspector.domain.catalog import Role
        from inspector.store.models import User

        self.db = db
        self.user_id: uuid.UUID | None = None
        self.setObjectName("recoveredAdminDialog")
        self.setWindowTitle(self.tr("A new password for an administrator"))
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The database was opened with the recovery key. Choose an administrator and their "
                               "new password; they then give the other users new passwords if needed."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.admin = QComboBox()
        self.admin.setObjectName("admin")
        with db.read() as session:
            for user in session.scalars(sa.select(User).where(User.active.is_(True), User.holding(Role.ADMIN))
                                        .order_by(User.username)):
                self.admin.addItem(f"{user.full_name} ({user.username})", user.username)
        form.addRow(self.tr("&Administrator:"), self.admin)
        self.password = password_field("password")
        form.addRow(self.tr("&New password:"), self.password)
        self.repeat = password_field("repeat")
        form.addRow(self.tr("&Repeat the new password:"), self.repeat)
        layout.addLayout(form)
        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("&Set the password"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("okButton")
        ok.setDefault(True)
        cancel = buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        buttons.accepted.connect(self.try_set)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()

    def try_set(self) -> bool:
        from inspector.services.accounts import set_password_with_recovery_key

        if self.password.text() != self.repeat.text():
            self.message.say(self.tr("The two passwords are not the same."))
            self.repeat.clear()
            self.repeat.setFocus()
            return False
        username = self.admin.currentData() or ""

        def call() -> uuid.UUID:
            with self.db.session() as session:
                return set_password_with_recovery_key(session, username, self.password.text()).id

        done, result = attempt(self.message, call)
        if not done or result is None:
            return False
        self.user_id = result
        self.accept()
        return True
