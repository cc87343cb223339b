"""Accounts (tài khoản): passwords, signing in, and the administrator's work on users.

Passwords are kept only as argon2id hashes (argon2-cffi). A user whose ``password_hash`` is "" has no
password yet and cannot sign in: the demo users start so, and the first start of the app asks the
administrator's password (:func:`needs_first_admin`, :func:`set_first_admin_password`).

Signing in: a wrong user name and a wrong password get the same answer; after
:data:`MAX_FAILED_ATTEMPTS` wrong passwords in a row the account is locked for :data:`LOCK_MINUTES`
minutes, during which even the right password is refused. The failed attempt and the lock are committed
before the refusal is raised, so the caller's rollback cannot undo them.

User names and passwords are NFC-normalised before they are hashed or compared (the same Vietnamese
letter typed on two keyboards is the same letter). Every change is in the audit trail; a password or a
hash never is.

An encrypted database (store.crypto) is opened with one random key, kept beside the file only wrapped:
once per active user with a key derived from their argon2id hash, and once with the recovery key. Every
change of a password here re-wraps that user's copy from the new hash, with the key of the open database;
a deactivated user's copy is removed (reactivating asks for a new password); the first administrator's
password also makes the recovery key, returned once to be printed. The keyring file is written when the
transaction commits, just before it, so a refused change leaves it as it was. A plain database (tests,
tools, a database not yet converted) has no keyring, and these steps are skipped.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.domain.clock import local
from inspector.domain.text import clean, fold
from inspector.services import audit
from inspector.services.access import SIGNED_IN, allowed, open_to_all
from inspector.store.models import ROLE_ORDER, User, UserRole
from inspector.store.types import utcnow

if TYPE_CHECKING:
    from inspector.store.crypto import Keyring
    from inspector.store.db import Database

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
MAX_USERNAME_LENGTH = 60

# RFC 9106's second recommendation (argon2id, t=3, 64 MiB, 4 lanes): some tenths of a second on an
# office laptop, once per sign-in. Tests use :func:`use_cheap_hashing` (tests/conftest.py).
HASHER = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)
_dummy_hash: tuple[PasswordHasher, str] | None = None

WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


class AccountError(ValueError):
    """Refused (message in Vietnamese, for the user)."""


class SignInRefused(AccountError):
    """The sign-in did not succeed; the message says why (the same for a wrong name and a wrong password)."""


def use_cheap_hashing() -> None:
    """Argon2id with the cheapest parameters: for the tests only, so that the suite stays fast. The keyring's
    own argon2id (store.crypto) follows the same switch."""
    global HASHER
    HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
    from inspector.store import crypto

    crypto.use_cheap_hashing()
    from inspector.store import crypto

    crypto.use_cheap_hashing()  # the keyring's entries too: one switch


# --- rules -----------------------------------------------------------------------------------------


def normal_username(username: str | None) -> str:
    """As stored and compared: cleaned (NFC, trimmed) and in lower case."""
    return clean(username).lower()


def normal_password(password: str | None) -> str:
    """NFC, nothing else: a password's spaces are its own."""
    return unicodedata.normalize("NFC", password or "")


def password_problem(password: str, username: str = "") -> str | None:
    """Why ``password`` is not accepted, in Vietnamese, or None."""
    password = normal_password(password)
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Mật khẩu dài quá {MAX_PASSWORD_LENGTH} ký tự."
    if len(set(password)) == 1:
        return "Mật khẩu không được chỉ gồm một ký tự lặp lại."
    if username and password.strip().casefold() == normal_username(username).casefold():
        return "Mật khẩu không được trùng với tên đăng nhập."
    return None


def _check_password(password: str, username: str) -> str:
    problem = password_problem(password, username)
    if problem is not None:
        raise AccountError(problem)
    return normal_password(password)


