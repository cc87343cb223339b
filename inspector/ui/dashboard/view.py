"""The dashboard tab (bảng tổng hợp kết quả kiểm tra): the figures of a period and an inspecting body, as the
periodic report prints them (services.reporting), with the previous period beside them, and its three charts.

The figures are computed on a worker thread (Workspace.in_background): a year of 50,000 visits takes a moment and
the window must not freeze. A period changed meanwhile starts another computation; a result that is no longer
asked for is dropped. A click leads to what is behind a figure: a section bar, a heat-map cell, a frequent
shortcoming, a criterion or a member of staff to the list of the failed items below the charts (a model over
SQL: keys, then the rows painted), a double click there to the visit; a unit's name, a quarter of the trend or the
visits tile to the visits list, filtered (``visits_requested`` with a services.lists.VisitFilter).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.clock import local_today
from inspector.domain.report_figures import Figures, Period, Scope
from inspector.domain.satisfaction import interval_text
from inspector.domain.satisfaction import percent as sat_percent
from inspector.services.bodies import list_bodies
from inspector.services.lists import VisitFilter
from inspector.services.reporting import Behind, figures
from inspector.store.db import Database
from inspector.store.migrate import DatabaseRefused
from inspector.ui import labels
from inspector.ui.dashboard.charts import FAIL_RED, HeatMap, SectionBars, TrendChart, number, percent
from inspector.ui.dashboard.model import DAY, ITEM, NOTE, POINT, UNIT, FailedItemsModel
from inspector.ui.widgets import date_edit, list_table, to_qdate

HEAT_UNITS = 25        # the heat map's rows unless all are asked for (as the printed report)
RECOMPUTE_DELAY_MS = 300  # a period typed day by day is computed once the typing pauses

Background = Callable[[str, Callable[[threading.Event], Any], Callable[[Any, BaseException | None], None]], Any]
TILES = ("visits", "announced", "units", "passed", "on_time", "late", "overdue")


def _own_thread(name: str, work: Callable[[threading.Event], Any],
                done: Callable[[Any, BaseException | None], None]) -> Any:
    """Without a workspace (a view built alone): a worker thread of its own."""
    from inspector.services.workspace import Background as Job

    job = Job(name, work, done)
    job.thread.start()
    return job


class _Relay(QObject):
    """Carries a result from the worker thread to the view's thread."""

    arrived = Signal(object)


