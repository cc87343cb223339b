"""A read-only table of history rows: when, who, what, before, after (services.history)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from inspector.services.history import HistoryRow

WHEN, WHO, WHAT, BEFORE, AFTER = range(5)
Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    """History rows, oldest first; an item column first when the rows are a whole visit's."""

    def __init__(self, rows: Sequence[HistoryRow] = (), parent: QObject | None = None, *, with_items: bool = False) -> None:
        super().__init__(parent)
        self.rows: list[HistoryRow] = list(rows)
        self.with_items = with_items
        self._headers = [self.tr("When"), self.tr("By"), self.tr("Change"), self.tr("Before"), self.tr("After")]
        if with_items:
            self._headers.insert(0, self.tr("Item"))

    def set_rows(self, rows: Sequence[HistoryRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        entry = self.rows[row]
        if self.with_items:
            if column == 0:
                return entry.item_code
            column -= 1
        return (entry.when, entry.who, entry.what, entry.before, entry.after)[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        return None


class HistoryDialog(QDialog):
    """The history of ``title`` (a visit, one of its items, a recommendation), read only."""

    def __init__(self, title: str, rows: Sequence[HistoryRow], parent: QWidget | None = None, *,
                 with_items: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("History"))
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("historyTitle")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.model = HistoryModel(rows, self, with_items=with_items)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        what = WHAT + (1 if with_items else 0)
        for column in range(self.model.columnCount()):
            limit = 420 if column == what else 260
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 12, limit))
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("Nothing has been recorded yet."))
        self.empty.setObjectName("historyEmpty")
        self.empty.setVisible(not rows)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1100, 560)
        if rows:
            self.table.scrollToBottom()  # the newest last, in view
