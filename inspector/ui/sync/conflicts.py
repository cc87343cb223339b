"""Xung đột đồng bộ: the edits that conflicted despite the check-out, for the supervisor to settle.

The list is a Qt model over sync_conflicts not settled (the database sorts, the oldest first); the conflict chosen
shows both versions side by side, the fields that differ marked, and two buttons call services.sync.engine.settle:
keep the server's version, or take the laptop's.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.clock import local
from inspector.store.db import Database
from inspector.store.models import ReceptionPoint, SyncConflict, SyncPeer, Unit, User, Visit
from inspector.ui.keyed_model import KeyedTableModel
from inspector.ui.sync import labels
from inspector.ui.widgets import list_table

DETECTED, KIND, VISIT, PEER = range(4)
_DIFFERENT = QBrush(QColor("#fff3cd"))


@dataclass(frozen=True)
class ConflictRow:
    id: uuid.UUID
    entity_type: str
    entity_id: str
    detected_at: datetime
    peer: str
    peer_name: str
    unit_name: str
    point_name: str
    visit_day: datetime | None
    local: dict[str, Any]
    remote: dict[str, Any]


def open_conflicts(db: Database) -> int:
    """How many conflicts wait to be settled in this database."""
    with db.read() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(SyncConflict)
                                  .where(SyncConflict.settled_at.is_(None))) or 0)


class ConflictsModel(KeyedTableModel[ConflictRow]):
    """The conflicts not settled, the oldest first: one key query, rows read by page (KeyedTableModel)."""

    def __init__(self, db: Database, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(headers, parent)
        self.db = db

    def query_keys(self) -> list[Any]:
        with self.db.read() as session:
            return list(session.scalars(
                sa.select(SyncConflict.id).where(SyncConflict.settled_at.is_(None))
                .order_by(SyncConflict.detected_at, SyncConflict.id)))

    def fetch_rows(self, keys: Sequence[Any]) -> dict[Any, ConflictRow]:
        if not keys:
            return {}
        query = (
            sa.select(SyncConflict, SyncPeer.name, Unit.name, ReceptionPoint.name,
                      sa.func.coalesce(Visit.started_at, Visit.ended_at))
            .outerjoin(SyncPeer, SyncPeer.origin == SyncConflict.peer)
            .outerjoin(Visit, Visit.id == SyncConflict.visit_id)
            .outerjoin(ReceptionPoint, ReceptionPoint.id == Visit.reception_point_id)
            .outerjoin(Unit, Unit.id == ReceptionPoint.unit_id)
            .where(SyncConflict.id.in_(list(keys)))
        )
        rows: dict[Any, ConflictRow] = {}
        with self.db.read() as session:
            for conflict, peer_name, unit_name, point_name, day in session.execute(query):
                rows[conflict.id] = ConflictRow(
                    id=conflict.id, entity_type=conflict.entity_type, entity_id=conflict.entity_id,
                    detected_at=conflict.detected_at, peer=conflict.peer, peer_name=peer_name or conflict.peer[:8],
                    unit_name=unit_name or "", point_name=point_name or "", visit_day=day,
                    local=dict(conflict.local or {}), remote=dict(conflict.remote or {}))
        return rows

    def cell(self, row: ConflictRow, column: int, role: int) -> Any:
        if column == DETECTED:
            return f"{local(row.detected_at):%H:%M %d/%m/%Y}"
        if column == KIND:
            return labels.entity(row.entity_type)
        if column == VISIT:
            where = row.unit_name or row.point_name
            return f"{where} — {local(row.visit_day):%d/%m/%Y}" if where and row.visit_day else where
        return row.peer_name


def _shown(name: str, value: Any, people: dict[str, str]) -> str:
    """A value as the supervisor reads it: results and statuses in words, people by name, times in Vietnam time."""
    from inspector.domain.workflow import Result, VisitStatus
    from inspector.ui import labels as words

    if value is None or value in ({}, [], ""):
        return "—"
    if name.endswith("_by_id") or name == "user_id":
        return people.get(str(value).replace("-", ""), str(value))
    try:
        if name == "result":
            return words.result(Result(value))
        if name == "status":
            return words.visit_status(VisitStatus(value))
    except ValueError:
        pass
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if len(text) >= 19 and text[4:5] == "-" and text[10:11] in ("T", " "):  # an ISO time: as the app shows times
        try:
            return f"{local(datetime.fromisoformat(text)):%H:%M %d/%m/%Y}"
        except ValueError:
            pass
    return text


class ConflictsDialog(QDialog):
    """Xung đột đồng bộ, for a supervisor: the list, both versions side by side, and the two choices."""

    settled = Signal(object)  # the conflict's id, once settled

    # fields that say nothing to the supervisor: keys and bookkeeping
    HIDDEN = frozenset({"id", "visit_id", "answer_id", "created_at", "created_by_id", "row_version", "origin"})

    def __init__(self, db: Database, user_id: Callable[[], uuid.UUID | None] | uuid.UUID | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.resize(1100, 640)
        self.db = db
        self._user = user_id if callable(user_id) else (lambda: user_id)  # type: ignore[misc,return-value]
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "The same record was changed on the office server and on a laptop. Neither change was dropped: "
            "compare them and choose which one stays. The fields that differ are highlighted."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.model = ConflictsModel(db, [self.tr("Found"), self.tr("What"), self.tr("Visit"),
                                         self.tr("From the computer")], self)
        self.table = list_table("conflictsTable", self.model)
        self.table.horizontalHeader().setSectionResizeMode(VISIT, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        for column, sample in ((DETECTED, "88:88 88/88/8888"), (KIND, "M" * 14), (PEER, "M" * 22)):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show(current))
        self.model.modelReset.connect(self._after_reload)

        self.compare = QTableWidget(0, 3)
        self.compare.setObjectName("conflictCompare")
        self.compare.setHorizontalHeaderLabels([self.tr("Field"), self.tr("On the server"),
                                                self.tr("From the laptop")])
        self.compare.verticalHeader().setVisible(False)
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.setWordWrap(True)
        header = self.compare.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("conflictTitle")
        self.title.setWordWrap(True)
        lower_layout.addWidget(self.title)
        lower_layout.addWidget(self.compare, 1)
        choices = QHBoxLayout()
        self.keep_server = QPushButton(self.tr("&Keep the server's version"))
        self.keep_server.setObjectName("keepServer")
        self.keep_server.clicked.connect(lambda: self.settle("server"))
        self.take_laptop = QPushButton(self.tr("&Take the laptop's version"))
        self.take_laptop.setObjectName("takeLaptop")
        self.take_laptop.clicked.connect(lambda: self.settle("laptop"))
        choices.addStretch(1)
        choices.addWidget(self.keep_server)
        choices.addWidget(self.take_laptop)
        lower_layout.addLayout(choices)
        split.addWidget(lower)
        split.setSizes([220, 380])
        layout.addWidget(split, 1)

        self.empty = QLabel(self.tr("No conflict waits: every sync so far agreed."))
        self.empty.setObjectName("conflictsEmpty")
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.model.reload()

    # --- showing -----------------------------------------------------------------------------------

    def _after_reload(self) -> None:
        count = len(self.model.keys)
        self.empty.setVisible(count == 0)
        self.setWindowTitle(self.tr("Sync conflicts (%1 waiting)").replace("%1", str(count)) if count
                            else self.tr("Sync conflicts"))
        if count:
            self.table.selectRow(0)
            self._show(self.model.index(0, 0))
        else:
            self._show(QModelIndex())

    def current(self) -> ConflictRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _sides(self, row: ConflictRow) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the server's version, the laptop's): ``local`` is the version of the database open here."""
        return (row.local, row.remote) if self.db.is_server else (row.remote, row.local)

    def _show(self, index: QModelIndex | QPersistentModelIndex) -> None:
        row = self.model.row_at(index.row()) if index.isValid() else None
        self.keep_server.setEnabled(row is not None)
        self.take_laptop.setEnabled(row is not None)
        self.compare.setRowCount(0)
        if row is None:
            self.title.setText("")
            return
        what = labels.entity(row.entity_type)
        code = row.remote.get("item_code") or row.local.get("item_code")
        self.title.setText(self.tr("%1 changed on the server and on %2").replace("%1", f"{what} {code}" if code else what)
                           .replace("%2", row.peer_name)
                           + (f" — {row.unit_name}" if row.unit_name else ""))
        server, laptop = self._sides(row)
        people = self._people([v for side in (server, laptop) for k, v in side.items()
                               if (k.endswith("_by_id") or k == "user_id") and v])
        names = [n for n in dict.fromkeys([*server, *laptop]) if n not in self.HIDDEN]
        names.sort(key=lambda n: (server.get(n) == laptop.get(n), list(dict.fromkeys([*server, *laptop])).index(n)))
        self.compare.setRowCount(len(names))
        for r, name in enumerate(names):
            differs = server.get(name) != laptop.get(name)
            for c, text in enumerate((labels.field(name), _shown(name, server.get(name), people),
                                      _shown(name, laptop.get(name), people))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if differs:
                    item.setBackground(_DIFFERENT)
                self.compare.setItem(r, c, item)
        self.compare.resizeRowsToContents()

    def _people(self, ids: list[Any]) -> dict[str, str]:
        """Full names by id (hex, no dashes), for the *_by_id fields."""
        wanted = set()
        for value in ids:
            try:
                wanted.add(uuid.UUID(str(value)))
            except ValueError:
                continue
        if not wanted:
            return {}
        with self.db.read() as session:
            return {uid.hex: name for uid, name in session.execute(
                sa.select(User.id, User.full_name).where(User.id.in_(wanted)))}

    # --- settling ----------------------------------------------------------------------------------

    def settle(self, side: str) -> bool:
        """Settle the conflict shown with the server's version ("server") or the laptop's ("laptop")."""
        from inspector.services.access import AccessDenied
        from inspector.services.sync.engine import SyncFailed, settle

        row = self.current()
        if row is None:
            return False
        # the engine's choice is by database: "local" keeps the version of the database open here
        here = "server" if self.db.is_server else "laptop"
        choice = "local" if side == here else "remote"
        try:
            with self.db.session() as session:
                settle(session, row.id, choice, self._user())
        except (AccessDenied, SyncFailed, LookupError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("The conflict was not settled"), str(exc))
            self.model.reload()
            return False
        self.settled.emit(row.id)
        self.model.reload()
        return True
