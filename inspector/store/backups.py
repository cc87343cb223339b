"""Backups of the database file (bản sao lưu): made, rotated, checked, restored.

A backup is one self-contained SQLite file (journal mode DELETE, no ``-wal``
beside it) named ``<database stem>-<YYYYmmdd-HHMMSS>-<reason>.sqlite`` in the
backup folder, the time being Vietnam's wall-clock time. It is written through
SQLite's backup API (a consistent snapshot even while the app writes; a plain
file copy can miss the WAL) under a hidden temporary name, checked with
``PRAGMA quick_check``, flushed to disk, and only then renamed to its final
name: a failure (full disk, interruption) leaves nothing named as a backup.
The copy goes in steps of :data:`STEP_PAGES` pages within one read transaction,
so the app's daily backup runs on a worker thread after the window shows and
stops between two steps when the app closes (:class:`BackupStopped`).

The open database is never touched with plain file I/O (see store.db): closing
any descriptor of it would drop SQLite's locks. ``sqlite3.connect`` to it is
safe, SQLite shares its locks within the process.

A damaged or replaced database is never deleted or overwritten: it is renamed
aside (:func:`set_aside`) together with its side files, byte for byte.

An encrypted database (store.crypto) gives encrypted backups and copies, with the same key (SQLite's
backup API between two keyed connections), each with the keyring (``<copy>.keys``) beside it, as the
history's anchors are. The functions take the ``key``; when none is given for the database this
process has open, its own key is used.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import stat
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from inspector.domain.clock import VIETNAM, local
from inspector.store import crypto, files

SUFFIX = ".sqlite"
STAMP = "%Y%m%d-%H%M%S"

DAILY = "hang-ngay"
BEFORE_UPGRADE = "truoc-nang-cap"  # migrate adds the old revision: truoc-nang-cap-rev0003
BEFORE_IMPORT = "truoc-nhap-phieu"
MANUAL = "thu-cong"
BEFORE_RESTORE = "truoc-khoi-phuc"
DAMAGED = "hong"

_REASON = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Stale temporary files of an interrupted backup are removed after this long.
STALE_PARTIAL = timedelta(days=1)
# Backups that are not the automatic daily one are never rotated away this young.
PROTECTED_AGE = timedelta(days=7)
# Pages copied in one step of a backup (4 MB of 4 KB pages): a stop request is seen between two steps.
STEP_PAGES = 1024


# services.audit keeps the history's anchors beside the database (``<database>.anchors``, one a line): they go
# with every copy of it, so the copy can be checked against the paper too.
ANCHORS_SUFFIX = ".anchors"


def copy_anchors(db_path: Path, target: Path) -> None:
    """``<db_path>.anchors`` copied to ``<target>.anchors`` (nothing when there is none). A copy of the database
    is still made when this fails: it is checked against the printed minutes instead."""
    _copy_beside(db_path, target, ANCHORS_SUFFIX)


def _copy_beside(db_path: Path, target: Path, suffix: str) -> None:
    try:
        data = Path(f"{db_path}{suffix}").read_bytes()
    except OSError:
        return
    destination = Path(f"{target}{suffix}")
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    try:
        _remove_quietly(temporary)
        files.create_private_file(temporary)
        with open(temporary, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, destination)
    except OSError:
        _remove_quietly(temporary)


class BackupFailed(Exception):
    """No backup (or copy, or restore) was made; the message is for the user (Vietnamese)."""


class BackupStopped(BackupFailed):
    """The caller asked the backup to stop (the app is closing): nothing was kept, nothing is wrong."""


def is_live_database_file(path: Path) -> bool:
    from inspector.store.db import is_live_database_file as live  # SQLAlchemy loads only when it is needed

    return live(path)


def _key_for(path: Path, key: bytes | None) -> bytes | None:
    """``key``, or the key of the database this process has open at ``path`` (None for a plain one)."""
    if key is not None:
        return key
    if "inspector.store.db" not in sys.modules:
        return None  # nothing is open in this process (and SQLAlchemy need not load)
    from inspector.store.db import open_database_for

    database = open_database_for(Path(path))
    return getattr(database, "key", None)


def _carry_keyring(source: Path, target: Path, key: bytes | None) -> None:
    """An encrypted copy gets the keyring of its source beside it: without it no password opens the copy."""
    if key is None:
        return
    try:
        crypto.copy_keyring(source, target)
    except OSError as exc:
        raise OSError(exc.errno, f"không chép được tệp khóa {crypto.keyring_path(source).name}: "
                                 f"{exc.strerror or exc}") from exc


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # aware, Vietnam time
    size: int
    reason: str


# --- names -----------------------------------------------------------------------------------


def default_backup_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        rf"{re.escape(Path(db_path).stem)}-(\d{{8}}-\d{{6}})(?:_(\d+))?-({_REASON.pattern}){re.escape(SUFFIX)}"
    )


def _backup_name(db_path: Path, moment: datetime, reason: str, n: int) -> str:
    counter = f"_{n}" if n > 1 else ""
    return f"{Path(db_path).stem}-{local(moment).strftime(STAMP)}{counter}-{reason}{SUFFIX}"


def _parse(db_path: Path, name: str) -> tuple[datetime, int, str] | None:
    match = _pattern(db_path).fullmatch(name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match.group(1), STAMP).replace(tzinfo=VIETNAM)
    except ValueError:
        return None
    return taken, int(match.group(2) or 1), match.group(3)


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


# --- small file helpers ----------------------------------------------------------------------


def _remove_quietly(path: Path) -> None:
    for candidate in (path, *files.side_files(path)):
        try:
            candidate.unlink(missing_ok=True)
        except OSError:
            pass


def _chmod_quietly(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except PermissionError:
        pass  # FAT/exFAT: the mount decides


def _fsync_file(path: Path) -> None:
    # Only ever called on our own temporary copies, never on a live database (see store.db).
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not sync folders; the rename is still atomic
    finally:
        os.close(fd)


def _place(temporary: Path, final: Path) -> None:
    """Give ``temporary`` the name ``final`` without ever replacing a file that has it."""
    try:
        os.link(temporary, final)  # FileExistsError when the name is taken
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if os.path.lexists(final):  # no hard links here (FAT): check, then rename
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(final)) from None
        os.replace(temporary, final)
        return
    os.unlink(temporary)


def _ensure_folder(folder: Path) -> None:
    try:
        files.make_private_dir(folder)  # 0700 on the folders it creates; an existing folder is left as it is
    except OSError as exc:
        raise BackupFailed(f"Không tạo được thư mục sao lưu {folder}: {_why(exc)}.") from exc
    if not folder.is_dir():
        raise BackupFailed(f"{folder} không phải là thư mục.")


def _why(exc: BaseException) -> str:
    """The cause in the user's words."""
    text = str(exc)
    if isinstance(exc, crypto.Error) and "full" in text.lower():
        return "ổ đĩa đã đầy"
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return "ổ đĩa đã đầy"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "không có quyền ghi (thư mục hoặc ổ đĩa chỉ đọc)"
        return exc.strerror or text
    if isinstance(exc, crypto.WrongKey):
        return "khóa của cơ sở dữ liệu không mở được tệp"
    if isinstance(exc, crypto.Error) and any(m in text.lower() for m in ("malformed", "not a database", "disk image")):
        return f"cơ sở dữ liệu bị hỏng ({text})"
    return text or type(exc).__name__


