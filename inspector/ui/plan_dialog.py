"""Plan the visits of a round: which reception points, on which day."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.clock import local_today
from inspector.domain.text import fold
from inspector.services.access import AccessDenied
from inspector.services.catalog import UnitRow, list_units
from inspector.services.rounds import RoundRow, VisitFilter, list_rounds, list_visits, plan_visits
from inspector.services.visits import VisitError
from inspector.store.db import Database
from inspector.ui.catalog.view import FOLDED_ROLE, ID_ROLE, KIND_ROLE, POINT, UNIT, FoldingFilter
from inspector.ui.widgets import Banner, date_edit, day_text, period_text, to_qdate


class PlanVisitsDialog(QDialog):
    def __init__(self, db: Database, round_id: uuid.UUID, user_id: uuid.UUID | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.round_id = round_id
        self.user_id = user_id
        self.planned_count = 0
        with db.session() as session:
            self.round: RoundRow | None = next((r for r in list_rounds(session) if r.id == round_id), None)
            units = list_units(session)
            planned = list_visits(session, VisitFilter(round_id=round_id))
        self.already: dict[tuple[str, str], list[date]] = defaultdict(list)
        for visit in planned:
            if visit.day:
                self.already[(visit.unit_name, visit.point_name)].append(visit.day)
        self._syncing = False

        self.setWindowTitle(self.tr("Plan visits"))
        self.resize(820, 620)
        layout = QVBoxLayout(self)
        self.round_label = QLabel()
        self.round_label.setObjectName("roundTitle")
        self.round_label.setWordWrap(True)
        self.round_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.round_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.round_label.setFont(font)
        layout.addWidget(self.round_label)
        self.period_label = QLabel()
        self.period_label.setWordWrap(True)
        layout.addWidget(self.period_label)
        if self.round is not None:
            self.round_label.setText(self.round.name)
            self.period_label.setText(
                self.tr("Decision %1 dated %2; inspection period %3.")
                .replace("%1", self.round.decision_number)
                .replace("%2", day_text(self.round.decision_date))
                .replace("%3", period_text(self.round.start_date, self.round.end_date))
            )

        self.search = QLineEdit()
        self.search.setObjectName("pointSearch")
        self.search.setPlaceholderText(self.tr("Search units and reception points (with or without diacritics)…"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)

        self.tree = QTreeView()
        self.tree.setObjectName("pointTree")
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.model = self._build_model(units)
        self.proxy = FoldingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree.setModel(self.proxy)
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 1)

        bottom = QHBoxLayout()
        date_label = QLabel(self.tr("Visit &date:"))
        self.date = date_edit("plannedDate")
        date_label.setBuddy(self.date)
        start = self.round.start_date if self.round else None
        end = self.round.end_date if self.round else None
        if start or end:
            self.date.setDateRange(to_qdate(start) if start else QDate(2000, 1, 1),
                                   to_qdate(end) if end else QDate(9999, 12, 31))
        today = local_today()
        if start and today < start:
            today = start
        if end and today > end:
            today = end
        self.date.setDate(to_qdate(today))
        bottom.addWidget(date_label)
        bottom.addWidget(self.date)
        bottom.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("chosenCount")
        bottom.addWidget(self.count_label)
        layout.addLayout(bottom)

        self.error = Banner()
        self.error.setObjectName("planErrors")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(self._filter)
        self.model.itemChanged.connect(self._item_changed)
        self._show_count()
        self.search.setFocus()

    # --- the tree ----------------------------------------------------------------------------

    def _build_model(self, units: list[UnitRow]) -> QStandardItemModel:
        model = QStandardItemModel(self)
        model.setHorizontalHeaderLabels([self.tr("Unit / reception point"), self.tr("Already planned in this round")])
        for unit in units:
            if not unit.points:
                continue
            unit_item = QStandardItem(unit.name)
            unit_item.setEditable(False)
            unit_item.setCheckable(True)
            unit_item.setData(UNIT, KIND_ROLE)
            unit_item.setData(unit.id, ID_ROLE)
            unit_item.setData(fold(f"{unit.name} {unit.code}"), FOLDED_ROLE)
            blank = QStandardItem("")
            blank.setEditable(False)
            for point in unit.points:
                item = QStandardItem(point.name)
                item.setEditable(False)
                item.setCheckable(True)
                item.setData(POINT, KIND_ROLE)
                item.setData(point.id, ID_ROLE)
                item.setData(fold(f"{point.name} {unit.name} {unit.code}"), FOLDED_ROLE)
                item.setToolTip(point.address)
                days = sorted(self.already.get((unit.name, point.name), []))
                dates = QStandardItem(", ".join(day_text(d) for d in days))
                dates.setEditable(False)
                unit_item.appendRow([item, dates])
            model.appendRow([unit_item, blank])
        return model

    def _filter(self, text: str) -> None:
        self.proxy.set_needle(text)
        self.tree.expandAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down or Enter in the search box goes to the first reception point found (Space ticks it)."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            first = self._first_visible_point()
            if first.isValid():
                self.tree.setCurrentIndex(first)
            self.tree.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _first_visible_point(self) -> QModelIndex:
        for row in range(self.proxy.rowCount()):
            unit = self.proxy.index(row, 0)
            if self.proxy.rowCount(unit):
                return self.proxy.index(0, 0, unit)
        return QModelIndex()

    def _item_changed(self, item: QStandardItem) -> None:
        """Ticking a unit ticks all its reception points; the unit shows whether all, some or none are ticked."""
        if self._syncing or item.column() != 0:
            return
        self._syncing = True
        try:
            if item.data(KIND_ROLE) == UNIT and item.checkState() != Qt.CheckState.PartiallyChecked:
                for row in range(item.rowCount()):
                    item.child(row, 0).setCheckState(item.checkState())
            elif item.data(KIND_ROLE) == POINT and item.parent() is not None:
                unit = item.parent()
                states = {unit.child(row, 0).checkState() for row in range(unit.rowCount())}
                unit.setCheckState(states.pop() if len(states) == 1 else Qt.CheckState.PartiallyChecked)
        finally:
            self._syncing = False
        self._show_count()

    def _point_items(self) -> list[QStandardItem]:
        root = self.model.invisibleRootItem()
        return [root.child(u, 0).child(p, 0) for u in range(root.rowCount()) for p in range(root.child(u, 0).rowCount())]

    def checked_point_ids(self) -> list[uuid.UUID]:
        return [item.data(ID_ROLE) for item in self._point_items() if item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, point_id: uuid.UUID, checked: bool = True) -> None:
        for item in self._point_items():
            if item.data(ID_ROLE) == point_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _show_count(self) -> None:
        self.count_label.setText(self.tr("%n reception point(s) chosen", "", len(self.checked_point_ids())))

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        try:
            with self.db.session() as session:
                visits = plan_visits(session, self.round_id, self.checked_point_ids(), self.date.date().toPython(),
                                     user_id=self.user_id)
                count = len(visits)
        except (VisitError, AccessDenied) as exc:
            self.error.error(str(exc))
            return
        self.planned_count = count
        self.error.clear_message()
        self.accept()
