"""Opening the app's data: database (migrated), demo data on first start, checklist forms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from inspector.domain.clock import local_today
from inspector.paths import forms_dir as default_forms_dir
from inspector.services.demo import seed_demo, seed_demo_visits
from inspector.services.form_loader import load_forms_dir
from inspector.services.forms import FormSyncResult, citation_warnings, sync_forms
from inspector.services.legal import load_register, register_path, sync_register
from inspector.store.db import Database
from inspector.store.migrate import DatabaseDamaged, MigrationOutcome, is_corruption, open_database


@dataclass
class Workspace:
    db: Database
    migration: MigrationOutcome
    forms: FormSyncResult
    seeded_demo: bool
    closed: bool = False

    def close(self) -> None:
        """Checkpoint (the file alone then holds everything, for a user who copies it) and let go. Idempotent."""
        if self.closed:
            return
        self.closed = True
        try:
            self.db.checkpoint()
        except sa.exc.SQLAlchemyError:
            pass  # another process is reading: its last close checkpoints instead
        finally:
            self.db.dispose()


def open_workspace(path: Path, *, forms_dir: Path | None = None, demo_if_new: bool = True, create: bool = True,
                   exclusive: bool = False, backup_dir: Path | None = None, demo_history: bool = True) -> Workspace:
    """Raises store.migrate.DatabaseRefused (message for the user) when the file cannot be used.

    ``demo_if_new``: a new database gets the demo data — with ``demo_history`` (the app's first start)
    the 2023 city's units and its 2024–2025 visits with numbered minutes too.

    ``exclusive``: the desktop app holds the file for itself (one instance per database).
    """
    db, outcome = open_database(path, create=create, backup_dir=backup_dir, exclusive=exclusive)
    try:
        seeded = False
        folder = forms_dir or default_forms_dir()
        report = load_forms_dir(folder)
        with db.session() as session:
            # the register first: forms are checked against it (a form citing an unknown document is refused)
            legal = sync_register(session, register_path(folder))
            register = load_register(session)
            forms = sync_forms(session, report, register)
            forms.errors[:0] = legal.errors
            forms.warnings = [w.as_error() for w in citation_warnings(session, local_today(), register)]
        if outcome.created and demo_if_new:
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
        raise DatabaseDamaged(f"Không đọc được cơ sở dữ liệu {db.path}: tệp bị hỏng ({exc.orig}).", db.path) from exc
    except BaseException:
        db.dispose()
        raise
    return Workspace(db=db, migration=outcome, forms=forms, seeded_demo=seeded)
