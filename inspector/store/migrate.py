"""Bring a database file to the schema this app version expects.

Order of checks, each before anything is written:
1. the file is a SQLite database (or empty / absent: a new database);
2. its schema revision is one this app knows (a newer app's database is
   refused, never touched);
3. when a migration is pending, the file is copied to a timestamped backup
   beside it; then Alembic upgrades to head.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.paths import migrations_dir
from inspector.store.db import Database, make_engine, sqlite_url

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SQLITE_MAGIC = b"SQLite format 3\x00"
# The newest migration in db/versions. Kept here so that opening an up-to-date database
# (every start but the first after an upgrade) does not load Alembic at all;
# tests/test_migrations.py checks that it matches Alembic's head.
SCHEMA_HEAD = "0004"


class DatabaseRefused(Exception):
    """The database cannot be opened safely; the message is for the user (Vietnamese)."""


class NotADatabase(DatabaseRefused):
    pass


class DatabaseTooNew(DatabaseRefused):
    pass


class DatabaseUnrecognised(DatabaseRefused):
    pass


@dataclass(frozen=True)
class MigrationOutcome:
    created: bool
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def migrated(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def inspect_file(path: Path) -> tuple[str | None, list[str]]:
    """(schema revision, user tables) read without modifying the file."""
    with path.open("rb") as fh:
        magic = fh.read(len(SQLITE_MAGIC))
    if magic != SQLITE_MAGIC:
        raise NotADatabase(f"Tệp {path} không phải cơ sở dữ liệu của Inspector (không phải tệp SQLite).")
    try:
        # Only SELECTs run here. A read-only (mode=ro) connection would leave -wal/-shm files behind.
        conn = sqlite3.connect(path)
        try:
            tables = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )]
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(f"Không đọc được tệp cơ sở dữ liệu {path}: {exc}") from exc
    return revision, [t for t in tables if t != "alembic_version"]


def backup_path_for(path: Path, revision: str | None, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.backup-{stamp}-rev{revision or 'none'}{path.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.backup-{stamp}-rev{revision or 'none'}-{n}{path.suffix}")
    return candidate


def backup(path: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (a plain file copy can miss the WAL)."""
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def open_database(path: Path) -> tuple[Database, MigrationOutcome]:
    """Open (creating if needed) the database at ``path`` and upgrade it to head."""
    path = path.expanduser()
    head = SCHEMA_HEAD
    created = not path.exists() or path.stat().st_size == 0
    current: str | None = None
    backup_file: Path | None = None
    if not created:
        current, tables = inspect_file(path)
        if current is None and tables:
            raise DatabaseUnrecognised(
                f"Tệp {path} là cơ sở dữ liệu SQLite nhưng không do Inspector tạo ra; ứng dụng không mở để tránh làm hỏng dữ liệu."
            )
        if current is not None and current != head and current not in known_revisions():
            raise DatabaseTooNew(
                f"Cơ sở dữ liệu {path} được tạo bởi phiên bản Inspector mới hơn (lược đồ {current}). "
                "Hãy cập nhật ứng dụng; dữ liệu không bị thay đổi."
            )
        if current is not None and current != head:
            backup_file = backup_path_for(path, current)
            backup(path, backup_file)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)

    engine = make_engine(sqlite_url(path))
    if current != head:
        from alembic import command

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    outcome = MigrationOutcome(created=created, from_revision=current, to_revision=head, backup=backup_file)
    return Database(engine, path), outcome
