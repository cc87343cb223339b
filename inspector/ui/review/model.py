"""The review queue as a model over SQL: the submitted visits' keys, the longest waiting first
(services.review.Review.queue_keys); the rows of the page the view paints, read when it paints them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from inspector.domain.clock import local
from inspector.services.review import QueueRow, Review
from inspector.ui.keyed_model import KeyedTableModel
from inspector.ui.visits.model import FAILED_COLOUR, progress_text
from inspector.ui.widgets import day_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the visit's UUID as text, on every column
SUBMITTED, DAY, UNIT, POINT, ROUND, CYCLE, PROGRESS = range(7)


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ReviewView", text, "", n)


def cycle_text(row: QueueRow) -> str:
    """"1st submission" / "submitted 2 times, 3 comments so far"."""
    text = _tr("Submission %n", row.cycle) if row.cycle > 1 else _tr("First submission")
    if row.comments:
        text += " · " + _tr("%n comment(s)", row.comments)
    return text


class QueueModel(KeyedTableModel[QueueRow]):
    ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                        Qt.ItemDataRole.ForegroundRole, ID_ROLE))

    def __init__(self, review: Review, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self.review = review
        self._failed = QBrush(QColor(FAILED_COLOUR))

    def query_keys(self) -> list[int]:
        return self.review.queue_keys()

    def fetch_rows(self, keys: Sequence[int]) -> dict[int, QueueRow]:
        return self.review.queue_rows(keys) if keys else {}

    def visit_id_at(self, row: int) -> uuid.UUID | None:
        if not 0 <= row < self.rowCount():
            return None
        record = self.row_at(row)
        return record.id if record is not None else None

    def cell(self, row: QueueRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(row, column) if column in (UNIT, POINT, ROUND, CYCLE) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._failed if column == PROGRESS and row.visit.failed else None
        return str(row.id)  # ID_ROLE

    def _text(self, row: QueueRow, column: int) -> str:
        visit = row.visit
        if column == SUBMITTED:
            return f"{local(row.submitted_at):%H:%M %d/%m/%Y}"
        if column == DAY:
            return day_text(visit.day) if visit.day else ""
        if column == UNIT:
            return visit.unit_name
        if column == POINT:
            return visit.point_name
        if column == ROUND:
            return visit.round_name
        if column == CYCLE:
            return cycle_text(row)
        return progress_text(visit)
