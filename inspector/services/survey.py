"""The citizens' quick satisfaction survey of a visit (issue 16): survey forms as data, kiosk and paper responses.

Forms. ``forms/survey/<code>_v<version>.toml`` (forms/survey/README.md, inspector.domain.survey) are read at start
like the checklists and stored in ``form_versions`` under a form of kind ``khao_sat``; a stored version never
changes (editing a file without raising ``version`` is reported and the stored copy kept). The survey of a visit
uses the version current (newest in effect on that day) when its first response was made: every later response of
that visit takes the same version.

Responses. Each belongs to a visit, is made in kiosk mode (a respondent at the inspector's laptop or a tablet) or
typed from a paper sheet (numbered), and every answer is committed as given: the caller opens one unit of work
(``Database.session()``) per call. A kiosk respondent who walks away leaves a response without ``finished_at``:
what was answered still counts per item. Nothing identifies a respondent: no name, phone, identity number, free
text or photo is asked or stored; the history records the inspector who ran the kiosk or typed the sheet.

Which visits take responses. The kiosk runs while the visit is in progress (the team is at the reception point).
Paper sheets collected during the visit may be typed while it is in progress or returned for corrections. A visit
only planned, submitted, approved or locked takes none (its minutes may already quote the figures). A visit
checked out to another machine is written there only. Only an inspector or supervisor of the visit's team enters
responses.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.domain.checklist import FormInvalid, FormKind
from inspector.domain.clock import local_today
from inspector.domain.sipas import SipasCriterion
from inspector.domain.survey import SurveyForm, parse_survey
from inspector.domain.workflow import VisitStatus
from inspector.services import access, audit
from inspector.services.access import allowed, open_to_all
from inspector.services.accounts import verify_password
from inspector.services.form_loader import (
    MAX_FORM_BYTES,
    MAX_NESTING,
    FormFileError,
    _nesting_too_deep,
    _os_problem,
    _read_capped,
    definition_hash,
)
from inspector.services.sync.checkout import require_here
from inspector.store.models import ChecklistForm, FormVersion, RoundMember, SurveyAnswer, SurveyResponse, User, Visit
from inspector.store.types import utcnow

KIOSK = "kiosk"
PAPER = "paper"
MODES = (KIOSK, PAPER)
KIOSK_STATES = frozenset({VisitStatus.IN_PROGRESS})
PAPER_STATES = frozenset({VisitStatus.IN_PROGRESS, VisitStatus.RETURNED})
MAX_SHEET_NO = 99_999
SURVEY_FOLDER = "survey"


class SurveyError(ValueError):
    """Refused (message in Vietnamese, for the user); nothing was changed."""


@dataclass(frozen=True)
class SurveyQuestion:
    code: str
    text: str
    criterion: SipasCriterion
    nd118: str                              # "Điều 33 khoản 1 điểm g" (Nghị định 118/2025/NĐ-CP)
    kind: str                               # "scale" | "choice"
    options: tuple[tuple[str, str], ...]    # (code, text) of a choice; () on the scale


# --- forms ------------------------------------------------------------------------------------------------------


@dataclass
class SurveySyncResult:
    added: list[tuple[str, int]]
    unchanged: list[tuple[str, int]]
    errors: list[FormFileError]


def _load_file(path: Path) -> SurveyForm | list[FormFileError]:
    import tomllib

    try:
        raw = _read_capped(path)
    except OSError as exc:
        return [FormFileError(path, "", f"không đọc được tệp: {_os_problem(exc)}")]
    if isinstance(raw, list):
        return raw
    if len(raw) > MAX_FORM_BYTES:
        return [FormFileError(path, "", "tệp quá lớn cho một phiếu khảo sát")]
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return [FormFileError(path, "", "tệp không phải mã UTF-8; hãy lưu lại tệp với bảng mã UTF-8 (Unicode)")]
    line = _nesting_too_deep(text)
    if line is not None:
        return [FormFileError(path, f"dòng {line}", f"dấu ngoặc lồng nhau quá {MAX_NESTING} tầng")]
    try:
        return parse_survey(tomllib.loads(text))
    except FormInvalid as exc:
        return [FormFileError(path, p.place, p.message) for p in exc.problems[:50]]
    except Exception as exc:  # noqa: BLE001 - a file must never stop the app
        return [FormFileError(path, "", f"không đọc được phiếu khảo sát: {type(exc).__name__}: {exc}"[:500])]


@open_to_all
def load_survey_files(folder: Path) -> tuple[list[tuple[SurveyForm, Path]], list[FormFileError]]:
    """Every ``*.toml`` of ``folder`` (forms/survey/): the forms read and the problems of the others."""
    forms: list[tuple[SurveyForm, Path]] = []
    errors: list[FormFileError] = []
    if not folder.is_dir():
        return forms, errors
    for path in sorted(folder.glob("*.toml")):
        loaded = _load_file(path)
        if isinstance(loaded, list):
            errors += loaded
        elif path.name != f"{loaded.code}_v{loaded.version}.toml":
            errors.append(FormFileError(path, "code/version",
                                        f"tệp phải mang tên {loaded.code}_v{loaded.version}.toml"))
        else:
            forms.append((loaded, path))
    return forms, errors


@open_to_all
def sync_survey_forms(session: Session, folder: Path) -> SurveySyncResult:
    """Store the new versions of the survey forms in ``folder``; a changed released version is refused."""
    forms, errors = load_survey_files(folder)
    result = SurveySyncResult([], [], errors)
    for form, path in forms:
        definition = form.to_dict()
        content_hash = definition_hash(definition)
        record = session.scalars(sa.select(ChecklistForm).where(ChecklistForm.code == form.code)).first()
        if record is None:
            record = ChecklistForm(code=form.code, title=form.title, kind=FormKind.SURVEY)
            session.add(record)
            session.flush()
        elif record.kind is not FormKind.SURVEY:
            result.errors.append(FormFileError(path, "code", f"mã {form.code} đã là mã của một phiếu kiểm tra"))
            continue
        existing = session.scalars(sa.select(FormVersion).where(
            FormVersion.form_id == record.id, FormVersion.version == form.version)).first()
        if existing is not None:
            if existing.content_hash == content_hash:
                result.unchanged.append((form.code, form.version))
            else:
                result.errors.append(FormFileError(
                    path, "version", f"nội dung phiếu khảo sát {form.code} phiên bản {form.version} đã thay đổi "
                                     "nhưng số phiên bản giữ nguyên; ứng dụng giữ bản đã lưu. Hãy tăng version."))
            continue
        version = FormVersion(form_id=record.id, version=form.version, title=form.title, definition=definition,
                              content_hash=content_hash, source_name=path.name)
        session.add(version)
        record.title = form.title
        session.flush()
        audit.record(session, "form.version_added", "form_version", version.id,
                     after={"code": form.code, "version": form.version, "hash": content_hash})
        result.added.append((form.code, form.version))
    return result


_FORMS: dict[uuid.UUID, SurveyForm] = {}  # a stored version never changes


@open_to_all
def survey_form(session: Session, form_version_id: uuid.UUID) -> SurveyForm:
    """The survey form of a stored version (re-validated: stored copies are data too)."""
    form = _FORMS.get(form_version_id)
    if form is None:
        version = session.get(FormVersion, form_version_id)
        if version is None:
            raise SurveyError("Không tìm thấy phiếu khảo sát.")
        try:
            form = parse_survey(version.definition)
        except FormInvalid as exc:
            raise SurveyError(f"Bản lưu của phiếu khảo sát bị hỏng: {exc}") from exc
        _FORMS[form_version_id] = form
    return form


@open_to_all
def survey_questions(session: Session, form_version_id: uuid.UUID) -> list[SurveyQuestion]:
    """The questions of a survey form version, in order: the criteria's questions on the scale, then context."""
    return [SurveyQuestion(q.code, q.text, q.criterion, q.nd118, q.kind, tuple((o.code, o.text) for o in q.options))
            for q in survey_form(session, form_version_id).questions()]


