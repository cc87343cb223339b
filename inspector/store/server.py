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
