"""Bring a database file to the schema this app version expects.

Order of checks, each before anything is written:
1. the file is a SQLite database (or empty / absent: a new database);
2. its schema revision is one this app knows (a newer app's database is
   refused, never touched);
3. the file passes SQLite's quick_check, is not empty, is writable and is not
   on a network file system;
4. when a migration is pending, the file is backed up (store.backups) first;
   then Alembic upgrades to head.

A new database is built under a temporary name and linked into place only
when its schema is complete, readable by its owner only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from inspector.paths import migrations_dir
from inspector.store import crypto, files
from inspector.store.db import Database, make_engine, open_database_for, sqlite_url

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# The newest migration in db/versions. Kept here so that opening an up-to-date database
# (every start but the first after an upgrade) does not load Alembic at all;
# tests/test_migrations.py checks that it matches Alembic's head.
SCHEMA_HEAD = "0012"


class DatabaseRefused(Exception):
    """The database cannot be opened safely; the message is for the user (Vietnamese)."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class NotADatabase(DatabaseRefused):
    pass


class DatabaseTooNew(DatabaseRefused):
    pass


class DatabaseUnrecognised(DatabaseRefused):
    pass


class DatabaseMissing(DatabaseRefused):
    """A command that only reads was given a file that does not exist: nothing is created."""


class DatabaseDamaged(DatabaseRefused):
    """The file fails SQLite's check, cannot be read, or is empty where data was expected."""


class DatabaseUnwritable(DatabaseRefused):
    """The file or its folder cannot be written (read-only file, folder or disk)."""


class DatabaseOnNetwork(DatabaseRefused):
    """The file is on a network file system, where SQLite's WAL locking is not reliable."""


class DatabaseInUse(DatabaseRefused):
    """Another app instance holds the database's lock file."""

    def __init__(self, message: str, path: Path | None = None, holder: str = "") -> None:
        super().__init__(message, path)
        self.holder = holder


class DatabaseAlreadyOpen(DatabaseRefused):
    """This process already has the same file open (perhaps through another path)."""

    def __init__(self, message: str, path: Path | None = None, database: Database | None = None) -> None:
        super().__init__(message, path)
        self.database = database


class BackupBeforeUpgradeFailed(DatabaseRefused):
    pass


class DatabaseLocked(DatabaseRefused):
    """The file is encrypted (store.crypto) and was opened without a key: a password is needed."""


class DatabaseKeyRefused(DatabaseRefused):
    """The key given does not open the file (a wrong password's key, or not a database): the file is untouched."""


class DatabaseNotEncrypted(DatabaseRefused):
    """A key was given for a plain file: it is converted first (store.encryption.encrypt_database)."""


@dataclass(frozen=True)
class MigrationOutcome:
    created: bool
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def migrated(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def is_corruption(exc: BaseException) -> bool:
    """A driver error that means the file is damaged (not: locked, busy, full)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(m in text for m in ("malformed", "disk image", "not a database", "file is encrypted", "database corrupt"))


def canonical_path(path: Path) -> Path:
    """One name per file: ~ expanded, symlinks and .. resolved, so two paths to one file are seen as one."""
    return Path(os.path.realpath(path.expanduser()))


# The tables that grow with the years of visits. Opening checks every other table with SQLite's
# quick_check (the map, forms, register, users, rounds: what the start reads and writes); the whole
# file is checked on a worker thread once the window shows (services.workspace.after_start), so
# opening costs the same at 50,000 visits as at 5. Every table whose rows hang off a visit belongs here
# (tests/test_startup_background.py checks the foreign keys), and the photos and the audit trail.
GROWING_TABLES = frozenset({
    "visits", "visit_representatives", "answers", "answer_staff", "evidence", "recommendations", "blobs",
    "audit_events", "review_comments", "minutes_revisions", "sync_conflicts", "imported_packages",
    "survey_responses", "survey_answers", "recommendation_steps",
})


def quick_check_at_open(conn: Any) -> list[str]:
    """What SQLite's quick_check finds in the schema and every table not in GROWING_TABLES (at most 5)."""
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rootpage")]
    problems: list[str] = []
    for name in names:
        if name in GROWING_TABLES:
            continue
        quoted = name.replace("'", "''")
        problems += [str(row[0]) for row in conn.execute(f"PRAGMA quick_check('{quoted}')") if row[0] != "ok"]
        if len(problems) >= 5:
            break
    return problems[:5]


def _key_refused(path: Path) -> DatabaseKeyRefused:
    return DatabaseKeyRefused(
        f"Mật khẩu không mở được cơ sở dữ liệu {path}: tệp được mã hóa bằng khóa khác, hoặc không phải "
        "cơ sở dữ liệu của Inspector. Tệp không bị thay đổi.", path)


def inspect_file(path: Path, key: bytes | None = None) -> tuple[str | None, list[str]]:
    """(schema revision, user tables) read without modifying the file; refuses a damaged file, an encrypted
    file without a key, a key that does not open it, and a plain file given a key.

    Never call this on a file that this process has open (see store.db): the plain
    open() below would drop SQLite's locks when it is closed.
    """
    with path.open("rb") as fh:
        magic = fh.read(len(files.SQLITE_MAGIC))
    if magic != files.SQLITE_MAGIC and key is None:
        if len(magic) == len(files.SQLITE_MAGIC) and crypto.keyring_path(path).exists():
            raise DatabaseLocked(f"Cơ sở dữ liệu {path} đã được mã hóa: cần đăng nhập bằng mật khẩu để mở.", path)
        raise NotADatabase(f"Tệp {path} không phải cơ sở dữ liệu của Inspector (không phải tệp SQLite).", path)
    if magic == files.SQLITE_MAGIC and key is not None:
        raise DatabaseNotEncrypted(
            f"Cơ sở dữ liệu {path} chưa được mã hóa: cần chuyển sang dạng mã hóa trước khi mở.", path)
    try:
        # Only reads run here. A read-only (mode=ro) connection would leave -wal/-shm files behind.
        try:
            conn = crypto.connect(path, key)
        except crypto.WrongKey as exc:
            raise _key_refused(path) from exc
        try:
            problems = quick_check_at_open(conn)
            if problems:
                raise DatabaseDamaged(
                    f"Tệp cơ sở dữ liệu {path} bị hỏng (SQLite báo: {'; '.join(str(p) for p in problems)[:300]}).", path)
            tables = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )]
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except crypto.DatabaseError as exc:
        if "not a database" in str(exc) or "file is encrypted" in str(exc):
            raise NotADatabase(f"Tệp {path} không phải cơ sở dữ liệu của Inspector ({exc}).", path) from exc
        raise DatabaseDamaged(f"Không đọc được tệp cơ sở dữ liệu {path}: tệp bị hỏng ({exc}).", path) from exc
    return revision, [t for t in tables if t != "alembic_version"]


