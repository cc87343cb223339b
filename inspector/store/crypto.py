"""Encryption at rest (mã hóa dữ liệu khi lưu): the database key, the keyring that wraps it, keyed connections.

A database is either plain (legacy files, and what tests and tools make when they pass no key) or
encrypted by SQLCipher 4 (the ``sqlcipher3`` package) with a random 32-byte key: every page of the
file, of its WAL and of its backups. The key itself is never stored in clear. ``<database>.keys`` (the
keyring, JSON, 0600) holds it wrapped once per user and once for the recovery key:

- a user's entry: argon2id parameters and salt, an AES-256-GCM nonce and the wrapped key. The key
  that wraps (KEK) is HKDF-SHA256 of the raw argon2id output of the user's password with that salt and
  those parameters: exactly the hash part of an argon2 PHC string (``users.password_hash``), so a plain
  database can be converted for every user without knowing their passwords
  (:meth:`Keyring.set_user_from_hash`). The additional data is the keyring's id and the user name: an
  entry cannot be moved to another user or another keyring.
- the recovery entry: the same, with a 200-bit random recovery key (printed once, kept on paper)
  through HKDF instead of argon2id.

Whoever has the file, its WAL, a backup and the keyring but no password learns nothing of the content.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from argon2 import Parameters, Type, extract_parameters, profiles
from argon2.exceptions import InvalidHashError
from argon2.low_level import hash_secret_raw

from inspector.store import files

KEY_BYTES = 32
KEYRING_SUFFIX = ".keys"
TRIES_SUFFIX = ".tries"
KEYRING_FORMAT = "inspector-keyring"
KEYRING_VERSION = 1
RECOVERY_BYTES = 25  # 200 bits: 40 base32 characters, 8 groups of 5
_INFO_USER = b"inspector keyring v1: user"
_INFO_RECOVERY = b"inspector keyring v1: recovery"

# Argon2id parameters of new entries, the same as services.accounts.HASHER (accounts.use_cheap_hashing
# switches both: the tests hash many passwords).
ARGON2: Parameters = profiles.RFC_9106_LOW_MEMORY

try:  # SQLCipher's errors are not sqlite3's: code that catches driver errors catches both
    from sqlcipher3 import dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - a dependency; plain databases still open without it
    sqlcipher = None  # type: ignore[assignment]

Error: tuple[type[Exception], ...] = (sqlite3.Error,) + ((sqlcipher.Error,) if sqlcipher else ())
DatabaseError: tuple[type[Exception], ...] = (sqlite3.DatabaseError,) + ((sqlcipher.DatabaseError,) if sqlcipher else ())
OperationalError: tuple[type[Exception], ...] = (sqlite3.OperationalError,) + (
    (sqlcipher.OperationalError,) if sqlcipher else ())
Connection: tuple[type[Any], ...] = (sqlite3.Connection,) + ((sqlcipher.Connection,) if sqlcipher else ())

WRONG_PASSWORD = "Tên đăng nhập hoặc mật khẩu không đúng, nên không mở được cơ sở dữ liệu."
WRONG_RECOVERY_KEY = "Mã khôi phục không đúng (hoặc không phải của cơ sở dữ liệu này), nên không mở được cơ sở dữ liệu."


# Wrong passwords in a row before a name is locked, and for how long: as services.accounts counts them inside
# the database, here for the tries refused before an encrypted database can be opened at all.
MAX_FAILED_TRIES = 5
LOCK_MINUTES = 15


def use_cheap_hashing() -> None:
    """Argon2id with the cheapest parameters for new entries: tests only (accounts.use_cheap_hashing calls this)."""
    global ARGON2
    ARGON2 = profiles.CHEAPEST


class WrongPassword(Exception):
    """The keyring does not open with this name and password (one message for both): nothing was touched."""

    def __init__(self, message: str = WRONG_PASSWORD) -> None:
        super().__init__(message)


class KeyringLocked(WrongPassword):
    """Too many wrong passwords in a row for this name: refused, even the right one, until the lock ends."""


class WrongRecoveryKey(WrongPassword):
    def __init__(self, message: str = WRONG_RECOVERY_KEY) -> None:
        super().__init__(message)


class WrongKey(Exception):
    """The key does not open the file (or the file is not a database): nothing was written to it."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(f"Khóa không mở được tệp {Path(path).name}: tệp đã được mã hóa bằng khóa khác, "
                         "hoặc không phải cơ sở dữ liệu của Inspector. Tệp không bị thay đổi.")
        self.path = Path(path)


class KeyringDamaged(Exception):
    """The keyring file cannot be read; the message is for the user."""


