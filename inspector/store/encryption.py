"""Converting a plain database to an encrypted one (chuyển cơ sở dữ liệu sang dạng mã hóa), at the first start
after the upgrade that brought encryption (store.crypto).

Order, each step only once the one before it is complete:
1. a backup of the plain file (store.backups, checked), kept until the encrypted copy is verified;
2. an encrypted copy by ``sqlcipher_export`` under a temporary name beside the database;
3. the copy verified: it opens with the key, SQLite's ``integrity_check`` passes, it has the same schema
   and the same number of rows in every table as the plain file; then flushed to disk;
4. the keyring (``<database>.keys``) written: the key wrapped for every active user who has a password,
   from their argon2id hash (crypto.Keyring.set_user_from_hash);
5. the copy renamed over the plain file (one atomic rename), the folder flushed;
6. every plain copy the app made converted or removed: the backup of step 1 removed, the older backups
   and the files set aside beside the database encrypted in place, stale temporary files removed.

Killed at any point before step 5 the plain file is as it was and opens as before (what is left is
an encrypted temporary file and perhaps a keyring nobody uses, both replaced by the next run); killed
after it, the database is encrypted and the next run only finishes step 6.

The app does not hold the database while it is converted: this holds its instance lock itself.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector.store import backups, crypto, files

BEFORE_ENCRYPTION = "truoc-ma-hoa"
STEPS = ("backup", "export", "verify", "keyring", "swap", "copies")
_MESSAGES = {
    "backup": "Đang sao lưu cơ sở dữ liệu trước khi mã hóa…",
    "export": "Đang mã hóa cơ sở dữ liệu…",
    "verify": "Đang kiểm tra bản đã mã hóa…",
    "keyring": "Đang ghi khóa cho từng người dùng…",
    "swap": "Đang thay tệp cũ bằng bản đã mã hóa…",
    "copies": "Đang mã hóa các bản sao lưu cũ…",
}
# Tests: the conversion kills its own process when it reaches this step (tests/test_encryption.py).
KILL_AT_ENV = "INSPECTOR_TEST_KILL_ENCRYPTION_AT"

Progress = Callable[[int, int, str], None]


class EncryptionFailed(Exception):
    """The database was not converted and is as it was; the message is for the user (Vietnamese)."""


@dataclass
class EncryptionOutcome:
    users: list[str] = field(default_factory=list)  # who unlocks the new keyring with their password
    encrypted_copies: list[Path] = field(default_factory=list)  # old plain backups and set-aside files, now encrypted
    removed: list[Path] = field(default_factory=list)  # plain copies removed (the backup of step 1, temporary files)
    left_plain: list[Path] = field(default_factory=list)  # plain copies that could not be read to be encrypted


def _reached(step: str, progress: Progress | None) -> None:
    if os.environ.get(KILL_AT_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)
    if progress is not None:
        progress(STEPS.index(step), len(STEPS), _MESSAGES[step])


# --- copies --------------------------------------------------------------------------------------


def _tables(conn: Any, schema: str = "main") -> dict[str, int]:
    names = [row[0] for row in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")]
    return {name: conn.execute(f'SELECT count(*) FROM {schema}."{name.replace(chr(34), chr(34) * 2)}"').fetchone()[0]
            for name in names}


def _schema(conn: Any, schema: str = "main") -> list[tuple[str, str, str]]:
    return sorted((str(t), str(n), str(s or "")) for t, n, s in conn.execute(
        f"SELECT type, name, sql FROM {schema}.sqlite_master WHERE name NOT LIKE 'sqlite_autoindex_%'"))


def export_encrypted(source: Path, target: Path, key: bytes) -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    """The plain database ``source`` copied into ``target`` (new or empty) encrypted with ``key``, by SQLCipher's
    ``sqlcipher_export``; returns the source's row count of every table and its schema, read in the same
    transaction as the copy."""
    assert crypto.sqlcipher is not None
    crypto._check_key(key)
    # Read/write: as the last connection of a WAL database its close checkpoints and removes the -wal.
    conn = crypto.sqlcipher.connect(str(source), isolation_level=None, timeout=30)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone() is None:  # plain: opens without a key
            raise crypto.WrongKey(source)
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{bytes(key).hex()}'\"", (str(target),))
        try:
            conn.execute("BEGIN")  # one snapshot of the source for the copy and the counts
            try:
                counts, schema = _tables(conn), _schema(conn)
                conn.execute("SELECT sqlcipher_export('encrypted')")
                version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
                conn.execute(f"PRAGMA encrypted.user_version = {version}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    return counts, schema


def verify_encrypted(path: Path, key: bytes, counts: dict[str, int], schema: list[tuple[str, str, str]]) -> None:
    """``path`` opens with ``key``, passes integrity_check and has this schema and these row counts."""
    with crypto.connected(path, key, isolation_level=None) as conn:
        problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(5)")]
        if problems != ["ok"]:
            raise EncryptionFailed(f"Bản mã hóa của {path.name} không qua được kiểm tra: {'; '.join(problems)[:300]}.")
        if _schema(conn) != schema:
            raise EncryptionFailed(f"Bản mã hóa của {path.name} không có đủ các bảng như bản gốc.")
        mine = _tables(conn)
        if mine != counts:
            differ = sorted(name for name in set(mine) | set(counts) if mine.get(name) != counts.get(name))
            raise EncryptionFailed(f"Bản mã hóa của {path.name} có số dòng khác bản gốc (bảng {', '.join(differ[:5])}).")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _side_files_present(path: Path) -> list[Path]:
    return [p for p in files.side_files(path) if os.path.lexists(p)]


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.encrypting-{os.getpid()}")


def _remove(path: Path) -> None:
    for candidate in (path, *files.side_files(path)):
        try:
            candidate.unlink(missing_ok=True)
        except OSError:
            pass


def _encrypt_in_place(path: Path, key: bytes, db_path: Path) -> None:
    """A plain copy (an old backup, a file set aside) replaced by its encrypted copy, with the keyring beside it."""
    temporary = _temporary(path)
    _remove(temporary)
    try:
        files.create_private_file(temporary)
        counts, schema = export_encrypted(path, temporary, key)
        verify_encrypted(temporary, key, counts, schema)
        _fsync(temporary)
        crypto.copy_keyring(db_path, path)
        if _side_files_present(path):  # its own (plain) journal would be replayed into the encrypted file
            raise EncryptionFailed(f"{path.name} vẫn đang được một chương trình khác mở.")
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise


def _starts_plain(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(files.SQLITE_MAGIC)) == files.SQLITE_MAGIC
    except OSError:
        return False


def plain_copies(db_path: Path, backup_dir: Path | None = None) -> tuple[list[Path], list[Path]]:
    """(plain databases to encrypt, plain temporary files to remove) that the app made of ``db_path``: its
    backups and files set aside (``<stem>.<why>-<time><suffix>``), and the hidden temporary files of an
    interrupted backup, creation, restore or conversion."""
    db_path = Path(db_path)
    folder = Path(backup_dir) if backup_dir is not None else backups.default_backup_dir(db_path)
    to_encrypt: list[Path] = [info.path for info in backups.list_backups(folder, db_path) if _starts_plain(info.path)]
    to_remove: list[Path] = []
    for where, prefixes in ((folder, (f".{db_path.stem}-",)),
                            (db_path.parent, (f".{db_path.name}.", f"{db_path.stem}."))):
        try:
            entries = list(os.scandir(where))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if not name.startswith(prefixes) or name.endswith((*files.SIDE_SUFFIXES, crypto.KEYRING_SUFFIX)):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
            except OSError:
                continue
            path = Path(entry.path)
            if path == db_path or path in to_encrypt:
                continue
            if name.startswith("."):
                # a plain temporary file is an interrupted backup, creation or restore of the plain database;
                # an encrypted one may be a backup being made right now, and holds nothing readable
                if _starts_plain(path) or (".encrypting-" in name and not _alive(name.rsplit("-", 1)[-1])):
                    to_remove.append(path)
            elif name.endswith(db_path.suffix or ".sqlite") and _starts_plain(path):
                to_encrypt.append(path)
    return to_encrypt, to_remove


def _alive(pid: str) -> bool:
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def encrypt_plain_copies(db_path: Path, key: bytes, backup_dir: Path | None = None) -> EncryptionOutcome:
    """Step 6 on its own: safe while the (encrypted) database is open, as none of these files is it."""
    outcome = EncryptionOutcome()
    to_encrypt, to_remove = plain_copies(db_path, backup_dir)
    for path in to_remove:
        if backups.is_live_database_file(path):
            continue
        _remove(path)
        outcome.removed.append(path)
    for path in to_encrypt:
        if backups.is_live_database_file(path):
            continue
        try:
            _encrypt_in_place(path, key, db_path)
        except (EncryptionFailed, OSError, *crypto.Error) as exc:  # a damaged file set aside: kept, and said
            del exc
            outcome.left_plain.append(path)
            continue
        outcome.encrypted_copies.append(path)
    for folder in {path.parent for path in (*to_encrypt, *to_remove)}:
        crypto.fsync_dir(folder)
    return outcome


# --- the database --------------------------------------------------------------------------------


def _active_password_hashes(path: Path) -> list[tuple[str, str]]:
    with crypto.connected(path, None) as conn:
        return [(str(name), str(phc)) for name, phc in conn.execute(
            "SELECT username, password_hash FROM users WHERE active AND password_hash != '' ORDER BY username")]


def encrypt_database(path: Path, key: bytes, keyring_entries: Iterable[tuple[str, str]] | None = None,
                     progress: Progress | None = None, *, backup_dir: Path | None = None) -> EncryptionOutcome:
    """Convert the plain database at ``path`` to one encrypted with ``key`` (see the module's docstring).

    ``keyring_entries``: (user name, argon2id PHC hash) of everyone who opens it with their password; by
    default every active user with a password in the database. ``progress(step, steps, message)`` is called
    at each step. Raises EncryptionFailed (the plain file untouched) or crypto.WrongKey (an already
    encrypted file that ``key`` does not open). Run again after an interruption, it finishes what is left.
    """
    from inspector.store.db import open_database_for

    path = Path(os.path.realpath(Path(path).expanduser()))
    crypto._check_key(key)
    if open_database_for(path) is not None:
        raise EncryptionFailed(f"Cơ sở dữ liệu {path.name} đang mở; phải đóng trước khi mã hóa.")
    if not path.is_file():
        raise EncryptionFailed(f"Không tìm thấy cơ sở dữ liệu {path}.")
    folder = Path(backup_dir) if backup_dir is not None else backups.default_backup_dir(path)
    try:
        lock = files.InstanceLock(path).acquire()
    except files.LockHeld as held:
        raise EncryptionFailed(f"Cơ sở dữ liệu {path} đang được mở bởi {held.holder}; hãy đóng phiên kia rồi thử lại. "
                               "Dữ liệu chưa được mã hóa và không bị thay đổi.") from None
    try:
        if crypto.is_encrypted(path):  # an earlier run got past the swap
            crypto.connect(path, key).close()
            _reached("copies", progress)
            return encrypt_plain_copies(path, key, folder)
        return _convert(path, key, keyring_entries, progress, folder)
    finally:
        lock.release()


def _convert(path: Path, key: bytes, keyring_entries: Iterable[tuple[str, str]] | None,
             progress: Progress | None, folder: Path) -> EncryptionOutcome:
    _reached("backup", progress)
    try:
        plain_backup = backups.make_backup(path, folder, BEFORE_ENCRYPTION)
    except backups.BackupFailed as exc:
        raise EncryptionFailed(f"Không sao lưu được trước khi mã hóa, nên chưa mã hóa: {exc} "
                               "Dữ liệu không bị thay đổi.") from exc
    entries = list(keyring_entries) if keyring_entries is not None else _active_password_hashes(path)

    _reached("export", progress)
    for stale in path.parent.glob(f".{path.name}.encrypting-*"):  # an earlier run killed (we hold the lock)
        _remove(stale)
    temporary = _temporary(path)
    try:
        files.create_private_file(temporary)
        counts, schema = export_encrypted(path, temporary, key)
        before = _identity(path)
        if _side_files_present(path):
            raise EncryptionFailed(f"Một chương trình khác đang đọc {path.name}; hãy đóng nó rồi thử lại. "
                                   "Dữ liệu chưa được mã hóa và không bị thay đổi.")

        _reached("verify", progress)
        verify_encrypted(temporary, key, counts, schema)
        if _side_files_present(temporary):
            raise EncryptionFailed(f"SQLite để lại tệp đi kèm bên cạnh bản mã hóa của {path.name}.")
        _fsync(temporary)

        _reached("keyring", progress)
        ring = crypto.Keyring(crypto.keyring_path(path))
        for username, phc in entries:
            ring.set_user_from_hash(username, phc, key)
        ring.save()

        _reached("swap", progress)
        if _identity(path) != before or _side_files_present(path):
            raise EncryptionFailed(f"Tệp {path.name} vừa bị một chương trình khác thay đổi trong lúc mã hóa; hãy đóng "
                                   "chương trình đó rồi thử lại. Dữ liệu chưa được mã hóa và không bị thay đổi.")
        os.replace(temporary, path)
        crypto.fsync_dir(path.parent)
    except BaseException as exc:
        _remove(temporary)
        if isinstance(exc, EncryptionFailed | KeyboardInterrupt | SystemExit):
            raise
        if isinstance(exc, Exception):
            raise EncryptionFailed(f"Không mã hóa được cơ sở dữ liệu {path.name}: {backups._why(exc)}. "
                                   "Dữ liệu chưa được mã hóa và không bị thay đổi.") from exc
        raise

    _reached("copies", progress)
    _remove(plain_backup)  # the encrypted database is verified: the plain copy made for this goes
    _remove(Path(f"{plain_backup}{backups.ANCHORS_SUFFIX}"))
    crypto.fsync_dir(plain_backup.parent)
    outcome = encrypt_plain_copies(path, key, folder)
    outcome.removed.insert(0, plain_backup)
    outcome.users = ring.users()
    if progress is not None:
        progress(len(STEPS), len(STEPS), "Đã mã hóa xong cơ sở dữ liệu.")
    return outcome
