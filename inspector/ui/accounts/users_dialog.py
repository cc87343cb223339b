"""The administrator's users dialog: every account with its roles and state; new user, reset password,
deactivate / reactivate, and the roles of the selected user as checkboxes."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.catalog import Role
from inspector.domain.clock import local
from inspector.services.accounts import (
    AccountRow,
    create_user,
    deactivate_user,
    list_accounts,
    reactivate_user,
    reset_password,
    set_roles,
)
from inspector.store.db import Database
from inspector.store.models import ROLE_ORDER
from inspector.ui import labels
from inspector.ui.accounts.common import MessageLine, attempt, password_field

ID_ROLE = Qt.ItemDataRole.UserRole
SHOWN_ORDER = (Role.INSPECTOR, Role.SUPERVISOR, Role.CLERK, Role.ADMIN)


def roles_text(roles: frozenset[Role]) -> str:
    return ", ".join(labels.role(r) for r in sorted(roles, key=ROLE_ORDER.index))


class _RoleBoxes(QWidget):
    """One checkbox per role, two by two (the Vietnamese names are long)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Role, QCheckBox] = {}
        for n, role in enumerate(SHOWN_ORDER):
            box = QCheckBox(labels.role(role))
            box.setObjectName(f"role_{role.value}")
            self.boxes[role] = box
            grid.addWidget(box, n // 2, n % 2)
        grid.setColumnStretch(2, 1)

    def roles(self) -> list[Role]:
        return [r for r, box in self.boxes.items() if box.isChecked()]

    def show_roles(self, roles: frozenset[Role]) -> None:
        for role, box in self.boxes.items():
            box.setChecked(role in roles)


class NewUserDialog(QDialog):
    """A new account: user name, full name, title, roles, and the first password the administrator hands over."""

    def __init__(self, db: Database, admin_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.admin_id = db, admin_id
        self.created: uuid.UUID | None = None
        self.setObjectName("newUserDialog")
        self.setWindowTitle(self.tr("New user"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(60)
        form.addRow(self.tr("&User name:"), self.username)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("fullName")
        self.full_name.setMaxLength(120)
        form.addRow(self.tr("&Full name:"), self.full_name)
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setMaxLength(200)
        form.addRow(self.tr("&Position:"), self.title)
        self.roles = _RoleBoxes()
        self.roles.setObjectName("roles")
        form.addRow(self.tr("Roles:"), self.roles)
        self.password = password_field("password")
        form.addRow(self.tr("First &password:"), self.password)
        self.repeat = password_field("repeat")
        form.addRow(self.tr("&Repeat the password:"), self.repeat)
        layout.addLayout(form)
        hint = QLabel(self.tr("Hand the first password to the user: they must choose their own at their first "
                              "sign-in."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("&Create the user"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("okButton")
        ok.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_create)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_create(self) -> bool:
        if not self.password.text():
            self.message.say(self.tr("Give the user a first password."))
            return False
        if self.password.text() != self.repeat.text():
            self.message.say(self.tr("The two passwords are not the same."))
            return False

        def call() -> uuid.UUID:
            with self.db.session() as session:
                return create_user(session, self.admin_id, self.username.text(), self.full_name.text(),
                                   self.roles.roles(), self.password.text(), title=self.title.text()).id

        done, created = attempt(self.message, call)
        if not done:
            return False
        self.created = created
        self.accept()
        return True


class NewPasswordDialog(QDialog):
    """A new password for someone else (the administrator resets it); the user changes it at the next sign-in."""

    def __init__(self, who: str, save: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save = save
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("Reset the password"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("A new password for %1. Hand it to them: they must choose their own at the next "
                               "sign-in. A locked account is unlocked.").replace("%1", who))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.password = password_field("password")
        form.addRow(self.tr("&New password:"), self.password)
        self.repeat = password_field("repeat")
        form.addRow(self.tr("&Repeat the password:"), self.repeat)
        layout.addLayout(form)
        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("&Reset the password"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("okButton")
        ok.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_save(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.message.say(self.tr("The two passwords are not the same."))
            return False
        done, _ = attempt(self.message, lambda: self.save(self.password.text()))
        if done:
            self.accept()
        return done


class UsersDialog(QDialog):
    """Every account (the deactivated ones too) for the administrator."""

    COLUMNS = 4

    def __init__(self, db: Database, admin_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.admin_id = db, admin_id
        self.rows: list[AccountRow] = []
        self.setObjectName("usersDialog")
        self.setWindowTitle(self.tr("Users"))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("users")
        self.table.setHorizontalHeaderLabels([self.tr("User name"), self.tr("Full name"), self.tr("Roles"),
                                              self.tr("State")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected_changed)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New user…"))
        self.new_button.setObjectName("newUser")
        self.new_button.clicked.connect(self.new_user)
        self.reset_button = QPushButton(self.tr("&Reset password…"))
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.reset_selected)
        self.active_button = QPushButton(self.tr("&Deactivate"))
        self.active_button.setObjectName("toggleActive")
        self.active_button.clicked.connect(self.toggle_active)
        for button in (self.new_button, self.reset_button, self.active_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.roles_group = QGroupBox(self.tr("Roles of the selected user"))
        group_row = QHBoxLayout(self.roles_group)
        self.role_boxes = _RoleBoxes()
        group_row.addWidget(self.role_boxes, 1)
        self.save_roles_button = QPushButton(self.tr("&Save the roles"))
        self.save_roles_button.setObjectName("saveRoles")
        self.save_roles_button.clicked.connect(self.save_roles)
        group_row.addWidget(self.save_roles_button)
        layout.addWidget(self.roles_group)

        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    # --- the table ---------------------------------------------------------------------------------

    def refresh(self, select: uuid.UUID | None = None) -> None:
        select = select or self.selected_id()
        with self.db.read() as session:
            self.rows = list_accounts(session, self.admin_id)
        self.table.setRowCount(len(self.rows))
        for r, account in enumerate(self.rows):
            cells = (account.username, account.full_name, roles_text(account.roles), self.state_text(account))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, account.id)
                if not account.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        row = next((r for r, a in enumerate(self.rows) if a.id == select), 0 if self.rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._selected_changed()

    def state_text(self, account: AccountRow) -> str:
        if not account.active:
            return self.tr("Deactivated")
        if account.locked():
            assert account.locked_until is not None
            return self.tr("Locked until %1").replace("%1", local(account.locked_until).strftime("%H:%M %d/%m/%Y"))
        if not account.has_password:
            return self.tr("No password yet")
        if account.must_change_password:
            return self.tr("Active; must change the password")
        return self.tr("Active")

    def selected(self) -> AccountRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.rows[rows[0].row()]

    def selected_id(self) -> uuid.UUID | None:
        account = self.selected() if self.rows else None
        return account.id if account else None

    def select_user(self, username: str) -> None:
        row = next(r for r, a in enumerate(self.rows) if a.username == username)
        self.table.selectRow(row)

    def _selected_changed(self) -> None:
        account = self.selected()
        for widget in (self.reset_button, self.active_button, self.roles_group):
            widget.setEnabled(account is not None)
        if account is None:
            return
        self.active_button.setText(self.tr("&Deactivate") if account.active else self.tr("Re&activate"))
        self.role_boxes.show_roles(account.roles)

    # --- actions -----------------------------------------------------------------------------------

    def new_user(self) -> None:
        dialog = NewUserDialog(self.db, self.admin_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh(dialog.created)

    def reset_selected(self) -> None:
        account = self.selected()
        if account is None:
            return

        def save(password: str) -> None:
            with self.db.session() as session:
                reset_password(session, self.admin_id, account.id, password)

        dialog = NewPasswordDialog(f"{account.full_name} ({account.username})", save, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh(account.id)

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return

        def call() -> None:
            with self.db.session() as session:
                (deactivate_user if account.active else reactivate_user)(session, self.admin_id, account.id)

        if attempt(self.message, call)[0]:
            self.refresh(account.id)

    def save_roles(self) -> None:
        account = self.selected()
        if account is None:
            return
        roles = self.role_boxes.roles()

        def call() -> None:
            with self.db.session() as session:
                set_roles(session, self.admin_id, account.id, roles)

        if attempt(self.message, call)[0]:
            self.refresh(account.id)
        else:
            self.role_boxes.show_roles(account.roles)
