"""Kiosk mode: citizens at the counter answer the quick satisfaction survey on the inspector's laptop or a tablet.

Full screen, one question per screen, large targets for a finger; keys 1–5 on the scale (a context question: the
option's number), Backspace or ← goes back. No name is asked. After the last answer a thank-you screen shows for a
few seconds and the next respondent starts; a respondent who walks away (``IDLE_MS`` without a touch) leaves what
they answered, kept, and the kiosk starts over. Every answer is committed as given (services.survey).

The kiosk is left only with the password of an inspector of the visit's team (services.survey.unlock_kiosk: no
sign-in, nothing recorded on a wrong one). While it runs it is the only window the app answers (application modal,
frameless, on top), Esc and Alt+F4 / the window's close do nothing, and there is no menu to reach another screen.
The operating system's own switching (Alt+Tab, the Windows key) is outside the app: on a shared tablet use the
system's kiosk or assigned-access mode as well.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.services import survey
from inspector.services.survey import SurveyQuestion
from inspector.store.db import Database

IDLE_MS = 60_000     # a respondent who has not touched anything for a minute has left
THANKS_MS = 4_000    # the thank-you screen
SCALE_COLOURS = ("#c62828", "#ef6c00", "#9e9d24", "#2e7d32", "#1b5e20")
CHOICE_COLOUR = "#1565c0"


class BigButton(QPushButton):
    """A large touch target: its number above, its words below (wrapped)."""

    def __init__(self, number: int, text: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.colour = colour
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys go to the kiosk, never to a button
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.number_label = QLabel(str(number))
        self.text_label = QLabel(text)
        for label in (self.number_label, self.text_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        self.set_chosen(False, 18)

    def set_chosen(self, chosen: bool, size: int) -> None:
        background, ink = (self.colour, "white") if chosen else ("white", self.colour)
        self.setStyleSheet(f"QPushButton {{ background: {background}; border: 3px solid {self.colour};"
                           f" border-radius: 14px; }} QPushButton:pressed {{ background: {self.colour}; }}")
        self.number_label.setStyleSheet(f"color: {ink}; font-size: {int(size * 1.8)}px; font-weight: bold;")
        self.text_label.setStyleSheet(f"color: {ink}; font-size: {size}px;")


class KioskWindow(QWidget):
    """The kiosk of one visit, run by ``user_id`` (an inspector of its team)."""

    left = Signal(object)  # the id of the inspector whose password ended the kiosk

    def __init__(self, db: Database, user_id: uuid.UUID, visit_id: uuid.UUID, *, idle_ms: int = IDLE_MS,
                 thanks_ms: int = THANKS_MS, full_screen: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("surveyKiosk")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.db, self.user_id, self.visit_id = db, user_id, visit_id
        self.full_screen = full_screen
        with db.session() as session:
            survey.check_can_survey(session, user_id, visit_id, survey.KIOSK)  # refused: the caller says why
            version = survey.visit_survey_form(session, visit_id)
            self.form = survey.survey_form(session, version.id)
            self.questions: list[SurveyQuestion] = survey.survey_questions(session, version.id)
            self.place = survey.kiosk_heading(session, visit_id)
        self.titles = {q.code: s.title for s in self.form.sections for q in s.questions}
        self.response_id: uuid.UUID | None = None
        self.answers: dict[str, int | str] = {}
        self.index = 0
        self.respondents = 0  # finished in this session of the kiosk (shown to nobody; for the inspector's count)
        self._may_close = False

        self.idle_timer = QTimer(self)  # injectable: tests emit timeout() or set a short interval
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_ms)
        self.idle_timer.timeout.connect(self.idle)
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(thanks_ms)
        self.thanks_timer.timeout.connect(self.show_welcome)

        self.setStyleSheet("QWidget#surveyKiosk { background: #f5f7fa; }")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        top = QHBoxLayout()
        self.heading = QLabel(self.form.title + ("\n" + self.place if self.place else ""))
        self.heading.setObjectName("kioskHeading")
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        self.exit_button = QPushButton(self.tr("End (inspector)"))
        self.exit_button.setObjectName("kioskExitButton")
        self.exit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.exit_button.setToolTip(self.tr("End the survey (an inspector's password)"))
        self.exit_button.setStyleSheet("color: #90a4ae; background: transparent; border: none;")
        self.exit_button.clicked.connect(self.ask_password)
        top.addWidget(self.exit_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self._build_welcome()
        self._build_question()
        self._build_thanks()
        self._build_password()
        self.show_welcome()

    # --- pages ---------------------------------------------------------------------------------------------

    def _build_welcome(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.welcome_title = QLabel(self.tr("Your opinion about the service today"))
        self.welcome_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_title.setWordWrap(True)
        layout.addWidget(self.welcome_title)
        self.intro = QLabel(self.form.intro)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("kioskStartButton")
        self.start_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.start_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.start_button.clicked.connect(self.start)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button, 2)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.welcome_page = page
        self.pages.addWidget(page)

    def _build_question(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.progress = QLabel()
        self.progress.setObjectName("kioskProgress")
        layout.addWidget(self.progress)
        self.question_label = QLabel()
        self.question_label.setObjectName("kioskQuestion")
        self.question_label.setWordWrap(True)
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)
        self.question_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.question_label, 2)
        self.choices_row = QHBoxLayout()
        self.choices_row.setSpacing(12)
        layout.addLayout(self.choices_row, 3)
        self.choice_buttons: list[BigButton] = []
        self.message = QLabel()
        self.message.setObjectName("kioskMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.back_button.setObjectName("kioskBackButton")
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.back)
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        self.skip_button = QPushButton(self.tr("Skip ▶"))
        self.skip_button.setObjectName("kioskSkipButton")
        self.skip_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.skip_button.clicked.connect(self.skip)
        bottom.addWidget(self.skip_button)
        layout.addLayout(bottom)
        self.question_page = page
        self.pages.addWidget(page)

    def _build_thanks(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.thanks_label = QLabel(self.tr("Thank you!\nYour answers have been recorded."))
        self.thanks_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks_label.setWordWrap(True)
        layout.addWidget(self.thanks_label)
        self.thanks_page = page
        self.pages.addWidget(page)

    def _build_password(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.password_prompt = QLabel(self.tr("To end the survey, an inspector of this visit's team types their "
                                              "password."))
        self.password_prompt.setWordWrap(True)
        self.password_prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.password_prompt)
        self.password = QLineEdit()
        self.password.setObjectName("kioskPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.password.returnPressed.connect(self.try_password)
        self.password.textEdited.connect(lambda _text: self._touched())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password, 2)
        row.addStretch(1)
        layout.addLayout(row)
        self.password_message = QLabel()
        self.password_message.setObjectName("kioskPasswordMessage")
        self.password_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password_message.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.password_message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.password_cancel = QPushButton(self.tr("Back to the survey"))
        self.password_cancel.setObjectName("kioskPasswordCancel")
        self.password_cancel.clicked.connect(self.show_welcome)
        buttons.addWidget(self.password_cancel)
        self.password_ok = QPushButton(self.tr("End the survey"))
        self.password_ok.setObjectName("kioskPasswordOk")
        self.password_ok.clicked.connect(self.try_password)
        buttons.addWidget(self.password_ok)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.password_page = page
        self.pages.addWidget(page)

    # --- showing -----------------------------------------------------------------------------------------

    def open(self) -> None:
        """Shown full screen (or at its size, ``full_screen=False``: tests and screenshots)."""
        QApplication.instance().installEventFilter(self)  # Esc and Alt+F4 wherever the focus is
        if self.full_screen:
            self.showFullScreen()
        else:
            self.show()
        self.activateWindow()
        self.setFocus()

    def show_welcome(self) -> None:
        self.thanks_timer.stop()
        self.idle_timer.stop()
        self.password.clear()
        self.password_message.clear()
        self.response_id, self.answers, self.index = None, {}, 0
        self.pages.setCurrentWidget(self.welcome_page)
        self.setFocus()

    def start(self) -> None:
        self.response_id, self.answers, self.index = None, {}, 0
        self.pages.setCurrentWidget(self.question_page)
        self.show_question()

    def show_question(self) -> None:
        question = self.questions[self.index]
        self.message.clear()
        self.progress.setText(self.tr("Question %1 of %2").replace("%1", str(self.index + 1))
                              .replace("%2", str(len(self.questions)))
                              + (" — " + self.titles[question.code] if question.code in self.titles else ""))
        self.question_label.setText(question.text)
        for button in self.choice_buttons:
            self.choices_row.removeWidget(button)
            button.hide()  # now: deleteLater waits for the event loop, and the old answers would show behind the new
            button.deleteLater()
        if question.kind == "scale":
            self.choice_buttons = [BigButton(n, label, SCALE_COLOURS[n - 1])
                                   for n, label in enumerate(self.form.scale, 1)]
        else:
            self.choice_buttons = [BigButton(n, text, CHOICE_COLOUR) for n, (_code, text) in
                                   enumerate(question.options, 1)]
        for button in self.choice_buttons:
            button.clicked.connect(lambda _checked=False, n=button.number: self.choose(n))
            self.choices_row.addWidget(button)
            button.show()  # at once: a layout shows a new child only later
        self.back_button.setEnabled(self.index > 0)
        self._restyle()
        self._touched()

    def _chosen_number(self, question: SurveyQuestion) -> int | None:
        given = self.answers.get(question.code)
        if given is None:
            return None
        if question.kind == "scale":
            return int(given)
        return next((n for n, (code, _t) in enumerate(question.options, 1) if code == given), None)

    def _restyle(self) -> None:
        """Sizes follow the window: readable at 1024×600 and on a 1366×768 laptop alike."""
        h = max(self.height(), 480)
        base = max(14, h // 38)
        self.heading.setStyleSheet(f"color: #455a64; font-size: {max(12, base * 2 // 3)}px;")
        self.exit_button.setStyleSheet(f"color: #90a4ae; background: transparent; border: none;"
                                       f" font-size: {max(12, base * 2 // 3)}px;")
        self.welcome_title.setStyleSheet(f"font-size: {int(base * 2)}px; font-weight: bold; color: #263238;")
        self.intro.setStyleSheet(f"font-size: {int(base * 1.2)}px; color: #37474f;")
        self.start_button.setMinimumHeight(int(h * 0.14))
        self.start_button.setStyleSheet(f"font-size: {int(base * 1.6)}px; font-weight: bold; color: white;"
                                        " background: #1565c0; border-radius: 14px;")
        self.progress.setStyleSheet(f"color: #546e7a; font-size: {base}px;")
        self.question_label.setStyleSheet(f"color: #263238; font-size: {int(base * 1.6)}px; font-weight: bold;")
        self.message.setStyleSheet(f"color: #b71c1c; font-size: {base}px;")
        for widget in (self.back_button, self.skip_button):
            widget.setMinimumHeight(int(h * 0.09))
            widget.setMinimumWidth(int(self.width() * 0.16))
            widget.setStyleSheet(f"font-size: {base}px; color: #37474f; background: #eceff1; border-radius: 10px;")
        if self.pages.currentWidget() is self.question_page and self.choice_buttons:
            question = self.questions[self.index]
            chosen = self._chosen_number(question)
            for button in self.choice_buttons:
                button.setMinimumHeight(int(h * 0.26))
                button.set_chosen(button.number == chosen, base)
        self.thanks_label.setStyleSheet(f"font-size: {int(base * 2.2)}px; font-weight: bold; color: #2e7d32;")
        self.password_prompt.setStyleSheet(f"font-size: {int(base * 1.2)}px;")
        self.password.setStyleSheet(f"font-size: {int(base * 1.3)}px; padding: 8px;")
        self.password_message.setStyleSheet(f"color: #b71c1c; font-size: {base}px;")
        for widget in (self.password_ok, self.password_cancel):
            widget.setMinimumHeight(int(h * 0.09))
            widget.setStyleSheet(f"font-size: {base}px; padding: 6px 18px;")

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._restyle()

    # --- answering ---------------------------------------------------------------------------------------

    def _commit(self, call: Callable[..., Any], *args: Any) -> bool:
        try:
            with self.db.session() as session:
                call(session, self.user_id, *args)
        except Exception as exc:  # noqa: BLE001 - the respondent sees it failed and may answer again
            self.message.setText(self.tr("The answer could not be saved: %1").replace("%1", str(exc)))
            return False
        return True

    def choose(self, number: int) -> None:
        """The respondent chose ``number`` (1..5 on the scale, the option's number of a context question)."""
        if self.pages.currentWidget() is not self.question_page:
            return
        question = self.questions[self.index]
        if question.kind == "scale":
            if not 1 <= number <= 5:
                return
            value, choice = number, None
        else:
            if not 1 <= number <= len(question.options):
                return
            value, choice = None, question.options[number - 1][0]
        if self.response_id is None:
            try:
                with self.db.session() as session:
                    self.response_id = survey.start_response(session, self.user_id, self.visit_id, survey.KIOSK)
            except Exception as exc:  # noqa: BLE001
                self.message.setText(self.tr("The answer could not be saved: %1").replace("%1", str(exc)))
                return
        if not self._commit(survey.answer, self.response_id, question.code, value, choice):
            return
        self.answers[question.code] = value if value is not None else choice  # type: ignore[assignment]
        self.next()

    def next(self) -> None:
        if self.index + 1 < len(self.questions):
            self.index += 1
            self.show_question()
        else:
            self.finish()

    def skip(self) -> None:
        if self.pages.currentWidget() is self.question_page:
            self.next()

    def back(self) -> None:
        if self.pages.currentWidget() is self.question_page and self.index > 0:
            self.index -= 1
            self.show_question()

    def finish(self) -> None:
        self.idle_timer.stop()
        if self.response_id is not None:
            self._commit(survey.finish, self.response_id)
            self.respondents += 1
        self.response_id = None
        self.pages.setCurrentWidget(self.thanks_page)
        self.thanks_timer.start()

    def idle(self) -> None:
        """Nobody touched the kiosk for IDLE_MS: the respondent left; what they answered stays."""
        if self.response_id is not None:
            self._commit(survey.abandon, self.response_id)
        self.show_welcome()

    def _touched(self) -> None:
        if self.pages.currentWidget() in (self.question_page, self.password_page):
            self.idle_timer.start()

    # --- leaving -----------------------------------------------------------------------------------------

    def ask_password(self) -> None:
        if self.response_id is not None:
            self._commit(survey.abandon, self.response_id)
        self.response_id, self.answers = None, {}
        self.thanks_timer.stop()
        self.password.clear()
        self.password_message.clear()
        self.pages.setCurrentWidget(self.password_page)
        self.password.setFocus()
        self._touched()

    def try_password(self) -> None:
        password = self.password.text()
        self.password.clear()
        with self.db.read() as session:
            who = survey.unlock_kiosk(session, self.visit_id, password, first=self.user_id)
        if who is None:
            self.password_message.setText(self.tr("Wrong password: the survey goes on."))
            self.password.setFocus()
            self._touched()
            return
        self.leave(who)

    def leave(self, who: uuid.UUID) -> None:
        self.idle_timer.stop()
        self.thanks_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._may_close = True
        self.close()
        self.left.emit(who)

    # --- keys and closing --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        page = self.pages.currentWidget()
        if page is self.welcome_page and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.start()
        elif page is self.question_page:
            self._touched()
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
                self.choose(key - Qt.Key.Key_0)
            elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Left):
                self.back()
            elif key == Qt.Key.Key_Right:
                self.skip()
        event.accept()  # nothing passes to a parent: Esc included

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._touched()
        super().mousePressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._may_close:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            modifiers = event.modifiers()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_F4 and modifiers & Qt.KeyboardModifier.AltModifier):
                return True
            if key == Qt.Key.Key_W and modifiers & Qt.KeyboardModifier.ControlModifier:
                return True
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self._touched()
        elif kind == QEvent.Type.ContextMenu:
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self._may_close:
            event.ignore()  # Alt+F4, the window manager's close: only the password leaves
            return
        super().closeEvent(event)


def open_kiosk(db: Database, user_id: uuid.UUID, visit_id: uuid.UUID, parent: QWidget | None = None,
               **options: Any) -> KioskWindow:
    """The kiosk of a visit, shown (SurveyError / AccessDenied when the visit takes no responses now)."""
    kiosk = KioskWindow(db, user_id, visit_id, parent=parent, **options)
    kiosk.open()
    return kiosk
