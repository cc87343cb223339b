"""Write or change one recommendation: what must be remedied, by which unit, by when."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.services.catalog import UnitRow
from inspector.ui.widgets import date_edit

DEFAULT_DAYS = 30


class RecommendationDialog(QDialog):
    def __init__(self, units: list[UnitRow], *, owner_id: uuid.UUID | None, text: str = "",
                 deadline: date | None = None, findings: list[tuple[str, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recommendation"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.finding = QComboBox()
        self.finding.addItem(self.tr("(general, not tied to one item)"), "")
        for code, question in findings:
            self.finding.addItem(f"{code} — {question}", code)
        if findings:
            form.addRow(self.tr("From finding:"), self.finding)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("recommendationText")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("e.g. Post the current set of procedures and remove the abolished ones"))
        form.addRow(self.tr("Recommendation:"), self.text)
        self.owner = QComboBox()
        self.owner.setObjectName("owner")
        for unit in units:  # ids as text: Qt cannot compare Python UUID objects in findData
            self.owner.addItem(unit.name, str(unit.id))
        if owner_id is not None:
            self.owner.setCurrentIndex(max(0, self.owner.findData(str(owner_id))))
        form.addRow(self.tr("Responsible unit:"), self.owner)
        self.deadline = date_edit("deadline", deadline or date.today() + timedelta(days=DEFAULT_DAYS))
        form.addRow(self.tr("Deadline:"), self.deadline)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finding.currentIndexChanged.connect(self._prefill)

    def _prefill(self) -> None:
        if not self.text.toPlainText().strip() and self.finding.currentData():
            question = self.finding.currentText().split(" — ", 1)[-1].rstrip("?").removesuffix(" không")
            self.text.setPlainText(self.tr("Remedy: %1").replace("%1", question))

    def _accept(self) -> None:
        if not self.text.toPlainText().strip():
            self.error.setText(self.tr("Write what the unit must do."))
            return
        self.accept()

    def values(self) -> tuple[str, uuid.UUID | None, date, str]:
        owner = self.owner.currentData()
        return (self.text.toPlainText(), uuid.UUID(owner) if owner else None, self.deadline.date().toPython(),
                self.finding.currentData() or "")
