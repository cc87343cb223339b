"""The dashboard's charts, drawn with QPainter (QtCharts is not in PySide6-Essentials): the share of items failed
per section beside the previous period, visits and items failed per visit by quarter, and the unit × section heat
map — the three charts of the printed report (reports.period_report), here clickable.

Each chart lays out its clickable regions from its data and its size (``regions``); painting, tooltips and clicks
all use that one layout, so what is hit is what is drawn. A click emits ``clicked`` with what the region stands
for: a SectionKey, a Period, or a ("unit", unit id) / ("cell", unit id, SectionKey) tuple.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from inspector.domain.report_figures import QuarterFigure, SectionFigure, SectionKey, Tally, UnitRow
from inspector.reports.period_report import heat_colour

THIS_BLUE = QColor(41, 92, 158)       # as the printed report's bars (reports.period_report.THIS_BLUE)
PREVIOUS_GREY = QColor(179, 179, 179)
FAIL_RED = QColor(199, 41, 41)
GRID = QColor(225, 225, 225)
HOVER = QColor(255, 244, 200)


def percent(value: float | None) -> str:
    """"3,2%" with the Vietnamese decimal comma; "—" without a base (as the report prints it)."""
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def number(value: int) -> str:
    """"12.345": thousands with a dot."""
    return f"{value:,}".replace(",", ".")


def heat_qcolor(rate: float | None) -> QColor:
    colour = heat_colour(rate)
    return QColor.fromRgbF(colour.red, colour.green, colour.blue)


@dataclass(frozen=True)
class Region:
    rect: QRectF
    payload: Any
    tip: str


class Chart(QWidget):
    """A chart whose regions answer clicks (a pointing hand over them) and show a tooltip."""

    clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._hover: Any = None

    def regions(self) -> list[Region]:
        raise NotImplementedError

    def region_of(self, payload: Any) -> Region | None:
        """The region standing for ``payload`` (tests click its centre)."""
        return next((r for r in self.regions() if r.payload == payload), None)

    def _region_at(self, point: QPointF) -> Region | None:
        return next((r for r in self.regions() if r.rect.contains(point)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        region = self._region_at(event.position())
        payload = region.payload if region is not None else None
        if payload != self._hover:
            self._hover = payload
            self.setCursor(Qt.CursorShape.PointingHandCursor if region else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            region = self._region_at(event.position())
            if region is not None:
                self.clicked.emit(region.payload)
                return
        super().mouseReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            region = self._region_at(QPointF(event.pos()))
            if region is not None and region.tip:
                QToolTip.showText(event.globalPos(), region.tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _painter(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        return painter


# --- bars per section -------------------------------------------------------------------------------------


class SectionBars(Chart):
    """Tỷ lệ nội dung không đạt theo nhóm nội dung: one row per section, this period's bar above the previous one's."""

    ROW = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sectionBars")
        self.sections: list[SectionFigure] = []
        self.previous: dict[SectionKey, Tally] = {}
        self.legend = (self.tr("This period"), self.tr("Previous period"))

    def set_data(self, sections: Sequence[SectionFigure], previous: Sequence[SectionFigure] = ()) -> None:
        self.sections = list(sections)
        self.previous = {s.key: s.tally for s in previous}
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 30 + self.ROW * max(len(self.sections), 1) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self.sizeHint().height())

    def _label_width(self) -> float:
        return min(self.width() * 0.42, 300.0)

    def regions(self) -> list[Region]:
        out = []
        for n, section in enumerate(self.sections):
            tally, before = section.tally, self.previous.get(section.key)
            tip = self.tr("%1\n%2 of %3 items failed (%4)\nPrevious period: %5\nClick for the failed items") \
                .replace("%1", section.title).replace("%2", number(tally.failed)).replace("%3", number(tally.assessed)) \
                .replace("%4", percent(tally.fail_rate)).replace("%5", percent(before.fail_rate if before else None))
            out.append(Region(QRectF(0, 30 + n * self.ROW, self.width(), self.ROW), section.key, tip))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        metrics = QFontMetrics(self.font())
        label_w = self._label_width()
        value_w = metrics.horizontalAdvance("88,8% (8.888)") + 8
        bar_x, bar_w = label_w + 8, max(self.width() - label_w - 8 - value_w, 20)
        rates = [s.tally.fail_rate or 0 for s in self.sections]
        rates += [t.fail_rate or 0 for t in self.previous.values()]
        top = max(max(rates, default=0), 0.01)
        # the legend
        x = bar_x
        for colour, text in zip((THIS_BLUE, PREVIOUS_GREY), self.legend, strict=True):
            painter.fillRect(QRectF(x, 9, 12, 10), colour)
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + 16, 18), text)
            x += 16 + metrics.horizontalAdvance(text) + 18
        for region, section in zip(self.regions(), self.sections, strict=True):
            rect = region.rect
            if region.payload == self._hover:
                painter.fillRect(rect, HOVER)
            painter.setPen(self.palette().text().color())
            label = metrics.elidedText(section.title, Qt.TextElideMode.ElideRight, int(label_w - 4))
            painter.drawText(QRectF(4, rect.top(), label_w - 4, rect.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), label)
            now = section.tally.fail_rate or 0
            before = self.previous.get(section.key)
            painter.fillRect(QRectF(bar_x, rect.top() + 6, bar_w * now / top, 13), THIS_BLUE)
            if before is not None and before.fail_rate:
                painter.fillRect(QRectF(bar_x, rect.top() + 21, bar_w * before.fail_rate / top, 7), PREVIOUS_GREY)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(bar_x + bar_w + 6, rect.top(), value_w, rect.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             f"{percent(section.tally.fail_rate)} ({number(section.tally.failed)})")
        painter.setPen(QPen(GRID))
        painter.drawLine(QPointF(bar_x, 28), QPointF(bar_x, 30 + self.ROW * len(self.sections)))
        painter.end()


# --- trend per quarter ------------------------------------------------------------------------------------


class TrendChart(Chart):
    """Số buổi kiểm tra theo quý (bars) and items failed per visit (the red line, its own scale on the right)."""

    HEIGHT = 250

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)  # as tall as the bars beside it
        self.quarters: list[QuarterFigure] = []
        self.legend = (self.tr("Visits made"), self.tr("Items failed per visit"))

    def set_data(self, quarters: Sequence[QuarterFigure]) -> None:
        self.quarters = list(quarters)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, self.HEIGHT)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self.HEIGHT)

    def _legend_lines(self) -> int:
        """1, or 2 when the legend does not fit on one line beside the plot."""
        metrics = QFontMetrics(self.font())
        width = sum(16 + metrics.horizontalAdvance(label) + 18 for label in self.legend)
        return 1 if 44 + width <= self.width() else 2

    def _plot(self) -> QRectF:
        top = 32 if self._legend_lines() == 1 else 50
        return QRectF(44, top, max(self.width() - 44 - 44, 40), max(self.height(), self.HEIGHT) - top - 40)

    @staticmethod
    def _fitting(label: str, width: float, metrics: QFontMetrics) -> str:
        """The quarter's label, shortened until it fits its column: "Q1/2025", "Q1/25", "Q1"."""
        for candidate in (label, label.replace("/20", "/", 1), label.split("/")[0]):
            if metrics.horizontalAdvance(candidate) <= width - 2:
                return candidate
        return label.split("/")[0]

    def regions(self) -> list[Region]:
        plot, count = self._plot(), max(len(self.quarters), 1)
        step = plot.width() / count
        out = []
        for n, q in enumerate(self.quarters):
            tip = self.tr("%1: %2 visit(s), %3 item(s) failed, %4 per visit\nClick for its visits") \
                .replace("%1", q.period.short_label).replace("%2", number(q.visits)).replace("%3", number(q.failed)) \
                .replace("%4", f"{q.failed_per_visit:.2f}".replace(".", ",") if q.failed_per_visit is not None else "—")
            out.append(Region(QRectF(plot.left() + n * step, plot.top(), step, plot.height() + 36), q.period, tip))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        metrics = QFontMetrics(self.font())
        text = self.palette().text().color()
        plot = self._plot()
        most = max((q.visits for q in self.quarters), default=0) or 1
        most_rate = max((q.failed_per_visit or 0 for q in self.quarters), default=0) or 1
        x, y = plot.left(), 0.0
        two_lines = self._legend_lines() == 2
        for colour, label in zip((THIS_BLUE, FAIL_RED), self.legend, strict=True):
            painter.fillRect(QRectF(x, 9 + y, 12, 10), colour)
            painter.setPen(text)
            painter.drawText(QPointF(x + 16, 18 + y), label)
            if two_lines:
                y += 18
            else:
                x += 16 + metrics.horizontalAdvance(label) + 18
        painter.setPen(QPen(GRID))
        for k in range(5):  # the grid and both scales
            y = plot.bottom() - plot.height() * k / 4
            painter.setPen(QPen(GRID))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 8, plot.left() - 4, 16),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), number(round(most * k / 4)))
            painter.setPen(FAIL_RED)
            painter.drawText(QRectF(plot.right() + 4, y - 8, 40, 16),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             f"{most_rate * k / 4:.1f}".replace(".", ","))
        points = []
        regions = self.regions()
        first = regions[0] if regions else None
        for region, q in zip(regions, self.quarters, strict=True):
            shown = self._fitting(q.period.short_label, region.rect.width(), metrics)
            column = QRectF(region.rect.left(), plot.top(), region.rect.width(), plot.height())
            if region.payload == self._hover:
                painter.fillRect(column, HOVER)
            height = plot.height() * q.visits / most
            bar = QRectF(column.left() + column.width() * 0.2, plot.bottom() - height, column.width() * 0.6, height)
            painter.fillRect(bar, THIS_BLUE)
            painter.setPen(text)
            painter.drawText(QRectF(column.left(), plot.bottom() + 4, column.width(), 16),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), shown)
            if "/" not in shown and "/" in q.period.short_label and (shown == "Q1" or region is first):
                # only "Q1".."Q4" fit: the year once, under the first quarter shown of each year
                painter.drawText(QRectF(column.left(), plot.bottom() + 20, column.width() * 2, 16),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                                 q.period.short_label.split("/")[1])
            if q.failed_per_visit is not None:
                points.append(QPointF(column.center().x(), plot.bottom() - plot.height() * q.failed_per_visit / most_rate))
        painter.setPen(QPen(FAIL_RED, 2))
        for a, b in zip(points, points[1:], strict=False):
            painter.drawLine(a, b)
        painter.setBrush(FAIL_RED)
        for point in points:
            painter.drawEllipse(point, 3, 3)
        painter.end()


