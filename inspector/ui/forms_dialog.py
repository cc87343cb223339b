"""Checklist forms in the database, problems found in form files, and importing a form."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.catalog import Role
from inspector.paths import forms_dir
from inspector.services.access import AccessDenied, require
from inspector.services.forms import import_form_file, list_current_forms
from inspector.services.users import get_user
from inspector.services.workspace import Workspace
from inspector.store.backups import BEFORE_IMPORT, BackupFailed, make_backup
from inspector.ui.settings import Options


class FormsDialog(QDialog):
    def __init__(self, workspace: Workspace, user_id: uuid.UUID | None = None, parent: QWidget | None = None,
                 backup_folder: Path | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.user_id = user_id
        self.backup_folder = backup_folder  # None: the folder the settings name
        self.setWindowTitle(self.tr("Checklist forms"))
        self.resize(860, 540)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Forms in the database (newest version of each):")))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Version"), self.tr("Title"), self.tr("Items")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 2)
        self._fill()

        self.errors: QPlainTextEdit | None = None
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

        self.warnings: QPlainTextEdit | None = None
        warnings = workspace.forms.warnings
        if warnings:
            heading = QLabel(self.tr(
                "Forms in use cite legal documents that are not in force. They were loaded; "
                "update the register or issue a new version of the form:"
            ))
            heading.setWordWrap(True)
            heading.setStyleSheet("color: #8a5a00;")
            layout.addWidget(heading)
            self.warnings = QPlainTextEdit("\n".join(str(w) for w in warnings))
            self.warnings.setReadOnly(True)
            layout.addWidget(self.warnings, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = QPushButton(self.tr("&Import a form from a file…"))
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.choose_and_import)
        with workspace.db.session() as session:
            user = get_user(session, user_id)
        admin = user is not None and user.has_role(Role.ADMIN)
        self.import_button.setEnabled(admin)
        if not admin:
            self.import_button.setToolTip(self.tr("Only an administrator can import checklist forms."))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _fill(self) -> None:
        with self.workspace.db.session() as session:
            forms = list_current_forms(session)
        self.table.setRowCount(len(forms))
        for row, form in enumerate(forms):
            for col, value in enumerate((form.code, str(form.version), form.title, str(form.item_count))):
                self.table.setItem(row, col, QTableWidgetItem(value))

    def choose_and_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a checklist form"), str(Path.home()), self.tr("Checklist forms (*.toml)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> bool:
        try:  # refused before a backup is made for nothing; the service checks again
            with self.workspace.db.read() as session:
                require(session, self.user_id, Role.ADMIN)
        except AccessDenied as exc:
            QMessageBox.warning(self, self.tr("Form not imported"), str(exc))
            return False
        db_path = self.workspace.db.path
        if db_path is not None:  # a form import changes the catalogue: a backup first, or no import
            folder = self.backup_folder or Options().backup_folder_for(db_path)
            try:
                make_backup(db_path, folder, BEFORE_IMPORT)
            except BackupFailed as exc:
                QMessageBox.warning(
                    self, self.tr("Form not imported"),
                    self.tr("The database could not be backed up before the import, so the form was not imported; "
                            "nothing was changed.") + "\n\n" + str(exc),
                )
                return False
        try:
            with self.workspace.db.session() as session:
                result = import_form_file(session, path, self.user_id)
        except AccessDenied as exc:
            QMessageBox.warning(self, self.tr("Form not imported"), str(exc))
            return False
        if not result.ok:
            QMessageBox.warning(
                self, self.tr("Form not imported"),
                self.tr("The file was not imported; nothing was changed.") + "\n\n"
                + "\n".join(str(e) for e in result.errors[:20]),
            )
            return False
        if result.already_present:
            message = self.tr("Form %1 version %2 is already in the database.")
        else:
            message = self.tr("Form %1 version %2 was imported. New visits will use it.")
        message = message.replace("%1", result.code).replace("%2", str(result.version))
        if result.warnings:
            QMessageBox.warning(
                self, self.tr("Import a checklist form"),
                message + "\n\n" + self.tr("Warning: the form cites legal documents that are not in force:")
                + "\n" + "\n".join(str(w) for w in result.warnings[:20]),
            )
        else:
            QMessageBox.information(self, self.tr("Import a checklist form"), message)
        self._fill()
        return True