# --- the key and the file ------------------------------------------------------------------------


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def is_encrypted(path: Path | str) -> bool:
    """The file exists, is not empty and does not start as a plain SQLite file does."""
    try:
        with open(path, "rb") as fh:  # callers make sure it is not a database this process has open
            head = fh.read(len(files.SQLITE_MAGIC))
    except OSError:
        return False
    return bool(head) and head != files.SQLITE_MAGIC


def keyring_path(db_path: Path | str) -> Path:
    return Path(f"{db_path}{KEYRING_SUFFIX}")


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")


def _key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{bytes(key).hex()}'\""


def _apply_key(conn: Any, key: bytes) -> None:
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our exception, not a line on stderr
    conn.execute(_key_pragma(key))


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{Path(os.path.abspath(path)).as_uri()}?{query}"


def key_opens(path: Path, key: bytes) -> bool:
    """Whether ``key`` decrypts the first page of ``path``, read with SQLite's ``immutable`` flag: no lock,
    no journal or WAL looked at, nothing created or written, whatever the answer."""
    assert sqlcipher is not None
    try:
        if os.path.getsize(path) < 512:  # empty: a new database, any key will do
            return True
    except OSError:
        return True
    try:
        probe = sqlcipher.connect(_uri(path, immutable="1"), uri=True)
    except sqlcipher.Error:
        return False
    try:
        _apply_key(probe, key)
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher.DatabaseError as exc:
        return "not a database" not in str(exc) and "encrypted" not in str(exc)
    finally:
        probe.close()


