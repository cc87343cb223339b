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

from inspector.services.minutes import Minutes, MinutesPdf
from inspector.services.photos import PhotoRejected
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
        self.setWindowTitle(self.tr("Minutes — %1").replace("%1", title))
        self.resize(980, 760)
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setObjectName("minutesState")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.state)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.pages_holder = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_holder)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.pages_holder)
        self.scroll.setStyleSheet("QScrollArea { background: #8a8a8a; }")
        layout.addWidget(self.scroll, 1)

        row = QHBoxLayout()
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

    @property
    def page_labels(self) -> list[QLabel]:
        return [self.pages_layout.itemAt(i).widget() for i in range(self.pages_layout.count())]

    def refresh(self) -> None:
        try:
            self.current = self.minutes.pdf(self.visit_id)
        except VisitError as exc:
            self.state.setText(str(exc))
            return
        pdf = self.current
        signed = len(self.minutes.signed_copies(self.visit_id)) if pdf.final else 0
        if pdf.final:
            text = self.tr("Minutes no. %1 — locked. SHA-256 of the PDF: %2").replace("%1", pdf.number).replace("%2", pdf.sha256)
            if signed:
                text += "\n" + self.tr("%n signed copy(ies) attached.", "", signed)
        else:
            text = self.tr("Draft: not numbered yet. The clerk numbers the minutes, which locks the visit.")
        self.state.setText(text)
        self.lock_button.setEnabled(not pdf.final)
        self.signed_button.setEnabled(pdf.final)
        while self.pages_layout.count():
            widget = self.pages_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for image in render_pages(pdf.data, PREVIEW_SCALE):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("background: white; margin: 8px;")
            self.pages_layout.addWidget(label)

    def save_pdf(self) -> None:
        if self.current is None:
            return
        suggested = Path.home() / (f"Bien-ban-{self.current.number.replace('/', '-')}.pdf" if self.current.final
                                   else "Bien-ban-du-thao.pdf")
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
            self.minutes.finalize(self.visit_id, number)
        except VisitError as exc:
            QMessageBox.warning(self, self.tr("Number and lock the minutes"), str(exc))
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
        except (VisitError, PhotoRejected) as exc:
            QMessageBox.warning(self, self.tr("Signed copy of the minutes"), str(exc))
            return False
        self.refresh()
        return True
