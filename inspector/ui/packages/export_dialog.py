"""Tệp › Xuất gói dữ liệu: the visits of a round, or the visits selected in the list, to one signed file."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.text import clean_path
from inspector.services.access import AccessDenied
from inspector.services.packages import SUFFIX, ExportResult, PackageRefused, export_round, export_visits
from inspector.services.rounds import list_rounds
from inspector.store.db import Database


class ExportPackageDialog(QDialog):
    def __init__(self, db: Database, user_id: uuid.UUID | None, selected: Sequence[uuid.UUID] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user_id = user_id
        self.selected = list(selected)
        self.result_info: ExportResult | None = None
        self.setWindowTitle(self.tr("Export a data package"))
        self.resize(620, 260)

        self.round_choice = QRadioButton(self.tr("The visits of a &round:"))
        self.rounds = QComboBox()
        with db.read() as session:
            for row in list_rounds(session):
                self.rounds.addItem(f"{row.name} ({row.visit_count})", row.id)
        self.visits_choice = QRadioButton(self.tr("The &selected visits (%n)", "", len(self.selected)))
        self.visits_choice.setEnabled(bool(self.selected))
        (self.visits_choice if self.selected else self.round_choice).setChecked(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Where to save the package"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("exportMessage")

        form = QFormLayout()
        form.addRow(self.round_choice, self.rounds)
        form.addRow(self.visits_choice)
        form.addRow(self.tr("File:"), where)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The package is signed with this database's key. The office receiving it checks the "
                               "key's fingerprint with you by phone before its first import."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the data package"), f"goi-du-lieu{SUFFIX}",
                                              self.tr("Data packages (*%1)").replace("%1", SUFFIX))
        if name:
            self.path_edit.setText(name)

    def export(self) -> bool:
        raw = clean_path(self.path_edit.text())
        if not raw:
            self.message.setText(self.tr("Choose where to save the package."))
            return False
        target = Path(raw).expanduser()
        if not target.name.endswith(SUFFIX):
            target = target.with_name(target.name + SUFFIX)
        try:
            with self.db.session() as session:
                if self.visits_choice.isChecked():
                    self.result_info = export_visits(session, self.selected, target, user_id=self.user_id)
                else:
                    round_id = self.rounds.currentData()
                    if round_id is None:
                        self.message.setText(self.tr("There is no round to export."))
                        return False
                    self.result_info = export_round(session, round_id, target, user_id=self.user_id)
        except (PackageRefused, AccessDenied, OSError) as exc:
            self.message.setText(self.tr("Not exported: %1").replace("%1", str(exc)))
            return False
        done = self.result_info
        self.message.setText(self.tr("Exported %n visit(s) to %1. Key fingerprint: %2", "", done.visits)
                             .replace("%1", str(done.path)).replace("%2", done.fingerprint))
        return True
