"""Accounts: argon2id passwords, signing in, the lock after five wrong tries, the administrator's work."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from inspector.domain.catalog import Role
from inspector.services import accounts
from inspector.services.access import POLICY, AccessDenied
from inspector.services.accounts import (
    AccountError,
    SignInRefused,
    change_password,
    create_user,
    deactivate_user,
    first_start,
    list_accounts,
    needs_first_admin,
    reactivate_user,
    reset_password,
    set_first_admin_password,
    set_roles,
    sign_in,
)
from inspector.services.users import get_user, list_users
from inspector.store.models import AuditEvent, User
from tests.people import people_of

ADMIN_PASSWORD = "Vĩnh Long 2026"
T0 = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)  # 14:00 in Vietnam


@pytest.fixture
def admin(db):  # type: ignore[no-untyped-def]
    """The demo administrator quantri, with a password (the first start done), and the demo's people."""
    with db.session() as session:
        set_first_admin_password(session, ADMIN_PASSWORD)
    return people_of(db).admin


def _user(db, username: str) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """The stored account, as read now."""
    with db.read() as session:
        user = session.scalars(sa.select(User).where(User.username == username)).one()
        return SimpleNamespace(id=user.id, password_hash=user.password_hash, failed_attempts=user.failed_attempts,
                               locked_until=user.locked_until, must_change_password=user.must_change_password,
                               roles=user.roles)


def _refusal(db, username: str, password: str, now: datetime | None = None) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(SignInRefused) as refused, db.session() as session:
        sign_in(session, username, password, now=now)
    return str(refused.value)


def _events(db, action: str) -> list[SimpleNamespace]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return [SimpleNamespace(user_id=e.user_id, before=e.before, after=e.after) for e in session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))]


def test_the_demo_starts_without_passwords_and_the_first_start_sets_the_administrators(db) -> None:  # type: ignore[no-untyped-def]
    with db.read() as session:
        assert needs_first_admin(session)
        assert all(u.password_hash == "" for u in session.scalars(sa.select(User)))
        asked = first_start(session)
    assert asked is not None and asked.admin_username == "quantri"
    assert asked.without_password == ("kiemtra1", "kiemtra2", "truongphong", "vanthu")
    assert _refusal(db, "quantri", ADMIN_PASSWORD) == _refusal(db, "quantri", "") == (
        "Tài khoản quantri chưa có mật khẩu. Hãy nhờ quản trị đặt mật khẩu cho tài khoản này.")

    with db.session() as session:
        with pytest.raises(AccountError, match="ít nhất 8 ký tự"):
            set_first_admin_password(session, "ngắn")
        set_first_admin_password(session, ADMIN_PASSWORD)
    quantri = _user(db, "quantri")
    assert quantri.password_hash.startswith("$argon2id$")  # argon2id, never the password itself
    assert ADMIN_PASSWORD not in quantri.password_hash
    with db.read() as session:
        assert not needs_first_admin(session) and first_start(session) is None
        assert sign_in(session, "quantri", ADMIN_PASSWORD).id == quantri.id
    with pytest.raises(AccountError, match="đã có mật khẩu"), db.session() as session:  # never a second time
        set_first_admin_password(session, "một mật khẩu khác")
    assert _user(db, "kiemtra1").password_hash == ""  # not asked to: they still wait for one


