"""A plain database found at start is encrypted once someone has signed in (store.encryption), with progress.

The work runs on a worker thread while a progress dialog shows; the file stays as it was until the
encrypted copy is checked and swapped in (store.encryption), so a failure, or the power going, leaves the
plain file usable, and the app goes on with it and says so. Every active user with a password gets a copy
of the new key from their password hash (they open the file with the password they already have); an
administrator signing in is then given the recovery key to print (ui.accounts.recovery_key).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget

if TYPE_CHECKING:
    from inspector.services.workspace import Workspace
    from inspector.ui.main_window import MainWindow
    from inspector.ui.settings import Options


class _Progress(QObject):
    """Carries the worker's progress and its end to the GUI thread."""

    moved = Signal(int, str)
    ended = Signal(object)


def conversion_entries(workspace: Workspace) -> list[tuple[str, str]]:
    """(user name, argon2id password hash) of every active user who has a password: the keyring wraps the
    new key from these, so each opens the encrypted file with the password they have."""
    import sqlalchemy as sa

    from inspector.store.models import User

    with workspace.db.read() as session:
        return [(name, hashed) for name, hashed in session.execute(
            sa.select(User.username, User.password_hash).where(User.active.is_(True), User.password_hash != "")
            .order_by(User.username))]


def encrypt_in_background(path: Path, key: bytes, entries: list[tuple[str, str]], backup_dir: Path,
                          progress: Callable[[int, str], None]) -> BaseException | None:
    """store.encryption.encrypt_database, its progress as a percentage and what it does; the exception
    when it failed (the plain file then is as it was)."""
    from inspector.store.encryption import encrypt_database

    def report(step: int, steps: int, message: str) -> None:
        progress(int(100 * step / max(steps, 1)), message)

    try:
        encrypt_database(path, key, entries, progress=report, backup_dir=backup_dir)
    except Exception as exc:  # noqa: BLE001 - said to the user; the plain file is left as it was
        return exc
    return None


class ConversionDialog(QProgressDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversionDialog")
        self.setWindowTitle(QCoreApplication.translate("Conversion", "Encrypting the database"))
        self.intro = QCoreApplication.translate("Conversion", "Inspector now encrypts the database and its backups, so that a lost laptop or a copied "
                         "file gives nothing away. Everyone goes on signing in with the password they have.\n\n"
                         "Do not turn the computer off. Until the encrypted copy has been checked, the file stays "
                         "as it was.")
        label = QLabel(self.intro)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setLabel(label)
        self.setCancelButton(None)  # type: ignore[arg-type]
        self.setRange(0, 100)
        self.setMinimumDuration(0)
        self.setFixedWidth(560)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAutoClose(False)
        self.setAutoReset(False)

    def moved(self, percent: int, doing: str) -> None:
        self.setValue(percent)
        self.setLabelText(f"{self.intro}\n\n{doing}")


def run_conversion(options: Options, workspace: Workspace, window: MainWindow) -> Workspace:
    """Close ``workspace``, encrypt its file with a new key, open it again (the same user signed in); on a
    failure the plain file is opened again and the user told."""
    from inspector.store.crypto import new_key
    from inspector.ui.app import open_workspace_for_app

    path = workspace.db.path
    assert path is not None
    entries = conversion_entries(workspace)
    workspace.close()
    key = new_key()
    dialog = ConversionDialog(window if window.isVisible() else None)
    relay = _Progress()
    relay.moved.connect(dialog.moved, Qt.ConnectionType.QueuedConnection)
    loop = QEventLoop()
    outcome: list[BaseException | None] = []

    def ended(error: BaseException | None) -> None:
        outcome.append(error)
        loop.quit()

    relay.ended.connect(ended, Qt.ConnectionType.QueuedConnection)
    dialog.show()
    worker = threading.Thread(
        target=lambda: relay.ended.emit(encrypt_in_background(path, key, entries, options.backup_folder_for(path),
                                                              relay.moved.emit)),
        name="encrypt-database", daemon=True)
    worker.start()
    if not outcome:
        loop.exec()
    worker.join()
    dialog.setValue(100)
    error = outcome[0] if outcome else None
    dialog.close()
    dialog.deleteLater()
    demo = options.demo_data_for_new_database
    if error is None:
        converted = open_workspace_for_app(options, path, demo=demo, create=False, key=key)
        _tell(window, QMessageBox.Icon.Information, QCoreApplication.translate("Conversion", "The database is encrypted"),
              QCoreApplication.translate("Conversion", "The database and its backups are now encrypted. Each user opens it with their own password; "
                  "a lost laptop or a copied file gives nothing away."), "conversionDone")
        return converted
    reopened = open_workspace_for_app(options, path, demo=demo, create=False)
    _tell(window, QMessageBox.Icon.Warning, QCoreApplication.translate("Conversion", "The database was not encrypted"),
          QCoreApplication.translate("Conversion", "The database could not be encrypted: %1\n\nIt was left as it was, not encrypted, and you can go on "
              "working. Inspector tries again at the next start.").replace("%1", str(error)), "conversionFailed")
    return reopened


def _tell(window: QWidget, icon: QMessageBox.Icon, title: str, text: str, name: str) -> QMessageBox:
    """Said without stopping the start (a box that stays until read, not modal)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, window)
    box.setObjectName(name)
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box
