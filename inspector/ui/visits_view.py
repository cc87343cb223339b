"""The visits tab (danh sách buổi kiểm tra): every visit, filtered by round, unit, status and date."""

from __future__ import annotations

import calendar
import uuid
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.clock import local_today
from inspector.domain.workflow import VisitStatus
from inspector.services.lists import VisitFilter, VisitRow, round_choices, unit_choices
from inspector.store.db import Database
from inspector.ui import labels
from inspector.ui.keyed_model import RowSequence
from inspector.ui.visits.model import (  # noqa: F401  (the columns and roles, for callers of the view)
    DAY,
    FAILED_COLOUR,
    ID_ROLE,
    KIND,
    POINT,
    PROGRESS,
    ROUND,
    STATUS,
    UNIT,
    VisitsModel,
)
from inspector.ui.widgets import FIT_PADDING, date_edit, list_table, to_qdate

ROUND_WIDTH = 240  # the round is often the same on every row (and chosen in the filter): less room
# the widest progress a visit shows (a form has fewer than a thousand items), to size the column without reading rows
WIDEST_PROGRESS = ("888", "888")


class VisitsView(QWidget):
    open_requested = Signal(object)  # visit id

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitsView")
        self.db = db

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

        self.model = VisitsModel(db, [
            self.tr("Date"), self.tr("Unit"), self.tr("Reception point"), self.tr("Round"), self.tr("Type"),
            self.tr("Status"), self.tr("Progress"),
        ], self)
        self.table = list_table("visitsTable", self.model)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(DAY, Qt.SortOrder.DescendingOrder)  # newest first
        header.sortIndicatorChanged.connect(self.model.sort)  # the database sorts: one key query
        for column in (UNIT, POINT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(ROUND, ROUND_WIDTH)
        self._fit_columns()
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._kept: int | None = None  # the key of the visit selected when the list was read again
        # units asked for from elsewhere (the dashboard) that today's map no longer lists: merged, dissolved
        self._extra_units: dict[uuid.UUID, str] = {}
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
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

    def _fit_columns(self) -> None:
        """Size the short columns to the widest text they can hold (their header included), without reading rows."""
        metrics = self.table.fontMetrics()
        margin = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1)
        progress = self.tr("%1 checked, %2 failed").replace("%1", WIDEST_PROGRESS[0]).replace("%2", WIDEST_PROGRESS[1])
        for column, texts in (
            (DAY, ["88/88/8888"]),
            (KIND, [self.tr("Announced"), self.tr("Unannounced")]),
            (STATUS, [labels.visit_status(s) for s in VisitStatus]
             + [labels.visit_status(VisitStatus.RETURNED) + " · " + self.tr("%n comment(s)", "", 88)]),
            (PROGRESS, [progress]),
        ):
            widest = max(metrics.horizontalAdvance(t) for t in texts) + margin
            header = self.table.horizontalHeader().sectionSizeHint(column)
            self.table.setColumnWidth(column, max(widest, header) + FIT_PADDING)

    def _fill_choices(self) -> None:
        """The rounds and units to filter by, read again; the current choices are kept when still there."""
        with self.db.read() as session:
            rounds = round_choices(session)
            units = unit_choices(session)
            units += [(key, name) for key, name in self._extra_units.items() if key not in {k for k, _n in units}]
        for combo, everything, choices in (
            (self.round_combo, self.tr("All rounds"), [(name, key) for key, name in rounds]),
            (self.unit_combo, self.tr("All units"), [(name, key) for key, name in units]),
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

    def show_filter(self, chosen: VisitFilter) -> None:
        """List the visits of ``chosen`` (the dashboard's unit or quarter): its unit, round, status and dates in the
        filters, the others cleared, and read once."""
        if chosen.unit_id is not None and self.unit_combo.findData(str(chosen.unit_id)) < 0:
            from inspector.store.models import Unit

            with self.db.read() as session:
                unit = session.get(Unit, chosen.unit_id)
                if unit is not None:
                    self._extra_units[chosen.unit_id] = unit.name
            self._fill_choices()
        widgets = (self.round_combo, self.unit_combo, self.status_combo, self.between, self.date_from, self.date_to)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for combo, value in ((self.round_combo, chosen.round_id), (self.unit_combo, chosen.unit_id),
                                 (self.status_combo, chosen.status.value if chosen.status else None)):
                combo.setCurrentIndex(max(combo.findData(str(value)) if value else 0, 0))
                combo.setToolTip(combo.currentText())
            between = chosen.date_from is not None or chosen.date_to is not None
            self.between.setChecked(between)
            self._dates_enabled(between)
            if between:
                self.date_from.setDate(to_qdate(chosen.date_from or chosen.date_to))
                self.date_to.setDate(to_qdate(chosen.date_to or chosen.date_from))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.refresh()

    @property
    def visits(self) -> RowSequence[VisitRow]:
        """The rows listed, in order; each is read from the database when first asked for."""
        return self.model.rows()

    def refresh(self) -> None:
        """Read the visits again with the current filters: one query for their keys; the rows on screen are
        read when painted. The selected visit stays selected (else the first)."""
        self._fill_choices()
        self.model.set_filter(self.current_filter())

    def _remember_selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._kept = self.model.key_at(rows[0].row()) if rows else None

    def _restore_selection(self) -> None:
        row = self.model.row_of_key(self._kept) if self._kept is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.select_row(row)
        self.count_label.setText(self.tr("%n visit(s)", "", self.model.rowCount()))
        self._update_buttons()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, DAY)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def select_visit(self, visit_id: uuid.UUID) -> bool:
        """Select this visit if it is listed."""
        key = self.model.key_of(visit_id)
        row = self.model.row_of_key(key) if key is not None else -1
        if row >= 0:
            self.select_row(row)
        return row >= 0

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def current_visit_id(self) -> uuid.UUID | None:
        return self.model.visit_id_at(self.current_row())

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_visit_id() is not None)

    # --- actions -------------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        """Enter or a double click on a row (as the platform activates items)."""
        visit_id = self.model.visit_id_at(index.row())
        if visit_id is not None:
            self.open_requested.emit(visit_id)

    def open_current(self) -> None:
        visit_id = self.current_visit_id()
        if visit_id is not None:
            self.open_requested.emit(visit_id)
