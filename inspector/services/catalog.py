"""The catalogue (danh mục): units (cơ quan, đơn vị), their reception points and staff, as dated data.

The map changes with the law: a unit is never rewritten in place, it ends (valid_until) and its
successors begin (sáp nhập, chia tách, đổi tên). Lists show the map of one day, today unless asked;
history on request, each ended row under the unit that continues it. ``active`` is the
administrator's switch (a row entered by mistake), validity is the dates.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from inspector.domain.catalog import Role, SuccessionKind, UnitLevel
from inspector.domain.clock import local_today
from inspector.domain.text import clean
from inspector.services import audit
from inspector.services.access import allowed, open_to_all
from inspector.store.models import PointSuccession, ReceptionPoint, StaffMember, Unit, UnitSuccession


class CatalogError(ValueError):
    """A catalogue edit refused; the message is for the user (Vietnamese)."""


@dataclass(frozen=True)
class StaffRow:
    id: uuid.UUID
    full_name: str
    position: str


@dataclass(frozen=True)
class Link:
    """One side of a succession: the other unit (or point), how and from which day."""

    id: uuid.UUID
    name: str
    kind: SuccessionKind
    effective_on: date


@dataclass(frozen=True)
class PointRow:
    id: uuid.UUID
    name: str
    address: str
    phone: str
    staff: tuple[StaffRow, ...]
    valid_from: date | None = None
    valid_until: date | None = None
    ended: bool = False      # ended before the day listed
    upcoming: bool = False   # begins after the day listed
    successors: tuple[Link, ...] = ()
    predecessors: tuple[Link, ...] = ()

    @property
    def current(self) -> bool:
        return not self.ended and not self.upcoming


@dataclass(frozen=True)
class UnitRow:
    id: uuid.UUID
    code: str
    name: str
    level: UnitLevel
    address: str
    parent_id: uuid.UUID | None
    points: tuple[PointRow, ...]
    short_name: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    ended: bool = False
    upcoming: bool = False
    successors: tuple[Link, ...] = ()
    predecessors: tuple[Link, ...] = ()
    # The row this one is listed under: its parent, or for an ended unit the unit that continues it.
    shown_under: uuid.UUID | None = None

    @property
    def current(self) -> bool:
        return not self.ended and not self.upcoming


def valid_on_clause(model: Any, day: date) -> sa.ColumnElement[bool]:
    """SQL for Dated.valid_on(day): both ends included, None open."""
    return sa.and_(sa.or_(model.valid_from.is_(None), model.valid_from <= day),
                   sa.or_(model.valid_until.is_(None), model.valid_until >= day))


# --- reading -----------------------------------------------------------------------------------


@open_to_all
def list_units(session: Session, on: date | None = None, history: bool = False) -> list[UnitRow]:
    """The units valid on ``on`` (today by default) in display order, each with its reception points
    valid that day and their staff; units switched off by the administrator are never listed.

    With ``history`` every unit and point is listed, those not valid that day marked ``ended`` or
    ``upcoming`` with their successors; an ended unit is shown under the unit that continues it.
    """
    day = on or local_today()
    query = (
        sa.select(Unit).where(Unit.active.is_(True))
        .options(selectinload(Unit.reception_points).selectinload(ReceptionPoint.staff))
    )
    if not history:
        query = query.where(valid_on_clause(Unit, day))
    units = session.scalars(query.order_by(Unit.sort_order, Unit.name)).all()
    unit_ids = {u.id for u in units}
    point_ids = {p.id for u in units for p in u.reception_points}
    unit_next, unit_prev = _links(session, UnitSuccession, Unit, unit_ids)
    point_next, point_prev = _links(session, PointSuccession, ReceptionPoint, point_ids)

    rows = []
    for u in units:
        points = tuple(
            PointRow(
                id=p.id, name=p.name, address=p.address, phone=p.phone,
                staff=tuple(StaffRow(s.id, s.full_name, s.position) for s in p.staff if s.active),
                valid_from=p.valid_from, valid_until=p.valid_until,
                ended=p.valid_until is not None and p.valid_until < day,
                upcoming=p.valid_from is not None and p.valid_from > day,
                successors=tuple(point_next[p.id]), predecessors=tuple(point_prev[p.id]),
            )
            for p in u.reception_points if p.active and (history or p.valid_on(day))
        )
        ended = u.valid_until is not None and u.valid_until < day
        successors = tuple(unit_next[u.id])
        under = next((s.id for s in successors if s.id in unit_ids), None) if ended else None
        if under is None and u.parent_id in unit_ids:
            under = u.parent_id
        rows.append(UnitRow(
            id=u.id, code=u.code, name=u.name, level=u.level, address=u.address, parent_id=u.parent_id,
            points=points, short_name=u.short_name, valid_from=u.valid_from, valid_until=u.valid_until,
            ended=ended, upcoming=u.valid_from is not None and u.valid_from > day,
            successors=successors, predecessors=tuple(unit_prev[u.id]), shown_under=under,
        ))
    rows = _without_loops(rows)
    if history:  # under each parent the units of the day first, then those that ended or begin later
        rows.sort(key=lambda r: not r.current)
    return rows


def _links(session: Session, table: Any, model: Any, ids: set[uuid.UUID]
           ) -> tuple[defaultdict[uuid.UUID, list[Link]], defaultdict[uuid.UUID, list[Link]]]:
    """Successors and predecessors of the given rows, named."""
    forward: defaultdict[uuid.UUID, list[Link]] = defaultdict(list)
    backward: defaultdict[uuid.UUID, list[Link]] = defaultdict(list)
    if not ids:
        return forward, backward
    rows = session.scalars(sa.select(table).where(
        sa.or_(table.predecessor_id.in_(ids), table.successor_id.in_(ids))).order_by(table.effective_on)).all()
    wanted = {r.predecessor_id for r in rows} | {r.successor_id for r in rows}
    names = dict(session.execute(sa.select(model.id, model.name).where(model.id.in_(wanted))).all()) if wanted else {}
    for r in rows:
        kind = SuccessionKind(r.kind)
        forward[r.predecessor_id].append(Link(r.successor_id, names.get(r.successor_id, ""), kind, r.effective_on))
        backward[r.successor_id].append(Link(r.predecessor_id, names.get(r.predecessor_id, ""), kind, r.effective_on))
    return forward, backward


def _without_loops(rows: list[UnitRow]) -> list[UnitRow]:
    """A row whose chain of 'shown under' comes back to itself is listed at the top instead."""
    under = {r.id: r.shown_under for r in rows}
    result = []
    for row in rows:
        seen, at = {row.id}, row.shown_under
        while at is not None and at not in seen:
            seen.add(at)
            at = under.get(at)
        if at is not None:
            under[row.id] = None
            row = replace(row, shown_under=None)
        result.append(row)
    return result


@open_to_all
def count_units(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Unit)) or 0


@open_to_all
def staff_of(session: Session, point_id: uuid.UUID) -> list[StaffRow]:
    rows = session.scalars(
        sa.select(StaffMember)
        .where(StaffMember.reception_point_id == point_id, StaffMember.active.is_(True))
        .order_by(StaffMember.full_name)
    )
    return [StaffRow(s.id, s.full_name, s.position) for s in rows]


@open_to_all
def point_closed_reason(session: Session, point_id: uuid.UUID, day: date) -> str | None:
    """Why no visit can be held at this reception point on ``day`` (Vietnamese), or None when it can."""
    point = session.get(ReceptionPoint, point_id)
    if point is None or not point.active or not point.unit.active:
        return "Không tìm thấy Bộ phận Một cửa được chọn."
    for row, what in ((point, point.name), (point.unit, point.unit.name)):
        if not row.valid_on(day):
            return f"“{what}” không có hiệu lực vào ngày {day:%d/%m/%Y} ({validity_text(row.valid_from, row.valid_until)})."
    return None


def validity_text(start: date | None, end: date | None) -> str:
    if start and end:
        return f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
    if start:
        return f"từ {start:%d/%m/%Y}"
    if end:
        return f"đến {end:%d/%m/%Y}"
    return "không thời hạn"


# --- lineage -----------------------------------------------------------------------------------


def _edges(session: Session, table: Any) -> tuple[dict[uuid.UUID, list[uuid.UUID]], dict[uuid.UUID, list[uuid.UUID]]]:
    forward: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    backward: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for pred, succ in session.execute(
            sa.select(table.predecessor_id, table.successor_id).order_by(table.effective_on)):
        forward[pred].append(succ)
        backward[succ].append(pred)
    return forward, backward


def _reach(start: uuid.UUID, edges: dict[uuid.UUID, list[uuid.UUID]]) -> list[uuid.UUID]:
    """Every row reachable from ``start`` (not itself), nearest first."""
    seen, order, queue = {start}, [], [start]
    while queue:
        at = queue.pop(0)
        for nxt in edges.get(at, ()):
            if nxt not in seen:
                seen.add(nxt)
                order.append(nxt)
                queue.append(nxt)
    return order


@open_to_all
def predecessor_unit_ids(session: Session, unit_id: uuid.UUID) -> list[uuid.UUID]:
    """Every unit this one continues, transitively (Phường Trà Vinh ← Phường 3 ← Phường 2), nearest first."""
    return _reach(unit_id, _edges(session, UnitSuccession)[1])


@open_to_all
def successor_chain(session: Session, unit_id: uuid.UUID) -> list[uuid.UUID]:
    """Every unit that continues this one, transitively, nearest first."""
    return _reach(unit_id, _edges(session, UnitSuccession)[0])


@open_to_all
def current_successors(session: Session, unit_id: uuid.UUID, day: date | None = None) -> list[uuid.UUID]:
    """The units valid on ``day`` (today) that carry this unit on: itself when it is valid that day,
    else the first valid units along each line of successors (for grouping history under today's map)."""
    day = day or local_today()
    forward = _edges(session, UnitSuccession)[0]
    found: list[uuid.UUID] = []
    seen, queue = {unit_id}, [unit_id]
    while queue:
        at = queue.pop(0)
        unit = session.get(Unit, at)
        if unit is not None and unit.valid_on(day):
            if at not in found:
                found.append(at)
            continue
        for nxt in forward.get(at, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return found


@open_to_all
def lineage_point_ids(session: Session, point_id: uuid.UUID) -> list[uuid.UUID]:
    """The reception point itself and every point it continues, transitively: through point successions,
    and through its unit's predecessors (all their reception points) — so a follow-up at a merged ward
    finds the open recommendations made at the wards it absorbed."""
    if session.get(ReceptionPoint, point_id) is None:
        return []
    point_back = _edges(session, PointSuccession)[1]
    unit_back = _edges(session, UnitSuccession)[1]
    result, seen_points, walked_units = [point_id], {point_id}, set()
    queue = [point_id]

    def add(pid: uuid.UUID) -> None:
        if pid not in seen_points:
            seen_points.add(pid)
            result.append(pid)
            queue.append(pid)

    while queue:
        pid = queue.pop(0)
        for pred in point_back.get(pid, ()):
            add(pred)
        unit_id = session.scalar(sa.select(ReceptionPoint.unit_id).where(ReceptionPoint.id == pid))
        if unit_id is None or unit_id in walked_units:
            continue
        walked_units.add(unit_id)
        for pred_unit in _reach(unit_id, unit_back):
            walked_units.add(pred_unit)
            for pred_point in session.scalars(
                    sa.select(ReceptionPoint.id).where(ReceptionPoint.unit_id == pred_unit)
                    .order_by(ReceptionPoint.name)):
                add(pred_point)
    return result


# --- the administrator's edits -----------------------------------------------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _dates_problem(start: date | None, end: date | None) -> list[str]:
    if start and end and end < start:
        return [f"Ngày hết hiệu lực ({end:%d/%m/%Y}) trước ngày bắt đầu hiệu lực ({start:%d/%m/%Y})."]
    return []


def _lengths(*checks: tuple[str, int, str]) -> list[str]:
    return [f"{what} dài quá {limit} ký tự." for text, limit, what in checks if len(text) > limit]


@dataclass(frozen=True)
class UnitInput:
    """A unit as the administrator enters it."""

    name: str
    level: UnitLevel
    short_name: str = ""
    parent_id: uuid.UUID | None = None
    address: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    code: str = ""   # empty: one is made up


@open_to_all
def validate_unit(session: Session, data: UnitInput, unit_id: uuid.UUID | None = None) -> list[str]:
    """Every problem with the input, in Vietnamese."""
    problems = []
    if not clean(data.name):
        problems.append("Hãy nhập tên đơn vị.")
    problems += _lengths((clean(data.name), 300, "Tên đơn vị"), (clean(data.short_name), 120, "Tên ngắn"),
                         (clean(data.address), 300, "Địa chỉ"), (clean(data.code), 40, "Mã đơn vị"))
    problems += _dates_problem(data.valid_from, data.valid_until)
    if data.parent_id is not None:
        if session.get(Unit, data.parent_id) is None:
            problems.append("Không tìm thấy đơn vị cấp trên được chọn.")
        elif unit_id is not None and (data.parent_id == unit_id or data.parent_id in _descendants(session, unit_id)):
            problems.append("Đơn vị cấp trên không thể là chính đơn vị này hoặc một đơn vị trực thuộc nó.")
    code = clean(data.code)
    if code and session.scalar(sa.select(Unit.id).where(Unit.code == code, Unit.id != unit_id)) is not None:
        problems.append(f"Mã đơn vị “{code}” đã được dùng cho đơn vị khác.")
    return problems


def _descendants(session: Session, unit_id: uuid.UUID) -> set[uuid.UUID]:
    children: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for uid, parent in session.execute(sa.select(Unit.id, Unit.parent_id)):
        if parent is not None:
            children[parent].append(uid)
    return set(_reach(unit_id, children))


def _unit_state(unit: Unit) -> dict[str, Any]:
    return {"code": unit.code, "name": unit.name, "short_name": unit.short_name, "level": str(unit.level),
            "parent_id": str(unit.parent_id) if unit.parent_id else None, "address": unit.address,
            "valid_from": _day(unit.valid_from), "valid_until": _day(unit.valid_until)}


def _apply_unit(unit: Unit, data: UnitInput) -> None:
    unit.name = clean(data.name)
    unit.short_name = clean(data.short_name)
    unit.level = data.level
    unit.parent_id = data.parent_id
    unit.address = clean(data.address)
    unit.valid_from = data.valid_from
    unit.valid_until = data.valid_until


@allowed(Role.ADMIN)
def create_unit(session: Session, data: UnitInput, user_id: uuid.UUID | None) -> Unit:
    problems = validate_unit(session, data)
    if problems:
        raise CatalogError("\n".join(problems))
    last = session.scalar(sa.select(sa.func.max(Unit.sort_order))) or 0
    unit = Unit(code=clean(data.code) or f"DV-{uuid.uuid4().hex[:10].upper()}", sort_order=last + 1,
                name="", level=data.level)
    _apply_unit(unit, data)
    session.add(unit)
    session.flush()
    audit.record(session, "unit.created", "unit", unit.id, user_id=user_id, after=_unit_state(unit))
    return unit


@allowed(Role.ADMIN)
def update_unit(session: Session, unit_id: uuid.UUID, data: UnitInput, user_id: uuid.UUID | None) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise CatalogError("Không tìm thấy đơn vị.")
    problems = validate_unit(session, data, unit_id)
    if problems:
        raise CatalogError("\n".join(problems))
    before = _unit_state(unit)
    _apply_unit(unit, data)
    if clean(data.code):
        unit.code = clean(data.code)
    session.flush()
    after = _unit_state(unit)
    if after != before:
        audit.record(session, "unit.updated", "unit", unit.id, user_id=user_id, before=before, after=after)
    return unit


@dataclass(frozen=True)
class PointInput:
    """A reception point (Bộ phận Một cửa) as the administrator enters it."""

    unit_id: uuid.UUID
    name: str
    address: str = ""
    phone: str = ""
    valid_from: date | None = None
    valid_until: date | None = None


@open_to_all
def validate_point(session: Session, data: PointInput) -> list[str]:
    problems = []
    if not clean(data.name):
        problems.append("Hãy nhập tên Bộ phận Một cửa.")
    problems += _lengths((clean(data.name), 300, "Tên Bộ phận Một cửa"), (clean(data.address), 300, "Địa chỉ"),
                         (clean(data.phone), 40, "Số điện thoại"))
    problems += _dates_problem(data.valid_from, data.valid_until)
    unit = session.get(Unit, data.unit_id)
    if unit is None:
        problems.append("Không tìm thấy đơn vị của Bộ phận Một cửa.")
    elif (unit.valid_until and data.valid_from and data.valid_from > unit.valid_until) or \
            (unit.valid_from and data.valid_until and data.valid_until < unit.valid_from):
        problems.append(f"Thời gian hiệu lực của Bộ phận Một cửa nằm ngoài thời gian hiệu lực của "
                        f"“{unit.name}” ({validity_text(unit.valid_from, unit.valid_until)}).")
    return problems


def _point_state(point: ReceptionPoint) -> dict[str, Any]:
    return {"unit_id": str(point.unit_id), "name": point.name, "address": point.address, "phone": point.phone,
            "valid_from": _day(point.valid_from), "valid_until": _day(point.valid_until)}


def _apply_point(point: ReceptionPoint, data: PointInput) -> None:
    point.unit_id = data.unit_id
    point.name = clean(data.name)
    point.address = clean(data.address)
    point.phone = clean(data.phone)
    point.valid_from = data.valid_from
    point.valid_until = data.valid_until


@allowed(Role.ADMIN)
def create_point(session: Session, data: PointInput, user_id: uuid.UUID | None) -> ReceptionPoint:
    problems = validate_point(session, data)
    if problems:
        raise CatalogError("\n".join(problems))
    point = ReceptionPoint(unit_id=data.unit_id, name="")
    _apply_point(point, data)
    session.add(point)
    session.flush()
    audit.record(session, "reception_point.created", "reception_point", point.id, user_id=user_id,
                 after=_point_state(point))
    return point


@allowed(Role.ADMIN)
def update_point(session: Session, point_id: uuid.UUID, data: PointInput, user_id: uuid.UUID | None) -> ReceptionPoint:
    point = session.get(ReceptionPoint, point_id)
    if point is None:
        raise CatalogError("Không tìm thấy Bộ phận Một cửa.")
    problems = validate_point(session, data)
    if problems:
        raise CatalogError("\n".join(problems))
    before = _point_state(point)
    _apply_point(point, data)
    session.flush()
    after = _point_state(point)
    if after != before:
        audit.record(session, "reception_point.updated", "reception_point", point.id, user_id=user_id,
                     before=before, after=after)
    return point


# --- successions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuccessionInput:
    """A merger (several → one), split (one → several) or rename (one → one new unit) from a day on.

    Predecessors end the day before ``effective_on``; a successor with no start date begins on it,
    unless ``successor_existed`` (a merger into a unit that was already there, which carries on).
    ``point_links`` pairs a predecessor's reception point with the successor's point that continues it.
    """

    kind: SuccessionKind
    predecessor_ids: Sequence[uuid.UUID]
    successor_ids: Sequence[uuid.UUID]
    effective_on: date
    note: str = ""
    point_links: Sequence[tuple[uuid.UUID, uuid.UUID]] = ()
    successor_existed: bool = False


_COUNTS = {
    SuccessionKind.MERGE: ((1, None), (1, 1), "Sáp nhập cần ít nhất một đơn vị bị sáp nhập và đúng một đơn vị "
                                              "tiếp nhận."),
    SuccessionKind.SPLIT: ((1, 1), (2, None), "Chia tách cần đúng một đơn vị bị chia tách và ít nhất hai đơn vị "
                                              "mới."),
    SuccessionKind.RENAME: ((1, 1), (1, 1), "Đổi tên cần đúng một đơn vị cũ và đúng một đơn vị mang tên mới."),
}


def _count_ok(n: int, bounds: tuple[int, int | None]) -> bool:
    low, high = bounds
    return n >= low and (high is None or n <= high)


@open_to_all
def validate_succession(session: Session, data: SuccessionInput) -> list[str]:
    """Every problem with a succession, in Vietnamese (nothing is changed)."""
    kind = SuccessionKind(data.kind)
    preds_ids, succ_ids = list(dict.fromkeys(data.predecessor_ids)), list(dict.fromkeys(data.successor_ids))
    pred_bounds, succ_bounds, message = _COUNTS[kind]
    if not _count_ok(len(preds_ids), pred_bounds) or not _count_ok(len(succ_ids), succ_bounds):
        return [message]
    preds = [session.get(Unit, i) for i in preds_ids]
    succs = [session.get(Unit, i) for i in succ_ids]
    if any(u is None for u in preds + succs):
        return ["Không tìm thấy đơn vị được chọn."]
    problems = []
    eff, last_day = data.effective_on, data.effective_on - timedelta(days=1)
    for unit in preds:
        assert unit is not None
        if unit.id in succ_ids:
            problems.append(f"“{unit.name}” không thể kế thừa chính nó.")
            continue
        if unit.valid_from and last_day < unit.valid_from:
            problems.append(f"Ngày hiệu lực {eff:%d/%m/%Y} không hợp lệ: “{unit.name}” chỉ có hiệu lực "
                            f"{validity_text(unit.valid_from, unit.valid_until)}, nên phải kết thúc từ ngày "
                            f"{unit.valid_from:%d/%m/%Y} trở đi.")
        elif unit.valid_until and last_day > unit.valid_until:
            problems.append(f"Ngày hiệu lực {eff:%d/%m/%Y} không hợp lệ: “{unit.name}” đã hết hiệu lực "
                            f"ngày {unit.valid_until:%d/%m/%Y}.")
    for unit in succs:
        assert unit is not None
        if unit.valid_until and unit.valid_until < eff:
            problems.append(f"Đơn vị kế thừa “{unit.name}” hết hiệu lực ngày {unit.valid_until:%d/%m/%Y}, "
                            f"trước ngày hiệu lực {eff:%d/%m/%Y}.")
        if unit.valid_from and unit.valid_from > eff:
            problems.append(f"Đơn vị kế thừa “{unit.name}” chỉ bắt đầu hiệu lực từ {unit.valid_from:%d/%m/%Y}, "
                            f"sau ngày hiệu lực {eff:%d/%m/%Y}.")
    forward = _edges(session, UnitSuccession)[0]
    names = {u.id: u.name for u in preds + succs if u is not None}
    for succ in succ_ids:
        later = set(_reach(succ, forward))
        for pred in preds_ids:
            if pred == succ:
                continue
            if pred in later:
                problems.append(f"“{names[pred]}” đã là đơn vị kế thừa (trực tiếp hoặc gián tiếp) của "
                                f"“{names[succ]}”: ghi nhận này sẽ tạo một vòng lặp.")
            elif succ in forward.get(pred, ()):
                problems.append(f"“{names[pred]}” đã được ghi nhận là tiền thân của “{names[succ]}”.")
    for pred_point_id, succ_point_id in data.point_links:
        pred_point, succ_point = session.get(ReceptionPoint, pred_point_id), session.get(ReceptionPoint, succ_point_id)
        if pred_point is None or succ_point is None:
            problems.append("Không tìm thấy Bộ phận Một cửa được chọn.")
        elif pred_point.unit_id not in preds_ids or succ_point.unit_id not in succ_ids:
            problems.append(f"“{pred_point.name}” → “{succ_point.name}”: mỗi Bộ phận Một cửa phải thuộc một đơn vị "
                            f"cũ và được nối với Bộ phận Một cửa của một đơn vị kế thừa.")
    if len(clean(data.note)) > 2000:
        problems.append("Ghi chú dài quá 2000 ký tự.")
    return problems


@allowed(Role.ADMIN)
def record_succession(session: Session, data: SuccessionInput, user_id: uuid.UUID | None) -> list[UnitSuccession]:
    """Record a merger, split or rename as a whole (one transaction, audited) or refuse it with every reason."""
    problems = validate_succession(session, data)
    if problems:
        raise CatalogError("\n".join(problems))
    kind = SuccessionKind(data.kind)
    eff, last_day, note = data.effective_on, data.effective_on - timedelta(days=1), clean(data.note)
    preds = [session.get(Unit, i) for i in dict.fromkeys(data.predecessor_ids)]
    succs = [session.get(Unit, i) for i in dict.fromkeys(data.successor_ids)]
    links = []
    for pred in preds:
        for succ in succs:
            assert pred is not None and succ is not None
            link = UnitSuccession(predecessor_id=pred.id, successor_id=succ.id, kind=kind.value,
                                  effective_on=eff, note=note)
            session.add(link)
            links.append(link)
    for pred in preds:
        assert pred is not None
        before = {"valid_until": _day(pred.valid_until)}
        pred.valid_until = last_day
        ended_points = []
        for point in pred.reception_points:
            if (point.valid_until is None or point.valid_until > last_day) and \
                    (point.valid_from is None or point.valid_from <= last_day):
                point.valid_until = last_day
                ended_points.append(point.name)
        audit.record(session, "unit.ended", "unit", pred.id, user_id=user_id, before=before, after={
            "valid_until": last_day.isoformat(), "kind": kind.value, "effective_on": eff.isoformat(),
            "successors": [s.name for s in succs if s is not None], "points_ended": ended_points,
        })
    for succ in succs:
        assert succ is not None
        before = {"valid_from": _day(succ.valid_from)}
        if succ.valid_from is None and not data.successor_existed:
            succ.valid_from = eff
            for point in succ.reception_points:
                if point.valid_from is None:
                    point.valid_from = eff
        audit.record(session, "unit.succeeded", "unit", succ.id, user_id=user_id, before=before, after={
            "valid_from": _day(succ.valid_from), "kind": kind.value, "effective_on": eff.isoformat(),
            "predecessors": [p.name for p in preds if p is not None], "note": note,
        })
    for pred_point_id, succ_point_id in dict.fromkeys(data.point_links):
        session.add(PointSuccession(predecessor_id=pred_point_id, successor_id=succ_point_id, kind=kind.value,
                                    effective_on=eff, note=note))
        session.flush()
        audit.record(session, "reception_point.succeeded", "reception_point", succ_point_id, user_id=user_id,
                     after={"predecessor": str(pred_point_id), "kind": kind.value, "effective_on": eff.isoformat()})
    session.flush()
    return links


@open_to_all
def units_valid_on(session: Session, day: date) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of the units valid on a day and not switched off, in display order (for choosers)."""
    return [(i, n) for i, n in session.execute(
        sa.select(Unit.id, Unit.name).where(Unit.active.is_(True), valid_on_clause(Unit, day))
        .order_by(Unit.sort_order, Unit.name))]


@open_to_all
def points_of(session: Session, unit_ids: Iterable[uuid.UUID], day: date | None = None
              ) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    """(point id, unit id, name) of the units' reception points, those valid on ``day`` when given."""
    ids = list(unit_ids)
    if not ids:
        return []
    query = sa.select(ReceptionPoint.id, ReceptionPoint.unit_id, ReceptionPoint.name).where(
        ReceptionPoint.unit_id.in_(ids), ReceptionPoint.active.is_(True))
    if day is not None:
        query = query.where(valid_on_clause(ReceptionPoint, day))
    return [(p, u, n) for p, u, n in session.execute(query.order_by(ReceptionPoint.name))]
