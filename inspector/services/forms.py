"""Keep the database's stored copies of checklist forms in step with the form files.

A stored FormVersion is never changed: a visit pins it. Editing a file
without raising its ``version`` is reported and the stored copy is kept.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.domain.checklist import ChecklistForm as FormDefinition
from inspector.domain.checklist import FormInvalid, parse_form
from inspector.domain.clock import local_today
from inspector.domain.legal import Register, check_citations, forms_to_check
from inspector.services import audit
from inspector.services.access import allowed, open_to_all
from inspector.services.form_loader import FormFileError, FormLoadReport, LoadedForm, load_form_file
from inspector.services.legal import load_register
from inspector.store.models import ChecklistForm, FormVersion


@dataclass
class FormSyncResult:
    added: list[tuple[str, int]] = field(default_factory=list)
    unchanged: list[tuple[str, int]] = field(default_factory=list)
    errors: list[FormFileError] = field(default_factory=list)
    # Forms in use (or to come) citing a document not in force: stored, but the administrator is told.
    warnings: list[FormFileError] = field(default_factory=list)


@open_to_all
def sync_forms(session: Session, report: FormLoadReport, register: Register | None = None) -> FormSyncResult:
    """Store new form versions. With a register, a form citing a document it does not know is refused."""
    result = FormSyncResult(errors=list(report.errors))
    for loaded in report.forms:
        if register is not None:
            problems, _ = check_citations(loaded.form, register, local_today())
            if problems:
                result.errors.extend(FormFileError(loaded.path, p.place, p.message) for p in problems)
                continue
        outcome = store_form(session, loaded)
        if isinstance(outcome, FormFileError):
            result.errors.append(outcome)
        elif outcome:
            result.added.append((loaded.form.code, loaded.form.version))
        else:
            result.unchanged.append((loaded.form.code, loaded.form.version))
    return result


@open_to_all
def store_form(session: Session, loaded: LoadedForm, user_id: uuid.UUID | None = None) -> bool | FormFileError:
    """True if stored now, False if already stored identically, or the conflict."""
    form = loaded.form
    record = session.scalars(sa.select(ChecklistForm).where(ChecklistForm.code == form.code)).first()
    if record is None:
        record = ChecklistForm(code=form.code, title=form.title, kind=form.kind)
        session.add(record)
        session.flush()
    existing = session.scalars(
        sa.select(FormVersion).where(FormVersion.form_id == record.id, FormVersion.version == form.version)
    ).first()
    content_hash = loaded.content_hash
    if existing is not None:
        if existing.content_hash == content_hash:
            return False
        return FormFileError(
            loaded.path, "version",
            f"nội dung phiếu {form.code} phiên bản {form.version} đã thay đổi nhưng số phiên bản giữ nguyên; "
            f"ứng dụng giữ bản đã lưu. Hãy tăng version lên {latest_version(session, form.code) + 1}.",
        )
    version = FormVersion(
        form_id=record.id, version=form.version, title=form.title, definition=loaded.definition,
        content_hash=content_hash, source_name=loaded.path.name,
    )
    session.add(version)
    if form.version >= latest_version(session, form.code):
        record.title, record.kind = form.title, form.kind
    session.flush()
    audit.record(session, "form.version_added", "form_version", version.id, user_id=user_id,
                 after={"code": form.code, "version": form.version, "hash": content_hash})
    return True


@open_to_all
def latest_version(session: Session, code: str) -> int:
    value = session.scalar(
        sa.select(sa.func.max(FormVersion.version)).join(ChecklistForm).where(ChecklistForm.code == code)
    )
    return value or 0


def definition_of(version: FormVersion) -> FormDefinition:
    """The pinned form a visit works from (re-validated: stored copies are data too)."""
    return parse_form(version.definition)


@dataclass(frozen=True)
class FormSummary:
    code: str
    version: int
    title: str
    kind: str
    item_count: int


@open_to_all
def list_current_forms(session: Session) -> list[FormSummary]:
    """The newest version of every form."""
    newest = (
        sa.select(FormVersion.form_id, sa.func.max(FormVersion.version).label("v"))
        .group_by(FormVersion.form_id).subquery()
    )
    rows = session.execute(
        sa.select(FormVersion, ChecklistForm)
        .join(newest, sa.and_(FormVersion.form_id == newest.c.form_id, FormVersion.version == newest.c.v))
        .join(ChecklistForm, ChecklistForm.id == FormVersion.form_id)
        .order_by(ChecklistForm.code)
    ).all()
    summaries = []
    for version, form in rows:
        count = sum(len(s.get("items", [])) for s in version.definition.get("sections", []))
        summaries.append(FormSummary(form.code, version.version, version.title, str(form.kind), count))
    return summaries


@dataclass
class ImportResult:
    """Kết quả nhập phiếu: the stored form, or why nothing was changed."""

    code: str = ""
    version: int = 0
    errors: list[FormFileError] = field(default_factory=list)
    already_present: bool = False
    warnings: list[FormFileError] = field(default_factory=list)  # stored, but cites a document not in force

    @property
    def ok(self) -> bool:
        return not self.errors


@allowed(Role.ADMIN)
def import_form_file(session: Session, path: Path, user_id: uuid.UUID | None) -> ImportResult:
    """Validate a form file chosen by an administrator and store it; a bad file changes nothing."""
    loaded = load_form_file(path)
    if isinstance(loaded, list):
        return ImportResult(errors=loaded)
    register = load_register(session)
    problems, _ = check_citations(loaded.form, register, local_today())
    if problems:
        return ImportResult(errors=[FormFileError(path, p.place, p.message) for p in problems])
    outcome = store_form(session, loaded, user_id)
    if isinstance(outcome, FormFileError):  # store_form wrote nothing
        return ImportResult(errors=[outcome])
    warnings = [w for w in citation_warnings(session, local_today(), register) if w.form == loaded.form.code
                and w.version == loaded.form.version]
    return ImportResult(code=loaded.form.code, version=loaded.form.version, already_present=not outcome,
                        warnings=[FormFileError(path, w.place, w.problem) for w in warnings])


@dataclass(frozen=True)
class CitationWarning:
    form: str
    version: int
    source_name: str
    place: str
    problem: str

    def as_error(self) -> FormFileError:
        return FormFileError(Path(self.source_name or f"{self.form}_v{self.version}.toml"), self.place, self.problem)


@open_to_all
def citation_warnings(session: Session, today: date, register: Register | None = None) -> list[CitationWarning]:
    """Documents not in force cited by the forms in use today (checked on today) or to come (checked on the day
    they take effect); versions kept only for the visits made under them are not checked."""
    register = register if register is not None else load_register(session)
    stored: list[tuple[FormDefinition, str]] = []
    for version in session.scalars(sa.select(FormVersion)):
        try:
            stored.append((parse_form(version.definition), version.source_name))
        except FormInvalid:
            continue
    sources = {(form.code, form.version): source for form, source in stored}
    warnings = []
    for form, day in forms_to_check([form for form, _ in stored], today):
        for problem in check_citations(form, register, day)[1]:
            warnings.append(CitationWarning(form.code, form.version, sources[(form.code, form.version)],
                                            problem.place, problem.message))
    return warnings
