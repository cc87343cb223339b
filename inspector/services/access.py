"""Who may do what (phân quyền). Every service that changes data checks the acting user itself: signed in,
active, holding one of the roles the service allows, and for a visit, in its team. The screens hide
what a user may not do, but the check that counts is here.

A service says who may call it with ``@allowed(...)``; the decorator registers it in ``POLICY`` (which
tests/test_access.py compares with every public service, so a new service without an entry fails the
suite) and enforces it on each call. The acting user is found by convention:

- a method of a facade (``Inspection``, ``Minutes``, ``Review``…): ``self.user_id``, checked in a read
  session of ``self.db``;
- a function taking ``session``: its ``user_id`` argument, checked in that session.

``@allowed(SIGNED_IN)`` asks only for an active signed-in user; ``@open_to_all`` marks a service that
reads what anyone at the laptop may read, or runs for the app itself (at start, no user yet): it is
registered, not checked.
"""

from __future__ import annotations

import functools
import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.store.models import RoundMember, User, Visit

F = TypeVar("F", bound=Callable[..., Any])

SIGNED_IN = "signed_in"   # any active signed-in user
OPEN = "open"             # no check: reads for anyone, or the app's own work at start

ROLE_NAMES = {
    Role.INSPECTOR: "kiểm tra viên",
    Role.SUPERVISOR: "người duyệt (lãnh đạo)",
    Role.CLERK: "văn thư",
    Role.ADMIN: "quản trị",
}


class AccessDenied(PermissionError):
    """Refused: not signed in, deactivated, without the role, or not in the visit's team (message in Vietnamese)."""


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    kind: str  # "roles", SIGNED_IN or OPEN

    def describe(self) -> str:
        if self.kind == OPEN:
            return "mọi người"
        if self.kind == SIGNED_IN:
            return "người đã đăng nhập"
        return ", ".join(ROLE_NAMES[r] for r in sorted(self.roles, key=list(Role).index))


# "module.Class.method" or "module.function" -> who may call it
POLICY: dict[str, Rule] = {}


def _name(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def user_of(session: Session, user_id: uuid.UUID | None) -> User:
    """The acting user, signed in and active, or AccessDenied."""
    user = session.get(User, user_id) if user_id is not None else None
    if user is None:
        raise AccessDenied("Chưa đăng nhập: hãy đăng nhập rồi làm lại.")
    if not user.active:
        raise AccessDenied(f"Tài khoản {user.username} đã bị khóa (ngừng hoạt động); không làm được việc này.")
    return user


def require(session: Session, user_id: uuid.UUID | None, *roles: Role) -> User:
    """The acting user if active and holding one of ``roles`` (any role if none given), else AccessDenied."""
    user = user_of(session, user_id)
    if roles and not user.has_role(*roles):
        allowed_names = ", ".join(ROLE_NAMES[r] for r in roles)
        raise AccessDenied(f"{user.full_name} không có quyền làm việc này (chỉ dành cho: {allowed_names}).")
    return user


def in_team(session: Session, user: User, visit: Visit) -> bool:
    """The user is in the visit's team: a member of its round, or, for a visit without a round, its creator."""
    if visit.round_id is not None:
        return session.query(RoundMember.id).filter(
            RoundMember.round_id == visit.round_id, RoundMember.user_id == user.id).first() is not None
    return visit.created_by_id == user.id


def require_team(session: Session, user: User, visit: Visit) -> None:
    """An inspector edits only the visits of rounds they are in."""
    if not in_team(session, user, visit):
        raise AccessDenied(f"{user.full_name} không có tên trong đoàn kiểm tra của buổi này, nên không sửa được.")


def _acting(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """(the user id, a session or a database) of a call, by the conventions above."""
    bound = inspect.signature(func).bind_partial(*args, **kwargs)
    params = bound.arguments
    if "self" in params:
        owner = params["self"]
        return getattr(owner, "user_id", None), getattr(owner, "db", None)
    return params.get("user_id"), params.get("session")


def _register(func: F, rule: Rule) -> F:
    POLICY[_name(func)] = rule
    if rule.kind == OPEN:
        return func

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        user_id, where = _acting(func, args, kwargs)
        roles = tuple(rule.roles)
        if isinstance(where, Session):
            require(where, user_id, *roles)
        elif where is not None:
            with where.read() as session:
                require(session, user_id, *roles)
        else:  # a service written against the conventions: refuse rather than let it through unchecked
            raise AccessDenied("Không xác định được người thực hiện.")
        return func(*args, **kwargs)

    POLICY[_name(checked)] = rule
    return checked  # type: ignore[return-value]


def allowed(*roles: Role | str) -> Callable[[F], F]:
    """``@allowed(Role.CLERK, Role.ADMIN)``, or ``@allowed(SIGNED_IN)``."""
    if roles == (SIGNED_IN,):
        rule = Rule(frozenset(), SIGNED_IN)
    else:
        assert roles and all(isinstance(r, Role) for r in roles), roles
        rule = Rule(frozenset(Role(r) for r in roles), "roles")
    return lambda func: _register(func, rule)


def open_to_all(func: F) -> F:
    """Registered as open: reads anyone may make, or the app's own work."""
    return _register(func, Rule(frozenset(), OPEN))
