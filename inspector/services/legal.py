"""The register of legal documents: read from ``forms/legal/documents.toml``, kept in the database.

At start the file is loaded and every document upserted by key (added or changed
documents are audited; a document is never deleted, since stored forms pinned by
visits may still cite it). The minutes and the visit screen read the database copy
(:func:`load_register`), so what they print does not depend on the files of the
computer that prints.

A bad register file is reported like a bad form file (file, place, problem) and
changes nothing; the app keeps the copy it already has.
"""

from __future__ import annotations

import os
import stat
import tomllib
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.checklist import ChecklistForm
from inspector.domain.legal import (
    LegalDocument,
    Register,
    RegisterInvalid,
    check_citations,
    forms_to_check,
    parse_register,
)
from inspector.domain.text import terminal_safe, thousands
from inspector.services import audit
from inspector.services.access import open_to_all
from inspector.services.form_loader import MAX_NESTING, FormFileError, LoadedForm, _nesting_too_deep, load_forms_dir
from inspector.store.models import LegalDocument as LegalDocumentRow

REGISTER_FOLDER = "legal"
REGISTER_FILE = "documents.toml"
MAX_REGISTER_BYTES = 1_000_000
_FIELDS = ("kind", "number", "signed_on", "issuer", "title", "in_force_from", "in_force_until", "replaced_by", "note")


@open_to_all
def register_path(forms_folder: Path) -> Path:
    """Where the register sits beside the forms: a subfolder, so the forms' ``*.toml`` does not see it."""
    return forms_folder / REGISTER_FOLDER / REGISTER_FILE


def _read(path: Path) -> bytes | FormFileError:
    """The file's bytes, if it is a regular file within the size limit (never blocks on a FIFO or a device)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return FormFileError(path, "", terminal_safe(f"không đọc được tệp: {exc.strerror or exc}"))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return FormFileError(path, "", "không phải tệp thông thường (thư mục, thiết bị hay ống dẫn); bỏ qua")
        if info.st_size > MAX_REGISTER_BYTES:
            return FormFileError(path, "", f"tệp lớn {thousands(info.st_size)} byte, vượt giới hạn "
                                           f"{thousands(MAX_REGISTER_BYTES)} byte của danh mục văn bản")
        chunks, total = [], 0
        while total <= MAX_REGISTER_BYTES:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_REGISTER_BYTES:  # grew while being read
            return FormFileError(path, "", f"tệp vượt giới hạn {thousands(MAX_REGISTER_BYTES)} byte của danh mục văn bản")
        return b"".join(chunks)
    except OSError as exc:
        return FormFileError(path, "", terminal_safe(f"không đọc được tệp: {exc.strerror or exc}"))
    finally:
        os.close(fd)


@open_to_all
def load_register_bytes(raw: bytes, path: Path) -> Register | list[FormFileError]:
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [FormFileError(path, f"dòng {line}, byte {exc.start}",
                              "tệp không phải mã UTF-8; hãy lưu lại tệp với bảng mã UTF-8 (Unicode)")]
    line = _nesting_too_deep(text)  # before tomllib, which recurses
    if line is not None:
        return [FormFileError(path, f"dòng {line}", f"dấu ngoặc [ ] hoặc {{ }} lồng nhau quá {MAX_NESTING} tầng")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [FormFileError(path, "", terminal_safe(f"sai cú pháp TOML: {exc}"))]
    except (RecursionError, ValueError) as exc:  # ValueError: e.g. an integer of more than 4300 digits
        return [FormFileError(path, "", terminal_safe(f"không đọc được một giá trị trong tệp: {exc}"[:500]))]
    try:
        return parse_register(data)
    except RegisterInvalid as exc:
        return [FormFileError(path, p.place, p.message) for p in exc.problems[:50]]
    except Exception as exc:  # noqa: BLE001 - a file must never stop the app: its problem, not a crash
        return [FormFileError(path, "", terminal_safe(
            f"lỗi không mong đợi khi kiểm tra danh mục: {type(exc).__name__}: {exc}"[:500]))]


@open_to_all
def load_register_file(path: Path) -> Register | list[FormFileError]:
    """The register of a file, or every problem found in it (placed, in Vietnamese)."""
    raw = _read(path)
    if isinstance(raw, FormFileError):
        return [raw]
    return load_register_bytes(raw, path)


@dataclass
class RegisterSyncResult:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[FormFileError] = field(default_factory=list)


def _values(document: LegalDocument) -> dict[str, Any]:
    return {name: getattr(document, name) for name in _FIELDS} | {"replaced_by": list(document.replaced_by)}


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


@open_to_all
def sync_register(session: Session, path: Path, user_id: uuid.UUID | None = None) -> RegisterSyncResult:
    """Upsert the file's documents by key. No file: nothing to do; a bad file: its problems, nothing changed."""
    result = RegisterSyncResult()
    if not os.path.lexists(path):
        return result
    register = load_register_file(path)
    if isinstance(register, list):
        result.errors = register
        return result
    rows = {row.key: row for row in session.scalars(sa.select(LegalDocumentRow))}
    for document in register:
        values = _values(document)
        row = rows.get(document.key)
        if row is None:
            row = LegalDocumentRow(key=document.key, **values)
            session.add(row)
            session.flush()
            audit.record(session, "legal_document.added", "legal_document", row.id, user_id=user_id,
                         after={"key": document.key} | _json(values))
            result.added.append(document.key)
            continue
        before = {name: getattr(row, name) for name in _FIELDS} | {"replaced_by": list(row.replaced_by or [])}
        if before == values:
            result.unchanged.append(document.key)
            continue
        changed = [name for name in _FIELDS if before[name] != values[name]]
        for name in changed:
            setattr(row, name, values[name])
        session.flush()
        audit.record(session, "legal_document.changed", "legal_document", row.id, user_id=user_id,
                     before={"key": document.key} | _json({n: before[n] for n in changed}),
                     after={"key": document.key} | _json({n: values[n] for n in changed}))
        result.changed.append(document.key)
    return result


