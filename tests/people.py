"""The demo's people, by role, for tests that act as someone (every service checks who acts: services/access.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa

from inspector.domain.catalog import Role, TeamRole
from inspector.store.models import Round, RoundMember, User


@dataclass(frozen=True)
class People:
    """Ids of the demo users (services/demo.py): all but quantri are in the team of the demo's rounds."""

    inspector: uuid.UUID    # kiemtra1, inspector
    inspector2: uuid.UUID   # kiemtra2, inspector
    supervisor: uuid.UUID   # truongphong, supervisor (leader of the demo team)
    clerk: uuid.UUID        # vanthu, clerk (secretary of the demo team)
    admin: uuid.UUID        # quantri, administrator (in no team)


def demo_user(db, username: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.select(User.id).where(User.username == username)).one()


def people_of(db) -> People:  # type: ignore[no-untyped-def]
    return People(*(demo_user(db, name) for name in ("kiemtra1", "kiemtra2", "truongphong", "vanthu", "quantri")))


def user_with(db, role: Role) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """The first active user holding ``role``."""
    with db.read() as session:
        return session.scalars(sa.select(User.id).where(User.holding(role), User.active.is_(True))
                               .order_by(User.username)).first()


def join_round(db, round_id: uuid.UUID, *user_ids: uuid.UUID, role: TeamRole = TeamRole.MEMBER) -> None:  # type: ignore[no-untyped-def]
    """Put users into a round's team (behind the services: a test's own round, made directly)."""
    with db.session() as session:
        record = session.get(Round, round_id)
        assert record is not None
        have = {m.user_id for m in record.members}
        for user_id in user_ids:
            if user_id in have:
                continue
            user = session.get(User, user_id)
            assert user is not None
            record.members.append(RoundMember(user_id=user.id, full_name=user.full_name, position=user.title,
                                              team_role=role, sort_order=len(record.members)))


def someone(session, *roles: Role, username: str = "thunghiem") -> uuid.UUID:  # type: ignore[no-untyped-def]
    """An active user holding ``roles`` (made the first time) in ``session``: for databases without the demo's people."""
    user = session.scalars(sa.select(User).where(User.username == username)).first()
    if user is None:
        user = User(username=username, full_name=f"Người thử {username}", roles=roles or (Role.INSPECTOR,))
        session.add(user)
        session.flush()
    return user.id
