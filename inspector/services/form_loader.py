"""Read checklist form files (TOML) from disk and validate them.

One bad file never stops the others: each file gives either a form or a
list of errors naming the file, the place in it and the problem.

Every text of a form goes through ``inspector.domain.text`` cleaning (see
``inspector.domain.checklist``); an error names the file, the place and the
problem with control and invisible characters shown escaped (``\\x1b``), so
printing it to a terminal or a dialog shows the mistake instead of acting on it.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from inspector.domain.checklist import ChecklistForm, FormInvalid, parse_form
from inspector.domain.text import terminal_safe, thousands

FORM_SUFFIX = ".toml"
MAX_FORM_BYTES = 1_000_000  # the largest real form is ~60 kB; a bigger file is a mistake


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


def load_form_bytes(raw: bytes, path: Path) -> LoadedForm | list[FormFileError]:
    if len(raw) > MAX_FORM_BYTES:
        return _too_large(len(raw), path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [FormFileError(path, f"dòng {line}, byte {exc.start}", "tệp không phải mã UTF-8; hãy lưu lại tệp với bảng mã UTF-8 (Unicode)")]
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [FormFileError(path, "", terminal_safe(f"sai cú pháp TOML: {exc}"))]
    try:
        return LoadedForm(parse_form(data), path)
    except FormInvalid as exc:
        return [FormFileError(path, p.place, p.message) for p in exc.problems]


def load_form_file(path: Path) -> LoadedForm | list[FormFileError]:
    try:
        size = path.stat().st_size
        if size > MAX_FORM_BYTES:  # refuse before reading it into memory
            return _too_large(size, path)
        raw = path.read_bytes()
    except OSError as exc:
        return [FormFileError(path, "", terminal_safe(f"không đọc được tệp: {exc.strerror or exc}"))]
    return load_form_bytes(raw, path)


@dataclass
class FormLoadReport:
    forms: list[LoadedForm]
    errors: list[FormFileError]


def load_forms_dir(directory: Path) -> FormLoadReport:
    report = FormLoadReport(forms=[], errors=[])
    if not directory.is_dir():
        report.errors.append(FormFileError(directory, "", "không tìm thấy thư mục phiếu kiểm tra"))
        return report
    seen: dict[tuple[str, int], Path] = {}
    for path in sorted(directory.glob(f"*{FORM_SUFFIX}")):
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
