"""The survey's screens (issue 16): the kiosk driven by keys and by touch, its idle reset and its way out; paper entry."""

from __future__ import annotations

import random
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from inspector.domain.workflow import VisitStatus
from inspector.services import survey
from inspector.services.accounts import hash_password
from inspector.services.rounds import start_unannounced
from inspector.services.survey import KIOSK, PAPER, SurveyError
from inspector.store.models import ReceptionPoint, SurveyAnswer, SurveyResponse, Unit, User, Visit
from inspector.ui.survey.kiosk import KioskWindow
from inspector.ui.survey.paper import PaperDialog

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "survey"


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    image = widget.grab()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image.save(str(ARTIFACTS / name))


@pytest.fixture
def visit(db, people) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint.id).join(Unit)
                                .where(Unit.name == "Ủy ban nhân dân phường Hòa Thuận")).one()
        session.get(User, people.inspector).password_hash = hash_password("kiemtra1-mat-khau")
        return start_unannounced(session, point, user_id=people.inspector).id


def _kiosk(qtbot, db, people, visit, size=(1366, 768)) -> KioskWindow:  # type: ignore[no-untyped-def]
    kiosk = KioskWindow(db, people.inspector, visit, full_screen=False)
    qtbot.addWidget(kiosk)
    kiosk.resize(*size)
    kiosk.open()
    qtbot.waitExposed(kiosk)
    return kiosk


def _stored(db, visit: uuid.UUID, mode: str) -> list[tuple[bool, dict]]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return [(r.finished, r.answers) for r in survey.responses(session, visit, mode)]


def test_thirty_respondents_by_keyboard_and_by_touch(qtbot, app, db, people, visit) -> None:  # type: ignore[no-untyped-def]
    kiosk = _kiosk(qtbot, db, people, visit)
    questions = kiosk.questions
    rng = random.Random(16)
    expected = []
    for n in range(30):
        by_touch = n % 2 == 1
        if by_touch:
            qtbot.mouseClick(kiosk.start_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(kiosk, Qt.Key.Key_Return)
        assert kiosk.pages.currentWidget() is kiosk.question_page
        given: dict[str, int | str] = {}
        for i, question in enumerate(questions):
            count = 5 if question.kind == "scale" else len(question.options)
            number = rng.randint(1, count)
            if n == 3 and i == 2:  # a change of mind: answer, go back, answer again
                qtbot.keyClick(kiosk, Qt.Key.Key_1)
                qtbot.keyClick(kiosk, Qt.Key.Key_Backspace)
                assert kiosk.index == 2
            if by_touch:
                qtbot.mouseClick(kiosk.choice_buttons[number - 1], Qt.MouseButton.LeftButton)
            else:
                qtbot.keyClick(kiosk, Qt.Key.Key_0 + number)
            given[question.code] = number if question.kind == "scale" else question.options[number - 1][0]
        expected.append((True, given))
        assert kiosk.pages.currentWidget() is kiosk.thanks_page
        assert kiosk.thanks_timer.isActive()
        kiosk.thanks_timer.timeout.emit()  # the thank-you screen's few seconds
        assert kiosk.pages.currentWidget() is kiosk.welcome_page
    assert _stored(db, visit, KIOSK) == expected
    with db.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(SurveyAnswer)) == 30 * len(questions)


def test_an_idle_respondent_is_replaced_and_keeps_their_answers(qtbot, app, db, people, visit) -> None:  # type: ignore[no-untyped-def]
    kiosk = _kiosk(qtbot, db, people, visit)
    assert kiosk.idle_timer.interval() == 60_000
    qtbot.keyClick(kiosk, Qt.Key.Key_Space)
    for key in (Qt.Key.Key_5, Qt.Key.Key_4, Qt.Key.Key_2):
        qtbot.keyClick(kiosk, key)
    assert kiosk.idle_timer.isActive()
    kiosk.idle_timer.timeout.emit()  # a minute without a touch
    assert kiosk.pages.currentWidget() is kiosk.welcome_page and kiosk.response_id is None
    assert _stored(db, visit, KIOSK) == [(False, {"TC-01": 5, "TC-02": 4, "TC-03": 2})]
    qtbot.keyClick(kiosk, Qt.Key.Key_Return)  # the next respondent starts afresh
    assert kiosk.index == 0 and kiosk.answers == {}
    qtbot.keyClick(kiosk, Qt.Key.Key_3)
    assert len(_stored(db, visit, KIOSK)) == 2


