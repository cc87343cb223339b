"""The catalogue pane: today's map of units and reception points (history on request) as a searchable tree,
the selection's details, and the administrator's editing buttons."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.catalog import Role, SuccessionKind
from inspector.domain.text import fold
from inspector.services.catalog import PointRow, UnitRow, list_units
from inspector.services.users import get_user
from inspector.store.db import Database
from inspector.ui import labels
from inspector.ui.catalog import fields
from inspector.ui.catalog.bodies_dialog import BodiesDialog
from inspector.ui.catalog.edit_dialogs import PointDialog, UnitDialog
from inspector.ui.catalog.succession_dialog import SuccessionDialog

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 3
CURRENT_ROLE = Qt.ItemDataRole.UserRole + 4   # False: a row of the map's history (ended, or begins later)
UNIT, POINT = "unit", "point"


GREY = QColor("#7a7a7a")


def _row_items(name: str, folded: str, kind: str, key: uuid.UUID, current: bool, tooltip: str,
               second: str = "") -> list[QStandardItem]:
    item = QStandardItem(name)
    item.setEditable(False)
    item.setData(kind, KIND_ROLE)
    item.setData(key, ID_ROLE)
    item.setData(fold(folded), FOLDED_ROLE)
    item.setData(current, CURRENT_ROLE)
    item.setToolTip(tooltip)
    other = QStandardItem(second)
    other.setEditable(False)
    other.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if not current:  # history: greyed and slanted, the day it ended and what continues it in the text
        font = item.font()
        font.setItalic(True)
        for cell in (item, other):
            cell.setForeground(QBrush(GREY))
            cell.setFont(font)
    return [item, other]


def _tooltip(lines: list[str]) -> str:
    return "\n".join(line for line in lines if line)


def build_unit_model(units: list[UnitRow], parent: QWidget | None = None) -> QStandardItemModel:
    """Units under their parents (an ended unit under the unit that continues it), reception points under their unit."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels([QCoreApplication.translate("CatalogView", "Unit / reception point"),
                                     QCoreApplication.translate("CatalogView", "Staff")])
    rows: dict[uuid.UUID, list[QStandardItem]] = {}
    for unit in units:
        suffix = fields.history_suffix(unit.valid_from, unit.valid_until, unit.ended, unit.upcoming, unit.successors)
        rows[unit.id] = _row_items(unit.name + suffix, f"{unit.name} {unit.short_name} {unit.code}", UNIT, unit.id,
                                   unit.current, _tooltip([labels.unit_level(unit.level), _validity_line(unit),
                                                           *_history_lines(unit)]))
    for unit in units:
        item = rows[unit.id][0]
        for point in unit.points:
            # the point's successor is in its tooltip and details: the unit's row already says where it went
            suffix = fields.history_suffix(point.valid_from, point.valid_until, point.ended, point.upcoming, ())
            item.appendRow(_row_items(point.name + suffix, f"{point.name} {unit.name}", POINT, point.id,
                                      point.current and unit.current,
                                      _tooltip([point.address, _validity_line(point), *_history_lines(point)]),
                                      str(len(point.staff))))
    for unit in units:  # units after the points: a unit's reception points come first under it
        holder = rows[unit.shown_under][0] if unit.shown_under in rows else model.invisibleRootItem()
        holder.appendRow(rows[unit.id])
    return model


def _validity_line(row: UnitRow | PointRow) -> str:
    if row.valid_from is None and row.valid_until is None:
        return ""
    return QCoreApplication.translate("CatalogView", "Valid: %1").replace(
        "%1", fields.validity(row.valid_from, row.valid_until))


def _history_lines(row: UnitRow | PointRow) -> list[str]:
    lines = []
    if row.successors:
        lines.append(QCoreApplication.translate("CatalogView", "Continued by: %1").replace(
            "%1", "; ".join(fields.came_from(link) for link in row.successors)))
    if row.predecessors:
        lines.append(QCoreApplication.translate("CatalogView", "Formed from: %1").replace(
            "%1", "; ".join(fields.came_from(link) for link in row.predecessors)))
    return lines


