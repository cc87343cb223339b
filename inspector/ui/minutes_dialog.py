"""Minutes of a visit: preview the pages, print, save as PDF; the clerk numbers and locks them."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.catalog import Role
from inspector.domain.clock import local
from inspector.services.access import AccessDenied
from inspector.services.minutes import Minutes, MinutesPdf
from inspector.services.photos import PhotoRejected
from inspector.services.users import get_user
from inspector.services.visits import VisitError

PREVIEW_SCALE = 1.25  # 72 dpi × 1.25: a readable A4 page on a laptop screen


def render_pages(pdf: bytes, scale: float) -> list[QImage]:
    """PDF pages as images (PDFium), for the preview and for printing."""
    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=scale)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, "PNG")
            images.append(QImage.fromData(buffer.getvalue(), "PNG"))
            page.close()
    finally:
        document.close()
    return images


class MinutesDialog(QDialog):
    def __init__(self, minutes: Minutes, visit_id: uuid.UUID, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self.visit_id = visit_id
        self.current: MinutesPdf | None = None
        self.latest: MinutesPdf | None = None  # the visit's minutes now (the combo may show an earlier revision)
        self.setWindowTitle(self.tr("Minutes — %1").replace("%1", title))
        self.resize(980, 760)
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setObjectName("minutesState")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.state)
        # Section III.3, the citizens' reference satisfaction index: offered when the visit has survey responses, on
        # by default; what is issued is what the preview shows (minutes already issued keep their stored PDF).
        self.survey_check = QCheckBox()
        self.survey_check.setObjectName("surveyIndexCheck")
        self.survey_check.setChecked(True)
        self.survey_check.setVisible(False)
        self.survey_check.toggled.connect(lambda _on: self.refresh())
        layout.addWidget(self.survey_check)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.pages_holder = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_holder)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.pages_holder)
        self.scroll.setStyleSheet("QScrollArea { background: #8a8a8a; }")
        layout.addWidget(self.scroll, 1)

        row = QHBoxLayout()
        # every issued revision stays readable: choose one to see, print or save it as issued
        self.revision_combo = QComboBox()
        self.revision_combo.setObjectName("revisionCombo")
        self.revision_combo.activated.connect(self._revision_chosen)
        row.addWidget(self.revision_combo)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.clicked.connect(self.print_minutes)
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.clicked.connect(self.save_pdf)
        self.lock_button = QPushButton(self.tr("&Number and lock…"))
        self.lock_button.setObjectName("lockButton")
        self.lock_button.clicked.connect(self.number_and_lock)
        self.signed_button = QPushButton(self.tr("Attach the &signed copy…"))
        self.signed_button.clicked.connect(self.attach_signed)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        for button in (self.print_button, self.save_button, self.lock_button, self.signed_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    def _roles(self) -> frozenset[Role]:
        with self.minutes.db.read() as session:
            user = get_user(session, self.minutes.user_id)
        return user.roles if user is not None else frozenset()

    @property
    def page_labels(self) -> list[QLabel]:
        return [self.pages_layout.itemAt(i).widget() for i in range(self.pages_layout.count())]

    def refresh(self) -> None:
        try:
            self.current = self.latest = self.minutes.pdf(self.visit_id, survey=self.survey_check.isChecked())
            revisions = self.minutes.revisions(self.visit_id)
            responses = self.minutes.survey_responses(self.visit_id)
        except (VisitError, AccessDenied) as exc:
            self.state.setText(str(exc))
            return
        pdf = self.current
        self.survey_check.setText(self.tr("Include the reference satisfaction index of the on-the-spot survey "
                                          "(%n response(s))", "", responses))
        self.survey_check.setVisible(bool(responses) and not pdf.final)
        signed = len(self.minutes.signed_copies(self.visit_id)) if pdf.final else 0
        if pdf.final:
            text = self.tr("Minutes no. %1 — locked. SHA-256 of the PDF: %2").replace("%1", pdf.number).replace("%2", pdf.sha256)
            if pdf.revision > 1:
                text += "\n" + self.tr("Revision %1; the earlier revisions are kept as issued.").replace("%1", str(pdf.revision))
            if signed:
                text += "\n" + self.tr("%n signed copy(ies) attached.", "", signed)
        elif pdf.number:
            text = (self.tr("Draft of revision %1 of minutes no. %2 (the visit was reopened).")
                    .replace("%1", str(pdf.revision)).replace("%2", pdf.number))
            text += " " + (self.tr("The clerk issues it under the same number; the revision already issued is kept.")
                           if pdf.issuable else self.tr("The supervisor must approve the visit again before it is issued."))
        elif pdf.issuable:
            text = self.tr("Draft: not numbered yet. The clerk numbers the minutes, which locks the visit.")
        else:
            text = self.tr("Draft: not numbered yet. The supervisor approves the visit first; then the clerk numbers "
                           "the minutes, which locks the visit.")
        self.state.setText(text)
        roles = self._roles()  # the buttons of what this user may not do are disabled (the services refuse anyway)
        self.lock_button.setEnabled(pdf.issuable and Role.CLERK in roles)
        self.lock_button.setToolTip("" if Role.CLERK in roles else self.tr("Only the clerk numbers and locks the minutes."))
        self.lock_button.setText(self.tr("&Issue revision %1…").replace("%1", str(pdf.revision))
                                 if pdf.number and not pdf.final else self.tr("&Number and lock…"))
        self.signed_button.setEnabled(pdf.final and not roles.isdisjoint({Role.CLERK, Role.ADMIN}))
        self.revision_combo.clear()
        for revision in revisions:
            self.revision_combo.addItem(
                self.tr("Revision %1 — issued %2").replace("%1", str(revision.revision))
                .replace("%2", f"{local(revision.issued_at):%d/%m/%Y}"), revision.revision)
        if not pdf.final:
            self.revision_combo.addItem(self.tr("Draft of revision %1").replace("%1", str(pdf.revision)), 0)
        self.revision_combo.setCurrentIndex(self.revision_combo.count() - 1)
        self.revision_combo.setVisible(self.revision_combo.count() > 1)
        self._show_pages()

    def show_revision(self, revision: int) -> None:
        """Show an issued revision as issued (0: the visit's minutes now); print and save take it."""
        try:
            self.current = self.minutes.revision_pdf(self.visit_id, revision) if revision else self.latest
        except (VisitError, AccessDenied) as exc:
            QMessageBox.warning(self, self.tr("Minutes"), str(exc))
            return
        index = self.revision_combo.findData(revision)
        if index < 0 and self.latest is not None:
            index = self.revision_combo.findData(self.latest.revision)
        if index >= 0:
            self.revision_combo.setCurrentIndex(index)
        self._show_pages()

    def _revision_chosen(self, index: int) -> None:
        revision = self.revision_combo.itemData(index)
        latest = self.latest
        self.show_revision(0 if latest is not None and latest.final and revision == latest.revision else revision)

    def _show_pages(self) -> None:
        assert self.current is not None
        while self.pages_layout.count():
            widget = self.pages_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop, and the new pages go in now
                widget.deleteLater()
        for image in render_pages(self.current.data, PREVIEW_SCALE):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("background: white; margin: 8px;")
            self.pages_layout.addWidget(label)

    def save_pdf(self) -> None:
        if self.current is None:
            return
        revision = f"-lan-{self.current.revision}" if self.current.final and self.current.revision > 1 else ""
        suggested = Path.home() / (f"Bien-ban-{self.current.number.replace('/', '-')}{revision}.pdf"
                                   if self.current.final else "Bien-ban-du-thao.pdf")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the minutes"), str(suggested), self.tr("PDF (*.pdf)"))
        if name:
            self.write_pdf(Path(name))

    def write_pdf(self, path: Path) -> None:
        assert self.current is not None
        try:
            path.write_bytes(self.current.data)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Save the minutes"), f"{exc.strerror or exc}: {path}")

    def print_minutes(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                          QMarginsF(0, 0, 0, 0)))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Each page drawn full-bleed at the printer's resolution (the PDF keeps its own margins)."""
        assert self.current is not None
        dpi = min(printer.resolution(), 300)
        pages = render_pages(self.current.data, dpi / 72)
        painter = QPainter(printer)
        try:
            for n, image in enumerate(pages):
                if n:
                    printer.newPage()
                target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
                painter.drawImage(target, image)
        finally:
            painter.end()

    def number_and_lock(self) -> None:
        latest = self.latest
        if latest is not None and latest.number and not latest.final:
            self.issue_revision()
            return
        suggestion = self.minutes.suggest_number(visit_id=self.visit_id)
        symbol = self.minutes.number_symbol(self.visit_id)
        number, ok = QInputDialog.getText(
            self, self.tr("Number and lock the minutes"),
            self.tr("Number of the minutes (…/%1). After this the visit can no longer be changed:").replace("%1", symbol),
            text=suggestion,
        )
        if not ok:
            return
        try:
            self.minutes.finalize(self.visit_id, number, survey=self.survey_check.isChecked())
        except (VisitError, AccessDenied) as exc:
            QMessageBox.warning(self, self.tr("Number and lock the minutes"), str(exc))
            return
        self.refresh()

    def issue_revision(self) -> None:
        """A reopened visit, approved again: the next revision under the number it keeps (none asked)."""
        assert self.latest is not None
        title = self.tr("Issue revision %1").replace("%1", str(self.latest.revision))
        if QMessageBox.question(
            self, title,
            self.tr("Issue revision %1 of minutes no. %2? It replaces the earlier revision, which is kept as "
                    "issued. After this the visit can no longer be changed.")
            .replace("%1", str(self.latest.revision)).replace("%2", self.latest.number),
        ) != QMessageBox.StandardButton.Yes:
            return
        try:
            self.minutes.finalize(self.visit_id, survey=self.survey_check.isChecked())
        except (VisitError, AccessDenied) as exc:
            QMessageBox.warning(self, title, str(exc))
            return
        self.refresh()

    def attach_signed(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Signed copy of the minutes"), str(Path.home()),
                                              self.tr("Photos or scans (*.jpg *.jpeg *.png *.tif *.tiff)"))
        if name:
            self.attach_file(Path(name))

    def attach_file(self, path: Path) -> bool:
        try:
            self.minutes.attach_signed_copy(self.visit_id, path)
        except (VisitError, PhotoRejected, AccessDenied) as exc:
            QMessageBox.warning(self, self.tr("Signed copy of the minutes"), str(exc))
            return False
        self.refresh()
        return True
