"""Read checklist form files (TOML) from disk and validate them.

One bad file never stops the others: each file gives either a form or a
list of errors naming the file, the place in it and the problem.

Every text of a form goes through ``inspector.domain.text`` cleaning (see
``inspector.domain.checklist``); an error names the file, the place and the
problem with control and invisible characters shown escaped (``\\x1b``), so
printing it to a terminal or a dialog shows the mistake instead of acting on it.

A form file is outside data and may be hostile; nothing in it may stop the app
(start, import, ``inspector check-forms``). Only regular files are read (a FIFO,
a device such as ``/dev/zero`` behind a symbolic link, a folder named ``x.toml``
are refused without reading), and never more than ``MAX_FORM_BYTES`` + 1 bytes
whatever the file says its size is. Brackets nested deeper than ``MAX_NESTING``
are refused before the TOML parser (which recurses) sees them; the bounds on the
parsed data (depth, counts, numbers, texts, rules, template placeholders) are
checked by ``inspector.domain.checklist.parse_form``. Any other failure while
reading one file becomes a problem of that file.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from inspector.domain.checklist import ChecklistForm, FormInvalid, parse_form
from inspector.domain.text import terminal_safe, thousands
from inspector.services.access import open_to_all

FORM_SUFFIX = ".toml"
MAX_FORM_BYTES = 1_000_000  # the largest real form is ~60 kB; a bigger file is a mistake
MAX_NESTING = 32  # [ ] and { } inside one another; a form needs 2 (tomllib recurses ~10 frames a level)
MAX_ERRORS = 50  # problems listed per file; the rest are counted


@dataclass(frozen=True)
class FormFileError:
    """Lỗi trong tệp phiếu kiểm tra."""

    path: Path
    place: str
    problem: str

    def __str__(self) -> str:
        where = f" — {self.place}" if self.place else ""
        return terminal_safe(f"{self.path.name}{where}: {self.problem}")


@dataclass(frozen=True)
class LoadedForm:
    form: ChecklistForm
    path: Path

    @property
    def definition(self) -> dict:
        return self.form.to_dict()

    @property
    def content_hash(self) -> str:
        return definition_hash(self.definition)


def definition_hash(definition: dict) -> str:
    """Hash of the normalised definition, so reformatting a file is not a change."""
    canonical = json.dumps(definition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _too_large(size: int, path: Path) -> list[FormFileError]:
    return [FormFileError(path, "", f"tệp lớn {thousands(size)} byte, vượt giới hạn {thousands(MAX_FORM_BYTES)} byte "
                                    "của một phiếu kiểm tra")]


# Strings and comments (where brackets do not count), and the brackets themselves.
_NESTING_TOKENS = re.compile(
    r'"""(?:[^\\]|\\[\s\S])*?"""'  # multi-line basic string (escapes inside)
    r"|'''[\s\S]*?'''"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
    r"|[\[\]{}]"
)


def _nesting_too_deep(text: str) -> int | None:
    """The line where brackets nest deeper than MAX_NESTING, or None. Read before tomllib, which would recurse."""
    depth = 0
    for match in _NESTING_TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING:
                return text.count("\n", 0, match.start()) + 1
        elif token in ("]", "}"):
            depth = max(0, depth - 1)
    return None


def _capped(errors: list[FormFileError]) -> list[FormFileError]:
    if len(errors) <= MAX_ERRORS:
        return errors
    rest = len(errors) - MAX_ERRORS
    return [*errors[:MAX_ERRORS], FormFileError(errors[0].path, "", f"… và {thousands(rest)} lỗi khác")]


@open_to_all
def load_form_bytes(raw: bytes, path: Path) -> LoadedForm | list[FormFileError]:
    if len(raw) > MAX_FORM_BYTES:
        return _too_large(len(raw), path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [FormFileError(path, f"dòng {line}, byte {exc.start}", "tệp không phải mã UTF-8; hãy lưu lại tệp với bảng mã UTF-8 (Unicode)")]
    text = text.removeprefix("\ufeff")
    line = _nesting_too_deep(text)
    if line is not None:
        return [FormFileError(path, f"dòng {line}", f"dấu ngoặc [ ] hoặc {{ }} lồng nhau quá {MAX_NESTING} tầng; "
                                                    "phiếu kiểm tra không cần lồng sâu như vậy")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [FormFileError(path, "", terminal_safe(f"sai cú pháp TOML: {exc}"))]
    except RecursionError:  # the pre-scan should have caught it; never let it through
        return [FormFileError(path, "", "dữ liệu lồng nhau quá sâu, không đọc được")]
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        return [FormFileError(path, "", f"có một số quá dài (hơn {sys.get_int_max_str_digits()} chữ số), "
                                        "không đọc được tệp")]
    try:
        return LoadedForm(parse_form(data), path)
    except FormInvalid as exc:
        return _capped([FormFileError(path, p.place, p.message) for p in exc.problems])
    except RecursionError:
        return [FormFileError(path, "", "dữ liệu lồng nhau quá sâu, không đọc được")]
    except Exception as exc:  # noqa: BLE001 - a file must never stop the app: its problem, not a crash
        return [FormFileError(path, "", terminal_safe(
            f"lỗi không mong đợi khi kiểm tra phiếu: {type(exc).__name__}: {exc}"[:500]))]


_NOT_REGULAR = (
    (stat.S_ISDIR, "thư mục"),
    (stat.S_ISFIFO, "ống dẫn FIFO"),
    (stat.S_ISCHR, "thiết bị"),
    (stat.S_ISBLK, "thiết bị"),
    (stat.S_ISSOCK, "socket"),
)


def _not_regular(mode: int, path: Path) -> list[FormFileError] | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _NOT_REGULAR if test(mode)), "loại tệp đặc biệt")
    return [FormFileError(path, "", f"không phải tệp thông thường ({kind}); chỉ đọc tệp văn bản .toml")]


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _read_capped(path: Path) -> bytes | list[FormFileError]:
    """At most MAX_FORM_BYTES + 1 bytes of a regular file (a symbolic link to one is followed)."""
    refused = _not_regular(os.stat(path).st_mode, path)  # a FIFO or a device is not even opened
    if refused:
        return refused
    # O_NONBLOCK: were the file swapped for a FIFO after the check, opening it would not wait for a writer.
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed to a moment ago
        refused = _not_regular(info.st_mode, path)
        if refused:
            return refused
        if info.st_size > MAX_FORM_BYTES:  # refuse before reading it into memory
            return _too_large(info.st_size, path)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FORM_BYTES:  # st_size may be wrong (a file of /proc, a file still growing)
            chunk = os.read(fd, MAX_FORM_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


_OS_PROBLEMS = {
    errno.ENOENT: "tệp không tồn tại (hoặc là liên kết tới tệp không tồn tại)",
    errno.EACCES: "không có quyền đọc",
    errno.EPERM: "không có quyền đọc",
    errno.ELOOP: "liên kết vòng quanh, không trỏ tới tệp nào",
}


def _os_problem(exc: OSError) -> str:
    return _OS_PROBLEMS.get(exc.errno or 0) or terminal_safe(exc.strerror or exc)


@open_to_all
def load_form_file(path: Path) -> LoadedForm | list[FormFileError]:
    try:
        os.fsencode(path.name).decode("utf-8")
    except UnicodeError:  # it would be stored as the version's source name; SQLite takes UTF-8 only
        return [FormFileError(path, "", "tên tệp không phải mã UTF-8; hãy đổi tên tệp (ví dụ KTCV-MC_v2.toml)")]
    try:
        raw = _read_capped(path)
    except OSError as exc:
        return [FormFileError(path, "", f"không đọc được tệp: {_os_problem(exc)}")]
    if isinstance(raw, list):
        return raw
    if len(raw) > MAX_FORM_BYTES:
        return [FormFileError(path, "", f"tệp dài hơn giới hạn {thousands(MAX_FORM_BYTES)} byte của một phiếu "
                                        "kiểm tra (đã dừng đọc ở đó)")]
    return load_form_bytes(raw, path)


@dataclass
class FormLoadReport:
    forms: list[LoadedForm]
    errors: list[FormFileError]


@open_to_all
def load_forms_dir(directory: Path) -> FormLoadReport:
    report = FormLoadReport(forms=[], errors=[])
    if not directory.is_dir():
        report.errors.append(FormFileError(directory, "", "không tìm thấy thư mục phiếu kiểm tra"))
        return report
    try:
        with os.scandir(directory) as entries:
            paths = sorted(directory / entry.name for entry in entries if entry.name.endswith(FORM_SUFFIX))
    except OSError as exc:
        report.errors.append(FormFileError(directory, "", f"không đọc được thư mục phiếu kiểm tra: {_os_problem(exc)}"))
        return report
    seen: dict[tuple[str, int], Path] = {}
    for path in paths:
        result = load_form_file(path)
        if isinstance(result, list):
            report.errors.extend(result)
            continue
        key = (result.form.code, result.form.version)
        if key in seen:
            report.errors.append(FormFileError(
                path, "code/version",
                f"phiếu {key[0]} phiên bản {key[1]} đã có trong tệp {seen[key].name}; hãy tăng version",
            ))
            continue
        seen[key] = path
        report.forms.append(result)
    return report
