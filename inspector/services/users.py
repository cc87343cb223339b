"""Users of the app (người dùng): the names anyone may read (teams, who did what).

Accounts, passwords and signing in are in services.accounts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.services.access import open_to_all
from inspector.store.models import ROLE_ORDER, User


@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    username: str
    full_name: str
    title: str
    roles: frozenset[Role]

    @property
    def role(self) -> Role:
        """The role shown beside the name: the highest held."""
        return min(self.roles, key=ROLE_ORDER.index) if self.roles else Role.INSPECTOR

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)


def _row(user: User) -> UserRow:
    return UserRow(user.id, user.username, user.full_name, user.title, user.roles)


@open_to_all
def list_users(session: Session) -> list[UserRow]:
    """The active users, by name."""
    users = session.scalars(sa.select(User).where(User.active.is_(True)).order_by(User.full_name))
    return [_row(u) for u in users]


@open_to_all
def get_user(session: Session, user_id: uuid.UUID | None) -> UserRow | None:
    """The user if active, else None."""
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    return _row(user)
