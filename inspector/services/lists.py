"""Lists that can grow, read as keys first: the filter and the sort run in SQL and return only keys;
the rows are read a page of keys at a time, when a view shows them.

The keys of the visits list are SQLite rowids. They never leave this process and are never stored
(a visit is named by its UUID everywhere else): an integer costs nothing to read, and the rowid is
the implicit last column of every index, so "newest first, the last created first within a day"
reads straight off an index (db/versions/0007_list_indexes.py) with no sort.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session

from inspector.domain.clock import local, local_today
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.access import open_to_all
from inspector.services.catalog import valid_on_clause
from inspector.store import crypto
from inspector.store.models import Answer, ReceptionPoint, ReviewComment, Round, Unit, UnitSuccession, Visit

# SQLite binds at most 32,766 parameters in one statement; rows are read in chunks well below it.
CHUNK = 500


class _VisitKey(sa.sql.expression.ColumnElement[Any]):
    """The list key of a visit: SQLite's rowid; on PostgreSQL (no rowid) the visit's UUID, as unique and as
    stable while a list is shown."""

    inherit_cache = True
    type = sa.types.NullType()  # an int, or a UUID: bound and read as the driver gives them, with no cast


@compiles(_VisitKey)
def _visit_key_sqlite(_element: _VisitKey, _compiler: Any, **_kw: Any) -> str:
    return "visits.rowid"


@compiles(_VisitKey, "postgresql")
def _visit_key_pg(_element: _VisitKey, _compiler: Any, **_kw: Any) -> str:
    return "visits.id"


VISIT_KEY = _VisitKey()
# 50,000 keys come back as one JSON array (SQLite 3.38 has JSON built in): one row to read instead of 50,000,
# which is most of the time of the key query in Python. Older SQLite: a row per key.
JSON_KEYS = sqlite3.sqlite_version_info >= (3, 38, 0)


class VisitSort(StrEnum):
    """The columns the visits list sorts by. Each breaks ties newest first (date, then the last created)."""

    DAY = "day"
    UNIT = "unit"
    POINT = "point"
    ROUND = "round"
    KIND = "kind"        # announced or not
    STATUS = "status"    # in the order of the workflow
    # Items failed, then items checked: the counts each visit keeps (db/versions/0008_visit_counts.py),
    # read in order off ix_visits_progress_list.
    PROGRESS = "progress"
    # The review queue (services.review): the longest waiting first, by when each visit last changed, which for
    # a submitted visit is its submission (nothing changes it until it is reviewed). Not a column of the list.
    WAITING = "waiting"


@dataclass(frozen=True)
class VisitFilter:
    round_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None  # with the units it continues (history grouped under the successor)
    status: VisitStatus | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class VisitRow:
    id: uuid.UUID
    day: date | None
    unit_name: str
    point_name: str
    round_name: str
    status: VisitStatus
    announced: bool
    answered: int
    failed: int
    comments: int = 0  # the reviewers' comments of its current review cycle (services.review)


@open_to_all
def not_deleted(session: Session, column: sa.ColumnElement[object]) -> sa.ColumnElement[bool]:
    """``column IS NULL`` for a deleted_at column, told to SQLite as nearly always true. SQLite plans without
    statistics (the app never runs ANALYZE) and would otherwise take "deleted_at IS NULL" for a narrow filter
    and read a whole table through ix_visits_list rather than the index of the filter or grouping that
    narrows it (db/versions/0007_list_indexes.py)."""
    return _not_deleted(column, session.get_bind().dialect.name == "sqlite")


def _not_deleted(column: sa.ColumnElement[object], sqlite: bool) -> sa.ColumnElement[bool]:
    alive = column.is_(None)
    return sa.func.likely(alive) if sqlite else alive


_STATUS_ORDER = sa.case({status.value: n for n, status in enumerate(VisitStatus)}, value=Visit.status, else_=len(VisitStatus))


# Written as the partial index ix_answers_failed is (a literal, not a parameter), so that SQLite may use it.
FAILED_ANSWER = sa.and_(Answer.result == sa.literal_column(f"'{Result.FAIL.value}'"), Answer.deleted_at.is_(None))
CHECKED_ANSWER = sa.and_(Answer.result != sa.literal_column(f"'{Result.UNCHECKED.value}'"), Answer.deleted_at.is_(None))


def _count_answers(condition: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
    return sa.select(sa.func.count()).select_from(Answer).where(Answer.visit_id == Visit.id, condition).scalar_subquery()


@open_to_all
def recount_visits(session: Session) -> None:
    """Every visit's counts of items checked and failed, counted again from its answers (what the triggers
    of db/versions/0008_visit_counts.py keep true one answer at a time): after a bulk load without them."""
    session.execute(sa.update(Visit).values(checked_count=_count_answers(CHECKED_ANSWER),
                                            failed_count=_count_answers(FAILED_ANSWER)))


@dataclass(frozen=True)
class _Shape:
    """Which filters are set: one statement is built (and compiled) per shape and sort, then reused."""

    round: bool
    units: bool
    status: bool
    date_from: bool
    date_to: bool


@functools.lru_cache(maxsize=256)
def _keys_statement(shape: _Shape, sort: VisitSort, descending: bool, sqlite: bool) -> sa.Select[Any]:
    # SQLite plans without statistics: tell it what is true of the data, so that it reads the index of the
    # narrowest filter. Nearly every visit is not deleted (else it would read the whole list in date order to
    # save a sort of the few hundred visits of a unit), and a status holds a large share of the visits (else
    # it would read every locked visit to find those of one round).
    query = sa.select(VISIT_KEY.label("k")).select_from(Visit).where(_not_deleted(Visit.deleted_at, sqlite))
    if shape.round:
        query = query.where(Visit.round_id == sa.bindparam("round_id"))
    if shape.units:  # the unit and every unit it continues, transitively (UNION: a cycle ends)
        before = sa.select(sa.bindparam("unit_id", type_=Unit.id.type).label("id")).cte("before", recursive=True)
        before = before.union(sa.select(UnitSuccession.predecessor_id)
                              .join(before, UnitSuccession.successor_id == before.c.id))
        query = query.where(Visit.reception_point_id.in_(
            sa.select(ReceptionPoint.id).where(ReceptionPoint.unit_id.in_(sa.select(before.c.id)))))
    if shape.status:
        status = Visit.status == sa.bindparam("status")
        query = query.where(sa.func.likelihood(status, sa.literal_column("0.5")) if sqlite else status)
    if shape.date_from:
        query = query.where(Visit.planned_date >= sa.bindparam("date_from"))
    if shape.date_to:
        query = query.where(Visit.planned_date <= sa.bindparam("date_to"))

    newest = [Visit.planned_date.desc(), VISIT_KEY.desc()]
    keys: list[sa.ColumnElement[object]]
    if sort is VisitSort.DAY:
        keys = []
        newest = newest if descending else [Visit.planned_date.asc(), VISIT_KEY.asc()]
    elif sort is VisitSort.UNIT:
        query = query.join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id) \
            .join(Unit, ReceptionPoint.unit_id == Unit.id)
        keys = [Unit.sort_order, Unit.name]
    elif sort is VisitSort.POINT:
        query = query.join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
        keys = [ReceptionPoint.name]
    elif sort is VisitSort.ROUND:
        query = query.outerjoin(Round, Visit.round_id == Round.id)
        keys = [Round.decision_date, Round.name]
    elif sort is VisitSort.KIND:
        keys = [Visit.announced]
    elif sort is VisitSort.STATUS:
        keys = [_STATUS_ORDER]
    elif sort is VisitSort.WAITING:
        keys = [Visit.updated_at]
    else:
        keys = [Visit.failed_count, Visit.checked_count]
    query = query.order_by(*[k.desc() if descending else k.asc() for k in keys], *newest)
    if sqlite and JSON_KEYS:
        # 50,000 keys as one JSON array: one row to read. The aggregate reads the ordered subquery in its
        # order (SQLite never flattens an ORDER BY into an aggregate).
        return sa.select(sa.func.json_group_array(sa.literal_column("k"))).select_from(query.subquery())
    return query


@open_to_all
def visit_keys(session: Session | sa.Connection, flt: VisitFilter = VisitFilter(), sort: VisitSort = VisitSort.DAY,
               descending: bool = True) -> list[int]:
    """The keys of the visits that pass the filter, in the order asked: one query, no row read.

    The day is the planned date (set when planned, or at the start of an unannounced visit). Sorting by
    day reverses everything; by another column, ties stay newest first.
    """
    driver = _driver(session)
    statement, params = _key_query(flt, sort, descending, sqlite=driver is not None)
    if driver is None:
        return list(_connection(session).execute(statement, params).scalars())
    compiled = _sqlite_compiled(statement)
    cursor = driver.execute(str(compiled), _sqlite_parameters(compiled, params))
    if JSON_KEYS:
        listed = cursor.fetchone()[0]
        return json.loads(listed) if listed else []
    return [k for (k,) in cursor]


@open_to_all
def visit_keys_plan(session: Session, flt: VisitFilter = VisitFilter(), sort: VisitSort = VisitSort.DAY,
                    descending: bool = True) -> list[str]:
    """How SQLite runs the key query (EXPLAIN QUERY PLAN, one line a step): which index, whether it sorts."""
    driver = _driver(session)
    if driver is None:
        return []
    statement, params = _key_query(flt, sort, descending, sqlite=True)
    compiled = _sqlite_compiled(statement)
    return [row[-1] for row in driver.execute(f"EXPLAIN QUERY PLAN {compiled}", _sqlite_parameters(compiled, params))]


def _key_query(flt: VisitFilter, sort: VisitSort, descending: bool, *, sqlite: bool) -> tuple[sa.Select[Any], dict[str, Any]]:
    shape = _Shape(flt.round_id is not None, flt.unit_id is not None, flt.status is not None,
                   flt.date_from is not None, flt.date_to is not None)
    params: dict[str, Any] = {}
    if flt.round_id:
        params["round_id"] = flt.round_id
    if flt.unit_id:
        params["unit_id"] = flt.unit_id
    if flt.status:
        params["status"] = flt.status.value
    if flt.date_from:
        params["date_from"] = flt.date_from
    if flt.date_to:
        params["date_to"] = flt.date_to
    return _keys_statement(shape, sort, descending, sqlite), params


# --- SQLite: the statements SQLAlchemy built, run on the session's own sqlite3 connection ------------
#
# The list asks for keys on every click and for rows on every page painted. Through SQLAlchemy's result
# machinery (type processors per value, a result object per statement) that costs three times what
# SQLite takes for a list of a few hundred visits; on the driver the same compiled statement, in the
# same transaction, costs what the query costs. Values are converted here, as the column types would.


def _connection(session: Session | sa.Connection) -> sa.Connection:
    return session.connection() if isinstance(session, Session) else session


def _driver(session: Session | sa.Connection) -> sqlite3.Connection | None:
    connection = _connection(session)
    if connection.dialect.name != "sqlite":
        return None
    driver = connection.connection.driver_connection
    return driver if isinstance(driver, crypto.Connection) else None  # sqlite3, or SQLCipher for an encrypted file


def _json_values(name: str) -> sa.Select[Any]:
    """``(SELECT value FROM json_each(:name))``: a list as one parameter, so the SQL text never changes."""
    return sa.select(sa.literal_column("value")).select_from(sa.func.json_each(sa.bindparam(name)))


@functools.lru_cache(maxsize=512)
def _sqlite_compiled(statement: sa.Executable) -> sa.engine.Compiled:
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    return statement.compile(dialect=sqlite_dialect.dialect())


def _sqlite_parameters(compiled: sa.engine.Compiled, params: dict[str, Any]) -> list[object]:
    """The positional parameters: those given, and the constants the statement holds (the status order)."""
    values = compiled.construct_params(params)
    return [_sqlite_value(values[name]) for name in compiled.positiontup or ()]


def _sqlite_value(value: object) -> object:
    """A parameter as the column types store it on SQLite: UUIDs as 32 hex digits, dates in ISO form."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps([_sqlite_value(v) for v in value])
    return value


