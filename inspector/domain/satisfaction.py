"""Chỉ số hài lòng tham khảo (khảo sát nhanh tại điểm): the statistics of the on-the-spot survey.

The official SIPAS formula was not found, so the app computes a *reference* figure and prints how: the formula is
data (resources/survey_index/, versioned) read into ``IndexFormula``; these pure functions apply it.

- An item's share: answers counted satisfied (4 "Hài lòng", 5 "Rất hài lòng" in version 1) / answers to the item
  (a skipped item is not an answer). Its 95% interval: Wilson's score interval.
- A criterion's index: the mean of its items' shares (items without answers left out). An overall index: the mean
  of the criteria's indexes (criteria without answers left out).
- The interval of a mean (criterion, overall): mean ± z × SE, SE bounded by the mean of the parts' standard errors
  (the standard deviation of a sum is at most the sum of the standard deviations, whatever the correlation between
  the answers of the same respondent), each item's standard error Agresti–Coull's, sqrt(p̃(1 − p̃)/ñ) with
  ñ = n + z², p̃ = (x + z²/2)/ñ, so that an item answered all 5 or all 1 still has a width. Clipped to [0, 1].
  A conservative interval: wider than one assuming independent answers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from inspector.domain.sipas import SipasCriterion

ITEM_METHODS = ("wilson",)
MEAN_METHODS = ("mean_of_agresti_coull_se",)


@dataclass(frozen=True)
class IndexFormula:
    """One version of the formula (resources/survey_index/chi_so_v<version>.toml)."""

    code: str
    version: int
    label: str                       # "chỉ số hài lòng tham khảo (khảo sát nhanh tại điểm)"
    satisfied: frozenset[int]        # the scale's values counted satisfied
    scale: tuple[int, int]           # lowest, highest value of the scale
    confidence: float                # 0.95
    z: float                         # its normal quantile, 1.959964
    item_method: str                 # "wilson"
    mean_method: str                 # "mean_of_agresti_coull_se"
    text: str                        # the formula in words, printed under the figures
    small_sample: int = 30           # fewer respondents than this: the figure is flagged as a small sample

    @property
    def line(self) -> str:
        """What the minutes and the report print under the table."""
        return f"Cách tính ({self.code}, phiên bản {self.version}): {self.text}"


class FormulaError(ValueError):
    pass


def formula_from_dict(data: Mapping[str, Any]) -> IndexFormula:
    """The formula of a parsed file; FormulaError (Vietnamese) when something is missing or unknown."""
    try:
        scale = tuple(int(v) for v in data["scale"])
        satisfied = frozenset(int(v) for v in data["satisfied"])
        formula = IndexFormula(
            code=str(data["code"]), version=int(data["version"]), label=str(data["label"]),
            satisfied=satisfied, scale=(scale[0], scale[1]), confidence=float(data["confidence"]),
            z=float(data["z"]), item_method=str(data["item_interval"]), mean_method=str(data["mean_interval"]),
            text=" ".join(str(data["text"]).split()), small_sample=int(data.get("small_sample", 30)))
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise FormulaError(f"Tệp công thức chỉ số hài lòng không hợp lệ: {error}") from error
    if formula.item_method not in ITEM_METHODS or formula.mean_method not in MEAN_METHODS:
        raise FormulaError(f"Phương pháp tính khoảng tin cậy không được hỗ trợ: {formula.item_method}, "
                           f"{formula.mean_method}.")
    if not satisfied or not all(formula.scale[0] <= v <= formula.scale[1] for v in satisfied):
        raise FormulaError("Các mức được tính là hài lòng phải nằm trong thang đo.")
    if not 0 < formula.confidence < 1 or formula.z <= 0:
        raise FormulaError("Độ tin cậy phải trong khoảng (0, 1) và z phải dương.")
    return formula


# --- the statistics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson(satisfied: int, n: int, z: float) -> Interval | None:
    """Wilson's score interval of satisfied / n; None without answers."""
    if n <= 0:
        return None
    p = satisfied / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def agresti_coull_se(satisfied: int, n: int, z: float) -> float | None:
    """sqrt(p̃(1 − p̃)/ñ), ñ = n + z², p̃ = (x + z²/2)/ñ; None without answers."""
    if n <= 0:
        return None
    n_tilde = n + z * z
    p_tilde = (satisfied + z * z / 2) / n_tilde
    return math.sqrt(p_tilde * (1 - p_tilde) / n_tilde)


def _around(value: float, se: float, z: float) -> Interval:
    return Interval(max(0.0, value - z * se), min(1.0, value + z * se))


@dataclass(frozen=True)
class ItemIndex:
    code: str
    criterion: SipasCriterion
    answers: int        # answers on the scale to this item
    satisfied: int      # of which counted satisfied
    z: float = 1.959964

    @property
    def share(self) -> float | None:
        return self.satisfied / self.answers if self.answers else None

    @property
    def interval(self) -> Interval | None:
        return wilson(self.satisfied, self.answers, self.z)

    @property
    def se(self) -> float | None:
        return agresti_coull_se(self.satisfied, self.answers, self.z)