@open_to_all
def load_register(session: Session) -> Register:
    """The register as kept in the database (what the minutes and the visit screen print from)."""
    rows = session.scalars(sa.select(LegalDocumentRow).order_by(LegalDocumentRow.key))
    return Register(
        LegalDocument(key=row.key, kind=row.kind, number=row.number, signed_on=row.signed_on, issuer=row.issuer,
                      title=row.title, in_force_from=row.in_force_from, in_force_until=row.in_force_until,
                      replaced_by=tuple(row.replaced_by or ()), note=row.note)
        for row in rows
    )


@open_to_all
def item_bases(session: Session, form: ChecklistForm, register: Register | None = None) -> dict[str, str]:
    """Each item's legal basis as printed (item code → text), from the database copy of the register."""
    register = register if register is not None else load_register(session)
    return {item.code: register.item_basis(item) for item in form.items()}


@dataclass
class FolderCheck:
    """``inspector check-forms``: the forms that passed, the register's size, every error and warning."""

    forms: list[LoadedForm] = field(default_factory=list)
    documents: int | None = None   # None: no register file in the folder
    errors: list[FormFileError] = field(default_factory=list)
    warnings: list[FormFileError] = field(default_factory=list)


@open_to_all
def check_folder(folder: Path, today: date) -> FolderCheck:
    """Validate a forms folder as the app would load it: each form, the register beside it, every citation
    against that register, and which documents cited by the forms in use (or to come) are not in force."""
    report = load_forms_dir(folder)
    result = FolderCheck(errors=list(report.errors))
    register = Register()
    path = register_path(folder)
    if os.path.lexists(path):
        loaded = load_register_file(path)
        if isinstance(loaded, list):
            result.errors[:0] = loaded
            result.forms = report.forms  # citations cannot be checked against a register that does not load
            return result
        register = loaded
        result.documents = len(register)
    for form_file in report.forms:
        problems, _ = check_citations(form_file.form, register, today)
        if problems:
            result.errors.extend(FormFileError(form_file.path, p.place, p.message) for p in problems)
        else:
            result.forms.append(form_file)
    paths = {(f.form.code, f.form.version): f.path for f in result.forms}
    for form, day in forms_to_check([f.form for f in result.forms], today):
        for warning in check_citations(form, register, day)[1]:
            result.warnings.append(FormFileError(paths[(form.code, form.version)], warning.place, warning.message))
    return result
