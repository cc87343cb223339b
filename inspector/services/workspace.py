"""Opening the app's data: database (migrated), demo data on first start, checklist forms."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from inspector.domain.clock import local_today
from inspector.paths import forms_dir as default_forms_dir
from inspector.services.access import open_to_all
from inspector.services.form_loader import load_forms_dir
from inspector.services.forms import FormSyncResult, citation_warnings, sync_forms
from inspector.services.legal import load_register, register_path, sync_register
from inspector.store import crypto
from inspector.store.backups import BackupFailed, BackupStopped, check_whole, daily_backup
from inspector.store.db import Database, is_server_url
from inspector.store.migrate import DatabaseDamaged, MigrationOutcome, is_corruption, open_database


class Background:
    """Work on a worker thread (no Qt) that its workspace stops and waits for when it closes.

    ``work`` gets a stop event and must end soon after it is set; ``done(result, error)`` is called
    on the worker thread when the work ends, unless it was stopped.
    """

    def __init__(self, name: str, work: Callable[[threading.Event], Any],
                 done: Callable[[Any, BaseException | None], None] | None = None) -> None:
        self.stop = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self._work, self._done = work, done
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        try:
            self.result = self._work(self.stop)
        except BaseException as exc:  # handed to done(); a worker thread has no one else to tell
            self.error = exc
        if self._done is not None and not self.stop.is_set():
            self._done(self.result, self.error)

    def cancel(self, timeout: float = 10.0) -> bool:
        """Ask the work to stop and wait for it; False if it is still running after ``timeout`` seconds."""
        self.stop.set()
        if self.thread.ident is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout)
        return not self.thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the work to end (tests); False if it is still running."""
        self.thread.join(timeout)
        return not self.thread.is_alive()


@dataclass
class Workspace:
    db: Database
    migration: MigrationOutcome
    forms: FormSyncResult
    seeded_demo: bool
    closed: bool = False
    background: list[Background] = field(default_factory=list)

    @open_to_all
    def in_background(self, name: str, work: Callable[[threading.Event], Any],
                      done: Callable[[Any, BaseException | None], None] | None = None) -> Background:
        job = Background(name, work, done)
        self.background = [j for j in self.background if j.thread.is_alive()] + [job]
        job.thread.start()
        return job

    @open_to_all
    def wait_background(self, timeout: float = 60.0) -> bool:
        """Wait for the work on worker threads to end (tests, benchmarks); False if some is still running."""
        return all(job.wait(timeout) for job in list(self.background))

    @open_to_all
    def close(self) -> None:
        """Stop the work on worker threads, checkpoint (the file alone then holds everything, for a user
        who copies it) and let go. Idempotent."""
        if self.closed:
            return
        self.closed = True
        for job in self.background:
            job.cancel()
        try:
            self.db.checkpoint()
        except sa.exc.SQLAlchemyError:
            pass  # another process is reading: its last close checkpoints instead
        finally:
            self.db.dispose()


@open_to_all
def open_workspace(path: Path | str, *, forms_dir: Path | None = None, demo_if_new: bool = True, create: bool = True,
                   exclusive: bool = False, backup_dir: Path | None = None, demo_history: bool = True,
                   key: bytes | None = None) -> Workspace:
    """Raises store.migrate.DatabaseRefused (message for the user) when the file cannot be used.

    ``demo_if_new``: a new database gets the demo data — with ``demo_history`` (the app's first start)
    the 2023 city's units and its 2024–2025 visits with numbered minutes too.

    ``exclusive``: the desktop app holds the file for itself (one instance per database).

    ``key``: the database's key (store.crypto): an encrypted file, or a new one created encrypted.
    """
    if is_server_url(path):
        from inspector.store.server import open_server

        db, outcome = open_server(str(path), create=create)
    else:
        db, outcome = open_database(Path(path), create=create, backup_dir=backup_dir, exclusive=exclusive, key=key)
    try:
        seeded = False
        folder = forms_dir or default_forms_dir()
        report = load_forms_dir(folder)
        with db.session() as session:
            # the register first: forms are checked against it (a form citing an unknown document is refused)
            legal = sync_register(session, register_path(folder))
            register = load_register(session)
            forms = sync_forms(session, report, register)
            from inspector.services.survey import SURVEY_FOLDER, sync_survey_forms

            forms.errors += sync_survey_forms(session, folder / SURVEY_FOLDER).errors  # the survey forms (issue 16)
            forms.errors[:0] = legal.errors
            forms.warnings = [w.as_error() for w in citation_warnings(session, local_today(), register)]
        if outcome.created and demo_if_new:
            from inspector.services.demo import seed_demo, seed_demo_visits  # a new database only

            # After the forms: the demo's past visits are made under checklist KTCV-MC v1.
            with db.session() as session:
                seed_demo(session, history=demo_history)
            if demo_history:
                seed_demo_visits(db)
            seeded = True
    except sa.exc.DatabaseError as exc:
        db.dispose()
        if not is_corruption(exc):
            raise
        raise DatabaseDamaged(f"Không đọc được cơ sở dữ liệu {db.name}: tệp bị hỏng ({exc.orig}).", db.path) from exc
    except BaseException:
        db.dispose()
        raise
    return Workspace(db=db, migration=outcome, forms=forms, seeded_demo=seeded)


@dataclass(frozen=True)
class AfterStart:
    """What the work after the window shows found (:func:`after_start`)."""

    backup: Path | None = None  # today's automatic backup, made by this start
    backup_error: BackupFailed | OSError | None = None  # it could not be made (full disk, read-only folder)
    damage: tuple[str, ...] = ()  # what SQLite's check of the whole file reports; () when the file is sound
    checked: bool = False  # the whole file was checked (by the check of the backup, or on its own)


@open_to_all
def after_start(db_path: Path, backup_folder: Path, stop: threading.Event) -> AfterStart | None:
    """What grows with the data and waits until the window shows, on a worker thread: the day's backup
    at the first start of the day, and a check of the whole file (opening checked only the tables that do
    not grow, store.migrate.GROWING_TABLES). A backup made now is checked page by page as copied, which
    checks the file as well; a check that fails there is repeated on the file itself before it counts as
    damage. None when stopped (the app is closing): nothing is known and nothing half-made is kept."""
    backup, backup_error = None, None
    try:
        backup = daily_backup(db_path, backup_folder, stop=stop)
    except BackupStopped:
        return None
    except (BackupFailed, OSError) as exc:
        backup_error = exc
    if backup is not None:
        return AfterStart(backup=backup, checked=True)
    try:
        problems = check_whole(db_path, stop=stop)
    except crypto.DatabaseError as exc:
        if not is_corruption(exc):
            return AfterStart(backup_error=backup_error)  # busy, locked: the next start checks again
        problems = [str(exc)]
    if problems is None:
        return None
    return AfterStart(backup_error=backup_error, damage=tuple(problems), checked=True)