@dataclass(frozen=True)
class CriterionIndex:
    criterion: SipasCriterion
    items: tuple[ItemIndex, ...]
    respondents: int    # respondents who answered at least one of its items on the scale
    z: float = 1.959964

    @property
    def answered(self) -> tuple[ItemIndex, ...]:
        return tuple(i for i in self.items if i.answers)

    @property
    def answers(self) -> int:
        return sum(i.answers for i in self.items)

    @property
    def value(self) -> float | None:
        answered = self.answered
        return sum(i.share for i in answered) / len(answered) if answered else None  # type: ignore[misc]

    @property
    def se(self) -> float | None:
        answered = self.answered
        return sum(i.se for i in answered) / len(answered) if answered else None  # type: ignore[misc]

    @property
    def interval(self) -> Interval | None:
        value, se = self.value, self.se
        return None if value is None or se is None else _around(value, se, self.z)

    @property
    def label(self) -> str:
        return self.criterion.label


@dataclass(frozen=True)
class SatisfactionIndex:
    """The index of a visit, a reception point or a period: per criterion in SIPAS order, then overall."""

    formula: IndexFormula
    criteria: tuple[CriterionIndex, ...]
    respondents: int    # respondents who answered at least one item on the scale
    responses: int = 0  # questionnaires started (kiosk or paper), answered or not

    @property
    def answered(self) -> tuple[CriterionIndex, ...]:
        return tuple(c for c in self.criteria if c.value is not None)

    @property
    def value(self) -> float | None:
        answered = self.answered
        return sum(c.value for c in answered) / len(answered) if answered else None  # type: ignore[misc]

    @property
    def se(self) -> float | None:
        answered = self.answered
        return sum(c.se for c in answered) / len(answered) if answered else None  # type: ignore[misc]

    @property
    def interval(self) -> Interval | None:
        value, se = self.value, self.se
        return None if value is None or se is None else _around(value, se, self.formula.z)

    @property
    def answers(self) -> int:
        return sum(c.answers for c in self.criteria)

    @property
    def small(self) -> bool:
        return self.respondents < self.formula.small_sample

    def criterion(self, criterion: SipasCriterion) -> CriterionIndex:
        return next(c for c in self.criteria if c.criterion is criterion)


@dataclass(frozen=True)
class ItemCount:
    """What the GROUP BY gives per item: answers on the scale and those counted satisfied."""

    code: str
    criterion: SipasCriterion
    answers: int
    satisfied: int


def build_index(formula: IndexFormula, counts: Iterable[ItemCount], *,
                respondents: int, respondents_by_criterion: Mapping[SipasCriterion, int] | None = None,
                responses: int = 0, items: Iterable[tuple[str, SipasCriterion]] = ()) -> SatisfactionIndex:
    """The index of these counts (summed when an item comes more than once); ``items``: the form's items in order,
    so that an item nobody answered is listed too."""
    by_code: dict[str, list[Any]] = {code: [criterion, 0, 0] for code, criterion in items}
    for count in counts:
        found = by_code.setdefault(count.code, [count.criterion, 0, 0])
        found[1] += count.answers
        found[2] += count.satisfied
    per: dict[SipasCriterion, list[ItemIndex]] = {c: [] for c in SipasCriterion}
    for code, (criterion, answers, satisfied) in by_code.items():
        per[criterion].append(ItemIndex(code, criterion, answers, satisfied, formula.z))
    known = respondents_by_criterion or {}
    criteria = tuple(CriterionIndex(c, tuple(per[c]), known.get(c, 0), formula.z) for c in SipasCriterion)
    return SatisfactionIndex(formula, criteria, respondents, responses)


# --- printing ---------------------------------------------------------------------------------------------


def percent(value: float | None, digits: int = 1) -> str:
    """"82,4%" (decimal comma); "—" without a value."""
    return "—" if value is None else f"{value * 100:.{digits}f}%".replace(".", ",")


def interval_text(interval: Interval | None) -> str:
    """"75,1–88,0%"; "—" without answers."""
    if interval is None:
        return "—"
    return f"{interval.low * 100:.1f}–{interval.high * 100:.1f}%".replace(".", ",")


@dataclass
class Found:
    """What the inspectors found for a criterion: items passed and failed (of a visit, or of a period)."""

    passed: int = 0
    failed: int = 0

    @property
    def assessed(self) -> int:
        return self.passed + self.failed

    @property
    def fail_rate(self) -> float | None:
        return self.failed / self.assessed if self.assessed else None

    def text(self) -> str:
        """"Đạt 5/6, không đạt 1"; a sentence saying so when nothing of the criterion was judged."""
        if not self.assessed:
            return "Không có nội dung được đánh giá"
        return f"Đạt {self.passed}/{self.assessed}, không đạt {self.failed}"


__all__ = ["IndexFormula", "FormulaError", "formula_from_dict", "Interval", "wilson", "agresti_coull_se", "ItemIndex",
           "CriterionIndex", "SatisfactionIndex", "ItemCount", "build_index", "percent", "interval_text", "Found"]
