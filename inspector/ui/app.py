"""Start the desktop app: QApplication, fonts, Vietnamese translation, main window, database.

Nothing heavy and nothing that grows with the data comes before the first paint. :func:`main`
shows the main window (its menus and "Opening the database…") before SQLAlchemy, the models and
the services are even imported; then opens the database, which checks only the tables that do not
grow with the years (store.migrate.GROWING_TABLES), and fills the window. What does grow — the
day's backup and the check of the whole file — follows on a worker thread
(services.workspace.after_start): a backup that cannot be made is a warning; damage found there is
handled as damage found at start.

Whatever is wrong with the database file, the start ends in a window: the main
window on a database the user agreed to, or the recovery dialog until the user
chooses to quit. A damaged file is renamed aside, never changed or deleted.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QSocketNotifier, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from inspector import APP_NAME, ORG_NAME, __version__
from inspector.domain.text import clean_path

# Only what the first paint needs is imported here: Qt, the settings, the backup files (sqlite3 only).
# SQLAlchemy, the models, the services and the recovery dialog load once the window shows.
from inspector.store.backups import (
    DAMAGED,
    BackupFailed,
    BackupInfo,
    default_backup_dir,
    is_good,
    list_backups,
    restore,
    set_aside,
)
from inspector.ui.database_dialog import DatabaseDialog
from inspector.ui.i18n import install_fonts, install_translations
from inspector.ui.server_address import (
    ServerAddress,
    forget_password,
    is_server_target,
    remember_password,
    session_password,
)
from inspector.ui.settings import Options, default_database_path

if TYPE_CHECKING:
    from inspector.services.workspace import AfterStart, Background, Workspace
    from inspector.ui.main_window import MainWindow
    from inspector.ui.recovery_dialog import Choice, RecoveryDialog


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="inspector-gui", description="Inspector desktop app")
    parser.add_argument("--database", help="database file, or the office server's postgresql://user@host:port/db "
                                           "address, to open (default: from settings)")
    parser.add_argument("--lang", help="interface language (default: vi)")
    args, _qt_args = parser.parse_known_args(list(argv)[1:])
    if args.database is not None and not is_server_target(args.database):
        args.database = Path(args.database)
    return args


def create_application(argv: Sequence[str], language: str | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    install_fonts(app)
    app._inspector_translators = install_translations(app, language)  # type: ignore[attr-defined]
    return app


# --- opening the database, whatever is wrong with it ------------------------------------------------


@dataclass
class _Attempt:
    path: Path
    demo: bool
    create: bool = True  # False once a file was set aside: a failed restore must not quietly start an empty one


def install_excepthook() -> None:
    """An exception escaping any slot is shown on screen (ui.errors, which loads at the first one)."""
    def first(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        from inspector.ui import errors

        errors.install_excepthook()
        sys.excepthook(kind, exc, tb)

    sys.excepthook = first


def open_workspace_for_app(options: Options, path: Path, *, demo: bool, create: bool = True,
                           key: bytes | None = None) -> Workspace:
    """The desktop app's way of opening: held for itself, its pre-upgrade backup in the backup folder;
    with ``key`` an encrypted file (a new one is created encrypted)."""
    from inspector.services.workspace import open_workspace

    if key is None:  # a plain file, as before issue 13 (tests, and a database not yet converted)
        return open_workspace(path, demo_if_new=demo, create=create, exclusive=True,
                              backup_dir=options.backup_folder_for(path))
    return open_workspace(path, demo_if_new=demo, create=create, exclusive=True,
                          backup_dir=options.backup_folder_for(path), key=key)


# --- encryption at rest (store.crypto): how the file is unlocked, before it is opened ----------------------

# The desktop app's databases are encrypted: a new one is created so, a plain one is converted once someone
# has signed in. tests/conftest.py turns this off for the GUI tests that work on plain files
# (tests/test_encrypted_start.py turns it on); build_main_window(encrypt=...) says it for one start.
ENCRYPT = True


@dataclass
class Opening:
    """How the file is opened: its key, and how it was had (typed password, recovery key, new file)."""

    key: bytes | None = None
    username: str = ""
    password: str | None = None  # typed to unlock: signs in without asking a second time
    recovered: bool = False  # opened with the recovery key: an administrator gets a new password
    fresh: bool = False  # a new database this start creates, encrypted with a new key


def run_unlock_dialog(dialog: QWidget) -> bool:
    """Shown modally; True when the user signed in (or used the recovery key). Tests may replace it."""
    return dialog.exec() == 1  # type: ignore[attr-defined]


def unlock_for_start(options: Options, path: Path, *, key: bytes | None = None, user: uuid.UUID | str | None = None,
                     password: str | None = None, encrypt: bool = True, message: str = "",
                     parent: QWidget | None = None) -> Opening | None:
    """The key for ``path``, asked before the file is opened (the unlock dialog); None when the user quit.

    Given ``key``: that. Not encrypting: none. No file yet: a new key (the database is created encrypted).
    A plain file: none (converted once someone signs in). Given ``user`` and ``password`` (tests, benchmarks):
    the keyring unlocked with them, or store.crypto.WrongPassword."""
    from inspector.store.crypto import Keyring, is_encrypted, keyring_path, new_key

    if key is not None:
        return Opening(key=key)
    if not encrypt and not is_encrypted(path):
        return Opening()
    if not path.exists():
        return Opening(key=new_key(), fresh=True)
    if not is_encrypted(path):
        return Opening()
    if user is not None and password is not None and isinstance(user, str):
        return Opening(Keyring.load(keyring_path(path)).unlock(user, password), user, password)
    from inspector.ui.accounts.unlock import UnlockDialog

    dialog = UnlockDialog(path, options.last_username, parent, message=message)
    try:
        if not run_unlock_dialog(dialog) or dialog.key is None:
            return None
        if dialog.recovered:
            return Opening(dialog.key, recovered=True)
        return Opening(dialog.key, dialog.username.text(), dialog.password.text())
    finally:
        dialog.deleteLater()




def newest_good_backup(options: Options, path: Path) -> BackupInfo | None:
    """The newest backup of ``path`` that passes the check, in the chosen and the default folder."""
    folders = {options.backup_folder_for(path), default_backup_dir(path)}
    found = sorted((info for folder in folders for info in list_backups(folder, path)),
                   key=lambda info: info.taken_at, reverse=True)
    return next((info for info in found if is_good(info.path)), None)


def run_recovery_dialog(dialog: RecoveryDialog) -> Choice:
    """Shown modally; tests replace it to answer without a user."""
    dialog.exec()
    return dialog.chosen


def ask_restore_target(suggested: Path, parent: QWidget | None = None) -> Path | None:
    """Where to put a restored database when the original place cannot be written."""
    name, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("App", "Where to put the restored database"), str(suggested),
        QCoreApplication.translate("App", "Inspector database (*.sqlite *.db);;All files (*)"),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(clean_path(name)).expanduser() if name else None


def _show_error(title: str, text: str) -> None:
    QMessageBox.critical(None, title, text)


class ServerChosen(Exception):  # noqa: N818 — not an error: a way out of the files' recovery
    """In the recovery dialog the user chose the office server instead of a file (its address, with password)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def _recover(options: Options, attempt: _Attempt, problem: BaseException) -> _Attempt | None:
    """Explain ``problem`` and carry out the user's choice; the next attempt, or None to quit."""
    from inspector.store.migrate import DatabaseDamaged
    from inspector.ui.recovery_dialog import Choice, RecoveryDialog, choices_for

    path = Path(os.path.realpath(attempt.path))  # a symlink's target is what is set aside and restored
    aside: Path | None = None
    aside_error: str | None = None
    if isinstance(problem, DatabaseDamaged) and path.exists():
        try:
            aside = set_aside(path, DAMAGED)
        except BackupFailed as exc:
            aside_error = str(exc)
    path_free = not path.exists()
    while True:
        newest = newest_good_backup(options, path)
        choices = choices_for(problem, path_free=path_free, newest=newest)
        dialog = RecoveryDialog(problem, path, choices=choices, newest=newest, aside=aside, aside_error=aside_error)
        choice = run_recovery_dialog(dialog)
        dialog.deleteLater()
        if choice is Choice.QUIT:
            return None
        if choice is Choice.RETRY:
            return _Attempt(path, attempt.demo, attempt.create)
        if choice is Choice.CREATE:
            return _Attempt(path, attempt.demo, create=True)
        if choice is Choice.CHOOSE:
            chooser = DatabaseDialog(options, path)
            if chooser.exec() != DatabaseDialog.DialogCode.Accepted:
                continue
            if chooser.is_server():  # the office server instead: opened as the start opens one
                raise ServerChosen(chooser.chosen_target())  # type: ignore[arg-type]
            options.database_path = chooser.chosen_path()
            options.demo_data_for_new_database = chooser.demo_if_new()
            return _Attempt(chooser.chosen_path(), chooser.demo_if_new(), create=True)
        assert newest is not None and choice in (Choice.RESTORE, Choice.RESTORE_ELSEWHERE)
        target = path
        if choice is Choice.RESTORE_ELSEWHERE:
            suggested = default_database_path()
            if suggested == path:
                suggested = Path.home() / path.name
            chosen = ask_restore_target(suggested)
            if chosen is None:
                continue
            target = chosen
        try:
            restore(newest.path, target)
        except BackupFailed as exc:
            _show_error(QCoreApplication.translate("App", "The backup was not restored"), str(exc))
            continue
        if target != path:
            options.database_path = target
        return _Attempt(target, demo=False, create=False)