def _check_username(username: str) -> str:
    name = normal_username(username)
    if not name:
        raise AccountError("Hãy nhập tên đăng nhập.")
    if len(name) > MAX_USERNAME_LENGTH:
        raise AccountError(f"Tên đăng nhập dài quá {MAX_USERNAME_LENGTH} ký tự.")
    if " " in name:
        raise AccountError("Tên đăng nhập không được có dấu cách.")
    return name


def _check_roles(roles: Iterable[Role | str]) -> list[Role]:
    wanted = [Role(r) for r in dict.fromkeys(roles)]
    if not wanted:
        raise AccountError("Người dùng phải có ít nhất một vai trò.")
    return sorted(wanted, key=ROLE_ORDER.index)


def hash_password(password: str) -> str:
    return HASHER.hash(normal_password(password))


def _verify(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, normal_password(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _spend_a_verification(password: str) -> None:
    """As long as checking a real password: an unknown name is not told apart by the time it takes."""
    global _dummy_hash
    if _dummy_hash is None or _dummy_hash[0] is not HASHER:
        _dummy_hash = (HASHER, HASHER.hash("not anyone's password"))
    _verify(_dummy_hash[1], password)


def _when(moment: datetime) -> str:
    """A moment in Vietnam's time, as said to the user: 14:05 ngày 03/12/2026."""
    shown = local(moment)
    return f"{shown:%H:%M} ngày {shown:%d/%m/%Y}"


def _roles_audit(roles: Iterable[Role]) -> list[str]:
    return [r.value for r in sorted(roles, key=ROLE_ORDER.index)]


def _find(session: Session, username: str) -> User | None:
    name = normal_username(username)
    if not name:
        return None
    return session.scalars(sa.select(User).where(User.username == name)).first()


def _get(session: Session, target_id: uuid.UUID) -> User:
    user = session.get(User, target_id)
    if user is None:
        raise AccountError("Không tìm thấy người dùng này.")
    return user


def _active_admins(session: Session) -> list[User]:
    return list(session.scalars(sa.select(User).where(User.active.is_(True), User.holding(Role.ADMIN))))


# --- the keyring of an encrypted database ----------------------------------------------------------

_PENDING_KEYRING = "inspector.accounts.pending_keyring"


@open_to_all
def database_of(session: Session) -> Database | None:
    """The open Database (store.db) this session works on, found by its file; None for another engine."""
    from inspector.store.db import open_database_for

    bind = session.get_bind()
    if bind.dialect.name != "sqlite" or not bind.url.database or bind.url.database == ":memory:":
        return None
    return open_database_for(Path(bind.url.database))


@open_to_all
def is_encrypted_session(session: Session) -> bool:
    """The session's database is encrypted and opened with its key: password changes re-wrap the key."""
    db = database_of(session)
    return db is not None and getattr(db, "keyring", None) is not None and getattr(db, "key", None) is not None


def _keyring(session: Session) -> tuple[Keyring, bytes] | None:
    """The keyring as this transaction changes it, and the database key; None on a plain database.

    Read from its file at the first change, written just before the transaction commits (after the last
    flush, so a refused row is refused before the keyring changes), dropped if it rolls back."""
    pending = session.info.get(_PENDING_KEYRING)
    if pending is not None:
        return pending[1], pending[2]
    db = database_of(session)
    if db is None or getattr(db, "keyring", None) is None or getattr(db, "key", None) is None:
        return None
    from inspector.store.crypto import Keyring, keyring_path

    assert db.path is not None
    ring = Keyring.load(keyring_path(db.path))
    session.info[_PENDING_KEYRING] = (db, ring, db.key)

    def save(current: Session) -> None:
        if current.info.get(_PENDING_KEYRING, (None, None))[1] is not ring:
            return
        current.flush()
        ring.save()
        db.keyring = ring

    def forget(current: Session, *_args: Any) -> None:
        current.info.pop(_PENDING_KEYRING, None)

    sa.event.listen(session, "before_commit", save, once=True)
    sa.event.listen(session, "after_commit", forget, once=True)
    sa.event.listen(session, "after_rollback", forget, once=True)
    return ring, db.key


def _wrap_for(session: Session, user: User) -> None:
    """The user's copy of the database key, wrapped from their (new) password hash."""
    found = _keyring(session)
    if found is None or not user.password_hash:
        return
    ring, key = found
    ring.set_user_from_hash(user.username, user.password_hash, key)


def _unwrap_for(session: Session, user: User) -> None:
    found = _keyring(session)
    if found is None:
        return
    ring, _key = found
    if user.username in ring.users():
        ring.remove_user(user.username)


def _new_recovery_key(session: Session) -> str | None:
    found = _keyring(session)
    if found is None:
        return None
    ring, key = found
    return ring.set_recovery(key)


@allowed(Role.ADMIN)
def new_recovery_key(session: Session, user_id: uuid.UUID) -> str | None:
    """A new recovery key (the old one no longer opens the file), to print; None on a plain database."""
    text = _new_recovery_key(session)
    if text is not None:
        audit.record(session, "database.recovery_key_made", "user", user_id, user_id=user_id)
    return text


@open_to_all
def needs_recovery_key(session: Session) -> bool:
    """An encrypted database whose keyring has no recovery entry yet (a converted one): an administrator
    signing in is given one to print."""
    db = database_of(session)
    ring = getattr(db, "keyring", None) if db is not None else None
    return ring is not None and not ring.has_recovery()


# --- the first start -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FirstStart:
    """What the first-start dialog asks: the administrator whose password is set (None: one is created),
    and the other accounts still without a password (the demo users)."""

    admin_username: str | None
    admin_full_name: str
    without_password: tuple[str, ...]


@open_to_all
def needs_first_admin(session: Session) -> bool:
    """No active administrator has a password yet: the app asks for one before anyone signs in."""
    return session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.active.is_(True), User.holding(Role.ADMIN), User.password_hash != "")) == 0


