"""One owner per database file: no second open in the process, one app per file, local disks only, private files.

A plain open() and close() of the database file inside the app drops every POSIX
lock the process holds on it; the next process then believes it is alone and
deletes the live WAL. These tests walk the sequences that lost acknowledged answers.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.domain.workflow import Result
from inspector.services.photos import PhotoRejected, prepare_photo_file
from inspector.services.workspace import open_workspace
from inspector.store import files
from inspector.store.migrate import (
    DatabaseAlreadyOpen,
    DatabaseInUse,
    DatabaseMissing,
    DatabaseOnNetwork,
    DatabaseUnwritable,
    open_database,
)
from inspector.store.models import Answer

ROOT = Path(__file__).resolve().parent.parent


def _demo(path: Path) -> Path:
    open_workspace(path, demo_if_new=True).close()
    return path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import sys; from inspector.cli import main; sys.exit(main(sys.argv[1:]))",
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_same_file_through_another_path_is_not_opened_twice(tmp_path: Path) -> None:
    path = _demo(tmp_path / "inspector.sqlite")
    (tmp_path / "link.sqlite").symlink_to(path)
    (tmp_path / "sub").mkdir()
    ws = open_workspace(path, demo_if_new=False)
    try:
        for other in (tmp_path / "link.sqlite", tmp_path / "sub" / ".." / "inspector.sqlite"):
            with pytest.raises(DatabaseAlreadyOpen) as caught:
                open_workspace(other, demo_if_new=False)
            assert caught.value.database is ws.db
            assert "chính là cơ sở dữ liệu đang mở" in str(caught.value)
    finally:
        ws.close()
    open_workspace(tmp_path / "link.sqlite", demo_if_new=False).close()  # closed: may be opened again


def test_the_open_database_is_never_read_as_a_photo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _demo(tmp_path / "inspector.sqlite")
    ws = open_workspace(path, demo_if_new=False)
    opened: list[str] = []
    real_open = os.open

    def spy(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    try:
        monkeypatch.setattr(os, "open", spy)
        for dropped in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert dropped.exists()
            with pytest.raises(PhotoRejected, match="cơ sở dữ liệu đang mở"):
                prepare_photo_file(dropped)
        monkeypatch.undo()
        assert not [name for name in opened if name.startswith(str(path))]
    finally:
        ws.close()


def _ack_lines(child: subprocess.Popen[str]) -> list[str]:
    assert child.stdout is not None
    lines = []
    for line in child.stdout:
        lines.append(line.strip())
        if line.startswith("READY"):
            return lines
    raise AssertionError("child ended early:\n" + "\n".join(lines) + (child.stderr.read() if child.stderr else ""))


def test_lock_drop_sequence_then_command_line_then_kill_loses_nothing(tmp_path: Path) -> None:
    """Reopen through a symlink, drop the database on the photo box, run the CLI, kill the app: 0 answers lost."""
    path = _demo(tmp_path / "inspector.sqlite")
    link = tmp_path / "shortcut.sqlite"
    link.symlink_to(path)
    child = subprocess.Popen([sys.executable, "-m", "tests.owner_child", str(path), str(link), "11"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = _ack_lines(child)
        acked = [line.split()[1:] for line in lines if line.startswith("ACK")]
        assert len(acked) == 11
        assert "OPENED-TWICE" not in lines and "PHOTO-ACCEPTED" not in lines
        assert sum(line.startswith("REFUSED open") for line in lines) == 2
        assert sum(line.startswith("REFUSED photo") for line in lines) == 4
        # a clerk prints the visit list meanwhile: before, this process deleted the app's live WAL on exit
        listed = _cli("visits", "--database", str(path))
        assert listed.returncode == 0, listed.stderr
        assert Path(f"{path}-wal").exists()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    ws = open_workspace(path, demo_if_new=False)
    try:
        with ws.db.session() as session:
            stored = {(str(a.visit_id), a.item_code): a.result for a in session.scalars(sa.select(Answer))}
            assert session.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        ws.close()
    lost = [(v, c) for v, c in acked if stored.get((v.replace("-", "").lower(), c), stored.get((v, c))) is not Result.FAIL]
    assert lost == []


def test_one_app_instance_per_database(tmp_path: Path) -> None:
    path = _demo(tmp_path / "inspector.sqlite")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from inspector.services.workspace import open_workspace;"
         "ws = open_workspace(Path(sys.argv[1]), demo_if_new=False, exclusive=True); print('HELD', flush=True); time.sleep(60)",
         str(path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "HELD"
        with pytest.raises(DatabaseInUse) as caught:
            open_workspace(path, demo_if_new=False, exclusive=True)
        assert f"tiến trình {holder.pid}" in str(caught.value) and "đang được mở bởi" in str(caught.value)
        # a command that only reads shares the file with the running app
        open_workspace(path, demo_if_new=False, create=False).close()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    ws = open_workspace(path, demo_if_new=False, exclusive=True)  # a killed holder leaves no stale lock
    ws.close()


def test_a_missing_file_is_not_created_by_readers(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing):
        open_workspace(tmp_path / "typo.sqlite", demo_if_new=False, create=False)
    assert list(tmp_path.iterdir()) == []


MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:40 / /mnt/office\\040share rw,relatime shared:9 - cifs //server/share rw
31 22 0:41 / /srv/nfs rw - nfs4 server:/export rw
32 22 0:42 / /home/u/remote rw - fuse.sshfs u@host: rw
"""


