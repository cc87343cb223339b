"""Each visit's counts of items checked and failed (what the visits list shows and sorts by) stay equal to
its answers, whatever writes them: the services, a bulk load, the sqlite3 shell, a migration."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.domain.workflow import Result
from inspector.services.inspection import Inspection
from inspector.services.lists import recount_visits, visit_key, visit_rows
from inspector.services.rounds import start_unannounced
from inspector.store.db import make_engine, sqlite_url
from inspector.store.migrate import migrate_to, open_database
from inspector.store.models import ReceptionPoint, Unit, Visit

PLAIN = """SELECT v.id, v.checked_count, v.failed_count,
       (SELECT count(*) FROM answers a WHERE a.visit_id = v.id AND a.deleted_at IS NULL AND a.result != 'chua_kiem_tra'),
       (SELECT count(*) FROM answers a WHERE a.visit_id = v.id AND a.deleted_at IS NULL AND a.result = 'khong_dat')
       FROM visits v"""


def _mismatches(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return [row for row in conn.execute(PLAIN) if (row[1], row[2]) != (row[3], row[4])]


def _counts(db, visit_id: uuid.UUID) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        row = visit_rows(session, [visit_key(session, visit_id)])
        (shown,) = row.values()
        return shown.answered, shown.failed


@pytest.fixture
def visit_id(db, people):  # type: ignore[no-untyped-def]
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).join(Unit)
                                .where(Unit.name == "Ủy ban nhân dân phường Trà Vinh")).one()
        return start_unannounced(session, point.id, user_id=people.inspector).id


def test_answers_given_changed_and_undone_move_the_counts(db, people, visit_id) -> None:  # type: ignore[no-untyped-def]
    inspection = Inspection(db, people.inspector)
    assert _counts(db, visit_id) == (0, 0)
    inspection.set_result(visit_id, "KL-01", Result.FAIL)
    inspection.set_result(visit_id, "KL-02", Result.PASS)
    assert _counts(db, visit_id) == (2, 1)
    inspection.set_result(visit_id, "KL-01", Result.PASS)  # changed its mind
    assert _counts(db, visit_id) == (2, 0)
    inspection.set_result(visit_id, "KL-02", Result.UNCHECKED)  # back to not checked
    assert _counts(db, visit_id) == (1, 0)
    inspection.set_result(visit_id, "KL-02", Result.FAIL)
    assert _counts(db, visit_id) == (2, 1)
    assert _mismatches(db.path) == []


def test_the_shell_cannot_put_the_counts_out_of_step(db, people, visit_id) -> None:  # type: ignore[no-untyped-def]
    inspection = Inspection(db, people.inspector)
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).join(Unit)
                                .where(Unit.name != "Ủy ban nhân dân phường Trà Vinh")).first()
        other_id = start_unannounced(session, point.id, user_id=people.inspector).id
    for code in ("KL-01", "KL-02", "KL-04"):
        inspection.set_result(visit_id, code, Result.FAIL)
    db.checkpoint()
    with closing(sqlite3.connect(db.path)) as conn, conn:
        hexid = visit_id.hex
        conn.execute("UPDATE answers SET deleted_at = '2026-01-01 00:00:00' WHERE visit_id = ? AND item_code = 'KL-01'",
                     (hexid,))
        conn.execute("UPDATE answers SET result = 'dat' WHERE visit_id = ? AND item_code = 'KL-02'", (hexid,))
        conn.execute("DELETE FROM answer_staff WHERE answer_id IN (SELECT id FROM answers WHERE visit_id = ? "
                     "AND item_code = 'KL-04')", (hexid,))
        conn.execute("DELETE FROM answers WHERE visit_id = ? AND item_code = 'KL-04'", (hexid,))
        # an answer moved to another visit counts there, not here
        conn.execute("UPDATE answers SET visit_id = ? WHERE visit_id = ? AND item_code = 'KL-02'",
                     (other_id.hex, hexid))
    assert _counts(db, visit_id) == (0, 0)
    assert _counts(db, other_id) == (1, 0)
    assert _mismatches(db.path) == []


def test_a_bulk_recount_agrees_with_the_triggers(db, people, visit_id) -> None:  # type: ignore[no-untyped-def]
    inspection = Inspection(db, people.inspector)
    inspection.set_result(visit_id, "KL-01", Result.FAIL)
    with db.session() as session:
        session.execute(sa.update(Visit).values(checked_count=99, failed_count=99))  # out of step on purpose
        recount_visits(session)
    assert _counts(db, visit_id) == (1, 1)
    assert _mismatches(db.path) == []


def test_the_generated_database_keeps_true_counts(generated: Path) -> None:
    """Generated in bulk without the triggers, counted once at the end; the triggers are back afterwards."""
    assert _mismatches(generated) == []
    with closing(sqlite3.connect(generated)) as conn:
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"tr_answers_count_insert", "tr_answers_count_update", "tr_answers_count_delete"} <= triggers


def test_the_migration_counts_the_answers_already_there(tmp_path: Path, generated: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(generated, path)
    engine = make_engine(sqlite_url(path))
    try:
        migrate_to(engine, "0007")  # before the counts: the columns and triggers gone
        with closing(sqlite3.connect(path)) as conn:
            columns = {r[1] for r in conn.execute("PRAGMA table_info(visits)")}
        assert "failed_count" not in columns
        migrate_to(engine, "head")
    finally:
        engine.dispose()
    assert _mismatches(path) == []
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT sum(failed_count) FROM visits").fetchone()[0] > 0
    db, _ = open_database(path)
    db.dispose()