def _check_local(path: Path) -> None:
    kind = files.filesystem_type(path if path.exists() else path.parent)
    if files.is_network_filesystem(kind):
        raise DatabaseOnNetwork(
            f"Tệp {path} nằm trên ổ mạng ({kind}). Inspector chỉ làm việc trên ổ đĩa của máy này, vì trên ổ mạng "
            "cơ sở dữ liệu có thể hỏng khi hai máy cùng ghi. Hãy chép tệp về máy, hoặc dùng máy chủ của cơ quan.",
            path,
        )


def _check_writable(path: Path) -> None:
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        raise DatabaseUnwritable(
            f"Tệp cơ sở dữ liệu {path} chỉ đọc được, không ghi được: mọi kết quả kiểm tra sẽ không lưu được. "
            "Hãy chọn tệp khác hoặc nhờ quản trị cấp quyền ghi.", path)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnwritable(
            f"Thư mục {folder} không ghi được (chỉ đọc hoặc không có quyền), nên không mở hay tạo được cơ sở dữ liệu "
            f"{path.name} ở đó. Hãy chọn thư mục khác.", path)


def _acquire(path: Path) -> files.InstanceLock:
    try:
        return files.InstanceLock(path).acquire()
    except files.LockHeld as held:
        raise DatabaseInUse(
            f"Cơ sở dữ liệu {path} đang được mở bởi {held.holder}. Mỗi lúc chỉ một phiên Inspector được làm việc "
            "trên một tệp; hãy đóng phiên kia rồi thử lại.", path, held.holder) from None
    except OSError as exc:
        raise DatabaseUnwritable(f"Không tạo được tệp khóa bên cạnh {path}: {exc.strerror or exc}.", path) from exc


def _upgrade(engine: sa.Engine) -> None:
    migrate_to(engine, "head")