def test_file_system_types_are_read_from_mountinfo() -> None:
    assert files.filesystem_type(Path("/home/u/x.sqlite"), MOUNTINFO) == "ext4"
    assert files.filesystem_type(Path("/mnt/office share/db.sqlite"), MOUNTINFO) == "cifs"
    assert files.filesystem_type(Path("/srv/nfs/a/b.sqlite"), MOUNTINFO) == "nfs4"
    assert files.filesystem_type(Path("/srv/nfsx/b.sqlite"), MOUNTINFO) == "ext4"
    assert all(files.is_network_filesystem(k) for k in ("cifs", "nfs4", "fuse.sshfs", "smb3", "9p"))
    assert not any(files.is_network_filesystem(k) for k in ("ext4", "btrfs", "xfs", "tmpfs", "overlay", "vfat"))


def test_a_database_on_a_network_folder_is_refused_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _demo(tmp_path / "inspector.sqlite")
    before = path.read_bytes()
    monkeypatch.setattr(files, "filesystem_type", lambda p, mountinfo=None: "nfs4")
    with pytest.raises(DatabaseOnNetwork, match="ổ mạng"):
        open_workspace(path, demo_if_new=False)
    with pytest.raises(DatabaseOnNetwork):
        open_workspace(tmp_path / "new.sqlite")
    assert path.read_bytes() == before and not (tmp_path / "new.sqlite").exists()


def test_database_files_and_folders_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "PhongNoiVu" / "inspector.sqlite"
    ws = open_workspace(path, demo_if_new=True, exclusive=True)
    try:
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.lock")):
            assert stat.S_IMODE(candidate.stat().st_mode) == 0o600, candidate
        for folder in (path.parent, path.parent.parent):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    finally:
        ws.close()
    os.chmod(path, 0o644)  # a file from an older version, or copied in
    open_workspace(path, demo_if_new=False).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_new_file_in_a_folder_that_cannot_be_written_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CI runs as root, for whom chmod does not stop writes: the check is os.access, simulated here
    folder = tmp_path / "readonly"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == folder else real_access(p, mode, **kw))
    with pytest.raises(DatabaseUnwritable, match="không ghi được"):
        open_workspace(folder / "new.sqlite")
    assert list(folder.iterdir()) == []


def test_the_file_alone_holds_everything_after_close(tmp_path: Path) -> None:
    """A user who copies only inspector.sqlite copies all of it: the WAL is checkpointed on close."""
    path = _demo(tmp_path / "inspector.sqlite")
    ws = open_workspace(path, demo_if_new=False)
    with ws.db.session() as session:
        session.execute(sa.text("UPDATE units SET address = 'Số 1, đường Lê Lợi'"))
    ws.close()
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(path.read_bytes())
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT count(*) FROM units WHERE address = 'Số 1, đường Lê Lợi'").fetchone()[0] > 0
    finally:
        conn.close()


def test_readers_do_not_hold_the_write_lock(tmp_path: Path) -> None:
    path = _demo(tmp_path / "inspector.sqlite")
    db, _ = open_database(path)
    try:
        with db.read() as reader:
            reader.execute(sa.text("SELECT count(*) FROM units")).scalar()
            other = sqlite3.connect(path, timeout=0.1)
            try:
                other.execute("BEGIN IMMEDIATE")  # would fail with 'database is locked' if the reader held it
                other.execute("ROLLBACK")
            finally:
                other.close()
        with db.session() as writer:
            writer.execute(sa.text("SELECT 1")).scalar()
            other = sqlite3.connect(path, timeout=0.1)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
    finally:
        db.dispose()
