"""The citizens' quick satisfaction survey (issue 16): the form as data, responses kept as given, who may take them,
no personal data, the kiosk's way out, and the rows travelling with their visit."""

from __future__ import annotations

import hashlib
import json
import shutil
import unicodedata
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.domain.checklist import FormInvalid, FormKind, parse_form
from inspector.domain.sipas import SipasCriterion
from inspector.domain.survey import parse_survey
from inspector.domain.workflow import VisitStatus
from inspector.paths import forms_dir
from inspector.services import survey
from inspector.services.access import AccessDenied
from inspector.services.accounts import hash_password
from inspector.services.rounds import start_unannounced
from inspector.services.survey import PAPER, SurveyError
from inspector.services.verify import verify
from inspector.store.models import (
    AuditEvent,
    Base,
    ChecklistForm,
    ReceptionPoint,
    SurveyAnswer,
    SurveyResponse,
    Unit,
    User,
    Visit,
)
from tests.people import People

SURVEY_DIR = forms_dir() / "survey"


def _point(db) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.select(ReceptionPoint.id).join(Unit)
                               .where(Unit.name == "Ủy ban nhân dân phường Hòa Thuận")).one()


def _started(db, inspector: uuid.UUID) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return start_unannounced(session, _point(db), user_id=inspector).id


# --- the form as data ---------------------------------------------------------------------------------------


def test_the_shipped_form_is_part_ii_of_the_questionnaire_and_the_context_questions() -> None:
    forms, errors = survey.load_survey_files(SURVEY_DIR)
    assert errors == []
    form = next(f for f, _ in forms if f.code == "KSHL" and f.version == 1)
    assert [(s.criterion, len(s.questions)) for s in form.sections] == [
        (SipasCriterion.ACCESS, 4), (SipasCriterion.PROCEDURES, 4), (SipasCriterion.CIVIL_SERVANTS, 5),
        (SipasCriterion.RESULTS, 3), (SipasCriterion.FEEDBACK, 3)]
    assert form.scale == ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng")
    assert [q.code for q in form.context] == ["BC-NN", "BC-CP", "BC-KN"]
    assert all(q.kind == "choice" and len(q.options) >= 2 for q in form.context)
    for question in form.questions():
        assert question.nd118.startswith("Điều 33 khoản 1 điểm ")
        assert unicodedata.is_normalized("NFC", question.text)
    assert parse_survey(form.to_dict()) == form  # the stored copy round-trips