@open_to_all
def first_start(session: Session) -> FirstStart | None:
    """What the first start asks, or None when an administrator can already sign in."""
    if not needs_first_admin(session):
        return None
    admin = session.scalars(sa.select(User).where(User.active.is_(True), User.holding(Role.ADMIN))
                            .order_by(User.username)).first()
    others = session.scalars(sa.select(User.username).where(
        User.active.is_(True), User.password_hash == "", *([User.id != admin.id] if admin else []))
        .order_by(User.username)).all()
    return FirstStart(admin.username if admin else None, admin.full_name if admin else "", tuple(others))


@dataclass(frozen=True)
class FirstAdmin:
    """The first start done: the administrator, and on an encrypted database the recovery key to print
    (shown once: only its wrapped copy of the database key is kept)."""

    user: User
    recovery_key: str | None

    @property
    def username(self) -> str:
        return self.user.username


@open_to_all
def set_first_admin_password(session: Session, password: str, *, username: str = "", full_name: str = "",
                             also_without_password: bool = False, now: datetime | None = None) -> FirstAdmin:
    """The first start: the administrator's password, on the first active administrator, or on a new
    one (``username``, ``full_name``) when there is none. Refused once an administrator has a password
    (only an administrator then sets passwords). ``also_without_password``: the other active accounts
    still without a password (the demo users) get the same one.

    On an encrypted database each of them gets a copy of the database key, and the recovery key is made."""
    if not needs_first_admin(session):
        raise AccountError("Quản trị đã có mật khẩu; hãy đăng nhập bằng tài khoản quản trị.")
    now = now or utcnow()
    admin = session.scalars(sa.select(User).where(User.active.is_(True), User.holding(Role.ADMIN))
                            .order_by(User.username)).first()
    if admin is None:
        name = _check_username(username)
        full = clean(full_name)
        if not full:
            raise AccountError("Hãy nhập họ và tên của quản trị.")
        if _find(session, name) is not None:
            raise AccountError(f"Tên đăng nhập {name} đã có.")
        plain = _check_password(password, name)
        admin = User(username=name, full_name=full, roles=[Role.ADMIN])
        session.add(admin)
        session.flush()
        audit.record(session, "user.created", "user", admin.id, user_id=admin.id, after={
            "username": admin.username, "full_name": admin.full_name, "roles": _roles_audit(admin.roles),
            "active": True})
    else:
        plain = _check_password(password, admin.username)
    others: list[User] = []
    if also_without_password:
        others = list(session.scalars(sa.select(User).where(
            User.active.is_(True), User.password_hash == "", User.id != admin.id)))
    for user in [admin, *others]:
        if user is not admin and password_problem(plain, user.username) is not None:
            continue  # the password is that user's name: they wait for the administrator to give them one
        _set_password(session, user, plain, now=now, must_change=False, action="user.password_set",
                      by=admin.id)
    recovery = _new_recovery_key(session)
    if recovery is not None:
        audit.record(session, "database.recovery_key_made", "user", admin.id, user_id=admin.id)
    return FirstAdmin(admin, recovery)


