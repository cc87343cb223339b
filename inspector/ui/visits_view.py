"""The visits tab (danh sách buổi kiểm tra): every visit, filtered by round, unit, status and date."""

from __future__ import annotations

import calendar
import uuid
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.clock import local_today
from inspector.domain.workflow import VisitStatus
from inspector.services.catalog import list_units
from inspector.services.rounds import VisitFilter, VisitRow, list_rounds, list_visits
from inspector.store.db import Database
from inspector.ui import labels
from inspector.ui.widgets import date_edit, day_text, fit_columns

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DAY, UNIT, POINT, ROUND, KIND, STATUS, PROGRESS = range(7)
FAILED_COLOUR = "#c62828"
ROUND_WIDTH = 240  # the round is often the same on every row (and chosen in the filter): less room


class VisitsView(QWidget):
    open_requested = Signal(object)  # visit id

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitsView")
        self.db = db
        self.visits: list[VisitRow] = []

        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.round_combo = self._combo("roundFilter", 16)
        self.unit_combo = self._combo("unitFilter", 16)
        self.status_combo = self._combo("statusFilter", 10)
        self.status_combo.addItem(self.tr("All statuses"), "")
        for status in VisitStatus:
            self.status_combo.addItem(labels.visit_status(status), status.value)
        for text, combo in ((self.tr("Roun&d:"), self.round_combo), (self.tr("U&nit:"), self.unit_combo),
                            (self.tr("&Status:"), self.status_combo)):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        self.between = QCheckBox(self.tr("Only &between"))
        self.between.setObjectName("dateFilter")
        today = local_today()
        self.date_from = date_edit("dateFrom", date(today.year, today.month, 1))
        self.date_to = date_edit("dateTo", date(today.year, today.month, calendar.monthrange(today.year, today.month)[1]))
        self.and_label = QLabel(self.tr("and"))
        filters.addWidget(self.between)
        filters.addWidget(self.date_from)
        filters.addWidget(self.and_label)
        filters.addWidget(self.date_to)
        layout.addLayout(filters)

        self.table = QTableWidget(0, 7)
        self.table.setObjectName("visitsTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Unit"), self.tr("Reception point"), self.tr("Round"), self.tr("Type"),
            self.tr("Status"), self.tr("Progress"),
        ])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "Bộ phận Một cửa … Phường 1": the end tells them apart
        header = self.table.horizontalHeader()
        for column in (UNIT, POINT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(ROUND, ROUND_WIDTH)
        self.table.activated.connect(self._activated)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("visitCount")
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setObjectName("openVisit")
        self.open_button.setMinimumHeight(36)
        self.open_button.setMinimumWidth(120)
        self.open_button.clicked.connect(self.open_current)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)

        self._fill_choices()
        self._dates_enabled(False)
        for combo in (self.round_combo, self.unit_combo, self.status_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.between.toggled.connect(self._dates_enabled)
        self.between.toggled.connect(self.refresh)
        self.date_from.dateChanged.connect(self._from_changed)
        self.date_to.dateChanged.connect(self._to_changed)
        self._update_buttons()

    # --- building ----------------------------------------------------------------------------

    @staticmethod
    def _combo(name: str, length: int) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(length)
        return combo

    def _fill_choices(self) -> None:
        """The rounds and units to filter by, read again; the current choices are kept when still there."""
        with self.db.session() as session:
            rounds = list_rounds(session)
            units = [u for u in list_units(session) if u.points]
        for combo, everything, choices in (
            (self.round_combo, self.tr("All rounds"), [(r.name, r.id) for r in rounds]),
            (self.unit_combo, self.tr("All units"), [(u.name, u.id) for u in units]),
        ):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")  # ids as text: Qt cannot compare Python UUID objects in findData
            for name, key in choices:
                combo.addItem(name, str(key))
                combo.setItemData(combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(kept)) if kept else 0)
            combo.setToolTip(combo.currentText())
            combo.blockSignals(False)

    def _dates_enabled(self, on: bool) -> None:
        for widget in (self.date_from, self.and_label, self.date_to):
            widget.setEnabled(on)

    def _from_changed(self) -> None:
        if self.date_to.date() < self.date_from.date():
            self.date_to.setDate(self.date_from.date())  # refreshes through _to_changed
        elif self.between.isChecked():
            self.refresh()

    def _to_changed(self) -> None:
        if self.date_from.date() > self.date_to.date():
            self.date_from.setDate(self.date_to.date())
        elif self.between.isChecked():
            self.refresh()

    # --- state ---------------------------------------------------------------------------------

    def current_filter(self) -> VisitFilter:
        round_id, unit_id, status = (c.currentData() for c in (self.round_combo, self.unit_combo, self.status_combo))
        between = self.between.isChecked()
        return VisitFilter(
            round_id=uuid.UUID(round_id) if round_id else None,
            unit_id=uuid.UUID(unit_id) if unit_id else None,
            status=VisitStatus(status) if status else None,
            date_from=self.date_from.date().toPython() if between else None,
            date_to=self.date_to.date().toPython() if between else None,
        )

    def refresh(self) -> None:
        """Read the visits again with the current filters (newest first); the selected visit stays selected."""
        keep = self.current_visit_id()
        self._fill_choices()
        with self.db.session() as session:
            self.visits = list_visits(session, self.current_filter())
        self.table.setRowCount(len(self.visits))
        chosen = 0 if self.visits else -1
        for row, visit in enumerate(self.visits):
            progress = ""
            if visit.answered or visit.status is not VisitStatus.PLANNED:
                progress = self.tr("%1 checked, %2 failed").replace("%1", str(visit.answered)) \
                    .replace("%2", str(visit.failed))
            values = (day_text(visit.day) if visit.day else "", visit.unit_name, visit.point_name, visit.round_name,
                      self.tr("Announced") if visit.announced else self.tr("Unannounced"),
                      labels.visit_status(visit.status), progress)
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column in (UNIT, POINT, ROUND):
                    item.setToolTip(text)
                if column == PROGRESS and visit.failed:
                    item.setForeground(QBrush(QColor(FAILED_COLOUR)))
                self.table.setItem(row, column, item)
            self.table.item(row, DAY).setData(ID_ROLE, str(visit.id))
            if visit.id == keep:
                chosen = row
        fit_columns(self.table, (DAY, KIND, STATUS, PROGRESS))
        if chosen >= 0:
            self.table.selectRow(chosen)
            self.table.scrollToItem(self.table.item(chosen, DAY))
        self.count_label.setText(self.tr("%n visit(s)", "", len(self.visits)))
        self._update_buttons()

    def current_visit_id(self) -> uuid.UUID | None:
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().selectedRows():
            return None
        item = self.table.item(row, DAY)
        return uuid.UUID(item.data(ID_ROLE)) if item is not None and item.data(ID_ROLE) else None

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_visit_id() is not None)

    # --- actions -------------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        """Enter or a double click on a row (as the platform activates items)."""
        item = self.table.item(index.row(), DAY)
        if item is not None and item.data(ID_ROLE):
            self.open_requested.emit(uuid.UUID(item.data(ID_ROLE)))

    def open_current(self) -> None:
        visit_id = self.current_visit_id()
        if visit_id is not None:
            self.open_requested.emit(visit_id)
