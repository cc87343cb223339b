"""The visit screen: the inspector's day at the counter, keyboard first, every answer saved at once.

Keys: 1 / 2 / 3 answer Đạt / Không đạt / Không áp dụng; N writes a note and
Esc leaves it; → or Enter moves to the next item, ← to the previous one.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.assessment import progress
from inspector.domain.checklist import Item, ItemType
from inspector.domain.clock import local
from inspector.domain.workflow import Result
from inspector.services.access import AccessDenied
from inspector.services.catalog import list_units
from inspector.services.inspection import Inspection, ItemAnswer, SubmissionBlocked, VisitView
from inspector.services.review import Comment, Review
from inspector.services.visits import VisitError
from inspector.store.types import utcnow
from inspector.ui import labels
from inspector.ui.errors import describe
from inspector.ui.item_panel import ItemPanel
from inspector.ui.people_dialog import PeopleDialog
from inspector.ui.recommendation_dialog import RecommendationDialog
from inspector.ui.summary_panel import SummaryPanel
from inspector.ui.widgets import Banner, FailureBar, from_qdatetime, to_qdatetime

T = TypeVar("T")
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY = "__summary__"
MARKS = {Result.PASS: "✓", Result.FAIL: "✗", Result.NOT_APPLICABLE: "–", Result.UNCHECKED: "○"}
COLOURS = {Result.PASS: "#2e7d32", Result.FAIL: "#c62828", Result.NOT_APPLICABLE: "#616161", Result.UNCHECKED: "#9e9e9e"}
COMMENTED = "#fff3c4"  # an item the reviewer commented on


class VisitScreen(QWidget):
    closed = Signal()
    changed = Signal(object)  # visit id, after anything was saved
    item_shown = Signal(str)  # the code of the item now shown; "" for the summary

    def __init__(self, inspection: Inspection, visit_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitScreen")
        self.inspection = inspection
        self.visit_id = visit_id
        self.view: VisitView = inspection.open_visit(visit_id)
        self.answers: dict[str, ItemAnswer] = dict(self.view.answers)
        self.items: list[Item] = list(self.view.form.items())
        self.index = 0
        self.review = Review(inspection.db, inspection.user_id)
        self.comments: list[Comment] = self._current_comments()  # the reviewer's, of the current cycle
        self._pixmaps: dict[tuple[str, int], QPixmap] = {}
        self.last_saved: float | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        self.banner = Banner()
        layout.addWidget(self.banner)
        self.review_banner = QLabel()  # the reviewer's comments on the whole visit
        self.review_banner.setObjectName("reviewBanner")
        self.review_banner.setWordWrap(True)
        self.review_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.review_banner.setStyleSheet("background: #fff8e1; color: #5d4037; border: 1px solid #f9a825;"
                                         " border-radius: 4px; padding: 6px;")
        layout.addWidget(self.review_banner)
        self.failure = FailureBar()
        self.failure.retry_button.clicked.connect(self.retry)
        layout.addWidget(self.failure)
        self._failed_call: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], str] | None = None

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setObjectName("sectionTree")
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumWidth(340)
        self.tree.setWordWrap(True)
        self.tree.currentItemChanged.connect(self._tree_moved)
        splitter.addWidget(self.tree)
        self.stack = QStackedWidget()
        self.panel = ItemPanel(self)
        self.panel.legal_bases = inspection.legal_bases(visit_id)  # read once: the register changes only at start
        self.summary = SummaryPanel(self)
        self.stack.addWidget(self.panel)
        self.stack.addWidget(self.summary)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)

        self._build_tree()
        self._shortcuts()
        self._show_review_banner()
        if self.view.status.editable and not self.view.may_edit:
            self.banner.info(self.tr("You are not an inspector of this visit's team: you can read it but not change it."))
        elif not self.view.editable:
            self.banner.info(self.tr("This visit is “%1”: it can be read but no longer changed.")
                             .replace("%1", labels.visit_status(self.view.status)))
        start = self.view.current_item_code
        codes = [i.code for i in self.items]
        if start in codes:
            self.open_index(codes.index(start))
        else:
            unanswered = next((n for n, i in enumerate(self.items)
                               if self.answers.get(i.code, None) is None), 0)
            self.open_index(unanswered)

    # --- building ----------------------------------------------------------------------------

    def _build_header(self) -> QVBoxLayout:
        view = self.view
        box = QVBoxLayout()
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("◀  Visits"))
        self.back_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.back_button.clicked.connect(self.close_screen)
        top.addWidget(self.back_button)
        title = QLabel(f"<b>{_escape(view.point_name)}</b> — {_escape(view.unit_name)}")
        title.setObjectName("visitTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        title.setWordWrap(True)
        top.addWidget(title, 1)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setStyleSheet("color: #2e7d32;")
        self.saved_label.setMinimumWidth(self.saved_label.fontMetrics().horizontalAdvance("✓ Đã lưu lúc 00:00:00") + 12)
        top.addWidget(self.saved_label)
        box.addLayout(top)

        info = QHBoxLayout()
        kind = self.tr("Unannounced visit") if not view.announced else self.tr("Announced visit")
        round_text = f"{view.round_name} ({view.decision})" if view.round_name else self.tr("No round")
        info.addWidget(QLabel(f"{kind} · {_escape(round_text)}"))
        info.addStretch(1)
        info.addWidget(QLabel(self.tr("Started:")))
        self.start_edit = QDateTimeEdit()
        self.start_edit.setObjectName("startTime")
        self.start_edit.setDisplayFormat("HH:mm  dd/MM/yyyy")
        self.start_edit.setCalendarPopup(True)
        if view.started_at:
            self.start_edit.setDateTime(to_qdatetime(view.started_at))
        self.start_edit.setEnabled(view.editable)
        self.start_edit.editingFinished.connect(self._save_start)
        info.addWidget(self.start_edit)
        self.representatives_button = QPushButton()
        self.representatives_button.setObjectName("representativesButton")
        self.representatives_button.clicked.connect(self.edit_representatives)
        self.representatives_button.setEnabled(view.editable)
        info.addWidget(self.representatives_button)
        self.minutes_button = QPushButton(self.tr("&Minutes…"))
        self.minutes_button.setObjectName("minutesButton")
        self.minutes_button.clicked.connect(self.show_minutes)
        info.addWidget(self.minutes_button)
        self.reopen_button = QPushButton(self.tr("&Reopen…"))
        self.reopen_button.setObjectName("reopenButton")
        self.reopen_button.setToolTip(self.tr("Send this approved or numbered visit back to its inspectors "
                                              "(administrator, with a written reason)"))
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.reopen_button.setVisible(self._may_reopen())
        info.addWidget(self.reopen_button)
        self.history_button = QPushButton(self.tr("&History…"))
        self.history_button.setObjectName("historyButton")
        history_menu = QMenu(self.history_button)
        self.visit_history_action = history_menu.addAction(self.tr("History of this visit…"), self.show_visit_history)
        self.item_history_action = history_menu.addAction(self.tr("History of this item…"), self.show_item_history)
        history_menu.aboutToShow.connect(lambda: self.item_history_action.setEnabled(self.current_item is not None))
        self.history_button.setMenu(history_menu)
        info.addWidget(self.history_button)
        self.survey_button = QPushButton(self.tr("&Survey…"))  # the citizens' quick survey (issue 16)
        self.survey_button.setObjectName("surveyButton")
        survey_menu = QMenu(self.survey_button)
        self.kiosk_action = survey_menu.addAction(self.tr("Kiosk mode: citizens answer on this screen…"),
                                                  self.open_kiosk)
        self.paper_action = survey_menu.addAction(self.tr("Enter paper questionnaires…"), self.open_paper)
        self.survey_button.setMenu(survey_menu)
        info.addWidget(self.survey_button)
        box.addLayout(info)

        team = "; ".join(f"{labels.team_role(p.role)}: {p.full_name}" if p.role else p.full_name for p in view.team)
        team_label = QLabel(self.tr("Team: %1").replace("%1", team) if team else self.tr("Team: (no round)"))
        team_label.setWordWrap(True)
        team_label.setStyleSheet("color: #455a64;")
        box.addWidget(team_label)
        self._show_representatives()
        return box

    def open_kiosk(self) -> None:
        from inspector.ui.survey.kiosk import open_kiosk

        try:
            self.kiosk = open_kiosk(self.inspection.db, self.inspection.user_id, self.visit_id, parent=self)
        except Exception as exc:  # noqa: BLE001 - SurveyError, AccessDenied: said to the inspector
            self.banner.error(str(exc))

    def open_paper(self) -> None:
        from inspector.ui.survey.paper import PaperDialog

        try:
            dialog = PaperDialog(self.inspection.db, self.inspection.user_id, self.visit_id, self)
        except Exception as exc:  # noqa: BLE001 - SurveyError, AccessDenied: said to the inspector
            self.banner.error(str(exc))
            return
        dialog.exec()

    def _build_tree(self) -> None:
        self.tree.clear()
        self._tree_items: dict[str, QTreeWidgetItem] = {}
        self._section_items: list[QTreeWidgetItem] = []
        for section in self.view.form.sections:
            top = QTreeWidgetItem([section.title])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            self._section_items.append(top)
            if not section.items:
                empty = QTreeWidgetItem([self.tr("(nothing to verify)")])
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                top.addChild(empty)
            for item in section.items:
                child = QTreeWidgetItem([f"{item.code} {item.text}"])
                child.setData(0, CODE_ROLE, item.code)
                child.setToolTip(0, item.text)
                top.addChild(child)
                self._tree_items[item.code] = child
        summary = QTreeWidgetItem([self.tr("Summary and recommendations")])
        summary.setData(0, CODE_ROLE, SUMMARY)
        bold = summary.font(0)
        bold.setBold(True)
        summary.setFont(0, bold)
        self.tree.addTopLevelItem(summary)
        self._summary_item = summary
        self.tree.expandAll()
        for code in self._tree_items:
            self._mark(code)
        self._update_progress()

    def _shortcuts(self) -> None:
        def bind(keys: list[str | QKeySequence.StandardKey | Qt.Key], action: Callable[[], None]) -> None:
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(action)

        bind(["1"], lambda: self._key_answer(Result.PASS))
        bind(["2"], lambda: self._key_answer(Result.FAIL))
        bind(["3"], lambda: self._key_answer(Result.NOT_APPLICABLE))
        bind(["N"], self.focus_note)
        bind([Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Return, Qt.Key.Key_Enter], lambda: self.go(+1))
        bind([Qt.Key.Key_Left, Qt.Key.Key_PageUp], lambda: self.go(-1))
        bind([Qt.Key.Key_Escape], self.focus_card)

    # --- moving around -------------------------------------------------------------------------

    @property
    def current_item(self) -> Item | None:
        return self.items[self.index] if self.stack.currentWidget() is self.panel and self.items else None

    def open_index(self, index: int) -> None:
        self.flush()
        if index >= len(self.items):
            self.open_summary()
            return
        self.index = max(0, index)
        item = self.items[self.index]
        self.stack.setCurrentWidget(self.panel)
        self.panel.show_item(item, self.answers.get(item.code) or _empty(item.code), self.view.staff,
                             self._position(item), self.view.editable)
        self.panel.show_comments(self._comment_lines(item.code))
        self._select_tree(self._tree_items.get(item.code))
        self.inspection.set_current_item(self.visit_id, item.code)
        self.focus_card()
        self.item_shown.emit(item.code)

    def open_item(self, code: str) -> None:
        codes = [i.code for i in self.items]
        if code in codes:
            self.open_index(codes.index(code))

    def open_summary(self) -> None:
        self.flush()
        view = self._reload()
        if view.editable and not view.shortcomings.strip() and any(
            a.result is Result.FAIL for a in self.answers.values()
        ):
            self._call(self.inspection.set_summary, self.visit_id,
                       shortcomings=self.inspection.draft_shortcomings(self.visit_id))
            view = self._reload()
        self.stack.setCurrentWidget(self.summary)
        self.summary.show_visit(view, self.inspection.blockers(self.visit_id))
        self._select_tree(self._summary_item)
        self.item_shown.emit("")

    def go(self, step: int) -> None:
        if self.stack.currentWidget() is self.summary:
            if step < 0 and self.items:
                self.open_index(len(self.items) - 1)
            return
        self.open_index(self.index + step)

    def focus_note(self) -> None:
        if self.current_item is not None:
            self.panel.note.setFocus()

    def focus_card(self) -> None:
        self.panel.card.setFocus() if self.stack.currentWidget() is self.panel else self.summary.setFocus()

    def _key_answer(self, result: Result) -> None:
        item = self.current_item
        if item is not None and item.type is ItemType.CHOICE and result in item.answers and self.view.editable:
            self.choose_result(result)

    def _tree_moved(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None or getattr(self, "_selecting", False):
            return
        code = current.data(0, CODE_ROLE)
        if code == SUMMARY:
            self.open_summary()
        elif code:
            self.open_item(code)

    def _select_tree(self, entry: QTreeWidgetItem | None) -> None:
        self._selecting = True
        try:
            if entry is not None:
                self.tree.setCurrentItem(entry)
                self.tree.scrollToItem(entry)
        finally:
            self._selecting = False

    def _position(self, item: Item) -> str:
        sections = self.view.form.sections
        s_index = next(n for n, s in enumerate(sections) if item in s.items)
        section = sections[s_index]
        return (self.tr("Part %1/%2: %3 · item %4/%5 · %6/%7 in all")
                .replace("%1", str(s_index + 1)).replace("%2", str(len(sections))).replace("%3", section.title)
                .replace("%4", str(section.items.index(item) + 1)).replace("%5", str(len(section.items)))
                .replace("%6", str(self.index + 1)).replace("%7", str(len(self.items))))

    # --- ItemController: answers, notes, numbers, staff, photos ------------------------------

    def choose_result(self, result: Result) -> None:
        item = self.current_item
        if item is None:
            return
        row = self._call(self.inspection.set_result, self.visit_id, item.code, result)
        if row is _FAILED:  # refused: show the stored answer again
            self.panel.show_answer(self.answers.get(item.code) or _empty(item.code))
            return
        self._apply({item.code: row})

    def save_note(self, text: str) -> None:
        item = self.current_item
        if item is None:
            return
        row = self._call(self.inspection.set_note, self.visit_id, item.code, text)
        if row is not _FAILED:
            self.answers[item.code] = row

    def save_value(self, field_code: str, value: int | None) -> None:
        item = self.current_item
        if item is None:
            return
        rows = self._call(self.inspection.set_value, self.visit_id, item.code, field_code, value)
        if rows is _FAILED:  # refused: show the stored numbers again
            self.panel.show_answer(self.answers.get(item.code) or _empty(item.code))
            return
        self._apply(rows)

    def save_staff(self, staff_ids: list[uuid.UUID]) -> None:
        item = self.current_item
        if item is not None:
            row = self._call(self.inspection.set_staff, self.visit_id, item.code, staff_ids)
            if row is not _FAILED:
                self.answers[item.code] = row

    def add_staff_member(self) -> None:
        dialog = PeopleDialog(self.tr("Staff member not in the list"),
                              self.tr("Name the staff member met at the counter; they are added to this reception point."),
                              [], self)
        if dialog.exec() != PeopleDialog.DialogCode.Accepted:
            return
        item = self.current_item
        for name, position in dialog.people():
            member = self._call(self.inspection.add_staff_member, self.visit_id, name, position)
            if member is _FAILED:
                return
            self.view = self._reload()
            if item is not None:
                chosen = list((self.answers.get(item.code) or _empty(item.code)).staff_ids) + [member.id]
                self.save_staff(chosen)
        if item is not None:
            self.panel.show_item(item, self.answers.get(item.code) or _empty(item.code), self.view.staff,
                                 self._position(item), self.view.editable)

    def add_photos(self, paths: list[Path]) -> list[str]:
        """Store the photos on the current item; what could not be stored, one line per file, for the panel's report."""
        item = self.current_item
        if item is None or not self.view.editable:
            return []
        problems = []
        for path in paths:
            try:
                self.inspection.add_photo(self.visit_id, item.code, path)
            except Exception as exc:  # noqa: BLE001 — one file's failure must not stop the others
                failure = describe(exc)
                problems.append(failure.message if failure.refusal else f"{path.name} — {failure.message}")
        self.answers[item.code] = self.inspection.answer(self.visit_id, item.code)
        self._apply({item.code: self.answers[item.code]})
        if len(problems) < len(paths):
            self._saved()
        return problems

    def remove_photo(self, photo_id: uuid.UUID) -> None:
        item = self.current_item
        if item is None:
            return
        if self._call(self.inspection.remove_photo, self.visit_id, photo_id) is not _FAILED:
            self._apply({item.code: self.inspection.answer(self.visit_id, item.code)})

    def photo_pixmap(self, sha256: str, size: int) -> QPixmap:
        key = (sha256, size)
        if key not in self._pixmaps:
            pixmap = QPixmap()
            pixmap.loadFromData(self.inspection.photo_bytes(sha256))
            self._pixmaps[key] = pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation)
        return self._pixmaps[key]

    # --- SummaryController ---------------------------------------------------------------------

    def save_summary(self, field: str, text: str) -> None:
        self._call(self.inspection.set_summary, self.visit_id, **{field: text})
        self._refresh_blockers()

    def draft_shortcomings(self) -> None:
        draft = self.inspection.draft_shortcomings(self.visit_id)
        editor = self.summary.editors["shortcomings"]
        if editor.toPlainText().strip() and QMessageBox.question(
            self, self.tr("Shortcomings"), self.tr("Replace the text written so far with a new draft from the failed items?")
        ) != QMessageBox.StandardButton.Yes:
            return
        self.summary.savers["shortcomings"].load(draft)
        self._call(self.inspection.set_summary, self.visit_id, shortcomings=draft)

    def _units(self) -> list:  # type: ignore[type-arg]
        with self.inspection.db.session() as session:
            return list_units(session)

    def _failed_items(self) -> list[tuple[str, str]]:
        return [(i.code, i.text) for i in self.items
                if (a := self.answers.get(i.code)) is not None and a.result is Result.FAIL]

    def add_recommendation(self, item_code: str = "") -> None:
        dialog = RecommendationDialog(self._units(), owner_id=self.view.unit_id, findings=self._failed_items(), parent=self)
        if item_code:
            dialog.finding.setCurrentIndex(max(0, dialog.finding.findData(item_code)))
        while dialog.exec() == RecommendationDialog.DialogCode.Accepted:
            text, owner, deadline, code = dialog.values()
            if self._call(self.inspection.add_recommendation, self.visit_id, text, owner, deadline, code) is not _FAILED:
                break
            dialog.error.setText(self.banner.text())
        self._refresh_summary()

    def edit_recommendation(self, rec_id: uuid.UUID) -> None:
        rec = next((r for r in self._reload().recommendations if r.id == rec_id), None)
        if rec is None:
            return
        dialog = RecommendationDialog(self._units(), owner_id=rec.owner_unit_id, text=rec.text, deadline=rec.deadline, parent=self)
        while dialog.exec() == RecommendationDialog.DialogCode.Accepted:
            text, owner, deadline, _code = dialog.values()
            if self._call(self.inspection.update_recommendation, self.visit_id, rec_id,
                          text=text, owner_unit_id=owner, deadline=deadline) is not _FAILED:
                break
            dialog.error.setText(self.banner.text())
        self._refresh_summary()

    def remove_recommendation(self, rec_id: uuid.UUID) -> None:
        if QMessageBox.question(self, self.tr("Remove recommendation"), self.tr("Remove the selected recommendation?")) \
                == QMessageBox.StandardButton.Yes:
            self._call(self.inspection.remove_recommendation, self.visit_id, rec_id)
            self._refresh_summary()

    def end_now(self) -> None:
        self.summary.end_edit.setDateTime(to_qdatetime(utcnow()))
        self.save_end_time()

    def save_end_time(self) -> None:
        ended = from_qdatetime(self.summary.end_edit.dateTime())
        if self._call(self.inspection.set_times, self.visit_id, None, ended) is _FAILED:
            view = self._reload()
            if view.ended_at:
                self.summary.end_edit.setDateTime(to_qdatetime(view.ended_at))
        self._refresh_blockers()

    def submit(self) -> None:
        self.flush()
        try:
            self.inspection.submit(self.visit_id)
        except SubmissionBlocked as exc:
            self.summary.show_blockers(exc.blockers)
            self.banner.error(self.tr("The visit cannot be submitted yet: %n thing(s) to complete, listed below.", "",
                                      len(exc.blockers)))
            return
        except VisitError as exc:
            self.banner.error(str(exc))
            return
        self._reload()
        self.show_comments()  # a new review cycle: the comments answered are no longer shown
        self._read_only_now()
        self.banner.info(self.tr("Submitted for review. The visit can no longer be changed unless it is returned."))
        self.changed.emit(self.visit_id)

    def _read_only_now(self) -> None:
        """The visit left the editable states (submitted, locked): show it read-only."""
        self.start_edit.setEnabled(False)
        self.representatives_button.setEnabled(False)
        self.banner.info(self.tr("This visit is “%1”: it can be read but no longer changed.")
                         .replace("%1", labels.visit_status(self.view.status)))
        if self.stack.currentWidget() is self.summary:
            self.summary.show_visit(self.view, [])
        else:
            self.open_index(self.index)

    # --- header --------------------------------------------------------------------------------

    def _save_start(self) -> None:
        started = from_qdatetime(self.start_edit.dateTime())
        if self._call(self.inspection.set_times, self.visit_id, started, None) is _FAILED:
            view = self._reload()
            if view.started_at:
                self.start_edit.setDateTime(to_qdatetime(view.started_at))

    def edit_representatives(self) -> None:
        dialog = PeopleDialog(
            self.tr("Representatives of the inspected unit"),
            self.tr("Who represents the unit during the visit (name and position, as printed in the minutes)."),
            [(p.full_name, p.position) for p in self.view.representatives], self,
        )
        if dialog.exec() == PeopleDialog.DialogCode.Accepted:
            self._call(self.inspection.set_representatives, self.visit_id, dialog.people())
            self.view = self._reload()
            self._show_representatives()

    def _show_representatives(self) -> None:
        count = len(self.view.representatives)
        self.representatives_button.setText(self.tr("Unit representatives (%1)…").replace("%1", str(count)))
        self.representatives_button.setToolTip("\n".join(f"{p.full_name} — {p.position}" for p in self.view.representatives))

    def show_visit_history(self) -> None:
        self.visit_history_dialog().exec()

    def show_item_history(self) -> None:
        dialog = self.item_history_dialog()
        if dialog is not None:
            dialog.exec()

    def visit_history_dialog(self) -> QDialog:
        """Who changed what in this visit, when (services.history), as a dialog to show."""
        from inspector.services.history import visit_history
        from inspector.ui.history import HistoryDialog

        with self.inspection.db.read() as session:
            rows = visit_history(session, self.visit_id, self.inspection.user_id)
        title = self.tr("History of the visit to %1").replace("%1", self.view.point_name)
        return HistoryDialog(title, rows, self, with_items=True)

    def item_history_dialog(self) -> QDialog | None:
        """The history of the item shown (None on the summary)."""
        from inspector.services.history import item_history
        from inspector.ui.history import HistoryDialog

        item = self.current_item
        if item is None:
            return None
        with self.inspection.db.read() as session:
            rows = item_history(session, self.visit_id, item.code, self.inspection.user_id)
        title = self.tr("History of item %1: %2").replace("%1", item.code).replace("%2", item.text)
        return HistoryDialog(title, rows, self)

    def show_minutes(self) -> None:
        # ReportLab and PDFium load on first use, not at start-up
        from inspector.services.minutes import Minutes
        from inspector.ui.minutes_dialog import MinutesDialog

        self.flush()
        dialog = MinutesDialog(Minutes(self.inspection.db, self.inspection.user_id), self.visit_id,
                               self.view.point_name, self)
        dialog.exec()
        if not self._reload().editable:  # numbered and locked meanwhile
            self._read_only_now()
        self.changed.emit(self.visit_id)

    # --- the reviewer's comments (services.review) -----------------------------------------------

    def _current_comments(self) -> list[Comment]:
        try:
            return [c for c in self.review.comments(self.visit_id) if c.current]
        except (AccessDenied, VisitError):  # no one signed in: the visit still opens, without them
            return []

    def _comment_lines(self, code: str | None) -> list[str]:
        return [f"{c.text} — {c.author_name}, {local(c.at):%H:%M %d/%m/%Y}" for c in self.comments if c.item_code == code]

    def show_comments(self, comments: list[Comment] | None = None) -> None:
        """Read (or take) the current cycle's comments again and show them: the banner, the tree, the item."""
        self.comments = [c for c in comments if c.current] if comments is not None else self._current_comments()
        for code in self._tree_items:
            self._mark(code)
        item = self.current_item
        if item is not None:
            self.panel.show_comments(self._comment_lines(item.code))
        self._show_review_banner()

    def _show_review_banner(self) -> None:
        lines = self._comment_lines(None)
        items = len({c.item_code for c in self.comments if c.item_code is not None})
        if items:
            lines.append(self.tr("Comments on %n item(s), marked in the list.", "", items))
        if lines:
            self.review_banner.setText(self.tr("Reviewer's comments:") + "\n" + "\n".join(f"• {line}" for line in lines))
        self.review_banner.setVisible(bool(lines))

    def _may_reopen(self) -> bool:
        try:
            return self.review.rights(self.visit_id).reopen
        except (AccessDenied, VisitError):  # no one signed in: nothing to offer
            return False

    def ask_reopen(self) -> None:
        reason, ok = QInputDialog.getMultiLineText(
            self, self.tr("Reopen the visit"),
            self.tr("Why is this visit reopened? The reason is kept in the history and shown to its inspectors. "
                    "A numbered minutes keeps its number; the clerk issues the next revision, the one already "
                    "issued is kept."))
        if ok:
            self.reopen(reason)

    def reopen(self, reason: str) -> bool:
        if self._call(self.review.reopen, self.visit_id, reason) is _FAILED:
            return False
        self._reload()
        self.reopen_button.setVisible(False)
        self.show_comments()
        self.banner.info(self.tr("Reopened: the visit is back with its inspectors."))
        self.changed.emit(self.visit_id)
        return True

    # --- plumbing --------------------------------------------------------------------------------

    def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | object:
        """Run a service call. A refusal is shown in the banner; a failure (database busy, disk full,
        anything unexpected) in the failure bar with Retry, the item marked as not saved. Nothing
        already saved changes either way."""
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 — every failure is shown here, none escapes the key handler
            failure = describe(exc)
            if failure.refusal:
                self.banner.error(failure.message)
            else:
                item = self.current_item
                self._failed_call = (fn, args, kwargs, item.code if item else "")
                self.failure.show_failure(failure.message, failure.retry)
                self.saved_label.setStyleSheet("color: #b00020; font-weight: bold;")
                self.saved_label.setText(self.tr("⚠ Not saved"))
                if item is not None:
                    self._mark(item.code)
            return _FAILED
        if self._failed_call is not None and self._failed_call[0] is fn and self._failed_call[1] == args:
            self._failed_call = None
        if self._failed_call is None:
            self.failure.hide()
        self._saved()
        return result

    def retry(self) -> None:
        """Try the failed save again; on success show what is stored now."""
        if self._failed_call is None:
            self.failure.hide()
            return
        fn, args, kwargs, code = self._failed_call
        if self._call(fn, *args, **kwargs) is _FAILED:
            return
        self._failed_call = None
        self.failure.hide()
        self.answers = dict(self._reload().answers)
        for other in self.answers:
            self._mark(other)
        if code:
            self._mark(code)
        item = self.current_item
        if item is not None:
            self.panel.show_answer(self.answers.get(item.code) or _empty(item.code))
        self._update_progress()
        self.focus_card()

    def _saved(self) -> None:
        self.last_saved = time.monotonic()
        self.saved_label.setStyleSheet("color: #2e7d32;")
        if self.view.editable and not self.banner.isHidden() and "#b00020" in self.banner.styleSheet():
            self.banner.clear_message()
        # Vietnam time, as every time the app shows (not the machine's zone)
        self.saved_label.setText(self.tr("✓ Saved %1").replace("%1", f"{local(utcnow()):%H:%M:%S}"))
        self.changed.emit(self.visit_id)

    def _apply(self, rows: dict[str, Any]) -> None:
        for code, row in rows.items():
            if isinstance(row, ItemAnswer):
                self.answers[code] = row
                self._mark(code)
        item = self.current_item
        if item is not None and item.code in rows:
            self.panel.show_answer(self.answers[item.code])
        self._update_progress()

    def _mark(self, code: str) -> None:
        entry = self._tree_items.get(code)
        if entry is None:
            return
        answer = self.answers.get(code)
        result = answer.result if answer else Result.UNCHECKED
        item = next(i for i in self.items if i.code == code)
        if self._failed_call is not None and self._failed_call[3] == code:  # the last change to it was not saved
            entry.setText(0, f"⚠  {code} {item.text}")
            entry.setForeground(0, QBrush(QColor("#b00020")))
            return
        entry.setText(0, f"{MARKS[result]}  {code} {item.text}")
        entry.setForeground(0, QBrush(QColor(COLOURS[result])))
        commented = bool(self._comment_lines(code))
        entry.setBackground(0, QBrush(QColor(COMMENTED)) if commented else QBrush())
        entry.setToolTip(0, "\n".join([item.text, *self._comment_lines(code)]) if commented else item.text)

    def _update_progress(self) -> None:
        states = {code: a.state() for code, a in self.answers.items()}
        for top, part in zip(self._section_items, progress(self.view.form, states), strict=True):
            failed = self.tr(", %1 failed").replace("%1", str(part.failed)) if part.failed else ""
            top.setText(0, f"{part.section.title}  ({part.answered}/{part.total}{failed})")
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setForeground(0, QBrush(QColor("#2e7d32" if part.done else "#000000")))

    def _reload(self) -> VisitView:
        self.view = self.inspection.open_visit(self.visit_id)
        return self.view

    def _refresh_summary(self) -> None:
        if self.stack.currentWidget() is self.summary:
            view = self._reload()
            self.summary.show_recommendations(view.recommendations)
            self._refresh_blockers()

    def _refresh_blockers(self) -> None:
        if self.stack.currentWidget() is self.summary and self.view.editable:
            self.summary.show_blockers(self.inspection.blockers(self.visit_id))

    def flush(self) -> None:
        """Commit text still being typed (called when moving on and when closing)."""
        self.panel.note_saver.flush()
        self.summary.flush()

    def close_screen(self) -> None:
        self.flush()
        self.closed.emit()


_FAILED = object()


def _empty(code: str) -> ItemAnswer:
    return ItemAnswer(code, Result.UNCHECKED, "", {}, (), ())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
