"""Backups of the database file: consistent, single-file, rotated, never partial; restore and set-aside keep every byte."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.domain.clock import VIETNAM
from inspector.store import backups
from inspector.store.backups import (
    BackupFailed,
    daily_backup,
    default_backup_dir,
    is_good,
    list_backups,
    make_backup,
    newest_good,
    restore,
    rotate,
    save_copy,
    set_aside,
)

ROOT = Path(__file__).resolve().parent.parent


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@contextmanager
def _sql(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


def _small_db(path: Path) -> Path:
    """A tiny database that looks like ours (an alembic_version row), for tests that make many backups."""
    with _sql(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('0004')")
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [(f"{i:0200d}",) for i in range(2000)])
        conn.commit()
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)


# --- making a backup -----------------------------------------------------------------------------


def test_backup_is_consistent_while_a_writer_is_active_and_is_one_file(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = workspace.db
    with db.session() as session:
        session.execute(sa.text("CREATE TABLE scratch (batch INTEGER, n INTEGER)"))
    folder = tmp_path / "saokhac" / "backups"
    stop = threading.Event()
    batches = 0

    def writer() -> None:  # another connection commits batches of 50 rows as fast as it can
        nonlocal batches
        conn = sqlite3.connect(db.path, timeout=30, isolation_level=None)
        try:
            while not stop.is_set():
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("INSERT INTO scratch VALUES (?, ?)", [(batches, i) for i in range(50)])
                conn.execute("COMMIT")
                batches += 1
        finally:
            conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    made: list[Path] = []
    try:
        # and a write transaction of the app itself is open (uncommitted) while a backup runs
        with db.session() as session:
            session.execute(sa.text("INSERT INTO scratch VALUES (-1, 0)"))
            made.append(make_backup(db.path, folder, "thu-cong", now=_at(date(2026, 11, 20), 9)))
            for minute in range(1, 6):
                made.append(make_backup(db.path, folder, "thu-cong", now=_at(date(2026, 11, 20), 9, minute)))
    finally:
        stop.set()
        thread.join()
    assert batches > 0
    for path in made:
        assert path.name.startswith("inspector-20261120-09") and path.name.endswith("-thu-cong.sqlite")
        assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL: one self-contained file
        assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
        with _sql(path) as conn:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            counts = [n for (n,) in conn.execute("SELECT count(*) FROM scratch GROUP BY batch")]
            assert all(n == 50 for n in counts)  # whole transactions only
            assert conn.execute("SELECT count(*) FROM scratch WHERE batch = -1").fetchone()[0] == 0  # not committed
            assert conn.execute("SELECT count(*) FROM units").fetchone()[0] > 0
        assert is_good(path)
    assert _leftovers(folder) == sorted(p.name for p in made)  # nothing else: no partials, no journals
    assert [b.path for b in list_backups(folder, db.path)] == list(reversed(made))


def test_backup_names_time_and_reason(tmp_path: Path) -> None:
    db = _small_db(tmp_path / "inspector.sqlite")
    folder = default_backup_dir(db)
    assert folder == tmp_path / "backups"
    moment = datetime(2026, 3, 1, 10, 30, 5, tzinfo=UTC)  # any zone in, Vietnam time in the name
    first = make_backup(db, folder, "truoc-nhap-phieu", now=moment)
    second = make_backup(db, folder, "truoc-nhap-phieu", now=moment)  # same second: a second name, nothing replaced
    assert first.name == "inspector-20260301-173005-truoc-nhap-phieu.sqlite"
    assert second.name == "inspector-20260301-173005_2-truoc-nhap-phieu.sqlite"
    infos = list_backups(folder, db)
    assert [i.path for i in infos] == [second, first]
    assert infos[0].taken_at == datetime(2026, 3, 1, 17, 30, 5, tzinfo=VIETNAM)
    assert infos[0].reason == "truoc-nhap-phieu" and infos[0].size == second.stat().st_size
    with pytest.raises(ValueError):
        make_backup(db, folder, "Thủ công", now=moment)


def test_list_backups_sees_only_this_databases_backups(tmp_path: Path) -> None:
    db = _small_db(tmp_path / "inspector.sqlite")
    other = _small_db(tmp_path / "inspector-2025.sqlite")
    folder = tmp_path / "backups"
    mine = make_backup(db, folder, "hang-ngay", now=_at(date(2026, 1, 2), 8))
    make_backup(other, folder, "hang-ngay", now=_at(date(2026, 1, 2), 8))
    (folder / ".inspector-20260102-080000-hang-ngay.sqlite.123.partial").write_bytes(b"x")
    (folder / "inspector-ghi-chu.txt").write_text("x")
    (folder / "inspector-20260102-080000-hang-ngay.sqlite.bak").write_bytes(b"x")
    assert [b.path for b in list_backups(folder, db)] == [mine]
    assert list_backups(tmp_path / "absent", db) == []


def test_files_are_private_whatever_the_umask(tmp_path: Path, workspace) -> None:  # type: ignore[no-untyped-def]
    old = os.umask(0)
    try:
        folder = tmp_path / "a" / "b" / "backups"
        made = make_backup(workspace.db.path, folder, "thu-cong")
        assert _mode(made) == 0o600
        for created in (tmp_path / "a", tmp_path / "a" / "b", folder):
            assert _mode(created) == 0o700, created
        copy = tmp_path / "ban-sao.sqlite"
        save_copy(workspace.db.path, copy)
        assert _mode(copy) == 0o600
        restored = tmp_path / "restored" / "inspector.sqlite"
        restore(made, restored)
        assert _mode(restored) == 0o600 and _mode(restored.parent) == 0o700
        existing = tmp_path / "existing"
        existing.mkdir(mode=0o755)
        os.chmod(existing, 0o755)
        make_backup(workspace.db.path, existing, "thu-cong")
        assert _mode(existing) == 0o755  # a folder the user chose is left as it is
    finally:
        os.umask(old)
    assert _mode(workspace.db.path) == 0o600  # the lead's part: the database itself


# --- failures leave nothing ------------------------------------------------------------------------


def _fail_midway(error: BaseException, watch: Path | None = None, seen: list[int] | None = None):  # type: ignore[no-untyped-def]
    """A copy that fails half-way, as a full disk would; ``seen`` gets the sizes of the partial files then."""
    def copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
        def progress(_status: int, remaining: int, total: int) -> None:
            if total - remaining >= total // 2:
                if watch is not None and seen is not None:
                    seen.extend(p.stat().st_size for p in watch.iterdir() if p.name.endswith(".partial"))
                raise error
        target.execute("PRAGMA cache_size=2")  # pages spill to the file as they are copied
        source.backup(target, pages=1, progress=progress)
    return copy


@pytest.mark.parametrize("error", [sqlite3.OperationalError("database or disk is full"),
                                   OSError(28, "No space left on device")])
def test_full_disk_during_backup_leaves_no_backup_and_no_partial(tmp_path: Path, monkeypatch, error) -> None:  # type: ignore[no-untyped-def]
    db = _small_db(tmp_path / "inspector.sqlite")
    before = _sha(db)
    folder = tmp_path / "backups"
    seen: list[int] = []
    monkeypatch.setattr(backups, "_backup_into", _fail_midway(error, folder, seen))
    with pytest.raises(BackupFailed) as failure:
        make_backup(db, folder, "hang-ngay")
    assert seen and seen[0] > 8192  # a partial copy was on disk, under a temporary name only
    assert "đầy" in str(failure.value) and "dở dang" in str(failure.value)
    assert _leftovers(folder) == []
    assert list_backups(folder, db) == []
    assert _sha(db) == before


def test_interrupted_backup_leaves_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = _small_db(tmp_path / "inspector.sqlite")
    folder = tmp_path / "backups"
    monkeypatch.setattr(backups, "_backup_into", _fail_midway(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        make_backup(db, folder, "hang-ngay")
    assert _leftovers(folder) == []


def test_damaged_database_gives_no_backup(tmp_path: Path) -> None:
    """The backup API copies pages as they are; the check of the copy is what refuses it."""
    db = _small_db(tmp_path / "inspector.sqlite")
    with _sql(db) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    page = 4096
    data = bytearray(db.read_bytes())
    assert len(data) > 6 * page
    data[3 * page:5 * page] = b"\xa5" * (2 * page)
    db.write_bytes(bytes(data))
    folder = tmp_path / "backups"
    with pytest.raises(BackupFailed) as failure:
        make_backup(db, folder, "thu-cong")
    assert "hỏng" in str(failure.value)
    assert _leftovers(folder) == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_real_write_limit_during_backup_leaves_nothing(tmp_path: Path) -> None:
    """The kernel refuses writes past a file size (RLIMIT_FSIZE) as a full disk would, mid-copy."""
    db = _small_db(tmp_path / "inspector.sqlite")
    with _sql(db) as conn:
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(2000)])
        conn.commit()
    size = db.stat().st_size
    assert size > 200_000
    folder = tmp_path / "backups"
    folder.mkdir()
    code = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({size // 2}, {size // 2}))\n"
        "from inspector.store.backups import BackupFailed, make_backup\n"
        "try:\n"
        f"    make_backup(Path({str(db)!r}), Path({str(folder)!r}), 'hang-ngay')\n"
        "except BackupFailed as exc:\n"
        "    print('FAILED', exc)\n"
        "else:\n"
        "    print('MADE')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.stdout.startswith("FAILED"), done.stdout + done.stderr
    assert _leftovers(folder) == []


# --- rotation ------------------------------------------------------------------------------------


def test_rotation_over_400_days_keeps_exactly_the_right_set(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(backups, "_fsync_file", lambda path: None)  # 400 backups: the disk's flushes are not under test
    monkeypatch.setattr(backups, "_fsync_dir", lambda folder: None)
    db = _small_db(tmp_path / "inspector.sqlite")
    folder = tmp_path / "backups"
    folder.mkdir()
    strangers = ["other-20250101-080000-hang-ngay.sqlite", "inspector-ghi-chu.txt",
                 "inspector-20250101-080000-hang-ngay.sqlite.bak", "inspector.hong-20250101-080000.sqlite"]
    for name in strangers:
        (folder / name).write_bytes(b"not ours")
    start = date(2025, 1, 1)
    last = start + timedelta(days=399)
    assert last == date(2026, 2, 4)
    extra = {  # other reasons, made before that day's daily backup (so not the newest of the day)
        start + timedelta(days=389): "thu-cong",         # 2026-01-25, 11 days before the end
        start + timedelta(days=396): "thu-cong",         # 2026-02-01, 4 days before the end: protected
        start + timedelta(days=398): "truoc-nhap-phieu",  # 2026-02-03: protected
        start + timedelta(days=200): "truoc-nang-cap-rev0003",
    }
    for i in range(400):
        day = start + timedelta(days=i)
        if day in extra:
            make_backup(db, folder, extra[day], now=_at(day, 7))
        assert daily_backup(db, folder, now=_at(day, 8)) is not None
        assert daily_backup(db, folder, now=_at(day, 17)) is None  # second start of the day
        kept_days = {b.taken_at.date() for b in list_backups(folder, db) if b.reason == "hang-ngay"}
        assert {day - timedelta(days=k) for k in range(min(7, i + 1))} <= kept_days

    kept = {(b.taken_at.date(), b.taken_at.hour, b.reason) for b in list_backups(folder, db)}
    daily = {date(2026, 1, 29) + timedelta(days=k) for k in range(7)}        # the last 7 days
    weekly = {date(2026, 1, 25), date(2026, 1, 18)}                          # ISO weeks 4 and 3 (5 and 6 are above)
    monthly = {date(2025, 12, 31), date(2025, 11, 30), date(2025, 10, 31), date(2025, 9, 30), date(2025, 8, 31),
               date(2025, 7, 31), date(2025, 6, 30), date(2025, 5, 31), date(2025, 4, 30), date(2025, 3, 31)}
    expected = {(d, 8, "hang-ngay") for d in daily | weekly | monthly}
    expected |= {(date(2026, 2, 1), 7, "thu-cong"), (date(2026, 2, 3), 7, "truoc-nhap-phieu")}
    assert kept == expected
    assert len(kept) == 21
    for name in strangers:
        assert (folder / name).read_bytes() == b"not ours"
    # rotating again at the same moment changes nothing; a year later only the strangers and the newest of each period stay
    assert rotate(folder, db, now=_at(last, 9)) == []
    rotate(folder, db, now=_at(date(2027, 2, 10), 9))
    assert list_backups(folder, db) == []
    assert sorted(p.name for p in folder.iterdir()) == sorted(strangers)


def test_rotation_keeps_backups_dated_in_the_future_and_young_manual_ones(tmp_path: Path) -> None:
    db = _small_db(tmp_path / "inspector.sqlite")
    folder = tmp_path / "backups"
    today = date(2026, 6, 15)
    future = make_backup(db, folder, "hang-ngay", now=_at(today + timedelta(days=3), 8))  # clock was wrong once
    manual = [make_backup(db, folder, "thu-cong", now=_at(today, h)) for h in (8, 9, 10)]
    daily = [make_backup(db, folder, "hang-ngay", now=_at(today, h)) for h in (11, 12)]
    deleted = rotate(folder, db, now=_at(today, 13))
    assert deleted == [daily[0]]
    assert {b.path for b in list_backups(folder, db)} == {future, *manual, daily[1]}


# --- checking, setting aside, restoring, copying -------------------------------------------------------


def test_is_good_and_newest_good(tmp_path: Path, workspace) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    good = make_backup(workspace.db.path, folder, "hang-ngay", now=_at(date(2026, 5, 1), 8))
    assert is_good(good)
    newer = make_backup(workspace.db.path, folder, "hang-ngay", now=_at(date(2026, 5, 2), 8))
    data = bytearray(newer.read_bytes())
    data[4096 * 3:4096 * 5] = os.urandom(8192)
    newer.write_bytes(bytes(data))
    assert not is_good(newer)
    assert newest_good(folder, workspace.db.path).path == good  # type: ignore[union-attr]
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    text = tmp_path / "text.sqlite"
    text.write_text("hello")
    foreign = tmp_path / "foreign.sqlite"
    with _sql(foreign) as conn:
        conn.execute("CREATE TABLE x (y)")
    for path in (empty, text, foreign, tmp_path / "absent.sqlite"):
        assert not is_good(path), path
    assert not (tmp_path / "absent.sqlite").exists()
    assert newest_good(tmp_path / "nothing", workspace.db.path) is None


def _with_hot_wal(path: Path) -> None:
    """A database whose last commits are still only in its -wal (the writer died without a checkpoint)."""
    _small_db(path)
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute(\"INSERT INTO t VALUES ('in the wal')\"); c.commit(); os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    assert Path(f"{path}-wal").stat().st_size > 0


def test_set_aside_renames_every_file_and_changes_no_byte(tmp_path: Path) -> None:
    db = tmp_path / "inspector.sqlite"
    _with_hot_wal(db)
    digests = {s: _sha(Path(f"{db}{s}")) for s in ("", "-wal", "-shm")}
    inode = db.stat().st_ino
    aside = set_aside(db, "hong", now=_at(date(2026, 7, 8), 9, 10))
    assert aside == tmp_path / "inspector.hong-20260708-091000.sqlite"
    assert aside.stat().st_ino == inode  # renamed, not copied
    for suffix, digest in digests.items():
        assert _sha(Path(f"{aside}{suffix}")) == digest
        assert not Path(f"{db}{suffix}").exists()
    with _sql(aside) as conn:  # the WAL followed the file: nothing is lost
        assert conn.execute("SELECT count(*) FROM t WHERE x = 'in the wal'").fetchone()[0] == 1
    db.write_bytes(b"")
    again = set_aside(db, "hong", now=_at(date(2026, 7, 8), 9, 10))
    assert again == tmp_path / "inspector.hong-20260708-091000-2.sqlite"
    with pytest.raises(BackupFailed):
        set_aside(tmp_path / "absent.sqlite", "hong")


def test_set_aside_refuses_the_open_database(workspace) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BackupFailed):
        set_aside(workspace.db.path, "hong")
    assert workspace.db.path.exists()


def test_set_aside_in_a_read_only_folder_changes_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = _small_db(tmp_path / "inspector.sqlite")
    before = _sha(db)
    real = os.rename

    def refuse(src, dst):  # type: ignore[no-untyped-def]
        if str(src) == str(db):  # the side files moved, then the folder refuses: all moves are undone
            raise PermissionError(13, "Permission denied", str(src))
        return real(src, dst)
    monkeypatch.setattr(os, "rename", refuse)
    Path(f"{db}-journal").write_bytes(b"")
    with pytest.raises(BackupFailed) as failure:
        set_aside(db, "hong")
    assert "không có quyền" in str(failure.value)
    assert _sha(db) == before and Path(f"{db}-journal").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inspector.sqlite", "inspector.sqlite-journal"]


def test_restore_keeps_the_current_file_aside(tmp_path: Path) -> None:
    from inspector.services.workspace import open_workspace

    db_path = tmp_path / "inspector.sqlite"
    folder = tmp_path / "backups"
    ws = open_workspace(db_path, demo_if_new=True)
    backup = make_backup(ws.db.path, folder, "thu-cong")
    with ws.db.session() as session:
        session.execute(sa.text("UPDATE units SET name = 'Đổi sau khi sao lưu' WHERE level = 'ward'"))
    with pytest.raises(BackupFailed):
        restore(backup, ws.db.path)  # still open
    ws.close()
    old = _sha(db_path)
    aside = restore(backup, db_path, now=_at(date(2026, 8, 1), 10))
    assert aside == tmp_path / "inspector.truoc-khoi-phuc-20260801-100000.sqlite"
    assert _sha(aside) == old
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    ws = open_workspace(db_path, demo_if_new=True)
    try:
        with ws.db.session() as session:
            names = session.execute(sa.text("SELECT name FROM units")).scalars().all()
        assert "Đổi sau khi sao lưu" not in names and len(names) > 5
    finally:
        ws.close()
    with _sql(aside) as conn:
        assert conn.execute("SELECT count(*) FROM units WHERE name = 'Đổi sau khi sao lưu'").fetchone()[0] > 0


def test_restore_into_an_empty_place_and_a_bad_backup(tmp_path: Path, workspace) -> None:  # type: ignore[no-untyped-def]
    backup = make_backup(workspace.db.path, tmp_path / "backups", "thu-cong")
    target = tmp_path / "new" / "inspector.sqlite"
    assert restore(backup, target) is None
    assert is_good(target)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    current = _sha(target)
    with pytest.raises(BackupFailed):
        restore(bad, target)
    assert _sha(target) == current and sorted(p.name for p in target.parent.iterdir()) == ["inspector.sqlite"]


def test_restore_failing_mid_copy_leaves_the_current_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = _small_db(tmp_path / "inspector.sqlite")
    backup = make_backup(db, tmp_path / "backups", "thu-cong")
    before = _sha(db)
    monkeypatch.setattr(backups, "_backup_into", _fail_midway(sqlite3.OperationalError("database or disk is full")))
    with pytest.raises(BackupFailed) as failure:
        restore(backup, db)
    assert "không bị thay đổi" in str(failure.value)
    assert _sha(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "inspector.sqlite"]


def test_save_copy(tmp_path: Path, workspace) -> None:  # type: ignore[no-untyped-def]
    live = workspace.db.path
    target = tmp_path / "USB" / "ban sao Phường 1.sqlite"
    target.parent.mkdir()
    with workspace.db.session() as session:
        session.execute(sa.text("UPDATE units SET name = 'Mới ghi' WHERE level = 'ward'"))
    save_copy(live, target)
    assert is_good(target) and target.read_bytes()[18:20] == b"\x01\x01"
    with _sql(target) as conn:
        assert conn.execute("SELECT count(*) FROM units WHERE name = 'Mới ghi'").fetchone()[0] > 0
    for refused in (live, Path(f"{live}-wal"), target, live.parent / ".." / live.parent.name / live.name):
        with pytest.raises(BackupFailed):
            save_copy(live, refused)
    link = tmp_path / "link.sqlite"
    os.link(live, link)
    with pytest.raises(BackupFailed):
        save_copy(live, link)  # the database under another name
    text = tmp_path / "USB" / "notes.sqlite"
    text.write_text("not a database")
    save_copy(live, text)  # the user confirmed replacing a file that is not a database
    assert is_good(text)
    assert sorted(p.name for p in target.parent.iterdir()) == ["ban sao Phường 1.sqlite", "notes.sqlite"]