def open_with_recovery(options: Options, path: Path, problem: BaseException | None = None,
                       unlock: Callable[[Path], Opening | None] | None = None) -> Workspace | None:
    """Open the database; if it is refused, explain and offer a way on until one works or the user quits.

    ``unlock``: the key of each file tried, asked before it is opened (:func:`unlock_for_start`); None from
    it means the user quit."""
    from inspector.store.migrate import DatabaseRefused

    attempt = _Attempt(path, options.demo_data_for_new_database)
    while True:
        if problem is None:
            try:
                opening = unlock(attempt.path) if unlock is not None else Opening()
                if opening is None:
                    return None
                return open_workspace_for_app(options, attempt.path, demo=attempt.demo, create=attempt.create,
                                              key=opening.key)
            except (DatabaseRefused, OSError) as exc:
                problem = exc
        following = _recover(options, attempt, problem)
        if following is None:
            return None
        attempt, problem = following, None


class _Relay(QObject):
    """Carries what a worker thread found to the window's (GUI) thread."""

    found = Signal(object)

    def __init__(self, window: MainWindow, options: Options, workspace: Workspace) -> None:
        super().__init__(window)
        self.window, self.options, self.workspace = window, options, workspace
        self.found.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, report: AfterStart | BaseException | None) -> None:
        if self.window.workspace is not self.workspace or self.workspace.closed:
            return  # another database was opened meanwhile
        if QApplication.activeModalWidget() is not None:  # never under a dialog the user is answering
            QTimer.singleShot(500, self, lambda: self._deliver(report))
            return
        self.deleteLater()
        _after_start_found(self.options, self.window, report)


