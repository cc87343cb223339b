"""Choose which database file the app works on (kept in the settings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.text import clean_path
from inspector.ui.settings import Options, default_database_path


class DatabaseDialog(QDialog):
    def __init__(self, options: Options, current: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Database"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Inspector keeps all data in one database file on this computer. "
            "Choose an existing file, or a new file name to start an empty database. "
            "The file is backed up automatically before an upgrade."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        self.path_edit = QLineEdit(str(current or options.database_path))
        row.addWidget(self.path_edit, 1)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        default = QPushButton(self.tr("Default location"))
        default.clicked.connect(lambda: self.path_edit.setText(str(default_database_path())))
        row.addWidget(default)
        layout.addLayout(row)

        self.demo_box = QCheckBox(self.tr("Fill a new database with demo data (tỉnh Vĩnh Long today, the former Trà Vinh city as history)"))
        self.demo_box.setChecked(options.demo_data_for_new_database)
        layout.addWidget(self.demo_box)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Database file"), self.path_edit.text(),
            self.tr("Inspector database (*.sqlite *.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.path_edit.setText(name)

    def chosen_path(self) -> Path:
        return Path(clean_path(self.path_edit.text())).expanduser()

    def demo_if_new(self) -> bool:
        return self.demo_box.isChecked()

    def _accept(self) -> None:
        text = clean_path(self.path_edit.text())
        if not text:
            self.error_label.setText(self.tr("Enter the path of a database file."))
            return
        path = self.chosen_path()
        if path.is_dir():
            self.error_label.setText(self.tr("This is a folder; enter a file name inside it."))
            return
        self.accept()