# The comments of a visit's current review cycle: read off the index of review_comments by visit.
_COMMENTS = (sa.select(sa.func.count()).select_from(ReviewComment)
             .where(ReviewComment.visit_id == Visit.id, ReviewComment.cycle == Visit.review_cycle)
             .scalar_subquery())


# The rows of a chunk of keys, by rowid only: a condition on deleted_at would tempt SQLite to scan its index.
def _rows_statement(sqlite: bool) -> sa.Select[Any]:
    return (
        sa.select(VISIT_KEY, Visit.id, Visit.planned_date, Visit.started_at, Visit.status, Visit.announced,
                  ReceptionPoint.name, Unit.name, Round.name, Visit.deleted_at, Visit.checked_count,
                  Visit.failed_count, _COMMENTS)
        .select_from(Visit)
        .join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
        .join(Unit, ReceptionPoint.unit_id == Unit.id)
        .outerjoin(Round, Visit.round_id == Round.id)
        .where(VISIT_KEY.in_(_json_values("keys") if sqlite else sa.bindparam("keys", expanding=True)))
    )


_ROWS = _rows_statement(sqlite=False)
_ROWS_SQLITE = str(_sqlite_compiled(_rows_statement(sqlite=True)))
_STATUSES = {status.value: status for status in VisitStatus}


