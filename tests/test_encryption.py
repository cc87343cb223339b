"""Encryption at rest (store.crypto, store.encryption): what a copied file, its WAL and a backup give away
without the key, the keyring, a wrong password, conversion of a plain database and its interruption."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.services import accounts, audit
from inspector.services.verify import verify
from inspector.services.workspace import open_workspace
from inspector.store import backups, crypto, encryption
from inspector.store.files import SQLITE_MAGIC
from inspector.store.migrate import DatabaseKeyRefused, DatabaseLocked, DatabaseNotEncrypted, open_database

ROOT = Path(__file__).resolve().parent.parent

# A finding as a clerk would type it: the bytes that must not be found in any file at rest.
NOTE = "Bà Nguyễn Thị Hường (Bộ phận Một cửa xã Tân Lược) trễ hẹn 17 hồ sơ đất đai, thái độ thiếu niềm nở — mã ghi chú QX7-2026-TLV"
LEAKS = [NOTE.encode("utf-8"), NOTE.encode("utf-16-le"), NOTE.encode("utf-16-be"),
         "Nguyễn Thị Hường".encode(), "Nguyễn Thị Hường".encode("utf-16-le"), b"QX7-2026-TLV", SQLITE_MAGIC]
# (needles of 12 bytes or more: a 3-byte one turns up by chance in megabytes of ciphertext)


def _write_note(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        session.execute(sa.text("UPDATE users SET title = :note WHERE username = 'vanthu'"), {"note": NOTE})


def _leaks(data: bytes) -> list[bytes]:
    return [needle for needle in LEAKS if needle in data]


def _cp(*paths: Path, into: Path) -> list[Path]:
    """Copied by another process (``cp``): this one never open()s a database it has open (store.db)."""
    into.mkdir(parents=True, exist_ok=True)
    present = [p for p in paths if p.exists()]
    subprocess.run(["cp", "--", *map(str, present), str(into)], check=True)
    return [into / p.name for p in present]


def _sha(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _tables(conn) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{name}"')) for name in names}


def _snapshot(path: Path, key: bytes | None) -> dict[str, list[str]]:
    with crypto.connected(path, key) as conn:  # read/write: its close removes the -wal and -shm it used
        return _tables(conn)


def _plain_files(*folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and path.read_bytes()[:16] == SQLITE_MAGIC:
                found.append(path)
    return found


def _set_passwords(db, passwords: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        for username, password in passwords.items():
            session.execute(sa.text("UPDATE users SET password_hash = :h WHERE username = :u"),
                            {"h": accounts.hash_password(password), "u": username})


@pytest.fixture
def key() -> bytes:
    return crypto.new_key()


# --- at rest -------------------------------------------------------------------------------------


def test_the_file_its_wal_and_a_backup_give_nothing_away_without_the_key(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "db" / "inspector.sqlite"
    ws = open_workspace(path, key=key, demo_if_new=True, demo_history=False)
    try:
        ws.db.checkpoint()
        _write_note(ws.db)  # in the WAL only: not checkpointed
        wal = Path(f"{path}-wal")
        assert wal.stat().st_size > 32 + 4096
        copies = _cp(path, wal, Path(f"{path}-shm"), into=tmp_path / "copied")
        backup = backups.make_backup(path, tmp_path / "backups", backups.MANUAL)  # the open database's own key
        saved = tmp_path / "saved" / "ban-sao.sqlite"
        saved.parent.mkdir()
        backups.save_copy(path, saved)
    finally:
        ws.close()
    for copy in [*copies, backup, saved]:
        assert copy.stat().st_size > 0
        assert _leaks(copy.read_bytes()) == [], copy.name
    assert crypto.is_encrypted(backup) and crypto.is_encrypted(saved)
    for copy in (copies[0], backup):
        with pytest.raises(sqlite3.DatabaseError):  # any SQLite tool: not a database
            with sqlite3.connect(copy) as conn:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    # the copy made while the note was only in the WAL has it, for whoever has the key
    with crypto.connected(copies[0], key) as conn:
        assert conn.execute("SELECT title FROM users WHERE username = 'vanthu'").fetchone() == (NOTE,)
    with crypto.connected(backup, key, read_only=True) as conn:
        assert conn.execute("SELECT title FROM users WHERE username = 'vanthu'").fetchone() == (NOTE,)


def test_the_same_search_finds_the_note_in_a_plain_database(tmp_path: Path) -> None:
    """The check above can fail: in a plain file and its WAL the note is there to read."""
    path = tmp_path / "inspector.sqlite"
    ws = open_workspace(path, demo_if_new=True, demo_history=False)
    try:
        ws.db.checkpoint()
        _write_note(ws.db)
        copies = _cp(path, Path(f"{path}-wal"), into=tmp_path / "copied")
    finally:
        ws.close()
    assert NOTE.encode("utf-8") in copies[1].read_bytes()
    assert SQLITE_MAGIC in copies[0].read_bytes()


# --- passwords -----------------------------------------------------------------------------------


def test_every_user_opens_the_file_with_their_own_password(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "inspector.sqlite"
    ws = open_workspace(path, key=key, demo_if_new=True, demo_history=False)
    try:
        assert ws.db.key == key and ws.db.keyring is not None and ws.db.keyring.users() == []
        ws.db.keyring.set_user("kiemtra1", "Mật khẩu của kiểm tra 1", key)
        ws.db.keyring.set_user("VanThu", "vanthu-2026!", key)
        ws.db.keyring.save()
    finally:
        ws.close()
    assert (os.stat(crypto.keyring_path(path)).st_mode & 0o777) == 0o600
    ring = crypto.Keyring.for_database(path)
    assert ring.users() == ["kiemtra1", "vanthu"]
    first, second = ring.unlock("kiemtra1", "Mật khẩu của kiểm tra 1"), ring.unlock(" vanthu ", "vanthu-2026!")
    assert first == second == key
    # the password as typed on another keyboard (decomposed Vietnamese): the same password
    assert ring.unlock("kiemtra1", unicodedata.normalize("NFD", "Mật khẩu của kiểm tra 1")) == key
    ws = open_workspace(path, key=second, create=False)
    try:
        with ws.db.read() as session:
            assert session.execute(sa.text("SELECT count(*) FROM users")).scalar() == 5
    finally:
        ws.close()
    with pytest.raises(DatabaseLocked):  # no key: a password is asked for, the file is not called damaged
        open_database(path, create=False)


def test_a_wrong_password_is_refused_and_changes_nothing(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "db" / "inspector.sqlite"
    ws = open_workspace(path, key=key, demo_if_new=True, demo_history=False)
    try:
        ws.db.keyring.set_user("quantri", "Đúng mật khẩu 1", key)
        ws.db.keyring.save()
        ws.db.checkpoint()
        _write_note(ws.db)
        # the state a crash leaves: the file with a WAL beside it and no -shm
        folder = tmp_path / "crashed"
        _cp(path, Path(f"{path}-wal"), crypto.keyring_path(path), into=folder)
    finally:
        ws.close()
    crashed = folder / path.name
    before = _sha(folder)
    assert set(before) == {"inspector.sqlite", "inspector.sqlite-wal", "inspector.sqlite.keys"}
    ring = crypto.Keyring.for_database(crashed)
    for username, password in [("quantri", "Sai mật khẩu"), ("quantri", ""), ("khongco", "Đúng mật khẩu 1")]:
        with pytest.raises(crypto.WrongPassword) as refused:
            ring.unlock(username, password)
        assert str(refused.value) == crypto.WRONG_PASSWORD  # the same for an unknown name
    wrong = crypto.new_key()
    with pytest.raises(crypto.WrongKey):
        crypto.connect(crashed, wrong)
    with pytest.raises(DatabaseKeyRefused) as refused_open:
        open_database(crashed, key=wrong, create=False)
    assert "không bị thay đổi" in str(refused_open.value)
    with pytest.raises(DatabaseKeyRefused):
        open_workspace(crashed, key=wrong, create=False, exclusive=True)
    after = _sha(folder)
    # not a byte changed, no file made (not even the lock file) but the count of wrong passwords
    assert {n: h for n, h in after.items() if n != "inspector.sqlite.tries"} == before
    assert not [p for p in folder.iterdir() if p.name.endswith(("-shm", "-journal"))]
    # the right password still opens it, with what was only in the WAL
    unlocked = crypto.Keyring.for_database(crashed).unlock("quantri", "Đúng mật khẩu 1")
    with crypto.connected(crashed, unlocked) as conn:
        assert conn.execute("SELECT title FROM users WHERE username = 'vanthu'").fetchone() == (NOTE,)


def test_the_keyring_round_trip(tmp_path: Path, key: bytes) -> None:
    phc = accounts.hash_password("Mật khẩu văn thư 2026")
    assert phc.startswith("$argon2id$")
    ring = crypto.Keyring(tmp_path / "x.sqlite.keys")
    ring.set_user_from_hash("VanThu", phc, key)  # from the stored hash: the password is never known here
    ring.set_user("quantri", "Quản trị viên 1", key)
    recovery = ring.set_recovery(key)
    ring.save()
    loaded = crypto.Keyring.load(tmp_path / "x.sqlite.keys")
    assert loaded.id == ring.id and loaded.users() == ["quantri", "vanthu"]
    assert loaded.unlock("vanthu", "Mật khẩu văn thư 2026") == key
    with pytest.raises(crypto.WrongPassword):
        loaded.unlock("vanthu", "Mật khẩu văn thư 2025")
    # an entry is bound to its user: moved under another name it opens nothing
    forged = crypto.Keyring(tmp_path / "forged.keys", {**loaded.data, "users": {
        **loaded.data["users"], "kiemtra1": loaded.data["users"]["vanthu"]}})
    with pytest.raises(crypto.WrongPassword):
        forged.unlock("kiemtra1", "Mật khẩu văn thư 2026")
    assert loaded.remove_user("vanthu") and not loaded.remove_user("vanthu")
    with pytest.raises(crypto.WrongPassword):
        loaded.unlock("vanthu", "Mật khẩu văn thư 2026")
    assert loaded.unlock("quantri", "Quản trị viên 1") == key

    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(g) == 5 for g in groups)
    assert loaded.unlock_with_recovery(recovery) == key
    assert loaded.unlock_with_recovery(" ".join(groups).lower()) == key  # as typed back from paper
    assert loaded.unlock_with_recovery("".join(groups)) == key
    wrong = recovery[:-1] + ("A" if recovery[-1] != "A" else "B")
    for attempt in (wrong, recovery[:-5], "", crypto.Keyring(tmp_path / "other").set_recovery(key)):
        with pytest.raises(crypto.WrongRecoveryKey):
            loaded.unlock_with_recovery(attempt)
    new_recovery = loaded.set_recovery(key)  # a new one replaces the old
    with pytest.raises(crypto.WrongRecoveryKey):
        loaded.unlock_with_recovery(recovery)
    assert loaded.unlock_with_recovery(new_recovery) == key


def test_five_wrong_passwords_lock_the_name_before_the_database_opens(tmp_path: Path, key: bytes) -> None:
    """The lock of issue 12 for an encrypted file: the tries are refused by the keyring, so they are counted there."""
    from datetime import UTC, datetime, timedelta

    ring = crypto.Keyring(tmp_path / "x.sqlite.keys")
    ring.set_user("kiemtra1", "Mật khẩu kiểm tra 1", key)
    ring.save()
    loaded = crypto.Keyring.load(ring.path)
    start = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
    for n in range(crypto.MAX_FAILED_TRIES - 1):
        with pytest.raises(crypto.WrongPassword) as refused:
            loaded.unlock("kiemtra1", f"sai {n}", now=start)
        assert not isinstance(refused.value, crypto.KeyringLocked)
    with pytest.raises(crypto.KeyringLocked, match="bị tạm khóa đến 14:15 ngày 02/12/2026"):
        loaded.unlock("kiemtra1", "sai lần cuối", now=start)
    # counted in the file, at once: a new process reading it is locked out too, even with the right password
    again = crypto.Keyring.load(ring.path)
    with pytest.raises(crypto.KeyringLocked, match="đang bị tạm khóa"):
        again.unlock("kiemtra1", "Mật khẩu kiểm tra 1", now=start + timedelta(minutes=14))
    assert again.unlock("kiemtra1", "Mật khẩu kiểm tra 1", now=start + timedelta(minutes=15)) == key
    assert "kiemtra1" not in again._load_tries()  # a right password starts the count again
    assert crypto.Keyring.load(ring.path).data == ring.data  # counted beside the keyring, never in it


def test_the_recovery_key_opens_the_file(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "inspector.sqlite"
    ws = open_workspace(path, key=key, demo_if_new=True, demo_history=False)
    try:
        recovery = ws.db.keyring.set_recovery(key)
        ws.db.keyring.save()
    finally:
        ws.close()
    unlocked = crypto.Keyring.for_database(path).unlock_with_recovery(recovery.replace("-", " ").lower())
    ws = open_workspace(path, key=unlocked, create=False)
    ws.close()
    with pytest.raises(crypto.WrongRecoveryKey):
        crypto.Keyring.for_database(path).unlock_with_recovery(crypto.format_recovery_key(os.urandom(25)))


def test_a_damaged_keyring_is_said_so(tmp_path: Path) -> None:
    damaged = tmp_path / "x.keys"
    damaged.write_text("{not json", encoding="utf-8")
    with pytest.raises(crypto.KeyringDamaged, match="bị hỏng"):
        crypto.Keyring.load(damaged)
    assert crypto.Keyring.load(tmp_path / "missing.keys").users() == []


# --- conversion ----------------------------------------------------------------------------------

PASSWORDS = {"quantri": "Quản trị 2026!", "vanthu": "văn thư hành chính", "kiemtra1": "KiemTra#1-2026"}


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain database as the previous version left it: the demo with its numbered minutes, three users with
    passwords (kiemtra2 closed), an old backup in the backup folder."""
    accounts.use_cheap_hashing()
    folder = tmp_path_factory.mktemp("plain")
    path = folder / "inspector.sqlite"
    ws = open_workspace(path, demo_if_new=True, demo_history=True)
    try:
        _set_passwords(ws.db, {**PASSWORDS, "kiemtra2": "da-nghi-viec-1"})
        _write_note(ws.db)
        with ws.db.session() as session:
            session.execute(sa.text("UPDATE users SET active = 0 WHERE username = 'kiemtra2'"))
            assert session.execute(sa.text("SELECT count(*) FROM visits WHERE minutes_number IS NOT NULL")).scalar()
        backups.make_backup(path, backups.default_backup_dir(path), backups.MANUAL)
    finally:
        ws.close()
    return folder


