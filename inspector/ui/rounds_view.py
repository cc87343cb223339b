"""The rounds tab: inspection rounds (đợt kiểm tra) from their decisions; create one, plan its visits."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.catalog import Role
from inspector.services.rounds import RoundRow, list_rounds
from inspector.services.users import get_user
from inspector.store.db import Database
from inspector.ui.plan_dialog import PlanVisitsDialog
from inspector.ui.round_dialog import RoundDialog
from inspector.ui.widgets import day_text, fit_columns, period_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME, DECISION, PERIOD, LEADER, VISITS = range(5)


class RoundsView(QWidget):
    rounds_changed = Signal()

    def __init__(self, db: Database, user_id_provider: Callable[[], uuid.UUID | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roundsView")
        self.db = db
        self.user_id_provider = user_id_provider
        self.rounds: list[RoundRow] = []

        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New round…"))
        self.new_button.setObjectName("newRound")
        self.new_button.setMinimumHeight(36)
        self.new_button.clicked.connect(self.new_round)
        self.plan_button = QPushButton(self.tr("&Plan visits…"))
        self.plan_button.setObjectName("planVisits")
        self.plan_button.setMinimumHeight(36)
        self.plan_button.clicked.connect(self.plan_visits)
        self.edit_button = QPushButton(self.tr("&Edit round…"))
        self.edit_button.setObjectName("editRound")
        self.edit_button.setMinimumHeight(36)
        self.edit_button.clicked.connect(self.edit_round)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.plan_button)
        buttons.addStretch(1)
        hint = QLabel(self.tr("Double-click a round or press Enter on it to plan its visits."))
        hint.setStyleSheet("color: #555;")
        buttons.addWidget(hint)
        layout.addLayout(buttons)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("roundsTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Round"), self.tr("Decision"), self.tr("Inspection period"), self.tr("Team leader"), self.tr("Visits"),
        ])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.plan_visits())
        layout.addWidget(self.table, 1)
        self._update_buttons()

    # --- state ---------------------------------------------------------------------------------

    def refresh(self, select: uuid.UUID | None = None) -> None:
        """Read the rounds again; the chosen round (or the one that was selected) stays selected."""
        keep = select or self.current_round_id()
        with self.db.session() as session:
            self.rounds = list_rounds(session)
        self.table.setRowCount(len(self.rounds))
        chosen = 0 if self.rounds else -1
        for row, record in enumerate(self.rounds):
            decision = self.tr("%1 dated %2").replace("%1", record.decision_number) \
                .replace("%2", day_text(record.decision_date))
            values = (record.name, decision, period_text(record.start_date, record.end_date), record.leader,
                      str(record.visit_count))
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == VISITS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            self.table.item(row, NAME).setData(ID_ROLE, str(record.id))
            if record.id == keep:
                chosen = row
        fit_columns(self.table, (DECISION, PERIOD, LEADER, VISITS))
        if chosen >= 0:
            self.table.selectRow(chosen)
        self._update_buttons()

    def current_round_id(self) -> uuid.UUID | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().selectedRows()
        if row < 0 or not selected:
            return None
        item = self.table.item(row, NAME)
        return uuid.UUID(item.data(ID_ROLE)) if item is not None else None

    def select_round(self, round_id: uuid.UUID) -> bool:
        for row, record in enumerate(self.rounds):
            if record.id == round_id:
                self.table.selectRow(row)
                return True
        return False

    def may_manage(self) -> bool:
        """Creating and correcting rounds and planning visits is for a supervisor or an administrator (a legal
        decision; services.rounds checks it too): the buttons are disabled for anyone else."""
        user_id = self.user_id_provider()
        if user_id is None:
            return False
        with self.db.read() as session:
            user = get_user(session, user_id)
        return user is not None and user.has_role(Role.SUPERVISOR, Role.ADMIN)

    def update_rights(self) -> None:
        """The signed-in user changed: what they may do here too."""
        self._update_buttons()

    def _update_buttons(self) -> None:
        manage = self.may_manage()
        chosen = self.current_round_id() is not None
        self.new_button.setEnabled(manage)
        self.plan_button.setEnabled(manage and chosen)
        self.edit_button.setEnabled(manage and chosen)
        tip = "" if manage else self.tr("Only a supervisor or an administrator creates rounds and plans visits.")
        for button in (self.new_button, self.plan_button, self.edit_button):
            button.setToolTip(tip)

    # --- actions -------------------------------------------------------------------------------

    def new_round(self) -> uuid.UUID | None:
        dialog = RoundDialog(self.db, self.user_id_provider(), self)
        if dialog.exec() != RoundDialog.DialogCode.Accepted or dialog.created_round_id is None:
            return None
        self.refresh(select=dialog.created_round_id)
        self.rounds_changed.emit()
        return dialog.created_round_id

    def edit_round(self) -> uuid.UUID | None:
        """Correct the chosen round: its decision, inspecting body, period and team."""
        round_id = self.current_round_id()
        if round_id is None:
            return None
        dialog = RoundDialog(self.db, self.user_id_provider(), self, round_id=round_id)
        if dialog.exec() != RoundDialog.DialogCode.Accepted:
            return None
        self.refresh(select=round_id)
        self.rounds_changed.emit()
        return round_id

    def plan_visits(self) -> int:
        round_id = self.current_round_id()
        if round_id is None or not self.may_manage():  # Enter on a row reaches here without the button
            return 0
        dialog = PlanVisitsDialog(self.db, round_id, self.user_id_provider(), self)
        if dialog.exec() != PlanVisitsDialog.DialogCode.Accepted:
            return 0
        self.refresh(select=round_id)
        self.rounds_changed.emit()
        return dialog.planned_count
