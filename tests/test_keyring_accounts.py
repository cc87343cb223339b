"""The keyring follows the accounts (services/accounts.py over store/crypto.py): every active user with a
password has a copy of the database key that their password unwraps; a change, a reset, a new user, a
deactivation and the first start keep it so; a plain database has no keyring at all."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.services.accounts import (
    AccountError,
    SignInRefused,
    change_password,
    create_user,
    deactivate_user,
    new_recovery_key,
    reactivate_user,
    reset_password,
    set_first_admin_password,
    set_password_with_recovery_key,
    sign_in,
)
from inspector.services.workspace import Workspace, open_workspace
from inspector.store.crypto import Keyring, WrongPassword, WrongRecoveryKey, is_encrypted, keyring_path, new_key
from tests.people import people_of

ADMIN_PASSWORD = "Vĩnh Long 2026"


@pytest.fixture
def key() -> bytes:
    return new_key()


@pytest.fixture
def encrypted(tmp_path: Path, key: bytes) -> Iterator[Workspace]:
    """A new encrypted database with today's demo map: its users have no password yet."""
    ws = open_workspace(tmp_path / "secret.sqlite", demo_if_new=True, demo_history=False, key=key)
    yield ws
    ws.close()


def _ring(ws: Workspace) -> Keyring:
    assert ws.db.path is not None
    return Keyring.load(keyring_path(ws.db.path))


def _opens(ws: Workspace, username: str, password: str) -> bool:
    try:
        return _ring(ws).unlock(username, password) == ws.db.key
    except WrongPassword:
        return False


def _first_start(ws: Workspace, **kwargs) -> str | None:  # type: ignore[no-untyped-def]
    with ws.db.session() as session:
        return set_first_admin_password(session, ADMIN_PASSWORD, **kwargs).recovery_key


def test_the_first_start_wraps_the_key_for_the_administrator_and_makes_the_recovery_key(encrypted, key) -> None:  # type: ignore[no-untyped-def]
    assert encrypted.db.path is not None and is_encrypted(encrypted.db.path)
    assert _ring(encrypted).users() == []
    recovery = _first_start(encrypted)
    assert recovery is not None and len(recovery.replace("-", "")) == 40
    ring = _ring(encrypted)
    assert ring.users() == ["quantri"]  # the demo accounts have no password: no copy
    assert ring.unlock("quantri", ADMIN_PASSWORD) == key
    assert ring.unlock("QuanTri", ADMIN_PASSWORD) == key  # the user name as sign-in takes it
    with pytest.raises(WrongPassword):
        ring.unlock("quantri", "Vinh Long 2026")
    assert ring.unlock_with_recovery(recovery.lower().replace("-", " ")) == key  # as typed back from paper
    with pytest.raises(WrongRecoveryKey):
        ring.unlock_with_recovery(recovery[:-1] + ("A" if recovery[-1] != "A" else "B"))
    assert stat.S_IMODE(keyring_path(encrypted.db.path).stat().st_mode) == 0o600
    assert ADMIN_PASSWORD not in keyring_path(encrypted.db.path).read_text(encoding="utf-8")


def test_the_demo_accounts_given_the_same_password_open_the_file_too(encrypted) -> None:  # type: ignore[no-untyped-def]
    _first_start(encrypted, also_without_password=True)
    assert _ring(encrypted).users() == ["kiemtra1", "kiemtra2", "quantri", "truongphong", "vanthu"]
    for name in ("kiemtra1", "vanthu"):
        assert _opens(encrypted, name, ADMIN_PASSWORD)
        with encrypted.db.session() as session:
            assert sign_in(session, name, ADMIN_PASSWORD).username == name


def test_a_password_change_rewraps_only_that_users_copy(encrypted) -> None:  # type: ignore[no-untyped-def]
    _first_start(encrypted, also_without_password=True)
    people = people_of(encrypted.db)
    before = _ring(encrypted).data["users"]["quantri"]
    with encrypted.db.session() as session:
        change_password(session, people.inspector, ADMIN_PASSWORD, "kiểm tra viên 1")
    assert _opens(encrypted, "kiemtra1", "kiểm tra viên 1")
    assert not _opens(encrypted, "kiemtra1", ADMIN_PASSWORD)
    assert _ring(encrypted).data["users"]["quantri"] == before  # the others' copies untouched
    with pytest.raises(AccountError, match="hiện tại không đúng"), encrypted.db.session() as session:
        change_password(session, people.inspector, "sai mật khẩu", "một mật khẩu khác")
    assert _opens(encrypted, "kiemtra1", "kiểm tra viên 1")