def _fresh(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(template, folder)
    return folder / "inspector.sqlite"


def test_a_plain_database_is_converted(plain_template: Path, tmp_path: Path, key: bytes) -> None:
    path = _fresh(plain_template, tmp_path)
    before = _snapshot(path, None)
    steps: list[tuple[int, int, str]] = []
    outcome = encryption.encrypt_database(path, key, progress=lambda *step: steps.append(step))
    assert [s[0] for s in steps] == list(range(len(encryption.STEPS) + 1)) and steps[-1][0] == steps[-1][1]
    assert crypto.is_encrypted(path)
    assert _snapshot(path, key) == before  # every table, every row
    ring = crypto.Keyring.for_database(path)
    assert ring.users() == outcome.users == sorted(PASSWORDS)  # the closed account has no copy of the key
    for username, password in PASSWORDS.items():
        assert ring.unlock(username, password) == key
    with pytest.raises(crypto.WrongPassword):
        ring.unlock("kiemtra2", "da-nghi-viec-1")
    # nothing plain at rest: the old backup encrypted (with the keyring), the one made for this removed
    assert _plain_files(path.parent) == []
    assert len(outcome.encrypted_copies) == 1 and len(outcome.removed) == 1 and outcome.left_plain == []
    old = outcome.encrypted_copies[0]
    assert backups.is_good(old, key) and crypto.keyring_path(old).exists()
    assert not outcome.removed[0].exists()
    assert not list(path.parent.glob(".*encrypting*"))
    # the history still checks out, the anchors beside the file included
    ws = open_workspace(path, key=key, create=False)
    try:
        with ws.db.read() as session:
            report = verify(session, audit.read_anchors(path))
        assert report.ok, report.problems
        assert report.anchors > 0
    finally:
        ws.close()
    # a second run has nothing left to do
    again = encryption.encrypt_database(path, key)
    assert again.encrypted_copies == [] and again.left_plain == []
    with pytest.raises(crypto.WrongKey):
        encryption.encrypt_database(path, crypto.new_key())


def test_a_key_for_a_plain_file_is_refused(plain_template: Path, tmp_path: Path, key: bytes) -> None:
    path = _fresh(plain_template, tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseNotEncrypted):
        open_database(path, key=key, create=False)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


_CONVERT = """
import sys
from pathlib import Path
from inspector.store import encryption
print("ready", flush=True)
encryption.encrypt_database(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
"""


def _after_interruption(path: Path, before: dict[str, list[str]], key: bytes) -> None:
    """The database opens as before (plain, or encrypted with ``key`` if the swap was done), and a second
    conversion completes."""
    side = [p for p in path.parent.iterdir() if p.name.endswith(("-wal", "-shm", "-journal"))]
    if crypto.is_encrypted(path):
        assert side == []  # the swap is only made with none beside the plain file: none to replay into this one
        assert _snapshot(path, key) == before
        ws = open_workspace(path, key=key, create=False)
        ws.close()
        again = key
    else:
        assert _snapshot(path, None) == before
        ws = open_workspace(path, create=False)  # the plain file as it was: the app opens it as before
        ws.close()
        again = crypto.new_key()
    encryption.encrypt_database(path, again)
    assert crypto.is_encrypted(path)
    assert _snapshot(path, again) == before
    assert _plain_files(path.parent) == []
    for username, password in PASSWORDS.items():
        assert crypto.Keyring.for_database(path).unlock(username, password) == again


@pytest.mark.slow
@pytest.mark.parametrize("step", encryption.STEPS)
def test_a_conversion_killed_at_any_step_leaves_the_database_usable(plain_template: Path, tmp_path: Path,
                                                                    key: bytes, step: str) -> None:
    path = _fresh(plain_template, tmp_path)
    before = _snapshot(path, None)
    env = {**os.environ, encryption.KILL_AT_ENV: step}
    done = subprocess.run([sys.executable, "-c", _CONVERT, str(path), key.hex()], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    assert crypto.is_encrypted(path) == (step == "copies")
    _after_interruption(path, before, key)


@pytest.mark.slow
def test_a_conversion_killed_at_random_moments_leaves_the_database_usable(plain_template: Path, tmp_path: Path) -> None:
    chance = random.Random(13)

    def start(path: Path, key: bytes) -> tuple[subprocess.Popen[bytes], float]:
        process = subprocess.Popen([sys.executable, "-c", _CONVERT, str(path), key.hex()], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdout is not None and process.stdout.readline() == b"ready\n"
        return process, time.monotonic()

    # how long one conversion takes here (Python's start not counted): the kills land all along it
    process, started = start(_fresh(plain_template, tmp_path / "timing"), crypto.new_key())
    assert process.wait(120) == 0
    whole = time.monotonic() - started
    states = []
    for run in range(10):
        path = _fresh(plain_template, tmp_path / f"run{run}")
        before = _snapshot(path, None)
        key = crypto.new_key()
        process, started = start(path, key)
        time.sleep(max(0.0, started + chance.uniform(0.0, 1.1) * whole - time.monotonic()))
        process.send_signal(signal.SIGKILL)
        process.wait(60)
        states.append(crypto.is_encrypted(path))
        _after_interruption(path, before, key)
    assert False in states  # some kills landed before the swap (the rest after it, or after the end)


# --- backups of an encrypted database ------------------------------------------------------------


def test_backups_of_an_encrypted_database_are_encrypted_checked_and_restore(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "inspector.sqlite"
    folder = backups.default_backup_dir(path)
    ws = open_workspace(path, key=key, demo_if_new=True, demo_history=False)
    try:
        ws.db.keyring.set_user("quantri", "Quản trị 2026!", key)
        ws.db.keyring.save()
        _write_note(ws.db)
        daily = backups.daily_backup(path, folder)
        assert daily is not None
        assert backups.check_whole(path) == []  # the open database's key
    finally:
        ws.close()
    assert crypto.is_encrypted(daily) and _leaks(daily.read_bytes()) == []
    assert backups.is_good(daily, key) and not backups.is_good(daily) and not backups.is_good(daily, crypto.new_key())
    assert crypto.keyring_path(daily).read_bytes() == crypto.keyring_path(path).read_bytes()
    assert backups.newest_good(folder, path, key).path == daily
    assert backups.newest_good(folder, path) is None

    # later: the note removed and the administrator's password changed
    ws = open_workspace(path, key=key, create=False)
    try:
        with ws.db.session() as session:
            session.execute(sa.text("UPDATE users SET title = '' WHERE username = 'vanthu'"))
        ws.db.keyring.set_user("quantri", "Mật khẩu mới 2027", key)
        ws.db.keyring.save()
    finally:
        ws.close()
    with pytest.raises(backups.BackupFailed):
        backups.restore(daily, path)  # no key: an encrypted backup is not restored blind
    aside = backups.restore(daily, path, key=key)
    assert aside is not None and crypto.is_encrypted(aside)
    assert crypto.Keyring.for_database(aside).unlock("quantri", "Mật khẩu mới 2027") == key  # kept with its file
    assert crypto.is_encrypted(path)
    assert crypto.Keyring.for_database(path).unlock("quantri", "Quản trị 2026!") == key  # the backup's passwords
    with crypto.connected(path, key) as conn:
        assert conn.execute("SELECT title FROM users WHERE username = 'vanthu'").fetchone() == (NOTE,)
    ws = open_workspace(path, key=key, create=False)
    ws.close()
    assert _plain_files(tmp_path) == []


def test_a_plain_backup_restored_into_an_encrypted_database_is_encrypted(plain_template: Path, tmp_path: Path,
                                                                        key: bytes) -> None:
    path = _fresh(plain_template, tmp_path)
    plain_backup = tmp_path / "kept-elsewhere.sqlite"
    shutil.copy(backups.list_backups(backups.default_backup_dir(path), path)[0].path, plain_backup)
    encryption.encrypt_database(path, key)
    backups.restore(plain_backup, path, key=key)
    assert crypto.is_encrypted(path)
    assert _snapshot(path, key) == _snapshot(plain_backup, None)
    assert crypto.Keyring.for_database(path).unlock("quantri", PASSWORDS["quantri"]) == key


def test_the_visits_list_reads_an_encrypted_file_on_its_fast_path(tmp_path: Path, key: bytes) -> None:
    from inspector.services import lists

    ws = open_workspace(tmp_path / "inspector.sqlite", key=key, demo_if_new=True, demo_history=True)
    try:
        with ws.db.read() as session:
            assert lists._driver(session) is not None  # SQLCipher's connection, as sqlite3's
            keys = lists.visit_keys(session)
            assert keys and set(lists.visit_rows(session, keys)) == set(keys)
    finally:
        ws.close()