@open_to_all
def visit_rows(session: Session | sa.Connection, keys: Iterable[int]) -> dict[int, VisitRow]:
    """The rows of these visits by key, with their counts of items checked and failed; a key no longer there
    (or deleted since) is left out. One query a chunk."""
    found: dict[int, VisitRow] = {}
    wanted = list(dict.fromkeys(keys))
    driver = _driver(session)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        if driver is not None:
            rows: Iterable[Any] = (
                (key, uuid.UUID(visit_id), date.fromisoformat(planned) if planned else None,
                 datetime.fromisoformat(started).replace(tzinfo=UTC) if started else None, _STATUSES[status],
                 bool(announced), *rest)
                for key, visit_id, planned, started, status, announced, *rest
                in driver.execute(_ROWS_SQLITE, (json.dumps(chunk),)))
        else:  # Core: plain rows, no ORM loading for a list of values
            rows = _connection(session).execute(_ROWS, {"keys": chunk})
        for (key, visit_id, planned, started, status, announced, point, unit, round_name, deleted, checked, bad,
             comments) in rows:
            if deleted is None:
                found[key] = VisitRow(
                    id=visit_id, day=planned or (local(started).date() if started else None),
                    unit_name=unit, point_name=point, round_name=round_name or "", status=status,
                    announced=announced, answered=checked, failed=bad, comments=comments,
                )
    return found


