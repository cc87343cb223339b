"""Quick entry of paper questionnaires: a keyboard grid, one row per sheet, one column per question.

Type the digits straight in: 1–5 on the scale, a context question's option number; the cursor moves right, and
from the last question to the next row (Enter and Tab move the same way). Backspace, Delete or 0 leave a cell
blank (not answered). A digit the question does not take is refused with a message and the cursor stays. Every
cell is committed as it is typed (services.survey); the first cell typed in the empty last row starts a new sheet,
numbered next (its number can be changed in the first column).
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.services import survey
from inspector.services.survey import PAPER, SheetRow, SurveyQuestion
from inspector.store.db import Database

Index = QModelIndex | QPersistentModelIndex


class PaperModel(QAbstractTableModel):
    """Column 0: the sheet's number; then one column per question. The last row is empty: typing starts a sheet."""

    refused = Signal(str)

    def __init__(self, db: Database, user_id: uuid.UUID, visit_id: uuid.UUID, parent: Any = None) -> None:
        super().__init__(parent)
        self.db, self.user_id, self.visit_id = db, user_id, visit_id
        with db.session() as session:
            survey.check_can_survey(session, user_id, visit_id, PAPER)
            version = survey.visit_survey_form(session, visit_id)
            self.questions: list[SurveyQuestion] = survey.survey_questions(session, version.id)
            self.rows: list[SheetRow] = survey.responses(session, visit_id, PAPER)

    # --- reading -------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name
        return 0 if parent.isValid() else len(self.rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name
        return 0 if parent.isValid() else len(self.questions) + 1

    def question(self, column: int) -> SurveyQuestion:
        return self.questions[column - 1]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Sheet") if section == 0 else self.question(section).code
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            q = self.question(section)
            if q.kind == "scale":
                return q.text + "\n" + self.tr("1 to 5: very dissatisfied … very satisfied")
            return q.text + "\n" + "\n".join(f"{n}: {text}" for n, (_c, text) in enumerate(q.options, 1))
        return None

    def _number(self, question: SurveyQuestion, given: int | str | None) -> int | None:
        if given is None:
            return None
        if question.kind == "scale":
            return int(given)
        return next((n for n, (code, _t) in enumerate(question.options, 1) if code == given), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return row.sheet_no
            return None
        question = self.question(index.column())
        number = self._number(question, row.answers.get(question.code))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "" if number is None else str(number)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole and number is not None and question.kind == "choice":
            return question.options[number - 1][1]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and index.row() < len(self.rows):
            flags |= Qt.ItemFlag.ItemIsEditable  # the sheet's number, through the usual editor
        return flags

    # --- writing -------------------------------------------------------------------------------------------

    def type_digit(self, index: QModelIndex, digit: int | None) -> bool:
        """A digit typed in a question's cell (None: emptied). False, with a message, when refused."""
        if not index.isValid() or index.column() == 0:
            return False
        question = self.question(index.column())
        value: int | None = None
        choice: str | None = None
        if digit is not None:
            if question.kind == "scale":
                if not 1 <= digit <= 5:
                    self.refused.emit(self.tr("%1 takes 1 to 5 (or nothing): %2 is refused.")
                                      .replace("%1", question.code).replace("%2", str(digit)))
                    return False
                value = digit
            else:
                if not 1 <= digit <= len(question.options):
                    self.refused.emit(self.tr("%1 takes an option from 1 to %3 (or nothing): %2 is refused.")
                                      .replace("%1", question.code).replace("%2", str(digit))
                                      .replace("%3", str(len(question.options))))
                    return False
                choice = question.options[digit - 1][0]
        row_number = index.row()
        try:
            with self.db.session() as session:
                if row_number >= len(self.rows):
                    if digit is None:
                        return True  # nothing typed on the empty row
                    response_id = survey.start_response(session, self.user_id, self.visit_id, PAPER)
                    sheet = survey.responses(session, self.visit_id, PAPER)
                    new = next(r for r in sheet if r.response_id == response_id)
                else:
                    new = None
                    response_id = self.rows[row_number].response_id
                survey.answer(session, self.user_id, response_id, question.code, value, choice)
        except Exception as exc:  # noqa: BLE001 - shown, the cell keeps what it had
            self.refused.emit(self.tr("Not saved: %1").replace("%1", str(exc)))
            return False
        if new is not None:
            self.beginInsertRows(QModelIndex(), len(self.rows) + 1, len(self.rows) + 1)
            self.rows.append(SheetRow(new.response_id, new.mode, new.sheet_no, new.finished, {}))
            self.endInsertRows()
            self.dataChanged.emit(self.index(row_number, 0), self.index(row_number, self.columnCount() - 1))
        answers = self.rows[row_number].answers
        if digit is None:
            answers.pop(question.code, None)
        else:
            answers[question.code] = value if value is not None else choice  # type: ignore[assignment]
        self.dataChanged.emit(index, index)
        return True

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if index.column() != 0:
            text = str(value or "").strip()
            if text and not (len(text) == 1 and text.isdigit()):
                self.refused.emit(self.tr("Type one digit."))
                return False
            return self.type_digit(QModelIndex(index), int(text) if text and text != "0" else None)
        row = self.rows[index.row()]
        try:
            number = int(str(value).strip())
        except ValueError:
            self.refused.emit(self.tr("A sheet number is a whole number."))
            return False
        try:
            with self.db.session() as session:
                survey.set_sheet_no(session, self.user_id, row.response_id, number)
        except Exception as exc:  # noqa: BLE001
            self.refused.emit(str(exc))
            return False
        self.rows[index.row()] = SheetRow(row.response_id, row.mode, number, row.finished, row.answers)
        self.dataChanged.emit(index, index)
        return True


class PaperGrid(QTableView):
    """The keyboard grid: digits straight into the cells, the cursor moving on by itself."""

    def __init__(self, model: PaperModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyPaperGrid")
        self.setModel(model)
        self.paper = model
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)  # Tab reaches keyPressEvent: right, then the next row
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(52)
        self.setColumnWidth(0, 64)
        self.verticalHeader().setVisible(False)
        self.setCurrentIndex(model.index(model.rowCount() - 1, 1))

    def move_on(self) -> None:
        current = self.currentIndex()
        model = self.paper
        row, column = current.row(), current.column() + 1
        if column >= model.columnCount():
            row, column = min(row + 1, model.rowCount() - 1), 1
        self.setCurrentIndex(model.index(row, column))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        current = self.currentIndex()
        key = event.key()
        if current.isValid() and current.column() > 0 and self.state() != QAbstractItemView.State.EditingState:
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                if self.paper.type_digit(current, key - Qt.Key.Key_0):
                    self.move_on()
                return
            if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_0):
                self.paper.type_digit(current, None)
                return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab) and self.state() != QAbstractItemView.State.EditingState:
            self.move_on()
            return
        super().keyPressEvent(event)