class FoldingFilter(QSortFilterProxyModel):
    """Matches typed text without diacritics too ("phuong 1" finds "Phường 1")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._needle:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return self._needle in (index.data(FOLDED_ROLE) or "")


class UnitDetails(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("detailsTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)

        self.info_box = box = QGroupBox(self.tr("Information"))
        self.form = form = QFormLayout(box)
        self.unit_label = QLabel()
        self.unit_label.setWordWrap(True)
        self.level_label = QLabel()
        self.address_label = QLabel()
        self.address_label.setWordWrap(True)
        self.phone_label = QLabel()
        self.validity_label = QLabel()
        self.validity_label.setObjectName("validity")
        self.successors_label = QLabel()
        self.successors_label.setObjectName("successors")
        self.successors_label.setWordWrap(True)
        self.predecessors_label = QLabel()
        self.predecessors_label.setObjectName("predecessors")
        self.predecessors_label.setWordWrap(True)
        form.addRow(self.tr("Belongs to:"), self.unit_label)
        form.addRow(self.tr("Level:"), self.level_label)
        form.addRow(self.tr("Address:"), self.address_label)
        form.addRow(self.tr("Phone:"), self.phone_label)
        form.addRow(self.tr("Valid:"), self.validity_label)
        form.addRow(self.tr("Continued by:"), self.successors_label)
        form.addRow(self.tr("Formed from:"), self.predecessors_label)
        layout.addWidget(box)

        self.staff_box = QGroupBox(self.tr("Staff at the reception point"))
        staff_layout = QVBoxLayout(self.staff_box)
        self.staff_table = QTableWidget(0, 2)
        self.staff_table.setHorizontalHeaderLabels([self.tr("Full name"), self.tr("Position")])
        self.staff_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.staff_table.horizontalHeader().setStretchLastSection(True)
        self.staff_table.verticalHeader().setVisible(False)
        self.staff_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        staff_layout.addWidget(self.staff_table)
        layout.addWidget(self.staff_box, 10)
        self.unannounced_button = QPushButton(self.tr("Start an unannounced visit here now"))
        self.unannounced_button.setObjectName("unannouncedButton")
        self.unannounced_button.setMinimumHeight(44)
        self.unannounced_button.setVisible(False)
        layout.addWidget(self.unannounced_button)
        self.follow_up_button = QPushButton(self.tr("Check the remedies of earlier findings here now"))
        self.follow_up_button.setObjectName("followUpButton")
        self.follow_up_button.setVisible(False)
        layout.addWidget(self.follow_up_button)
        layout.addStretch(1)  # takes the space while the staff table is hidden
        self.show_nothing()

    def _dated(self, row: UnitRow | PointRow) -> None:
        self.validity_label.setText(fields.validity(row.valid_from, row.valid_until))
        for label, links in ((self.successors_label, row.successors), (self.predecessors_label, row.predecessors)):
            label.setText("\n".join(fields.came_from(link) for link in links))
            self.form.setRowVisible(label, bool(links))

    def show_nothing(self) -> None:
        self.title.setText(self.tr("Choose a unit or a reception point on the left."))
        for label in (self.unit_label, self.level_label, self.address_label, self.phone_label, self.validity_label,
                      self.successors_label, self.predecessors_label):
            label.clear()
        self.staff_table.setRowCount(0)
        self.staff_box.setVisible(False)
        self.info_box.setVisible(False)
        self.unannounced_button.setVisible(False)
        self.follow_up_button.setVisible(False)

    def show_unit(self, unit: UnitRow, parent: UnitRow | None) -> None:
        self.info_box.setVisible(True)
        self.title.setText(unit.name)
        self.unit_label.setText(parent.name if parent else "")
        self.level_label.setText(labels.unit_level(unit.level))
        self.address_label.setText(unit.address)
        self.phone_label.setText("")
        self._dated(unit)
        self.staff_table.setRowCount(0)
        self.staff_box.setVisible(False)
        self.unannounced_button.setVisible(False)
        self.follow_up_button.setVisible(False)

    def show_point(self, point: PointRow, unit: UnitRow) -> None:
        self.info_box.setVisible(True)
        self.title.setText(point.name)
        self.unit_label.setText(unit.name)
        self.level_label.setText(labels.unit_level(unit.level))
        self.address_label.setText(point.address)
        self.phone_label.setText(point.phone)
        self._dated(point)
        self.staff_table.setRowCount(len(point.staff))
        for row, member in enumerate(point.staff):
            self.staff_table.setItem(row, 0, QTableWidgetItem(member.full_name))
            self.staff_table.setItem(row, 1, QTableWidgetItem(member.position))
        self.staff_box.setVisible(True)
        open_today = point.current and unit.current  # no new visit where the point has ended
        self.unannounced_button.setVisible(open_today)
        self.follow_up_button.setVisible(open_today)


class CatalogView(QSplitter):
    """Tree of units and reception points (with a search box) beside the selection's details.

    Today's map by default; "Show history" adds what ended, greyed, under what continues it. The
    administrator edits units, reception points, successions and inspecting bodies from here.
    """

    unannounced_requested = Signal(object)  # reception point id
    follow_up_requested = Signal(object)  # reception point id
    catalog_changed = Signal()

    def __init__(self, db: Database | None = None, user_id_provider: Callable[[], uuid.UUID | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.db = db
        self.user_id_provider = user_id_provider or (lambda: None)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search units and reception points (with or without diacritics)…"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        self.history = QCheckBox(self.tr("Show &history"))
        self.history.setObjectName("showHistory")
        self.history.setToolTip(self.tr("Also list the units and reception points that have ended (mergers, splits, "
                                        "renames), under the unit that continues them."))
        self.history.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.history)
        left_layout.addLayout(top)

        self.admin_bar = QWidget()
        self.admin_bar.setObjectName("catalogAdminBar")
        bar = QHBoxLayout(self.admin_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.new_unit_button = self._button(bar, "newUnit", self.tr("New &unit…"), self.new_unit)
        self.new_point_button = self._button(bar, "newPoint", self.tr("New reception &point…"), self.new_point)
        self.edit_button = self._button(bar, "editCatalogRow", self.tr("&Edit…"), self.edit_current)
        self.succession_button = QToolButton()
        self.succession_button.setObjectName("recordSuccession")
        self.succession_button.setText(self.tr("Merger / split / rena&me"))
        self.succession_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.succession_button)
        for kind, text in ((SuccessionKind.MERGE, self.tr("Record a &merger…")),
                           (SuccessionKind.SPLIT, self.tr("Record a &split…")),
                           (SuccessionKind.RENAME, self.tr("Record a &rename…"))):
            menu.addAction(text).triggered.connect(lambda _checked=False, k=kind: self.record_succession(k))
        self.succession_button.setMenu(menu)
        bar.addWidget(self.succession_button)
        self.bodies_button = self._button(bar, "editBodies", self.tr("Inspecting &bodies…"), self.edit_bodies)
        bar.addStretch(1)
        left_layout.addWidget(self.admin_bar)

        self.tree = QTreeView()
        self.tree.setObjectName("unitTree")
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        left_layout.addWidget(self.tree)
        self.details = UnitDetails()
        self.addWidget(left)
        self.addWidget(self.details)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)

        self.proxy = FoldingFilter(self)
        self.tree.setModel(self.proxy)
        self.search.textChanged.connect(self._filter)
        self._units: dict[uuid.UUID, UnitRow] = {}
        self._points: dict[uuid.UUID, tuple[PointRow, UnitRow]] = {}
        self.current_point: uuid.UUID | None = None
        self.details.unannounced_button.clicked.connect(
            lambda: self.current_point and self.unannounced_requested.emit(self.current_point))
        self.details.follow_up_button.clicked.connect(
            lambda: self.current_point and self.follow_up_requested.emit(self.current_point))
        self.update_permissions()

    @staticmethod
    def _button(bar: QHBoxLayout, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        bar.addWidget(button)
        return button

    # --- state ---------------------------------------------------------------------------------

    def is_admin(self) -> bool:
        if self.db is None:
            return False
        with self.db.session() as session:
            user = get_user(session, self.user_id_provider())
        return user is not None and user.has_role(Role.ADMIN)

    def update_permissions(self) -> None:
        """The editing buttons are the administrator's only."""
        self.admin_bar.setVisible(self.is_admin())
        self._update_buttons()

    def refresh(self, select: uuid.UUID | None = None) -> None:
        """Read the map again (today's, or with its history); the selected row stays selected."""
        if self.db is None:
            return
        keep = select or self.current_id()
        with self.db.session() as session:
            units = list_units(session, history=self.history.isChecked())
        self.set_units(units)
        if keep is not None:
            self.select(keep)
        self.update_permissions()

    def set_units(self, units: list[UnitRow]) -> None:
        self._units = {u.id: u for u in units}
        self._points = {p.id: (p, u) for u in units for p in u.points}
        model = build_unit_model(units, self)
        old = self.proxy.sourceModel()
        self.proxy.setSourceModel(model)
        if old is not None:
            old.deleteLater()
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.expandAll()
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.current_point = None
        self.details.show_nothing()
        self._update_buttons()

    def current_id(self) -> uuid.UUID | None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        return index.data(ID_ROLE) if index.isValid() else None

    def current_kind(self) -> str | None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        return index.data(KIND_ROLE) if index.isValid() else None

    def select(self, key: uuid.UUID) -> bool:
        """Make the row of this unit or reception point current."""
        found = self._find(key, QModelIndex())
        if found is not None:
            self.tree.setCurrentIndex(found)
            self.tree.scrollTo(found)
        return found is not None

    def _find(self, key: uuid.UUID, parent: QModelIndex) -> QModelIndex | None:
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            if index.data(ID_ROLE) == key:
                return index
            if (inner := self._find(key, index)) is not None:
                return inner
        return None

    def _filter(self, text: str) -> None:
        self.proxy.set_needle(text)
        self.tree.expandAll()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        index = current.siblingAtColumn(0)
        kind, key = index.data(KIND_ROLE), index.data(ID_ROLE)
        self.current_point = key if kind == POINT else None
        if kind == UNIT and key in self._units:
            unit = self._units[key]
            self.details.show_unit(unit, self._units.get(unit.parent_id) if unit.parent_id else None)
        elif kind == POINT and key in self._points:
            point, unit = self._points[key]
            self.details.show_point(point, unit)
        else:
            self.details.show_nothing()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.current_id() is not None)

    def unit_names(self) -> list[str]:
        """Every unit and reception point name shown in the tree (for tests and accessibility)."""
        names: list[str] = []
        model = self.proxy

        def walk(parent: QModelIndex) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                names.append(index.data())
                walk(index)

        walk(QModelIndex())
        return names

    # --- the administrator's edits -------------------------------------------------------------

    def _edited(self, key: uuid.UUID | None) -> None:
        self.refresh(select=key)
        self.catalog_changed.emit()

    def _current_unit_id(self) -> uuid.UUID | None:
        key, kind = self.current_id(), self.current_kind()
        if kind == POINT and key in self._points:
            return self._points[key][1].id
        return key if kind == UNIT else None

    def new_unit(self) -> uuid.UUID | None:
        if self.db is None:
            return None
        dialog = UnitDialog(self.db, self.user_id_provider(), parent_unit_id=self._current_unit_id(), parent=self)
        if dialog.exec() == UnitDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self._edited(dialog.saved_id)
        return dialog.saved_id

    def new_point(self) -> uuid.UUID | None:
        if self.db is None:
            return None
        dialog = PointDialog(self.db, self.user_id_provider(), unit_id=self._current_unit_id(), parent=self)
        if dialog.exec() == PointDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self._edited(dialog.saved_id)
        return dialog.saved_id

    def edit_current(self) -> uuid.UUID | None:
        key, kind = self.current_id(), self.current_kind()
        if self.db is None or key is None:
            return None
        dialog: UnitDialog | PointDialog
        if kind == UNIT:
            dialog = UnitDialog(self.db, self.user_id_provider(), unit_id=key, parent=self)
        else:
            dialog = PointDialog(self.db, self.user_id_provider(), point_id=key, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self._edited(dialog.saved_id)
        return dialog.saved_id

    def record_succession(self, kind: SuccessionKind) -> bool:
        if self.db is None:
            return False
        dialog = SuccessionDialog(self.db, self.user_id_provider(), kind, unit_id=self._current_unit_id(), parent=self)
        if dialog.exec() != SuccessionDialog.DialogCode.Accepted:
            return False
        self._edited(dialog.successor_id)
        return True

    def edit_bodies(self) -> None:
        if self.db is None:
            return
        BodiesDialog(self.db, self.user_id_provider(), self).exec()