def start_after_window(options: Options, workspace: Workspace, window: MainWindow) -> Background:
    """Today's backup and the check of the whole file, on a worker thread: the window never waits for them.

    The workspace stops them when it closes (a half-made backup is never named as one).
    """
    from inspector.services.workspace import after_start

    assert workspace.db.path is not None
    relay = _Relay(window, options, workspace)
    folder = options.backup_folder_for(workspace.db.path)
    path = workspace.db.path

    def found(report: AfterStart | None, error: BaseException | None) -> None:  # on the worker thread
        try:
            relay.found.emit(error if error is not None else report)
        except RuntimeError:  # the window is gone (closed while the work ran): no one to tell
            pass

    return workspace.in_background("after-start", lambda stop: after_start(path, folder, stop), found)


def _after_start_found(options: Options, window: MainWindow, report: AfterStart | BaseException | None) -> None:
    """A failed backup is a warning, never a stop; damage is handled as damage found at start."""
    if report is None:
        return
    if isinstance(report, BaseException):  # a bug in the worker: said, as an escaping exception would be
        sys.excepthook(type(report), report, report.__traceback__)
        return
    if report.damage:
        from inspector.store.migrate import DatabaseDamaged

        path = window.workspace.db.path
        assert path is not None
        problem = DatabaseDamaged(
            f"Tệp cơ sở dữ liệu {path} bị hỏng, phát hiện khi kiểm tra toàn bộ tệp sau khi mở "
            f"(SQLite báo: {'; '.join(report.damage)[:300]}).", path)
        user = window.signed_in_id
        window.detach()
        if build_main_window(options, path, window=window, problem=problem, user=user) is None:
            window.workspace_closed = True  # type: ignore[attr-defined]
            window.close()
        return
    if report.backup_error is not None:
        text = QCoreApplication.translate(
            "App", "Today's automatic backup could not be made: %1\n\nYou can go on working; "
                   "check the backup folder (File › Backups and restore…).").replace("%1", str(report.backup_error))
        _warn(window, text)


