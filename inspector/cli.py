"""Command line for clerks, administrators and CI (no Qt).

Safety rules (issue 8):

- Nothing is ever written over a database: any file that begins with the SQLite
  header, the database being read (whatever path names it: symlinks, ``..``, hard
  links) or its ``-wal``/``-shm``/``-journal`` files, or any other file the command
  reads. An existing file is replaced only with ``--force``, and ``--force`` never
  allows any of the above. The one command that writes a database, ``demo``, builds it beside the
  target and puts it in place whole; with ``--force`` it replaces a plain file or a database that
  ``demo`` itself made (its audit trail says so), never another database or one in use.
- Output goes to a temporary file in the target folder and is renamed into place
  only when complete: a failure leaves no half-written PDF and the old file intact.
- Read-only commands (``visits``, ``minutes``) never create a database.
- Every failure is one line starting with ``LỖI  `` on stderr and a non-zero exit,
  never a traceback (set ``INSPECTOR_DEBUG=1`` to see one).
- Everything printed that comes from data is escaped for the terminal (:func:`_safe`).

Encrypted databases (issue 13, store.crypto): a command that opens one takes ``--user NAME`` and asks the
password (getpass, never echoed), or reads it from ``--password-fd N`` (the first line of that descriptor,
for scripts), or opens with the printed recovery key from ``--recovery-key-fd N``. The keyring alone
checks the password: a wrong one is refused before the database file is opened. A plain database still
opens without any of these (tests and tools); ``demo`` makes plain files (benchmarks, tests), which the
desktop app encrypts when it first opens them.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import getpass
import hashlib
import inspect
import os
import re
import shutil
import stat
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from inspector.domain.clock import local_today
from inspector.domain.text import terminal_safe
from inspector.paths import fonts_dir, forms_dir, user_database_path
from inspector.services.legal import REGISTER_FILE, REGISTER_FOLDER, check_folder
from inspector.services.minutes import Minutes, find_visit
from inspector.services.rounds import list_visits
from inspector.services.visits import VisitError
from inspector.services.workspace import Workspace, open_workspace
from inspector.store import crypto
from inspector.store.crypto import KEYRING_SUFFIX
from inspector.store.db import display_url, is_server_url
from inspector.store.files import LOCK_SUFFIX, SIDE_SUFFIXES, SQLITE_MAGIC
from inspector.store.migrate import DatabaseRefused

# Headers of SQLite's own side files: a WAL (either byte order) and a rollback journal.
SIDE_FILE_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83", b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7")
DEBUG_ENV = "INSPECTOR_DEBUG"
ERROR_PREFIX = "LỖI  "
WARNING_PREFIX = "CẢNH BÁO  "


class CliError(Exception):
    """A refusal by the command line itself; the message is for the user (Vietnamese)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


# --- terminal safety ---------------------------------------------------------------------------

def _safe(value: object, *, newlines: bool = False) -> str:
    """``value`` as text that cannot drive the terminal: control and bidi characters shown as ``\\x1b``, ``\\u202e``."""
    return terminal_safe(value, newlines=newlines)


def _one_line(value: object) -> str:
    """An error text on one safe line (line breaks in it become spaces)."""
    return _safe(re.sub(r"\s*[\r\n]+\s*", " ", str(value)).strip())


def _emit(text: str, stream: TextIO) -> None:
    try:
        print(text, file=stream)
    except UnicodeEncodeError:  # a terminal that cannot show Vietnamese: still say something
        encoding = getattr(stream, "encoding", None) or "ascii"
        print(text.encode(encoding, "backslashreplace").decode(encoding), file=stream)


def _out(text: str) -> None:
    _emit(text, sys.stdout)


def _err(message: object) -> None:
    _emit(f"{ERROR_PREFIX}{_one_line(message)}", sys.stderr)


# --- paths: what is being read, what may be written ----------------------------------------------


def _same_file(a: Path | str, b: Path | str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _database_files(database: Path) -> list[Path]:
    """The database and its side files, by every name SQLite or the user may use for them."""
    names = {str(database), os.path.realpath(database)}
    return [Path(f"{name}{suffix}") for name in names
            for suffix in ("", *SIDE_SUFFIXES, LOCK_SUFFIX, KEYRING_SUFFIX)]


def _is_database_file(target: Path, database: Path) -> bool:
    """``target`` is ``database`` or one of its side files, existing or not (compared by inode and by real path)."""
    real_target = os.path.realpath(target)
    for candidate in _database_files(database):
        if _same_file(target, candidate) or real_target == os.path.realpath(candidate):
            return True
    return False


def _is_live_database(target: Path) -> bool:
    """A database (or side file) this process has open, as registered by the store, if it keeps such a registry."""
    try:
        from inspector.store.db import is_live_database_file  # type: ignore[attr-defined]
    except ImportError:
        return False
    try:
        return bool(is_live_database_file(target))
    except Exception:  # noqa: BLE001 - a guard only; the checks below still run
        return False


def _read_inputs() -> Iterator[Path]:
    """Files besides the database that a command reads: the checklist forms and the fonts of the PDF."""
    for folder, pattern in ((forms_dir(), "*.toml"), (forms_dir() / REGISTER_FOLDER, "*.toml"), (fonts_dir(), "*")):
        with contextlib.suppress(OSError):
            yield from folder.glob(pattern)


def _looks_like_sqlite(target: Path) -> bool:
    """The first bytes of an existing regular file (never a database this process has open) are SQLite's,
    or it is an encrypted database: its keyring (``.keys``) lies beside it."""
    if os.path.isfile(f"{target}{KEYRING_SUFFIX}"):
        return True
    fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, len(SQLITE_MAGIC))
    finally:
        os.close(fd)
    return head == SQLITE_MAGIC or any(head.startswith(magic) for magic in SIDE_FILE_MAGICS)


def _is_side_file_of_a_database(target: Path, reading: Sequence[Path]) -> bool:
    """``x.sqlite-wal`` and the like beside an existing SQLite database ``x.sqlite``."""
    for suffix in (*SIDE_SUFFIXES, LOCK_SUFFIX, KEYRING_SUFFIX):
        if target.name.endswith(suffix) and len(target.name) > len(suffix):
            base = target.with_name(target.name[: -len(suffix)])
            if any(_same_file(base, source) for source in reading) or _is_live_database(base):
                return True  # never open() a database being read: its locks would go
            if base.is_file():
                try:
                    if _looks_like_sqlite(base):
                        return True
                except OSError:
                    continue
    return False


