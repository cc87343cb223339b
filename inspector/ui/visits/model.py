"""The visits list as a model over SQL: the filter and the sort give keys (services.lists.visit_keys), the rows
of the page the view paints are read when it paints them (services.lists.visit_rows)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from inspector.domain.workflow import VisitStatus
from inspector.services.lists import VisitFilter, VisitRow, VisitSort, visit_key, visit_keys, visit_rows
from inspector.store.db import Database
from inspector.ui import labels
from inspector.ui.keyed_model import KeyedTableModel
from inspector.ui.widgets import day_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the visit's UUID as text, on every column
DAY, UNIT, POINT, ROUND, KIND, STATUS, PROGRESS = range(7)
SORTS = (VisitSort.DAY, VisitSort.UNIT, VisitSort.POINT, VisitSort.ROUND, VisitSort.KIND, VisitSort.STATUS,
         VisitSort.PROGRESS)
FAILED_COLOUR = "#c62828"


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("VisitsView", text, "", n)


def progress_text(row: VisitRow) -> str:
    if not row.answered and row.status is VisitStatus.PLANNED:
        return ""  # planned, nothing done yet
    return _tr("%1 checked, %2 failed").replace("%1", str(row.answered)).replace("%2", str(row.failed))


class VisitsModel(KeyedTableModel[VisitRow]):
    ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                        Qt.ItemDataRole.ForegroundRole, ID_ROLE))

    def __init__(self, db: Database, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self.db = db
        self.filter = VisitFilter()
        self.sort_by = VisitSort.DAY
        self.descending = True  # newest first
        self._failed = QBrush(QColor(FAILED_COLOUR))
        self._kinds = (_tr("Unannounced"), _tr("Announced"))
        self._statuses = {status: labels.visit_status(status) for status in VisitStatus}

    # --- what to show ----------------------------------------------------------------------------

    def set_filter(self, flt: VisitFilter) -> None:
        """Show the visits that pass this filter (one key query)."""
        self.filter = flt
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header: the database sorts again. Before the first reload nothing is read."""
        if not 0 <= column < len(SORTS):
            return
        self.sort_by = SORTS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self.loaded:
            self.reload()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.InitialSortOrderRole and orientation == Qt.Orientation.Horizontal:
            # the first click on a header: the newest, or the most failed, first; names from A
            descending = section in (DAY, PROGRESS)
            return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        return super().headerData(section, orientation, role)

    # --- reading ---------------------------------------------------------------------------------

    def query_keys(self) -> list[int]:
        # Core connections, not ORM sessions: a session's own cost is most of a small list's click
        with self.db.read_rows() as session:
            return visit_keys(session, self.filter, self.sort_by, self.descending)

    def query_keys_and_rows(self, count: int) -> tuple[list[int], dict[int, VisitRow] | None]:
        with self.db.read_rows() as session:
            keys = visit_keys(session, self.filter, self.sort_by, self.descending)
            return keys, visit_rows(session, keys[:count])

    def fetch_rows(self, keys: Sequence[int]) -> dict[int, VisitRow]:
        if not keys:
            return {}
        with self.db.read_rows() as session:
            return visit_rows(session, keys)

    def key_of(self, visit_id: uuid.UUID) -> int | None:
        with self.db.read_rows() as session:  # no ORM session: a click's fixed cost
            return visit_key(session, visit_id)

    def visit_id_at(self, row: int) -> uuid.UUID | None:
        if not 0 <= row < self.rowCount():
            return None
        record = self.row_at(row)
        return record.id if record is not None else None

    # --- showing ---------------------------------------------------------------------------------

    def cell(self, row: VisitRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STATUS and row.comments:
                return _tr("%n comment(s) from the reviewer: open the visit to read them.", row.comments)
            return self._text(row, column) if column in (UNIT, POINT, ROUND) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS and row.status is VisitStatus.RETURNED:
                return self._failed
            return self._failed if column == PROGRESS and row.failed else None
        return str(row.id)  # ID_ROLE

    def _text(self, row: VisitRow, column: int) -> str:
        if column == DAY:
            return day_text(row.day) if row.day else ""
        if column == UNIT:
            return row.unit_name
        if column == POINT:
            return row.point_name
        if column == ROUND:
            return row.round_name
        if column == KIND:
            return self._kinds[row.announced]
        if column == STATUS:
            if row.status is VisitStatus.RETURNED and row.comments:  # "Trả lại · 3 ý kiến"
                return self._statuses[row.status] + " · " + _tr("%n comment(s)", row.comments)
            return self._statuses[row.status]
        return progress_text(row)