def test_a_new_user_and_a_reset_are_wrapped_with_the_open_key(encrypted) -> None:  # type: ignore[no-untyped-def]
    _first_start(encrypted)
    admin = people_of(encrypted.db).admin
    with encrypted.db.session() as session:
        create_user(session, admin, "thanhtra3", "Phạm Văn Ba", ["inspector"], "mật khẩu tạm 3")
        create_user(session, admin, "thanhtra4", "Lý Thị Bốn", ["inspector"])  # no password yet: no copy
    assert _opens(encrypted, "thanhtra3", "mật khẩu tạm 3")
    assert "thanhtra4" not in _ring(encrypted).users()
    clerk = people_of(encrypted.db).clerk
    with encrypted.db.session() as session:
        reset_password(session, admin, clerk, "văn thư 2026")
    assert _opens(encrypted, "vanthu", "văn thư 2026")
    with encrypted.db.session() as session:  # handed over: the clerk signs in, then chooses their own
        assert sign_in(session, "vanthu", "văn thư 2026").must_change_password
        change_password(session, clerk, "văn thư 2026", "của riêng văn thư")
    assert _opens(encrypted, "vanthu", "của riêng văn thư") and not _opens(encrypted, "vanthu", "văn thư 2026")


def test_a_deactivated_users_copy_goes_and_reactivation_waits_for_a_reset(encrypted) -> None:  # type: ignore[no-untyped-def]
    _first_start(encrypted)
    people = people_of(encrypted.db)
    with encrypted.db.session() as session:
        reset_password(session, people.admin, people.clerk, "văn thư 2026")
    assert "vanthu" in _ring(encrypted).users()
    with encrypted.db.session() as session:
        deactivate_user(session, people.admin, people.clerk)
    assert "vanthu" not in _ring(encrypted).users() and not _opens(encrypted, "vanthu", "văn thư 2026")
    with pytest.raises(AccountError, match="kích hoạt lại trước"), encrypted.db.session() as session:
        reset_password(session, people.admin, people.clerk, "văn thư 2027")
    with encrypted.db.session() as session:
        reactivate_user(session, people.admin, people.clerk)
    assert "vanthu" not in _ring(encrypted).users()
    with pytest.raises(SignInRefused, match="chưa có mật khẩu"), encrypted.db.session() as session:
        sign_in(session, "vanthu", "văn thư 2026")
    with encrypted.db.session() as session:
        reset_password(session, people.admin, people.clerk, "văn thư 2027")
    assert _opens(encrypted, "vanthu", "văn thư 2027")


def test_a_change_rolled_back_leaves_the_keyring_file_as_it_was(encrypted) -> None:  # type: ignore[no-untyped-def]
    _first_start(encrypted)
    people = people_of(encrypted.db)
    assert encrypted.db.path is not None
    saved = keyring_path(encrypted.db.path).read_bytes()
    with pytest.raises(RuntimeError), encrypted.db.session() as session:
        reset_password(session, people.admin, people.clerk, "văn thư 2026")
        raise RuntimeError("the rest of the work failed")
    assert keyring_path(encrypted.db.path).read_bytes() == saved
    assert "vanthu" not in encrypted.db.keyring.users()


def test_the_recovery_key_path_gives_an_administrator_a_new_password(encrypted, key) -> None:  # type: ignore[no-untyped-def]
    recovery = _first_start(encrypted)
    assert recovery is not None
    with pytest.raises(AccountError, match="quản trị đang hoạt động"), encrypted.db.session() as session:
        set_password_with_recovery_key(session, "kiemtra1", "mật khẩu mới 2027")
    with encrypted.db.session() as session:
        set_password_with_recovery_key(session, "quantri", "mật khẩu mới 2027")
    assert _opens(encrypted, "quantri", "mật khẩu mới 2027") and not _opens(encrypted, "quantri", ADMIN_PASSWORD)
    with encrypted.db.session() as session:
        assert sign_in(session, "quantri", "mật khẩu mới 2027").username == "quantri"
        again = new_recovery_key(session, people_of(encrypted.db).admin)
    assert again is not None and again != recovery
    with pytest.raises(WrongRecoveryKey):
        _ring(encrypted).unlock_with_recovery(recovery)  # the old sheet no longer opens it
    assert _ring(encrypted).unlock_with_recovery(again) == key


def test_everyone_reopens_the_file_with_their_own_password(encrypted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _first_start(encrypted, also_without_password=True)
    people = people_of(encrypted.db)
    with encrypted.db.session() as session:
        change_password(session, people.supervisor, ADMIN_PASSWORD, "trưởng phòng 2026")
    path = encrypted.db.path
    assert path is not None
    encrypted.close()
    for name, password in (("quantri", ADMIN_PASSWORD), ("truongphong", "trưởng phòng 2026")):
        key = Keyring.load(keyring_path(path)).unlock(name, password)
        ws = open_workspace(path, demo_if_new=False, create=False, key=key)
        try:
            with ws.db.session() as session:
                assert sign_in(session, name, password).username == name
        finally:
            ws.close()


def test_a_plain_database_has_no_keyring(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        made = set_first_admin_password(session, ADMIN_PASSWORD, also_without_password=True)
    assert made.recovery_key is None
    people = people_of(db)
    with db.session() as session:
        reset_password(session, people.admin, people.clerk, "văn thư 2026")
        deactivate_user(session, people.admin, people.clerk)
        reactivate_user(session, people.admin, people.clerk)
        assert new_recovery_key(session, people.admin) is None
    with db.session() as session:  # on a plain file reactivation keeps the password, as before
        assert sign_in(session, "vanthu", "văn thư 2026").username == "vanthu"
    assert db.path is not None and not keyring_path(db.path).exists()
