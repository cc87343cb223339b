"""The command line on an encrypted database: --user with the password read from --password-fd (or asked),
the recovery key from --recovery-key-fd; refusals in Vietnamese, one LỖI line, a non-zero exit, and the file
untouched. A plain database still opens without any of these."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.services.accounts import set_first_admin_password
from inspector.services.workspace import open_workspace
from inspector.store.crypto import is_encrypted, keyring_path, new_key

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PASSWORD = "Vĩnh Long 2026"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(path: Path) -> dict[str, str]:
    """The database, its keyring and any side file, by name: what a refusal must leave as it was."""
    return {p.name: _sha(p) for p in sorted(path.parent.iterdir()) if p.name.startswith(path.name) and p.is_file()}


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An encrypted database (today's demo map), every demo account with ADMIN_PASSWORD; its recovery key."""
    path = tmp_path_factory.mktemp("cli-encrypted") / "secret.sqlite"
    ws = open_workspace(path, demo_if_new=True, demo_history=False, key=new_key())
    try:
        with ws.db.session() as session:
            recovery = set_first_admin_password(session, ADMIN_PASSWORD, also_without_password=True).recovery_key
    finally:
        ws.close()
    assert recovery is not None and is_encrypted(path) and keyring_path(path).exists()
    return path, recovery


def run(*args: str, fd_text: str | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``inspector ARGS`` in a new process; ``fd_text`` on a pipe whose read end is passed as descriptor ``{fd}``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("INSPECTOR_DEBUG", None)
    if fd_text is None:
        return subprocess.run([sys.executable, "-m", "inspector", *args], capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=120, input=stdin if stdin is not None else "")
    read, write = os.pipe()
    try:
        os.write(write, fd_text.encode("utf-8"))
        os.close(write)
        write = -1
        command = [a.replace("{fd}", str(read)) for a in args]
        return subprocess.run([sys.executable, "-m", "inspector", *command], capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=120, pass_fds=(read,), input=stdin if stdin is not None else "")
    finally:
        os.close(read)
        if write != -1:
            os.close(write)


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("LỖI  "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_the_password_from_a_descriptor_opens_the_database(encrypted) -> None:  # type: ignore[no-untyped-def]
    path, _recovery = encrypted
    result = run("visits", "--database", str(path), "--user", "kiemtra1", "--password-fd", "{fd}",
                 fd_text=ADMIN_PASSWORD + "\nthe rest is not read\n")
    assert result.returncode == 0, result.stderr
    before = _files(path)
    result = run("audit", "verify", "--database", str(path), "--user", "QuanTri", "--password-fd", "{fd}",
                 fd_text=ADMIN_PASSWORD)  # no line break at the end: the whole of it
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK")
    assert _files(path)[path.name + ".keys"] == before[path.name + ".keys"]


def test_a_wrong_password_is_refused_and_the_file_is_untouched(encrypted) -> None:  # type: ignore[no-untyped-def]
    path, _recovery = encrypted
    before = _files(path)
    for user, password in (("kiemtra1", "Vinh Long 2026"), ("khongai", ADMIN_PASSWORD), ("kiemtra1", " " + ADMIN_PASSWORD)):
        line = _refused(run("visits", "--database", str(path), "--user", user, "--password-fd", "{fd}",
                            fd_text=password + "\n"))
        assert line == "LỖI  Tên đăng nhập hoặc mật khẩu không đúng, nên không mở được cơ sở dữ liệu."
    after = _files(path)
    assert after.pop(path.name + ".tries")  # the wrong passwords counted beside the keyring (the lock)
    assert after == before  # the database and its keyring not opened: no WAL, no lock, not a byte changed


def test_without_a_user_or_a_terminal_the_command_says_what_it_needs(encrypted) -> None:  # type: ignore[no-untyped-def]
    path, _recovery = encrypted
    before = _files(path)
    line = _refused(run("visits", "--database", str(path)))
    assert "đã được mã hóa" in line and "--user" in line and "--password-fd" in line
    line = _refused(run("visits", "--database", str(path), "--user", "kiemtra1"))  # stdin is not a terminal
    assert "--password-fd" in line
    line = _refused(run("visits", "--database", str(path), "--user", "kiemtra1", "--password-fd", "{fd}", fd_text="\n"))
    assert "dòng đầu trống" in line
    line = _refused(run("visits", "--database", str(path), "--user", "kiemtra1", "--password-fd", "987"))
    assert "mô tả tệp 987" in line
    assert _files(path) == before


def test_the_recovery_key_opens_the_database(encrypted) -> None:  # type: ignore[no-untyped-def]
    path, recovery = encrypted
    typed = recovery.lower().replace("-", " ")  # as read back from the printed sheet
    result = run("visits", "--database", str(path), "--recovery-key-fd", "{fd}", fd_text=typed + "\n")
    assert result.returncode == 0, result.stderr
    before = _files(path)
    line = _refused(run("visits", "--database", str(path), "--recovery-key-fd", "{fd}",
                        fd_text="AAAAA-" * 7 + "AAAAA\n"))
    assert line == "LỖI  Mã khôi phục không đúng (hoặc không phải của cơ sở dữ liệu này), nên không mở được cơ sở dữ liệu."
    assert _files(path) == before


def test_minutes_of_an_encrypted_database_and_never_over_it(encrypted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _recovery = encrypted
    before = _files(path)
    for target in (path, Path(f"{path}.keys")):  # the encrypted file and its keyring are databases to the guard
        line = _refused(run("minutes", "xxxxxxxx", "-o", str(target), "--force", "--database", str(path),
                            "--user", "kiemtra1", "--password-fd", "{fd}", fd_text=ADMIN_PASSWORD))
        assert "cơ sở dữ liệu" in line
    assert _files(path) == before


def test_a_new_encrypted_database_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "moi.sqlite"
    result = run("upgrade-db", str(path), "--demo", "--user", "quantri", "--password-fd", "{fd}",
                 fd_text=ADMIN_PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "đã mã hóa" in result.stdout and "Mã khôi phục" in result.stdout
    assert is_encrypted(path) and keyring_path(path).exists()
    result = run("visits", "--database", str(path), "--user", "quantri", "--password-fd", "{fd}", fd_text=ADMIN_PASSWORD)
    assert result.returncode == 0, result.stderr
    refused = run("upgrade-db", str(tmp_path / "khac.sqlite"), "--demo", "--user", "admin", "--password-fd", "{fd}",
                  fd_text=ADMIN_PASSWORD)  # the demo's administrator is quantri
    assert "--user quantri" in _refused(refused)
    assert not (tmp_path / "khac.sqlite").exists() and not (tmp_path / "khac.sqlite.keys").exists()


def test_a_plain_database_still_opens_without_a_password(db_path: Path) -> None:
    open_workspace(db_path, demo_if_new=True, demo_history=False).close()
    result = run("visits", "--database", str(db_path))
    assert result.returncode == 0, result.stderr
