"""Inspecting bodies (cơ quan kiểm tra): the list with their validity, and the administrator's editor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
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
from inspector.domain.clock import local_today
from inspector.services.bodies import BodyInput, BodyRow, create_body, full_name, get_body, list_bodies, update_body
from inspector.services.catalog import units_valid_on
from inspector.services.users import get_user
from inspector.store.db import Database
from inspector.store.models import Unit
from inspector.ui.catalog.edit_dialogs import EditDialog, chosen_id, unit_combo
from inspector.ui.catalog.fields import OptionalDate, validity
from inspector.ui.widgets import fit_columns

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME, SYMBOL, PLACE, VALID = range(4)


@dataclass
class _Named:
    name: str
    parent_name: str


class BodyDialog(EditDialog):
    """New inspecting body, or one corrected."""

    def __init__(self, db: Database, user_id: uuid.UUID | None, body_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, user_id, parent)
        self.body_id = body_id
        with db.session() as session:
            body = get_body(session, body_id)
            choices = units_valid_on(session, local_today())
            if body is not None and body.unit_id and body.unit_id not in {k for k, _ in choices} \
                    and (unit := session.get(Unit, body.unit_id)):
                choices.append((unit.id, unit.name))
        self.setWindowTitle(self.tr("Edit inspecting body") if body_id else self.tr("New inspecting body"))
        empty = BodyInput(name="", place_name="", minutes_symbol="")
        b: BodyRow | BodyInput = body or empty
        self.name = self._line("bodyName", b.name, self.tr("&Name:"), self.tr("e.g. Sở Nội vụ"))
        self.parent_name = self._line("bodyParent", b.parent_name, self.tr("&Parent body:"),
                                      self.tr("e.g. Ủy ban nhân dân tỉnh Vĩnh Long"))
        self.place_name = self._line("bodyPlace", b.place_name, self.tr("P&lace name (dated line):"),
                                     self.tr("e.g. Vĩnh Long"))
        self.symbol = self._line("bodySymbol", b.minutes_symbol, self.tr("&Minutes symbol:"), self.tr("e.g. BB-SNV"))
        self.leader_title = self._line("bodyLeaderTitle", b.leader_title, self.tr("Signature title of the &leader:"), "")
        self.recorder_title = self._line("bodyRecorderTitle", b.recorder_title,
                                         self.tr("Signature title of the &recorder:"), "")
        self.unit = unit_combo("bodyUnit", choices, b.unit_id, self.tr("(not in the catalogue)"))
        self.form.addRow(self.tr("&Unit in the catalogue:"), self.unit)
        self.valid_from = OptionalDate("bodyValidFrom", self.tr("from"), b.valid_from)
        self.valid_until = OptionalDate("bodyValidUntil", self.tr("until (last day)"), b.valid_until)
        self.form.addRow(self.tr("Valid:"), self.valid_from)
        self.form.addRow("", self.valid_until)
        self.preview = QLabel()
        self.preview.setObjectName("bodyIssuerPreview")
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(self.tr("Decisions issued as:"), self.preview)
        for field in (self.name, self.parent_name):
            field.textChanged.connect(lambda _t: self._preview())
        self._preview()
        self._finish()
        self.name.setFocus()

    def _line(self, name: str, value: str, label: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        self.form.addRow(label, edit)
        return edit

    def _preview(self) -> None:
        self.preview.setText(full_name(_Named(self.name.text(), self.parent_name.text())))

    def body_input(self) -> BodyInput:
        return BodyInput(
            name=self.name.text(), parent_name=self.parent_name.text(), place_name=self.place_name.text(),
            minutes_symbol=self.symbol.text(), leader_title=self.leader_title.text(),
            recorder_title=self.recorder_title.text(), unit_id=chosen_id(self.unit),
            valid_from=self.valid_from.value(), valid_until=self.valid_until.value(),
        )

    def store(self) -> uuid.UUID:
        with self.db.session() as session:
            if self.body_id is None:
                return create_body(session, self.body_input(), self.user_id).id
            return update_body(session, self.body_id, self.body_input(), self.user_id).id


class BodiesDialog(QDialog):
    """Every inspecting body with its validity; the administrator adds and corrects them."""

    def __init__(self, db: Database, user_id: uuid.UUID | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user_id = user_id
        self.setWindowTitle(self.tr("Inspecting bodies"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("The body chosen for a round heads its minutes: parent body, name, minutes symbol, "
                              "place name and signature titles. A body that no longer inspects keeps its rows "
                              "with an end date."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("bodiesTable")
        self.table.setHorizontalHeaderLabels([self.tr("Inspecting body"), self.tr("Minutes symbol"),
                                              self.tr("Place name"), self.tr("Valid")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self.edit_body())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New body…"))
        self.new_button.setObjectName("newBody")
        self.new_button.clicked.connect(self.new_body)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setObjectName("editBody")
        self.edit_button.clicked.connect(self.edit_body)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        self.admin_hint = QLabel(self.tr("Only the administrator edits inspecting bodies."))
        buttons.addWidget(self.admin_hint)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        with db.session() as session:
            user = get_user(session, user_id)
        self.admin = admin = user is not None and user.has_role(Role.ADMIN)
        self.new_button.setVisible(admin)
        self.edit_button.setVisible(admin)
        self.admin_hint.setVisible(not admin)
        self.refresh()

    def refresh(self, select: uuid.UUID | None = None) -> None:
        with self.db.session() as session:
            self.bodies = list_bodies(session, every=True)
        today = local_today()
        self.table.setRowCount(len(self.bodies))
        for row, body in enumerate(self.bodies):
            values = (body.full_name, body.minutes_symbol, body.place_name, validity(body.valid_from, body.valid_until))
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{body.parent_name}\n{body.full_name}" if column == NAME else text)
                if not body.valid_on(today):
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            self.table.item(row, NAME).setData(ID_ROLE, str(body.id))
            if body.id == select:
                self.table.selectRow(row)
        fit_columns(self.table, (SYMBOL, PLACE, VALID))

    def current_body_id(self) -> uuid.UUID | None:
        row = self.table.currentRow()
        item = self.table.item(row, NAME) if row >= 0 else None
        return uuid.UUID(item.data(ID_ROLE)) if item is not None else None

    def new_body(self) -> uuid.UUID | None:
        dialog = BodyDialog(self.db, self.user_id, parent=self)
        if dialog.exec() == BodyDialog.DialogCode.Accepted:
            self.refresh(select=dialog.saved_id)
        return dialog.saved_id

    def edit_body(self) -> uuid.UUID | None:
        body_id = self.current_body_id()
        if body_id is None or not self.admin:
            return None
        dialog = BodyDialog(self.db, self.user_id, body_id, parent=self)
        if dialog.exec() == BodyDialog.DialogCode.Accepted:
            self.refresh(select=body_id)
        return dialog.saved_id