class PaperDialog(QDialog):
    """Nhập phiếu khảo sát giấy of one visit."""

    def __init__(self, db: Database, user_id: uuid.UUID, visit_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyPaperDialog")
        self.setWindowTitle(self.tr("Paper questionnaires"))
        self.model = PaperModel(db, user_id, visit_id, self)
        layout = QVBoxLayout(self)
        help_text = QLabel(self.tr("One row per paper sheet. Type 1–5 for each question (a context question: the "
                                   "option's number); the cursor moves on by itself. Backspace or 0 leaves a cell "
                                   "blank (not answered). Every cell is saved as you type. Point at a column's "
                                   "heading to read its question."))
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        self.grid = PaperGrid(self.model, self)
        layout.addWidget(self.grid, 1)
        self.message = QLabel()
        self.message.setObjectName("paperMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.message)
        self.count = QLabel()
        layout.addWidget(self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.model.refused.connect(self._refused)
        self.model.dataChanged.connect(lambda *_: self._counted())
        self.grid.selectionModel().currentChanged.connect(lambda *_: self.message.clear())
        self._counted()
        self.resize(1200, 560)
        self.grid.setFocus()

    def _refused(self, text: str) -> None:
        self.message.setText(text)
        from PySide6.QtWidgets import QApplication

        QApplication.beep()

    def _counted(self) -> None:
        self.count.setText(self.tr("%1 sheets entered.").replace("%1", str(len(self.model.rows))))