# --- unit × section heat map ------------------------------------------------------------------------------


class HeatMap(Chart):
    """Units (rows, the most items failed first) × sections (columns), each cell coloured by its share failed.
    A unit's name leads to its visits, a cell to the unit's failed items of that section."""

    ROW, HEAD, SCALE = 22, 24, 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heatMap")
        self.units: list[UnitRow] = []
        self.sections: list[SectionFigure] = []
        self.scale_label = self.tr("Share failed:")

    def set_data(self, units: Sequence[UnitRow], sections: Sequence[SectionFigure]) -> None:
        self.units, self.sections = list(units), list(sections)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(620, self.HEAD + self.ROW * max(len(self.units), 1) + self.SCALE + 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, self.sizeHint().height())

    def _label_width(self) -> float:
        return min(self.width() * 0.4, 280.0)

    def regions(self) -> list[Region]:
        label_w = self._label_width()
        cell_w = (self.width() - label_w) / max(len(self.sections), 1)
        out = []
        for r, unit in enumerate(self.units):
            y = self.HEAD + r * self.ROW
            out.append(Region(QRectF(0, y, label_w, self.ROW), ("unit", unit.unit_id),
                              self.tr("%1\n%2 of %3 items failed (%4)\nClick for its visits in the period")
                              .replace("%1", unit.name).replace("%2", number(unit.total.failed))
                              .replace("%3", number(unit.total.assessed)).replace("%4", percent(unit.total.fail_rate))))
            for n, section in enumerate(self.sections):
                tally = unit.sections.get(section.key) or Tally()
                out.append(Region(QRectF(label_w + n * cell_w, y, cell_w, self.ROW), ("cell", unit.unit_id, section.key),
                                  self.tr("%1 — %2\n%3 of %4 items failed (%5)").replace("%1", unit.name)
                                  .replace("%2", section.title).replace("%3", number(tally.failed))
                                  .replace("%4", number(tally.assessed)).replace("%5", percent(tally.fail_rate))))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        metrics = QFontMetrics(self.font())
        text = self.palette().text().color()
        label_w = self._label_width()
        cell_w = (self.width() - label_w) / max(len(self.sections), 1)
        painter.setPen(text)
        for n, section in enumerate(self.sections):
            painter.drawText(QRectF(label_w + n * cell_w, 0, cell_w, self.HEAD),
                             int(Qt.AlignmentFlag.AlignCenter), section.key.code)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        for region in self.regions():
            rect = region.rect
            if region.payload[0] == "unit":
                unit_id = region.payload[1]
                name = next(u.name for u in self.units if u.unit_id == unit_id)
                if region.payload == self._hover:
                    painter.fillRect(rect, HOVER)
                painter.setPen(THIS_BLUE if region.payload == self._hover else text)
                painter.setFont(self.font())
                painter.drawText(rect.adjusted(4, 0, -4, 0), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                                 metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, int(rect.width() - 8)))
                continue
            _kind, unit_id, key = region.payload
            unit = next(u for u in self.units if u.unit_id == unit_id)
            rate = (unit.sections.get(key) or Tally()).fail_rate
            painter.fillRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), heat_qcolor(rate))
            if region.payload == self._hover:
                painter.setPen(QPen(THIS_BLUE, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            if rate:
                painter.setPen(QColor("white") if rate >= 0.15 else text)
                painter.setFont(small)
                painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), f"{rate * 100:.0f}")
        # the scale
        painter.setFont(self.font())
        y = self.HEAD + self.ROW * len(self.units) + 8
        painter.setPen(text)
        painter.drawText(QPointF(4, y + 12), self.scale_label)
        x = 8 + metrics.horizontalAdvance(self.scale_label) + 8
        for rate in (0.0, 0.05, 0.1, 0.15, 0.2):
            painter.fillRect(QRectF(x, y + 2, 22, 12), heat_qcolor(rate))
            painter.setPen(QPen(GRID))
            painter.drawRect(QRectF(x, y + 2, 22, 12))
            painter.setPen(text)
            label = f"{rate * 100:.0f}%" + ("+" if rate == 0.2 else "")
            painter.drawText(QPointF(x + 26, y + 12), label)
            x += 26 + metrics.horizontalAdvance(label) + 14
        painter.end()
