"""Database files: created, upgraded with a backup, refused when not ours or too new."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from inspector.store.db import make_engine, sqlite_url
from inspector.store.migrate import (
    DatabaseTooNew,
    DatabaseUnrecognised,
    NotADatabase,
    head_revision,
    migrate_to,
    open_database,
)
from inspector.store.models import Base


@contextmanager
def _sql(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(path: Path) -> set[str]:
    with _sql(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _revision(path: Path) -> str:
    with _sql(path) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _upgrade_file_to(path: Path, revision: str) -> None:
    engine = make_engine(sqlite_url(path))
    migrate_to(engine, revision)
    engine.dispose()


def test_empty_database_is_created_at_head(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite"
    db, outcome = open_database(path)
    db.dispose()
    assert outcome.created and outcome.backup is None
    assert outcome.to_revision == head_revision()
    assert _revision(path) == head_revision()
    assert {"units", "reception_points", "visits", "answers", "evidence", "audit_events"} <= _tables(path)
    assert list(tmp_path.joinpath("sub").glob("*backup*")) == []


def test_database_at_head_opens_without_backup(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    open_database(path)[0].dispose()
    db, outcome = open_database(path)
    db.dispose()
    assert not outcome.created and not outcome.migrated and outcome.backup is None


def test_older_database_with_data_is_backed_up_and_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _upgrade_file_to(path, "0001")
    unit_id, point_id = uuid.uuid4().hex, uuid.uuid4().hex
    with _sql(path) as conn:
        conn.execute(
            "INSERT INTO units (id, code, name, short_name, level, address, sort_order, active, created_at, updated_at)"
            " VALUES (?, 'PHUONG-1', 'Ủy ban nhân dân Phường 1', 'Phường 1', 'ward', '', 1, 1, '2025-01-01', '2025-01-01')",
            (unit_id,),
        )
        conn.execute(
            "INSERT INTO reception_points (id, unit_id, name, address, phone, active, created_at, updated_at)"
            " VALUES (?, ?, 'Bộ phận Một cửa Phường 1', '', '', 1, '2025-01-01', '2025-01-01')",
            (point_id, unit_id),
        )
    assert "visits" not in _tables(path)

    db, outcome = open_database(path)
    try:
        assert outcome.from_revision == "0001" and outcome.to_revision == head_revision()
        assert outcome.backup is not None and outcome.backup.exists()
        assert "truoc-nang-cap-rev0001" in outcome.backup.name and outcome.backup.parent == path.parent / "backups"
        assert _revision(outcome.backup) == "0001"  # the backup is the database as it was
        with _sql(outcome.backup) as conn:
            assert conn.execute("SELECT name FROM units").fetchall() == [("Ủy ban nhân dân Phường 1",)]
        with db.engine.connect() as conn:
            names = conn.execute(sa.text("SELECT u.name, p.name FROM units u JOIN reception_points p ON p.unit_id = u.id")).all()
        assert names == [("Ủy ban nhân dân Phường 1", "Bộ phận Một cửa Phường 1")]
        assert "visits" in _tables(path)
    finally:
        db.dispose()


def test_newer_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    open_database(path)[0].dispose()
    with _sql(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
        conn.execute("CREATE TABLE future_table (x INTEGER)")
    before = _digest(path)
    with pytest.raises(DatabaseTooNew) as caught:
        open_database(path)
    assert "phiên bản Inspector mới hơn" in str(caught.value)
    assert "0099_from_the_future" in str(caught.value)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.sqlite"]


def test_file_that_is_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Biên bản kiểm tra — không phải cơ sở dữ liệu", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(NotADatabase, match="không phải tệp SQLite"):
        open_database(path)
    assert _digest(path) == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with _sql(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    before = _digest(path)
    with pytest.raises(DatabaseUnrecognised, match="không do Inspector tạo ra"):
        open_database(path)
    assert _digest(path) == before


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """A model change without a migration would make a new database differ from an upgraded one."""
    path = tmp_path / "db.sqlite"
    open_database(path)[0].dispose()
    engine = make_engine(sqlite_url(path))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_sqlite_is_durable(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "db.sqlite")
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_schema_head_constant_matches_alembic() -> None:
    from inspector.store.migrate import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision(), "a new migration: update SCHEMA_HEAD in inspector/store/migrate.py"


def test_minutes_numbers_are_backfilled(tmp_path: Path) -> None:
    """0005: a database at 0004 whose minutes numbers include a duplicate ("12" and "012") and a letter ("3a")."""
    from inspector.domain.clock import local_today
    from inspector.services.minutes import Minutes, MinutesError, body_key, find_visit
    from inspector.services.rounds import start_unannounced
    from inspector.services.workspace import open_workspace
    from inspector.store.models import ReceptionPoint, User

    path = tmp_path / "old.sqlite"
    workspace = open_workspace(path, demo_history=False)  # real visits with real references, then taken back to 0004
    with workspace.db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).limit(1)).one()
        inspector = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
        visits = [start_unannounced(session, point.id, user_id=inspector).id.hex for _ in range(4)]
    workspace.close()
    engine = make_engine(sqlite_url(path))
    migrate_to(engine, "0004")
    engine.dispose()
    assert _revision(path) == "0004"
    with _sql(path) as conn:
        assert "minutes_seq" not in {r[1] for r in conn.execute("PRAGMA table_info(visits)")}
        # 31/12/2025 18:00 UTC is 01/01/2026 01:00 in Vietnam: the minutes of 2026.
        for visit_id, number, created in zip(visits, ("12/BB-ĐKT", "012/BB-ĐKT", "3a/BB-ĐKT", ""), range(4), strict=True):
            conn.execute(
                "UPDATE visits SET minutes_number = ?, status = ?, started_at = '2025-12-31 18:00:00.000000',"
                " created_at = ? WHERE id = ?",
                (number, "locked" if number else "submitted", f"2026-01-0{created + 1} 08:00:00.000000", visit_id),
            )

    db, outcome = open_database(path)
    try:
        assert outcome.from_revision == "0004" and outcome.to_revision == head_revision()
        with db.engine.connect() as conn:
            rows = {r[0]: tuple(r[1:]) for r in conn.execute(sa.text(
                "SELECT id, minutes_number, minutes_seq, minutes_year, minutes_body FROM visits"))}
            city = body_key("Sở Nội vụ tỉnh Vĩnh Long")  # the issuer of the demo round the visits are in
            assert rows[visits[0]] == ("12/BB-ĐKT", 12, 2026, city)   # the first numbered keeps 12
            assert rows[visits[1]] == ("012/BB-ĐKT", None, 2026, city)  # the later duplicate: text only
            assert rows[visits[2]] == ("3a/BB-ĐKT", None, 2026, city)   # not a number: text only
            assert rows[visits[3]] == ("", None, None, "")
            indexes = {r[1]: r[2] for r in conn.execute(sa.text("PRAGMA index_list(visits)"))}
            assert indexes["ux_visits_minutes_number"] == 1
        with pytest.raises(sa.exc.IntegrityError, match="UNIQUE"), db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE visits SET minutes_seq = 12 WHERE id = :id"), {"id": visits[1]})
        with db.read() as session:
            assert find_visit(session, "12").id.hex == visits[0]
            assert find_visit(session, "3a/BB-ĐKT").id.hex == visits[2]
            with pytest.raises(MinutesError, match="có ở 2 biên bản"):
                find_visit(session, "012/BB-ĐKT")  # its own printed text, and number 12 of the first
            clerk = session.scalars(sa.select(User.id).where(User.username == "vanthu")).one()
        assert Minutes(db, clerk).suggest_number(visit_id=uuid.UUID(visits[3]), year=2026) == "13"
        assert Minutes(db, clerk).suggest_number(year=local_today().year + 1) == "01"
    finally:
        db.dispose()
