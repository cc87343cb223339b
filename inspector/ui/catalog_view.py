"""The catalogue pane: units and their reception points as a searchable tree, and details."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.text import fold
from inspector.services.catalog import PointRow, UnitRow
from inspector.ui import labels

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 3
UNIT, POINT = "unit", "point"


def build_unit_model(units: list[UnitRow], parent: QWidget | None = None) -> QStandardItemModel:
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels([QCoreApplication.translate("CatalogView", "Unit / reception point"), QCoreApplication.translate("CatalogView", "Staff")])
    items: dict[uuid.UUID, QStandardItem] = {}
    for unit in units:
        item = QStandardItem(unit.name)
        item.setEditable(False)
        item.setData(UNIT, KIND_ROLE)
        item.setData(unit.id, ID_ROLE)
        item.setData(fold(unit.name + " " + unit.code), FOLDED_ROLE)
        item.setToolTip(labels.unit_level(unit.level))
        count = QStandardItem("")
        count.setEditable(False)
        items[unit.id] = item
        for point in unit.points:
            child = QStandardItem(point.name)
            child.setEditable(False)
            child.setData(POINT, KIND_ROLE)
            child.setData(point.id, ID_ROLE)
            child.setData(fold(point.name + " " + unit.name), FOLDED_ROLE)
            staff = QStandardItem(str(len(point.staff)))
            staff.setEditable(False)
            staff.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.appendRow([child, staff])
        parent_item = items.get(unit.parent_id) if unit.parent_id else None
        (parent_item or model.invisibleRootItem()).appendRow([item, count])
    return model


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
        form = QFormLayout(box)
        self.unit_label = QLabel()
        self.unit_label.setWordWrap(True)
        self.level_label = QLabel()
        self.address_label = QLabel()
        self.address_label.setWordWrap(True)
        self.phone_label = QLabel()
        form.addRow(self.tr("Belongs to:"), self.unit_label)
        form.addRow(self.tr("Level:"), self.level_label)
        form.addRow(self.tr("Address:"), self.address_label)
        form.addRow(self.tr("Phone:"), self.phone_label)
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

    def show_nothing(self) -> None:
        self.title.setText(self.tr("Choose a unit or a reception point on the left."))
        for label in (self.unit_label, self.level_label, self.address_label, self.phone_label):
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
        self.staff_table.setRowCount(len(point.staff))
        for row, member in enumerate(point.staff):
            self.staff_table.setItem(row, 0, QTableWidgetItem(member.full_name))
            self.staff_table.setItem(row, 1, QTableWidgetItem(member.position))
        self.staff_box.setVisible(True)
        self.unannounced_button.setVisible(True)
        self.follow_up_button.setVisible(True)


class CatalogView(QSplitter):
    """Tree of units and reception points (with a search box) beside the selection's details."""

    unannounced_requested = Signal(object)  # reception point id
    follow_up_requested = Signal(object)  # reception point id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search units and reception points (with or without diacritics)…"))
        self.search.setClearButtonEnabled(True)
        left_layout.addWidget(self.search)
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
        self.details.show_nothing()

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
