"""The office database: a PostgreSQL server (Debian's postgresql 15 or newer) through psycopg 3 (issue 14).

The same models and Alembic migrations as the laptops' SQLite files. :func:`open_server` connects, refuses a
schema newer than this app, and upgrades an older one (``inspector server init URL`` creates it). Writers take
one advisory lock per transaction (store.db.PG_WRITE_LOCK); readers read a snapshot.
"""

from __future__ import annotations

import sqlalchemy as sa

from inspector.store.db import Database, display_url, engine_url, make_engine
from inspector.store.migrate import (
    SCHEMA_HEAD,
    DatabaseRefused,
    DatabaseTooNew,
    DatabaseUnrecognised,
    MigrationOutcome,
    known_revisions,
    migrate_to,
)


class ServerUnreachable(DatabaseRefused):
    """The server cannot be reached or refuses the sign-in: nothing was changed anywhere."""


class ServerSchemaMissing(DatabaseRefused):
    """The server's database has no Inspector schema and creating it was not asked for."""


def connection_problem(exc: BaseException, url: str) -> ServerUnreachable:
    """The message for the user when the server cannot be reached, refuses the password, or drops the connection."""
    text = str(getattr(exc, "orig", None) or exc)
    where = display_url(url)
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        reason = "máy chủ từ chối tên đăng nhập hoặc mật khẩu của cơ sở dữ liệu"
    elif "does not exist" in lowered and "database" in lowered:
        reason = "trên máy chủ không có cơ sở dữ liệu này"
    elif any(m in lowered for m in ("connection refused", "could not connect", "timeout", "timed out",
                                    "name or service not known", "no route", "network is unreachable")):
        reason = "không kết nối được tới máy chủ (máy chủ tắt, sai địa chỉ hoặc mất mạng)"
    else:
        reason = f"máy chủ báo lỗi: {text.strip().splitlines()[0][:200] if text.strip() else type(exc).__name__}"
    return ServerUnreachable(f"Không mở được cơ sở dữ liệu trên máy chủ {where}: {reason}. Dữ liệu không bị thay đổi.")


class ServerConnectionLost(ServerUnreachable):
    """The connection to the server was lost during an operation (or the server is gone): that operation was
    rolled back whole; everything committed before it is on the server."""


# SQLSTATEs of a connection the server ended: class 08 (connection exception), and an administrator's
# termination, a crash of another backend, or the server shutting down (57P01–57P03).
_DISCONNECT_STATES = ("08", "57P01", "57P02", "57P03")


def is_disconnect(exc: BaseException) -> bool:
    """``exc`` (from SQLAlchemy) says the connection to the server is gone, not that a statement failed."""
    if not isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError)):
        return False
    if getattr(exc, "connection_invalidated", False):
        return True
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if state is None:  # no answer from the server at all: refused, timed out, closed under us
        return True
    return state.startswith(_DISCONNECT_STATES)


def connection_lost(exc: BaseException, url: str) -> ServerConnectionLost:
    """The message for the user when the server goes away during an operation (store.db.Database.session)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    detail = text.splitlines()[0][:200] if text else type(exc).__name__
    return ServerConnectionLost(
        f"Mất kết nối tới máy chủ {display_url(url)}: thao tác này chưa được lưu; những gì đã lưu vẫn còn. "
        f"Hãy thử lại khi máy chủ hoạt động trở lại (máy chủ báo: {detail}).")


def server_engine(url: str) -> sa.Engine:
    return make_engine(engine_url(url), pool_pre_ping=True, connect_args={"connect_timeout": 10,
                                                                              "application_name": "inspector"})


def server_revision(engine: sa.Engine) -> tuple[str | None, list[str]]:
    with engine.connect() as connection:
        tables = [t for t in sa.inspect(connection).get_table_names() if t != "alembic_version"]
        revision = None
        if sa.inspect(connection).has_table("alembic_version"):
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        connection.rollback()
    return revision, tables


def open_server(url: str, *, create: bool = False) -> tuple[Database, MigrationOutcome]:
    """Open the office database at ``url`` and bring its schema to this app's; ``create``: an empty database
    gets the schema (``inspector server init``). Raises DatabaseRefused with a message for the user."""
    engine = server_engine(url)
    try:
        try:
            current, tables = server_revision(engine)
        except sa.exc.OperationalError as exc:
            raise connection_problem(exc, url) from exc
        where = display_url(url)
        if current is None and tables:
            raise DatabaseUnrecognised(
                f"Cơ sở dữ liệu {where} đã có bảng nhưng không do Inspector tạo ra; ứng dụng không đụng tới.")
        if current is None and not create:
            raise ServerSchemaMissing(
                f"Cơ sở dữ liệu {where} chưa được khởi tạo cho Inspector. Quản trị chạy: inspector server init {where}")
        if current is not None and current != SCHEMA_HEAD and current not in known_revisions():
            raise DatabaseTooNew(
                f"Cơ sở dữ liệu {where} thuộc phiên bản Inspector mới hơn (lược đồ {current}). "
                "Hãy cập nhật ứng dụng; dữ liệu không bị thay đổi.")
        if current != SCHEMA_HEAD:
            try:
                migrate_to(engine, "head")
            except sa.exc.OperationalError as exc:
                raise connection_problem(exc, url) from exc
    except BaseException:
        engine.dispose()
        raise
    outcome = MigrationOutcome(created=current is None, from_revision=current, to_revision=SCHEMA_HEAD, backup=None)
    return Database(engine, None, url=url), outcome
