"""Small widgets and helpers shared by the screens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QAbstractItemModel, QDate, QDateTime, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QWidget,
)

from inspector.domain.clock import VIETNAM, local

SAVE_DELAY_MS = 400


class DebouncedSaver(QObject):
    """Saves text a moment after the typing stops, and at once when focus leaves or on flush().

    Typing is committed within SAVE_DELAY_MS; leaving the field, moving to
    another item or closing the window commits immediately.
    """

    def __init__(self, editor: QPlainTextEdit, save: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent or editor)
        self.editor = editor
        self._save = save
        self._pending = False
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        editor.textChanged.connect(self._touched)
        editor.installEventFilter(self)

    def load(self, text: str) -> None:
        """Show stored text without treating it as an edit."""
        self._timer.stop()
        self._pending = False
        self._loading = True
        try:
            if self.editor.toPlainText() != text:
                self.editor.setPlainText(text)
        finally:
            self._loading = False

    @property
    def pending(self) -> bool:
        return self._pending

    def _touched(self) -> None:
        if self._loading:
            return
        self._pending = True
        self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if self._pending:
            self._pending = False
            self._save(self.editor.toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False


class Banner(QLabel):
    """A line of feedback under a screen's header: errors in red, confirmations in green."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.hide()

    def error(self, text: str) -> None:
        self.setStyleSheet("background: #fdecea; color: #b00020; padding: 6px; border-radius: 4px;")
        self.setText(text)
        self.show()

    def info(self, text: str) -> None:
        self.setStyleSheet("background: #e8f5e9; color: #1b5e20; padding: 6px; border-radius: 4px;")
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()


class FailureBar(QFrame):
    """A failed save: what failed, that it was not saved, what to do, and a Retry button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("failureBar")
        self.setStyleSheet("#failureBar { background: #fdecea; border: 1px solid #b00020; border-radius: 4px; }"
                           " QLabel { color: #b00020; font-weight: bold; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        self.label = QLabel()
        self.label.setObjectName("failureText")
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.retry_button = QPushButton(self.tr("&Retry"))
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # keys 1/2/3 stay with the item card
        row.addWidget(self.retry_button)
        self.hide()

    def show_failure(self, text: str, retry: bool) -> None:
        self.label.setText(text)
        self.retry_button.setVisible(retry)
        self.show()

    def text(self) -> str:
        return self.label.text()


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def to_qdatetime(moment: datetime) -> QDateTime:
    """A stored UTC time as the local wall-clock time the user reads."""
    wall = local(moment)
    return QDateTime.fromString(wall.strftime("%Y-%m-%dT%H:%M:%S"), "yyyy-MM-ddTHH:mm:ss")


def from_qdatetime(value: QDateTime) -> datetime:
    """What the user typed (Vietnam wall-clock time) as an aware datetime."""
    wall = datetime.strptime(value.toString("yyyy-MM-ddTHH:mm:ss"), "%Y-%m-%dT%H:%M:%S")
    return wall.replace(tzinfo=VIETNAM)


def day_text(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "…"


def period_text(start: date | None, end: date | None) -> str:
    return f"{day_text(start)} – {day_text(end)}"


def date_edit(name: str, value: date | None = None) -> QDateEdit:
    """A day picker as Vietnamese write dates (dd/MM/yyyy), with a calendar."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    if value is not None:
        edit.setDate(to_qdate(value))
    return edit


FIT_PADDING = 18  # pixels beside the widest text of a fitted column


def fit_columns(table: QTableWidget, columns: range | tuple[int, ...]) -> None:
    """Size columns to their contents (header included) with room to breathe; the others stretch."""
    for column in columns:
        table.resizeColumnToContents(column)
        table.setColumnWidth(column, table.columnWidth(column) + FIT_PADDING)


def list_table(object_name: str, model: QAbstractItemModel) -> QTableView:
    """A read-only list of rows over ``model``: whole rows selected one at a time, no editing, no row numbers,
    one line a row with long names elided in the middle ("Bộ phận Một cửa … Phường 1": the end tells them apart)."""
    table = QTableView()
    table.setObjectName(object_name)
    table.setModel(model)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    return table