@open_to_all
def current_survey_form(session: Session, day: date | None = None) -> FormVersion:
    """The survey form version new surveys use on ``day`` (today): the newest in effect then."""
    day = day or local_today()
    rows = session.execute(
        sa.select(FormVersion, ChecklistForm.code).join(ChecklistForm, FormVersion.form_id == ChecklistForm.id)
        .where(ChecklistForm.kind == FormKind.SURVEY)
        .order_by(ChecklistForm.code, FormVersion.version.desc())).all()
    for version, _code in rows:
        effective = version.definition.get("effective_from")
        if effective is None or date.fromisoformat(effective) <= day:
            return version
    raise SurveyError("Chưa có phiếu khảo sát nào có hiệu lực (thư mục forms/survey).")


@open_to_all
def visit_survey_form(session: Session, visit_id: uuid.UUID) -> FormVersion:
    """The version a visit's survey uses: that of its first response, else the one current today."""
    pinned = session.scalar(sa.select(SurveyResponse.form_version_id).where(SurveyResponse.visit_id == visit_id)
                            .order_by(SurveyResponse.started_at, SurveyResponse.created_at).limit(1))
    if pinned is not None:
        return session.get(FormVersion, pinned)  # type: ignore[return-value]
    return current_survey_form(session)


# --- responses --------------------------------------------------------------------------------------------------


