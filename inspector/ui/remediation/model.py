"""The recommendations as a model over SQL: their keys in deadline order (services.remediation.Remediation.keys),
the rows of the page the view paints, read when it paints them. Overdue rows are red."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from inspector.domain.workflow import RecommendationStatus
from inspector.services.remediation import Remediation, RemediationFilter, RemediationRow
from inspector.ui import labels
from inspector.ui.keyed_model import KeyedTableModel
from inspector.ui.visits.model import FAILED_COLOUR
from inspector.ui.widgets import day_text

DEADLINE, STATUS, TEXT, UNIT, MINUTES, SECTION, SIPAS = range(7)
OVERDUE_BACKGROUND = "#fdecea"




def due_text(row: RemediationRow) -> str:
    """"15/03/2026 (overdue 4 days)", "15/03/2026 (in 3 days)", or the day alone.

    (Each call to translate stands alone on its line, its count a plain name: lupdate's Python reader loses the
    rest of the file after a unary minus or a chained comparison near one.)"""
    if row.deadline is None:
        return QCoreApplication.translate("RemediationView", "No deadline")
    text = day_text(row.deadline)
    days = row.days_left if row.days_left is not None else 0
    late = abs(days)
    if row.overdue and row.days_left is not None:
        when = QCoreApplication.translate("RemediationView", "overdue %n day(s)", "", late)
        return f"{text} ({when})"
    waiting = row.status in (RecommendationStatus.OPEN, RecommendationStatus.REPORTED)
    if not waiting or row.days_left is None or days < 0 or days > 30:
        return text
    if days == 0:
        when = QCoreApplication.translate("RemediationView", "today")
    else:
        when = QCoreApplication.translate("RemediationView", "in %n day(s)", "", days)
    return f"{text} ({when})"


class RemediationModel(KeyedTableModel[RemediationRow]):
    ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole))

    def __init__(self, remediation: Remediation, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self.remediation = remediation
        self.filter = RemediationFilter()
        self._red = QBrush(QColor(FAILED_COLOUR))
        self._red_background = QBrush(QColor(OVERDUE_BACKGROUND))

    def query_keys(self) -> list[uuid.UUID]:  # type: ignore[override]
        return self.remediation.keys(self.filter)

    def fetch_rows(self, keys: Sequence[uuid.UUID]) -> dict[uuid.UUID, RemediationRow]:  # type: ignore[override]
        return self.remediation.rows(keys) if keys else {}

    def rec_id_at(self, row: int) -> uuid.UUID | None:
        if not 0 <= row < self.rowCount():
            return None
        record = self.row_at(row)
        return record.id if record is not None else None

    def cell(self, row: RemediationRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(row, column) if column in (TEXT, UNIT, MINUTES, SIPAS) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._red if row.overdue else None
        return self._red_background if row.overdue else None  # BackgroundRole

    def _text(self, row: RemediationRow, column: int) -> str:
        if column == DEADLINE:
            return due_text(row)
        if column == STATUS:
            return labels.recommendation_status(row.status)
        if column == TEXT:
            return row.text.replace("\n", " ")
        if column == UNIT:
            return row.owner_name
        if column == MINUTES:
            number = row.minutes_number or QCoreApplication.translate("RemediationView", "(not numbered)")
            return f"{number} — {day_text(row.visit_day)}"
        if column == SECTION:
            return row.item_code or "—"
        return labels.sipas(row.sipas) if row.sipas else "—"
