"""Signing in: the first start (the administrator's password), the sign-in dialog, and one's own password.

:func:`ask_sign_in` is the whole way in: the first-start dialog when no administrator has a password yet,
then the sign-in dialog, then — for a password the administrator handed over — the change to one's own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.services.accounts import (
    FirstStart,
    change_password,
    first_start,
    set_first_admin_password,
    sign_in,
)
from inspector.store.db import Database
from inspector.ui.accounts.common import MessageLine, attempt, credentials, password_field, sign_in_buttons


class SignInDialog(QDialog):
    """User name and password; the service's answer (wrong, locked until…, deactivated) shown in the dialog.

    Accepted once signed in: :attr:`user_id`, and :attr:`must_change_password` for a handed-over password.
    """

    def __init__(self, db: Database, username: str = "", parent: QWidget | None = None, *,
                 cancel_text: str | None = None, now: Callable[[], datetime | None] = lambda: None) -> None:
        super().__init__(parent)
        self.db = db
        self.now = now
        self.user_id: uuid.UUID | None = None
        self.must_change_password = False
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in — Inspector"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        self.username, self.password = credentials(
            layout, self.tr("Sign in with your user name and password. Everything you do is recorded under your name."),
            db.path if db.path is not None or not getattr(db, "is_server", False) else db.name, username)
        self.message = MessageLine()
        layout.addWidget(self.message)
        self.sign_in_button = sign_in_buttons(self, layout, self.try_sign_in, cancel_text)
        (self.password if username else self.username).setFocus()

    def try_sign_in(self) -> bool:
        username, password = self.username.text(), self.password.text()
        if not username.strip():
            self.message.say(self.tr("Type your user name."))
            self.username.setFocus()
            return False

        def call() -> tuple[uuid.UUID, bool]:
            with self.db.session() as session:
                user = sign_in(session, username, password, now=self.now())
                return user.id, user.must_change_password

        done, result = attempt(self.message, call)
        if not done or result is None:
            self.password.clear()
            self.password.setFocus()
            return False
        self.user_id, self.must_change_password = result
        self.accept()
        return True


class FirstStartDialog(QDialog):
    """The first start on a database: the administrator's password (and the administrator's account when
    the database has no users). Accepted once set: :attr:`username`, for the sign-in that follows."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.username = ""
        self.recovery_key: str | None = None  # made with the password on an encrypted database: shown next
        with db.read() as session:
            asked = first_start(session)
        self.asked: FirstStart = asked or FirstStart(None, "", ())
        self.setObjectName("firstStartDialog")
        self.setWindowTitle(self.tr("First start — the administrator's password"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if self.asked.admin_username is not None:
            text = self.tr("This is the first start on this database: set the password of the administrator "
                           "%1 (user name %2). The administrator then gives the other users their passwords "
                           "and roles.").replace("%1", self.asked.admin_full_name) \
                .replace("%2", self.asked.admin_username)
        else:
            text = self.tr("This database has no users yet: create the administrator's account. The administrator "
                           "then creates the other users and gives them their passwords and roles.")
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.new_username: QLineEdit | None = None
        self.full_name: QLineEdit | None = None
        if self.asked.admin_username is None:
            self.new_username = QLineEdit()
            self.new_username.setObjectName("username")
            self.new_username.setMaxLength(60)
            form.addRow(self.tr("&User name:"), self.new_username)
            self.full_name = QLineEdit()
            self.full_name.setObjectName("fullName")
            self.full_name.setMaxLength(120)
            form.addRow(self.tr("&Full name:"), self.full_name)
        self.password = password_field("password")
        form.addRow(self.tr("&Password:"), self.password)
        self.repeat = password_field("repeat")
        form.addRow(self.tr("&Repeat the password:"), self.repeat)
        layout.addLayout(form)
        rule = QLabel(self.tr("At least 8 characters, not one character repeated, not the user name."))
        rule.setStyleSheet("color: #555;")
        rule.setWordWrap(True)
        layout.addWidget(rule)
        self.also_demo: QCheckBox | None = None
        if self.asked.without_password:
            self.also_demo = QCheckBox(self.tr("Give the demo accounts (%1) this password too")
                                       .replace("%1", ", ".join(self.asked.without_password)))
            self.also_demo.setObjectName("alsoDemo")
            self.also_demo.setToolTip(self.tr("For trying the app out. Otherwise these accounts cannot sign in "
                                              "until the administrator gives each a password."))
            layout.addWidget(self.also_demo)
        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("&Set the password"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        cancel = buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        buttons.accepted.connect(self.try_set)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.new_username or self.password).setFocus()

    def try_set(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.message.say(self.tr("The two passwords are not the same."))
            self.repeat.clear()
            self.repeat.setFocus()
            return False
        username = self.new_username.text() if self.new_username else ""
        full_name = self.full_name.text() if self.full_name else ""
        also = self.also_demo is not None and self.also_demo.isChecked()

        def call() -> tuple[str, str | None]:
            with self.db.session() as session:
                made = set_first_admin_password(session, self.password.text(), username=username,
                                                full_name=full_name, also_without_password=also)
                return made.username, made.recovery_key

        done, result = attempt(self.message, call)
        if not done or result is None:
            return False
        self.username, self.recovery_key = result
        self.accept()
        return True


class ChangePasswordDialog(QDialog):
    """The signed-in user's own password: the current one, the new one twice."""

    def __init__(self, db: Database, user_id: uuid.UUID, parent: QWidget | None = None, *,
                 current: str | None = None) -> None:
        """``current``: the password just typed to sign in, when the administrator's must be replaced now
        (the dialog then asks only for the new one)."""
        super().__init__(parent)
        self.db = db
        self.user_id = user_id
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Change your password"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        if current is not None:
            intro = QLabel(self.tr("The administrator gave you this password: choose your own before you go on."))
            intro.setWordWrap(True)
            layout.addWidget(intro)
        form = QFormLayout()
        self.old = password_field("oldPassword")
        form.addRow(self.tr("&Current password:"), self.old)
        if current is not None:
            self.old.setText(current)
            form.setRowVisible(self.old, False)
        self.new = password_field("newPassword")
        form.addRow(self.tr("&New password:"), self.new)
        self.repeat = password_field("repeat")
        form.addRow(self.tr("&Repeat the new password:"), self.repeat)
        layout.addLayout(form)
        rule = QLabel(self.tr("At least 8 characters, not one character repeated, not the user name."))
        rule.setStyleSheet("color: #555;")
        layout.addWidget(rule)
        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("&Change the password"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("okButton")
        ok.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelButton")
        buttons.accepted.connect(self.try_change)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.new if current is not None else self.old).setFocus()

    def try_change(self) -> bool:
        if self.new.text() != self.repeat.text():
            self.message.say(self.tr("The two new passwords are not the same."))
            self.repeat.clear()
            self.repeat.setFocus()
            return False

        def call() -> None:
            with self.db.session() as session:
                change_password(session, self.user_id, self.old.text(), self.new.text())

        done, _ = attempt(self.message, call)
        if not done:
            return False
        self.accept()
        return True


def ask_sign_in(db: Database, parent: QWidget | None = None, *, username: str = "",
                cancel_text: str | None = None) -> uuid.UUID | None:
    """The first-start dialog when needed, the sign-in dialog, and the change of a handed-over password;
    the signed-in user's id, or None when the user cancelled (at start: quit)."""
    from inspector.services.accounts import needs_first_admin

    with db.read() as session:
        first = needs_first_admin(session)
    if first:
        dialog = FirstStartDialog(db, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        username = dialog.username
        if dialog.recovery_key is not None:  # an encrypted database: its recovery key, shown this once
            from inspector.ui.accounts.recovery_key import RecoveryKeyDialog

            RecoveryKeyDialog(dialog.recovery_key, db.path, parent).exec()
    while True:
        signing = SignInDialog(db, username, parent, cancel_text=cancel_text)
        if signing.exec() != QDialog.DialogCode.Accepted or signing.user_id is None:
            return None
        if not signing.must_change_password:
            return signing.user_id
        changing = ChangePasswordDialog(db, signing.user_id, parent, current=signing.password.text())
        if changing.exec() == QDialog.DialogCode.Accepted:
            return signing.user_id
        username = signing.username.text()  # not changed: not signed in