def _visit_for_entry(session: Session, user_id: uuid.UUID | None, visit_id: uuid.UUID, mode: str) -> Visit:
    user = access.require(session, user_id, Role.INSPECTOR, Role.SUPERVISOR)
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted_at is not None:
        raise SurveyError("Không tìm thấy buổi kiểm tra.")
    access.require_team(session, user, visit)
    require_here(session, visit)
    states = KIOSK_STATES if mode == KIOSK else PAPER_STATES
    if visit.status not in states:
        if mode == KIOSK:
            raise SurveyError(f"Buổi kiểm tra đang ở trạng thái \u201c{visit.status.label}\u201d: chỉ mở khảo sát "
                              "tại quầy khi buổi kiểm tra đang diễn ra.")
        raise SurveyError(f"Buổi kiểm tra đang ở trạng thái \u201c{visit.status.label}\u201d: chỉ nhập phiếu khảo "
                          "sát giấy khi buổi kiểm tra đang diễn ra hoặc được trả lại để sửa.")
    return visit


@allowed(Role.INSPECTOR, Role.SUPERVISOR)
def check_can_survey(session: Session, user_id: uuid.UUID, visit_id: uuid.UUID, mode: str = KIOSK) -> None:
    """SurveyError / AccessDenied when this user may not take responses of ``mode`` for the visit now."""
    _visit_for_entry(session, user_id, visit_id, mode)
    visit_survey_form(session, visit_id)


@allowed(Role.INSPECTOR, Role.SUPERVISOR)
def start_response(session: Session, user_id: uuid.UUID, visit_id: uuid.UUID, mode: str = KIOSK, *,
                   sheet_no: int | None = None) -> uuid.UUID:
    """A new respondent's response (kiosk: at the first answer; paper: a typed sheet, numbered ``sheet_no`` or the
    next number). A paper sheet is finished as it is typed (its blanks are questions left unanswered)."""
    if mode not in MODES:
        raise SurveyError(f"Cách thu thập '{mode}' không có.")
    visit = _visit_for_entry(session, user_id, visit_id, mode)
    version = visit_survey_form(session, visit.id)
    if mode == PAPER:
        if sheet_no is None:
            sheet_no = next_sheet_no(session, visit.id)
        elif not 1 <= sheet_no <= MAX_SHEET_NO:
            raise SurveyError(f"Số phiếu phải từ 1 đến {MAX_SHEET_NO}.")
    else:
        sheet_no = None
    now = utcnow()
    response = SurveyResponse(visit_id=visit.id, form_version_id=version.id, mode=mode, sheet_no=sheet_no,
                              started_at=now, finished_at=now if mode == PAPER else None, entered_by_id=user_id)
    session.add(response)
    session.flush()
    audit.record(session, "survey.started", "survey_response", response.id, user_id=user_id,
                 after={"visit": visit.id.hex, "mode": mode, "sheet_no": sheet_no, "form_version": version.id.hex})
    return response.id


