"""Checklist forms loaded into the database, and the problems found in form files."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.paths import forms_dir
from inspector.services.forms import list_current_forms
from inspector.services.workspace import Workspace


class FormsDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Checklist forms"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        with workspace.db.session() as session:
            forms = list_current_forms(session)
        layout.addWidget(QLabel(self.tr("Forms in the database (newest version of each):")))
        self.table = QTableWidget(len(forms), 4)
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Version"), self.tr("Title"), self.tr("Items")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, form in enumerate(forms):
            for col, value in enumerate((form.code, str(form.version), form.title, str(form.item_count))):
                self.table.setItem(row, col, QTableWidgetItem(value))
        layout.addWidget(self.table, 2)

        errors = workspace.forms.errors
        if errors:
            heading = QLabel(self.tr(
                "These form files have problems and were not loaded (folder %1). "
                "Correct them and restart the app:"
            ).replace("%1", str(forms_dir())))
            heading.setWordWrap(True)
            heading.setStyleSheet("color: #b00020;")
            layout.addWidget(heading)
            self.errors = QPlainTextEdit("\n".join(str(e) for e in errors))
            self.errors.setReadOnly(True)
            layout.addWidget(self.errors, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