class _HistoryRelay(QObject):
    """Carries the history check's report (services.verify) from its worker thread to the window."""

    found = Signal(object)

    def __init__(self, window: MainWindow, workspace: Workspace) -> None:
        super().__init__(window)
        self.window, self.workspace = window, workspace
        self.found.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, report: object) -> None:
        if self.window.workspace is not self.workspace or self.workspace.closed:
            return
        if QApplication.activeModalWidget() is not None:  # never under a dialog the user is answering
            QTimer.singleShot(500, self, lambda: self._deliver(report))
            return
        self.deleteLater()
        history_check_found(self.window, report)


def start_history_check(workspace: Workspace, window: MainWindow) -> Background:
    """``inspector audit verify`` on a worker thread after the window shows: the whole history, the data
    against it, the numbered PDFs and the anchors kept beside the file. An administrator is warned."""
    from inspector.services.verify import verify_database

    relay = _HistoryRelay(window, workspace)

    def found(report: object, error: BaseException | None) -> None:  # on the worker thread
        try:
            relay.found.emit(error if error is not None else report)
        except RuntimeError:  # the window is gone
            pass

    def work(stop: object) -> object:
        import sqlalchemy as sa

        try:
            return verify_database(workspace.db, stop=stop)  # type: ignore[arg-type]
        except (sa.exc.DatabaseError, sqlite3.DatabaseError):
            return None  # a damaged or busy file: the check of the whole file (after_start) says so, not this

    return workspace.in_background("history-check", work, found)


def history_check_found(window: MainWindow, report: object) -> QWidget | None:
    """The administrator signed in is told of the first problem the history check found; others are not."""
    from inspector.domain.catalog import Role
    from inspector.store.models import User

    if report is None:
        return None
    if isinstance(report, BaseException):
        sys.excepthook(type(report), report, report.__traceback__)
        return None
    if getattr(report, "ok", True) or window.workspace is None or window.signed_in_id is None:
        return None
    with window.workspace.db.read() as session:
        user = session.get(User, window.signed_in_id)
        if user is None or not user.active or not user.has_role(Role.ADMIN):
            return None
    problems = getattr(report, "problems", [])
    text = QCoreApplication.translate(
        "App", "The check of the history (nhật ký) found a problem: the data or the history was changed outside "
               "Inspector.\n\n%1\n\n%2 problem(s) in all. Run “inspector audit verify” for the full list, "
               "and compare with the anchor printed on the numbered minutes.") \
        .replace("%1", str(problems[0]) if problems else "").replace("%2", str(len(problems)))
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("App", "History check"), text,
                      QMessageBox.StandardButton.Ok, window)
    box.setObjectName("historyWarning")
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