@open_to_all
def next_sheet_no(session: Session, visit_id: uuid.UUID) -> int:
    last = session.scalar(sa.select(sa.func.max(SurveyResponse.sheet_no)).where(
        SurveyResponse.visit_id == visit_id, SurveyResponse.deleted_at.is_(None)))
    return (last or 0) + 1


def _response(session: Session, user_id: uuid.UUID | None, response_id: uuid.UUID) -> SurveyResponse:
    response = session.get(SurveyResponse, response_id)
    if response is None or response.deleted_at is not None:
        raise SurveyError("Không tìm thấy phiếu khảo sát.")
    _visit_for_entry(session, user_id, response.visit_id, response.mode)
    return response


@allowed(Role.INSPECTOR, Role.SUPERVISOR)
def answer(session: Session, user_id: uuid.UUID, response_id: uuid.UUID, question_code: str,
           value: int | None = None, choice: str | None = None) -> None:
    """One answer, kept at once: ``value`` 1..5 for a question on the scale, ``choice`` an option's code for a
    context question; neither: the question is left unanswered (a paper cell emptied)."""
    response = _response(session, user_id, response_id)
    form = survey_form(session, response.form_version_id)
    try:
        question = form.question(question_code)
    except KeyError:
        raise SurveyError(f"Phiếu khảo sát không có câu {question_code}.") from None
    if question.kind == "scale":
        if choice is not None:
            raise SurveyError(f"Câu {question.code} trả lời bằng mức 1–5.")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5):
            raise SurveyError(f"Câu {question.code}: chỉ nhận mức 1 đến 5.")
    else:
        if value is not None:
            raise SurveyError(f"Câu {question.code} trả lời bằng một phương án.")
        if choice is not None and choice not in {o.code for o in question.options}:
            raise SurveyError(f"Câu {question.code}: chỉ nhận phương án 1 đến {len(question.options)}.")
    row = session.scalars(sa.select(SurveyAnswer).where(SurveyAnswer.response_id == response.id,
                                                        SurveyAnswer.question_code == question.code)).first()
    if row is None:
        if value is None and choice is None:
            return
        row = SurveyAnswer(response_id=response.id, question_code=question.code)
        session.add(row)
    elif row.value == value and row.choice == choice:
        return
    row.value, row.choice, row.answered_at = value, choice, utcnow()
    response.updated_at = utcnow()
    session.flush()
    audit.record(session, "survey.answer", "survey_response", response.id, user_id=user_id,
                 after={"question": question.code, "value": value, "choice": choice})


@allowed(Role.INSPECTOR, Role.SUPERVISOR)
def finish(session: Session, user_id: uuid.UUID, response_id: uuid.UUID) -> None:
    """The respondent answered the last question."""
    response = _response(session, user_id, response_id)
    if response.finished_at is None:
        response.finished_at = utcnow()
        audit.record(session, "survey.finished", "survey_response", response.id, user_id=user_id,
                     after={"answers": _answered(session, response.id)})


@allowed(Role.INSPECTOR, Role.SUPERVISOR)
def abandon(session: Session, user_id: uuid.UUID, response_id: uuid.UUID) -> None:
    """The respondent walked away (the kiosk was idle): what was answered is kept and counts, unfinished."""
    response = _response(session, user_id, response_id)
    if response.finished_at is None:
        audit.record(session, "survey.abandoned", "survey_response", response.id, user_id=user_id,
                     after={"answers": _answered(session, response.id)})


@allowed(Role.INSPECTOR, Role.SUPERVISOR)
def set_sheet_no(session: Session, user_id: uuid.UUID, response_id: uuid.UUID, sheet_no: int) -> None:
    """Correct a paper sheet's number (numbers need not be unique: two piles may restart at 1)."""
    response = _response(session, user_id, response_id)
    if response.mode != PAPER:
        raise SurveyError("Chỉ phiếu giấy mới có số phiếu.")
    if not 1 <= sheet_no <= MAX_SHEET_NO:
        raise SurveyError(f"Số phiếu phải từ 1 đến {MAX_SHEET_NO}.")
    if response.sheet_no != sheet_no:
        before = response.sheet_no
        response.sheet_no = sheet_no
        audit.record(session, "survey.sheet_no", "survey_response", response.id, user_id=user_id,
                     before={"sheet_no": before}, after={"sheet_no": sheet_no})


