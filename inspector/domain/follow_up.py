"""Follow-up visits (kiểm tra việc khắc phục): items generated from open recommendations.

A follow-up form has sections marked ``generated``; at visit start each open
recommendation of the reception point becomes one item, worded by the
section's template, so nobody retypes last visit's findings.

A generated item must be as valid as a written one, whatever it quotes: a
finding's note may hold 10,000 characters and a recommendation 4,000, while an
item's text and guidance hold ``MAX_TEXT``. Quoted values are shortened to fit
(longest first, each cut ending with "…"), the texts cleaned as ``parse_form``
cleans them, and the guidance then says where the full text is: the minutes of
the visit that made the recommendation (the item also keeps its
``recommendation_id``). Only bare ``{name}`` placeholders are filled; a format
spec or conversion in a stored template is ignored, never executed.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from inspector.domain.checklist import MAX_TEXT, ChecklistForm, Generator, Item, ItemTemplate, Section
from inspector.domain.sipas import SipasCriterion
from inspector.domain.text import clean, clean_multiline


@dataclass(frozen=True)
class OpenRecommendation:
    """What a generated item needs to know about one recommendation still to be verified."""

    id: str
    text: str
    owner: str
    deadline: date | None
    minutes_number: str
    visit_date: date | None
    finding: str = ""
    legal_basis: str = ""
    sipas: SipasCriterion | None = None


def _date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "(chưa xác định)"


ELLIPSIS = "…"


def _values(rec: OpenRecommendation) -> dict[str, str]:
    return {
        "text": rec.text,
        "finding": rec.finding or rec.text,
        "owner": rec.owner or "(chưa giao)",
        "deadline": _date(rec.deadline),
        "minutes": rec.minutes_number or "(chưa đánh số)",
        "visit_date": _date(rec.visit_date),
    }


def shorten(value: str, limit: int) -> str:
    """``value`` if it fits in ``limit`` characters, else its beginning ending with "…"."""
    if len(value) <= limit:
        return value
    if limit <= 0:
        return ""
    return value[: limit - 1].rstrip() + ELLIPSIS


def fill(template: str, values: dict[str, str], limit: int, tidy: Callable[[str], str] = clean) -> tuple[str, bool]:
    """The template filled and cleaned (``tidy``), at most ``limit`` characters; True when a value was shortened.

    Values are cut to a common length, the largest that fits, so the long ones (a note, a recommendation) are
    shortened and the short ones (a number, a date) kept whole.
    """
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:  # validated at import; a stored copy from before is shown as written
        parts = [(template, None, None, None)]

    def render(cap: int | None) -> str:
        out: list[str] = []
        for literal, name, _spec, _conversion in parts:
            out.append(literal)
            if name is not None:
                value = values.get(name, "")
                out.append(value if cap is None else shorten(value, cap))
        return tidy("".join(out))

    whole = render(None)
    if len(whole) <= limit:
        return whole, False
    low, high = 0, max((len(v) for v in values.values()), default=0)
    while low < high:  # the largest common cap that fits
        middle = (low + high + 1) // 2
        if len(render(middle)) <= limit:
            low = middle
        else:
            high = middle - 1
    return shorten(render(low), limit), True


def excerpt_note(rec: OpenRecommendation) -> str:
    """Where the full text of a shortened quotation is."""
    where = "".join((f" số {rec.minutes_number}" if rec.minutes_number else "",
                     f" ngày {_date(rec.visit_date)}" if rec.visit_date else ""))
    return f"(Nội dung trích dẫn đã rút gọn; toàn văn trong biên bản kiểm tra{where}.)"


def generated_item(section: Section, template: ItemTemplate, index: int, rec: OpenRecommendation) -> Item:
    values = _values(rec)
    text, cut = fill(template.text, values, MAX_TEXT)
    if rec.legal_basis:
        legal_basis = shorten(clean(rec.legal_basis), MAX_TEXT)
    else:
        legal_basis, cut_legal = fill(template.legal_basis, values, MAX_TEXT)
        cut = cut or cut_legal
    guidance, cut_guidance = fill(template.guidance, values, MAX_TEXT, clean_multiline)
    if cut or cut_guidance:
        note = clean(excerpt_note(rec))
        limit = MAX_TEXT - len(note) - 1
        while True:  # once, unless cleaning the two together changes their length
            body, _ = fill(template.guidance, values, limit, clean_multiline)
            guidance = clean_multiline(f"{body}\n{note}")
            if len(guidance) <= MAX_TEXT or limit <= 0:
                break
            limit -= len(guidance) - MAX_TEXT
        guidance = shorten(guidance, MAX_TEXT)  # whatever happened above, never longer than an item holds
    return Item(
        code=f"{section.code}-{index:02d}",
        text=text,
        guidance=guidance,
        legal_basis=legal_basis,
        sipas=rec.sipas or template.sipas,
        severity=template.severity,
        note_required_on_fail=template.note_required_on_fail,
        photo_required_on_fail=template.photo_required_on_fail,
        recommendation_id=rec.id,
    )


def expand(form: ChecklistForm, open_recommendations: list[OpenRecommendation]) -> ChecklistForm:
    """The concrete form for one visit: generated sections filled, the others unchanged."""
    sections = []
    for section in form.sections:
        if section.generated is Generator.OPEN_RECOMMENDATIONS and section.template is not None:
            items = tuple(
                generated_item(section, section.template, n, rec)
                for n, rec in enumerate(open_recommendations, 1)
            )
            section = replace(section, items=items)
        sections.append(section)
    return replace(form, sections=tuple(sections))
