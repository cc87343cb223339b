"""Engine and session factory, and the one owner of each open database file.

SQLite on the laptop runs in WAL mode with ``synchronous=FULL``: a commit
returns only once it is on disk, so an answer the app acknowledged survives
a crash or a power cut.

Every unit of work that may write starts with ``BEGIN IMMEDIATE``: it takes the
write lock before its first read, so the reads and checks a service makes
(is the visit still editable, what number does the item hold) are the ones its
write is based on, even with a second app or a command-line run on the same
file. Pure reads (lists, the minutes preview) use :meth:`Database.read` and
never hold the write lock.

POSIX advisory locks, which SQLite uses, belong to the process and the file:
closing *any* descriptor of the file drops all of them ("How To Corrupt An
SQLite Database File", 2.2). So within one process a database file has one
owner, registered here by device and inode whatever path names it, and no
other code may ``open()`` it, its ``-wal`` or its ``-shm``
(:func:`refuse_if_live_database`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from inspector.store.files import SIDE_SUFFIXES


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(url: str, *, key: bytes | None = None, **kwargs: Any) -> sa.Engine:
    """An engine on ``url``; with ``key`` (SQLite only), SQLCipher is the driver and every new connection
    has the key set before anything else reads the file (store.crypto.connect)."""
    if key is not None:
        from inspector.store import crypto

        if crypto.sqlcipher is None:  # pragma: no cover - a dependency
            raise RuntimeError("sqlcipher3 is not installed")
        kwargs["module"] = crypto.sqlcipher
    engine = sa.create_engine(url, **kwargs)
    if key is not None:
        if engine.dialect.name != "sqlite":
            raise ValueError("only SQLite databases are encrypted with a key")

        def keyed(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
            return crypto.connect(cargs[0], key, **cparams)

        sa.event.listen(engine, "do_connect", keyed)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        sa.event.listen(engine, "connect", _pg_connect)
        sa.event.listen(engine, "begin", _pg_begin)
    return engine


def is_server_url(target: object) -> bool:
    """A PostgreSQL server's address (the office database), not a file's path."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))


def engine_url(url: str) -> str:
    """``postgresql://…`` as SQLAlchemy's psycopg 3 driver wants it."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def display_url(url: str) -> str:
    """The server's address without its password, for the title bar, messages and logs."""
    parsed = sa.engine.make_url(engine_url(url))
    # URL.set(password=None) keeps the password (None means "unchanged" there) and renders it as ***
    return sa.engine.URL.create("postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
                                database=parsed.database, query=parsed.query).render_as_string(hide_password=False)


# The one lock every writing transaction on a server takes first (pg_advisory_xact_lock): writers run one at a
# time, as on SQLite with BEGIN IMMEDIATE, so a service's reads and checks are the ones its write is based on
# whichever desktop it runs on; readers never wait (MVCC). Released at commit or rollback. Minutes numbers
# also have a unique index (ux_visits_minutes_number) behind it.
PG_WRITE_LOCK = 0x1A5_7EC7


