"""Reviewing one visit: the visit screen, read-only, beside the reviewer's pane — a comment on the item
shown, a comment on the whole visit, the comments so far, and the decision: *Trả lại* (return, with a
reason) or *Duyệt* (approve)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.clock import local
from inspector.services.access import AccessDenied
from inspector.services.inspection import Inspection
from inspector.services.review import Comment, Review
from inspector.services.visits import VisitError
from inspector.ui.visit_screen import VisitScreen
from inspector.ui.widgets import Banner

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PANE_WIDTH = 400


class ReviewScreen(QWidget):
    closed = Signal()
    decided = Signal(object)  # visit id, after it was returned or approved

    def __init__(self, inspection: Inspection, visit_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewScreen")
        self.visit_id = visit_id
        self.review = Review(inspection.db, inspection.user_id)
        self.item_code: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.visit = VisitScreen(inspection, visit_id, self)  # read-only: a submitted visit cannot change
        self.visit.closed.connect(self.closed)
        layout.addWidget(self.visit, 1)

        pane = QWidget()
        pane.setObjectName("reviewPane")
        pane.setFixedWidth(PANE_WIDTH)
        side = QVBoxLayout(pane)
        title = QLabel(self.tr("<b>Review</b>"))
        side.addWidget(title)
        self.banner = Banner()
        side.addWidget(self.banner)

        self.item_box = QGroupBox()
        item_layout = QVBoxLayout(self.item_box)
        self.item_comment = QPlainTextEdit()
        self.item_comment.setObjectName("itemComment")
        self.item_comment.setPlaceholderText(self.tr("What the inspectors should check or fix on this item"))
        self.item_comment.setMaximumHeight(90)
        item_layout.addWidget(self.item_comment)
        self.item_button = QPushButton(self.tr("Add comment on the item"))
        self.item_button.setObjectName("addItemComment")
        self.item_button.clicked.connect(self.add_item_comment)
        item_layout.addWidget(self.item_button)
        side.addWidget(self.item_box)

        overall_box = QGroupBox(self.tr("Comment on the whole visit"))
        overall_layout = QVBoxLayout(overall_box)
        self.overall_comment = QPlainTextEdit()
        self.overall_comment.setObjectName("overallComment")
        self.overall_comment.setPlaceholderText(self.tr("On the conclusions, the recommendations, the visit as a whole"))
        self.overall_comment.setMaximumHeight(90)
        overall_layout.addWidget(self.overall_comment)
        self.overall_button = QPushButton(self.tr("Add overall comment"))
        self.overall_button.setObjectName("addOverallComment")
        self.overall_button.clicked.connect(self.add_overall_comment)
        overall_layout.addWidget(self.overall_button)
        side.addWidget(overall_box)

        side.addWidget(QLabel(self.tr("Comments (this submission first):")))
        self.list = QListWidget()
        self.list.setObjectName("reviewComments")
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(self._go_to_comment)
        side.addWidget(self.list, 1)
        self.remove_button = QPushButton(self.tr("Take back my comment"))
        self.remove_button.setObjectName("removeComment")
        self.remove_button.clicked.connect(self.remove_selected)
        side.addWidget(self.remove_button)

        decide = QHBoxLayout()
        self.return_button = QPushButton(self.tr("&Return…"))
        self.return_button.setObjectName("returnButton")
        self.return_button.setMinimumHeight(44)
        self.return_button.setStyleSheet("QPushButton { color: #b00020; font-weight: bold; }")
        self.return_button.clicked.connect(self.ask_return)
        self.approve_button = QPushButton(self.tr("&Approve"))
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setMinimumHeight(44)
        self.approve_button.setStyleSheet("QPushButton { color: #1b5e20; font-weight: bold; }")
        self.approve_button.clicked.connect(self.ask_approve)
        decide.addWidget(self.return_button)
        decide.addWidget(self.approve_button)
        side.addLayout(decide)
        layout.addWidget(pane)

        self.visit.item_shown.connect(self._item_shown)
        self._item_shown(self.visit.current_item.code if self.visit.current_item else "")
        self.refresh()

    # --- state -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """The comments and what the reviewer may do now, read again."""
        comments = self.review.comments(self.visit_id)
        self.visit.show_comments(comments)
        self.list.clear()
        for comment in comments:
            entry = QListWidgetItem(self._describe(comment))
            entry.setData(ID_ROLE, str(comment.id))
            entry.setToolTip(comment.text)
            if not comment.current:
                entry.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(entry)
        rights = self.review.rights(self.visit_id)
        for widget in (self.item_comment, self.item_button, self.overall_comment, self.overall_button,
                       self.remove_button, self.return_button, self.approve_button):
            widget.setEnabled(rights.review)
        self.item_box.setEnabled(rights.review and bool(self.item_code))

    def _describe(self, comment: Comment) -> str:
        where = comment.item_code or self.tr("Whole visit")
        when = f"{local(comment.at):%H:%M %d/%m/%Y}"
        cycle = "" if comment.current else " " + self.tr("(submission %1)").replace("%1", str(comment.cycle))
        return f"[{where}] {comment.text}\n— {comment.author_name}, {when}{cycle}"

    def _item_shown(self, code: str) -> None:
        self.item_code = code or None
        self.item_box.setTitle(self.tr("Comment on item %1").replace("%1", code) if code
                               else self.tr("Comment on an item (choose an item)"))
        self.item_box.setEnabled(bool(code) and self.approve_button.isEnabled())

    def _go_to_comment(self, entry: QListWidgetItem) -> None:
        comment = next((c for c in self.visit.comments if str(c.id) == entry.data(ID_ROLE)), None)
        if comment is not None and comment.item_code:
            self.visit.open_item(comment.item_code)

    # --- actions -------------------------------------------------------------------------------------

    def _run(self, fn, *args) -> bool:  # type: ignore[no-untyped-def]
        try:
            fn(*args)
        except (VisitError, AccessDenied) as exc:
            self.banner.error(str(exc))
            return False
        self.banner.clear_message()
        return True

    def add_item_comment(self) -> bool:
        if self.item_code is None:
            return False
        if self._run(self.review.add_comment, self.visit_id, self.item_code, self.item_comment.toPlainText()):
            self.item_comment.clear()
            self.refresh()
            return True
        return False

    def add_overall_comment(self) -> bool:
        if self._run(self.review.add_comment, self.visit_id, None, self.overall_comment.toPlainText()):
            self.overall_comment.clear()
            self.refresh()
            return True
        return False

    def remove_selected(self) -> None:
        entry = self.list.currentItem()
        if entry is not None and self._run(self.review.remove_comment, self.visit_id, uuid.UUID(entry.data(ID_ROLE))):
            self.refresh()

    def ask_return(self) -> None:
        reason, ok = QInputDialog.getMultiLineText(
            self, self.tr("Return the visit"),
            self.tr("Why is the visit returned? Its inspectors see this with the comments on the items."))
        if ok:
            self.return_visit(reason)

    def return_visit(self, reason: str) -> bool:
        if not self._run(self.review.return_visit, self.visit_id, reason):
            return False
        self.decided.emit(self.visit_id)
        return True

    def ask_approve(self) -> None:
        if QMessageBox.question(
            self, self.tr("Approve the visit"),
            self.tr("Approve this visit? Its findings can then no longer be changed, and the clerk can number the minutes."),
        ) == QMessageBox.StandardButton.Yes:
            self.approve()

    def approve(self) -> bool:
        if not self._run(self.review.approve, self.visit_id):
            return False
        self.decided.emit(self.visit_id)
        return True

    # --- as the main window treats an open visit -------------------------------------------------------

    def flush(self) -> None:
        self.visit.flush()

    def focus_card(self) -> None:
        self.visit.focus_card()
