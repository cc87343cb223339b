"""Users of the app (người dùng) and who is working on this laptop."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.store.models import User


@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    username: str
    full_name: str
    title: str
    role: Role


def list_users(session: Session) -> list[UserRow]:
    users = session.scalars(sa.select(User).where(User.active.is_(True)).order_by(User.full_name))
    return [UserRow(u.id, u.username, u.full_name, u.title, u.role) for u in users]


def get_user(session: Session, user_id: uuid.UUID | None) -> UserRow | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    return UserRow(user.id, user.username, user.full_name, user.title, user.role)
