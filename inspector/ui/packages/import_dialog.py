"""Tệp › Nhập gói dữ liệu: choose a file, see what it would change (new, changed, conflicting), then confirm or
cancel. Nothing is written before Confirm; a refused package says why and nothing else happens."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.text import thousands
from inspector.services.access import AccessDenied
from inspector.services.packages import SUFFIX, ImportPreview, PackageRefused, import_package, preview_import
from inspector.store.db import Database
from inspector.ui.packages.preview_model import PreviewModel


class ImportPackageDialog(QDialog):
    imported = Signal(str)  # the package id

    def __init__(self, db: Database, user_id: uuid.UUID | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user_id = user_id
        self.preview: ImportPreview | None = None
        self.setWindowTitle(self.tr("Import a data package"))
        self.resize(900, 560)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("No package chosen"))
        choose = QPushButton(self.tr("&Choose a file…"))
        choose.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(choose)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setObjectName("packageCounts")
        self.refusal = QLabel()
        self.refusal.setObjectName("packageRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #b00020; font-weight: bold;")
        self.refusal.hide()

        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.hide_same = QCheckBox(self.tr("Hide rows identical to the data here"))
        self.hide_same.setChecked(True)
        self.hide_same.toggled.connect(self.model.set_hide_same)

        self.buttons = QDialogButtonBox()
        self.confirm_button = self.buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("A package from another office is checked whole (its signature, every part) and shown "
                               "here first. Nothing changes until you press Import."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.refusal)
        layout.addWidget(self.header)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hide_same)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a data package"), "",
                                              self.tr("Data packages (*%1);;All files (*)").replace("%1", SUFFIX))
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Read and preview ``path`` (nothing is written); False, with the reason shown, if it is refused."""
        self.path_edit.setText(str(path))
        self.preview = None
        self.model.set_items([])
        self.confirm_button.setEnabled(False)
        try:
            with self.db.read() as session:
                self.preview = preview_import(session, path, user_id=self.user_id)
        except (PackageRefused, AccessDenied) as exc:
            self._refuse(str(exc))
            return False
        self.refusal.hide()
        package = self.preview.package
        self.header.setText(self.tr("From %1, signed by %2 (fingerprint %3), made %4 UTC: %n visit(s).", "",
                                    len(package.visit_ids))
                            .replace("%1", package.source_name).replace("%2", package.signer_name)
                            .replace("%3", package.fingerprint).replace("%4", f"{package.created_at:%H:%M %d/%m/%Y}"))
        counts = self.preview.counts
        self.counts.setText(self.tr("%1 new, %2 changed, %3 conflicting (kept for the supervisor to settle), "
                                    "%4 identical rows.")
                            .replace("%1", thousands(counts.get("new", 0)))
                            .replace("%2", thousands(counts.get("changed", 0)))
                            .replace("%3", thousands(counts.get("conflict", 0)))
                            .replace("%4", thousands(counts.get("same", 0))))
        self.model.set_items(self.preview.items)
        self.confirm_button.setEnabled(self.preview.has_changes)
        return True

    def _refuse(self, message: str) -> None:
        self.header.clear()
        self.counts.clear()
        self.refusal.setText(self.tr("This package was refused: %1").replace("%1", message))
        self.refusal.show()

    def confirm(self) -> None:
        if self.preview is None:
            return
        path = self.preview.package.path
        try:
            with self.db.session() as session:
                done = import_package(session, path, user_id=self.user_id, expected_sha256=self.preview.package.sha256)
        except (PackageRefused, AccessDenied) as exc:
            self.preview = None
            self.confirm_button.setEnabled(False)
            self._refuse(str(exc))
            return
        self.imported.emit(done.package_id)
        self.accept()
