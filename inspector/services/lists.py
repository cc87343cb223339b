"""Lists that can grow, read as keys first: the filter and the sort run in SQL and return only keys;
the rows are read a page of keys at a time, when a view shows them.

The keys of the visits list are SQLite rowids. They never leave this process and are never stored
(a visit is named by its UUID everywhere else): an integer costs nothing to read, and the rowid is
the implicit last column of every index, so "newest first, the last created first within a day"
reads straight off an index (db/versions/0007_list_indexes.py) with no sort.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.clock import local, local_today
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.catalog import predecessor_unit_ids, valid_on_clause
from inspector.store.models import Answer, ReceptionPoint, Round, Unit, Visit

# SQLite binds at most 32,766 parameters in one statement; rows are read in chunks well below it.
CHUNK = 500
VISIT_KEY = sa.literal_column("visits.rowid", sa.Integer)
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
    # Items failed, then how far the visit went in the workflow. Not items checked: counting those reads every
    # answer of every visit (a second at 50,000 visits); the failed ones are counted from a small partial index.
    PROGRESS = "progress"


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


def not_deleted(session: Session, column: sa.ColumnElement[object]) -> sa.ColumnElement[bool]:
    """``column IS NULL`` for a deleted_at column, told to SQLite as nearly always true. SQLite plans without
    statistics (the app never runs ANALYZE) and would otherwise take "deleted_at IS NULL" for a narrow filter
    and read a whole table through ix_visits_list rather than the index of the filter or grouping that
    narrows it (db/versions/0007_list_indexes.py)."""
    alive = column.is_(None)
    return sa.func.likely(alive) if session.get_bind().dialect.name == "sqlite" else alive


_STATUS_ORDER = sa.case({status.value: n for n, status in enumerate(VisitStatus)}, value=Visit.status, else_=len(VisitStatus))


# Written as the partial index ix_answers_failed is (a literal, not a parameter), so that SQLite may use it.
FAILED_ANSWER = sa.and_(Answer.result == sa.literal_column(f"'{Result.FAIL.value}'"), Answer.deleted_at.is_(None))


def visit_keys(session: Session, flt: VisitFilter = VisitFilter(), sort: VisitSort = VisitSort.DAY,
               descending: bool = True) -> list[int]:
    """The keys of the visits that pass the filter, in the order asked: one query, no row read.

    The day is the planned date (set when planned, or at the start of an unannounced visit). Sorting by
    day reverses everything; by another column, ties stay newest first.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"
    # SQLite plans without statistics: tell it what is true of the data, so that it reads the index of the
    # narrowest filter. Nearly every visit is not deleted (else it would read the whole list in date order to
    # save a sort of the few hundred visits of a unit), and a status holds a large share of the visits (else
    # it would read every locked visit to find those of one round).
    query = sa.select(VISIT_KEY.label("k")).select_from(Visit).where(not_deleted(session, Visit.deleted_at))
    if flt.round_id:
        query = query.where(Visit.round_id == flt.round_id)
    if flt.unit_id:
        units = [flt.unit_id, *predecessor_unit_ids(session, flt.unit_id)]
        query = query.where(Visit.reception_point_id.in_(
            sa.select(ReceptionPoint.id).where(ReceptionPoint.unit_id.in_(units))))
    if flt.status:
        status = Visit.status == flt.status
        query = query.where(sa.func.likelihood(status, sa.literal_column("0.5")) if sqlite else status)
    if flt.date_from:
        query = query.where(Visit.planned_date >= flt.date_from)
    if flt.date_to:
        query = query.where(Visit.planned_date <= flt.date_to)

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
    else:
        failed = (sa.select(Answer.visit_id, sa.func.count().label("failed")).where(FAILED_ANSWER)
                  .group_by(Answer.visit_id).subquery("failed"))
        query = query.outerjoin(failed, failed.c.visit_id == Visit.id)
        keys = [sa.func.coalesce(failed.c.failed, 0), _STATUS_ORDER]
    ordering = [k.desc() if descending else k.asc() for k in keys] + newest
    return _keys(session, query.order_by(*ordering), sqlite)


def _keys(session: Session, query: sa.Select[tuple[int]], sqlite: bool) -> list[int]:
    if sqlite and JSON_KEYS:
        # the aggregate reads the ordered subquery in its order (SQLite never flattens an ORDER BY into an aggregate)
        listed = session.scalar(sa.select(sa.func.json_group_array(sa.literal_column("k"))).select_from(query.subquery()))
        return json.loads(listed) if listed else []
    return list(session.scalars(query))


def _count_answers(condition: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
    return sa.select(sa.func.count()).select_from(Answer).where(Answer.visit_id == Visit.id, condition).scalar_subquery()


def visit_rows(session: Session, keys: Iterable[int]) -> dict[int, VisitRow]:
    """The rows of these visits by key, with their counts of items checked and failed (from the indexes of
    these visits' answers only); a key no longer there (or deleted since) is left out. One query a chunk."""
    answered = _count_answers(sa.and_(Answer.result != Result.UNCHECKED.value, Answer.deleted_at.is_(None)))
    failed = _count_answers(FAILED_ANSWER)
    found: dict[int, VisitRow] = {}
    wanted = list(dict.fromkeys(keys))
    for start in range(0, len(wanted), CHUNK):
        rows = session.connection().execute(  # Core: plain rows, no ORM loading for a list of values
            sa.select(VISIT_KEY, Visit.id, Visit.planned_date, Visit.started_at, Visit.status, Visit.announced,
                      ReceptionPoint.name, Unit.name, Round.name, Visit.deleted_at, answered, failed)
            .select_from(Visit)
            .join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
            .join(Unit, ReceptionPoint.unit_id == Unit.id)
            .outerjoin(Round, Visit.round_id == Round.id)
            # by rowid only: a condition on deleted_at would tempt SQLite to scan its index
            .where(VISIT_KEY.in_(wanted[start:start + CHUNK]))
        )
        for key, visit_id, planned, started, status, announced, point, unit, round_name, deleted, checked, bad in rows:
            if deleted is None:
                found[key] = VisitRow(
                    id=visit_id, day=planned or (local(started).date() if started else None),
                    unit_name=unit, point_name=point, round_name=round_name or "", status=status,
                    announced=announced, answered=checked, failed=bad,
                )
    return found


def visit_key(session: Session, visit_id: uuid.UUID) -> int | None:
    """The list key of one visit (to find it again in a list of keys)."""
    return session.scalar(sa.select(VISIT_KEY).select_from(Visit).where(Visit.id == visit_id))


def list_visits(session: Session, flt: VisitFilter = VisitFilter(), sort: VisitSort = VisitSort.DAY,
                descending: bool = True) -> list[VisitRow]:
    """Every row at once, for the few callers that want them all (a round's plan, the command line)."""
    keys = visit_keys(session, flt, sort, descending)
    rows = visit_rows(session, keys)
    return [rows[k] for k in keys if k in rows]


# --- the filters' choices ---------------------------------------------------------------------------


def round_choices(session: Session) -> list[tuple[uuid.UUID, str]]:
    """Every round, newest decision first: what the visits list filters by."""
    return [(i, n) for i, n in session.execute(
        sa.select(Round.id, Round.name).order_by(Round.decision_date.desc(), Round.name))]


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
