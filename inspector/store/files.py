"""The database file on disk: which file system holds it, who may read it, who has it open.

- WAL needs shared memory and POSIX locks that network file systems (NFS, SMB/CIFS,
  sshfs and other FUSE mounts, 9p…) do not provide reliably: a database there is
  refused with a reason rather than corrupted later.
- The database names civil servants and their shortcomings: its file, WAL and
  backups are readable by their owner only (0600, folders 0700).
- One app instance per database: ``<file>.lock`` is held with ``flock`` for as long
  as the app has the database open and says who holds it. flock locks are apart from
  the POSIX locks SQLite uses, so this file can be opened and closed freely.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import stat
from datetime import UTC, datetime
from pathlib import Path

from inspector.domain.clock import local

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
LOCK_SUFFIX = ".lock"  # the app instance's lock file beside the database (InstanceLock)

# Types as /proc/self/mountinfo names them.
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p", "ceph", "glusterfs",
    "lustre", "gpfs", "ocfs2", "gfs2", "davfs", "fuse.sshfs", "fuse.davfs2", "fuse.glusterfs", "fuse.rclone",
    "fuse.s3fs", "fuse.gvfsd-fuse", "fuse.cephfs", "fuse.smbnetfs", "fuse.curlftpfs", "fuse.onedriver",
    "fuse.google-drive-ocamlfuse", "fuse.dropbox", "fuse.juicefs", "fuse.seaweedfs",
})


def _unescape(field: str) -> str:
    # mountinfo escapes space, tab, newline and backslash as \ooo
    out, i = [], 0
    while i < len(field):
        code = field[i + 1:i + 4]
        if field[i] == "\\" and len(code) == 3 and code.isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mounts(mountinfo: str | None = None) -> list[tuple[str, str]]:
    """(mount point, file system type) of every mount, from /proc/self/mountinfo."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
    result = []
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields = left.split()
        if not sep or len(fields) < 5 or not right.split():
            continue
        result.append((_unescape(fields[4]), right.split()[0]))
    return result


def filesystem_type(path: Path, mountinfo: str | None = None) -> str:
    """The type of the file system that holds ``path`` (the nearest existing folder), or ''."""
    target = Path(os.path.realpath(path))
    best, kind = "", ""
    for point, fstype in mounts(mountinfo):
        prefix = point.rstrip("/") + "/"
        if (str(target) == point or str(target).startswith(prefix) or point == "/") and len(point) >= len(best):
            best, kind = point, fstype
    return kind


def is_network_filesystem(fstype: str) -> bool:
    return fstype in NETWORK_FILESYSTEMS or fstype.startswith(("nfs", "smb", "cifs"))


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) readable by the owner only; tighten it if we created it earlier."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for created in missing:
        os.chmod(created, 0o700)


def make_private(path: Path) -> None:
    """0600 on a database file and its side files, when this user owns them."""
    for candidate in (path, *side_files(path)):
        try:
            st = os.stat(candidate)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and st.st_mode & 0o077:
            os.chmod(candidate, 0o600)


def side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in SIDE_SUFFIXES]


def create_private_file(path: Path) -> None:
    """An empty new file readable by the owner only, whatever the umask."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        os.chmod(path, 0o600)
    except PermissionError:
        pass  # FAT/exFAT: the mount decides


class LockHeld(Exception):
    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


class InstanceLock:
    """``<database>.lock``, held with flock while one app instance works on the database."""

    def __init__(self, database: Path) -> None:
        self.path = Path(f"{database}{LOCK_SUFFIX}")
        self._fd: int | None = None

    def acquire(self) -> InstanceLock:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = self._read_holder(fd)
            os.close(fd)
            raise LockHeld(holder) from None
        info = {"host": socket.gethostname(), "pid": os.getpid(), "user": _user(), "since": datetime.now(UTC).isoformat()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info, ensure_ascii=False).encode(), 0)
        self._fd = fd
        return self

    @staticmethod
    def _read_holder(fd: int) -> str:
        try:
            info = json.loads(os.pread(fd, 4096, 0).decode("utf-8", "replace") or "{}")
            since = local(datetime.fromisoformat(info["since"]))
            return (f"người dùng {info.get('user', '?')} trên máy {info.get('host', '?')} "
                    f"(tiến trình {info.get('pid', '?')}, từ {since:%H:%M %d/%m/%Y})")
        except (ValueError, KeyError, TypeError):
            return "một phiên Inspector khác"

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock; the file stays (removing it would race a new holder)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return str(os.getuid())
