"""Inspecting bodies (cơ quan kiểm tra) as dated data, chosen per round.

Since 01/7/2025 the Sở Nội vụ of the province or a ward's own Phòng Văn hóa - Xã hội inspects; the
2023 city Phòng Nội vụ stays for the rounds of its time. Name, parent body, place name, minutes
symbol and signature titles print on the minutes; only the administrator edits them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.domain.clock import local_today
from inspector.domain.text import clean
from inspector.services import audit
from inspector.services.access import allowed, open_to_all
from inspector.services.catalog import CatalogError, valid_on_clause, validity_text
from inspector.store.models import InspectingBody, Unit

DEFAULT_LEADER_TITLE = "Trưởng đoàn kiểm tra"
DEFAULT_RECORDER_TITLE = "Thư ký đoàn kiểm tra"
# The parent body's name ends with the place its decisions speak for ("Ủy ban nhân dân tỉnh Vĩnh Long").
_PEOPLES_COMMITTEE = re.compile(r"^\s*(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+", re.IGNORECASE)


class Named(Protocol):
    name: str
    parent_name: str


@dataclass(frozen=True)
class BodyRow:
    id: uuid.UUID
    code: str
    name: str
    parent_name: str
    place_name: str
    minutes_symbol: str
    leader_title: str
    recorder_title: str
    unit_id: uuid.UUID | None
    valid_from: date | None
    valid_until: date | None
    sort_order: int

    @property
    def full_name(self) -> str:
        return full_name(self)

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None or day <= self.valid_until)


def full_name(body: Named) -> str:
    """The body as a decision issuer: "Sở Nội vụ" under "Ủy ban nhân dân tỉnh Vĩnh Long" → "Sở Nội vụ tỉnh Vĩnh Long"."""
    name, parent = clean(body.name), clean(body.parent_name)
    match = _PEOPLES_COMMITTEE.match(parent)
    place = parent[match.end():] if match else ""
    if not place or name.casefold().endswith(place.casefold()):
        return name
    return f"{name} {place}"


def _row(body: InspectingBody) -> BodyRow:
    return BodyRow(
        id=body.id, code=body.code, name=body.name, parent_name=body.parent_name, place_name=body.place_name,
        minutes_symbol=body.minutes_symbol, leader_title=body.leader_title, recorder_title=body.recorder_title,
        unit_id=body.unit_id, valid_from=body.valid_from, valid_until=body.valid_until, sort_order=body.sort_order,
    )


@open_to_all
def list_bodies(session: Session, on: date | None = None, *, every: bool = False) -> list[BodyRow]:
    """The bodies valid on ``on`` (today by default), or ``every`` body, in display order."""
    query = sa.select(InspectingBody)
    if not every:
        query = query.where(valid_on_clause(InspectingBody, on or local_today()))
    return [_row(b) for b in session.scalars(query.order_by(InspectingBody.sort_order, InspectingBody.name))]


@open_to_all
def get_body(session: Session, body_id: uuid.UUID | None) -> BodyRow | None:
    body = session.get(InspectingBody, body_id) if body_id is not None else None
    return _row(body) if body is not None else None


def symbol_problem(symbol: str) -> str | None:
    """The minutes symbol (ký hiệu) is capitals, digits and single hyphens: "BB-SNV", "BB-VHXH", "BB-ĐKT"."""
    text = clean(symbol)
    if not text:
        return "Hãy nhập ký hiệu biên bản (ví dụ BB-SNV)."
    parts = text.split("-")
    if len(text) > 40 or not all(parts) or not all(ch.isdigit() and ch.isascii() or ch.isupper()
                                                  for part in parts for ch in part):
        return (f"Ký hiệu biên bản “{text[:40]}” chỉ gồm chữ in hoa, chữ số và dấu gạch nối giữa các phần "
                f"(ví dụ BB-SNV), tối đa 40 ký tự.")
    return None


@open_to_all
def round_body_problems(session: Session, body_id: uuid.UUID | None, day: date) -> list[str]:
    """A round names the body that inspects, valid on its decision date (once bodies are in the catalogue)."""
    if body_id is None:
        if session.scalar(sa.select(sa.func.count()).select_from(InspectingBody)):
            if not list_bodies(session, day):
                return [f"Chưa có cơ quan kiểm tra nào có hiệu lực vào ngày quyết định {day:%d/%m/%Y}; "
                        f"quản trị viên hãy thêm ở Danh mục › Cơ quan kiểm tra."]
            return ["Hãy chọn cơ quan kiểm tra."]
        return []
    body = session.get(InspectingBody, body_id)
    if body is None:
        return ["Không tìm thấy cơ quan kiểm tra được chọn."]
    if not body.valid_on(day):
        return [f"Cơ quan kiểm tra “{full_name(body)}” không có hiệu lực vào ngày quyết định {day:%d/%m/%Y} "
                f"({validity_text(body.valid_from, body.valid_until)})."]
    return []


@dataclass(frozen=True)
class BodyInput:
    """An inspecting body as the administrator enters it."""

    name: str
    place_name: str
    minutes_symbol: str
    parent_name: str = ""
    leader_title: str = DEFAULT_LEADER_TITLE
    recorder_title: str = DEFAULT_RECORDER_TITLE
    valid_from: date | None = None
    valid_until: date | None = None
    unit_id: uuid.UUID | None = None
    code: str = ""   # empty: made from the minutes symbol


@open_to_all
def validate_body(session: Session, data: BodyInput, body_id: uuid.UUID | None = None) -> list[str]:
    """Every problem with the input, in Vietnamese."""
    problems = []
    if not clean(data.name):
        problems.append("Hãy nhập tên cơ quan kiểm tra (ví dụ Sở Nội vụ).")
    if not clean(data.place_name):
        problems.append("Hãy nhập địa danh ghi ở dòng ngày tháng của biên bản (ví dụ Vĩnh Long).")
    if (problem := symbol_problem(data.minutes_symbol)) is not None:
        problems.append(problem)
    if not clean(data.leader_title) or not clean(data.recorder_title):
        problems.append("Hãy nhập chức danh ở phần ký của trưởng đoàn và thư ký.")
    for text, limit, what in ((clean(data.name), 300, "Tên cơ quan"), (clean(data.parent_name), 300, "Cơ quan chủ quản"),
                              (clean(data.place_name), 120, "Địa danh"), (clean(data.leader_title), 120, "Chức danh trưởng đoàn"),
                              (clean(data.recorder_title), 120, "Chức danh thư ký"), (clean(data.code), 40, "Mã")):
        if len(text) > limit:
            problems.append(f"{what} dài quá {limit} ký tự.")
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        problems.append(f"Ngày hết hiệu lực ({data.valid_until:%d/%m/%Y}) trước ngày bắt đầu hiệu lực "
                        f"({data.valid_from:%d/%m/%Y}).")
    if data.unit_id is not None and session.get(Unit, data.unit_id) is None:
        problems.append("Không tìm thấy đơn vị được chọn.")
    code = clean(data.code)
    if code and session.scalar(sa.select(InspectingBody.id).where(InspectingBody.code == code,
                                                                  InspectingBody.id != body_id)) is not None:
        problems.append(f"Mã “{code}” đã được dùng cho cơ quan kiểm tra khác.")
    return problems


def _state(body: InspectingBody) -> dict[str, Any]:
    return {"code": body.code, "name": body.name, "parent_name": body.parent_name, "place_name": body.place_name,
            "minutes_symbol": body.minutes_symbol, "leader_title": body.leader_title,
            "recorder_title": body.recorder_title, "unit_id": str(body.unit_id) if body.unit_id else None,
            "valid_from": body.valid_from.isoformat() if body.valid_from else None,
            "valid_until": body.valid_until.isoformat() if body.valid_until else None}


def _apply(body: InspectingBody, data: BodyInput) -> None:
    body.name = clean(data.name)
    body.parent_name = clean(data.parent_name)
    body.place_name = clean(data.place_name)
    body.minutes_symbol = clean(data.minutes_symbol)
    body.leader_title = clean(data.leader_title)
    body.recorder_title = clean(data.recorder_title)
    body.valid_from = data.valid_from
    body.valid_until = data.valid_until
    body.unit_id = data.unit_id


def _free_code(session: Session, base: str) -> str:
    code, n = base[:36], 1
    while session.scalar(sa.select(InspectingBody.id).where(InspectingBody.code == code)) is not None:
        n += 1
        code = f"{base[:36]}-{n}"
    return code


@allowed(Role.ADMIN)
def create_body(session: Session, data: BodyInput, user_id: uuid.UUID | None) -> InspectingBody:
    problems = validate_body(session, data)
    if problems:
        raise CatalogError("\n".join(problems))
    last = session.scalar(sa.select(sa.func.max(InspectingBody.sort_order))) or 0
    body = InspectingBody(code=clean(data.code) or _free_code(session, clean(data.minutes_symbol)),
                          sort_order=last + 1, name="", place_name="", minutes_symbol="")
    _apply(body, data)
    session.add(body)
    session.flush()
    audit.record(session, "inspecting_body.created", "inspecting_body", body.id, user_id=user_id, after=_state(body))
    return body


@allowed(Role.ADMIN)
def update_body(session: Session, body_id: uuid.UUID, data: BodyInput, user_id: uuid.UUID | None) -> InspectingBody:
    body = session.get(InspectingBody, body_id)
    if body is None:
        raise CatalogError("Không tìm thấy cơ quan kiểm tra.")
    problems = validate_body(session, data, body_id)
    if problems:
        raise CatalogError("\n".join(problems))
    before = _state(body)
    _apply(body, data)
    if clean(data.code):
        body.code = clean(data.code)
    session.flush()
    after = _state(body)
    if after != before:
        audit.record(session, "inspecting_body.updated", "inspecting_body", body.id, user_id=user_id,
                     before=before, after=after)
    return body
