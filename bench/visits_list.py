"""The visits list filtered and sorted through its model, against the same list in raw SQL, in the same run.

    python bench/visits_list.py FILE [FILE ...]     # generated databases (inspector.services.generate)

Through the model (what a click on a filter or a header costs): the key query of
services.lists.visit_keys, then the first screen's cells through VisitsModel.data() (one page of rows
and their counts of items checked and failed). Two baselines on sqlite3, with the same indexes:

- raw: the same statements written by hand (with the same hints to SQLite's planner): the keys of the visits that pass the filter in the list's
  order (a row per key, fetchall), then the first page's rows and their counts;
- screen: the least that shows the first screen: the count of the visits that pass the filter, their
  first page of rows in the same order (LIMIT, so SQLite may stop early), and that page's counts.

Each figure is the median of several runs; the ratios are model / raw and model / screen.

For bench/scale.py: ``measure(path) -> list[Figure]`` and ``CASES``.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from inspector.domain.workflow import VisitStatus
from inspector.services.lists import VisitFilter, VisitSort

SCREEN = 30  # rows on a screen
PAGE = 100  # as KeyedTableModel.PAGE
WORKFLOW = [s.value for s in VisitStatus]


@dataclass(frozen=True)
class Case:
    name: str
    flt: Callable[[sqlite3.Connection], VisitFilter]
    sort: VisitSort = VisitSort.DAY
    descending: bool = True


@dataclass(frozen=True)
class Figure:
    case: str
    rows: int
    model_ms: float
    raw_ms: float
    screen_ms: float
    cells_ms: float = 0.0  # the first screen's texts and colours, from rows already read (the view's painting)

    @property
    def ratio(self) -> float:
        return self.model_ms / self.raw_ms if self.raw_ms else float("inf")

    @property
    def screen_ratio(self) -> float:
        return self.model_ms / self.screen_ms if self.screen_ms else float("inf")


def _one(conn: sqlite3.Connection, sql: str) -> uuid.UUID:
    return uuid.UUID(conn.execute(sql).fetchone()[0])


def _busiest_round(conn: sqlite3.Connection) -> VisitFilter:
    return VisitFilter(round_id=_one(conn, "SELECT round_id FROM visits WHERE round_id IS NOT NULL "
                                           "GROUP BY round_id ORDER BY count(*) DESC"))


def _unit_with_history(conn: sqlite3.Connection) -> VisitFilter:
    return VisitFilter(unit_id=_one(conn, "SELECT successor_id FROM unit_successions GROUP BY successor_id "
                                          "ORDER BY count(*) DESC"))


def _last_year(conn: sqlite3.Connection) -> VisitFilter:
    last = date.fromisoformat(conn.execute("SELECT max(planned_date) FROM visits").fetchone()[0])
    return VisitFilter(date_from=date(last.year - 1, last.month, 1), date_to=last)


CASES = [
    Case("newest first (default)", lambda c: VisitFilter()),
    Case("oldest first", lambda c: VisitFilter(), VisitSort.DAY, False),
    Case("one round", _busiest_round),
    Case("one unit with its predecessors", _unit_with_history),
    Case("status: planned", lambda c: VisitFilter(status=VisitStatus.PLANNED)),
    Case("status: locked", lambda c: VisitFilter(status=VisitStatus.LOCKED)),
    Case("the last twelve months", _last_year),
    Case("one round, by unit", _busiest_round, VisitSort.UNIT, False),
    Case("all, by unit", lambda c: VisitFilter(), VisitSort.UNIT, False),
    Case("all, by status", lambda c: VisitFilter(), VisitSort.STATUS, False),
    Case("all, by progress", lambda c: VisitFilter(), VisitSort.PROGRESS, True),
]

_ORDER = {
    VisitSort.DAY: [],
    VisitSort.UNIT: ["u.sort_order", "u.name"],
    VisitSort.POINT: ["p.name"],
    VisitSort.ROUND: ["r.decision_date", "r.name"],
    VisitSort.KIND: ["v.announced"],
    VisitSort.STATUS: ["CASE v.status " + " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(WORKFLOW)) + " END"],
    VisitSort.PROGRESS: ["v.failed_count", "v.checked_count"],  # the counts each visit keeps (migration 0008)
}


def _units(conn: sqlite3.Connection, unit_id: uuid.UUID) -> list[str]:
    """The unit and every unit it continues (as the app finds them first, in a query of their own)."""
    return [r[0] for r in conn.execute("""WITH RECURSIVE before(id) AS (SELECT ? UNION SELECT s.predecessor_id
        FROM unit_successions s JOIN before ON s.successor_id = before.id) SELECT id FROM before""", (unit_id.hex,))]


def _where(conn: sqlite3.Connection, flt: VisitFilter) -> tuple[str, list[str]]:
    # with the app's hints to SQLite's planner (services.lists.not_deleted, visit_keys): the same statements
    where, params = ["likely(v.deleted_at IS NULL)"], []
    if flt.round_id:
        where.append("v.round_id = ?")
        params.append(flt.round_id.hex)
    if flt.unit_id:
        units = _units(conn, flt.unit_id)
        where.append(f"v.reception_point_id IN (SELECT id FROM reception_points WHERE unit_id IN ({', '.join('?' * len(units))}))")
        params.extend(units)
    if flt.status:
        where.append("likelihood(v.status = ?, 0.5)")
        params.append(flt.status.value)
    if flt.date_from:
        where.append("v.planned_date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        where.append("v.planned_date <= ?")
        params.append(flt.date_to.isoformat())
    return " AND ".join(where), params


def _order(sort: VisitSort, descending: bool) -> str:
    way = "DESC" if descending else "ASC"
    ties = [f"v.planned_date {way}", f"v.rowid {way}"] if sort is VisitSort.DAY else ["v.planned_date DESC", "v.rowid DESC"]
    return ", ".join([f"{k} {way}" for k in _ORDER[sort]] + ties)


_ROWS = """SELECT v.rowid, v.id, v.planned_date, v.started_at, u.name, p.name, r.name, v.announced, v.status,
                  v.deleted_at, v.checked_count, v.failed_count,
                  (SELECT count(*) FROM review_comments c WHERE c.visit_id = v.id AND c.cycle = v.review_cycle)
           FROM visits v JOIN reception_points p ON p.id = v.reception_point_id JOIN units u ON u.id = p.unit_id
                LEFT JOIN rounds r ON r.id = v.round_id"""


def _joined(sort: VisitSort) -> str:
    if sort is VisitSort.UNIT:
        return " JOIN reception_points p ON p.id = v.reception_point_id JOIN units u ON u.id = p.unit_id"
    if sort is VisitSort.POINT:
        return " JOIN reception_points p ON p.id = v.reception_point_id"
    if sort is VisitSort.ROUND:
        return " LEFT JOIN rounds r ON r.id = v.round_id"
    return ""


def raw_same_queries(conn: sqlite3.Connection, flt: VisitFilter, sort: VisitSort, descending: bool) -> list[int]:
    """The list's own design by hand: every key in order (a row each), then the first page's rows and counts."""
    condition, params = _where(conn, flt)
    keys = [k for (k,) in conn.execute(
        f"SELECT v.rowid FROM visits v{_joined(sort)} WHERE {condition} ORDER BY {_order(sort, descending)}", params)]
    page = keys[:PAGE]
    if page:
        conn.execute(f"{_ROWS} WHERE v.rowid IN ({', '.join('?' * len(page))})", page).fetchall()
    return keys


def raw_first_screen(conn: sqlite3.Connection, flt: VisitFilter, sort: VisitSort, descending: bool) -> tuple[int, list]:
    """The count and the first page of the list in plain SQL (with its counts of items checked and failed)."""
    condition, params = _where(conn, flt)
    count = conn.execute(f"SELECT count(*) FROM visits v WHERE {condition}", params).fetchone()[0]
    rows = conn.execute(f"{_ROWS} WHERE {condition} ORDER BY {_order(sort, descending)} LIMIT {PAGE}", params).fetchall()
    return count, rows


def _median(run: Callable[[], object], repeat: int) -> float:
    run()  # warm: the file in the OS cache, statements compiled, as on the second click
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(path: Path, repeat: int = 5, cases: list[Case] = CASES) -> list[Figure]:
    """Each case through the model and in raw SQL, on the database at ``path`` (opened read-only by the raw side)."""
    from PySide6.QtCore import QCoreApplication, Qt

    from inspector.store.migrate import open_database
    from inspector.ui.visits.model import SORTS, VisitsModel

    QCoreApplication.instance() or QCoreApplication([])
    db, _ = open_database(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    figures = []
    try:
        model = VisitsModel(db, ["", "", "", "", "", "", ""])
        for case in cases:
            flt = case.flt(conn)
            order = Qt.SortOrder.DescendingOrder if case.descending else Qt.SortOrder.AscendingOrder

            def through_model(flt: VisitFilter = flt, case: Case = case, order: Qt.SortOrder = order) -> None:
                model.loaded = False  # set the sort without a query, then one key query
                model.sort(SORTS.index(case.sort), order)
                model.set_filter(flt)
                for row in range(min(SCREEN, model.rowCount())):
                    model.row_at(row)  # the first screen's rows: their page read

            def cells() -> None:
                for row in range(min(SCREEN, model.rowCount())):
                    for column in range(model.columnCount()):
                        model.index(row, column).data()

            def raw(flt: VisitFilter = flt, case: Case = case) -> None:
                raw_same_queries(conn, flt, case.sort, case.descending)

            def screen(flt: VisitFilter = flt, case: Case = case) -> None:
                raw_first_screen(conn, flt, case.sort, case.descending)

            model_ms, raw_ms, screen_ms = _median(through_model, repeat), _median(raw, repeat), _median(screen, repeat)
            assert list(model.keys) == raw_same_queries(conn, flt, case.sort, case.descending), case.name
            cells_ms = _median(cells, repeat)
            figures.append(Figure(case.name, model.rowCount(), model_ms, raw_ms, screen_ms, cells_ms))
    finally:
        conn.close()
        db.dispose()
    return figures


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("-")]
    if not paths:
        print(__doc__)
        return 2
    for path in paths:
        print(f"== {path.name}")
        print(f"   {'case':<34}{'rows':>8}{'model ms':>10}{'raw ms':>8}{'ratio':>8}{'screen ms':>11}{'ratio':>8}"
              f"{'cells ms':>10}")
        for f in measure(path):
            print(f"   {f.case:<34}{f.rows:>8}{f.model_ms:>10.1f}{f.raw_ms:>8.1f}{f.ratio:>7.2f}×"
                  f"{f.screen_ms:>11.1f}{f.screen_ratio:>7.2f}×{f.cells_ms:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