@open_to_all
def set_password_with_recovery_key(session: Session, username: str, password: str, *,
                                   now: datetime | None = None) -> User:
    """Every administrator's password forgotten: the database was opened with the recovery key (which
    only its keeper has), and an active administrator gets a new password, unlocked."""
    admin = _find(session, username)
    if admin is None or not admin.active or not admin.has_role(Role.ADMIN):
        raise AccountError("Hãy chọn một quản trị đang hoạt động.")
    plain = _check_password(password, admin.username)
    _set_password(session, admin, plain, now=now or utcnow(), must_change=False,
                  action="user.password_recovered", by=admin.id)
    return admin


# --- signing in ------------------------------------------------------------------------------------


def _fail(session: Session, user: User, now: datetime) -> SignInRefused:
    before = {"failed_attempts": user.failed_attempts}
    user.failed_attempts += 1
    after: dict[str, Any] = {"failed_attempts": user.failed_attempts}
    locked = user.failed_attempts >= MAX_FAILED_ATTEMPTS
    if locked:
        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        after["locked_until"] = user.locked_until.isoformat()
    audit.record(session, "user.locked" if locked else "user.sign_in_failed", "user", user.id,
                 before=before, after=after)
    session.commit()  # the count and the lock stay, whatever the caller does with the refusal
    if locked:
        return SignInRefused(
            f"Đã nhập sai mật khẩu {MAX_FAILED_ATTEMPTS} lần liên tiếp: tài khoản {user.username} bị tạm khóa "
            f"đến {_when(user.locked_until)}.")  # type: ignore[arg-type]
    return SignInRefused(WRONG_CREDENTIALS)


@open_to_all
def sign_in(session: Session, username: str, password: str, now: datetime | None = None) -> User:
    """The user whose name and password these are, or SignInRefused (message in Vietnamese)."""
    now = now or utcnow()
    user = _find(session, username)
    if user is None:
        _spend_a_verification(password)
        raise SignInRefused(WRONG_CREDENTIALS)
    if user.locked_until is not None:
        if now < user.locked_until:
            raise SignInRefused(
                f"Tài khoản {user.username} đang bị tạm khóa vì nhập sai mật khẩu {MAX_FAILED_ATTEMPTS} lần "
                f"liên tiếp. Hãy thử lại sau {_when(user.locked_until)}.")
        user.locked_until = None  # the lock is over: five more tries
        user.failed_attempts = 0
    if not user.password_hash:
        raise SignInRefused(
            f"Tài khoản {user.username} chưa có mật khẩu. Hãy nhờ quản trị đặt mật khẩu cho tài khoản này.")
    if not _verify(user.password_hash, password):
        if not user.active:
            raise SignInRefused(WRONG_CREDENTIALS)  # a closed account gathers no tries
        raise _fail(session, user, now)
    if not user.active:
        raise SignInRefused(
            f"Tài khoản {user.username} đã ngừng hoạt động. Hãy liên hệ quản trị nếu cần dùng lại.")
    before = {"failed_attempts": user.failed_attempts} if user.failed_attempts else None
    user.failed_attempts = 0
    if HASHER.check_needs_rehash(user.password_hash):  # hashed with older parameters: renewed now
        user.password_hash = hash_password(password)
    audit.record(session, "user.signed_in", "user", user.id, user_id=user.id, before=before,
                 after={"failed_attempts": 0} if before else None)
    return user


