"""Every failure said where the user is looking, in Vietnamese, in one place.

Services refuse bad input with their own Vietnamese messages (VisitError,
PhotoRejected, DatabaseRefused…): those are shown as they are. Anything else
that can come out of a service — the database driver (locked by another
writer, disk full, read-only file, a constraint), the file system, a bug — is
turned here into what failed, that it was not saved, and what to do; and
whether trying again can help. Screens call :func:`describe`; exceptions that
escape a slot anywhere reach :func:`install_excepthook`'s hook.
"""

from __future__ import annotations

import sqlite3
import sys
import traceback
from dataclasses import dataclass
from types import TracebackType

import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector.services.access import AccessDenied
from inspector.services.photos import PhotoRejected
from inspector.services.visits import VisitError
from inspector.store.db import LiveDatabaseFile
from inspector.store.migrate import DatabaseRefused, is_corruption


@dataclass(frozen=True)
class Failure:
    message: str
    retry: bool  # the same action may succeed later (lock released, space freed)
    refusal: bool  # the app refused bad input: nothing is wrong with the machine


REFUSALS = (VisitError, PhotoRejected, LiveDatabaseFile, DatabaseRefused, AccessDenied)


# PostgreSQL's codes (SQLSTATE) for "another desktop holds what this one waits for": worth trying again.
_PG_BUSY = {"55P03", "40P01", "40001", "57014"}  # lock_timeout, deadlock, serialization, statement cancelled


def lost_server(exc: BaseException) -> bool:
    """The office server (PostgreSQL) went away or cannot be reached while working: down, restarted, the
    network cut, the connection ended by its administrator (store.db turns these into store.server's
    ServerConnectionLost). Not a refusal: the same save works once it is back (the engine's pool pings and
    reconnects at the next checkout)."""
    from inspector.store.server import ServerUnreachable, is_disconnect

    if isinstance(exc, ServerUnreachable):
        return True
    orig = getattr(exc, "orig", None)
    return orig is not None and type(orig).__module__.startswith("psycopg") and is_disconnect(exc)


def describe(exc: BaseException) -> Failure:
    not_saved = QCoreApplication.translate("Errors", "This change was NOT saved.")
    if lost_server(exc):
        what = QCoreApplication.translate(
            "Errors", "The office server cannot be reached (the server is off or restarting, or the network is down).")
        todo = QCoreApplication.translate(
            "Errors", "What is on screen stays; once the server is back, press Retry.")
        return Failure(f"{what} {not_saved} {todo}", True, False)
    if isinstance(exc, REFUSALS):
        return Failure(str(exc), retry=False, refusal=True)
    if isinstance(exc, sa.exc.SQLAlchemyError | sqlite3.Error):
        driver = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        text = driver.lower()
        if getattr(getattr(exc, "orig", None), "sqlstate", None) in _PG_BUSY:
            what = QCoreApplication.translate(
                "Errors", "The office server is busy: another computer is changing the same data.")
            todo = QCoreApplication.translate("Errors", "Wait a moment, then press Retry.")
            return Failure(f"{what} {not_saved} {todo}", True, False)
        if "locked" in text or "busy" in text:
            what = QCoreApplication.translate(
                "Errors", "The database is busy: another Inspector window or computer is writing to the same file.")
            todo = QCoreApplication.translate("Errors", "Wait a moment or close the other session, then press Retry.")
            return Failure(f"{what} {not_saved} {todo}", True, False)
        if "disk is full" in text or "database or disk is full" in text:
            what = QCoreApplication.translate("Errors", "The disk is full.")
            todo = QCoreApplication.translate("Errors", "Free some space on the disk, then press Retry.")
            return Failure(f"{what} {not_saved} {todo}", True, False)
        if "readonly" in text or "read-only" in text:
            what = QCoreApplication.translate("Errors", "The database file can no longer be written (it has become read-only).")
            todo = QCoreApplication.translate("Errors", "Ask the administrator to restore write access, then press Retry.")
            return Failure(f"{what} {not_saved} {todo}", True, False)
        if is_corruption(exc):
            what = QCoreApplication.translate("Errors", "The database file is damaged.")
            todo = QCoreApplication.translate(
                "Errors", "Close Inspector: at the next start it sets the file aside and offers the newest backup.")
            return Failure(f"{what} {not_saved} {todo}", False, False)
        if isinstance(exc, sa.exc.IntegrityError | sqlite3.IntegrityError) \
                or isinstance(getattr(exc, "orig", None), sqlite3.IntegrityError) or "constraint failed" in text:
            what = QCoreApplication.translate("Errors", "The change conflicts with data another session has just saved.")
            todo = QCoreApplication.translate("Errors", "Press Retry; if it happens again, close and reopen the visit.")
            return Failure(f"{what} {not_saved} {todo}", True, False)
        what = QCoreApplication.translate("Errors", "Database error: %1.").replace("%1", driver)
        todo = QCoreApplication.translate("Errors", "Press Retry.")
        return Failure(f"{what} {not_saved} {todo}", True, False)
    if isinstance(exc, OSError):
        detail = exc.strerror or str(exc)
        if exc.filename:
            detail += f" ({exc.filename})"
        what = QCoreApplication.translate("Errors", "File error: %1.").replace("%1", detail)
        todo = QCoreApplication.translate("Errors", "Check the file or the disk, then press Retry.")
        return Failure(f"{what} {not_saved} {todo}", True, False)
    if isinstance(exc, MemoryError):
        what = QCoreApplication.translate("Errors", "Not enough memory to finish this action.")
        todo = QCoreApplication.translate("Errors", "Close other programs, then press Retry.")
        return Failure(f"{what} {not_saved} {todo}", True, False)
    what = QCoreApplication.translate("Errors", "Unexpected error: %1.").replace("%1", f"{type(exc).__name__}: {exc}"[:500])
    todo = QCoreApplication.translate("Errors", "Press Retry; if it happens again, tell the administrator.")
    return Failure(f"{what} {not_saved} {todo}", True, False)


def show(exc: BaseException, parent=None) -> None:  # type: ignore[no-untyped-def]
    failure = describe(exc)
    title = QCoreApplication.translate("Errors", "Not possible") if failure.refusal \
        else QCoreApplication.translate("Errors", "Not saved")
    QMessageBox.warning(parent or QApplication.activeWindow(), title, failure.message)


_showing = False


def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An exception escaped a slot: say so on screen (once at a time), keep the details on stderr."""
    global _showing
    traceback.print_exception(kind, exc, tb, file=sys.stderr)
    if isinstance(exc, KeyboardInterrupt) or QApplication.instance() is None or _showing:
        return
    _showing = True
    try:
        show(exc)
    finally:
        _showing = False


def install_excepthook() -> None:
    sys.excepthook = _hook
