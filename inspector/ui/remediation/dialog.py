"""One step of a recommendation's life, typed by the user: a day, a text, files as evidence, or a new deadline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.services.remediation import EvidenceRefused, PreparedEvidence, evidence_file
from inspector.ui.widgets import date_edit


class StepDialog(QDialog):
    """``day_label``: ask for a day (defaulting to ``today``); ``files``: let evidence be attached;
    ``deadline``: ask for a new deadline instead. The text is always asked for (``text_label``)."""

    def __init__(self, title: str, intro: str, text_label: str, *, today: date, day_label: str = "",
                 files: bool = False, deadline: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remediationStep")
        self.setWindowTitle(title)
        self.setMinimumWidth(620)
        self.prepared: list[PreparedEvidence] = []
        layout = QVBoxLayout(self)
        heading = QLabel(intro)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.day = date_edit("stepDay", today) if day_label else None
        if self.day is not None:
            self.day.setMaximumDate(self.day.date())  # not in the future (the service says so too)
            form.addRow(day_label, self.day)
        self.deadline = date_edit("stepDeadline", deadline) if deadline is not None else None
        if self.deadline is not None:
            form.addRow(self.tr("New deadline:"), self.deadline)
        self.text = QPlainTextEdit()
        self.text.setObjectName("stepText")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(90)
        form.addRow(text_label, self.text)
        self.files = QListWidget() if files else None
        if self.files is not None:
            self.files.setObjectName("stepFiles")
            self.files.setMaximumHeight(90)
            box = QVBoxLayout()
            box.addWidget(self.files)
            row = QHBoxLayout()
            add = QPushButton(self.tr("Attach &files…"))
            add.setObjectName("attachFiles")
            add.clicked.connect(self._choose)
            row.addWidget(add)
            row.addWidget(QLabel(self.tr("Photos (JPEG, PNG, WebP, HEIC) or PDF documents")))
            row.addStretch(1)
            box.addLayout(row)
            form.addRow(self.tr("Evidence:"), box)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("stepError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Evidence"), "", self.tr("Photos and PDF documents (*.jpg *.jpeg *.png *.webp *.heic *.pdf)"))
        for name in names:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> bool:
        """Check and keep one file (shown in the list), or say why it is refused."""
        try:
            prepared = evidence_file(path)
        except EvidenceRefused as exc:
            self.error.setText(str(exc))
            return False
        self.prepared.append(prepared)
        assert self.files is not None
        self.files.addItem(f"{prepared.evidence.name} ({max(1, prepared.evidence.size // 1024)} kB)")
        self.error.clear()
        return True

    def _accept(self) -> None:
        if not self.text.toPlainText().strip():
            self.error.setText(self.tr("Please write the text."))
            return
        self.accept()

    @property
    def text_value(self) -> str:
        return self.text.toPlainText()

    @property
    def day_value(self) -> date | None:
        return self.day.date().toPython() if self.day is not None else None  # type: ignore[no-any-return]

    @property
    def deadline_value(self) -> date | None:
        return self.deadline.date().toPython() if self.deadline is not None else None  # type: ignore[no-any-return]
