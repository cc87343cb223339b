"""Record a merger, split or rename (sáp nhập, chia tách, đổi tên) from an effective date.

The units that end are those of the day before; the units that continue them, those of the day
itself (a new ward is created with "New unit…" here). Each ending reception point may be paired with
the point that continues it, so follow-ups find what was left open there.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.catalog import SuccessionKind
from inspector.domain.clock import local_today
from inspector.services.access import AccessDenied
from inspector.services.catalog import CatalogError, SuccessionInput, points_of, record_succession, units_valid_on
from inspector.store.db import Database
from inspector.ui.catalog.edit_dialogs import UnitDialog
from inspector.ui.catalog.fields import kind_label
from inspector.ui.widgets import Banner, date_edit, day_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SuccessionDialog(QDialog):
    def __init__(self, db: Database, user_id: uuid.UUID | None, kind: SuccessionKind = SuccessionKind.MERGE, *,
                 unit_id: uuid.UUID | None = None, effective_on: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user_id = user_id
        self.successor_id: uuid.UUID | None = None
        self.setMinimumSize(900, 620)
        layout = QVBoxLayout(self)

        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("successionKind")
        for value in SuccessionKind:
            self.kind.addItem(kind_label(value), value.value)
        self.kind.setCurrentIndex(self.kind.findData(SuccessionKind(kind).value))
        form.addRow(self.tr("&Change:"), self.kind)
        self.effective_on = date_edit("effectiveOn", effective_on or local_today())
        form.addRow(self.tr("In &force from:"), self.effective_on)
        layout.addLayout(form)

        grid = QGridLayout()
        self.before_label = QLabel()
        self.before_label.setWordWrap(True)
        self.after_label = QLabel()
        self.after_label.setWordWrap(True)
        self.predecessors = QListWidget()
        self.predecessors.setObjectName("predecessors")
        self.successors = QListWidget()
        self.successors.setObjectName("successors")
        for widget in (self.predecessors, self.successors):
            widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        grid.addWidget(self.before_label, 0, 0)
        grid.addWidget(self.after_label, 0, 1)
        grid.addWidget(self.predecessors, 1, 0)
        grid.addWidget(self.successors, 1, 1)
        self.new_unit_button = QPushButton(self.tr("&New unit…"))
        self.new_unit_button.setObjectName("successionNewUnit")
        self.new_unit_button.clicked.connect(self.new_unit)
        grid.addWidget(self.new_unit_button, 2, 1, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(grid, 3)

        self.existed = QCheckBox(self.tr("The receiving unit was already there before this date (its start date is kept)"))
        self.existed.setObjectName("successorExisted")
        layout.addWidget(self.existed)

        layout.addWidget(QLabel(self.tr("Reception points that end, and the point that continues each "
                                        "(its open recommendations carry over):")))
        self.points = QTableWidget(0, 2)
        self.points.setObjectName("pointLinks")
        self.points.setHorizontalHeaderLabels([self.tr("Reception point that ends"), self.tr("Continued by")])
        self.points.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.points.verticalHeader().setVisible(False)
        self.points.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.points, 2)

        note_form = QFormLayout()
        self.note = QLineEdit()
        self.note.setObjectName("successionNote")
        self.note.setPlaceholderText(self.tr("e.g. number and date of the resolution on the rearrangement"))
        note_form.addRow(self.tr("N&ote:"), self.note)
        layout.addLayout(note_form)
        self.summary = QLabel()
        self.summary.setObjectName("successionSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error = Banner()
        self.error.setObjectName("successionErrors")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._names: dict[uuid.UUID, str] = {}
        self._updating = False
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.effective_on.dateChanged.connect(lambda _d: self.reload())
        self.predecessors.itemChanged.connect(lambda item: self._checked(self.predecessors, item))
        self.successors.itemChanged.connect(lambda item: self._checked(self.successors, item))
        self.reload(checked_before={unit_id} if unit_id else set())
        self._kind_changed()

    # --- state ---------------------------------------------------------------------------------

    def current_kind(self) -> SuccessionKind:
        return SuccessionKind(self.kind.currentData())

    def day(self) -> date:
        return self.effective_on.date().toPython()

    @staticmethod
    def checked(widget: QListWidget) -> list[uuid.UUID]:
        return [widget.item(i).data(ID_ROLE) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def check(self, widget: QListWidget, unit_id: uuid.UUID, on: bool = True) -> bool:
        for i in range(widget.count()):
            if widget.item(i).data(ID_ROLE) == unit_id:
                widget.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return True
        return False

    def reload(self, checked_before: set[uuid.UUID] | None = None, checked_after: set[uuid.UUID] | None = None) -> None:
        """The units of the day before and of the day itself, with the ticks kept."""
        keep_before = set(self.checked(self.predecessors)) | (checked_before or set())
        keep_after = set(self.checked(self.successors)) | (checked_after or set())
        day = self.day()
        with self.db.session() as session:
            before = units_valid_on(session, day - timedelta(days=1))
            after = units_valid_on(session, day)
        self._names.update(dict(before) | dict(after))
        self._updating = True
        try:
            for widget, units, keep in ((self.predecessors, before, keep_before), (self.successors, after, keep_after)):
                widget.clear()
                for key, name in units:
                    item = QListWidgetItem(name)
                    item.setData(ID_ROLE, key)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if key in keep else Qt.CheckState.Unchecked)
                    widget.addItem(item)
        finally:
            self._updating = False
        self.before_label.setText(self.tr("Units that end (last day %1):").replace("%1", day_text(day - timedelta(days=1))))
        self.after_label.setText(self.tr("Units that continue them (from %1):").replace("%1", day_text(day)))
        self._rebuild_points()

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self.setWindowTitle({
            SuccessionKind.MERGE: self.tr("Record a merger"),
            SuccessionKind.SPLIT: self.tr("Record a split"),
            SuccessionKind.RENAME: self.tr("Record a rename"),
        }[kind])
        self.existed.setVisible(kind is SuccessionKind.MERGE)
        if kind is not SuccessionKind.MERGE:
            self.existed.setChecked(False)
        self._updating = True
        try:  # a kind with one unit on a side keeps only the first tick there
            for widget, single in ((self.predecessors, kind is not SuccessionKind.MERGE),
                                   (self.successors, kind is not SuccessionKind.SPLIT)):
                if single:
                    for extra in self.checked(widget)[1:]:
                        self.check(widget, extra, False)
        finally:
            self._updating = False
        self._rebuild_points()

    def _checked(self, widget: QListWidget, item: QListWidgetItem) -> None:
        if self._updating:
            return
        kind = self.current_kind()
        single = kind is not SuccessionKind.MERGE if widget is self.predecessors else kind is not SuccessionKind.SPLIT
        if single and item.checkState() == Qt.CheckState.Checked:
            self._updating = True
            try:
                for other in self.checked(widget):
                    if other != item.data(ID_ROLE):
                        self.check(widget, other, False)
            finally:
                self._updating = False
        self._rebuild_points()

    def _rebuild_points(self) -> None:
        """One row per reception point that ends; the successor's point chosen when there is only one."""
        kept = {self.points.item(r, 0).data(ID_ROLE): self.points.cellWidget(r, 1).currentData()
                for r in range(self.points.rowCount()) if self.points.item(r, 0) is not None}
        day = self.day()
        with self.db.session() as session:
            ending = points_of(session, self.checked(self.predecessors), day - timedelta(days=1))
            continuing = points_of(session, self.checked(self.successors))
        for row in range(self.points.rowCount()):  # the old choosers go now, not at the next event loop pass
            old = self.points.cellWidget(row, 1)
            if old is not None:
                self.points.removeCellWidget(row, 1)
                old.hide()
        self.points.setRowCount(len(ending))
        for row, (point_id, _unit, name) in enumerate(ending):
            item = QTableWidgetItem(name)
            item.setData(ID_ROLE, point_id)
            self.points.setItem(row, 0, item)
            combo = QComboBox()
            combo.addItem(self.tr("(none)"), "")
            for succ_id, _u, succ_name in continuing:
                combo.addItem(succ_name, str(succ_id))
            choice = kept.get(point_id)
            if not choice and len(continuing) == 1:
                choice = str(continuing[0][0])
            combo.setCurrentIndex(max(0, combo.findData(choice)) if choice else 0)
            combo.currentIndexChanged.connect(lambda _i: self._summarise())
            self.points.setCellWidget(row, 1, combo)
        self._summarise()

    def _summarise(self) -> None:
        before = [self._names.get(k, "") for k in self.checked(self.predecessors)]
        after = [self._names.get(k, "") for k in self.checked(self.successors)]
        if not before or not after:
            self.summary.setText(self.tr("Tick the units that end and the units that continue them."))
            return
        self.summary.setText(
            self.tr("%1 end on %2 (their reception points too); %3 continue(s) them from %4.")
            .replace("%1", ", ".join(before)).replace("%2", day_text(self.day() - timedelta(days=1)))
            .replace("%3", ", ".join(after)).replace("%4", day_text(self.day())))

    def point_links(self) -> list[tuple[uuid.UUID, uuid.UUID]]:
        links = []
        for row in range(self.points.rowCount()):
            choice = self.points.cellWidget(row, 1).currentData()
            if choice:
                links.append((self.points.item(row, 0).data(ID_ROLE), uuid.UUID(choice)))
        return links

    def succession_input(self) -> SuccessionInput:
        return SuccessionInput(
            kind=self.current_kind(), predecessor_ids=tuple(self.checked(self.predecessors)),
            successor_ids=tuple(self.checked(self.successors)), effective_on=self.day(), note=self.note.text(),
            point_links=tuple(self.point_links()), successor_existed=self.existed.isChecked(),
        )

    # --- actions -------------------------------------------------------------------------------

    def new_unit(self) -> uuid.UUID | None:
        """A unit that does not exist yet (the new ward): created here, then ticked as a successor."""
        dialog = UnitDialog(self.db, self.user_id, parent=self)
        if dialog.exec() != UnitDialog.DialogCode.Accepted or dialog.saved_id is None:
            return None
        self.reload(checked_after={dialog.saved_id})
        if self.current_kind() is not SuccessionKind.SPLIT:
            self._checked(self.successors, next(self.successors.item(i) for i in range(self.successors.count())
                                                if self.successors.item(i).data(ID_ROLE) == dialog.saved_id))
        return dialog.saved_id

    def save(self) -> None:
        data = self.succession_input()
        try:
            with self.db.session() as session:
                record_succession(session, data, self.user_id)
        except (CatalogError, AccessDenied) as exc:
            self.error.error(str(exc))
            return
        self.successor_id = data.successor_ids[0] if data.successor_ids else None
        self.accept()
