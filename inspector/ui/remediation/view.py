"""The remediation tab (Theo dõi khắc phục): filters, the list (overdue in red), the selected one's steps and the
buttons for the transitions the signed-in user may make (services.remediation checks them again)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.clock import local
from inspector.domain.sipas import SipasCriterion
from inspector.domain.workflow import RecommendationStatus
from inspector.services.history import recommendation_history
from inspector.services.lists import unit_choices
from inspector.services.remediation import Detail, DueWindow, Remediation, RemediationFilter, StepKind
from inspector.store.db import Database
from inspector.ui import labels
from inspector.ui.errors import describe
from inspector.ui.history.dialog import HistoryDialog
from inspector.ui.remediation.dialog import StepDialog
from inspector.ui.remediation.model import (
    DEADLINE,
    MINUTES,
    SECTION,
    SIPAS,
    STATUS,
    TEXT,
    UNIT,
    RemediationModel,
    due_text,
)
from inspector.ui.widgets import day_text, list_table


class RemediationView(QWidget):
    changed = Signal()  # a step was recorded

    def __init__(self, db: Database, current_user: Callable[[], uuid.UUID | None], parent: QWidget | None = None,
                 *, remediation: Remediation | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remediationView")
        self.db = db
        self.current_user = current_user
        self.remediation = remediation or Remediation(db, current_user())
        self.detail: Detail | None = None
        layout = QVBoxLayout(self)

        self.notice = QLabel()
        self.notice.setObjectName("remediationNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b00020; font-weight: bold;")
        self.notice.hide()
        layout.addWidget(self.notice)

        filters = QHBoxLayout()
        self.unit = self._combo("remediationUnit", filters, self.tr("Unit:"))
        self.section = self._combo("remediationSection", filters, self.tr("Section:"))
        self.sipas = self._combo("remediationSipas", filters, self.tr("SIPAS:"))
        self.status = self._combo("remediationStatus", filters, self.tr("Status:"))
        self.due = self._combo("remediationDue", filters, self.tr("Due:"))
        filters.addStretch(1)
        layout.addLayout(filters)
        self.sipas.addItem(self.tr("All criteria"), "")
        for criterion in SipasCriterion:
            self.sipas.addItem(labels.sipas(criterion), criterion.value)
        self.status.addItem(self.tr("All"), "")
        for status in RecommendationStatus:
            self.status.addItem(labels.recommendation_status(status), status.value)
        for text, window in ((self.tr("Any time"), DueWindow.ANY), (self.tr("Overdue"), DueWindow.OVERDUE),
                             (self.tr("Due within 7 days"), DueWindow.WEEK), (self.tr("Due within 30 days"), DueWindow.MONTH)):
            self.due.addItem(text, window.value)

        splitter = QSplitter(Qt.Orientation.Vertical)  # the list the whole width, the selected one below
        self.model = RemediationModel(self.remediation, [
            self.tr("Deadline"), self.tr("Status"), self.tr("Recommendation"), self.tr("Responsible unit"),
            self.tr("Minutes"), self.tr("Item"), self.tr("SIPAS criterion"),
        ], self)
        self.table = list_table("remediationTable", self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        for column, sample in ((DEADLINE, "88/88/8888 (" + self.tr("overdue %n day(s)", "", 888) + ")"),
                               (STATUS, labels.recommendation_status(RecommendationStatus.REPORTED)), (UNIT, "M" * 18),
                               (MINUTES, "88/BB-SNV — 88/88/8888"), (SECTION, "CSVC-88"), (SIPAS, "M" * 12)):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20)
        splitter.addWidget(self.table)

        pane = QWidget()
        pane.setObjectName("remediationDetail")
        below = QHBoxLayout(pane)
        below.setContentsMargins(0, 4, 0, 0)
        side = QVBoxLayout()
        below.addLayout(side, 2)
        self.title = QLabel()
        self.title.setObjectName("remediationTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        side.addWidget(self.title)
        self.facts = QLabel()
        self.facts.setObjectName("remediationFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side.addWidget(self.facts)
        side.addStretch(1)
        self.steps = QTreeWidget()
        self.steps.setObjectName("remediationSteps")
        self.steps.setHeaderLabels([self.tr("Date"), self.tr("Step"), self.tr("By")])
        self.steps.setRootIsDecorated(False)
        self.steps.setWordWrap(True)
        self.steps.setColumnWidth(0, metrics.horizontalAdvance("88/88/8888") + 20)
        self.steps.setColumnWidth(1, 470)
        self.steps.itemActivated.connect(self._open_evidence)
        below.addWidget(self.steps, 3)
        buttons = QHBoxLayout()
        self.report_button = self._button("reportDone", self.tr("Unit &reported done…"), self.report_done, buttons)
        self.not_accept_button = self._button("notAccepted", self.tr("&Not accepted…"), self.not_accept, buttons)
        self.verify_button = self._button("verifyDone", self.tr("&Verify…"), self.verify, buttons)
        buttons2 = QHBoxLayout()
        self.close_button = self._button("closeRec", self.tr("C&lose"), self.close_rec, buttons2)
        self.extend_button = self._button("extendDeadline", self.tr("&Extend deadline…"), self.extend, buttons2)
        self.history_button = self._button("recHistory", self.tr("&History…"), self.show_history, buttons2)
        side.addLayout(buttons)
        side.addLayout(buttons2)
        splitter.addWidget(pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([420, 260])
        layout.addWidget(splitter, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("remediationCount")
        layout.addWidget(self.count_label)

        for combo in (self.unit, self.section, self.sipas, self.status, self.due):
            combo.currentIndexChanged.connect(lambda _i: self.reload_list())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self._filling = False
        self._show_detail(None)

    def _combo(self, name: str, row: QHBoxLayout, label: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        caption = QLabel(label)
        caption.setBuddy(combo)
        row.addWidget(caption)
        row.addWidget(combo)
        return combo

    def _button(self, name: str, text: str, slot: Callable[[], object], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        row.addWidget(button)
        return button

    # --- reading ---

    def refresh(self) -> None:
        """The filters' choices, the notice, the list (one key query)."""
        self.remediation.user_id = self.current_user()
        self._filling = True
        try:
            with self.db.read() as session:
                units = unit_choices(session)
            for combo, first, choices in ((self.unit, self.tr("All units"), [(str(i), n) for i, n in units]),
                                          (self.section, self.tr("All sections"), self._sections())):
                kept = combo.currentData()
                combo.clear()
                combo.addItem(first, "")
                for value, text in choices:
                    combo.addItem(text, value)
                combo.setCurrentIndex(max(0, combo.findData(kept)))
        finally:
            self._filling = False
        self.show_notice()
        self.reload_list()

    def _sections(self) -> list[tuple[str, str]]:
        try:
            return self.remediation.sections()
        except Exception:  # noqa: BLE001 — not signed in: the list says so
            return []

    def show_notice(self) -> str:
        """What falls due within 7 days or is overdue, above the list (not a dialog): the text shown."""
        try:
            text = self.remediation.notice().message
        except Exception:  # noqa: BLE001
            text = ""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        return text

    def current_filter(self) -> RemediationFilter:
        unit, section, sipas, status = (c.currentData() for c in (self.unit, self.section, self.sipas, self.status))
        return RemediationFilter(
            unit_id=uuid.UUID(unit) if unit else None, section=section or None,
            sipas=SipasCriterion(sipas) if sipas else None, status=RecommendationStatus(status) if status else None,
            due=DueWindow(self.due.currentData() or DueWindow.ANY.value))

    def reload_list(self) -> None:
        if self._filling:
            return
        kept = self.current_rec_id()
        self.model.filter = self.current_filter()
        try:
            self.model.reload()
        except Exception as exc:  # noqa: BLE001
            self.model.clear()
            self.count_label.setText(describe(exc).message)
            return
        row = self.model.row_of_key(kept) if kept is not None else -1  # type: ignore[arg-type]
        if self.model.rowCount():
            self.select_row(max(row, 0))
        else:
            self._show_detail(None)
        self.count_label.setText(self.tr("%n recommendation(s)", "", self.model.rowCount()))

    def select_row(self, row: int) -> None:
        index = self.model.index(row, DEADLINE)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def current_rec_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rec_id_at(rows[0].row()) if rows else None

    def _show_selected(self) -> None:
        rec_id = self.current_rec_id()
        detail = None
        if rec_id is not None:
            try:
                detail = self.remediation.detail(rec_id)
            except Exception as exc:  # noqa: BLE001
                self.count_label.setText(describe(exc).message)
        self._show_detail(detail)

    def _show_detail(self, detail: Detail | None) -> None:
        self.detail = detail
        self.steps.clear()
        if detail is None:
            self.title.setText(self.tr("Select a recommendation to see its steps."))
            self.facts.clear()
        else:
            row = detail.row
            self.title.setText(row.text)
            lines = [
                self.tr("Responsible unit: %1").replace("%1", row.owner_name or "—"),
                self.tr("Minutes %1 of %2, %3").replace("%1", row.minutes_number or "—")
                .replace("%2", day_text(row.visit_day)).replace("%3", row.point_name),
                self.tr("Deadline: %1").replace("%1", due_text(row)),
                self.tr("Status: %1").replace("%1", labels.recommendation_status(row.status)),
            ]
            if row.original_deadline and row.original_deadline != row.deadline:
                lines.append(self.tr("Deadline in the minutes: %1").replace("%1", day_text(row.original_deadline)))
            if row.item_code:
                section = f"{row.section} — {detail.section_title}" if detail.section_title else row.section
                lines.append(self.tr("Item %1 (section %2)").replace("%1", row.item_code).replace("%2", section))
            if row.done_on:
                lines.append(self.tr("Reported done on %1").replace("%1", day_text(row.done_on)))
            if row.verified_on:
                lines.append(self.tr("Verified on %1").replace("%1", day_text(row.verified_on)))
            self.facts.setText("\n".join(lines))
            for step in detail.steps:
                words = step.kind.label
                if step.kind is StepKind.EXTENDED and step.new_deadline:
                    words += f" → {day_text(step.new_deadline)}"
                if step.visit_number:
                    words += f" ({step.visit_number})"
                if step.text:
                    words += f": {step.text}"
                if step.evidence:
                    words += "\n" + ", ".join(f"📎 {e.name}" for e in step.evidence)
                item = QTreeWidgetItem([day_text(step.on_date or local(step.at).date()), words, step.who])
                item.setToolTip(1, words)
                item.setData(0, Qt.ItemDataRole.UserRole, step.id)
                self.steps.addTopLevelItem(item)
        rights = detail.rights if detail is not None else None
        self.report_button.setEnabled(bool(rights and rights.report))
        self.not_accept_button.setEnabled(bool(rights and rights.not_accept))
        self.verify_button.setEnabled(bool(rights and rights.verify))
        self.close_button.setEnabled(bool(rights and rights.close))
        self.extend_button.setEnabled(bool(rights and rights.extend))
        self.history_button.setEnabled(detail is not None)

    # --- the transitions ---

    def _run(self, call: Callable[[], object]) -> bool:
        try:
            call()
        except Exception as exc:  # noqa: BLE001 — shown where the user looks
            self.count_label.setText(describe(exc).message)
            self.count_label.setStyleSheet("color: #b00020;")
            return False
        self.count_label.setStyleSheet("")
        self.changed.emit()
        self.reload_list()
        self.show_notice()
        return True

    def _dialog(self, dialog: StepDialog, call: Callable[[StepDialog], object]) -> StepDialog:
        """Show ``dialog``; on OK run the step; a refusal is shown in the dialog, which stays open."""
        def accept() -> None:
            try:
                call(dialog)
            except Exception as exc:  # noqa: BLE001
                dialog.error.setText(describe(exc).message)
                return
            QDialog.accept(dialog)
            self.changed.emit()
            self.reload_list()
            self.show_notice()

        dialog.accept = accept  # type: ignore[method-assign]
        dialog.open()
        return dialog

    def _today(self):  # type: ignore[no-untyped-def]
        return self.remediation.today()

    def report_done(self) -> StepDialog | None:
        if self.detail is None:
            return None
        rec_id = self.detail.row.id
        dialog = StepDialog(self.tr("Unit reported done"), self.tr("The unit's report that this recommendation was "
                            "remedied, entered on its behalf, with its documents or photos."),
                            self.tr("What was done:"), today=self._today(), day_label=self.tr("Done on:"), files=True,
                            parent=self)
        return self._dialog(dialog, lambda d: self.remediation.report_done(rec_id, d.day_value, d.text_value, d.prepared))

    def not_accept(self) -> StepDialog | None:
        if self.detail is None:
            return None
        rec_id = self.detail.row.id
        dialog = StepDialog(self.tr("Report not accepted"), self.tr("The recommendation becomes open again; the unit "
                            "is told why."), self.tr("Reason:"), today=self._today(), parent=self)
        return self._dialog(dialog, lambda d: self.remediation.not_accept(rec_id, d.text_value))

    def verify(self) -> StepDialog | None:
        if self.detail is None:
            return None
        rec_id = self.detail.row.id
        dialog = StepDialog(self.tr("Verify the remedy"), self.tr("Confirm that the shortcoming was remedied, on the "
                            "evidence of the unit's report or of files attached here."), self.tr("Grounds:"),
                            today=self._today(), day_label=self.tr("Verified on:"), files=True, parent=self)
        return self._dialog(dialog, lambda d: self.remediation.verify(rec_id, d.day_value, d.text_value, d.prepared))

    def extend(self) -> StepDialog | None:
        if self.detail is None:
            return None
        row = self.detail.row
        start = max(row.deadline or self._today(), self._today()) + timedelta(days=30)
        dialog = StepDialog(self.tr("Extend the deadline"), self.tr("A later deadline, with its reason; the deadline "
                            "set in the minutes is kept."), self.tr("Reason:"), today=self._today(), deadline=start,
                            parent=self)
        return self._dialog(dialog, lambda d: self.remediation.extend(row.id, d.deadline_value, d.text_value))

    def close_rec(self) -> bool:
        if self.detail is None:
            return False
        rec_id = self.detail.row.id
        return self._run(lambda: self.remediation.close(rec_id))

    def show_history(self) -> HistoryDialog | None:
        if self.detail is None:
            return None
        with self.db.read() as session:
            rows = recommendation_history(session, self.detail.row.id, user_id=self.remediation.user_id)
        dialog = HistoryDialog(self.detail.row.text, rows, self)
        dialog.resize(900, 480)
        dialog.open()
        return dialog

    def _open_evidence(self, item: QTreeWidgetItem, _column: int) -> None:
        """Open the first evidence file of the step with the system's viewer."""
        import tempfile

        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.detail is None:
            return
        step = next((s for s in self.detail.steps if s.id == item.data(0, Qt.ItemDataRole.UserRole)), None)
        if step is None or not step.evidence:
            return
        evidence = step.evidence[0]
        suffix = ".pdf" if evidence.kind == "pdf" else ".jpg"
        with tempfile.NamedTemporaryFile(prefix="minh-chung-", suffix=suffix, delete=False) as handle:
            handle.write(self.remediation.evidence_bytes(evidence.sha256))
        QDesktopServices.openUrl(QUrl.fromLocalFile(handle.name))
