"""Follow-up visits (kiểm tra việc khắc phục): items generated from open recommendations.

A follow-up form has sections marked ``generated``; at visit start each open
recommendation of the reception point becomes one item, worded by the
section's template, so nobody retypes last visit's findings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from inspector.domain.checklist import ChecklistForm, Generator, Item, ItemTemplate, Section
from inspector.domain.sipas import SipasCriterion


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


def _fill(text: str, rec: OpenRecommendation) -> str:
    return text.format(
        text=rec.text,
        finding=rec.finding or rec.text,
        owner=rec.owner or "(chưa giao)",
        deadline=_date(rec.deadline),
        minutes=rec.minutes_number or "(chưa đánh số)",
        visit_date=_date(rec.visit_date),
    )


def generated_item(section: Section, template: ItemTemplate, index: int, rec: OpenRecommendation) -> Item:
    return Item(
        code=f"{section.code}-{index:02d}",
        text=_fill(template.text, rec),
        guidance=_fill(template.guidance, rec),
        legal_basis=rec.legal_basis or _fill(template.legal_basis, rec),
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
