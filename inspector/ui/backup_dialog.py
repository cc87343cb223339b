"""Tệp › Sao lưu và khôi phục: this database's backups, a backup now, restore, a copy elsewhere, the folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.text import clean_path, thousands
from inspector.store.backups import (
    BEFORE_IMPORT,
    BEFORE_RESTORE,
    BEFORE_UPGRADE,
    DAILY,
    MANUAL,
    BackupFailed,
    BackupInfo,
    aside_path,
    list_backups,
    make_backup,
    save_copy,
)
from inspector.ui.settings import Options
from inspector.ui.widgets import Banner, fit_columns

# restore(backup, now) -> done; MainWindow.restore_backup closes, restores, reopens and rebuilds.
Restorer = Callable[..., bool]


class BackupDialog(QDialog):
    def __init__(self, db_path: Path, options: Options, restorer: Restorer | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.db_path = db_path
        self.options = options
        self.restorer = restorer
        self.backups: list[BackupInfo] = []
        self.setWindowTitle(self.tr("Backups and restore"))
        self.resize(820, 520)

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Inspector backs up the database at the first start of each day, before a checklist form is imported "
            "and before an upgrade. It keeps a backup of each of the last 7 days, 4 weeks and 12 months."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.database_label = QLabel()
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database_label.setWordWrap(True)
        layout.addWidget(self.database_label)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setObjectName("backupFolder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        folder_row.addWidget(self.folder_label, 1)
        self.folder_button = QPushButton(self.tr("Backup &folder…"))
        self.folder_button.setObjectName("folderButton")
        self.folder_button.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder_button)
        layout.addLayout(folder_row)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels([self.tr("Date and time"), self.tr("Size"), self.tr("Reason")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.table, 1)

        self.banner = Banner()
        layout.addWidget(self.banner)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = QPushButton(self.tr("&Back up now"))
        self.backup_button.setObjectName("backupNowButton")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("&Restore…"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        self.copy_button = QPushButton(self.tr("&Save a copy…"))
        self.copy_button.setObjectName("saveCopyButton")
        self.copy_button.clicked.connect(self.choose_copy_target)
        for button in (self.backup_button, self.restore_button, self.copy_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    # --- state -------------------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        return self.options.backup_folder_for(self.db_path)

    def refresh(self) -> None:
        self.database_label.setText(self.tr("Database: %1").replace("%1", str(self.db_path)))
        self.folder_label.setText(self.tr("Backup folder: %1").replace("%1", str(self.folder)))
        self.backups = list_backups(self.folder, self.db_path)
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = (f"{info.taken_at:%d/%m/%Y %H:%M}", size_text(info.size), reason_text(info.reason))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        fit_columns(self.table, (0, 1))
        if self.backups:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.backups[min(rows)] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and self.restorer is not None)

    # --- actions -------------------------------------------------------------------------------

    def backup_now(self) -> Path | None:
        try:
            made = make_backup(self.db_path, self.folder, MANUAL)
        except BackupFailed as exc:
            self.banner.error(str(exc))
            return None
        self.refresh()
        self.banner.info(self.tr("Backup made: %1").replace("%1", made.name))
        return made

    def restore_text(self, info: BackupInfo, now: datetime) -> str:
        aside = aside_path(self.db_path, BEFORE_RESTORE, now=now)
        return self.tr(
            "Restore the database from the backup of %1?\n\n"
            "The current file is not deleted: it is kept as %2 in the folder %3. "
            "What was recorded after %1 will not be in the restored database (it stays in the kept file)."
        ).replace("%1", f"{info.taken_at:%d/%m/%Y %H:%M}").replace("%2", aside.name).replace("%3", str(aside.parent))

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Restore a backup"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None or self.restorer is None:
            return False
        now = datetime.now(UTC)
        if not self.confirm(self.restore_text(info, now)):
            return False
        done = bool(self.restorer(info.path, now=now))
        self.refresh()
        if done:
            self.banner.info(self.tr("The database was restored from the backup of %1.")
                             .replace("%1", f"{info.taken_at:%d/%m/%Y %H:%M}"))
        return done

    def choose_copy_target(self) -> None:
        suggested = Path.home() / f"{self.db_path.stem}-{datetime.now(UTC):%Y%m%d}.sqlite"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save a copy of the database"), str(suggested),
            self.tr("Inspector database (*.sqlite *.db);;All files (*)"),
        )
        if name:
            self.save_copy_to(Path(clean_path(name)).expanduser())

    def save_copy_to(self, target: Path) -> bool:
        try:
            save_copy(self.db_path, target)
        except BackupFailed as exc:
            self.banner.error(str(exc))
            return False
        self.banner.info(self.tr("A copy of the database was saved as %1.").replace("%1", str(target)))
        return True

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Backup folder"), str(self.folder))
        if name:
            self.set_folder(Path(clean_path(name)).expanduser())

    def set_folder(self, folder: Path) -> None:
        self.options.backup_folder = folder
        self.options.sync()
        self.refresh()
        self.banner.info(self.tr("Backups now go to %1.").replace("%1", str(folder)))


def size_text(size: int) -> str:
    """Bytes as whole kilobytes, written the Vietnamese way: 1.536 KB."""
    return f"{thousands(max(1, (size + 1023) // 1024))} KB"


def reason_text(reason: str) -> str:
    """The reason in a backup's name, in words."""
    if reason == DAILY:
        return QCoreApplication.translate("BackupDialog", "daily")
    if reason.startswith(BEFORE_UPGRADE):
        return QCoreApplication.translate("BackupDialog", "before an upgrade")
    if reason == BEFORE_IMPORT:
        return QCoreApplication.translate("BackupDialog", "before importing a form")
    if reason == MANUAL:
        return QCoreApplication.translate("BackupDialog", "manual")
    if reason == BEFORE_RESTORE:
        return QCoreApplication.translate("BackupDialog", "before a restore")
    return reason
