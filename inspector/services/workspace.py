"""Opening the app's data: database (migrated), demo data on first start, checklist forms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from inspector.paths import forms_dir as default_forms_dir
from inspector.services.demo import seed_demo
from inspector.services.form_loader import load_forms_dir
from inspector.services.forms import FormSyncResult, sync_forms
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
                   exclusive: bool = False, backup_dir: Path | None = None) -> Workspace:
    """Raises store.migrate.DatabaseRefused (message for the user) when the file cannot be used.

    ``exclusive``: the desktop app holds the file for itself (one instance per database).
    """
    db, outcome = open_database(path, create=create, backup_dir=backup_dir, exclusive=exclusive)
    try:
        seeded = False
        if outcome.created and demo_if_new:
            with db.session() as session:
                seed_demo(session)
            seeded = True
        report = load_forms_dir(forms_dir or default_forms_dir())
        with db.session() as session:
            forms = sync_forms(session, report)
    except sa.exc.DatabaseError as exc:
        db.dispose()
        if not is_corruption(exc):
            raise
        raise DatabaseDamaged(f"Không đọc được cơ sở dữ liệu {db.path}: tệp bị hỏng ({exc.orig}).", db.path) from exc
    except BaseException:
        db.dispose()
        raise
    return Workspace(db=db, migration=outcome, forms=forms, seeded_demo=seeded)