def test_released_survey_versions_never_change() -> None:
    forms, _ = survey.load_survey_files(SURVEY_DIR)
    hashes = {(f.code, f.version): hashlib.sha256(json.dumps(f.to_dict(), ensure_ascii=False, sort_keys=True,
                                                             separators=(",", ":")).encode()).hexdigest()
              for f, _ in forms}
    lock = [line.split() for line in (SURVEY_DIR / "released.lock").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert lock, "forms/survey/released.lock lists the released versions"
    for code, version, digest in lock:
        assert hashes[(code, int(version))] == digest, f"{code} v{version} changed: raise its version instead"


def test_a_survey_file_is_not_a_checklist_and_mistakes_are_placed() -> None:
    data = json.loads(json.dumps(survey.load_survey_files(SURVEY_DIR)[0][0][0].to_dict()))
    with pytest.raises(FormInvalid):
        parse_form(data)
    data["sections"][0]["items"][0]["nd118"] = "Điều 99"
    data["context"][0]["options"] = data["context"][0]["options"][:1]
    with pytest.raises(FormInvalid) as problems:
        parse_survey(data)
    places = " | ".join(str(p) for p in problems.value.problems)
    assert "TC-01" in places and "nd118" in places and "BC-NN" in places and "options" in places


def test_the_survey_form_is_stored_beside_the_checklists(db) -> None:  # type: ignore[no-untyped-def]
    with db.read() as session:
        version = survey.current_survey_form(session)
        assert session.get(ChecklistForm, version.form_id).kind is FormKind.SURVEY
        questions = survey.survey_questions(session, version.id)
    assert len(questions) == 22 and sum(q.kind == "scale" for q in questions) == 19
    assert questions[0].criterion is SipasCriterion.ACCESS and questions[0].nd118
    assert questions[-1].options[0] == ("truc_tiep", "Trực tiếp tại Bộ phận Một cửa")


def test_a_visit_keeps_the_version_of_its_first_response(db, people: People, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit_id = _started(db, people.inspector)
    with db.session() as session:
        first = survey.start_response(session, people.inspector, visit_id)
    v1 = _version_of(db, first)
    folder = tmp_path / "survey"
    folder.mkdir()
    text = (SURVEY_DIR / "KSHL_v1.toml").read_text(encoding="utf-8")
    (folder / "KSHL_v2.toml").write_text(text.replace("version = 1", "version = 2")
                                         .replace("Nơi làm thủ tục sạch sẽ", "Nơi làm thủ tục sạch sẽ, đủ chỗ ngồi"),
                                         encoding="utf-8")
    with db.session() as session:
        assert survey.sync_survey_forms(session, folder).added == [("KSHL", 2)]
    with db.session() as session:
        later = survey.start_response(session, people.inspector, visit_id)
        assert survey.current_survey_form(session).version == 2
    assert _version_of(db, later) == v1  # the visit's survey stays on v1
    other = _started(db, people.inspector2)
    with db.session() as session:
        newer = survey.start_response(session, people.inspector2, other)
    assert _version_of(db, newer) != v1
    # editing a stored version without raising it is refused, the stored copy kept
    (folder / "KSHL_v2.toml").write_text(text.replace("version = 1", "version = 2"), encoding="utf-8")
    with db.session() as session:
        assert "tăng version" in str(survey.sync_survey_forms(session, folder).errors[0])


def _version_of(db, response_id: uuid.UUID) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.get(SurveyResponse, response_id).form_version_id


# --- responses ----------------------------------------------------------------------------------------------


def test_answers_are_kept_as_given_and_an_idle_respondent_keeps_theirs(db, people: People) -> None:  # type: ignore[no-untyped-def]
    visit_id = _started(db, people.inspector)
    with db.session() as session:
        done = survey.start_response(session, people.inspector, visit_id)
    for code, value in (("TC-01", 5), ("TC-02", 4), ("TC-01", 3)):
        with db.session() as session:
            survey.answer(session, people.inspector, done, code, value)
    with db.session() as session:
        survey.answer(session, people.inspector, done, "BC-KN", choice="truc_tuyen")
        survey.finish(session, people.inspector, done)
    with db.session() as session:
        left = survey.start_response(session, people.inspector, visit_id)
        survey.answer(session, people.inspector, left, "TC-01", 2)
    with db.session() as session:
        survey.abandon(session, people.inspector, left)
    with db.read() as session:
        rows = {r.response_id: r for r in survey.responses(session, visit_id)}
        assert rows[done].answers == {"TC-01": 3, "TC-02": 4, "BC-KN": "truc_tuyen"} and rows[done].finished
        assert rows[left].answers == {"TC-01": 2} and not rows[left].finished
        actions = [e.action for e in session.scalars(sa.select(AuditEvent).where(
            AuditEvent.entity_type == "survey_response").order_by(AuditEvent.seq))]
        assert actions.count("survey.answer") == 5 and "survey.finished" in actions and "survey.abandoned" in actions
        assert verify(session).ok


@pytest.mark.parametrize(("code", "value", "choice"), [
    ("TC-01", 0, None), ("TC-01", 6, None), ("TC-01", None, "co"), ("BC-NN", 1, None), ("BC-NN", None, "ca"),
    ("XX-01", 3, None)])
def test_an_answer_outside_the_question_is_refused(db, people: People, code: str, value, choice) -> None:  # type: ignore[no-untyped-def]
    visit_id = _started(db, people.inspector)
    with db.session() as session:
        response = survey.start_response(session, people.inspector, visit_id)
    with pytest.raises(SurveyError), db.session() as session:
        survey.answer(session, people.inspector, response, code, value, choice)


def test_only_the_team_and_only_while_the_visit_is_on(db, people: People) -> None:  # type: ignore[no-untyped-def]
    visit_id = _started(db, people.inspector)
    with db.session() as session:
        outsider = User(username="kiemtra9", full_name="Người ngoài đoàn", roles=[survey.Role.INSPECTOR])
        session.add(outsider)
        session.flush()
        outsider_id = outsider.id
    for user_id in (outsider_id, people.clerk, people.admin):
        with pytest.raises(AccessDenied), db.session() as session:
            survey.start_response(session, user_id, visit_id)
    for status, kiosk_ok, paper_ok in ((VisitStatus.PLANNED, False, False), (VisitStatus.RETURNED, False, True),
                                       (VisitStatus.SUBMITTED, False, False), (VisitStatus.LOCKED, False, False),
                                       (VisitStatus.IN_PROGRESS, True, True)):
        with db.session() as session:
            session.get(Visit, visit_id).status = status
        for mode, ok in (("kiosk", kiosk_ok), (PAPER, paper_ok)):
            with db.session() as session:
                if ok:
                    survey.start_response(session, people.inspector, visit_id, mode)
                else:
                    with pytest.raises(SurveyError, match="trạng thái"):
                        survey.start_response(session, people.inspector, visit_id, mode)


def test_paper_sheets_are_numbered_and_a_cell_emptied_is_unanswered(db, people: People) -> None:  # type: ignore[no-untyped-def]
    visit_id = _started(db, people.inspector)
    with db.session() as session:
        first = survey.start_response(session, people.inspector, visit_id, PAPER)
        second = survey.start_response(session, people.inspector, visit_id, PAPER)
        survey.answer(session, people.inspector, second, "CC-01", 4)
    with db.session() as session:
        survey.answer(session, people.inspector, second, "CC-01", None)
        survey.set_sheet_no(session, people.inspector, first, 7)
        assert survey.next_sheet_no(session, visit_id) == 8
        survey.remove_response(session, people.inspector, first)
    with db.read() as session:
        rows = survey.responses(session, visit_id, PAPER)
        assert [(r.sheet_no, r.answers, r.finished) for r in rows] == [(2, {}, True)]
        assert session.scalars(sa.select(SurveyAnswer.value).where(SurveyAnswer.response_id == second)).all() == [None]


# --- no personal data; the kiosk's way out -------------------------------------------------------------------


def test_nothing_about_a_respondent_can_be_stored() -> None:
    tables = Base.metadata.tables
    assert set(tables["survey_responses"].c.keys()) == {
        "id", "created_at", "updated_at", "visit_id", "form_version_id", "mode", "sheet_no", "started_at",
        "finished_at", "entered_by_id", "deleted_at"}
    assert set(tables["survey_answers"].c.keys()) == {
        "id", "created_at", "updated_at", "response_id", "question_code", "value", "choice", "answered_at"}
    assert tables["survey_answers"].c.choice.type.length == 40  # an option's code, never free text
    forms, _ = survey.load_survey_files(SURVEY_DIR)
    for form, _path in forms:  # every question is on the scale or among fixed options: nothing to write in
        assert all(q.kind == "scale" or q.options for q in form.questions())


def test_the_kiosk_is_left_with_a_team_members_password_only(db, people: People) -> None:  # type: ignore[no-untyped-def]
    visit_id = _started(db, people.inspector)
    with db.session() as session:
        for user_id, password in ((people.inspector, "kiemtra1-mat-khau"), (people.inspector2, "kiemtra2-mat-khau"),
                                  (people.admin, "quantri-mat-khau")):
            session.get(User, user_id).password_hash = hash_password(password)
        team = survey.team_user_ids(session, visit_id)
    assert people.inspector in team and people.admin not in team
    with db.read() as session:
        assert survey.unlock_kiosk(session, visit_id, "kiemtra1-mat-khau", first=people.inspector) == people.inspector
        assert survey.unlock_kiosk(session, visit_id, "kiemtra2-mat-khau", first=people.inspector) == people.inspector2
        assert survey.unlock_kiosk(session, visit_id, "sai-mat-khau") is None
        assert survey.unlock_kiosk(session, visit_id, "quantri-mat-khau") is None  # not of the team
        assert survey.unlock_kiosk(session, visit_id, "") is None
    with db.read() as session:  # a wrong try counts nothing against the inspector
        assert session.get(User, people.inspector).failed_attempts == 0


# --- travelling with the visit -------------------------------------------------------------------------------


def test_survey_rows_travel_with_their_visit(db, people: People, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.sync.changes import collect_visits

    visit_id = _started(db, people.inspector)
    with db.session() as session:
        response = survey.start_response(session, people.inspector, visit_id)
        survey.answer(session, people.inspector, response, "KQ-01", 5)
        version = survey.visit_survey_form(session, visit_id).id
    with db.read() as session:
        changes = collect_visits(session, [visit_id])
    assert [r["id"] for r in changes.rows["survey_responses"]] == [response.hex]
    assert [(a["question_code"], a["value"]) for a in changes.rows["survey_answers"]] == [("KQ-01", 5)]
    assert version.hex in {v["id"] for v in changes.rows["form_versions"]}


def test_the_checklist_services_skip_the_survey_form(db) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.remediation import section_choices
    from inspector.services.reporting import form_map

    with db.read() as session:
        sections = dict(section_choices(session))
        assert not {"TC", "TT", "CC", "KQ"} & sections.keys()
        assert sections["PA"] == "PA — Phản ánh, kiến nghị và đánh giá sự hài lòng"  # the checklist's PA
        assert all(info.form_code != "KSHL" for info in form_map(session).items.values())


def test_a_database_made_before_the_survey_gets_the_form(tmp_path: Path) -> None:
    from inspector.services.workspace import open_workspace

    folder = tmp_path / "forms"
    shutil.copytree(forms_dir(), folder)
    shutil.rmtree(folder / "survey")
    workspace = open_workspace(tmp_path / "a.sqlite", forms_dir=folder, demo_if_new=False)
    try:
        with workspace.db.read() as session, pytest.raises(SurveyError):
            survey.current_survey_form(session)
    finally:
        workspace.db.dispose()
    workspace = open_workspace(tmp_path / "a.sqlite", demo_if_new=False)
    try:
        with workspace.db.read() as session:
            assert survey.current_survey_form(session).version == 1
    finally:
        workspace.db.dispose()
