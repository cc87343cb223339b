"""The visits list as a model over SQL, on a generated database: its filters and sorts give the rows a plain SQL
query gives; it reads only the rows the view paints; a refresh keeps the chosen visit."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector.domain.workflow import VisitStatus
from inspector.services.lists import VisitFilter, VisitSort
from inspector.store.db import Database
from inspector.store.migrate import open_database
from inspector.ui import labels
from inspector.ui.keyed_model import KeyedTableModel
from inspector.ui.visits.model import (
    DAY,
    FAILED_COLOUR,
    ID_ROLE,
    KIND,
    POINT,
    PROGRESS,
    ROUND,
    SORTS,
    STATUS,
    UNIT,
    VisitsModel,
    progress_text,
)
from inspector.ui.visits_view import VisitsView

WORKFLOW = ["planned", "in_progress", "submitted", "returned", "approved", "locked"]  # the order of the workflow
FAIL, UNCHECKED = "khong_dat", "chua_kiem_tra"
STATUS_ORDER = "CASE v.status " + " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(WORKFLOW)) + " END"
# The sort keys as the list defines them (ties: newest planned first, then the last created first).
ORDER = {
    VisitSort.DAY: [],
    VisitSort.UNIT: ["u.sort_order", "u.name"],
    VisitSort.POINT: ["p.name"],
    VisitSort.ROUND: ["r.decision_date", "r.name"],
    VisitSort.KIND: ["v.announced"],
    VisitSort.STATUS: [STATUS_ORDER],
    VisitSort.PROGRESS: ["failed", "answered"],  # items failed, then items checked
}


@pytest.fixture(scope="module")
def gen_db(generated: Path) -> Iterator[Database]:
    db, _ = open_database(generated)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def raw(generated: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"file:{generated}?mode=ro", uri=True)) as conn:
        yield conn


def _hex(value: uuid.UUID | None) -> str | None:
    return value.hex if value else None


def expected(conn: sqlite3.Connection, flt: VisitFilter, sort: VisitSort, descending: bool) -> list[tuple]:
    """The list written as one plain query: (id, day, unit, point, round, announced, status, answered, failed)."""
    where, params = ["v.deleted_at IS NULL"], []
    if flt.round_id:
        where.append("v.round_id = ?")
        params.append(_hex(flt.round_id))
    if flt.unit_id:  # the unit and every unit it continues
        where.append("""u.id IN (WITH RECURSIVE before(id) AS (SELECT ? UNION SELECT s.predecessor_id
                         FROM unit_successions s JOIN before ON s.successor_id = before.id) SELECT id FROM before)""")
        params.append(_hex(flt.unit_id))
    if flt.status:
        where.append("v.status = ?")
        params.append(flt.status.value)
    if flt.date_from:
        where.append("v.planned_date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        where.append("v.planned_date <= ?")
        params.append(flt.date_to.isoformat())
    way = "DESC" if descending else "ASC"
    ties = [f"v.planned_date {way}", f"v.rowid {way}"] if sort is VisitSort.DAY else ["v.planned_date DESC", "v.rowid DESC"]
    order = [f"{k} {way}" for k in ORDER[sort]] + ties
    sql = f"""
        SELECT v.id, coalesce(v.planned_date, date(v.started_at, '+7 hours')), u.name, p.name, coalesce(r.name, ''),
               v.announced, v.status,
               (SELECT count(*) FROM answers a WHERE a.visit_id = v.id AND a.deleted_at IS NULL AND a.result != '{UNCHECKED}')
                   AS answered,
               (SELECT count(*) FROM answers a WHERE a.visit_id = v.id AND a.deleted_at IS NULL AND a.result = '{FAIL}')
                   AS failed
        FROM visits v JOIN reception_points p ON p.id = v.reception_point_id JOIN units u ON u.id = p.unit_id
             LEFT JOIN rounds r ON r.id = v.round_id
        WHERE {" AND ".join(where)} ORDER BY {", ".join(order)}"""
    return conn.execute(sql, params).fetchall()


def _texts(row: tuple) -> list[str]:
    """What the list shows for a row of the plain query, column by column."""
    from inspector.services.lists import VisitRow

    visit_id, day, unit, point, round_name, announced, status, answered, failed = row
    shown = VisitRow(uuid.UUID(visit_id), date.fromisoformat(day) if day else None, unit, point, round_name,
                     VisitStatus(status), bool(announced), answered, failed)
    kind = "Announced" if announced else "Unannounced"
    return [
        f"{shown.day:%d/%m/%Y}" if shown.day else "", unit, point, round_name,
        QApplication.translate("VisitsView", kind), labels.visit_status(shown.status), progress_text(shown),
    ]


def _shown(model: VisitsModel) -> list[list[str]]:
    return [[model.index(r, c).data() or "" for c in range(model.columnCount())] for r in range(model.rowCount())]


def _some(conn: sqlite3.Connection, sql: str) -> uuid.UUID:
    return uuid.UUID(conn.execute(sql).fetchone()[0])


def raw_day(conn: sqlite3.Connection) -> str:
    return conn.execute("SELECT planned_date FROM visits GROUP BY planned_date ORDER BY count(*) DESC").fetchone()[0]


def _cases(conn: sqlite3.Connection) -> list[tuple[VisitFilter, VisitSort, bool]]:
    busiest_round = _some(conn, "SELECT round_id FROM visits WHERE round_id IS NOT NULL GROUP BY round_id ORDER BY count(*) DESC")
    # a unit that continues others, if the data has one (its list holds their visits too); else the busiest unit
    unit = conn.execute("SELECT successor_id FROM unit_successions LIMIT 1").fetchone() or conn.execute(
        "SELECT p.unit_id FROM visits v JOIN reception_points p ON p.id = v.reception_point_id "
        "GROUP BY p.unit_id ORDER BY count(*) DESC").fetchone()
    unit_id = uuid.UUID(unit[0])
    first, last = (date.fromisoformat(d) for d in conn.execute("SELECT min(planned_date), max(planned_date) FROM visits").fetchone())
    middle = first + (last - first) / 2
    busiest_day = date.fromisoformat(raw_day(conn))
    return [
        (VisitFilter(), VisitSort.DAY, True),  # the default: newest first
        (VisitFilter(), VisitSort.DAY, False),
        (VisitFilter(), VisitSort.STATUS, False),
        (VisitFilter(), VisitSort.PROGRESS, True),
        (VisitFilter(round_id=busiest_round), VisitSort.UNIT, False),
        (VisitFilter(round_id=busiest_round, status=VisitStatus.LOCKED), VisitSort.POINT, True),
        (VisitFilter(unit_id=unit_id), VisitSort.DAY, True),
        (VisitFilter(unit_id=unit_id, date_from=first, date_to=middle), VisitSort.ROUND, True),
        (VisitFilter(status=VisitStatus.PLANNED), VisitSort.KIND, False),
        (VisitFilter(date_from=middle, date_to=last), VisitSort.ROUND, False),
        (VisitFilter(date_from=busiest_day, date_to=busiest_day), VisitSort.DAY, True),  # one day: ties by creation
    ]


def test_filters_and_sorts_give_the_rows_of_a_plain_query(app, gen_db, raw) -> None:  # type: ignore[no-untyped-def]
    model = VisitsModel(gen_db, ["Date", "Unit", "Point", "Round", "Type", "Status", "Progress"])
    total = raw.execute("SELECT count(*) FROM visits WHERE deleted_at IS NULL").fetchone()[0]
    assert total >= 1000  # a database of some size: several pages
    seen_sorts = set()
    for flt, sort, descending in _cases(raw):
        model.set_filter(flt)
        model.sort(SORTS.index(sort), Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        seen_sorts.add(sort)
        rows = expected(raw, flt, sort, descending)
        assert model.rowCount() == len(rows), (flt, sort)
        assert [model.index(r, DAY).data(ID_ROLE) for r in range(model.rowCount())] == \
            [str(uuid.UUID(r[0])) for r in rows], (flt, sort, descending)
        assert _shown(model) == [_texts(r) for r in rows], (flt, sort, descending)
        # the failed count in red, and only there
        red = [r for r in range(model.rowCount()) if model.index(r, PROGRESS).data(Qt.ItemDataRole.ForegroundRole)]
        assert red == [n for n, r in enumerate(rows) if r[-1]]
        if red:
            assert model.index(red[0], PROGRESS).data(Qt.ItemDataRole.ForegroundRole).color().name() == FAILED_COLOUR
        assert all(model.index(0, c).data(Qt.ItemDataRole.ToolTipRole) for c in (UNIT, POINT)) or not rows
        assert model.index(0, STATUS).data(Qt.ItemDataRole.ToolTipRole) is None or not rows
    assert seen_sorts == set(VisitSort) - {VisitSort.WAITING}  # the review queue's order (tests/test_review.py)
    assert {KIND, ROUND} <= set(range(model.columnCount()))


@pytest.fixture
def big_view(qtbot, app, gen_db) -> VisitsView:  # type: ignore[no-untyped-def]
    view = VisitsView(gen_db)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    QApplication.processEvents()
    return view


def test_only_the_painted_rows_are_read(big_view) -> None:  # type: ignore[no-untyped-def]
    view, model = big_view, big_view.model
    page = model.PAGE
    assert model.rowCount() > 4 * page
    assert model.rows_fetched <= page and model.pages_fetched <= 2  # the first screen: its page, nothing else
    # the count without reading the rows, grouped the Vietnamese way ("2.003 buổi kiểm tra")
    assert view.count_label.text().startswith(f"{model.rowCount():,}".replace(",", "."))

    middle = model.rowCount() // 2
    view.table.scrollTo(model.index(middle, DAY), view.table.ScrollHint.PositionAtCenter)
    QApplication.processEvents()
    read = model.rows_fetched
    assert read <= 3 * page  # the middle's page (or two, at a page's edge)
    assert model.cached_row(middle) is not None and model.cached_row(middle - 2 * page) is None  # not between

    # a refresh is one key query; the rows go stale and only those painted again are read again
    before = model.pages_fetched
    view.refresh()
    QApplication.processEvents()
    assert model.pages_fetched - before <= 3  # the selected row's page and the screen's
    assert model.rows_fetched - read <= 3 * page


def test_refresh_and_sorting_keep_the_chosen_visit(qtbot, big_view, raw) -> None:  # type: ignore[no-untyped-def]
    view, model = big_view, big_view.model
    assert view.current_row() == 0 and view.open_button.isEnabled()  # the newest, ready for Enter
    row = model.rowCount() // 2 + 7
    view.select_row(row)
    chosen = view.current_visit_id()
    assert chosen is not None and chosen == uuid.UUID(model.index(row, DAY).data(ID_ROLE))

    view.refresh()
    assert view.current_row() == row and view.current_visit_id() == chosen

    view.table.horizontalHeader().setSortIndicator(UNIT, Qt.SortOrder.AscendingOrder)  # a click on "Unit"
    assert (model.sort_by, model.descending) == (VisitSort.UNIT, False)
    assert view.current_visit_id() == chosen
    assert view.table.visualRect(view.table.currentIndex()).intersects(view.table.viewport().rect())  # scrolled to it

    with qtbot.waitSignal(view.open_requested, timeout=2000) as blocker:
        view.open_button.click()
    assert blocker.args == [chosen]

    # a filter that leaves it out: the first row is chosen instead
    other = raw.execute("SELECT status FROM visits WHERE id != ? GROUP BY status ORDER BY count(*) DESC",
                        (chosen.hex,)).fetchone()[0]
    status = raw.execute("SELECT status FROM visits WHERE id = ?", (chosen.hex,)).fetchone()[0]
    if other != status:
        view.status_combo.setCurrentIndex(view.status_combo.findData(other))
        assert view.current_row() == 0 and view.current_visit_id() != chosen
        assert view.select_visit(chosen) is False
    view.status_combo.setCurrentIndex(0)
    assert view.select_visit(chosen) and view.current_visit_id() == chosen


def test_the_visits_list_reads_as_a_sequence(big_view, raw) -> None:  # type: ignore[no-untyped-def]
    visits = big_view.visits
    assert len(visits) == big_view.model.rowCount()
    assert visits[-1].id == uuid.UUID(big_view.model.index(len(visits) - 1, DAY).data(ID_ROLE))
    assert [v.id for v in visits[:3]] == [uuid.UUID(big_view.model.index(r, DAY).data(ID_ROLE)) for r in range(3)]
    with pytest.raises(IndexError):
        visits[len(visits)]


def test_the_key_queries_read_an_index_and_sort_nothing_by_date(gen_db, raw) -> None:  # type: ignore[no-untyped-def]
    """EXPLAIN QUERY PLAN of the key queries: newest first (or oldest), by round, status or dates, and by progress,
    the keys come in order off a covering index (db/versions/0007 and 0008); a unit is a search of its points' index."""
    from inspector.services.lists import visit_keys_plan

    cases = _cases(raw)
    round_id, unit_id = cases[4][0].round_id, cases[6][0].unit_id
    first = date.fromisoformat(raw.execute("SELECT min(planned_date) FROM visits").fetchone()[0])
    plans = {}
    for name, flt, sort, descending in (
        ("all", VisitFilter(), VisitSort.DAY, True), ("oldest first", VisitFilter(), VisitSort.DAY, False),
        ("round", VisitFilter(round_id=round_id), VisitSort.DAY, True),
        ("status", VisitFilter(status=VisitStatus.LOCKED), VisitSort.DAY, True),
        ("dates", VisitFilter(date_from=first, date_to=date(first.year + 1, 1, 1)), VisitSort.DAY, True),
        ("unit", VisitFilter(unit_id=unit_id), VisitSort.DAY, True),
        ("progress", VisitFilter(), VisitSort.PROGRESS, True),
    ):
        with gen_db.read() as session:
            plans[name] = visit_keys_plan(session, flt, sort, descending)
    for name in ("all", "oldest first", "round", "status", "dates", "progress"):
        assert not any("TEMP B-TREE" in step for step in plans[name]), (name, plans[name])
        assert any("SEARCH visits USING COVERING INDEX ix_visits_" in step for step in plans[name]), (name, plans[name])
    assert any("ix_visits_round_list" in step for step in plans["round"])
    assert any("ix_visits_status_list" in step for step in plans["status"])
    assert any("ix_visits_progress_list" in step for step in plans["progress"]), plans["progress"]
    assert any("COVERING INDEX ix_visits_point_list" in step for step in plans["unit"]), plans["unit"]