def _warn(parent: QWidget | None, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("App", "Automatic backup"), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("backupWarning")
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()


def _late_problem(exc: BaseException, path: Path) -> BaseException:
    """A database error met while the window was being built, as the recovery dialog explains it."""
    from inspector.store.migrate import DatabaseDamaged, is_corruption
    from inspector.ui.recovery_dialog import DatabaseUnreadable

    if is_corruption(exc):
        return DatabaseDamaged(f"Cơ sở dữ liệu {path} bị hỏng, phát hiện khi đọc dữ liệu ({getattr(exc, 'orig', None) or exc}).",
                               path)
    return DatabaseUnreadable(f"Không đọc được cơ sở dữ liệu {path}: {getattr(exc, 'orig', None) or exc}.", path)


def run_database_dialog(dialog: DatabaseDialog) -> bool:
    """Shown modally (at start on the office server: its password, or what went wrong); True when accepted.
    Tests replace it to answer without a user."""
    return dialog.exec() == DatabaseDialog.DialogCode.Accepted


def open_server_for_app(options: Options, target: str | ServerAddress, *, message: str = "",
                        parent: QWidget | None = None) -> Workspace | Path | None:
    """The office server (issue 14) opened for the app: with the password written in ``target``, typed earlier
    this session, or asked — in the database dialog on the server's page, with what went wrong (unreachable,
    wrong password, not initialised…) — until it opens or the user quits (None). The user may choose a file
    there instead: its path. No file lock, no backup before an upgrade (the server's administrator backs up
    with pg_dump), and no schema is created here (``inspector server init``)."""
    from inspector.services.workspace import open_workspace
    from inspector.store.migrate import DatabaseRefused

    if isinstance(target, ServerAddress):
        address, password = target, None
    else:
        address, password = ServerAddress.parse(target)
    if password is not None:
        remember_password(address, password)
    while True:
        password = session_password(address)
        if password is None or message:
            dialog = DatabaseDialog(options, address, parent, message=message, at_start=True)
            try:
                if not run_database_dialog(dialog):
                    return None
                if not dialog.is_server():
                    options.database_path = dialog.chosen_path()
                    options.demo_data_for_new_database = dialog.demo_if_new()
                    return dialog.chosen_path()
                address, password = dialog.chosen_address(), dialog.chosen_password()
                remember_password(address, password)
            finally:
                dialog.deleteLater()
        try:
            workspace = open_workspace(address.url(password), demo_if_new=False, create=False)
        except DatabaseRefused as exc:
            forget_password(address)  # perhaps the wrong one: typed again, with what went wrong above
            message = str(exc)
            continue
        options.database_server = address
        return workspace


def _build_on_server(options: Options, target: str | ServerAddress, *, window: MainWindow | None,
                     user: uuid.UUID | str | None, encrypt: bool | None) -> MainWindow | None:
    """build_main_window on the office server: no unlocking nor encryption (that is for files: the server
    guards its own data), the usual sign-in against the server's users, the history check; no daily backup
    nor check of the whole file (the server's administrator backs up with pg_dump)."""
    import sqlalchemy as sa

    from inspector.ui.main_window import MainWindow

    message = ""
    while True:
        opened = open_server_for_app(options, target, message=message,
                                     parent=window if window is not None and window.isVisible() else None)
        message = ""
        if opened is None:
            return None
        if isinstance(opened, Path):  # a file chosen instead
            return build_main_window(options, opened, window=window, user=user, encrypt=encrypt)
        workspace = opened
        assert workspace.db.url is not None
        target = ServerAddress.parse(workspace.db.url)[0]
        try:
            if window is None:
                window = MainWindow(None, options)
            signed = _sign_in_at_start(window, workspace, Opening(), user)
            if not signed or isinstance(signed, str):
                workspace.close()
                window.workspace_closed = True  # type: ignore[attr-defined]
                return None
            window.attach(workspace, window.signed_in_id)
        except sa.exc.DBAPIError as exc:  # the server went away while the window was being built
            from inspector.ui.errors import describe

            if window is not None and window.workspace is workspace:
                window.detach()
            workspace.close()
            message = describe(exc).message
            continue
        start_history_check(workspace, window)
        return window


def build_main_window(options: Options, database: Path | str | ServerAddress | None = None, *,
                      window: MainWindow | None = None,
                      problem: BaseException | None = None, user: uuid.UUID | str | None = None,
                      key: bytes | None = None, password: str | None = None,
                      encrypt: bool | None = None) -> MainWindow | None:
    """Open the database (with recovery), ask who signs in (the first-start dialog when no administrator has
    a password yet, then the sign-in dialog) and build the main window on it, or fill ``window``, shown
    empty while the database opened (:func:`main`); None when the user chose to quit.

    An encrypted file is unlocked first (user name and password, or the recovery key: ui.accounts.unlock);
    the password typed there signs in. A new database is created encrypted; if the user quits before the
    administrator's password is set, it is removed again (nothing was in it but the demo). A plain database
    is converted once someone has signed in (:func:`convert_to_encrypted`).

    ``problem``: what was found already (damage found after the start), explained first.
    ``user``: signed in as this user (id or user name) without a dialog — tests and benchmarks, and the
    same user once the database was recovered — when the database has them, active; else asked.
    ``key``: the key of an encrypted file (or of a new one), without a dialog; ``password`` with a ``user``
    name: the keyring unlocked with them. ``encrypt``: new and plain files are encrypted (default
    :data:`ENCRYPT`).

    ``database`` (or the settings' last choice) may be the office server: ``postgresql://…`` (with its
    password, or asked) or a ServerAddress (:func:`_build_on_server`).
    """
    import sqlalchemy as sa

    from inspector.ui.main_window import MainWindow

    target = database or options.database_target
    if is_server_target(target):
        return _build_on_server(options, target, window=window, user=user, encrypt=encrypt)  # type: ignore[arg-type]
    path = Path(target)  # type: ignore[arg-type]
    encrypt = ENCRYPT if encrypt is None else encrypt
    message = ""
    while True:
        unlock = _Unlocker(options, key=key, user=user, password=password, encrypt=encrypt, message=message,
                           parent=window if window is not None and window.isVisible() else None)
        try:
            workspace = open_with_recovery(options, path, problem, unlock)
        except ServerChosen as chosen:
            return _build_on_server(options, chosen.url, window=window, user=user, encrypt=encrypt)
        problem, message = None, ""
        if workspace is None:
            return None
        path = workspace.db.path or path
        opening = unlock.tried.get(path) or next(iter(unlock.tried.values()), Opening())
        try:
            if window is None:
                window = MainWindow(None, options)
            signed = _sign_in_at_start(window, workspace, opening, user)
            if isinstance(signed, str):  # unlocked, but the account refuses (locked): asked again
                workspace.close()
                message = signed
                continue
            if not signed:
                fresh_and_empty = opening.fresh and _needs_first_admin(workspace)
                workspace.close()  # cancelled: quit
                if fresh_and_empty:
                    _discard_new_database(path)
                window.workspace_closed = True  # type: ignore[attr-defined]
                return None
            if encrypt and workspace.db.key is None and window.signed_in_id is not None:
                workspace = convert_to_encrypted(options, workspace, window)
            window.attach(workspace, window.signed_in_id)
        except (sa.exc.DatabaseError, sqlite3.DatabaseError) as exc:  # a damaged page found late
            if window is not None:
                window.detach()
            workspace.close()
            problem = _late_problem(exc, path)
            continue
        from inspector.ui.accounts.recovery_key import offer_recovery_key

        offer_recovery_key(workspace.db, window.signed_in_id, window if window.isVisible() else None)
        start_history_check(workspace, window)  # first: the backup's job stays the last one started
        start_after_window(options, workspace, window)
        return window


class _Unlocker:
    """:func:`unlock_for_start` for each file the start tries, asked once a file (the same file again —
    retried, restored from its backup — opens with the same key)."""

    def __init__(self, options: Options, **asked: object) -> None:
        self.options, self.asked = options, asked
        self.tried: dict[Path, Opening] = {}

    def __call__(self, target: Path) -> Opening | None:
        if target not in self.tried:
            found = unlock_for_start(self.options, target, **self.asked)  # type: ignore[arg-type]
            if found is None:
                return None
            self.tried[target] = found
        return self.tried[target]


def _needs_first_admin(workspace: Workspace) -> bool:
    from inspector.services.accounts import needs_first_admin

    with workspace.db.read() as session:
        return needs_first_admin(session)


def _discard_new_database(path: Path) -> None:
    """The database this start created, left before its administrator had a password: no one could ever
    open it. Removed with its side files and keyring (only the demo was in it)."""
    from inspector.services.audit import anchors_path
    from inspector.store import files
    from inspector.store.crypto import TRIES_SUFFIX, keyring_path

    for leftover in (path, *files.side_files(path), keyring_path(path), Path(f"{path}{TRIES_SUFFIX}"),
                     Path(anchors_path(path)),
                     Path(f"{path}{files.LOCK_SUFFIX}")):  # released: the workspace is closed
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def _sign_in_at_start(window: MainWindow, workspace: Workspace, opening: Opening,
                      user: uuid.UUID | str | None) -> bool | str:
    """Who works: the administrator given a new password after the recovery key, the user whose password
    unlocked the file (accounts.sign_in: its lock and its checks), ``user`` without a dialog, or the
    sign-in dialog. False when cancelled; the refusal's message when the account refused."""
    db = workspace.db
    parent = window if window.isVisible() else None
    if opening.recovered:
        from inspector.ui.accounts.unlock import RecoveredAdminDialog

        dialog = RecoveredAdminDialog(db, parent)
        if dialog.exec() != RecoveredAdminDialog.DialogCode.Accepted or dialog.user_id is None:
            return False
        window.now_signed_in(dialog.user_id)
        return True
    if opening.password is not None and opening.username:
        from inspector.services.accounts import SignInRefused, sign_in

        try:
            with db.session() as session:
                signed = sign_in(session, opening.username, opening.password)
                user_id, must_change = signed.id, signed.must_change_password
        except SignInRefused as refused:
            return str(refused)
        window.options.last_username = opening.username
        if must_change:  # the administrator's password, handed over: one's own first
            from inspector.ui.accounts.sign_in import ChangePasswordDialog

            changing = ChangePasswordDialog(db, user_id, parent, current=opening.password)
            if changing.exec() != ChangePasswordDialog.DialogCode.Accepted:
                return window.ask_sign_in(db)
        window.now_signed_in(user_id)
        return True
    if user is not None and window.sign_in_as(db, user):
        return True
    return window.ask_sign_in(db)


def convert_to_encrypted(options: Options, workspace: Workspace, window: MainWindow) -> Workspace:
    """The plain database converted (store.encryption.encrypt_database) with a progress dialog, then opened
    again with its new key and the same user signed in. A failure says so and goes on with the plain file,
    which is left as it was."""
    from inspector.ui.conversion import run_conversion

    return run_conversion(options, workspace, window)


def show_first_paint(app: QApplication, window: QWidget, timeout: float = 2.0) -> None:
    """Show ``window`` and return once it is on screen and painted (or after ``timeout`` seconds, for a
    window the system does not expose: minimised, on a locked screen)."""
    window.show()
    deadline = time.monotonic() + timeout
    wake = QTimer()  # WaitForMoreEvents returns at the expose event, or at the latest at this tick
    wake.start(20)
    try:
        while not (window.windowHandle() and window.windowHandle().isExposed()) and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        wake.stop()
    app.processEvents()


# --- running ------------------------------------------------------------------------------------------


def _close_on_signals(app: QApplication) -> None:
    """SIGTERM (log-out, shutdown), SIGINT, SIGHUP: close the windows as the Quit action does."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())  # wakes Qt's loop, so Python runs the handler at once
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: reader.recv(64))
    app._inspector_signal_sockets = (reader, writer, notifier)  # type: ignore[attr-defined]

    def handler(_signum: int, _frame: object) -> None:
        QApplication.closeAllWindows()
        app.quit()

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv)
    app = create_application(argv, args.lang)
    install_excepthook()  # an exception escaping any slot is shown on screen, not only on stderr
    _close_on_signals(app)
    from inspector.ui.main_window import MainWindow  # the window alone: its pages' modules load in attach()

    options = Options()
    window = MainWindow(None, options)
    show_first_paint(app, window)  # the window on screen before anything heavy or growing with the data
    try:
        if build_main_window(options, args.database, window=window) is None:
            window.close()
            return 1
        window.resume()
        return app.exec()
    finally:
        if window.workspace is not None and not getattr(window, "workspace_closed", False):
            window.workspace.close()  # checkpoints the WAL and lets go of the file, however the app ends
