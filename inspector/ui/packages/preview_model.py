"""The rows an import would write, as a Qt model (one row per row of the package, kinds coloured)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from inspector.services.sync.changes import HISTORY, REFERENCE, TABLE_WORDS, VISIT_TABLES

KIND, TABLE, SUMMARY = range(3)
KIND_COLOURS = {"new": "#1b5e20", "changed": "#0d47a1", "conflict": "#b00020", "same": "#757575"}
KIND_ORDER = {"conflict": 0, "changed": 1, "new": 2, "same": 3}
# the visits' own rows first, then the catalogue they point to, the history last
TABLE_ORDER = {name: i for i, name in enumerate((*VISIT_TABLES, *REFERENCE, HISTORY))}


class PreviewModel(QAbstractTableModel):
    """Preview items (services.sync.changes.PreviewItem): conflicts first, then changed, new, identical; within
    each, the visits' rows before the catalogue's and the history's."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Any] = []
        self._rows: list[Any] = []
        self._hide_same = True
        self._kinds = {"new": self.tr("New"), "changed": self.tr("Changed"), "conflict": self.tr("Conflict"),
                       "same": self.tr("Identical")}

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self._all = sorted(items, key=lambda i: (KIND_ORDER.get(i.kind, 9), TABLE_ORDER.get(i.table, 99),
                                                     i.visit_id or ""))
        self._rows = [i for i in self._all if not (self._hide_same and i.kind == "same")]
        self.endResetModel()

    def set_hide_same(self, hide: bool) -> None:
        self._hide_same = hide
        self.set_items(self._all)

    def kind_text(self, kind: str) -> str:
        return self._kinds.get(kind, kind)

    def item_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Kind"), self.tr("Data"), self.tr("What"))[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == KIND:
                return self.kind_text(item.kind)
            if index.column() == TABLE:
                return TABLE_WORDS.get(item.table, item.table)
            return item.summary
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == KIND:
            return QBrush(QColor(KIND_COLOURS.get(item.kind, "#000000")))
        return None