def _pg_connect(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
        # A statement waiting longer than this for a lock or the server fails instead of hanging the app.
        cursor.execute("SET lock_timeout = '30s'")
        cursor.execute("SET idle_in_transaction_session_timeout = '10min'")
    dbapi_connection.commit()


def _pg_begin(connection: sa.Connection) -> None:
    if connection.get_execution_options().get("sqlite_begin", "IMMEDIATE") != "DEFERRED":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling begins late (at the first write) and deferred;
    # we issue BEGIN ourselves in _sqlite_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {'DEFERRED' if mode == 'DEFERRED' else 'IMMEDIATE'}")


class DatabaseInUseInProcess(RuntimeError):
    pass


_registry_lock = threading.Lock()
_open_files: dict[tuple[int, int], Database] = {}


def file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def open_database_for(path: Path) -> Database | None:
    """The Database this process already has open on the same file (through any path), if any."""
    ident = file_identity(path)
    if ident is None:
        return None
    with _registry_lock:
        return _open_files.get(ident)


def is_live_database_file(path: Path) -> bool:
    """True when ``path`` is (a side file of) a database this process has open: never open() it."""
    ident = file_identity(path)
    if ident is None:
        return False
    with _registry_lock:
        databases = list(_open_files.values())
    for db in databases:
        if db.path is None:
            continue
        for suffix in ("", *SIDE_SUFFIXES):
            if file_identity(Path(f"{db.path}{suffix}")) == ident:
                return True
    return False


class LiveDatabaseFile(ValueError):
    """A plain read of the open database was asked for; the message is for the user."""


def refuse_if_live_database(path: Path) -> None:
    if is_live_database_file(path):
        raise LiveDatabaseFile(
            f"Tệp {path.name} là cơ sở dữ liệu đang mở của Inspector (hoặc tệp đi kèm của nó), không dùng làm tệp đính kèm được."
        )


class Database:
    """An open database: its engine and a factory of short-lived sessions (one per operation)."""

    def __init__(self, engine: sa.Engine, path: Path | None = None, *, key: bytes | None = None,
                 url: str | None = None) -> None:
        self.engine = engine
        self.path = path
        # A server's address (PostgreSQL, the office database); None for a file. ``path`` is None for a server.
        self.url = url
        # The key the file was opened with (in memory only; None for a plain file), and the keyring beside an
        # encrypted file (store.crypto): services.accounts re-wraps the key there for a new password.
        self.key = key
        self.keyring: Any = None
        if key is not None and path is not None:
            from inspector.store.crypto import Keyring

            self.keyring = Keyring.for_database(path)
        self._identity: tuple[int, int] | None = None
        self.instance_lock: Any = None  # store.files.InstanceLock while the app holds the file
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        reading = {"sqlite_begin": "DEFERRED"}
        if engine.dialect.name == "postgresql":
            reading["isolation_level"] = "REPEATABLE READ"  # one snapshot for the whole read, as on SQLite
        self._reading = reading
        self._readers = sessionmaker(engine.execution_options(**reading), expire_on_commit=False)
        if path is not None:
            self._register(path)

    def _register(self, path: Path) -> None:
        ident = file_identity(path)
        if ident is None:
            return
        with _registry_lock:
            other = _open_files.get(ident)
            if other is not None and other is not self:
                raise DatabaseInUseInProcess(f"{path} is already open in this process as {other.path}")
            _open_files[ident] = self
            self._identity = ident

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work holding the write lock from its first statement: committed as a whole, rolled back on error.

        On a server, a connection lost on the way (the server stopped, the network gone) raises
        store.server.ServerConnectionLost, a DatabaseRefused with a message for the user."""
        with self._server_errors(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent read (a snapshot from the first statement); never writes, never holds the write lock."""
        with self._server_errors():
            session = self._readers()
            try:
                yield session
            finally:
                try:
                    session.rollback()
                finally:
                    session.close()

    @contextmanager
    def _server_errors(self) -> Iterator[None]:
        """A server's lost connection as a message for the user; a file's errors as they are."""
        if self.url is None:
            yield
            return
        from inspector.store.server import connection_lost, is_disconnect

        try:
            yield
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            if not is_disconnect(exc):
                raise
            raise connection_lost(exc, self.url) from exc

    def reader(self) -> Session:
        return self._readers()

    @contextmanager
    def read_rows(self) -> Iterator[sa.Connection]:
        """A consistent read on a Core connection, without an ORM session: for lists read on every click and
        every page painted (services.lists), where a session's own cost is most of the time."""
        with self._server_errors(), self.engine.connect() as connection:
            with connection.execution_options(**self._reading).begin() as transaction:
                try:
                    yield connection
                finally:
                    transaction.rollback()

    @property
    def is_server(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def name(self) -> str:
        """What the user knows this database by: the file's path, or the server's address without its password."""
        if self.url is not None:
            return display_url(self.url)
        return str(self.path) if self.path is not None else str(self.engine.url)

    def checkpoint(self) -> None:
        """Move everything from the WAL into the main file, so the file alone is the whole database."""
        if self.engine.dialect.name != "sqlite":
            return
        raw = self.engine.raw_connection()  # outside any transaction: a checkpoint inside one is refused
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()  # type: ignore[union-attr]
        finally:
            raw.close()

    def dispose(self) -> None:
        self.engine.dispose()
        with _registry_lock:
            if self._identity is not None and _open_files.get(self._identity) is self:
                del _open_files[self._identity]
            self._identity = None
        if self.instance_lock is not None:
            self.instance_lock.release()
            self.instance_lock = None
