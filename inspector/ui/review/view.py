"""The review tab (Duyệt): the supervisor's queue of submitted visits, the longest waiting first."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.services.access import AccessDenied
from inspector.services.review import Review
from inspector.store.db import Database
from inspector.ui.review.model import CYCLE, DAY, POINT, PROGRESS, ROUND, SUBMITTED, UNIT, QueueModel
from inspector.ui.widgets import list_table


class ReviewView(QWidget):
    open_requested = Signal(object)  # visit id

    def __init__(self, db: Database, current_user: Callable[[], uuid.UUID | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self.current_user = current_user
        self.review = Review(db, current_user())
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Visits submitted for review, the longest waiting first. Open one to read it, "
                               "comment on its items, then return it to its inspectors or approve it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.notice = QLabel()
        self.notice.setObjectName("reviewNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.hide()
        layout.addWidget(self.notice)

        self.model = QueueModel(self.review, [
            self.tr("Submitted"), self.tr("Date"), self.tr("Unit"), self.tr("Reception point"), self.tr("Round"),
            self.tr("Review"), self.tr("Progress"),
        ], self)
        self.table = list_table("reviewTable", self.model)
        header = self.table.horizontalHeader()
        for column in (UNIT, POINT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        for column, sample in ((SUBMITTED, "88:88 88/88/8888"), (DAY, "88/88/8888"), (ROUND, "M" * 16),
                               (CYCLE, self.tr("First submission") + " · " + self.tr("%n comment(s)", "", 88)),
                               (PROGRESS, QCoreApplication.translate("VisitsView", "%1 checked, %2 failed")
                                .replace("%1", "888").replace("%2", "888"))):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("reviewCount")
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        self.open_button = QPushButton(self.tr("&Open for review"))
        self.open_button.setObjectName("openReview")
        self.open_button.setMinimumHeight(36)
        self.open_button.clicked.connect(self.open_current)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> None:
        """Read the queue again (one key query); the first visit selected."""
        self.review.user_id = self.current_user()
        try:
            self.model.reload()
        except AccessDenied as exc:
            self.model.clear()  # an empty queue for a user who may not review
            self.notice.setText(str(exc))
            self.notice.show()
        else:
            self.notice.hide()
        if self.model.rowCount():
            self.select_row(0)
        self.count_label.setText(self.tr("%n visit(s) waiting for review", "", self.model.rowCount()))
        self._update_buttons()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, SUBMITTED)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def current_visit_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.visit_id_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_visit_id() is not None)

    def _activated(self, index: QModelIndex) -> None:
        visit_id = self.model.visit_id_at(index.row())
        if visit_id is not None:
            self.open_requested.emit(visit_id)

    def open_current(self) -> None:
        visit_id = self.current_visit_id()
        if visit_id is not None:
            self.open_requested.emit(visit_id)