def test_leaving_needs_a_team_password(qtbot, app, db, people, visit) -> None:  # type: ignore[no-untyped-def]
    kiosk = _kiosk(qtbot, db, people, visit)
    kiosk.close()  # Alt+F4, the window manager's close
    qtbot.keyClick(kiosk, Qt.Key.Key_Escape)
    assert kiosk.isVisible()
    assert kiosk.windowModality() == Qt.WindowModality.ApplicationModal
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    qtbot.mouseClick(kiosk.exit_button, Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.password_page
    qtbot.keyClicks(kiosk.password, "doan-sai")
    qtbot.keyClick(kiosk.password, Qt.Key.Key_Return)
    assert kiosk.isVisible() and kiosk.password_message.text()
    assert kiosk.password.text() == ""
    with qtbot.waitSignal(kiosk.left) as left:
        qtbot.keyClicks(kiosk.password, "kiemtra1-mat-khau")
        qtbot.keyClick(kiosk.password, Qt.Key.Key_Return)
    assert left.args == [people.inspector]
    assert not kiosk.isVisible()


def test_the_kiosk_is_refused_on_a_visit_not_in_progress(qtbot, app, db, people, visit) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        session.get(Visit, visit).status = VisitStatus.SUBMITTED
    with pytest.raises(SurveyError):
        KioskWindow(db, people.inspector, visit, full_screen=False)


def test_kiosk_screens_at_laptop_and_tablet_sizes(qtbot, app, db, people, visit) -> None:  # type: ignore[no-untyped-def]
    for width, height in ((1366, 768), (1024, 600)):
        kiosk = _kiosk(qtbot, db, people, visit, (width, height))
        _shot(kiosk, f"kiosk_{width}x{height}_welcome.png")
        kiosk.start()
        qtbot.keyClick(kiosk, Qt.Key.Key_4)
        qtbot.keyClick(kiosk, Qt.Key.Key_5)
        qtbot.keyClick(kiosk, Qt.Key.Key_Backspace)  # TC-02 shown with its answer chosen
        _shot(kiosk, f"kiosk_{width}x{height}_scale.png")
        kiosk.index = len(kiosk.questions) - 1
        kiosk.show_question()
        _shot(kiosk, f"kiosk_{width}x{height}_context.png")
        for button in kiosk.choice_buttons:  # large targets: at least ~1/5 of the height, fully on screen
            assert button.height() >= height // 5
            assert button.geometry().right() <= kiosk.width()
        kiosk.leave(people.inspector)


def test_twenty_paper_questionnaires_by_keyboard(qtbot, app, db, people, visit) -> None:  # type: ignore[no-untyped-def]
    dialog = PaperDialog(db, people.inspector, visit)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    grid = dialog.grid
    questions = dialog.model.questions
    rng = random.Random(20)
    expected = []
    for _sheet in range(20):
        given: dict[str, int | str] = {}
        for question in questions:
            count = 5 if question.kind == "scale" else len(question.options)
            number = rng.randint(0, count)  # 0: left blank on the paper
            if number == 0:
                qtbot.keyClick(grid, Qt.Key.Key_Tab)
            else:
                qtbot.keyClick(grid, Qt.Key.Key_0 + number)
                given[question.code] = number if question.kind == "scale" else question.options[number - 1][0]
        expected.append((True, given))
        assert grid.currentIndex().column() == 1  # back at the first question, on the next row
    assert _stored(db, visit, PAPER) == [e for e in expected if e[1]]
    with db.read() as session:
        assert [n for (n,) in session.execute(sa.select(SurveyResponse.sheet_no).where(
            SurveyResponse.mode == PAPER).order_by(SurveyResponse.sheet_no))] == list(range(1, 21))
    # a digit the question does not take: refused, said, the cursor stays
    grid.setCurrentIndex(dialog.model.index(0, 1))
    qtbot.keyClick(grid, Qt.Key.Key_7)
    assert "7" in dialog.message.text() and grid.currentIndex().column() == 1
    context = len(questions)  # the last column: a context question of three options
    grid.setCurrentIndex(dialog.model.index(0, context))
    qtbot.keyClick(grid, Qt.Key.Key_4)
    assert grid.currentIndex().column() == context and "4" in dialog.message.text()
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)  # emptied: not answered
    assert dialog.model.data(dialog.model.index(0, context)) == ""
    dialog.resize(1280, 600)
    _shot(dialog, "paper_grid.png")
