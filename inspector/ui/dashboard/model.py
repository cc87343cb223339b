"""The failed items behind a figure as a model over SQL: their keys (services.reporting.answer_keys_behind, newest
visit first), the rows of the page the view paints read when it paints them (answer_rows)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from inspector.services.reporting import AnswerRow, Behind, Scope, answer_keys_behind, answer_rows
from inspector.store.db import Database
from inspector.ui.keyed_model import KeyedTableModel
from inspector.ui.widgets import day_text

DAY, UNIT, POINT, ITEM, NOTE = range(5)


class FailedItemsModel(KeyedTableModel[AnswerRow]):
    ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole))

    def __init__(self, db: Database, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self.db = db
        self.scope: Scope | None = None
        self.behind = Behind()

    def show(self, scope: Scope, behind: Behind) -> None:
        self.scope, self.behind = scope, behind
        self.reload()

    def query_keys(self) -> list[uuid.UUID]:  # type: ignore[override]
        if self.scope is None:
            return []
        with self.db.read() as session:
            return answer_keys_behind(session, self.scope, self.behind)

    def fetch_rows(self, keys: Sequence[uuid.UUID]) -> dict[uuid.UUID, AnswerRow]:  # type: ignore[override]
        if not keys:
            return {}
        with self.db.read() as session:
            return answer_rows(session, keys)

    def visit_id_at(self, row: int) -> uuid.UUID | None:
        if not 0 <= row < self.rowCount():
            return None
        found = self.row_at(row)
        return found.visit_id if found is not None else None

    def cell(self, row: AnswerRow, column: int, role: int) -> Any:
        if column == DAY:
            return day_text(row.day)
        if column == UNIT:
            return row.unit_name
        if column == POINT:
            return row.point_name
        if column == ITEM:
            return f"{row.item_code} — {row.item_text}"
        text = (row.note or "").replace("\n", " ")
        return (row.note or None) if role == Qt.ItemDataRole.ToolTipRole else text
