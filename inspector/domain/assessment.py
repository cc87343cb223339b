"""What a visit's answers add up to: results of numeric items, progress, what blocks submission.

Pure functions over the form and plain answer records, so the rules are the
same in the app, the minutes and the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from inspector.domain.checklist import ChecklistForm, Item, ItemType, Section
from inspector.domain.workflow import Result

MAX_NOTE_LENGTH = 10_000


@dataclass(frozen=True)
class AnswerState:
    """One item's answer as the rules see it."""

    item_code: str
    result: Result = Result.UNCHECKED
    note: str = ""
    values: Mapping[str, int] = field(default_factory=dict)
    photo_count: int = 0
    staff_count: int = 0


def numeric_result(item: Item, values: Mapping[str, int | None]) -> Result:
    """Đạt / Không đạt from the item's rule; unchecked until every field has a number."""
    rule = item.rule()
    if rule is None or any(values.get(f.code) is None for f in item.fields):
        return Result.UNCHECKED
    decided = rule.evaluate({k: v for k, v in values.items() if v is not None})
    if decided is None:
        return Result.UNCHECKED
    return Result.PASS if decided else Result.FAIL


def check_value(item: Item, field_code: str, value: int) -> str | None:
    """A problem with one number, in Vietnamese, or None."""
    spec = next((f for f in item.fields if f.code == field_code), None)
    if spec is None:
        return f"Nội dung {item.code} không có ô số liệu '{field_code}'."
    if value < spec.minimum:
        return f"{spec.label}: phải từ {spec.minimum} trở lên."
    if spec.maximum is not None and value > spec.maximum:
        return f"{spec.label}: không được lớn hơn {spec.maximum}."
    return None


def items_sharing(form: ChecklistForm, field_code: str) -> list[Item]:
    """Numeric items that name this field: one number, entered once (e.g. the dossier sample size)."""
    return [i for i in form.items() if i.type is ItemType.NUMERIC and any(f.code == field_code for f in i.fields)]


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    answered: int
    total: int
    failed: int

    @property
    def done(self) -> bool:
        return self.answered == self.total


def progress(form: ChecklistForm, answers: Mapping[str, AnswerState]) -> list[SectionProgress]:
    result = []
    for section in form.sections:
        states = [answers.get(i.code) for i in section.items]
        answered = sum(1 for s in states if s is not None and s.result is not Result.UNCHECKED)
        failed = sum(1 for s in states if s is not None and s.result is Result.FAIL)
        result.append(SectionProgress(section, answered, len(section.items), failed))
    return result


@dataclass(frozen=True)
class Blocker:
    """Something that keeps a visit from being submitted; item_code points the user to it."""

    item_code: str
    message: str


def submission_blockers(
    form: ChecklistForm,
    answers: Mapping[str, AnswerState],
    *,
    has_end_time: bool,
    extra: Iterable[Blocker] = (),
) -> list[Blocker]:
    blockers: list[Blocker] = []
    for item in form.items():
        state = answers.get(item.code) or AnswerState(item.code)
        if state.result is Result.UNCHECKED:
            if item.required:
                blockers.append(Blocker(item.code, f"{item.code}: chưa kiểm tra (nội dung bắt buộc)."))
            continue
        if state.result is Result.FAIL:
            if item.note_required_on_fail and not state.note.strip():
                blockers.append(Blocker(item.code, f"{item.code}: không đạt nhưng chưa ghi rõ tồn tại (cần ghi chú)."))
            if item.photo_required_on_fail and state.photo_count == 0:
                blockers.append(Blocker(item.code, f"{item.code}: không đạt nhưng chưa có ảnh minh chứng."))
    if not has_end_time:
        blockers.append(Blocker("", "Chưa ghi giờ kết thúc buổi kiểm tra."))
    blockers.extend(extra)
    return blockers


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def counted(item: Item, values: Mapping[str, object]) -> str:
    """What a numeric item counted, in words: its ``finding`` template filled from the answer's
    values ("{late}/{checked} hồ sơ trễ hẹn" → "12/30 hồ sơ trễ hẹn"), else "label: value; …".

    Only bare field names of the item are filled (no format specs, attributes or indexes); a missing
    value, or any other placeholder, prints "…". "{{" and "}}" are literal braces.
    """
    fields = {f.code for f in item.fields}

    def number(code: str) -> str:
        value = values.get(code) if code in fields else None
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else "…"

    if item.finding.strip():
        def fill(match: re.Match[str]) -> str:
            token = match.group(0)
            if token in ("{{", "}}"):
                return token[0]
            return number(match.group(1).strip())

        return _PLACEHOLDER.sub(fill, item.finding.strip())
    return "; ".join(f"{f.label}: {number(f.code)}" for f in item.fields)


def failed_head(item: Item, values: Mapping[str, object] | None = None) -> str:
    """How a draft names a failed item: "<question>: không đạt", and for a numeric item with its values
    the values counted ("…: không đạt (12/30 hồ sơ trễ hẹn)"), never the bare question."""
    head = f"{item.text.rstrip('?').rstrip().removesuffix(' không')}: không đạt"
    if item.type is ItemType.NUMERIC and values is not None:
        head += f" ({counted(item, values)})"
    return head


def shortcomings_text(form: ChecklistForm, answers: Mapping[str, AnswerState], staff_names: Mapping[str, list[str]]) -> str:
    """A first draft of the 'hạn chế, tồn tại' paragraph from the failed items, for the inspector to edit."""
    lines = []
    n = 0
    for item in form.items():
        state = answers.get(item.code)
        if state is None or state.result is not Result.FAIL:
            continue
        n += 1
        line = f"{n}. {failed_head(item, state.values)}"
        if state.note.strip():
            line += f" — {state.note.strip()}"
        names = staff_names.get(item.code) or []
        if names:
            line += f" (công chức: {', '.join(names)})"
        lines.append(line.rstrip(".") + ".")
    return "\n".join(lines)