def migrate_to(engine: sa.Engine, revision: str) -> None:
    """Upgrade (or downgrade, for tests building old databases) to ``revision`` in one transaction.

    On SQLite, foreign keys are off while the migration runs, as SQLite's own procedure for
    rebuilding a table asks (a rebuilt table is dropped while others still point at it), and
    checked whole with ``PRAGMA foreign_key_check`` before the commit.
    """
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # On the driver connection: outside any transaction, or SQLite ignores it.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                current = connection.exec_driver_sql(
                    "SELECT version_num FROM alembic_version").scalar() if sa.inspect(connection).has_table(
                    "alembic_version") else None
                script = ScriptDirectory.from_config(config)
                target = script.get_revision(revision)
                going_down = current is not None and target is not None and any(
                    r.revision == target.revision for r in script.iterate_revisions(current, "base"))
                if going_down and target.revision != current:
                    command.downgrade(config, revision)
                else:
                    command.upgrade(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration to {revision} left broken references: {broken[:5]}")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def _create(path: Path, key: bytes | None = None) -> None:
    """A new database at ``path``, built under a temporary name and linked into place only when complete."""
    temporary = path.with_name(f".{path.name}.creating-{os.getpid()}")
    for leftover in (temporary, *files.side_files(temporary)):
        leftover.unlink(missing_ok=True)
    try:
        files.create_private_file(temporary)
        engine = make_engine(sqlite_url(temporary), key=key)
        try:
            _upgrade(engine)
        finally:
            engine.dispose()
        try:
            os.link(temporary, path)  # never replaces a file another process created meanwhile
        except FileExistsError:
            pass
    except OSError as exc:
        raise DatabaseUnwritable(f"Không tạo được cơ sở dữ liệu {path}: {exc.strerror or exc}.", path) from exc
    except sa.exc.OperationalError as exc:
        raise DatabaseUnwritable(f"Không tạo được cơ sở dữ liệu {path}: {exc.orig}.", path) from exc
    finally:
        for leftover in (temporary, *files.side_files(temporary)):
            leftover.unlink(missing_ok=True)


def open_database(path: Path, *, create: bool = True, backup_dir: Path | None = None,
                  exclusive: bool = False, key: bytes | None = None) -> tuple[Database, MigrationOutcome]:
    """Open (creating if needed and allowed) the database at ``path`` and upgrade it to head.

    ``exclusive``: hold the instance lock while open (the desktop app); commands that
    only read share the file with a running app.

    ``key``: the file is encrypted with it (store.crypto); a new file is created encrypted. A key that does not
    open the file is refused (DatabaseKeyRefused) and the file is untouched; a plain file given a key is
    refused too (DatabaseNotEncrypted: store.encryption converts it), and an encrypted one given none
    (DatabaseLocked).
    """
    path = canonical_path(path)
    already = open_database_for(path)
    if already is not None:
        raise DatabaseAlreadyOpen(f"Tệp {path} chính là cơ sở dữ liệu đang mở.", path, already)
    if path.is_dir():
        raise NotADatabase(f"{path} là một thư mục, không phải tệp cơ sở dữ liệu.", path)
    exists = path.exists()
    if not exists and not create:
        raise DatabaseMissing(f"Không tìm thấy cơ sở dữ liệu {path}.", path)
    _check_local(path)
    if exists and key is not None and crypto.is_encrypted(path) and not crypto.key_opens(path, key):
        raise _key_refused(path)  # before the lock file or anything else is made beside it
    if not exists:
        try:
            files.make_private_dir(path.parent)
        except OSError as exc:
            raise DatabaseUnwritable(f"Không tạo được thư mục {path.parent}: {exc.strerror or exc}.", path) from exc
    _check_writable(path)
    lock = _acquire(path) if exclusive else None
    try:
        created = not path.exists()
        if created:
            _create(path, key)
        elif path.stat().st_size == 0:
            raise DatabaseDamaged(
                f"Tệp cơ sở dữ liệu {path} rỗng (0 byte): dữ liệu đã có ở đây không còn. "
                "Có thể tệp bị ghi đè hoặc chép không trọn.", path)
        head = SCHEMA_HEAD
        current, tables = inspect_file(path, key)
        if created and current is None and not tables:
            raise DatabaseUnwritable(f"Không tạo được cơ sở dữ liệu {path}.", path)
        backup_file: Path | None = None
        if current is None and tables:
            raise DatabaseUnrecognised(
                f"Tệp {path} là cơ sở dữ liệu SQLite nhưng không do Inspector tạo ra; ứng dụng không mở để tránh làm hỏng dữ liệu.",
                path)
        if current is not None and current != head and current not in known_revisions():
            raise DatabaseTooNew(
                f"Cơ sở dữ liệu {path} được tạo bởi phiên bản Inspector mới hơn (lược đồ {current}). "
                "Hãy cập nhật ứng dụng; dữ liệu không bị thay đổi.", path)
        if current != head:
            from inspector.store import backups

            try:
                backup_file = backups.make_backup(
                    path, backup_dir or backups.default_backup_dir(path), f"truoc-nang-cap-rev{current or 'none'}",
                    key=key)
            except backups.BackupFailed as exc:
                raise BackupBeforeUpgradeFailed(
                    f"Không sao lưu được cơ sở dữ liệu trước khi nâng cấp, nên chưa nâng cấp: {exc} "
                    "Dữ liệu không bị thay đổi.", path) from exc
        files.make_private(path)
        engine = make_engine(sqlite_url(path), key=key)
        if current != head:
            _upgrade(engine)
        database = Database(engine, path, key=key)
        database.instance_lock = lock
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    outcome = MigrationOutcome(created=created, from_revision=None if created else current, to_revision=head,
                               backup=backup_file)
    return database, outcome
