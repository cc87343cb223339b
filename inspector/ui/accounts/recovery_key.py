"""The recovery key, shown once to print: made with the first administrator's password (services.accounts)
or for an encrypted database that has none yet (a converted one, when an administrator signs in)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from inspector.reports.recovery_sheet import key_lines, render_recovery_sheet
from inspector.store.types import utcnow


def monospace_font(point_size: int) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(point_size)
    font.setBold(True)
    return font


class RecoveryKeyDialog(QDialog):
    """The key in large type, Print…, Save as PDF…, and the plain warning. Closing before it was printed or
    saved asks once more: the key is not shown again."""

    def __init__(self, key: str, database: Path | None, parent: QWidget | None = None, *,
                 made_at: datetime | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.database = database
        self.made_at = made_at or utcnow()
        self.kept = False  # printed or saved at least once
        self.setObjectName("recoveryKeyDialog")
        self.setWindowTitle(self.tr("Recovery key — print it and keep it safe"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The data of this database is encrypted: each user opens it with their own "
                               "password. If every administrator forgets their password, this recovery key is "
                               "the only way to open the data again."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if database is not None:
            where = QLabel(self.tr("Database: %1").replace("%1", str(database)))
            where.setWordWrap(True)
            where.setStyleSheet("color: #555;")
            layout.addWidget(where)
        self.key_label = QLabel("\n".join(key_lines(key)))
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setFont(monospace_font(20))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setFrameShape(QFrame.Shape.Box)
        self.key_label.setStyleSheet("padding: 14px; background: white; color: black;")
        layout.addWidget(self.key_label)
        keep = QLabel(self.tr("Print it, or save it as a PDF and print that, then keep the paper locked away from "
                              "the laptop and delete the saved PDF. Anyone who has this key and a copy of the "
                              "file can read everything in it."))
        keep.setWordWrap(True)
        layout.addWidget(keep)
        self.warning = QLabel(self.tr("If every administrator password AND this recovery key are lost, the data is "
                                      "lost for good: no one can open it, not even the makers of Inspector."))
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #9b0000; font-weight: bold;")
        layout.addWidget(self.warning)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(self.tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setObjectName("printButton")
        self.save_button = buttons.addButton(self.tr("Save as P&DF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("saveButton")
        self.done_button = buttons.addButton(self.tr("I have &kept it"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setObjectName("doneButton")
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button.clicked.connect(self.save_pdf)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.print_button.setDefault(True)

    def pdf(self) -> bytes:
        """The one-page sheet (reports.recovery_sheet)."""
        return render_recovery_sheet(str(self.database or ""), self.key, self.made_at)

    # --- keeping it --------------------------------------------------------------------------------

    def save_pdf(self) -> None:
        suggested = Path.home() / "Ma-khoi-phuc-Inspector.pdf"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the recovery key"), str(suggested),
                                              self.tr("PDF (*.pdf)"))
        if name:
            self.write_pdf(Path(name))

    def write_pdf(self, path: Path) -> bool:
        try:
            path.write_bytes(self.pdf())
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Save the recovery key"), f"{exc.strerror or exc}: {path}")
            return False
        self.kept = True
        return True

    def print_sheet(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                          QMarginsF(0, 0, 0, 0)))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        from inspector.ui.minutes_dialog import render_pages

        dpi = min(printer.resolution(), 300)
        painter = QPainter(printer)
        try:
            for n, image in enumerate(render_pages(self.pdf(), dpi / 72)):
                if n:
                    printer.newPage()
                painter.drawImage(QRectF(printer.pageLayout().fullRectPixels(printer.resolution())), image)
        finally:
            painter.end()
        self.kept = True

    # --- closing -------------------------------------------------------------------------------------

    def _may_close(self) -> bool:
        if self.kept:
            return True
        answer = QMessageBox.question(
            self, self.windowTitle(),
            self.tr("You have neither printed nor saved the recovery key, and it is not shown again. "
                    "Close anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def accept(self) -> None:
        if self._may_close():
            super().accept()

    def reject(self) -> None:
        if self._may_close():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close():
            super().closeEvent(event)
        else:
            event.ignore()


def offer_recovery_key(db, user_id, parent: QWidget | None = None) -> bool:  # type: ignore[no-untyped-def]
    """An administrator signed in on an encrypted database without a recovery key (a converted one) is given
    one to print, now. True when one was made."""
    from inspector.domain.catalog import Role
    from inspector.services.accounts import needs_recovery_key, new_recovery_key
    from inspector.store.models import User

    if user_id is None or getattr(db, "keyring", None) is None:
        return False
    with db.session() as session:
        user = session.get(User, user_id)
        if user is None or not user.active or not user.has_role(Role.ADMIN) or not needs_recovery_key(session):
            return False
        text = new_recovery_key(session, user_id)
    if text is None:
        return False
    RecoveryKeyDialog(text, db.path, parent).exec()
    return True