@open_to_all
def verify_password(session: Session, user_id: uuid.UUID | None, password: str) -> bool:
    """Whether ``password`` is this active user's, without signing in (the kiosk's way out, ui.survey.kiosk):
    nothing is written, a wrong try is not counted (a respondent pressing keys must not lock the inspector out);
    a locked, closed or password-less account never matches."""
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active or not user.password_hash:
        _spend_a_verification(password)
        return False
    if user.locked_until is not None and utcnow() < user.locked_until:
        return False
    return _verify(user.password_hash, password)


# --- a user's own password -------------------------------------------------------------------------


def _set_password(session: Session, user: User, password: str, *, now: datetime, must_change: bool,
                  action: str, by: uuid.UUID) -> None:
    before = {"has_password": bool(user.password_hash), "must_change_password": user.must_change_password,
              "failed_attempts": user.failed_attempts,
              "locked_until": user.locked_until.isoformat() if user.locked_until else None}
    user.password_hash = hash_password(password)
    user.password_changed_at = now
    user.must_change_password = must_change
    user.failed_attempts = 0
    user.locked_until = None
    audit.record(session, action, "user", user.id, user_id=by, before=before, after={
        "has_password": True, "must_change_password": must_change, "failed_attempts": 0, "locked_until": None,
        "password_changed_at": now.isoformat()})
    if user.active:
        _wrap_for(session, user)


@allowed(SIGNED_IN)
def change_password(session: Session, user_id: uuid.UUID, old: str, new: str, *,
                    now: datetime | None = None) -> None:
    """The signed-in user changes their own password: the current one first."""
    user = _get(session, user_id)
    if not user.password_hash or not _verify(user.password_hash, old):
        raise AccountError("Mật khẩu hiện tại không đúng.")
    plain = _check_password(new, user.username)
    if _verify(user.password_hash, plain):
        raise AccountError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    _set_password(session, user, plain, now=now or utcnow(), must_change=False, action="user.password_changed",
                  by=user.id)


# --- the administrator's work ----------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    """A user as the administrator's users dialog lists them."""

    id: uuid.UUID
    username: str
    full_name: str
    title: str
    roles: frozenset[Role]
    active: bool
    has_password: bool
    must_change_password: bool
    locked_until: datetime | None

    @property
    def role(self) -> Role:
        return min(self.roles, key=ROLE_ORDER.index) if self.roles else Role.INSPECTOR

    def locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and (now or utcnow()) < self.locked_until


def _row(user: User) -> AccountRow:
    return AccountRow(user.id, user.username, user.full_name, user.title, user.roles, user.active,
                      bool(user.password_hash), user.must_change_password, user.locked_until)


@allowed(Role.ADMIN)
def list_accounts(session: Session, user_id: uuid.UUID) -> list[AccountRow]:
    """Every user, the deactivated ones too, by name."""
    users = session.scalars(sa.select(User))
    return sorted((_row(u) for u in users), key=lambda row: (fold(row.full_name), row.full_name, row.username))


