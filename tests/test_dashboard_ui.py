"""The dashboard tab (ui/dashboard): the figures shown are services.reporting's for the same period and body on the
session's generated database (a copy: the fixture's file is never written), a click on a section bar lists its
failed items, a double click there opens the visit, a click on a unit's name filters the visits list."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from inspector.domain.clock import local_today
from inspector.services import reporting
from inspector.services.lists import VisitFilter
from inspector.services.reporting import Behind, Period, Scope
from inspector.services.workspace import Workspace, open_workspace
from inspector.ui.dashboard.charts import number, percent
from inspector.ui.dashboard.view import DashboardView
from tests.conftest import ARTIFACTS

YEAR = local_today().year - 1
SHOTS = (ARTIFACTS / "dashboard",)


@pytest.fixture(scope="module")
def copy(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dashboard") / "generated.sqlite"
    shutil.copyfile(generated, target)
    return target


@pytest.fixture(scope="module")
def opened(copy: Path) -> Iterator[Workspace]:
    ws = open_workspace(copy)
    yield ws
    ws.close()


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    image = widget.grab()
    for folder in SHOTS:
        folder.mkdir(parents=True, exist_ok=True)
        image.save(str(folder / name))


def _view(qtbot, opened: Workspace) -> DashboardView:  # type: ignore[no-untyped-def]
    view = DashboardView(opened.db, opened.in_background)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    qtbot.waitExposed(view)
    return view


def _compute(qtbot, view: DashboardView, period: Period) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.computed, timeout=30_000):
        view.set_period(period)


def _click(qtbot, chart, payload) -> None:  # type: ignore[no-untyped-def]
    region = chart.region_of(payload)
    assert region is not None, payload
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=region.rect.center().toPoint())


def test_the_tab_shows_the_reports_figures(qtbot, app, opened: Workspace) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, opened)
    today = local_today()
    assert view.period() == Period.quarter(today.year, (today.month + 2) // 3)   # the current quarter by default
    _compute(qtbot, view, Period.year(YEAR))
    with opened.db.read() as session:
        f = reporting.figures(session, Scope(Period.year(YEAR)), as_of=today)
    shown = view.figures
    assert shown is not None and shown.scope == f.scope and shown.previous is not None
    before = f.previous
    assert before is not None and before.period == Period.year(YEAR - 1)
    tiles = {name: (tile.value.text(), tile.previous.text()) for name, tile in view.tiles.items()}
    assert tiles["visits"][0] == number(f.visits) and number(before.visits) in tiles["visits"][1]
    assert tiles["announced"][0] == f"{number(f.announced)} / {number(f.unannounced)}"
    assert tiles["units"][0] == number(f.units)
    assert tiles["passed"][0] == percent(f.total.passed / f.total.assessed)
    assert tiles["on_time"][0] == number(f.remediation.done_on_time)
    assert tiles["late"][0] == number(f.remediation.done_late)
    assert tiles["overdue"][0] == number(f.remediation.overdue) and f.remediation.overdue > 0
    assert [(s.key, s.tally) for s in view.section_bars.sections] == [(s.key, s.tally) for s in f.sections]
    assert [(q.period, q.visits, q.failed) for q in view.trend.quarters] == [(q.period, q.visits, q.failed) for q in f.quarters]
    assert [u.unit_id for u in view.heat.units] == [u.unit_id for u in f.heat[:25]]
    assert view.shortcomings.rowCount() == len(f.shortcomings) and view.staff.rowCount() == len(f.staff)
    assert view.shortcomings.item(0, 1).text() == number(f.shortcomings[0].failed)
    _shot(view, "dashboard-year.png")
    bar = view.findChild(QScrollArea, "dashboardScroll").verticalScrollBar()
    bar.setValue(bar.maximum())
    _shot(view, "dashboard-year-lower.png")
    view.all_units.setChecked(True)
    assert len(view.heat.units) == len(f.heat)

    # one inspecting body: the same figures as the report of that body
    with opened.db.read() as session:
        body = max(reporting.list_bodies(session, Period.year(YEAR).end),
                   key=lambda b: reporting.figures(session, Scope(Period.year(YEAR), b.id), previous=False,
                                                   details=False).visits)
        fb = reporting.figures(session, Scope(Period.year(YEAR), body.id), as_of=today)
    with qtbot.waitSignal(view.computed, timeout=30_000):
        view.set_body(body.id)
    assert view.figures is not None and view.figures.scope.body_id == body.id
    assert view.tiles["visits"].value.text() == number(fb.visits) and 0 < fb.visits < f.visits
    assert view.tiles["overdue"].value.text() == number(fb.remediation.overdue)


def test_a_section_bar_lists_its_failed_items_and_a_row_opens_its_visit(qtbot, app, opened: Workspace) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, opened)
    _compute(qtbot, view, Period.year(YEAR))
    assert view.figures is not None
    section = max(view.figures.sections, key=lambda s: s.tally.failed)
    assert not view.drill.isVisible()
    _click(qtbot, view.section_bars, section.key)
    assert view.drill.isVisible()
    assert view.items.rowCount() == section.tally.failed > 0
    assert view.items.pages_fetched <= 2   # keys, then only the rows painted
    row = view.items.row_at(0)
    assert row is not None and row.item_code.startswith(section.key.code + "-")
    assert str(section.tally.failed) in view.drill_title.text()
    _shot(view, "dashboard-section-items.png")

    with qtbot.waitSignal(view.open_requested) as opened_visit:
        rect = view.items_table.visualRect(view.items.index(0, 3))
        # as a real double click: the press the view remembers, then the double click on the same row
        qtbot.mouseClick(view.items_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.items_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened_visit.args == [row.visit_id]

    # a heat-map cell: that unit's failed items of that section; a frequent shortcoming: its own
    unit = view.figures.heat[0]
    key = next(k for k, t in unit.sections.items() if t.failed)
    _click(qtbot, view.heat, ("cell", unit.unit_id, key))
    assert view.items.rowCount() == unit.sections[key].failed
    view.shortcomings.cellClicked.emit(0, 0)
    assert view.items.rowCount() == view.figures.shortcomings[0].failed
    view.staff.cellClicked.emit(0, 0)
    assert view.items.rowCount() == view.figures.staff[0].findings
    assert view.items.behind == Behind(staff_id=view.figures.staff[0].staff_id)


def test_a_unit_and_a_quarter_filter_the_visits_list(qtbot, app, options, generated: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.app import build_main_window

    path = tmp_path / "generated.sqlite"
    shutil.copyfile(generated, path)
    window = build_main_window(options, path, user="truongphong")
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    view = window.dashboard
    with qtbot.waitSignal(view.computed, timeout=30_000):
        window.tabs.setCurrentWidget(view)   # shown: computed
    _compute(qtbot, view, Period.year(YEAR))
    _shot(window, "dashboard-window.png")
    f = view.figures
    assert f is not None
    unit = f.heat[0]
    _click(qtbot, view.heat, ("unit", unit.unit_id))
    assert window.tabs.currentWidget() is window.visits
    chosen = window.visits.current_filter()
    assert chosen == VisitFilter(unit_id=unit.unit_id, date_from=f.period.start, date_to=f.period.end)
    listed = {v.id for v in window.visits.visits}
    with window.workspace.db.read() as session:
        behind = set(reporting.visits_behind(session, f.scope, Behind(unit_id=unit.unit_id)))
    assert behind and behind <= listed   # the visits made there (the list also shows planned ones)
    assert all(f.period.start <= v.day <= f.period.end for v in window.visits.visits)
    _shot(window, "dashboard-unit-visits.png")

    window.tabs.setCurrentWidget(view)
    quarter = f.quarters[-1]
    _click(qtbot, view.trend, quarter.period)
    assert window.visits.current_filter() == VisitFilter(date_from=quarter.period.start, date_to=quarter.period.end)
    assert len(window.visits.visits) >= quarter.visits
    window.workspace.close()


def test_a_result_no_longer_asked_for_is_dropped(qtbot, app, opened: Workspace) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, opened)
    with qtbot.waitSignal(view.computed, timeout=30_000):
        view.set_period(Period.year(YEAR - 1))
        view.set_period(Period.quarter(YEAR, 2))   # asked while the year is computed: only the quarter is shown
    opened.wait_background()
    QApplication.processEvents()
    assert view.figures is not None and view.figures.period == Period.quarter(YEAR, 2)
    assert view.status.text().startswith("Q2/")
