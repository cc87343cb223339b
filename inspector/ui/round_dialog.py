"""Create or correct an inspection round (đợt kiểm tra): its decision, the inspecting body, the team and their roles."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.catalog import TeamRole
from inspector.domain.clock import local_today
from inspector.domain.text import clean
from inspector.services.access import AccessDenied
from inspector.services.bodies import BodyRow, list_bodies
from inspector.services.rounds import (
    MemberInput,
    RoundInput,
    create_round,
    round_input_of,
    round_problems,
    update_round,
)
from inspector.services.users import UserRow, list_users
from inspector.services.visits import VisitError
from inspector.store.db import Database
from inspector.ui import labels
from inspector.ui.widgets import Banner, date_edit, to_qdate

NAME, POSITION, ROLE = range(3)


@dataclass
class MemberRow:
    """The widgets of one team member's row."""

    name: QComboBox
    position: QLineEdit
    role: QComboBox

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.position, self.role)


class RoundDialog(QDialog):
    def __init__(self, db: Database, user_id: uuid.UUID | None, parent: QWidget | None = None, *,
                 round_id: uuid.UUID | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user_id = user_id
        self.round_id = round_id
        self.created_round_id: uuid.UUID | None = None
        self.saved_round_id: uuid.UUID | None = None
        with db.session() as session:
            self.users: list[UserRow] = list_users(session)
            stored = round_input_of(session, round_id) if round_id is not None else None
        self.rows: list[MemberRow] = []
        self.bodies: list[BodyRow] = []
        self._issuer_auto = ""  # the issuer last filled in from the body: replaced when another body is chosen
        self.setWindowTitle(self.tr("Edit inspection round") if round_id else self.tr("New inspection round"))
        self.resize(860, 640)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name = QLineEdit()
        self.name.setObjectName("roundName")
        self.name.setPlaceholderText(self.tr("e.g. Civil-service inspection at one-stop reception points, 2nd quarter"))
        form.addRow(self.tr("Round &name:"), self.name)

        decision = QHBoxLayout()
        self.decision_number = QLineEdit()
        self.decision_number.setObjectName("decisionNumber")
        self.decision_number.setPlaceholderText(self.tr("e.g. 15/QĐ-UBND"))
        decision.addWidget(self.decision_number, 1)
        dated = QLabel(self.tr("dat&ed"))
        decision.addWidget(dated)
        self.decision_date = date_edit("decisionDate", local_today())
        dated.setBuddy(self.decision_date)
        decision.addWidget(self.decision_date)
        label = QLabel(self.tr("&Decision number:"))
        label.setBuddy(self.decision_number)
        form.addRow(label, decision)

        self.body = QComboBox()
        self.body.setObjectName("inspectingBody")
        self.body.setToolTip(self.tr("The body that inspects: its name, minutes symbol and place name head the minutes. "
                                     "Only bodies in force on the decision date are offered."))
        label = QLabel(self.tr("Inspecting &body:"))
        label.setBuddy(self.body)
        form.addRow(label, self.body)

        self.issuer = QLineEdit()
        self.issuer.setObjectName("decisionIssuer")
        self.issuer.setPlaceholderText(self.tr("e.g. Sở Nội vụ tỉnh Vĩnh Long"))
        form.addRow(self.tr("&Issued by:"), self.issuer)

        period = QHBoxLayout()
        today = local_today()
        self.start_date = date_edit("startDate", today)
        self.end_date = date_edit("endDate", date(today.year, 12, 31))
        period.addWidget(self.start_date)
        until = QLabel(self.tr("&to"))
        until.setBuddy(self.end_date)
        period.addWidget(until)
        period.addWidget(self.end_date)
        period.addStretch(1)
        label = QLabel(self.tr("Inspection &from:"))
        label.setBuddy(self.start_date)
        form.addRow(label, period)

        self.notes = QPlainTextEdit()
        self.notes.setObjectName("roundNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)
        form.addRow(self.tr("N&otes:"), self.notes)
        layout.addLayout(form)

        team_box = QGroupBox(self.tr("Inspection team"))
        team_layout = QVBoxLayout(team_box)
        self.team = QTableWidget(0, 3)
        self.team.setObjectName("team")
        self.team.setHorizontalHeaderLabels([self.tr("Full name"), self.tr("Position"), self.tr("Role in the team")])
        self.team.verticalHeader().setVisible(False)
        self.team.verticalHeader().setDefaultSectionSize(max(34, self.fontMetrics().height() + 16))
        self.team.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.team.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.team.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.team.setTabKeyNavigation(False)
        self.team.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the fields of the rows instead
        header = self.team.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(POSITION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Fixed)
        self.team.setColumnWidth(ROLE, 150)
        team_layout.addWidget(self.team)
        team_buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add member"))
        self.add_button.setObjectName("addMember")
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button = QPushButton(self.tr("&Remove member"))
        self.remove_button.setObjectName("removeMember")
        self.remove_button.clicked.connect(self.remove_current_member)
        team_buttons.addWidget(self.add_button)
        team_buttons.addWidget(self.remove_button)
        team_buttons.addStretch(1)
        hint = QLabel(self.tr("Choose a user of the app or type the name of someone from another agency."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        team_buttons.addWidget(hint, 2)
        team_layout.addLayout(team_buttons)
        layout.addWidget(team_box, 1)

        self.error = Banner()
        self.error.setObjectName("roundErrors")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.team.itemSelectionChanged.connect(self._update_buttons)
        self.body.currentIndexChanged.connect(lambda _i: self._body_chosen())
        self.decision_date.dateChanged.connect(lambda _d: self._fill_bodies())
        if stored is not None:
            self._load(stored)
        else:
            self._fill_bodies()
            self.add_member(role=TeamRole.LEADER)
        self._update_buttons()
        self.name.setFocus()

    def _load(self, stored: RoundInput) -> None:
        """An existing round in the fields: its body chosen, its issuer as stored, its team."""
        self.name.setText(stored.name)
        self.decision_number.setText(stored.decision_number)
        self.decision_date.blockSignals(True)
        self.decision_date.setDate(to_qdate(stored.decision_date))
        self.decision_date.blockSignals(False)
        if stored.start_date:
            self.start_date.setDate(to_qdate(stored.start_date))
        if stored.end_date:
            self.end_date.setDate(to_qdate(stored.end_date))
        self.notes.setPlainText(stored.notes)
        self._fill_bodies(choose=stored.inspecting_body_id)
        self.issuer.setText(stored.decision_issuer)
        body = self._body_row()
        self._issuer_auto = stored.decision_issuer if body is not None and body.full_name == stored.decision_issuer else ""
        for member in stored.members:
            self.add_member(user_id=member.user_id, name=member.full_name, position=member.position, role=member.role)
        if self.rows:
            self.team.selectRow(0)

    # --- the inspecting body -------------------------------------------------------------------

    def _fill_bodies(self, choose: uuid.UUID | None = None) -> None:
        """The bodies in force on the decision date; the one chosen stays chosen while it is in force."""
        keep = choose or self.body_id()
        day = self.decision_date.date().toPython()
        with self.db.session() as session:
            self.bodies = list_bodies(session, day)
            any_body = bool(self.bodies) or bool(list_bodies(session, every=True))
        self.body.blockSignals(True)
        self.body.clear()
        if not self.bodies:
            self.body.addItem(self.tr("(no inspecting body in force on this date)") if any_body
                              else self.tr("(no inspecting bodies in the catalogue)"), "")
        for body in self.bodies:  # ids as text: Qt cannot compare Python UUID objects in findData
            self.body.addItem(body.full_name, str(body.id))
            self.body.setItemData(self.body.count() - 1,
                                  f"{body.parent_name}\n{body.name} — {body.minutes_symbol} — {body.place_name}",
                                  Qt.ItemDataRole.ToolTipRole)
        self.body.setCurrentIndex(max(0, self.body.findData(str(keep))) if keep else 0)
        self.body.setEnabled(bool(self.bodies))
        self.body.blockSignals(False)
        self._body_chosen()

    def body_id(self) -> uuid.UUID | None:
        data = self.body.currentData()
        return uuid.UUID(data) if data else None

    def _body_row(self) -> BodyRow | None:
        key = self.body_id()
        return next((b for b in self.bodies if b.id == key), None)

    def _body_chosen(self) -> None:
        """The decision's issuer follows the body, unless the user wrote another one."""
        body = self._body_row()
        typed = clean(self.issuer.text())
        if body is not None and (not typed or typed == self._issuer_auto):
            self.issuer.setText(body.full_name)
            self._issuer_auto = body.full_name

    # --- building ----------------------------------------------------------------------------

    def role_label(self, role: TeamRole) -> str:
        return labels.team_role(role)

    def _add_clicked(self) -> None:
        row = self.add_member()
        self.rows[row].name.setFocus()

    def add_member(self, *, user_id: uuid.UUID | None = None, name: str = "", position: str = "",
                   role: TeamRole = TeamRole.MEMBER) -> int:
        """A new row at the end of the team table; returns its index."""
        person = QComboBox()
        person.setEditable(True)
        person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for user in self.users:  # ids as text: Qt cannot compare Python UUID objects in findData
            person.addItem(user.full_name, str(user.id))
            person.setItemData(person.count() - 1, user.title, Qt.ItemDataRole.ToolTipRole)
        completer = QCompleter(person.model(), person)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        person.setCompleter(completer)
        person.lineEdit().setPlaceholderText(self.tr("Choose a user or type a name"))
        person.setCurrentIndex(person.findData(str(user_id)) if user_id else -1)
        if not user_id:
            person.setEditText(name)
        role_combo = QComboBox()
        for value in TeamRole:
            role_combo.addItem(self.role_label(value), value.value)
        role_combo.setCurrentIndex(role_combo.findData(role.value))
        member = MemberRow(person, QLineEdit(position), role_combo)
        member.position.setPlaceholderText(self.tr("e.g. Specialist, Office of Home Affairs"))
        if user_id and not position:
            member.position.setText(self._title_of(str(user_id)))
        person.currentIndexChanged.connect(lambda index, m=member: self._user_picked(m, index))
        person.editTextChanged.connect(lambda text, m=member: self._name_typed(m, text))

        row = self.team.rowCount()
        self.team.insertRow(row)
        for column, widget in enumerate(member.widgets()):
            widget.installEventFilter(self)
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                widget.lineEdit().installEventFilter(self)
            self.team.setCellWidget(row, column, widget)
        self.rows.append(member)
        self.team.selectRow(row)
        self._update_buttons()
        self._tab_order()
        return row

    def _tab_order(self) -> None:
        """Tab walks the form, then each member's row left to right, then the buttons."""
        chain: list[QWidget] = [self.name, self.decision_number, self.decision_date, self.body, self.issuer, self.start_date,
                                self.end_date, self.notes]
        for member in self.rows:
            chain += member.widgets()
        chain += [self.add_button, self.remove_button, *self.buttons.buttons()]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _title_of(self, user_id: str) -> str:
        return next((u.title for u in self.users if str(u.id) == user_id), "")

    def _user_picked(self, member: MemberRow, index: int) -> None:
        user_id = member.name.itemData(index) if index >= 0 else None
        if user_id:
            member.position.setText(self._title_of(user_id))

    def _name_typed(self, member: MemberRow, text: str) -> None:
        """A user's full name typed out in full counts as picking them, if no position was written yet."""
        user_id = self._user_of(member)
        if user_id and not member.position.text().strip():
            member.position.setText(self._title_of(user_id))

    def _user_of(self, member: MemberRow) -> str | None:
        """The app user a row names: the one picked from the list, else the one whose full name was typed."""
        name = clean(member.name.currentText())
        index = member.name.currentIndex()
        if index >= 0 and clean(member.name.itemText(index)) == name:
            return member.name.itemData(index)
        return next((str(u.id) for u in self.users if clean(u.full_name) == name), None) if name else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Working in a row's fields makes it the current row (the one Remove member removes)."""
        if event.type() == QEvent.Type.FocusIn:
            for row, member in enumerate(self.rows):
                if watched in member.widgets() or watched is member.name.lineEdit():
                    if self.team.currentRow() != row:
                        self.team.selectRow(row)
                    break
        return super().eventFilter(watched, event)

    def remove_current_member(self) -> None:
        row = self.team.currentRow()
        if not 0 <= row < len(self.rows):
            return
        self.team.removeRow(row)
        del self.rows[row]
        if self.rows:
            self.team.selectRow(min(row, len(self.rows) - 1))
            self.rows[self.team.currentRow()].name.setFocus()
        else:
            self.add_button.setFocus()
        self._update_buttons()
        self._tab_order()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(0 <= self.team.currentRow() < len(self.rows))

    # --- values ------------------------------------------------------------------------------

    def members(self) -> list[MemberInput]:
        result = []
        for member in self.rows:
            user_id = self._user_of(member)
            result.append(MemberInput(
                full_name=member.name.currentText(), position=member.position.text(),
                role=TeamRole(member.role.currentData()), user_id=uuid.UUID(user_id) if user_id else None,
            ))
        return result

    def round_input(self) -> RoundInput:
        return RoundInput(
            name=self.name.text(), decision_number=self.decision_number.text(),
            decision_date=self.decision_date.date().toPython(), decision_issuer=self.issuer.text(),
            start_date=self.start_date.date().toPython(), end_date=self.end_date.date().toPython(),
            notes=self.notes.toPlainText(), members=tuple(self.members()), inspecting_body_id=self.body_id(),
        )

    def save(self) -> None:
        """OK: the round is stored only if the service finds nothing wrong; else the problems are shown."""
        data = self.round_input()
        with self.db.session() as session:
            problems = round_problems(session, data)
        if problems:
            self.error.error("\n".join(problems))
            return
        try:
            with self.db.session() as session:
                if self.round_id is None:
                    self.saved_round_id = self.created_round_id = create_round(session, data, self.user_id).id
                else:
                    self.saved_round_id = update_round(session, self.round_id, data, self.user_id).id
        except (VisitError, AccessDenied) as exc:
            self.error.error(str(exc))
            return
        self.error.clear_message()
        self.accept()
