"""Opening the app's data: database (migrated), demo data on first start, checklist forms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspector.paths import forms_dir as default_forms_dir
from inspector.services.demo import seed_demo
from inspector.services.form_loader import load_forms_dir
from inspector.services.forms import FormSyncResult, sync_forms
from inspector.store.db import Database
from inspector.store.migrate import MigrationOutcome, open_database


@dataclass
class Workspace:
    db: Database
    migration: MigrationOutcome
    forms: FormSyncResult
    seeded_demo: bool

    def close(self) -> None:
        self.db.dispose()


def open_workspace(path: Path, *, forms_dir: Path | None = None, demo_if_new: bool = True) -> Workspace:
    """Raises store.migrate.DatabaseRefused (message for the user) when the file cannot be used."""
    db, outcome = open_database(path)
    seeded = False
    if outcome.created and demo_if_new:
        with db.session() as session:
            seed_demo(session)
        seeded = True
    report = load_forms_dir(forms_dir or default_forms_dir())
    with db.session() as session:
        forms = sync_forms(session, report)
    return Workspace(db=db, migration=outcome, forms=forms, seeded_demo=seeded)