def test_the_first_start_gives_the_demo_accounts_the_same_password_when_asked(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_first_admin_password(session, ADMIN_PASSWORD, also_without_password=True)
    for name in ("quantri", "kiemtra1", "kiemtra2", "truongphong", "vanthu"):
        with db.session() as session:
            assert sign_in(session, name, ADMIN_PASSWORD).username == name
        assert not _user(db, name).must_change_password


def test_a_database_without_users_gets_its_first_administrator(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.workspace import open_workspace

    workspace = open_workspace(tmp_path / "empty.sqlite", demo_if_new=False)
    try:
        db = workspace.db
        with db.read() as session:
            assert needs_first_admin(session)
            asked = first_start(session)
        assert asked is not None and asked.admin_username is None and asked.without_password == ()
        with db.session() as session:
            with pytest.raises(AccountError, match="họ và tên"):
                set_first_admin_password(session, ADMIN_PASSWORD, username="admin", full_name=" ")
            with pytest.raises(AccountError, match="trùng với tên đăng nhập"):
                set_first_admin_password(session, "Admin.Chinh", username="admin.chinh", full_name="Võ Văn Chính")
        with db.session() as session:
            made = set_first_admin_password(session, ADMIN_PASSWORD, username="  Admin.Chinh ", full_name="Võ  Văn Chính").user
            assert made.username == "admin.chinh" and made.full_name == "Võ Văn Chính" and made.roles == {Role.ADMIN}
        with db.session() as session:
            assert sign_in(session, "ADMIN.CHINH", ADMIN_PASSWORD).full_name == "Võ Văn Chính"
        assert [e.after["username"] for e in _events(db, "user.created")] == ["admin.chinh"]
    finally:
        workspace.close()


def test_sign_in_compares_nfc_and_says_the_same_for_a_wrong_name_and_a_wrong_password(db, admin) -> None:  # type: ignore[no-untyped-def]
    decomposed = unicodedata.normalize("NFD", ADMIN_PASSWORD)
    assert decomposed != ADMIN_PASSWORD
    with db.session() as session:
        assert sign_in(session, " QuanTri ", decomposed).id == admin
    wrong_name = _refusal(db, "khongco", ADMIN_PASSWORD)
    wrong_password = _refusal(db, "quantri", "sai mật khẩu")
    assert wrong_name == wrong_password == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert _user(db, "quantri").failed_attempts == 1  # committed, though the sign-in was refused
    with db.session() as session:
        sign_in(session, "quantri", ADMIN_PASSWORD)
    assert _user(db, "quantri").failed_attempts == 0
    assert [e.user_id for e in _events(db, "user.signed_in")] == [admin, admin]


def test_five_wrong_tries_lock_the_account_for_fifteen_minutes(db, admin) -> None:  # type: ignore[no-untyped-def]
    for n in range(4):
        assert _refusal(db, "quantri", f"sai lần {n}", now=T0) == accounts.WRONG_CREDENTIALS
    fifth = _refusal(db, "quantri", "sai lần 5", now=T0)
    assert fifth == "Đã nhập sai mật khẩu 5 lần liên tiếp: tài khoản quantri bị tạm khóa đến 14:15 ngày 03/12/2026."
    assert _user(db, "quantri").locked_until == T0 + timedelta(minutes=15)
    # the right password is refused while locked, and the message says until when (Vietnam's time)
    during = _refusal(db, "quantri", ADMIN_PASSWORD, now=T0 + timedelta(minutes=14, seconds=59))
    assert "đang bị tạm khóa" in during and "14:15 ngày 03/12/2026" in during
    assert _user(db, "quantri").locked_until == T0 + timedelta(minutes=15)  # trying does not lengthen it
    # over: the right password works, and the count starts again
    with db.session() as session:
        assert sign_in(session, "quantri", ADMIN_PASSWORD, now=T0 + timedelta(minutes=15)).id == admin
    after = _user(db, "quantri")
    assert after.failed_attempts == 0 and after.locked_until is None
    assert len(_events(db, "user.sign_in_failed")) == 4 and len(_events(db, "user.locked")) == 1


def test_the_tries_count_again_after_a_lock_and_a_right_password_resets_the_count(db, admin) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        _refusal(db, "quantri", "sai", now=T0)
    with db.session() as session:
        sign_in(session, "quantri", ADMIN_PASSWORD, now=T0)
    for _ in range(4):  # four more after a success: not locked
        assert _refusal(db, "quantri", "sai", now=T0) == accounts.WRONG_CREDENTIALS
    _refusal(db, "quantri", "sai", now=T0)
    later = T0 + timedelta(minutes=16)
    assert _refusal(db, "quantri", "sai", now=later) == accounts.WRONG_CREDENTIALS  # a new series of five
    assert _user(db, "quantri").failed_attempts == 1


def test_a_user_changes_their_own_password(db, admin) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        with pytest.raises(AccountError, match="Mật khẩu hiện tại không đúng"):
            change_password(session, admin, "sai", "mật khẩu mới 2027")
        with pytest.raises(AccountError, match="một ký tự lặp lại"):
            change_password(session, admin, ADMIN_PASSWORD, "aaaaaaaaaa")
        with pytest.raises(AccountError, match="trùng với tên đăng nhập"):
            change_password(session, admin, ADMIN_PASSWORD, "QUANTRI ")
        with pytest.raises(AccountError, match="khác mật khẩu hiện tại"):
            change_password(session, admin, ADMIN_PASSWORD, ADMIN_PASSWORD)
        with pytest.raises(AccessDenied):  # no one signed in
            change_password(session, None, ADMIN_PASSWORD, "mật khẩu mới 2027")
    with db.session() as session:
        change_password(session, admin, ADMIN_PASSWORD, "mật khẩu mới 2027")
    assert "không đúng" in _refusal(db, "quantri", ADMIN_PASSWORD)
    with db.session() as session:
        sign_in(session, "quantri", "mật khẩu mới 2027")
    changed = _events(db, "user.password_changed")
    assert len(changed) == 1 and changed[0].user_id == admin
    for event in _events(db, "user.password_changed") + _events(db, "user.password_set"):  # no secret in the history
        text = repr(event.before) + repr(event.after)
        assert "argon2" not in text and "mật khẩu mới" not in text and ADMIN_PASSWORD not in text


def test_the_administrator_creates_a_user_with_two_roles_who_must_change_the_first_password(db, admin) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        made = create_user(session, admin, "kiemtra3", "Đặng  Thu Hà", [Role.INSPECTOR, Role.CLERK], "tạm thời 123",
                           title="Chuyên viên")
        new_id = made.id
    with db.session() as session:
        user = sign_in(session, "kiemtra3", "tạm thời 123")
        assert user.roles == {Role.INSPECTOR, Role.CLERK} and user.role is Role.CLERK and user.must_change_password
        change_password(session, user.id, "tạm thời 123", "của riêng Hà 1")
    assert not _user(db, "kiemtra3").must_change_password
    with db.read() as session:
        row = get_user(session, new_id)
        assert row is not None and row.roles == {Role.INSPECTOR, Role.CLERK} and row.role is Role.CLERK
        assert "Đặng Thu Hà" in [u.full_name for u in list_users(session)]
        listed = {a.username: a for a in list_accounts(session, admin)}
    assert listed["kiemtra3"].has_password and listed["kiemtra1"].has_password is False
    created = _events(db, "user.created")[-1]
    assert created.user_id == admin and created.after["roles"] == ["clerk", "inspector"]
    with pytest.raises(AccountError, match="đã có"), db.session() as session:
        create_user(session, admin, "KIEMTRA3", "Người khác", [Role.INSPECTOR])
    with pytest.raises(AccountError, match="ít nhất một vai trò"), db.session() as session:
        create_user(session, admin, "kiemtra4", "Người khác", [])
    with pytest.raises(AccountError, match="dấu cách"), db.session() as session:
        create_user(session, admin, "kiem tra", "Người khác", [Role.INSPECTOR])


def test_only_an_active_administrator_manages_accounts(db, admin) -> None:  # type: ignore[no-untyped-def]
    people = people_of(db)
    for who in (people.inspector, people.supervisor, people.clerk, None, uuid.uuid4()):
        with pytest.raises(AccessDenied), db.session() as session:
            create_user(session, who, "ke.gian", "Kẻ Gian", [Role.ADMIN], "mật khẩu của kẻ gian")
        with pytest.raises(AccessDenied), db.session() as session:
            reset_password(session, who, admin, "mật khẩu của kẻ gian")
    assert POLICY["inspector.services.accounts.sign_in"].kind == "open"
    assert POLICY["inspector.services.accounts.create_user"].roles == {Role.ADMIN}
    assert POLICY["inspector.services.accounts.change_password"].kind == "signed_in"


def test_reset_password_unlocks_and_asks_for_a_change(db, admin) -> None:  # type: ignore[no-untyped-def]
    people = people_of(db)
    with db.session() as session:
        reset_password(session, admin, people.inspector, "đặt lại 2026")
    for _ in range(5):
        _refusal(db, "kiemtra1", "sai", now=T0)
    assert "tạm khóa" in _refusal(db, "kiemtra1", "đặt lại 2026", now=T0)
    with db.session() as session:
        reset_password(session, admin, people.inspector, "đặt lại lần hai")
    with db.session() as session:
        user = sign_in(session, "kiemtra1", "đặt lại lần hai", now=T0)
        assert user.must_change_password and user.failed_attempts == 0
    reset = _events(db, "user.password_reset")
    assert len(reset) == 2 and all(e.user_id == admin for e in reset)
    assert reset[-1].before["locked_until"] is not None and reset[-1].after["locked_until"] is None


def test_a_deactivated_user_cannot_sign_in_nor_act_until_reactivated(db, admin) -> None:  # type: ignore[no-untyped-def]
    people = people_of(db)
    with db.session() as session:
        reset_password(session, admin, people.clerk, "văn thư 2026")
        deactivate_user(session, admin, people.clerk)
    assert _refusal(db, "vanthu", "văn thư 2026") == (
        "Tài khoản vanthu đã ngừng hoạt động. Hãy liên hệ quản trị nếu cần dùng lại.")
    assert _refusal(db, "vanthu", "sai") == accounts.WRONG_CREDENTIALS
    assert _user(db, "vanthu").failed_attempts == 0
    with pytest.raises(AccessDenied, match="ngừng hoạt động"), db.session() as session:
        change_password(session, people.clerk, "văn thư 2026", "mới hoàn toàn 1")
    with db.read() as session:
        assert get_user(session, people.clerk) is None
        assert "vanthu" not in [u.username for u in list_users(session)]
        assert next(a for a in list_accounts(session, admin) if a.username == "vanthu").active is False
    with db.session() as session:
        reactivate_user(session, admin, people.clerk)
    with db.session() as session:
        assert sign_in(session, "vanthu", "văn thư 2026").id == people.clerk
    assert [e.after for e in _events(db, "user.deactivated") + _events(db, "user.reactivated")] == [
        {"active": False}, {"active": True}]


def test_the_last_administrator_stays(db, admin) -> None:  # type: ignore[no-untyped-def]
    people = people_of(db)
    with pytest.raises(AccountError, match="quản trị duy nhất"), db.session() as session:
        deactivate_user(session, admin, admin)
    with pytest.raises(AccountError, match="quản trị duy nhất"), db.session() as session:
        set_roles(session, admin, admin, [Role.INSPECTOR])
    with db.session() as session:  # a second administrator: now the first may step down
        set_roles(session, admin, people.supervisor, [Role.SUPERVISOR, Role.ADMIN])
    with db.session() as session:
        set_roles(session, admin, admin, [Role.CLERK])
    with db.read() as session:
        assert session.get(User, admin).roles == {Role.CLERK}
        assert session.get(User, people.supervisor).roles == {Role.SUPERVISOR, Role.ADMIN}
    with pytest.raises(AccessDenied), db.session() as session:  # no longer an administrator
        set_roles(session, admin, admin, [Role.ADMIN])
    with pytest.raises(AccountError, match="quản trị duy nhất"), db.session() as session:
        deactivate_user(session, people.supervisor, people.supervisor)
    with pytest.raises(AccountError, match="ít nhất một vai trò"), db.session() as session:
        set_roles(session, people.supervisor, people.inspector, [])
    changed = _events(db, "user.roles_changed")
    assert [(e.before["roles"], e.after["roles"]) for e in changed] == [
        (["supervisor"], ["admin", "supervisor"]), (["admin"], ["clerk"])]


def test_hashing_is_argon2id_with_production_parameters_outside_the_tests() -> None:
    from argon2 import PasswordHasher, extract_parameters, profiles

    production = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)
    hashed = production.hash("Vĩnh Long 2026")
    parameters = extract_parameters(hashed)
    assert hashed.startswith("$argon2id$") and parameters.memory_cost == 65536 and parameters.time_cost == 3
    assert accounts.hash_password("Vĩnh Long 2026").startswith("$argon2id$")
