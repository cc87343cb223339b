"""Read the catalogue: units (cơ quan, đơn vị), their reception points and staff."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from inspector.domain.catalog import UnitLevel
from inspector.store.models import ReceptionPoint, StaffMember, Unit


@dataclass(frozen=True)
class StaffRow:
    id: uuid.UUID
    full_name: str
    position: str


@dataclass(frozen=True)
class PointRow:
    id: uuid.UUID
    name: str
    address: str
    phone: str
    staff: tuple[StaffRow, ...]


@dataclass(frozen=True)
class UnitRow:
    id: uuid.UUID
    code: str
    name: str
    level: UnitLevel
    address: str
    parent_id: uuid.UUID | None
    points: tuple[PointRow, ...]


def list_units(session: Session) -> list[UnitRow]:
    """Active units in display order, each with its active reception points and staff."""
    units = session.scalars(
        sa.select(Unit)
        .where(Unit.active.is_(True))
        .options(selectinload(Unit.reception_points).selectinload(ReceptionPoint.staff))
        .order_by(Unit.sort_order, Unit.name)
    ).all()
    return [
        UnitRow(
            id=u.id, code=u.code, name=u.name, level=u.level, address=u.address, parent_id=u.parent_id,
            points=tuple(
                PointRow(
                    id=p.id, name=p.name, address=p.address, phone=p.phone,
                    staff=tuple(StaffRow(s.id, s.full_name, s.position) for s in p.staff if s.active),
                )
                for p in u.reception_points if p.active
            ),
        )
        for u in units
    ]


def count_units(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Unit)) or 0


def staff_of(session: Session, point_id: uuid.UUID) -> list[StaffRow]:
    rows = session.scalars(
        sa.select(StaffMember)
        .where(StaffMember.reception_point_id == point_id, StaffMember.active.is_(True))
        .order_by(StaffMember.full_name)
    )
    return [StaffRow(s.id, s.full_name, s.position) for s in rows]
