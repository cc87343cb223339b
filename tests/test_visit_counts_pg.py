"""Migration 0008's triggers on PostgreSQL (one plpgsql function behind three triggers): a visit's counts of
items checked and failed stay equal to a plain COUNT of its answers whatever SQL writes them. Run on both
backends (tests/conftest.py BOTH_BACKENDS); tests/test_visit_counts.py has SQLite's shell and bulk cases."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from inspector.domain.workflow import Result
from inspector.services.inspection import Inspection
from inspector.services.rounds import start_unannounced
from inspector.store.db import make_engine
from inspector.store.migrate import migrate_to
from inspector.store.models import Answer, ReceptionPoint, Unit, Visit

ANSWER_ID = sa.bindparam("answer", type_=Answer.__table__.c.id.type)
VISIT_ID = sa.bindparam("visit", type_=Visit.__table__.c.id.type)
OTHER_ID = sa.bindparam("other", type_=Visit.__table__.c.id.type)

PLAIN = sa.text("""SELECT v.id, v.checked_count, v.failed_count,
       (SELECT count(*) FROM answers a WHERE a.visit_id = v.id AND a.deleted_at IS NULL AND a.result != 'chua_kiem_tra'),
       (SELECT count(*) FROM answers a WHERE a.visit_id = v.id AND a.deleted_at IS NULL AND a.result = 'khong_dat')
       FROM visits v""")


def _mismatches(engine: sa.Engine) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(PLAIN) if (r[1], r[2]) != (r[3], r[4])]


def _counts(engine: sa.Engine, visit_id: uuid.UUID) -> tuple[int, int]:
    with engine.connect() as connection:
        row = connection.execute(sa.text("SELECT checked_count, failed_count FROM visits WHERE id = :visit")
                                 .bindparams(VISIT_ID), {"visit": visit_id}).one()
        return row[0], row[1]


def _sql(engine: sa.Engine, statement: str, **params: object) -> None:
    """One statement as any SQL client would send it: no ORM, no service, its own transaction."""
    binds = [b for b in (ANSWER_ID, VISIT_ID, OTHER_ID) if b.key in params]
    with engine.begin() as connection:
        connection.execute(sa.text(statement).bindparams(*binds), params)


def _two_visits(db, people) -> tuple[uuid.UUID, uuid.UUID]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        points = session.scalars(sa.select(ReceptionPoint).join(Unit).order_by(Unit.name)).all()[:2]
        return tuple(start_unannounced(session, p.id, user_id=people.inspector).id for p in points)  # type: ignore[return-value]


def _answer_id(engine: sa.Engine, visit_id: uuid.UUID, code: str) -> uuid.UUID:
    with engine.connect() as connection:
        answers = Answer.__table__.c
        return connection.execute(sa.select(answers.id).where(answers.visit_id == visit_id,
                                                              answers.item_code == code)).scalar_one()


def test_answers_written_through_sql_keep_the_counts(db, people, backend) -> None:  # type: ignore[no-untyped-def]
    engine = db.engine
    visit_id, other_id = _two_visits(db, people)
    inspection = Inspection(db, people.inspector)
    for code in ("KL-01", "KL-02", "KL-04", "KL-05"):  # the service's way: rows made as the app makes them
        inspection.set_result(visit_id, code, Result.FAIL)
    assert _counts(engine, visit_id) == (4, 4)
    kl = {code: _answer_id(engine, visit_id, code) for code in ("KL-01", "KL-02", "KL-04", "KL-05")}

    _sql(engine, "UPDATE answers SET result = 'dat' WHERE id = :answer", answer=kl["KL-01"])  # changed
    assert _counts(engine, visit_id) == (4, 3)
    _sql(engine, "UPDATE answers SET result = 'chua_kiem_tra' WHERE id = :answer", answer=kl["KL-02"])  # undone
    assert _counts(engine, visit_id) == (3, 2)
    _sql(engine, "UPDATE answers SET deleted_at = CURRENT_TIMESTAMP WHERE id = :answer", answer=kl["KL-05"])
    assert _counts(engine, visit_id) == (2, 1)
    _sql(engine, "UPDATE answers SET deleted_at = NULL WHERE id = :answer", answer=kl["KL-05"])  # restored
    assert _counts(engine, visit_id) == (3, 2)
    _sql(engine, "UPDATE answers SET visit_id = :other WHERE id = :answer", answer=kl["KL-04"], other=other_id)
    assert (_counts(engine, visit_id), _counts(engine, other_id)) == ((2, 1), (1, 1))
    _sql(engine, "UPDATE answers SET note = 'chỉ ghi chú' WHERE id = :answer", answer=kl["KL-01"])  # not counted
    assert _counts(engine, visit_id) == (2, 1)
    _sql(engine, "DELETE FROM answer_staff WHERE answer_id = :answer", answer=kl["KL-05"])
    _sql(engine, "DELETE FROM answers WHERE id = :answer", answer=kl["KL-05"])
    assert _counts(engine, visit_id) == (1, 0)
    # one statement changing several rows at once, in both directions
    _sql(engine, "UPDATE answers SET result = 'khong_dat' WHERE visit_id IN (:visit, :other)",
         visit=visit_id, other=other_id)
    assert (_counts(engine, visit_id), _counts(engine, other_id)) == ((2, 2), (1, 1))
    _sql(engine, "UPDATE answers SET visit_id = :visit WHERE visit_id = :other", visit=visit_id, other=other_id)
    assert (_counts(engine, visit_id), _counts(engine, other_id)) == ((3, 3), (0, 0))
    assert _mismatches(engine) == []


def test_the_migration_counts_answers_already_there(db, people, backend) -> None:  # type: ignore[no-untyped-def]
    """Down to 0007 (columns, function and triggers gone) and up again: the counts come from the answers."""
    visit_id, _ = _two_visits(db, people)
    inspection = Inspection(db, people.inspector)
    for code, result in (("KL-01", Result.FAIL), ("KL-02", Result.PASS), ("KL-04", Result.FAIL)):
        inspection.set_result(visit_id, code, result)
    engine = make_engine(db.engine.url.render_as_string(hide_password=False)) if db.is_server else db.engine
    try:
        migrate_to(engine, "0007")
        with engine.connect() as connection:
            assert "failed_count" not in {c["name"] for c in sa.inspect(connection).get_columns("visits")}
        migrate_to(engine, "head")
    finally:
        if engine is not db.engine:
            engine.dispose()
    db.engine.dispose()  # the pool's connections knew the old columns' types
    assert _counts(db.engine, visit_id) == (3, 2)
    assert _mismatches(db.engine) == []
    _sql(db.engine, "UPDATE answers SET result = 'dat' WHERE visit_id = :visit", visit=visit_id)  # the triggers are back
    assert _counts(db.engine, visit_id) == (3, 0)