def _check_output(target: Path, *, force: bool, reading: Iterable[Path]) -> None:
    """Raise CliError unless ``target`` may be written (before and again right after rendering)."""
    shown = _safe(target)
    reading = list(reading)
    for source in reading:
        if _is_database_file(target, source):
            raise CliError(f"Không ghi được ra {shown}: đó là cơ sở dữ liệu đang đọc (hoặc tệp đi kèm của nó). "
                           "Hãy chọn tên tệp PDF khác.")
    if _is_live_database(target):
        raise CliError(f"Không ghi được ra {shown}: đó là cơ sở dữ liệu đang mở. Hãy chọn tên tệp PDF khác.")
    for source in _read_inputs():
        if _same_file(target, source):
            raise CliError(f"Không ghi được ra {shown}: đó là tệp ứng dụng đang đọc. Hãy chọn tên tệp PDF khác.")
    parent = target.parent
    if not parent.exists():
        raise CliError(f"Thư mục {_safe(parent)} không tồn tại; hãy tạo thư mục trước hoặc chọn nơi ghi khác.")
    if not parent.is_dir():
        raise CliError(f"{_safe(parent)} không phải thư mục; không ghi được ra {shown}.")
    if os.path.lexists(target):
        if target.is_dir():
            raise CliError(f"{shown} là một thư mục; hãy ghi rõ tên tệp PDF, ví dụ {_safe(target / 'bien-ban.pdf')}.")
        if target.exists():
            mode = target.stat().st_mode
            if not stat.S_ISREG(mode):
                raise CliError(f"{shown} không phải tệp thông thường; không ghi đè.")
            if _looks_like_sqlite(target):
                raise CliError(f"{shown} là một cơ sở dữ liệu SQLite; không bao giờ ghi đè lên cơ sở dữ liệu, kể cả với --force.")
        if _is_side_file_of_a_database(target, reading):
            raise CliError(f"{shown} là tệp đi kèm của một cơ sở dữ liệu SQLite; không bao giờ ghi đè, kể cả với --force.")
        if not force:
            raise CliError(f"Tệp {shown} đã có; dùng --force để ghi đè.")
    elif _is_side_file_of_a_database(target, reading):
        raise CliError(f"{shown} là tên tệp đi kèm của một cơ sở dữ liệu SQLite; hãy chọn tên tệp PDF khác.")


def _write_output(target: Path, data: bytes, *, force: bool, reading: Iterable[Path]) -> None:
    """Write ``data`` to a temporary file beside ``target``, then put it in place whole."""
    reading = list(reading)
    _check_output(target, force=force, reading=reading)
    parent = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise CliError(f"Không ghi được vào thư mục {_safe(parent)}: {_safe(exc.strerror or exc)}.", 1) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        _check_output(target, force=force, reading=reading)  # again: the render took a while
        if force:
            os.replace(tmp, target)
        else:
            _link_no_clobber(tmp, target)
        _sync_folder(parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _link_no_clobber(tmp: Path, target: Path) -> None:
    """Put ``tmp`` at ``target`` unless something appeared there meanwhile (atomic where links work)."""
    try:
        os.link(tmp, target)
    except FileExistsError as exc:
        raise CliError(f"Tệp {_safe(target)} đã có; dùng --force để ghi đè.") from exc
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if os.path.lexists(target):  # a file system without hard links: check, then rename
            raise CliError(f"Tệp {_safe(target)} đã có; dùng --force để ghi đè.") from exc
        os.replace(tmp, target)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


Database = Path | str  # a file's path, or the office server's address (postgresql://user@host/db)


def _database_arg(text: str) -> Database:
    """``--database``: a file, or a PostgreSQL server's address (issue 14)."""
    return text if is_server_url(text) else Path(text)


def _files(*databases: Database) -> list[Path]:
    """The files among ``databases`` (a server is no file the command could write over)."""
    return [d for d in databases if isinstance(d, Path)]


def _existing_database(path: Database) -> Database:
    """The database file a read-only command uses; never created here. A server's address is taken as given:
    opening it refuses a database without Inspector's schema (store.server.open_server)."""
    if isinstance(path, str):
        return path
    path = path.expanduser()
    shown = _safe(path)
    if not path.exists():
        raise CliError(f"Không tìm thấy cơ sở dữ liệu {shown}. Kiểm tra lại đường dẫn --database.")
    if path.is_dir():
        raise CliError(f"{shown} là một thư mục, không phải tệp cơ sở dữ liệu. Kiểm tra lại đường dẫn --database.")
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise CliError(f"{shown} không phải tệp thông thường, không phải cơ sở dữ liệu. Kiểm tra lại đường dẫn --database.")
    if st.st_size == 0:
        raise CliError(f"Tệp {shown} rỗng, không phải cơ sở dữ liệu của Inspector. Kiểm tra lại đường dẫn --database.")
    return path


def _open_existing(path: Database, key: bytes | None = None) -> Workspace:
    """Open a database that must already exist (the store refuses to create it too, where it can)."""
    if key is not None:
        return open_workspace(path, demo_if_new=False, create=False, key=key)
    if "create" in inspect.signature(open_workspace).parameters:
        return open_workspace(path, demo_if_new=False, create=False)  # type: ignore[call-arg]
    return open_workspace(path, demo_if_new=False)


# --- the password of an encrypted database ------------------------------------------------------------


def _read_fd(fd: int, what: str) -> str:
    """The first line of descriptor ``fd`` (without its line break: a password's spaces are its own)."""
    try:
        with os.fdopen(fd, "r", encoding="utf-8", closefd=True) as stream:
            line = stream.readline()
    except (OSError, ValueError) as exc:
        raise CliError(f"Không đọc được {what} từ mô tả tệp {fd}: {_safe(getattr(exc, 'strerror', None) or exc)}.") from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"{what.capitalize()} đọc từ mô tả tệp {fd} không phải văn bản UTF-8.") from exc
    line = line.removesuffix("\n").removesuffix("\r")
    if not line:
        raise CliError(f"Mô tả tệp {fd} không có {what} (dòng đầu trống).")
    return line


def _ask_password(args: argparse.Namespace, prompt: str) -> str:
    if getattr(args, "password_fd", None) is not None:
        return _read_fd(args.password_fd, "mật khẩu")
    if not sys.stdin.isatty():
        raise CliError("Không có bàn phím để hỏi mật khẩu: hãy chạy trong cửa sổ dòng lệnh, hoặc đưa mật khẩu qua "
                       "--password-fd N.")
    try:
        return getpass.getpass(prompt)
    except EOFError as exc:
        raise CliError("Chưa nhập mật khẩu.") from exc


def _key_for(args: argparse.Namespace, path: Database) -> bytes | None:
    """The key of ``path`` when it is encrypted, from the user's password or the recovery key; None for a plain
    file or a server. Refused (a CliError, in Vietnamese) before the database file is opened."""
    from inspector.store.crypto import Keyring, KeyringDamaged, WrongPassword, is_encrypted, keyring_path

    if isinstance(path, str) or not is_encrypted(path) or not keyring_path(path).exists():
        return None  # plain; or not a database at all, which the store says (an encrypted one has its keyring)
    shown = _safe(path)
    try:
        ring = Keyring.load(keyring_path(path))
        if getattr(args, "recovery_key_fd", None) is not None:
            return ring.unlock_with_recovery(_read_fd(args.recovery_key_fd, "mã khôi phục"))
        if not getattr(args, "user", None):
            raise CliError(f"Cơ sở dữ liệu {shown} đã được mã hóa: hãy cho biết --user TÊN (mật khẩu sẽ được hỏi, "
                           "hoặc đọc từ --password-fd N), hoặc mở bằng mã khôi phục với --recovery-key-fd N.")
        return ring.unlock(args.user, _ask_password(args, f"Mật khẩu của {args.user}: "))
    except (WrongPassword, KeyringDamaged) as exc:
        raise CliError(str(exc)) from exc