class _Numbers(KeyedTableModel[str]):
    """A list of numbers as a keyed model: the keys are the numbers, a row is its text; ``broken`` fails reads."""

    def __init__(self, count: int) -> None:
        super().__init__(["n"])
        self.count, self.broken, self.reads = count, False, 0

    def query_keys(self) -> list[int]:
        return list(range(self.count))

    def fetch_rows(self, keys):  # type: ignore[no-untyped-def]
        self.reads += 1
        if self.broken:
            raise OSError("disk gone")
        return {k: str(k) for k in keys if k % 97}  # every 97th row is gone since the key query

    def cell(self, row: str, column: int, role: int) -> str:
        return row


def test_a_keyed_model_reads_pages_marks_them_stale_and_fails_once(app) -> None:  # type: ignore[no-untyped-def]
    model = _Numbers(1000)
    assert model.rowCount() == 0 and not model.loaded  # nothing read before the first reload
    model.reload()
    assert model.rowCount() == 1000 and model.reads == 0  # the keys only
    assert model.index(250, 0).data() == "250" and model.reads == 1
    assert model.index(299, 0).data() == "299" and model.reads == 1  # the same page
    assert model.index(97, 0).data() is None and model.reads == 2  # gone since: an empty row, read once
    assert model.index(97, 0).data() is None and model.reads == 2
    model.reload()
    assert model.cached_row(250) == "250"  # kept, but stale: read again when next shown
    assert model.index(250, 0).data() == "250" and model.reads == 3

    model.broken = True
    model.reload()
    with pytest.raises(OSError):
        model.row_at(500)
    assert model.index(500, 0).data() is None and model.reads == 4  # no second failure for the same page
    model.broken = False
    model.reload()
    assert model.index(500, 0).data() == "500"

    model.CACHE_LIMIT = 250  # a long scroll: the cache stays bounded
    for row in range(0, 1000, 50):
        model.index(row, 0).data()
    assert len(model._cache) <= 250