@allowed(Role.INSPECTOR, Role.SUPERVISOR)
def remove_response(session: Session, user_id: uuid.UUID, response_id: uuid.UUID) -> None:
    """A paper sheet typed by mistake: set aside (never deleted), no longer counted."""
    response = _response(session, user_id, response_id)
    response.deleted_at = utcnow()
    audit.record(session, "survey.removed", "survey_response", response.id, user_id=user_id,
                 after={"deleted": True})


def _answered(session: Session, response_id: uuid.UUID) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(SurveyAnswer).where(
        SurveyAnswer.response_id == response_id,
        sa.or_(SurveyAnswer.value.is_not(None), SurveyAnswer.choice.is_not(None)))) or 0


@dataclass(frozen=True)
class SheetRow:
    response_id: uuid.UUID
    mode: str
    sheet_no: int | None
    finished: bool
    answers: dict[str, int | str]   # question code → value (scale) or option code (choice)


@open_to_all
def responses(session: Session, visit_id: uuid.UUID, mode: str | None = None) -> list[SheetRow]:
    """A visit's responses (not removed), oldest first, with their answers."""
    query = sa.select(SurveyResponse).where(SurveyResponse.visit_id == visit_id, SurveyResponse.deleted_at.is_(None))
    if mode is not None:
        query = query.where(SurveyResponse.mode == mode)
    found = list(session.scalars(query.order_by(SurveyResponse.started_at, SurveyResponse.created_at)))
    answers: dict[uuid.UUID, dict[str, int | str]] = {r.id: {} for r in found}
    ids = list(answers)
    for start in range(0, len(ids), 500):
        for a in session.scalars(sa.select(SurveyAnswer).where(SurveyAnswer.response_id.in_(ids[start:start + 500]))):
            if a.value is not None:
                answers[a.response_id][a.question_code] = a.value
            elif a.choice is not None:
                answers[a.response_id][a.question_code] = a.choice
    return [SheetRow(r.id, r.mode, r.sheet_no, r.finished_at is not None, answers[r.id]) for r in found]


@open_to_all
def response_count(session: Session, visit_id: uuid.UUID) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse).where(
        SurveyResponse.visit_id == visit_id, SurveyResponse.deleted_at.is_(None))) or 0


# --- leaving the kiosk ------------------------------------------------------------------------------------------


@open_to_all
def team_user_ids(session: Session, visit_id: uuid.UUID) -> list[uuid.UUID]:
    """The app users of the visit's team (the round's members, or the visit's creator without a round)."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        return []
    if visit.round_id is None:
        return [visit.created_by_id] if visit.created_by_id is not None else []
    return [u for u in session.scalars(sa.select(RoundMember.user_id).where(
        RoundMember.round_id == visit.round_id, RoundMember.user_id.is_not(None)).order_by(RoundMember.sort_order))
        if u is not None]


@open_to_all
def unlock_kiosk(session: Session, visit_id: uuid.UUID, password: str,
                 first: uuid.UUID | None = None) -> uuid.UUID | None:
    """The inspector or supervisor of the visit's team whose password this is (``first``, the one who opened the
    kiosk, is tried first), or None: the kiosk stays. No sign-in: nothing is written on a wrong password."""
    candidates = team_user_ids(session, visit_id)
    if first in candidates:
        candidates.remove(first)
        candidates.insert(0, first)
    for user_id in candidates:
        user = session.get(User, user_id)
        if user is None or not user.has_role(Role.INSPECTOR, Role.SUPERVISOR):
            continue
        if verify_password(session, user_id, password):
            return user_id
    return None


@open_to_all
def kiosk_heading(session: Session, visit_id: uuid.UUID) -> str:
    """The reception point the kiosk stands at (its name only), for the kiosk's heading."""
    visit = session.get(Visit, visit_id)
    return visit.reception_point.name if visit is not None and visit.reception_point is not None else ""