def connect(path: Path | str, key: bytes | None, *, read_only: bool = False, **kwargs: Any) -> Any:
    """A DB-API connection to the database file ``path``: sqlite3 for a plain one (``key`` None), SQLCipher
    with the key set before anything else otherwise. A key that does not open the file raises
    :class:`WrongKey`, and nothing has been written to the file or beside it.

    ``read_only``: SQLite's ``mode=ro``. Other keywords go to ``connect`` (timeout, isolation_level, factory).
    """
    path = Path(path)
    if read_only:
        target, kwargs = _uri(path, mode="ro"), {**kwargs, "uri": True}
    else:
        target = str(path)
    if key is None:
        return sqlite3.connect(target, **kwargs)
    _check_key(key)
    if sqlcipher is None:  # pragma: no cover
        raise RuntimeError("sqlcipher3 is not installed")
    if not key_opens(path, key):
        raise WrongKey(path)
    conn = sqlcipher.connect(target, **kwargs)
    try:
        _apply_key(conn, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise WrongKey(path) from exc
        raise
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def connected(path: Path | str, key: bytes | None, **kwargs: Any) -> Iterator[Any]:
    conn = connect(path, key, **kwargs)
    try:
        yield conn
    finally:
        conn.close()


# --- the keyring ---------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _parse_time(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _locked_message(name: str, until: datetime, *, just_now: bool = False) -> str:
    when = (until.astimezone(timezone(timedelta(hours=7)))).strftime("%H:%M ngày %d/%m/%Y")  # giờ Việt Nam
    if just_now:
        return (f"Đã nhập sai mật khẩu {MAX_FAILED_TRIES} lần liên tiếp: tài khoản {name} bị tạm khóa đến {when}. "
                "Hãy thử lại sau, hoặc nhờ quản trị đặt lại mật khẩu.")
    return (f"Tài khoản {name} đang bị tạm khóa vì nhập sai mật khẩu {MAX_FAILED_TRIES} lần liên tiếp, "
            f"đến {when}. Hãy thử lại sau, hoặc nhờ quản trị đặt lại mật khẩu.")


def _normal_username(username: str) -> str:
    return " ".join(unicodedata.normalize("NFC", username or "").split()).lower()


def _normal_password(password: str) -> str:
    return unicodedata.normalize("NFC", password or "")  # as services.accounts.normal_password


def _kek(raw: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(raw)


def _argon2_raw(password: str, entry: dict[str, Any]) -> bytes:
    return hash_secret_raw(_normal_password(password).encode("utf-8"), _unb64(entry["salt"]),
                           time_cost=int(entry["t"]), memory_cost=int(entry["m"]), parallelism=int(entry["p"]),
                           hash_len=int(entry["hash_len"]), type=Type.ID, version=int(entry["v"]))


def _seal(kek: bytes, key: bytes, aad: bytes) -> tuple[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return _b64(nonce), _b64(AESGCM(kek).encrypt(nonce, bytes(key), aad))


def _open(kek: bytes, entry: dict[str, Any], aad: bytes) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        key = AESGCM(kek).decrypt(_unb64(entry["nonce"]), _unb64(entry["wrapped"]), aad)
    except (InvalidTag, ValueError, KeyError, binascii.Error):
        return None
    return key if len(key) == KEY_BYTES else None


def _recovery_bytes(text: str) -> bytes | None:
    letters = "".join(ch for ch in unicodedata.normalize("NFKC", text or "").upper() if ch.isalnum())
    letters = letters.replace("0", "O").replace("1", "I").replace("8", "B")  # read back from paper
    if len(letters) * 5 != RECOVERY_BYTES * 8:
        return None
    try:
        return base64.b32decode(letters)
    except (binascii.Error, ValueError):
        return None


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii")
    return "-".join(text[i:i + 5] for i in range(0, len(text), 5))


class Keyring:
    """The database key, wrapped once per user and once for the recovery key (``<database>.keys``)."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = Path(path)
        self.data: dict[str, Any] = data if data is not None else {
            "format": KEYRING_FORMAT, "version": KEYRING_VERSION, "id": secrets.token_hex(16),
            "users": {}, "recovery": None}

    @classmethod
    def load(cls, path: Path | str) -> Keyring:
        """The keyring at ``path``; an empty one bound to that path when there is no file."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            raise KeyringDamaged(f"Không đọc được tệp khóa {path.name}: {exc.strerror or exc}.") from exc
        try:
            data = json.loads(text)
            if data.get("format") != KEYRING_FORMAT or not isinstance(data.get("users"), dict) or not data.get("id"):
                raise ValueError("not a keyring")
        except (ValueError, AttributeError) as exc:
            raise KeyringDamaged(f"Tệp khóa {path.name} bị hỏng hoặc không phải tệp khóa của Inspector.") from exc
        if int(data.get("version", 0)) > KEYRING_VERSION:
            raise KeyringDamaged(f"Tệp khóa {path.name} do phiên bản Inspector mới hơn tạo ra; hãy cập nhật ứng dụng.")
        return cls(path, data)

    @classmethod
    def for_database(cls, db_path: Path | str) -> Keyring:
        return cls.load(keyring_path(db_path))

    def save(self, path: Path | str | None = None) -> None:
        """Written whole under a temporary name (0600), flushed, then renamed into place."""
        target = Path(path) if path is not None else self.path
        temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            temporary.unlink(missing_ok=True)
            files.create_private_file(temporary)
            with open(temporary, "w", encoding="utf-8") as fh:
                json.dump(self.data, fh, ensure_ascii=False, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        fsync_dir(target.parent)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def _aad(self, username: str) -> bytes:
        return f"{self.id}\x00{username}".encode()

    def users(self) -> list[str]:
        return sorted(self.data["users"])

    def has_recovery(self) -> bool:
        return bool(self.data.get("recovery"))

    def __bool__(self) -> bool:
        return bool(self.data["users"]) or self.has_recovery()

    def _wrap_user(self, username: str, params: dict[str, Any], raw: bytes, key: bytes) -> None:
        _check_key(key)
        name = _normal_username(username)
        nonce, wrapped = _seal(_kek(raw, _INFO_USER), key, self._aad(name))
        self.data["users"][name] = {"kdf": "argon2id", **params, "nonce": nonce, "wrapped": wrapped}

    def set_user(self, username: str, password: str, key: bytes) -> None:
        """Wrap ``key`` for ``username`` with their password (a new salt)."""
        params = {"v": 19, "m": ARGON2.memory_cost, "t": ARGON2.time_cost, "p": ARGON2.parallelism,
                  "hash_len": ARGON2.hash_len, "salt": _b64(secrets.token_bytes(max(ARGON2.salt_len, 16)))}
        self._wrap_user(username, params, _argon2_raw(password, params), key)

    def set_user_from_hash(self, username: str, phc_hash: str, key: bytes) -> None:
        """Wrap ``key`` for ``username`` from their argon2id PHC string (users.password_hash): the password then
        unlocks it, without being known here."""
        try:
            found = extract_parameters(phc_hash)
            *_, salt, digest = phc_hash.split("$")
            salt_bytes, raw = _unb64(salt), _unb64(digest)
        except (InvalidHashError, ValueError, binascii.Error) as exc:
            raise ValueError(f"not an argon2 PHC string for {username!r}") from exc
        if found.type is not Type.ID:
            raise ValueError(f"the password hash of {username!r} is not argon2id")
        params = {"v": found.version, "m": found.memory_cost, "t": found.time_cost, "p": found.parallelism,
                  "hash_len": len(raw), "salt": _b64(salt_bytes)}
        self._wrap_user(username, params, raw, key)

    def remove_user(self, username: str) -> bool:
        return self.data["users"].pop(_normal_username(username), None) is not None

    def unlock(self, username: str, password: str, now: datetime | None = None) -> bytes:
        """The database key, unwrapped with this user's password; :class:`WrongPassword` otherwise (the same
        for an unknown name, which costs the same argon2id work).

        :data:`MAX_FAILED_TRIES` wrong passwords in a row for a name lock it for :data:`LOCK_MINUTES`
        (:class:`KeyringLocked`, the right password refused too until then). The count is kept in this file,
        saved at once in ``<database>.tries`` beside the keyring (so that neither the database nor the keyring
        changes on a wrong password): the database, where services.accounts keeps its own count, cannot be
        opened before a right password. Whoever holds the files can edit the count; what protects a copied
        file is argon2id."""
        name = _normal_username(username)
        moment = now or datetime.now(UTC)
        tries = self._load_tries()
        entry = self.data["users"].get(name)
        if entry is None:
            decoy = {"v": 19, "m": ARGON2.memory_cost, "t": ARGON2.time_cost, "p": ARGON2.parallelism,
                     "hash_len": ARGON2.hash_len, "salt": _b64(b"\x00" * 16)}
            _argon2_raw(password, decoy)
            raise WrongPassword()
        record = tries.get(name) or {}
        locked_until = _parse_time(record.get("locked_until"))
        if locked_until is not None and moment < locked_until:
            raise KeyringLocked(_locked_message(name, locked_until))
        try:
            raw = _argon2_raw(password, entry)
        except (KeyError, ValueError, TypeError):
            raw = None
        key = _open(_kek(raw, _INFO_USER), entry, self._aad(name)) if raw is not None else None
        if key is None:
            failed = int(record.get("failed", 0)) + 1
            if failed >= MAX_FAILED_TRIES:
                until = moment + timedelta(minutes=LOCK_MINUTES)
                tries[name] = {"failed": 0, "locked_until": until.isoformat()}
                self._save_tries(tries)
                raise KeyringLocked(_locked_message(name, until, just_now=True))
            tries[name] = {"failed": failed, "locked_until": None}
            self._save_tries(tries)
            raise WrongPassword()
        if name in tries:
            del tries[name]
            self._save_tries(tries)
        return key

    @property
    def tries_path(self) -> Path:
        """``<database>.tries``: the wrong passwords counted per name, and the locks."""
        return self.path.with_name(self.path.name.removesuffix(KEYRING_SUFFIX) + TRIES_SUFFIX)

    def _load_tries(self) -> dict[str, Any]:
        try:
            data = json.loads(self.tries_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save_tries(self, tries: dict[str, Any]) -> None:
        if not self.path.exists():  # a keyring not saved yet (or no database): nothing to lock
            return
        temporary = self.tries_path.with_name(f".{self.tries_path.name}.{os.getpid()}.partial")
        try:
            temporary.unlink(missing_ok=True)
            files.create_private_file(temporary)
            temporary.write_text(json.dumps(tries, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.tries_path)
        except OSError:
            temporary.unlink(missing_ok=True)  # the count is a brake, not a record: a read-only folder still signs in

    def set_recovery(self, key: bytes) -> str:
        """A new recovery key for ``key`` (the previous one no longer works); returns it to print, once."""
        _check_key(key)
        raw = secrets.token_bytes(RECOVERY_BYTES)
        salt = secrets.token_bytes(16)
        nonce, wrapped = _seal(_kek(salt + raw, _INFO_RECOVERY), key, self._aad("\x00recovery"))
        self.data["recovery"] = {"kdf": "hkdf-sha256", "salt": _b64(salt), "nonce": nonce, "wrapped": wrapped}
        return format_recovery_key(raw)

    def unlock_with_recovery(self, text: str) -> bytes:
        entry = self.data.get("recovery")
        raw = _recovery_bytes(text)
        if not entry or raw is None:
            raise WrongRecoveryKey()
        key = _open(_kek(_unb64(entry["salt"]) + raw, _INFO_RECOVERY), entry, self._aad("\x00recovery"))
        if key is None:
            raise WrongRecoveryKey()
        return key


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_keyring(db_path: Path | str, target: Path | str) -> bool:
    """``<db_path>.keys`` copied to ``<target>.keys`` atomically (False when there is none to copy)."""
    try:
        data = keyring_path(db_path).read_bytes()
    except OSError:
        return False
    destination = keyring_path(target)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    try:
        temporary.unlink(missing_ok=True)
        files.create_private_file(temporary)
        with open(temporary, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True