class Tile(QFrame):
    """A key figure: its name, its value, the previous period's beside it; clickable when it leads somewhere."""

    clicked = Signal()

    def __init__(self, name: str, title: str, *, clickable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#tile_{name} {{ background: palette(base); border: 1px solid #d0d0d0; border-radius: 6px; }}")
        self.clickable = clickable
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        column.setSpacing(2)
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("color: #555;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        # two lines for every title, so that the values of a row of tiles line up when one title wraps
        self.title.setFixedHeight(2 * self.title.fontMetrics().lineSpacing() + 2)
        self.value = QLabel("—")
        self.value.setObjectName("value")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        self.previous = QLabel()
        self.previous.setObjectName("previous")
        self.previous.setStyleSheet("color: #666;")
        for label in (self.title, self.value, self.previous):
            column.addWidget(label)

    def show_value(self, value: str, previous: str, *, red: bool = False) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {FAIL_RED.name()};" if red else "")
        self.previous.setText(previous)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.clickable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            return
        super().mouseReleaseEvent(event)


class DashboardView(QWidget):
    open_requested = Signal(object)      # a visit's id (a double click in the failed items)
    visits_requested = Signal(object)    # a VisitFilter: the visits list, filtered
    computed = Signal()                  # the figures asked for last are shown

    def __init__(self, db: Database, background: Background | None = None, parent: QWidget | None = None, *,
                 today: Callable[[], date] = local_today) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.db = db
        self.background = background or _own_thread
        self.today = today
        self.figures: Figures | None = None
        self._asked = 0          # the computation asked for last; older results are dropped
        self._relay = _Relay(self)
        self._relay.arrived.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self.compute)

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_choices())
        tiles = QHBoxLayout()
        titles = {"visits": self.tr("Visits made"), "announced": self.tr("Announced / unannounced"),
                  "units": self.tr("Units covered"), "passed": self.tr("Items passed"),
                  "on_time": self.tr("Recommendations done on time"), "late": self.tr("Done late"),
                  "overdue": self.tr("Overdue")}
        self.tiles = {name: Tile(name, titles[name], clickable=name == "visits") for name in TILES}
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        self.tiles["visits"].clicked.connect(lambda: self._ask_visits())
        self.tiles["visits"].setToolTip(self.tr("Click for the visits of the period"))
        layout.addLayout(tiles)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("dashboardSplitter")
        self.splitter.addWidget(self._build_charts())
        self.splitter.addWidget(self._build_drill())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.drill.hide()
        layout.addWidget(self.splitter, 1)
        self._kind_changed()

    # --- building ----------------------------------------------------------------------------

    def _build_choices(self) -> QHBoxLayout:
        row = QHBoxLayout()
        today = self.today()
        self.kind = QComboBox()
        self.kind.setObjectName("periodKind")
        for text, kind in ((self.tr("Quarter"), "quarter"), (self.tr("Half year"), "half"), (self.tr("Year"), "year"),
                           (self.tr("Dates"), "days")):
            self.kind.addItem(text, kind)
        self.year = QSpinBox()
        self.year.setObjectName("periodYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.part = QComboBox()
        self.part.setObjectName("periodPart")
        quarter = Period.quarter(today.year, (today.month + 2) // 3)
        self.date_from = date_edit("periodFrom", quarter.start)
        self.date_to = date_edit("periodTo", quarter.end)
        self.to_label = QLabel(self.tr("to"))
        self.body = QComboBox()
        self.body.setObjectName("inspectingBody")
        self.body.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.body.setMinimumContentsLength(24)
        label = QLabel(self.tr("&Period:"))
        label.setBuddy(self.kind)
        row.addWidget(label)
        for widget in (self.kind, self.year, self.part, self.date_from, self.to_label, self.date_to):
            row.addWidget(widget)
        label = QLabel(self.tr("Inspecting b&ody:"))
        label.setBuddy(self.body)
        row.addSpacing(12)
        row.addWidget(label)
        row.addWidget(self.body, 1)
        self.status = QLabel()
        self.status.setObjectName("dashboardStatus")
        self.status.setStyleSheet("color: #666;")
        row.addWidget(self.status)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.part.setProperty("quarter", (today.month + 2) // 3)
        for signal in (self.year.valueChanged, self.part.currentIndexChanged, self.body.currentIndexChanged,
                       self.date_from.dateChanged, self.date_to.dateChanged):
            signal.connect(lambda *_: self._changed())
        return row

    def _build_charts(self) -> QScrollArea:
        content = QWidget()
        content.setObjectName("dashboardCharts")
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        self.section_bars = SectionBars()
        self.section_bars.clicked.connect(lambda key: self.show_behind(Behind(section=key)))
        self.trend = TrendChart()
        self.trend.clicked.connect(self._quarter_clicked)
        self.heat = HeatMap()
        self.heat.clicked.connect(self._heat_clicked)
        self.all_units = QCheckBox(self.tr("All units"))
        self.all_units.setObjectName("allUnits")
        self.all_units.toggled.connect(lambda _on: self._show_heat())
        self.heat_note = QLabel()
        self.heat_note.setStyleSheet("color: #666;")

        self.shortcomings = self._table("shortcomings", [self.tr("Item"), self.tr("Failed"), self.tr("Share")])
        self.shortcomings.cellClicked.connect(lambda row, _c: self._list_clicked(self.shortcomings, row))
        self.criteria = self._table("criteria", [self.tr("SIPAS criterion"), self.tr("Failed"), self.tr("Share"),
                                                 self.tr("Previous")])
        self.criteria.cellClicked.connect(lambda row, _c: self._list_clicked(self.criteria, row))
        self.staff = self._table("staff", [self.tr("Staff member"), self.tr("Findings"), self.tr("Visits")])
        self.staff.cellClicked.connect(lambda row, _c: self._list_clicked(self.staff, row))
        # the citizens' voice beside the inspectors' results, criterion by criterion (services.survey_index)
        self.satisfaction = self._table("satisfaction", [
            self.tr("SIPAS criterion"), self.tr("Satisfied"), self.tr("n"), self.tr("95% interval"),
            self.tr("Failed (team)")])
        self.satisfaction.setCursor(Qt.CursorShape.ArrowCursor)
        self.satisfaction.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # the formula under the table, wrapped: a read-only text box of the height of its text (a word-wrapped label
        # would ask the scroll area for a height by width, which it does not give, and overlap the table)
        self.satisfaction_note = QTextEdit()
        self.satisfaction_note.setObjectName("satisfactionNote")
        self.satisfaction_note.setReadOnly(True)
        self.satisfaction_note.setFrameShape(QFrame.Shape.NoFrame)
        self.satisfaction_note.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.satisfaction_note.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.satisfaction_note.setStyleSheet("QTextEdit { background: transparent; color: #666; }")
        satisfaction_box = QGroupBox(self.tr("Reference satisfaction index (quick on-the-spot survey)"))
        satisfaction_box.setObjectName("satisfactionBox")
        inner = QVBoxLayout(satisfaction_box)
        inner.addWidget(self.satisfaction)
        inner.addWidget(self.satisfaction_note)

        grid.addWidget(self._box(self.tr("Share of items failed per section"), self.section_bars), 0, 0)
        grid.addWidget(self._box(self.tr("Visits and items failed per visit, by quarter"), self.trend), 0, 1)
        heat_box = QGroupBox(self.tr("Units × sections: share of items failed"))
        heat_layout = QVBoxLayout(heat_box)
        top = QHBoxLayout()
        top.addWidget(self.heat_note, 1)
        top.addWidget(self.all_units)
        heat_layout.addLayout(top)
        heat_layout.addWidget(self.heat)
        heat_layout.addStretch(1)
        grid.addWidget(heat_box, 1, 0, 4, 1)
        grid.addWidget(self._box(self.tr("Most frequent shortcomings"), self.shortcomings), 1, 1)
        grid.addWidget(self._box(self.tr("Results per SIPAS criterion"), self.criteria), 2, 1)
        grid.addWidget(satisfaction_box, 3, 1)
        grid.addWidget(self._box(self.tr("Staff with repeated findings"), self.staff), 4, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        scroll = QScrollArea()
        scroll.setObjectName("dashboardScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        return scroll

    def _build_drill(self) -> QWidget:
        self.drill = QWidget()
        self.drill.setObjectName("dashboardDrill")
        column = QVBoxLayout(self.drill)
        column.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        self.drill_title = QLabel()
        self.drill_title.setObjectName("drillTitle")
        self.drill_title.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.drill_title.font())
        font.setBold(True)
        self.drill_title.setFont(font)
        top.addWidget(self.drill_title, 1)
        hint = QLabel(self.tr("Double-click a row to open its visit."))
        hint.setStyleSheet("color: #666;")
        top.addWidget(hint)
        self.close_drill = QPushButton(self.tr("Close l&ist"))
        self.close_drill.setObjectName("closeDrill")
        self.close_drill.clicked.connect(self.drill.hide)
        top.addWidget(self.close_drill)
        column.addLayout(top)
        self.items = FailedItemsModel(self.db, [self.tr("Date"), self.tr("Unit"), self.tr("Reception point"),
                                                self.tr("Item"), self.tr("Note")], self)
        self.items_table = list_table("failedItems", self.items)
        header = self.items_table.horizontalHeader()
        metrics = self.items_table.fontMetrics()
        self.items_table.setColumnWidth(DAY, metrics.horizontalAdvance("88/88/8888") + 24)
        for column_no, width in ((UNIT, 220), (POINT, 200)):
            self.items_table.setColumnWidth(column_no, width)
        header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.items_table.activated.connect(self._item_activated)
        column.addWidget(self.items_table, 1)
        return self.drill

    @staticmethod
    def _box(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.addWidget(widget)
        return box

    @staticmethod
    def _table(name: str, headers: list[str]) -> QTableWidget:
        """A short fixed list (ten shortcomings, fifteen staff, four criteria): a row a click."""
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.setCursor(Qt.CursorShape.PointingHandCursor)
        return table

    # --- the period and the body -------------------------------------------------------------------

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        today = self.today()
        self.part.blockSignals(True)
        self.part.clear()
        if kind == "quarter":
            for n in range(1, 5):
                self.part.addItem(self.tr("Quarter %1").replace("%1", ["I", "II", "III", "IV"][n - 1]), n)
            self.part.setCurrentIndex((today.month + 2) // 3 - 1 if self.year.value() == today.year else 0)
        elif kind == "half":
            self.part.addItem(self.tr("First half"), 1)
            self.part.addItem(self.tr("Second half"), 2)
            self.part.setCurrentIndex(int(today.month > 6) if self.year.value() == today.year else 0)
        self.part.blockSignals(False)
        self.part.setVisible(kind in ("quarter", "half"))
        self.year.setVisible(kind != "days")
        for widget in (self.date_from, self.to_label, self.date_to):
            widget.setVisible(kind == "days")
        self._changed()

    def period(self) -> Period:
        kind = self.kind.currentData()
        if kind == "days":
            start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
            return Period.between(min(start, end), max(start, end))
        year = self.year.value()
        if kind == "year":
            return Period.year(year)
        if kind == "half":
            return Period.half(year, self.part.currentData() or 1)
        return Period.quarter(year, self.part.currentData() or 1)

    def set_period(self, period: Period) -> None:
        """Choose ``period`` in the controls (and compute it)."""
        for widget in (self.kind, self.year, self.part, self.date_from, self.date_to):
            widget.blockSignals(True)
        try:
            self.kind.setCurrentIndex(self.kind.findData(period.kind))
            self.year.setValue(period.start.year)
            self._kind_changed()
            if period.kind == "quarter":
                self.part.setCurrentIndex((period.start.month + 2) // 3 - 1)
            elif period.kind == "half":
                self.part.setCurrentIndex(int(period.start.month > 6))
            self.date_from.setDate(to_qdate(period.start))
            self.date_to.setDate(to_qdate(period.end))
        finally:
            for widget in (self.kind, self.year, self.part, self.date_from, self.date_to):
                widget.blockSignals(False)
        self._timer.stop()
        self.compute()

    def body_id(self) -> uuid.UUID | None:
        data = self.body.currentData()
        return uuid.UUID(data) if data else None

    def set_body(self, body_id: uuid.UUID | None) -> None:
        self.body.setCurrentIndex(max(self.body.findData(str(body_id) if body_id else ""), 0))

    def scope(self) -> Scope:
        return Scope(self.period(), self.body_id())

    def _fill_bodies(self) -> None:
        """The bodies valid at the end of the period (the chosen one kept if still there), and "all bodies"."""
        kept = self.body.currentData()
        with self.db.read() as session:
            bodies = list_bodies(session, self.period().end) or list_bodies(session, every=True)
        self.body.blockSignals(True)
        self.body.clear()
        self.body.addItem(self.tr("All inspecting bodies"), "")
        for body in bodies:
            self.body.addItem(body.full_name, str(body.id))
            self.body.setItemData(self.body.count() - 1, body.full_name, Qt.ItemDataRole.ToolTipRole)
        self.body.setCurrentIndex(max(self.body.findData(kept), 0) if kept else 0)
        self.body.blockSignals(False)

    def _changed(self) -> None:
        self._timer.start()

    # --- computing ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the figures again (the tab shown after a change elsewhere)."""
        self._timer.stop()
        self.compute()

    def compute(self) -> None:
        """Compute the figures of the chosen scope on a worker thread; ``computed`` once they are shown."""
        try:
            self._fill_bodies()
        except (DatabaseRefused, sa.exc.SQLAlchemyError) as exc:  # the server gone, the database closed meanwhile
            self.status.setText(self.tr("The figures could not be computed: %1").replace("%1", str(exc)))
            return
        scope, today = self.scope(), self.today()
        self._asked += 1
        asked = self._asked
        self.status.setText(self.tr("Computing…"))
        db, relay = self.db, self._relay

        def work(_stop: threading.Event) -> Figures:
            with db.read() as session:
                return figures(session, scope, as_of=today)

        def done(result: Any, error: BaseException | None) -> None:  # on the worker thread
            try:
                relay.arrived.emit((asked, result, error))
            except RuntimeError:  # the view is gone
                pass

        self.background("dashboard", work, done)

    @Slot(object)
    def _arrived(self, message: tuple[int, Figures | None, BaseException | None]) -> None:
        asked, result, error = message
        if asked != self._asked:
            return  # another period was asked for meanwhile
        if error is not None or result is None:
            self.status.setText(self.tr("The figures could not be computed: %1").replace("%1", str(error)))
            return
        self.show_figures(result)
        self.computed.emit()

    # --- showing -----------------------------------------------------------------------------------

    def show_figures(self, f: Figures) -> None:
        self.figures = f
        before = f.previous
        self.status.setText(self.tr("%1, compared with %2").replace("%1", f.period.short_label)
                            .replace("%2", before.period.short_label if before else "—"))

        def was(now: int | float | None, then: int | float | None, text: str) -> str:
            if before is None:
                return ""
            arrow = ""
            if now is not None and then is not None and now != then:
                arrow = " ▲" if now > then else " ▼"
            return self.tr("Previous: %1").replace("%1", text) + arrow

        rem, prem = f.remediation, before.remediation if before else None
        passed = f.total.passed / f.total.assessed if f.total.assessed else None
        ppassed = before.total.passed / before.total.assessed if before and before.total.assessed else None
        self.tiles["visits"].show_value(number(f.visits), was(f.visits, before and before.visits,
                                                              number(before.visits) if before else ""))
        self.tiles["announced"].show_value(f"{number(f.announced)} / {number(f.unannounced)}",
                                           was(None, None, f"{number(before.announced)} / {number(before.unannounced)}"
                                               if before else ""))
        self.tiles["units"].show_value(number(f.units), was(f.units, before and before.units,
                                                            number(before.units) if before else ""))
        self.tiles["passed"].show_value(percent(passed), was(passed, ppassed, percent(ppassed)))
        for name, now, then in (("on_time", rem.done_on_time, prem and prem.done_on_time),
                                ("late", rem.done_late, prem and prem.done_late),
                                ("overdue", rem.overdue, prem and prem.overdue)):
            self.tiles[name].show_value(number(now), was(now, then, number(then or 0)), red=name == "overdue" and now > 0)
        self.tiles["passed"].setToolTip(self.tr("%1 of %2 items assessed passed (Đạt / Đạt + Không đạt), in the %3 "
                                                "approved visits").replace("%1", number(f.total.passed))
                                        .replace("%2", number(f.total.assessed)).replace("%3", number(f.concluded)))
        self.tiles["overdue"].setToolTip(self.tr("%1 recommendations of the period's visits; overdue on %2")
                                         .replace("%1", number(rem.total)).replace("%2", f"{f.as_of:%d/%m/%Y}"))

        self.section_bars.set_data(f.sections, before.sections if before else ())
        self.trend.set_data(f.quarters)
        self._show_heat()
        self._fill(self.shortcomings, [
            ([f"{i.code} — {i.text}", number(i.failed), percent(i.failed / i.assessed if i.assessed else None)],
             Behind(item=(i.form_code, i.code)), f"{i.section_title}\n{i.text}") for i in f.shortcomings])
        pcrit = {c.criterion: c.tally for c in before.criteria} if before else {}
        self._fill(self.criteria, [
            ([labels.sipas(c.criterion), number(c.tally.failed), percent(c.tally.fail_rate),
              percent(pcrit[c.criterion].fail_rate) if c.criterion in pcrit else "—"],
             Behind(criterion=c.criterion), labels.sipas(c.criterion)) for c in f.criteria])
        self._fill(self.staff, [
            ([f"{s.full_name} ({s.unit_name})", number(s.findings), number(s.visits)], Behind(staff_id=s.staff_id),
             f"{s.full_name}, {s.position}\n{s.point_name}\n{s.unit_name}") for s in f.staff])
        self._show_satisfaction(f)

    def _show_satisfaction(self, f: Figures) -> None:
        """The reference index per criterion, overall last, the inspectors' share of items failed beside it; the
        formula (its version and the interval's method) under the table."""
        index = f.satisfaction
        if index is None or not index.responses:
            self._fill(self.satisfaction, [])
            self.satisfaction.hide()
            self.satisfaction_note.setPlainText(self.tr("No survey responses in the period."))
            self._fit_note()
            return
        self.satisfaction.show()
        failed = {c.criterion: c.tally.fail_rate for c in f.criteria}
        rows = [([labels.sipas(c.criterion), sat_percent(c.value), number(c.respondents), interval_text(c.interval),
                  percent(failed.get(c.criterion))], Behind(criterion=c.criterion), labels.sipas(c.criterion))
                for c in index.criteria]
        rows.append(([self.tr("Overall"), sat_percent(index.value), number(index.respondents),
                      interval_text(index.interval), percent(f.total.fail_rate)], Behind(), self.tr("Overall")))
        self._fill(self.satisfaction, rows)
        note = self.tr("%1 questionnaires, %2 respondents.").replace("%1", number(index.responses)).replace(
            "%2", number(index.respondents))
        if index.small:
            note += " " + self.tr("Small sample: for reference only.")
        self.satisfaction_note.setPlainText(f"{note}\n{index.formula.line}")
        self._fit_note()

    def _fit_note(self) -> None:
        """The note as high as its text at its width."""
        note = self.satisfaction_note
        document = note.document()
        document.setTextWidth(max(note.viewport().width(), 200))
        note.setFixedHeight(int(document.size().height()) + 2 * note.frameWidth() + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_note)   # once the layout has given the note its new width

    def _show_heat(self) -> None:
        f = self.figures
        if f is None:
            return
        rows = f.heat if self.all_units.isChecked() else f.heat[:HEAT_UNITS]
        self.heat.set_data(rows, f.sections)
        self.all_units.setVisible(len(f.heat) > HEAT_UNITS)
        self.heat_note.setText(self.tr("%1 of %2 units, the most items failed first. A unit's name: its visits; "
                                       "a cell: its failed items.").replace("%1", number(len(rows)))
                               .replace("%2", number(len(f.heat))))

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[list[str], Behind, str]]) -> None:
        table.setRowCount(len(rows))
        for r, (cells, behind, tip) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tip if c == 0 else text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                else:
                    item.setData(Qt.ItemDataRole.UserRole, behind)
                table.setItem(r, c, item)
        height = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(len(rows))) + 4
        table.setFixedHeight(max(height, table.horizontalHeader().height() + 30))

    # --- what lies behind a figure -------------------------------------------------------------------

    def _list_clicked(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        behind = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(behind, Behind):
            self.show_behind(behind, item.toolTip().split("\n")[0] if table is not self.shortcomings else item.text())

    def show_behind(self, behind: Behind, what: str | None = None) -> None:
        """The failed items behind a figure, listed below the charts."""
        if self.figures is None:
            return
        f = self.figures
        if what is None:
            what = self._name_of(behind)
        self.items.show(f.scope, behind)
        self.drill_title.setText(self.tr("Failed items — %1 — %2: %n item(s)", "", self.items.rowCount())
                                 .replace("%1", what).replace("%2", f.period.short_label))
        self.drill.show()
        if self.items.rowCount():
            self.items_table.selectRow(0)
        sizes = self.splitter.sizes()
        if sizes[1] < 160:
            total = sum(sizes)
            self.splitter.setSizes([total * 3 // 5, total - total * 3 // 5])

    def _name_of(self, behind: Behind) -> str:
        f = self.figures
        assert f is not None
        parts = []
        if behind.unit_id is not None:
            parts.append(next((u.name for u in f.heat if u.unit_id == behind.unit_id), ""))
        if behind.section is not None:
            section = f.section(behind.section)
            parts.append(section.title if section else behind.section.code)
        if behind.criterion is not None:
            parts.append(labels.sipas(behind.criterion))
        return " · ".join(p for p in parts if p)

    def _heat_clicked(self, payload: tuple[Any, ...]) -> None:
        if payload[0] == "unit":
            self._ask_visits(unit_id=payload[1])
        else:
            self.show_behind(Behind(unit_id=payload[1], section=payload[2]))

    def _quarter_clicked(self, quarter: Period) -> None:
        self._ask_visits(period=quarter)

    def _ask_visits(self, *, unit_id: uuid.UUID | None = None, period: Period | None = None) -> None:
        chosen = period or (self.figures.period if self.figures is not None else self.period())
        self.visits_requested.emit(VisitFilter(unit_id=unit_id, date_from=chosen.start, date_to=chosen.end))

    def _item_activated(self, index: QModelIndex) -> None:
        visit_id = self.items.visit_id_at(index.row())
        if visit_id is not None:
            self.open_requested.emit(visit_id)

