"""The statistics of the reference satisfaction index (domain.satisfaction), checked against hand arithmetic."""

from __future__ import annotations

import tomllib

import pytest

from inspector.domain.satisfaction import (
    FormulaError,
    ItemCount,
    build_index,
    formula_from_dict,
    interval_text,
    percent,
    wilson,
)
from inspector.domain.sipas import SipasCriterion as C
from inspector.paths import resources_dir

Z = 1.959964


def shipped() -> dict:
    return tomllib.loads((resources_dir() / "survey_index" / "chi_so_v1.toml").read_text(encoding="utf-8"))


def test_the_shipped_formula_reads_and_names_its_method() -> None:
    formula = formula_from_dict(shipped())
    assert formula.version == 1 and formula.satisfied == {4, 5} and formula.z == Z
    assert formula.label == "chỉ số hài lòng tham khảo (khảo sát nhanh tại điểm)"
    assert "Wilson" in formula.line and "Agresti–Coull" in formula.line and "phiên bản 1" in formula.line


def test_a_formula_with_an_unknown_method_or_values_off_the_scale_is_refused() -> None:
    with pytest.raises(FormulaError, match="Phương pháp"):
        formula_from_dict({**shipped(), "item_interval": "bootstrap"})
    with pytest.raises(FormulaError, match="thang đo"):
        formula_from_dict({**shipped(), "satisfied": [6]})
    with pytest.raises(FormulaError):
        formula_from_dict({k: v for k, v in shipped().items() if k != "z"})


def test_wilson_interval_by_hand() -> None:
    # 8 satisfied of 10, z = 1.959964, z² = 3.841459:
    #   centre = (p + z²/2n) / (1 + z²/n) = (0.8 + 0.192073) / 1.384146 = 0.716740
    #   half   = z / (1 + z²/n) × sqrt(p(1−p)/n + z²/4n²) = 1.415990 × sqrt(0.016 + 0.009604) = 1.415990 × 0.160012
    #          = 0.226577
    #   → 0.490163 … 0.943317 (the textbook 49.0%–94.3%)
    interval = wilson(8, 10, Z)
    assert interval.low == pytest.approx(0.490163, abs=1e-6)
    assert interval.high == pytest.approx(0.943317, abs=1e-6)
    # all 5 satisfied: centre = (1 + 0.384146)/(1.768292) = 0.782759, half = 1.108395 × sqrt(0 + 0.038415) = 0.217241
    interval = wilson(5, 5, Z)
    assert interval.low == pytest.approx(0.565518, abs=1e-6) and interval.high == 1.0
    assert wilson(0, 0, Z) is None


def test_criterion_and_overall_interval_by_hand() -> None:
    formula = formula_from_dict(shipped())
    index = build_index(formula, [ItemCount("TC1", C.ACCESS, 10, 8), ItemCount("TC2", C.ACCESS, 10, 10),
                                  ItemCount("CC1", C.CIVIL_SERVANTS, 10, 5)],
                        respondents=10, respondents_by_criterion={C.ACCESS: 10, C.CIVIL_SERVANTS: 10})
    access = index.criterion(C.ACCESS)
    # Tiếp cận: shares 8/10 = 0.8 and 10/10 = 1.0 → index (0.8 + 1.0)/2 = 0.9.
    # Agresti–Coull: ñ = 10 + 3.841459 = 13.841459;
    #   TC1 p̃ = (8 + 1.920730)/13.841459 = 0.716740, SE = sqrt(0.716740 × 0.283260 / 13.841459) = 0.121111
    #   TC2 p̃ = (10 + 1.920730)/13.841459 = 0.861234, SE = sqrt(0.861234 × 0.138766 / 13.841459) = 0.092921
    #   SE(criterion) ≤ (0.121111 + 0.092921)/2 = 0.107016; × 1.959964 = 0.209747
    #   → 0.9 − 0.209747 = 0.690253 … 1.109747, clipped to 1.0
    assert access.value == pytest.approx(0.9)
    assert access.interval.low == pytest.approx(0.690253, abs=1e-5) and access.interval.high == 1.0
    civil = index.criterion(C.CIVIL_SERVANTS)
    # Công chức: 5/10 = 0.5; p̃ = (5 + 1.920730)/13.841459 = 0.5, SE = sqrt(0.25/13.841459) = 0.134395;
    #   × 1.959964 = 0.263409 → 0.236591 … 0.763409
    assert civil.interval.low == pytest.approx(0.236591, abs=1e-5)
    assert civil.interval.high == pytest.approx(0.763409, abs=1e-5)
    # Overall: criteria answered are Tiếp cận and Công chức (the other three have no answers and are left out):
    #   (0.9 + 0.5)/2 = 0.7; SE ≤ (0.107016 + 0.134395)/2 = 0.120706; × 1.959964 = 0.236579 → 0.463421 … 0.936579
    assert index.value == pytest.approx(0.7)
    assert index.interval.low == pytest.approx(0.463421, abs=1e-5)
    assert index.interval.high == pytest.approx(0.936579, abs=1e-5)
    assert index.criterion(C.RESULTS).value is None and index.criterion(C.RESULTS).interval is None
    assert index.small    # 10 respondents < 30
    assert percent(index.value) == "70,0%" and interval_text(index.interval) == "46,3–93,7%"


def test_items_listed_but_unanswered_and_repeated_counts() -> None:
    formula = formula_from_dict(shipped())
    index = build_index(formula, [ItemCount("TC1", C.ACCESS, 3, 2), ItemCount("TC1", C.ACCESS, 2, 2)],
                        respondents=5, items=[("TC1", C.ACCESS), ("TC2", C.ACCESS)])
    access = index.criterion(C.ACCESS)
    assert [(i.code, i.answers, i.satisfied) for i in access.items] == [("TC1", 5, 4), ("TC2", 0, 0)]
    assert access.value == pytest.approx(0.8)   # TC2, without answers, is not averaged in
    empty = build_index(formula, [], respondents=0)
    assert empty.value is None and empty.interval is None and interval_text(empty.interval) == "—"