def _add_password_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="TÊN", help="tên đăng nhập, để mở cơ sở dữ liệu đã mã hóa (mật khẩu được hỏi)")
    parser.add_argument("--password-fd", type=int, metavar="N",
                        help="đọc mật khẩu từ dòng đầu của mô tả tệp N (cho kịch bản), thay vì hỏi")
    parser.add_argument("--recovery-key-fd", type=int, metavar="N",
                        help="mở bằng mã khôi phục đã in, đọc từ dòng đầu của mô tả tệp N")


@contextlib.contextmanager
def _reading(workspace: Workspace) -> Iterator[Any]:
    """A session for reads: the store's read-only one where it has it."""
    reader = getattr(workspace.db, "read", None)
    with (reader() if callable(reader) else workspace.db.session()) as session:
        yield session


T = TypeVar("T")


def _read_existing(args: argparse.Namespace, read: Callable[[Any], T]) -> T:
    """``read(session)`` on the existing database ``--database`` names (unlocked as asked), closed after."""
    database = _existing_database(args.database)
    workspace = _open_existing(database, _key_for(args, database))
    try:
        with _reading(workspace) as session:
            return read(session)
    finally:
        workspace.close()


# --- commands -----------------------------------------------------------------------------------


def _check_forms(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not folder.exists():
        raise CliError(f"Không tìm thấy thư mục phiếu kiểm tra {_safe(folder)}.")
    if not folder.is_dir():
        raise CliError(f"{_safe(folder)} không phải thư mục.")
    report = check_folder(folder, local_today())
    if report.documents is not None:
        _out(f"OK   {REGISTER_FOLDER}/{REGISTER_FILE}: {report.documents} văn bản")
    for loaded in report.forms:
        count = sum(1 for _ in loaded.form.items())
        _out(f"OK   {_safe(loaded.path.name)}: {_safe(loaded.form.code)} v{_safe(loaded.form.version)}, {count} nội dung")
    for warning in report.warnings:  # a form in use cites a document not in force: told, not refused
        _emit(f"{WARNING_PREFIX}{_one_line(warning)}", sys.stderr)
    for error in report.errors:
        _err(error)
    return 1 if report.errors else 0


def _upgrade(args: argparse.Namespace) -> int:
    path: Path = args.database.expanduser()
    shown = _safe(path)
    if path.is_dir():
        raise CliError(f"{shown} là một thư mục, không phải tệp cơ sở dữ liệu.")
    if os.path.lexists(path) and not path.exists():
        raise CliError(f"{shown} là liên kết tới tệp không tồn tại; không tạo cơ sở dữ liệu qua liên kết hỏng.")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise CliError(f"{shown} không phải tệp thông thường, không phải cơ sở dữ liệu.")
    recovery: str | None = None
    if not path.exists():
        _out(f"Chưa có tệp {shown}: sẽ tạo cơ sở dữ liệu mới.")
        if args.user:
            workspace, recovery = _create_encrypted(args, path)
        else:
            workspace = open_workspace(path, demo_if_new=args.demo)
    else:
        key = _key_for(args, path)
        workspace = open_workspace(path, demo_if_new=args.demo, key=key) if key is not None else open_workspace(
            path, demo_if_new=args.demo)
    try:
        outcome = workspace.migration
        if outcome.created:
            demo = " với dữ liệu mẫu" if workspace.seeded_demo else ""
            how = "đã mã hóa" if recovery is not None else "chưa mã hóa"
            _out(f"Đã tạo cơ sở dữ liệu mới {shown}{demo}, {how} (lược đồ {_safe(outcome.to_revision)}).")
            if recovery is not None:
                _out(f"Mã khôi phục (in ra, cất giữ nơi an toàn; chỉ hiện một lần này): {recovery}")
                _out("Nếu quên mật khẩu của mọi quản trị VÀ mất mã khôi phục này, dữ liệu mất vĩnh viễn.")
            else:
                _emit(f"{WARNING_PREFIX}Cơ sở dữ liệu mới chưa được mã hóa; ứng dụng sẽ mã hóa khi mở lần đầu. "
                      "Dùng --user TÊN để tạo sẵn cơ sở dữ liệu đã mã hóa.", sys.stderr)
        elif outcome.migrated:
            _out(f"Đã nâng cấp {shown}: {_safe(outcome.from_revision)} → {_safe(outcome.to_revision)}; "
                 f"bản sao lưu: {_safe(outcome.backup)}")
        else:
            _out(f"{shown} đã ở lược đồ mới nhất ({_safe(outcome.to_revision)}).")
        for error in workspace.forms.errors:
            _err(error)
        return 0
    finally:
        workspace.close()


def _create_encrypted(args: argparse.Namespace, path: Path) -> tuple[Workspace, str | None]:
    """A new encrypted database whose administrator ``--user`` gets the password asked (twice at a keyboard):
    their copy of the key and the recovery key, printed once."""
    from inspector.services.accounts import AccountError, set_first_admin_password
    from inspector.store.crypto import new_key

    password = _ask_password(args, f"Mật khẩu mới của quản trị {args.user}: ")
    if getattr(args, "password_fd", None) is None and password != _ask_password(args, "Nhập lại mật khẩu: "):
        raise CliError("Hai lần nhập mật khẩu không giống nhau; chưa tạo cơ sở dữ liệu.")
    workspace = open_workspace(path, demo_if_new=args.demo, key=new_key())
    try:
        with workspace.db.session() as session:
            made = set_first_admin_password(session, password, username=args.user, full_name=args.full_name or args.user)
            if made.username != (args.user or "").strip().lower():
                raise AccountError(f"Cơ sở dữ liệu mẫu đã có quản trị {made.username}: hãy dùng --user {made.username}.")
    except BaseException as exc:
        workspace.close()
        from inspector.services.audit import anchors_path
        from inspector.store.crypto import keyring_path
        from inspector.store.files import side_files

        for leftover in (path, *side_files(path), keyring_path(path), anchors_path(path)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if isinstance(exc, AccountError):
            raise CliError(f"{exc} Chưa tạo cơ sở dữ liệu.") from exc
        raise
    return workspace, made.recovery_key


def _minutes(args: argparse.Namespace) -> int:
    raw: str = args.output
    if not raw.strip():
        raise CliError("Thiếu tên tệp PDF sau -o.")
    target = Path(raw).expanduser()
    if raw.endswith(("/", os.sep)) or target.is_dir():
        raise CliError(f"{_safe(raw)} là một thư mục; hãy ghi rõ tên tệp PDF, ví dụ {_safe(target / 'bien-ban.pdf')}.")
    database = _existing_database(args.database)
    _check_output(target, force=args.force, reading=_files(database))  # before any work: fail fast
    workspace = _open_existing(database, _key_for(args, database))
    try:
        with _reading(workspace) as session:
            visit_id = find_visit(session, args.visit).id
        pdf = Minutes(workspace.db).pdf(visit_id)
        _write_output(target, pdf.data, force=args.force, reading=_files(database))
    finally:
        workspace.close()
    state = f"số {_safe(pdf.number)}, đã khóa" if pdf.final else "dự thảo, chưa đánh số"
    actual = hashlib.sha256(pdf.data).hexdigest()  # recomputed from the bytes written, never the stored key
    _out(f"Đã ghi biên bản ({state}) vào {_safe(target)}; SHA-256 {actual}")
    if actual != pdf.sha256:
        _err(f"Tệp PDF đã lưu của biên bản số {_safe(pdf.number)} không khớp mã SHA-256 lúc đánh số "
             f"({_safe(pdf.sha256)}): nội dung đã bị thay. Chạy “inspector audit verify” để kiểm tra toàn bộ.")
        return 1
    return 0


def _day_argument(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày “{_one_line(text)}” không đúng dạng YYYY-MM-DD (ví dụ 2026-03-31)") from None


def _target(raw: str, option: str, example: str) -> Path:
    if not raw.strip():
        raise CliError(f"Thiếu tên tệp sau {option}.")
    target = Path(raw).expanduser()
    if raw.endswith(("/", os.sep)) or target.is_dir():
        raise CliError(f"{_safe(raw)} là một thư mục; hãy ghi rõ tên tệp, ví dụ {_safe(target / example)}.")
    return target


def _report(args: argparse.Namespace) -> int:
    """``inspector report --from … --to … [--body …] -o bao-cao.pdf [--xlsx bao-cao.xlsx]``."""
    from inspector.services import export, reporting

    if args.date_to < args.date_from:
        raise CliError(f"Ngày kết thúc {args.date_to:%d/%m/%Y} trước ngày bắt đầu {args.date_from:%d/%m/%Y}.")
    target = _target(args.output, "-o", "bao-cao.pdf")
    workbook = _target(args.xlsx, "--xlsx", "bao-cao.xlsx") if args.xlsx is not None else None
    if workbook is not None and _same_file(workbook, target):
        raise CliError("Tệp PDF và tệp Excel phải khác nhau.")
    database = _existing_database(args.database)
    for output in (target, *([workbook] if workbook else [])):
        _check_output(output, force=args.force, reading=[database])
    workspace = _open_existing(database, _key_for(args, database))
    try:
        with _reading(workspace) as session:
            body_id = None
            if args.body:
                body = reporting.find_body(session, args.body)
                if body is None:
                    bodies = reporting.list_bodies(session, every=True)
                    known = ", ".join(f"{b.code} ({b.name})" for b in bodies[:8]) + (", …" if len(bodies) > 8 else "")
                    raise CliError(f"Không tìm thấy cơ quan kiểm tra “{_one_line(args.body)}”. Có: {_safe(known)}.")
                body_id = body.id
            scope = reporting.Scope(reporting.Period.between(args.date_from, args.date_to), body_id)
            pdf, made = reporting.report_pdf(session, scope)
            book = export.workbook_bytes(session, scope, made.as_of) if workbook is not None else None
    finally:
        workspace.close()
    _write_output(target, pdf, force=args.force, reading=[database])
    _out(f"Đã ghi báo cáo kết quả kiểm tra {_safe(made.period.label)} ({_safe(made.body_name)}): "
         f"{made.visits} buổi kiểm tra, {made.units} đơn vị, {made.total.failed} nội dung không đạt, "
         f"{made.remediation.overdue} kiến nghị quá hạn → {_safe(target)}")
    if workbook is not None and book is not None:
        _write_output(workbook, book, force=args.force, reading=[database])
        _out(f"Đã ghi tệp Excel (buổi kiểm tra, nội dung không đạt, kiến nghị) → {_safe(workbook)}")
    return 0


def _visits(args: argparse.Namespace) -> int:
    rows = _read_existing(args, list_visits)
    for row in rows:
        day = f"{row.day:%d/%m/%Y}" if row.day else "          "
        _out(f"{row.id.hex[:8]}  {day}  {_safe(row.status.label):<14}  {_safe(row.point_name)}")
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    """``inspector audit verify``: the whole history, the data against it, the numbered PDFs, the anchors."""
    from inspector.services import audit
    from inspector.services.verify import verify

    path = _existing_database(args.database)
    workspace = _open_existing(path, _key_for(args, path))
    try:
        with _reading(workspace) as session:
            anchors = audit.read_anchors(path) if isinstance(path, Path) else []  # kept beside a file only
            report = verify(session, [*(args.anchor or ()), *anchors])
    finally:
        workspace.close()
    if report.ok:
        _out(f"OK   {_safe(report.summary())}")
        return 0
    _err(report.summary())
    return 1


def _server_init(args: argparse.Namespace) -> int:
    """``inspector server init URL``: the office database's schema (created or upgraded), the shipped forms and
    legal register, with ``--demo`` the demo map and accounts on a new one, and the first administrator's
    password while no administrator has one. Run again, it upgrades what is older and does nothing else."""
    from inspector.services.accounts import AccountError, needs_first_admin, set_first_admin_password

    url: str = args.url
    if not is_server_url(url):
        raise CliError(f"{_safe(url)} không phải địa chỉ máy chủ PostgreSQL; ví dụ: "
                       "postgresql://inspector@may-chu.co-quan.lan/inspector")
    shown = _safe(display_url(url))
    workspace = open_workspace(url, demo_if_new=args.demo, demo_history=False, create=True)
    try:
        outcome = workspace.migration
        if outcome.created:
            demo = " với bản đồ và tài khoản mẫu" if workspace.seeded_demo else ""
            _out(f"Đã tạo lược đồ Inspector trên {shown}{demo} (lược đồ {_safe(outcome.to_revision)}).")
        elif outcome.migrated:
            _out(f"Đã nâng cấp lược đồ trên {shown}: {_safe(outcome.from_revision)} → {_safe(outcome.to_revision)}. "
                 "Hãy sao lưu bằng pg_dump trước mỗi lần nâng cấp.")
        else:
            _out(f"{shown} đã ở lược đồ mới nhất ({_safe(outcome.to_revision)}).")
        forms = workspace.forms
        _out(f"Đã nạp phiếu kiểm tra và danh mục văn bản pháp luật kèm theo ứng dụng: {len(forms.added)} phiên bản "
             f"phiếu mới, {len(forms.unchanged)} không đổi.")
        for error in forms.errors:
            _err(error)
        with workspace.db.read() as session:
            first = needs_first_admin(session)
        if not first:
            _out("Đã có quản trị có mật khẩu: không tạo thêm.")
            return 1 if forms.errors else 0
        if args.password_fd is None and not sys.stdin.isatty():
            raise CliError("Chưa có quản trị nào có mật khẩu, và không có bàn phím để hỏi: chạy lại lệnh trong cửa sổ "
                           "dòng lệnh, hoặc đưa mật khẩu qua --admin-password-fd N.")
        password = _ask_password(args, f"Mật khẩu mới của quản trị {args.admin}: ")
        if getattr(args, "password_fd", None) is None and password != _ask_password(args, "Nhập lại mật khẩu: "):
            raise CliError("Hai lần nhập mật khẩu không giống nhau; chưa tạo quản trị (chạy lại lệnh để tạo).")
        try:
            with workspace.db.session() as session:
                made = set_first_admin_password(session, password, username=args.admin,
                                                full_name=args.full_name or "Quản trị hệ thống",
                                                also_without_password=args.demo)
                if made.username != args.admin.strip().lower():
                    raise AccountError(f"Cơ sở dữ liệu đã có quản trị {made.username}: hãy dùng --admin {made.username}.")
        except AccountError as exc:
            raise CliError(f"{exc} Chưa tạo quản trị.") from exc
        also = " (các tài khoản mẫu dùng cùng mật khẩu này; hãy đổi sau)" if args.demo else ""
        _out(f"Đã đặt mật khẩu cho quản trị {_safe(made.username)}{also}.")
        return 1 if forms.errors else 0
    finally:
        workspace.close()


def _made_by_demo(path: Path) -> bool:
    """An existing SQLite file that ``inspector demo`` made (its audit trail says so): --force may replace it."""
    try:
        with crypto.connected(path.resolve(), None, read_only=True) as connection:
            return connection.execute(
                "SELECT 1 FROM audit_events WHERE action = 'demo.generated' LIMIT 1").fetchone() is not None
    except crypto.Error:
        return False


def _check_demo_target(target: Path, *, force: bool) -> None:
    """``inspector demo`` writes a database: never over a database in use or one it did not make."""
    shown = _safe(target)
    parent = target.parent
    if target.is_dir():
        raise CliError(f"{shown} là một thư mục; hãy ghi rõ tên tệp, ví dụ {_safe(target / 'du-lieu-mau.sqlite')}.")
    if not parent.exists():
        raise CliError(f"Thư mục {_safe(parent)} không tồn tại; hãy tạo thư mục trước hoặc chọn nơi ghi khác.")
    if not parent.is_dir():
        raise CliError(f"{_safe(parent)} không phải thư mục; không ghi được ra {shown}.")
    if target.name.endswith((*SIDE_SUFFIXES, LOCK_SUFFIX, KEYRING_SUFFIX)) or _is_side_file_of_a_database(target, []):
        raise CliError(f"{shown} là tên tệp đi kèm của một cơ sở dữ liệu SQLite; hãy chọn tên tệp khác.")
    if _is_live_database(target) or _same_file(target, user_database_path()):
        raise CliError(f"{shown} là cơ sở dữ liệu đang dùng; không bao giờ ghi đè, kể cả với --force.")
    if not os.path.lexists(target):
        return
    if not target.exists() or not stat.S_ISREG(target.stat().st_mode):
        raise CliError(f"{shown} không phải tệp thông thường; không ghi đè.")
    if not force:
        raise CliError(f"Tệp {shown} đã có; dùng --force để ghi đè.")
    if _looks_like_sqlite(target) and not _made_by_demo(target):
        raise CliError(f"{shown} là một cơ sở dữ liệu không do lệnh demo tạo ra; không bao giờ ghi đè, kể cả với --force.")


def _demo(args: argparse.Namespace) -> int:
    from inspector.domain.text import thousands
    from inspector.services.generate import generate
    from inspector.store.files import InstanceLock, LockHeld

    target = Path(args.file).expanduser()
    shown = _safe(target)
    if args.visits < 0 or args.years < 1:
        raise CliError("Số buổi kiểm tra phải từ 0 trở lên và số năm từ 1 trở lên.")
    _check_demo_target(target, force=args.force)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name[:80]}.", suffix=".tmp", dir=target.parent))
    try:
        built = folder / target.name
        workspace = open_workspace(built, demo_if_new=True)
        try:
            report = generate(workspace.db, visits=args.visits, years=args.years, seed=args.seed)
        finally:
            workspace.close()
        _check_demo_target(target, force=args.force)  # again: generating took a while
        if args.force and os.path.lexists(target):
            try:
                lock = InstanceLock(target).acquire() if _looks_like_sqlite(target) else None
            except LockHeld as held:
                raise CliError(f"{shown} đang được mở bởi {held.holder}; không ghi đè.") from None
            try:
                os.replace(built, target)
                for suffix in SIDE_SUFFIXES:  # the replaced database's own: they would corrupt the new one
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{target}{suffix}")
            finally:
                if lock is not None:
                    lock.release()
        else:
            _link_no_clobber(built, target)
        # the history's anchors (services.audit) go with the database; a replaced database's own no longer apply
        if os.path.exists(f"{built}.anchors"):
            os.replace(f"{built}.anchors", f"{target}.anchors")
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{target}.anchors")
        _sync_folder(target.parent)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _out(f"Đã tạo cơ sở dữ liệu mẫu {shown}: {thousands(report.visits)} buổi kiểm tra trong {args.years} năm "
         f"({thousands(report.numbered)} biên bản đã đánh số, {thousands(report.answers)} kết quả, "
         f"{thousands(report.recommendations)} kiến nghị), {report.seconds:.0f} giây.")
    return 0


# --- signed data packages (issue 14: offices without a server) ------------------------------------------


def _signed_in(args: argparse.Namespace) -> tuple[Workspace, Any]:
    """Open ``--database`` as ``--user`` (the password asked once: it unlocks an encrypted file and signs in)."""
    from inspector.services.accounts import SignInRefused, sign_in
    from inspector.store.crypto import Keyring, KeyringDamaged, WrongPassword, is_encrypted, keyring_path

    if not getattr(args, "user", None):
        raise CliError("Lệnh này cần biết ai làm: hãy cho biết --user TÊN (mật khẩu sẽ được hỏi, hoặc đọc từ "
                       "--password-fd N).")
    database = _existing_database(args.database)
    password = _ask_password(args, f"Mật khẩu của {args.user}: ")
    key = None
    if isinstance(database, Path) and is_encrypted(database) and keyring_path(database).exists():
        try:
            key = Keyring.load(keyring_path(database)).unlock(args.user, password)
        except (WrongPassword, KeyringDamaged) as exc:
            raise CliError(str(exc)) from exc
    workspace = _open_existing(database, key)
    refused: Exception | None = None
    user_id = None
    try:
        with workspace.db.session() as session:  # a wrong password's count is kept, as in the app
            try:
                user_id = sign_in(session, args.user, password).id
            except SignInRefused as exc:
                refused = exc
    except BaseException:
        workspace.close()
        raise
    if refused is not None:
        workspace.close()
        raise CliError(str(refused))
    return workspace, user_id


def _package_errors() -> tuple[type[Exception], ...]:
    from inspector.services.access import AccessDenied
    from inspector.services.packages import PackageRefused

    return PackageRefused, AccessDenied


def _package_key(args: argparse.Namespace) -> int:
    """``inspector package key``: this database's public signing key and its fingerprint, to read out by phone."""
    from inspector.services.packages import own_key

    database = _existing_database(args.database)
    workspace = _open_existing(database, _key_for(args, database))
    try:
        with workspace.db.session() as session:  # the key is made the first time
            key = own_key(session)
    finally:
        workspace.close()
    _out(f"Khóa ký gói dữ liệu của {_safe(key.name)} (nguồn {_safe(key.origin)}):")
    _out(f"  Khóa công khai: {key.public_key}")
    _out(f"  Dấu vân tay:    {key.fingerprint}")
    _out("Đọc dấu vân tay này qua điện thoại hoặc gửi trên giấy cho cơ quan nhận; quản trị ở đó đăng ký bằng "
         "“inspector package trust”.")
    return 0


def _package_export(args: argparse.Namespace) -> int:
    from inspector.services.minutes import find_visit
    from inspector.services.packages import SUFFIX, export_round, export_visits

    raw: str = args.output
    if not raw.strip():
        raise CliError("Thiếu tên tệp gói dữ liệu sau -o.")
    target = Path(raw).expanduser()
    if not target.name.endswith(SUFFIX) and not target.is_dir():
        target = target.with_name(target.name + SUFFIX)
    if target.is_dir():
        raise CliError(f"{_safe(target)} là một thư mục; hãy ghi rõ tên tệp, ví dụ {_safe(target / ('goi' + SUFFIX))}.")
    if not args.visit and not args.round:
        raise CliError("Hãy chọn dữ liệu để xuất: --round MÃ_ĐỢT hoặc --visit MÃ (nhiều lần được).")
    database = _existing_database(args.database)
    _check_output(target, force=args.force, reading=_files(database))
    workspace, user_id = _signed_in(args)
    try:
        with workspace.db.session() as session:
            try:
                if args.round:
                    round_id = _find_round(session, args.round)
                    result = export_round(session, round_id, target, user_id=user_id)
                else:
                    ids = [find_visit(session, text).id for text in args.visit]
                    result = export_visits(session, ids, target, user_id=user_id)
            except _package_errors() as exc:
                raise CliError(str(exc)) from exc
    finally:
        workspace.close()
    rows = ", ".join(f"{_safe(name)} {count}" for name, count in result.tables.items())
    _out(f"Đã xuất {result.visits} buổi kiểm tra vào {_safe(result.path)} ({rows}; {result.blobs} tệp đính kèm).")
    _out(f"SHA-256 {result.sha256}; ký bằng khóa có dấu vân tay {result.fingerprint}")
    return 0


def _find_round(session: Any, text: str) -> Any:
    import sqlalchemy as sa

    from inspector.store.models import Round

    wanted = text.strip().lower().replace("-", "")
    matches = [r for r in session.scalars(sa.select(Round.id)) if r.hex.startswith(wanted)] if len(wanted) >= 4 else []
    if len(matches) != 1:
        raise CliError(f"Không tìm thấy đúng một đợt kiểm tra có mã bắt đầu bằng {_safe(text)}.")
    return matches[0]


def _package_import(args: argparse.Namespace) -> int:
    """``inspector package import FILE``: the preview; with ``--yes``, the import (everything checked again)."""
    from inspector.services.packages import import_package, preview_import
    from inspector.services.sync.changes import TABLE_WORDS

    path = Path(args.file).expanduser()
    workspace, user_id = _signed_in(args)
    kinds = {"new": "mới", "changed": "thay đổi", "conflict": "xung đột", "same": "giống hệt"}
    try:
        try:
            with workspace.db.read() as session:
                shown = preview_import(session, path, user_id=user_id)
            package = shown.package
            _out(f"Gói {package.package_id} từ {_safe(package.source_name)} ({_safe(package.signer_name)}, dấu vân tay "
                 f"{package.fingerprint}), xuất lúc {package.created_at:%H:%M %d/%m/%Y} UTC: "
                 f"{len(package.visit_ids)} buổi kiểm tra.")
            by_table: dict[str, dict[str, int]] = {}
            for item in shown.items:
                by_table.setdefault(item.table, dict.fromkeys(kinds, 0))[item.kind] += 1
            for table, counts in by_table.items():
                told = ", ".join(f"{counts[k]} {word}" for k, word in kinds.items() if counts[k])
                _out(f"  {_safe(TABLE_WORDS.get(table, table))}: {told}")
            for item in shown.items:
                if item.kind == "conflict":
                    _out(f"  XUNG ĐỘT  {_safe(item.summary)}")
            if not args.yes:
                _out("Chưa thay đổi gì. Chạy lại với --yes để nhập gói này.")
                return 0
            with workspace.db.session() as session:
                done = import_package(session, path, user_id=user_id, expected_sha256=package.sha256)
        except _package_errors() as exc:
            raise CliError(str(exc)) from exc
    finally:
        workspace.close()
    written = sum(done.applied.values())
    _out(f"Đã nhập gói {done.package_id}: {done.visits} buổi kiểm tra, {written} dòng ghi vào, "
         f"{done.conflicts} xung đột để người duyệt giải quyết.")
    return 0


def _package_trust(args: argparse.Namespace) -> int:
    """``inspector package trust``: register (or ``--revoke``) a signer; ``--list`` the registered ones."""
    from inspector.services.packages import list_signers, package_signer, revoke_signer, trust_signer

    if args.list:
        rows = _read_existing(args, list_signers)
        for row in rows:
            state = f"thu hồi {row.revoked_at:%d/%m/%Y}" if row.revoked_at else "tin cậy"
            _out(f"{row.fingerprint}  {state:<16}  {_safe(row.name)}")
        if not rows:
            _out("Chưa tin cậy khóa ký nào.")
        return 0
    try:
        if args.revoke:
            workspace, user_id = _signed_in(args)
            try:
                with workspace.db.session() as session:
                    row = revoke_signer(session, args.revoke, user_id=user_id)
            finally:
                workspace.close()
            _out(f"Đã thu hồi khóa của {_safe(row.name)} ({row.fingerprint}): gói dữ liệu của khóa này sẽ bị từ chối.")
            return 0
        if not args.name:
            raise CliError("Hãy ghi --name \"Tên cơ quan gửi\".")
        origin = ""
        if args.package:
            signer = package_signer(Path(args.package).expanduser())
            public, origin = signer.public_key, signer.origin
            if not args.fingerprint:
                raise CliError(f"Gói này được ký bởi khóa có dấu vân tay {signer.fingerprint}. Hãy gọi điện cho cơ quan "
                               "gửi để đối chiếu, rồi chạy lại với --fingerprint \"…\" mà họ đọc cho bạn.")
        elif args.key:
            public = args.key
        else:
            raise CliError("Hãy cho biết khóa công khai (64 chữ số) hoặc --package TỆP của cơ quan gửi.")
        workspace, user_id = _signed_in(args)
        try:
            with workspace.db.session() as session:
                row = trust_signer(session, public, args.name, user_id=user_id, origin=origin,
                                   expected_fingerprint=args.fingerprint)
        finally:
            workspace.close()
    except _package_errors() as exc:
        raise CliError(str(exc)) from exc
    _out(f"Đã tin cậy khóa của {_safe(row.name)} (dấu vân tay {row.fingerprint}).")
    return 0


def _add_package_parser(sub: Any, database: dict[str, Any]) -> None:
    package = sub.add_parser("package", help="gói dữ liệu có chữ ký, cho cơ quan không có máy chủ")
    package_sub = package.add_subparsers(dest="package_command", required=True)
    key = package_sub.add_parser("key", help="in khóa công khai và dấu vân tay của cơ sở dữ liệu này")
    key.add_argument("--database", **database)
    _add_password_options(key)
    key.set_defaults(func=_package_key)
    export = package_sub.add_parser("export", help="xuất các buổi kiểm tra của một đợt, hoặc đã chọn, ra một gói")
    export.add_argument("-o", "--output", required=True, help="tệp gói ghi ra (.ktcv.zip)")
    export.add_argument("--round", metavar="MÃ_ĐỢT", help="mã đợt kiểm tra (8 ký tự đầu là đủ)")
    export.add_argument("--visit", action="append", metavar="MÃ", help="mã buổi kiểm tra hoặc số biên bản (nhiều lần được)")
    export.add_argument("--force", action="store_true", help="ghi đè tệp đã có (không bao giờ cơ sở dữ liệu)")
    export.add_argument("--database", **database)
    _add_password_options(export)
    export.set_defaults(func=_package_export)
    imp = package_sub.add_parser("import", help="xem trước rồi (với --yes) nhập một gói dữ liệu")
    imp.add_argument("file", help="tệp gói dữ liệu (.ktcv.zip)")
    imp.add_argument("--yes", action="store_true", help="nhập thật sau khi xem trước (không có: chỉ xem trước)")
    imp.add_argument("--database", **database)
    _add_password_options(imp)
    imp.set_defaults(func=_package_import)
    trust = package_sub.add_parser("trust", help="tin cậy (hoặc thu hồi) khóa ký của cơ quan gửi (chỉ quản trị)")
    trust.add_argument("key", nargs="?", help="khóa công khai của cơ quan gửi (64 chữ số thập lục phân)")
    trust.add_argument("--package", metavar="TỆP", help="lấy khóa từ một gói của cơ quan gửi (cần --fingerprint)")
    trust.add_argument("--fingerprint", metavar="DẤU_VÂN_TAY", help="dấu vân tay cơ quan gửi đọc qua điện thoại")
    trust.add_argument("--name", metavar="TÊN", help="tên cơ quan gửi")
    trust.add_argument("--revoke", metavar="KHÓA_HOẶC_DẤU_VÂN_TAY", help="thu hồi một khóa đã tin cậy")
    trust.add_argument("--list", action="store_true", help="liệt kê các khóa đã đăng ký")
    trust.add_argument("--database", **database)
    _add_password_options(trust)
    trust.set_defaults(func=_package_trust)


def _sync(args: argparse.Namespace) -> int:
    """``inspector sync URL``: this laptop's database with the office server (services/sync/engine.py); a
    --database that does not exist yet is made from the server (schema and everything a sync pulls)."""
    from inspector.services.accounts import SignInRefused, sign_in
    from inspector.services.sync import engine
    from inspector.services.sync.changes import SyncRefused
    from inspector.store.migrate import open_database
    from inspector.store.server import open_server

    if not is_server_url(args.url):
        raise CliError(f"{_safe(args.url)} không phải địa chỉ máy chủ (postgresql://người_dùng@máy/csdl).")
    if not args.user:
        raise CliError("Hãy cho biết ai đồng bộ: --user TÊN (tài khoản trên máy chủ; mật khẩu sẽ được hỏi).")
    target = Path(args.database).expanduser() if args.database else user_database_path()
    password = _ask_password(args, f"Mật khẩu của {args.user} (trên máy chủ): ")
    server, _ = open_server(args.url)
    try:
        with server.session() as session:
            try:
                user_id = sign_in(session, args.user, password).id
            except SignInRefused as exc:
                raise CliError(str(exc)) from exc

        def shown(p: engine.SyncProgress) -> None:
            if p.total and (p.done == p.total or p.done % 50 == 0):
                _out(f"  {p.phase}: {p.table} {p.done}/{p.total}")

        try:
            if not target.exists():
                local, report = engine.clone(target, server, user_id=user_id, progress=shown)
                made = f"Đã tạo {_safe(target)} từ máy chủ. "
            else:
                made = ""
                local, _ = open_database(target, create=False, key=_key_for(args, target))
                report = engine.sync(local, server, user_id=user_id, progress=shown)
            local.dispose()
        except (SyncRefused, engine.SyncFailed) as exc:
            raise CliError(str(exc)) from exc
    finally:
        server.dispose()
    _out(made + _safe(report.summary()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inspector", description="Inspector — kiểm tra công vụ (dòng lệnh)")
    sub = parser.add_subparsers(dest="command", required=True)
    forms = sub.add_parser("check-forms", help="kiểm tra các tệp phiếu kiểm tra")
    forms.add_argument("folder", type=Path, nargs="?", default=forms_dir())
    forms.set_defaults(func=_check_forms)
    upgrade = sub.add_parser("upgrade-db", help="tạo hoặc nâng cấp cơ sở dữ liệu")
    upgrade.add_argument("database", type=Path)
    upgrade.add_argument("--demo", action="store_true", help="thêm dữ liệu mẫu nếu là cơ sở dữ liệu mới")
    upgrade.add_argument("--full-name", metavar="HỌ_TÊN", help="họ tên của quản trị, khi tạo cơ sở dữ liệu mới với --user")
    _add_password_options(upgrade)
    upgrade.set_defaults(func=_upgrade)
    database = {"type": _database_arg, "default": None, "metavar": "TỆP_HOẶC_URL",
                "help": "tệp cơ sở dữ liệu đã có (mặc định: như ứng dụng), hoặc máy chủ postgresql://người_dùng@máy/csdl; "
                        "không bao giờ tạo mới"}
    visits = sub.add_parser("visits", help="liệt kê các buổi kiểm tra (mã ngắn dùng cho lệnh minutes)")
    visits.add_argument("--database", **database)
    _add_password_options(visits)
    visits.set_defaults(func=_visits)
    minutes = sub.add_parser("minutes", help="in biên bản kiểm tra ra tệp PDF")
    minutes.add_argument("visit", help="mã buổi kiểm tra (8 ký tự đầu là đủ) hoặc số biên bản")
    minutes.add_argument("-o", "--output", required=True,
                         help="tệp PDF ghi ra (không bao giờ ghi lên cơ sở dữ liệu; tệp đã có cần --force)")
    minutes.add_argument("--force", action="store_true", help="ghi đè tệp PDF đã có (không áp dụng cho cơ sở dữ liệu)")
    minutes.add_argument("--database", **database)
    _add_password_options(minutes)
    minutes.set_defaults(func=_minutes)
    report = sub.add_parser("report", help="báo cáo kết quả kiểm tra công vụ của một kỳ ra tệp PDF (và Excel)")
    report.add_argument("--from", dest="date_from", type=_day_argument, required=True, metavar="YYYY-MM-DD",
                        help="ngày đầu kỳ báo cáo")
    report.add_argument("--to", dest="date_to", type=_day_argument, required=True, metavar="YYYY-MM-DD",
                        help="ngày cuối kỳ báo cáo")
    report.add_argument("--body", metavar="TÊN", help="cơ quan kiểm tra (mã, tên hoặc ký hiệu; mặc định: tất cả)")
    report.add_argument("-o", "--output", required=True, help="tệp PDF ghi ra (tệp đã có cần --force)")
    report.add_argument("--xlsx", metavar="TỆP", help="cũng ghi tệp Excel các buổi kiểm tra, nội dung không đạt, kiến nghị")
    report.add_argument("--force", action="store_true", help="ghi đè tệp đã có (không áp dụng cho cơ sở dữ liệu)")
    report.add_argument("--database", **database)
    _add_password_options(report)
    report.set_defaults(func=_report)
    audit = sub.add_parser("audit", help="nhật ký thay đổi")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser(
        "verify", help="kiểm tra toàn bộ nhật ký, dữ liệu so với nhật ký, tệp PDF biên bản và mã đối chiếu")
    verify.add_argument("--database", **database)
    verify.add_argument("--anchor", action="append", metavar="MÃ",
                        help="mã đối chiếu in trên biên bản, ví dụ \"NK 000123-3fa9c2d1e0b7\" (nhiều lần được)")
    _add_password_options(verify)
    verify.set_defaults(func=_audit_verify)
    server = sub.add_parser("server", help="cơ sở dữ liệu trên máy chủ PostgreSQL của cơ quan")
    server_sub = server.add_subparsers(dest="server_command", required=True)
    init = server_sub.add_parser(
        "init", help="tạo hoặc nâng cấp lược đồ trên máy chủ, nạp phiếu kiểm tra, tạo quản trị đầu tiên")
    init.add_argument("url", metavar="URL", help="địa chỉ máy chủ, ví dụ postgresql://inspector@may-chu/inspector "
                      "(mật khẩu của cơ sở dữ liệu: ~/.pgpass hoặc biến PGPASSWORD, đừng ghi vào lệnh)")
    init.add_argument("--demo", action="store_true", help="thêm bản đồ và tài khoản mẫu nếu là cơ sở dữ liệu mới")
    init.add_argument("--admin", default="quantri", metavar="TÊN",
                      help="tên đăng nhập của quản trị đầu tiên (mặc định: quantri)")
    init.add_argument("--full-name", metavar="HỌ_TÊN", help="họ tên của quản trị đầu tiên")
    init.add_argument("--admin-password-fd", dest="password_fd", type=int, metavar="N",
                      help="đọc mật khẩu của quản trị từ dòng đầu của mô tả tệp N (cho kịch bản), thay vì hỏi")
    init.set_defaults(func=_server_init)
    _add_package_parser(sub, database)
    demo = sub.add_parser("demo", help="tạo cơ sở dữ liệu mẫu nhiều năm (cho đo hiệu năng, kiểm thử)")
    demo.add_argument("file", type=Path, help="tệp cơ sở dữ liệu tạo ra")
    demo.add_argument("--visits", type=int, default=5000, help="số buổi kiểm tra (mặc định 5000)")
    demo.add_argument("--years", type=int, default=10, help="số năm, kết thúc hôm nay (mặc định 10)")
    demo.add_argument("--seed", type=int, default=0, help="hạt giống ngẫu nhiên: cùng hạt giống, cùng dữ liệu")
    demo.add_argument("--force", action="store_true",
                      help="ghi đè tệp đã có (chỉ tệp thường hoặc cơ sở dữ liệu do lệnh demo tạo, không bao giờ cơ sở dữ liệu khác)")
    demo.set_defaults(func=_demo)
    sync = sub.add_parser("sync", help="đồng bộ cơ sở dữ liệu của máy này với máy chủ của cơ quan")
    sync.add_argument("url", metavar="URL", help="máy chủ postgresql://người_dùng@máy/csdl")
    sync.add_argument("--database", metavar="TỆP", help="tệp cơ sở dữ liệu của máy này (mặc định: như ứng dụng); "
                                                        "tệp chưa có được tạo từ máy chủ")
    _add_password_options(sync)
    sync.set_defaults(func=_sync)
    return parser


def _describe_os_error(exc: OSError) -> str:
    text = exc.strerror or str(exc) or type(exc).__name__
    names = [name for name in (exc.filename, exc.filename2) if name is not None]
    where = " → ".join(_safe(os.fsdecode(name) if isinstance(name, bytes) else name) for name in names)
    return f"Lỗi tệp: {text}" + (f" ({where})" if where else "")


def _database_error_text(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)  # sqlalchemy.exc.DBAPIError: the driver's message, without the SQL
    return str(orig if orig is not None else exc).split("\n")[0] or type(exc).__name__


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "database", "") is None:
        args.database = user_database_path()
    return int(args.func(args))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # usage errors: argparse's message, exit 2

    debug = bool(os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"))
    try:
        return _run(args)
    except KeyboardInterrupt:
        _err("Đã dừng.")
        return 130
    except BrokenPipeError:  # e.g. `inspector visits | head`: the reader left, nothing to say
        with contextlib.suppress(Exception):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    except CliError as exc:
        _err(exc)
        return exc.code
    except (DatabaseRefused, VisitError) as exc:
        _err(exc)
        return 2
    except OSError as exc:
        if debug:
            traceback.print_exc()
        _err(_describe_os_error(exc))
        return 1
    except (*crypto.Error, SQLAlchemyError) as exc:
        if debug:
            traceback.print_exc()
        _err(f"Lỗi cơ sở dữ liệu: {_database_error_text(exc)}")
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, not a traceback
        if debug:
            traceback.print_exc()
        _err(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}")
        return 1
