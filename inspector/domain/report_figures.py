"""The figures of a periodic report (báo cáo kết quả kiểm tra công vụ) as plain data: the period, the counts,
the tallies per section and SIPAS criterion, remediation, the trend and the heat map. Computed by
services.reporting, printed by reports.period_report, shown by ui.dashboard."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from inspector.domain.satisfaction import SatisfactionIndex
from inspector.domain.sipas import SipasCriterion

TREND_QUARTERS = 8      # the trend shows at least this many quarters, ending with the period's last


# --- periods ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Kỳ báo cáo: both days included."""

    start: date
    end: date
    kind: str = "days"   # quarter | half | year | days

    @classmethod
    def quarter(cls, year: int, number: int) -> Period:
        first = date(year, 3 * (number - 1) + 1, 1)
        return cls(first, _month_end(year, 3 * number), "quarter")

    @classmethod
    def half(cls, year: int, number: int) -> Period:
        return cls(date(year, 6 * (number - 1) + 1, 1), _month_end(year, 6 * number), "half")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        """Any dates; a whole quarter, half or year given as dates is named as such."""
        if end < start:
            raise ValueError(f"Ngày kết thúc ({end:%d/%m/%Y}) trước ngày bắt đầu ({start:%d/%m/%Y}).")
        for named in (cls.year(start.year), cls.half(start.year, 1 + (start.month > 6)),
                      cls.quarter(start.year, (start.month + 2) // 3)):
            if (named.start, named.end) == (start, end):
                return named
        return cls(start, end, "days")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        if self.kind == "quarter":
            q = (self.start.month + 2) // 3
            return Period.quarter(self.start.year - (q == 1), 4 if q == 1 else q - 1)
        if self.kind == "half":
            return Period.half(self.start.year - (self.start.month == 1), 2 if self.start.month == 1 else 1)
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end, "days")

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return f"quý {['I', 'II', 'III', 'IV'][(self.start.month - 1) // 3]} năm {self.start.year}"
        if self.kind == "half":
            return f"{'6 tháng đầu' if self.start.month == 1 else '6 tháng cuối'} năm {self.start.year}"
        if self.kind == "year":
            return f"năm {self.start.year}"
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    @property
    def short_label(self) -> str:
        if self.kind == "quarter":
            return f"Q{(self.start.month + 2) // 3}/{self.start.year}"
        if self.kind == "half":
            return f"6T{'1' if self.start.month == 1 else '2'}/{self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start:%d/%m/%y}–{self.end:%d/%m/%y}"


def _month_end(year: int, month: int) -> date:
    return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


def quarters_for_trend(period: Period, at_least: int = TREND_QUARTERS) -> list[Period]:
    """The quarters the period touches, and the quarters before them up to ``at_least``, oldest first."""
    last = Period.quarter(period.end.year, (period.end.month + 2) // 3)
    quarters = [last]
    while quarters[0].start > period.start or len(quarters) < at_least:
        quarters.insert(0, quarters[0].previous())
    return quarters


@dataclass(frozen=True)
class Scope:
    """What a report covers: a period and an inspecting body (None: every body, and visits of none)."""

    period: Period
    body_id: uuid.UUID | None = None


# --- figures --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    not_applicable: int = 0

    @property
    def assessed(self) -> int:
        """Items judged Đạt or Không đạt (the base of the rates)."""
        return self.passed + self.failed

    @property
    def checked(self) -> int:
        return self.passed + self.failed + self.not_applicable

    @property
    def fail_rate(self) -> float | None:
        """Không đạt / (Đạt + Không đạt); None without any."""
        return self.failed / self.assessed if self.assessed else None

    def add(self, passed: int, failed: int, not_applicable: int) -> None:
        self.passed += passed
        self.failed += failed
        self.not_applicable += not_applicable


@dataclass(frozen=True)
class SectionKey:
    form_code: str
    code: str


@dataclass
class SectionFigure:
    key: SectionKey
    title: str
    order: int
    tally: Tally = field(default_factory=Tally)


@dataclass
class CriterionFigure:
    criterion: SipasCriterion
    tally: Tally = field(default_factory=Tally)

    @property
    def label(self) -> str:
        return self.criterion.label


@dataclass
class ItemFigure:
    """A checklist item and how often it failed (a shortcoming, hạn chế thường gặp)."""

    form_code: str
    code: str
    text: str
    section_title: str
    failed: int = 0
    assessed: int = 0


@dataclass(frozen=True)
class StaffFigure:
    staff_id: uuid.UUID
    full_name: str
    position: str
    point_name: str
    unit_name: str
    findings: int       # failed items naming them
    visits: int         # visits those items belong to


@dataclass(frozen=True)
class RemediationFigure:
    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0          # open or reported, the deadline passed on as_of
    open_in_time: int = 0     # open, deadline not passed (or none)
    reported: int = 0         # the unit reported it done, awaiting verification
    verified: int = 0
    closed: int = 0
    cancelled: int = 0


@dataclass(frozen=True)
class QuarterFigure:
    period: Period
    visits: int
    checked: int       # items answered (Đạt, Không đạt, Không áp dụng), from each visit's counts
    failed: int

    @property
    def failed_per_visit(self) -> float | None:
        return self.failed / self.visits if self.visits else None


@dataclass
class UnitRow:
    """One unit's row of the heat map: its results per section."""

    unit_id: uuid.UUID
    name: str
    order: int
    sections: dict[SectionKey, Tally] = field(default_factory=dict)
    total: Tally = field(default_factory=Tally)


@dataclass
class Figures:
    scope: Scope
    body_name: str
    as_of: date
    visits: int = 0
    announced: int = 0
    unannounced: int = 0
    concluded: int = 0              # visits whose results count
    without_body: int = 0           # visits with no inspecting body (only in the all-bodies report)
    units: int = 0
    points: int = 0
    total: Tally = field(default_factory=Tally)
    sections: list[SectionFigure] = field(default_factory=list)
    criteria: list[CriterionFigure] = field(default_factory=list)
    shortcomings: list[ItemFigure] = field(default_factory=list)
    staff: list[StaffFigure] = field(default_factory=list)
    remediation: RemediationFigure = field(default_factory=RemediationFigure)
    quarters: list[QuarterFigure] = field(default_factory=list)
    heat: list[UnitRow] = field(default_factory=list)
    previous: Figures | None = None
    # The citizens' reference satisfaction index of the period's on-the-spot surveys (services.survey_index);
    # None when not computed (the previous period's pass).
    satisfaction: SatisfactionIndex | None = None

    @property
    def period(self) -> Period:
        return self.scope.period

    def section(self, key: SectionKey) -> SectionFigure | None:
        return next((s for s in self.sections if s.key == key), None)

    def criterion(self, criterion: SipasCriterion) -> CriterionFigure:
        return next(c for c in self.criteria if c.criterion is criterion)