# --- copying -----------------------------------------------------------------------------------


class _Source(sqlite3.Connection):
    """The database being copied, carrying the caller's stop request."""

    stop: threading.Event | None = None


if crypto.sqlcipher is not None:
    class _CipherSource(crypto.sqlcipher.Connection):  # type: ignore[name-defined,misc]
        stop: threading.Event | None = None


class _Stop(Exception):
    pass


def _backup_into(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """All pages, in steps, within one read transaction on ``source``.

    The transaction is one snapshot: a writer's commits meanwhile are not in the copy and do not
    restart it (the backup API restarts only when the source changes between steps, which an open
    read transaction prevents). Between two steps the copy stops if its caller asked (``source.stop``).
    """
    stop = getattr(source, "stop", None)

    def progress(_status: int, _remaining: int, _total: int) -> None:
        if stop is not None and stop.is_set():
            raise _Stop

    source.execute("BEGIN")
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is taken here
        source.backup(target, pages=STEP_PAGES, progress=progress)
    finally:
        source.execute("ROLLBACK")


def _copy(source: Path, temporary: Path, *, read_only_source: bool, stop: threading.Event | None = None,
          key: bytes | None = None, source_key: bytes | None = None) -> None:
    """``source`` into the (new, empty) file ``temporary`` as one checked, self-contained, synced file.

    ``source_key`` opens the source (None: plain); the copy is encrypted with ``key`` (None: plain). A plain
    source becomes an encrypted copy through ``sqlcipher_export``; two keyed files copy with the backup API.
    """
    if source_key is None and key is not None:
        from inspector.store.encryption import export_encrypted

        export_encrypted(source, temporary, key)
        _chmod_quietly(temporary, 0o600)
        _fsync_file(temporary)
        return
    if source_key is not None and key is None:
        raise crypto.WrongKey(temporary)  # an encrypted database is never copied out plain
    factory = _Source if source_key is None else _CipherSource
    # Read/write unless asked: on a WAL database with no other user, its close checkpoints and
    # removes the -wal/-shm it used (a read-only one would leave them behind).
    src = crypto.connect(source, source_key, read_only=read_only_source, timeout=30, factory=factory)
    src.stop = stop
    try:
        src.execute("PRAGMA query_only=ON")
        dst = crypto.connect(temporary, key, isolation_level=None)
        if stop is not None:
            dst.set_progress_handler(stop.is_set, 10_000)  # the check of the copy stops too
        try:
            _backup_into(src, dst)
            # The copy inherits the source's WAL flag in its header: make it a single file.
            mode = dst.execute("PRAGMA journal_mode=DELETE").fetchone()
            if not mode or str(mode[0]).lower() != "delete":
                raise OSError(errno.EIO, f"journal mode stays {mode!r}")
            problems = [row[0] for row in dst.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("database disk image is malformed: " + "; ".join(map(str, problems))[:300])
        finally:
            dst.close()
    finally:
        src.close()
    leftovers = [p for p in files.side_files(temporary) if p.exists()]
    if leftovers:
        raise OSError(errno.EIO, f"SQLite left {leftovers[0].name} beside the copy")
    _chmod_quietly(temporary, 0o600)
    _fsync_file(temporary)


# --- making and listing backups --------------------------------------------------------------


def make_backup(db_path: Path, folder: Path, reason: str, *, now: datetime | None = None,
                stop: threading.Event | None = None, key: bytes | None = None) -> Path:
    """A checked backup of ``db_path`` in ``folder``; raises BackupFailed and leaves nothing otherwise.

    ``stop``: once set (by another thread), the copy ends at its next step with BackupStopped.
    ``key``: the database's key (encrypted databases; the open database's own by default): the backup is
    encrypted with it and carries the keyring.
    """
    db_path, folder = Path(db_path), Path(folder)
    if not _REASON.fullmatch(reason):
        raise ValueError(f"reason must be lower-case ASCII words joined by '-': {reason!r}")
    if not db_path.is_file():
        raise BackupFailed(f"Không sao lưu được: không tìm thấy tệp cơ sở dữ liệu {db_path}.")
    _ensure_folder(folder)
    key = _key_for(db_path, key)
    moment = _now(now)
    temporary = folder / f".{_backup_name(db_path, moment, reason, 1)}.{os.getpid()}.partial"
    try:
        _remove_quietly(temporary)
        files.create_private_file(temporary)
        _copy(db_path, temporary, read_only_source=False, stop=stop, key=key, source_key=key)
        _carry_keyring(db_path, temporary, key)
        n = 1
        while True:
            final = folder / _backup_name(db_path, moment, reason, n)
            try:
                _place(temporary, final)
                break
            except FileExistsError:
                n += 1
                if n > 1000:
                    raise
        if os.path.lexists(crypto.keyring_path(temporary)):
            os.replace(crypto.keyring_path(temporary), crypto.keyring_path(final))
        copy_anchors(db_path, final)
        _fsync_dir(folder)
        return final
    except BaseException as exc:
        _remove_quietly(temporary)
        _remove_quietly(crypto.keyring_path(temporary))
        if stop is not None and stop.is_set() and isinstance(exc, Exception):
            raise BackupStopped(f"Đã dừng sao lưu cơ sở dữ liệu {db_path.name}: ứng dụng đang đóng. "
                                "Không có bản sao dở dang nào được giữ lại.") from exc
        if isinstance(exc, Exception):
            raise BackupFailed(f"Không sao lưu được cơ sở dữ liệu {db_path.name} vào thư mục {folder}: {_why(exc)}. "
                               "Không có bản sao dở dang nào được giữ lại.") from exc
        raise


def list_backups(folder: Path, db_path: Path) -> list[BackupInfo]:
    """This database's backups in ``folder`` (by name), newest first."""
    found: list[tuple[datetime, int, BackupInfo]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        parsed = _parse(db_path, entry.name)
        if parsed is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        taken, n, reason = parsed
        found.append((taken, n, BackupInfo(path=Path(folder) / entry.name, taken_at=taken, size=st.st_size, reason=reason)))
    found.sort(key=lambda t: (t[0], t[1], t[2].path.name), reverse=True)
    return [info for _taken, _n, info in found]


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week


def _months_back(day: date, count: int) -> set[tuple[int, int]]:
    months = set()
    year, month = day.year, day.month
    for _ in range(count):
        months.add((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def rotate(folder: Path, db_path: Path, *, now: datetime, daily: int = 7, weekly: int = 4, monthly: int = 12) -> list[Path]:
    """Delete the backups no longer needed; returns what was deleted.

    Kept: the newest backup of each of the last ``daily`` days, of each of the last
    ``weekly`` ISO weeks and of each of the last ``monthly`` months (today, this
    week and this month included); any backup that is not a daily one and is less
    than 7 days old; anything dated after ``now``. Only files named as this
    database's backups are ever deleted.
    """
    today = local(now).date()
    days = {today - timedelta(days=i) for i in range(daily)}
    weeks = {_week(today - timedelta(weeks=i)) for i in range(weekly)}
    months = _months_back(today, monthly)
    seen_days: set[date] = set()
    seen_weeks: set[tuple[int, int]] = set()
    seen_months: set[tuple[int, int]] = set()
    deleted: list[Path] = []
    for info in list_backups(folder, db_path):  # newest first: the first of a period is its newest
        day = info.taken_at.date()
        keep = info.taken_at > now
        if info.reason != DAILY and now - info.taken_at < PROTECTED_AGE:
            keep = True
        if day in days and day not in seen_days:
            seen_days.add(day)
            keep = True
        if _week(day) in weeks and _week(day) not in seen_weeks:
            seen_weeks.add(_week(day))
            keep = True
        if (day.year, day.month) in months and (day.year, day.month) not in seen_months:
            seen_months.add((day.year, day.month))
            keep = True
        if keep:
            continue
        try:
            info.path.unlink()
        except OSError:
            continue
        _remove_quietly(Path(f"{info.path}{ANCHORS_SUFFIX}"))
        _remove_quietly(crypto.keyring_path(info.path))
        deleted.append(info.path)
    _remove_stale_partials(Path(folder), Path(db_path))
    if deleted:
        _fsync_dir(Path(folder))
    return deleted


def _remove_stale_partials(folder: Path, db_path: Path) -> None:
    prefix = f".{db_path.stem}-"
    limit = time.time() - STALE_PARTIAL.total_seconds()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".partial"):
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                pass


def has_daily_backup(db_path: Path, folder: Path, *, now: datetime | None = None) -> bool:
    """Today's (Vietnam day) automatic backup is in ``folder``."""
    today = local(_now(now)).date()
    return any(info.reason == DAILY and info.taken_at.date() == today for info in list_backups(folder, db_path))


def daily_backup(db_path: Path, folder: Path, *, now: datetime | None = None,
                 stop: threading.Event | None = None, key: bytes | None = None) -> Path | None:
    """The first start of a (Vietnam) day makes the day's backup and rotates; None when today's exists."""
    moment = _now(now)
    if has_daily_backup(db_path, folder, now=moment):
        return None
    made = make_backup(db_path, folder, DAILY, now=moment, stop=stop, key=key)
    rotate(folder, db_path, now=moment)
    return made


# --- checking ------------------------------------------------------------------------------


def is_good(path: Path, key: bytes | None = None) -> bool:
    """Opens read-only: SQLite's quick_check passes and it holds an Inspector schema (alembic_version).

    ``key``: the key of an encrypted file (without it, or with another, an encrypted file is not good).
    """
    path = Path(path)
    if not path.is_file():
        return False
    key = _key_for(path, key)
    if key is not None and not is_live_database_file(path) and not crypto.is_encrypted(path):
        key = None  # a plain backup made before the database was encrypted
    try:
        conn = crypto.connect(path, key, read_only=True, timeout=5)
    except (*crypto.Error, crypto.WrongKey):
        return False
    try:
        if [row[0] for row in conn.execute("PRAGMA quick_check(1)")] != ["ok"]:
            return False
        row = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if row is None:
            return False
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return version is not None and bool(version[0])
    except crypto.Error:
        return False
    finally:
        conn.close()


def check_whole(path: Path, *, stop: threading.Event | None = None, key: bytes | None = None) -> list[str] | None:
    """What SQLite's quick_check finds in the whole file (at most 5 problems, [] when sound).

    Safe on the open database (a read transaction of its own; the app's writers go on). ``stop``:
    once set, the check ends early and returns None (nothing known).
    """
    conn = crypto.connect(path, _key_for(path, key), timeout=30)
    try:
        conn.execute("PRAGMA query_only=ON")
        if stop is not None:
            conn.set_progress_handler(stop.is_set, 10_000)
        try:
            return [str(row[0]) for row in conn.execute("PRAGMA quick_check(5)") if row[0] != "ok"]
        except crypto.OperationalError as exc:
            if stop is not None and stop.is_set() and "interrupt" in str(exc):
                return None
            raise
    finally:
        conn.close()


def newest_good(folder: Path, db_path: Path, key: bytes | None = None) -> BackupInfo | None:
    for info in list_backups(folder, db_path):
        if is_good(info.path, key):
            return info
    return None


# --- setting aside, restoring, copying ------------------------------------------------------


def _aside_name(db_path: Path, why: str, moment: datetime, n: int) -> Path:
    counter = f"-{n}" if n > 1 else ""
    return db_path.with_name(f"{db_path.stem}.{why}-{local(moment).strftime(STAMP)}{counter}{db_path.suffix}")


def aside_path(db_path: Path, why: str, *, now: datetime | None = None) -> Path:
    """The name :func:`set_aside` would give the database now: the first one free with its side files."""
    db_path = Path(db_path)
    moment = _now(now)
    n = 1
    while True:
        target = _aside_name(db_path, why, moment, n)
        if not any(os.path.lexists(f"{target}{suffix}") for suffix in ("", *files.SIDE_SUFFIXES)):
            return target
        n += 1


def set_aside(db_path: Path, why: str, *, now: datetime | None = None) -> Path:
    """Rename the database and its side files out of the way, unchanged; returns the database's new name.

    The side files move first: a stale ``-wal`` or ``-journal`` left at the old name
    would be replayed into whatever file is put there next.
    """
    db_path = Path(db_path)
    if not _REASON.fullmatch(why):
        raise ValueError(f"why must be lower-case ASCII words joined by '-': {why!r}")
    if is_live_database_file(db_path):
        raise BackupFailed(f"Tệp {db_path} đang được mở; hãy đóng cơ sở dữ liệu trước.")
    group = [(suffix, Path(f"{db_path}{suffix}")) for suffix in files.SIDE_SUFFIXES] + [("", db_path)]
    present = [(suffix, path) for suffix, path in group if os.path.lexists(path)]
    if not present:
        raise BackupFailed(f"Không tìm thấy tệp {db_path}.")
    target = aside_path(db_path, why, now=now)
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix, path in present:
            new = Path(f"{target}{suffix}")
            os.rename(path, new)
            moved.append((path, new))
    except OSError as exc:
        for old, new in reversed(moved):  # all or nothing
            try:
                os.rename(new, old)
            except OSError:
                pass
        raise BackupFailed(f"Không đổi tên được tệp {db_path.name} trong thư mục {db_path.parent} để giữ lại: {_why(exc)}. "
                           "Tệp vẫn ở nguyên chỗ, không bị thay đổi.") from exc
    try:  # an encrypted file set aside keeps a copy of its keyring: the one beside db_path may change
        crypto.copy_keyring(db_path, target)
    except OSError:
        pass
    _fsync_dir(db_path.parent)
    return target


def restore(backup: Path, db_path: Path, *, now: datetime | None = None, key: bytes | None = None) -> Path | None:
    """Put ``backup`` in place of ``db_path`` (which the caller has closed); returns where the old file went.

    The backup is copied and checked beside the database first; only then is the
    current file set aside (never overwritten) and the copy renamed into place.

    ``key``: the database's key. The restored file is encrypted with it (a plain backup made before the
    database was encrypted is encrypted as it is copied), and the backup's keyring comes with it (its users'
    passwords go with its data); the keyring of the file set aside stays beside that file.
    """
    backup, db_path = Path(backup), Path(db_path)
    if is_live_database_file(db_path):
        raise BackupFailed(f"Cơ sở dữ liệu {db_path} đang mở; phải đóng trước khi khôi phục.")
    source_key = key if key is not None and crypto.is_encrypted(backup) else None
    if crypto.is_encrypted(backup) and key is None:
        raise BackupFailed(f"Bản sao lưu {backup.name} đã được mã hóa: cần đăng nhập để khôi phục từ nó.")
    if not is_good(backup, source_key):
        raise BackupFailed(f"Bản sao lưu {backup.name} không đọc được hoặc bị hỏng, nên không dùng để khôi phục.")
    folder = db_path.parent
    try:
        files.make_private_dir(folder)
    except OSError as exc:
        raise BackupFailed(f"Không tạo được thư mục {folder}: {_why(exc)}.") from exc
    temporary = folder / f".{db_path.name}.restoring-{os.getpid()}"
    aside: Path | None = None
    try:
        _remove_quietly(temporary)
        files.create_private_file(temporary)
        _copy(backup, temporary, read_only_source=True, key=key, source_key=source_key)
        if key is not None:
            crypto.copy_keyring(backup if source_key is not None else db_path, temporary)
    except BaseException as exc:
        _remove_quietly(crypto.keyring_path(temporary))
        _remove_quietly(temporary)
        if isinstance(exc, Exception):
            raise BackupFailed(f"Không khôi phục được từ {backup.name} vào thư mục {folder}: {_why(exc)}. "
                               "Cơ sở dữ liệu hiện tại không bị thay đổi.") from exc
        raise
    try:
        if any(os.path.lexists(p) for p in (db_path, *files.side_files(db_path))):
            aside = set_aside(db_path, BEFORE_RESTORE, now=now)
        _place(temporary, db_path)
        if os.path.lexists(crypto.keyring_path(temporary)):
            os.replace(crypto.keyring_path(temporary), crypto.keyring_path(db_path))
        _fsync_dir(folder)
    except BaseException as exc:
        _remove_quietly(temporary)
        _remove_quietly(crypto.keyring_path(temporary))
        if aside is not None and not os.path.lexists(db_path):
            for suffix in ("", *files.SIDE_SUFFIXES):  # put the current file back where it was
                try:
                    if os.path.lexists(f"{aside}{suffix}"):
                        os.rename(f"{aside}{suffix}", f"{db_path}{suffix}")
                except OSError:
                    pass
        if isinstance(exc, BackupFailed):
            raise
        if isinstance(exc, Exception):
            raise BackupFailed(f"Không khôi phục được từ {backup.name} vào thư mục {folder}: {_why(exc)}.") from exc
        raise
    return aside


def put_back(aside: Path, db_path: Path, *, now: datetime | None = None) -> Path | None:
    """Undo a restore: what is now at ``db_path`` goes aside (``khoi-phuc-loi``), ``aside`` comes back.

    Returns where the file that was at ``db_path`` went, if there was one.
    """
    aside, db_path = Path(aside), Path(db_path)
    if not aside.exists():
        raise BackupFailed(f"Không tìm thấy tệp đã giữ lại {aside}.")
    moved = None
    if any(os.path.lexists(p) for p in (db_path, *files.side_files(db_path))):
        moved = set_aside(db_path, "khoi-phuc-loi", now=now)
    try:
        for suffix in (*files.SIDE_SUFFIXES, ""):
            if os.path.lexists(f"{aside}{suffix}"):
                os.rename(f"{aside}{suffix}", f"{db_path}{suffix}")
    except OSError as exc:
        raise BackupFailed(f"Không đưa được tệp {aside.name} về chỗ cũ: {_why(exc)}.") from exc
    _fsync_dir(db_path.parent)
    return moved


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:  # callers have made sure it is not a live database
            return fh.read(len(files.SQLITE_MAGIC)) == files.SQLITE_MAGIC
    except OSError:
        return False


def save_copy(db_path: Path, target: Path, key: bytes | None = None) -> None:
    """One consistent, self-contained copy of the database at ``target`` (never over a database).

    An encrypted database's copy is encrypted with the same key and has its keyring beside it
    (``<target>.keys``): the same passwords open it.
    """
    db_path, target = Path(db_path), Path(target)
    if os.path.realpath(target) == os.path.realpath(db_path) or (
            target.exists() and db_path.exists() and os.path.samefile(target, db_path)):
        raise BackupFailed("Không lưu bản sao đè lên chính cơ sở dữ liệu đang dùng; hãy chọn tên tệp khác.")
    if is_live_database_file(target):
        raise BackupFailed(f"Tệp {target.name} là cơ sở dữ liệu đang mở (hoặc tệp đi kèm của nó); hãy chọn tên tệp khác.")
    if target.is_dir():
        raise BackupFailed(f"{target} là một thư mục; hãy chọn tên tệp.")
    if target.exists() and (_is_sqlite_file(target) or crypto.keyring_path(target).exists()):
        raise BackupFailed(f"Tệp {target.name} đã có và là một cơ sở dữ liệu; Inspector không ghi đè lên nó. "
                           "Hãy chọn tên tệp khác.")
    stale = [p for p in files.side_files(target) if os.path.lexists(p)]
    if stale:
        raise BackupFailed(f"Bên cạnh {target.name} có tệp {stale[0].name} của một cơ sở dữ liệu khác; hãy chọn tên tệp khác.")
    folder = target.parent
    if not folder.is_dir():
        raise BackupFailed(f"Không có thư mục {folder}.")
    temporary = folder / f".{target.name}.{os.getpid()}.partial"
    try:
        _remove_quietly(temporary)
        files.create_private_file(temporary)
        key = _key_for(db_path, key)
        _copy(db_path, temporary, read_only_source=False, key=key, source_key=key)
        _carry_keyring(db_path, temporary, key)
        os.replace(temporary, target)
        if os.path.lexists(crypto.keyring_path(temporary)):
            os.replace(crypto.keyring_path(temporary), crypto.keyring_path(target))
        copy_anchors(db_path, target)
        _fsync_dir(folder)
    except BaseException as exc:
        _remove_quietly(temporary)
        _remove_quietly(crypto.keyring_path(temporary))
        if isinstance(exc, Exception):
            raise BackupFailed(f"Không lưu được bản sao vào {target}: {_why(exc)}. "
                               "Không có tệp dở dang nào được giữ lại.") from exc
        raise
