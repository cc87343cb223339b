"""The summary step (tổng hợp): findings, conclusions, recommendations, end time, submission."""

from __future__ import annotations

import uuid
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.assessment import Blocker
from inspector.domain.workflow import Result
from inspector.services.inspection import RecommendationRow, VisitView
from inspector.ui.widgets import DebouncedSaver, to_qdatetime

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
FIELDS = ("good_points", "shortcomings", "conclusions", "unit_opinion")


class SummaryController(Protocol):
    def save_summary(self, field: str, text: str) -> None: ...
    def draft_shortcomings(self) -> None: ...
    def add_recommendation(self, item_code: str = "") -> None: ...
    def edit_recommendation(self, rec_id: uuid.UUID) -> None: ...
    def remove_recommendation(self, rec_id: uuid.UUID) -> None: ...
    def end_now(self) -> None: ...
    def save_end_time(self) -> None: ...
    def submit(self) -> None: ...
    def open_item(self, code: str) -> None: ...


class SummaryPanel(QScrollArea):
    def __init__(self, controller: SummaryController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)

        title = QLabel(self.tr("Summary, conclusions and recommendations"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)

        findings_box = QGroupBox(self.tr("Findings (items that failed) — double-click to open"))
        findings_layout = QVBoxLayout(findings_box)
        self.findings = QListWidget()
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        self.findings.setMaximumHeight(150)
        self.findings.itemActivated.connect(lambda e: controller.open_item(e.data(CODE_ROLE)))
        findings_layout.addWidget(self.findings)
        layout.addWidget(findings_box)

        texts = QFormLayout()
        self.editors: dict[str, QPlainTextEdit] = {}
        self.savers: dict[str, DebouncedSaver] = {}
        captions = {
            "good_points": self.tr("Good points:"),
            "shortcomings": self.tr("Shortcomings:"),
            "conclusions": self.tr("Conclusions:"),
            "unit_opinion": self.tr("Opinion of the inspected unit:"),
        }
        for field in FIELDS:
            editor = QPlainTextEdit()
            editor.setObjectName(field)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(70)
            editor.setMaximumHeight(130)
            self.editors[field] = editor
            self.savers[field] = DebouncedSaver(editor, lambda text, f=field: controller.save_summary(f, text), self)
            if field == "shortcomings":
                holder = QWidget()
                column = QVBoxLayout(holder)
                column.setContentsMargins(0, 0, 0, 0)
                column.addWidget(editor)
                self.draft_button = QPushButton(self.tr("Write again from the failed items"))
                self.draft_button.clicked.connect(controller.draft_shortcomings)
                column.addWidget(self.draft_button, 0, Qt.AlignmentFlag.AlignLeft)
                texts.addRow(captions[field], holder)
            else:
                texts.addRow(captions[field], editor)
        layout.addLayout(texts)

        recs_box = QGroupBox(self.tr("Recommendations (what the unit must remedy, by when)"))
        recs_layout = QVBoxLayout(recs_box)
        self.recs = QTableWidget(0, 3)
        self.recs.setObjectName("recommendations")
        self.recs.setHorizontalHeaderLabels([self.tr("Recommendation"), self.tr("Responsible unit"), self.tr("Deadline")])
        self.recs.verticalHeader().setVisible(False)
        self.recs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recs.setWordWrap(True)
        self.recs.setMinimumHeight(120)
        header = self.recs.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.recs.doubleClicked.connect(lambda _i: self._edit())
        recs_layout.addWidget(self.recs)
        rec_buttons = QHBoxLayout()
        self.add_rec_button = QPushButton(self.tr("Add…"))
        self.add_rec_button.clicked.connect(lambda: controller.add_recommendation())
        self.edit_rec_button = QPushButton(self.tr("Edit…"))
        self.edit_rec_button.clicked.connect(self._edit)
        self.remove_rec_button = QPushButton(self.tr("Remove"))
        self.remove_rec_button.clicked.connect(self._remove)
        for button in (self.add_rec_button, self.edit_rec_button, self.remove_rec_button):
            rec_buttons.addWidget(button)
        rec_buttons.addStretch(1)
        recs_layout.addLayout(rec_buttons)
        layout.addWidget(recs_box)

        end_row = QHBoxLayout()
        end_row.addWidget(QLabel(self.tr("End of the visit:")))
        self.end_edit = QDateTimeEdit()
        self.end_edit.setObjectName("endTime")
        self.end_edit.setDisplayFormat("HH:mm  dd/MM/yyyy")
        self.end_edit.setCalendarPopup(True)
        self.end_edit.editingFinished.connect(controller.save_end_time)
        end_row.addWidget(self.end_edit)
        self.end_now_button = QPushButton(self.tr("Now"))
        self.end_now_button.clicked.connect(controller.end_now)
        end_row.addWidget(self.end_now_button)
        end_row.addStretch(1)
        layout.addLayout(end_row)

        submit_box = QGroupBox(self.tr("Before submitting"))
        submit_layout = QVBoxLayout(submit_box)
        self.blockers = QListWidget()
        self.blockers.setObjectName("blockers")
        self.blockers.setMaximumHeight(140)
        self.blockers.itemActivated.connect(lambda e: e.data(CODE_ROLE) and controller.open_item(e.data(CODE_ROLE)))
        submit_layout.addWidget(self.blockers)
        self.submit_button = QPushButton(self.tr("Submit for review"))
        self.submit_button.setObjectName("submitButton")
        self.submit_button.setMinimumHeight(44)
        self.submit_button.clicked.connect(controller.submit)
        submit_layout.addWidget(self.submit_button)
        layout.addWidget(submit_box)
        layout.addStretch(1)

    def show_visit(self, view: VisitView, blockers: list[Blocker]) -> None:
        self.findings.clear()
        for item in view.form.items():
            answer = view.answers.get(item.code)
            if answer is None or answer.result is not Result.FAIL:
                continue
            text = f"{item.code} — {item.text}" + (f"\n    {answer.note}" if answer.note else "")
            entry = QListWidgetItem(text)
            entry.setData(CODE_ROLE, item.code)
            self.findings.addItem(entry)
        if not self.findings.count():
            self.findings.addItem(self.tr("No item failed."))
        for field in FIELDS:
            self.savers[field].load(getattr(view, field))
            self.editors[field].setReadOnly(not view.editable)
        self.show_recommendations(view.recommendations)
        if view.ended_at is not None:
            self.end_edit.setDateTime(to_qdatetime(view.ended_at))
        elif view.started_at is not None:
            self.end_edit.setDateTime(to_qdatetime(view.started_at))
        for widget in (self.add_rec_button, self.edit_rec_button, self.remove_rec_button, self.end_edit,
                       self.end_now_button, self.submit_button, self.draft_button):
            widget.setEnabled(view.editable)
        self.show_blockers(blockers)

    def show_recommendations(self, recs: tuple[RecommendationRow, ...]) -> None:
        self.recs.setRowCount(len(recs))
        for row, rec in enumerate(recs):
            cells = (rec.text, rec.owner_name, f"{rec.deadline:%d/%m/%Y}" if rec.deadline else "")
            for col, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setData(CODE_ROLE, rec.id)
                self.recs.setItem(row, col, cell)
        self.recs.resizeRowsToContents()

    def show_blockers(self, blockers: list[Blocker]) -> None:
        self.blockers.clear()
        if not blockers:
            self.blockers.addItem(self.tr("Everything required is recorded; the visit can be submitted."))
        for blocker in blockers:
            entry = QListWidgetItem(blocker.message)
            entry.setData(CODE_ROLE, blocker.item_code)
            entry.setForeground(Qt.GlobalColor.darkRed)
            self.blockers.addItem(entry)

    def flush(self) -> None:
        for saver in self.savers.values():
            saver.flush()

    def _selected_rec(self) -> uuid.UUID | None:
        row = self.recs.currentRow()
        cell = self.recs.item(row, 0) if row >= 0 else None
        return cell.data(CODE_ROLE) if cell else None

    def _edit(self) -> None:
        rec_id = self._selected_rec()
        if rec_id is not None:
            self.controller.edit_recommendation(rec_id)

    def _remove(self) -> None:
        rec_id = self._selected_rec()
        if rec_id is not None:
            self.controller.remove_recommendation(rec_id)