@open_to_all
def visit_key(session: Session | sa.Connection, visit_id: uuid.UUID) -> int | None:
    """The list key of one visit (to find it again in a list of keys)."""
    return _connection(session).scalar(sa.select(VISIT_KEY).select_from(Visit).where(Visit.id == visit_id))


@open_to_all
def list_visits(session: Session, flt: VisitFilter = VisitFilter(), sort: VisitSort = VisitSort.DAY,
                descending: bool = True) -> list[VisitRow]:
    """Every row at once, for the few callers that want them all (a round's plan, the command line)."""
    keys = visit_keys(session, flt, sort, descending)
    rows = visit_rows(session, keys)
    return [rows[k] for k in keys if k in rows]


# --- the filters' choices ---------------------------------------------------------------------------


@open_to_all
def round_choices(session: Session) -> list[tuple[uuid.UUID, str]]:
    """Every round, newest decision first: what the visits list filters by."""
    return [(i, n) for i, n in session.execute(
        sa.select(Round.id, Round.name).order_by(Round.decision_date.desc(), Round.name))]


@open_to_all
def unit_choices(session: Session, on: date | None = None) -> list[tuple[uuid.UUID, str]]:
    """The units of today's map with a reception point open today, in catalogue order (as
    services.catalog.list_units lists them, without reading their points and staff)."""
    day = on or local_today()
    open_point = sa.select(ReceptionPoint.id).where(
        ReceptionPoint.unit_id == Unit.id, ReceptionPoint.active.is_(True), valid_on_clause(ReceptionPoint, day))
    return [(i, n) for i, n in session.execute(
        sa.select(Unit.id, Unit.name)
        .where(Unit.active.is_(True), valid_on_clause(Unit, day), open_point.exists())
        .order_by(Unit.sort_order, Unit.name))]
