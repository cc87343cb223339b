"""The pass_if rule language: arithmetic and comparisons only."""

from __future__ import annotations

import pytest

from inspector.domain.rules import RuleError, compile_rule

FIELDS = {"checked", "late", "late_with_apology"}


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("late == 0", {"late": 0}, True),
        ("late == 0", {"late": 1}, False),
        ("late_with_apology >= late", {"late": 2, "late_with_apology": 2}, True),
        ("late <= checked * 0.1", {"late": 1, "checked": 10}, True),
        ("late <= checked * 0.1", {"late": 2, "checked": 10}, False),
        ("0 <= late <= checked", {"late": 3, "checked": 5}, True),
        ("not late > 0 or checked == 0", {"late": 1, "checked": 0}, True),
        ("late / checked < 0.5", {"late": 1, "checked": 4}, True),
        ("-late < 0", {"late": 1}, True),
    ],
)
def test_rules_evaluate(text: str, values: dict[str, int], expected: bool) -> None:
    assert compile_rule(text, FIELDS).evaluate(values) is expected


def test_undecidable_when_a_value_is_missing_or_division_by_zero() -> None:
    rule = compile_rule("late / checked < 0.5", FIELDS)
    assert rule.evaluate({"late": 1}) is None
    assert rule.evaluate({"late": 1, "checked": None}) is None  # type: ignore[dict-item]
    assert rule.evaluate({"late": 0, "checked": 0}) is None


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('rm -rf /')",
        "late.__class__",
        "open('x')",
        "[late]",
        "late if checked else 0",
        "'a' == 'a'",
        "True",
        "lambda: 1",
        "late ** 1000000",
        "late == ",
        "x" * 600,
    ],
)
def test_anything_but_arithmetic_is_refused(text: str) -> None:
    with pytest.raises(RuleError):
        compile_rule(text, FIELDS)