@allowed(Role.ADMIN)
def create_user(session: Session, user_id: uuid.UUID, username: str, full_name: str, roles: Iterable[Role | str],
                password: str = "", *, title: str = "", now: datetime | None = None) -> User:
    """A new user. With ``password`` (a first password the administrator hands over) they must change it
    at their first sign-in; without, they cannot sign in until :func:`reset_password` gives one."""
    name = _check_username(username)
    full = clean(full_name)
    if not full:
        raise AccountError("Hãy nhập họ và tên.")
    if _find(session, name) is not None:
        raise AccountError(f"Tên đăng nhập {name} đã có.")
    wanted = _check_roles(roles)
    plain = _check_password(password, name) if password else ""
    user = User(username=name, full_name=full, title=clean(title), roles=wanted)
    session.add(user)
    session.flush()
    audit.record(session, "user.created", "user", user.id, user_id=user_id, after={
        "username": user.username, "full_name": user.full_name, "title": user.title,
        "roles": _roles_audit(user.roles), "active": True})
    if plain:
        _set_password(session, user, plain, now=now or utcnow(), must_change=True, action="user.password_reset",
                      by=user_id)
    return user


@allowed(Role.ADMIN)
def reset_password(session: Session, user_id: uuid.UUID, target_id: uuid.UUID, new_password: str, *,
                   now: datetime | None = None) -> None:
    """A new password handed to the user, who must change it at the next sign-in; unlocks the account."""
    user = _get(session, target_id)
    if not user.active and is_encrypted_session(session):
        raise AccountError(f"Tài khoản {user.username} đã ngừng hoạt động: hãy kích hoạt lại trước, rồi đặt mật khẩu.")
    plain = _check_password(new_password, user.username)
    _set_password(session, user, plain, now=now or utcnow(), must_change=True, action="user.password_reset",
                  by=user_id)


@allowed(Role.ADMIN)
def deactivate_user(session: Session, user_id: uuid.UUID, target_id: uuid.UUID) -> None:
    """The user can no longer sign in nor act; their name stays on everything they did."""
    user = _get(session, target_id)
    if not user.active:
        return
    if user.has_role(Role.ADMIN) and len(_active_admins(session)) <= 1:
        who = "bạn" if user.id == user_id else user.full_name
        raise AccountError(f"Không thể ngừng hoạt động tài khoản của {who}: đây là quản trị duy nhất còn hoạt động. "
                           "Hãy giao vai trò quản trị cho người khác trước.")
    user.active = False
    audit.record(session, "user.deactivated", "user", user.id, user_id=user_id, before={"active": True},
                 after={"active": False})
    _unwrap_for(session, user)  # their password no longer opens the file


@allowed(Role.ADMIN)
def reactivate_user(session: Session, user_id: uuid.UUID, target_id: uuid.UUID) -> None:
    """Active again. On an encrypted database their old password no longer opens the file (its copy of the
    key went with the deactivation): the account waits for a password from :func:`reset_password`."""
    user = _get(session, target_id)
    if user.active:
        return
    user.active = True
    before: dict[str, Any] = {"active": False}
    after: dict[str, Any] = {"active": True}
    if user.password_hash and is_encrypted_session(session):
        user.password_hash = ""
        user.must_change_password = False
        before["has_password"], after["has_password"] = True, False
    audit.record(session, "user.reactivated", "user", user.id, user_id=user_id, before=before, after=after)


@allowed(Role.ADMIN)
def set_roles(session: Session, user_id: uuid.UUID, target_id: uuid.UUID, roles: Iterable[Role | str]) -> None:
    """The roles the user holds (one or several). The last active administrator keeps that role."""
    user = _get(session, target_id)
    wanted = _check_roles(roles)
    before = user.roles
    if before == frozenset(wanted):
        return
    if (Role.ADMIN in before and Role.ADMIN not in wanted and user.active
            and len(_active_admins(session)) <= 1):
        raise AccountError(f"{user.full_name} là quản trị duy nhất còn hoạt động: không thể bỏ vai trò quản trị. "
                           "Hãy giao vai trò quản trị cho người khác trước.")
    kept = [row for row in user.role_rows if row.role in wanted]
    user.role_rows = kept + [UserRole(role=w) for w in wanted if w not in before]
    session.flush()
    audit.record(session, "user.roles_changed", "user", user.id, user_id=user_id,
                 before={"roles": _roles_audit(before)}, after={"roles": _roles_audit(user.roles)})
