"""The minutes in the app: preview, save as PDF, print, the clerk numbers and locks, signed copy."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QInputDialog, QMessageBox

from inspector.domain.catalog import Role
from inspector.domain.workflow import VisitStatus
from inspector.services.minutes import Minutes
from inspector.store.models import Visit
from inspector.ui.minutes_dialog import MinutesDialog
from tests.conftest import save_artifact
from tests.test_minutes import _user, _visit, make_round


def test_preview_save_print_number_lock_and_attach(qtbot, app, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=4, photos=2)
    dialog = MinutesDialog(Minutes(db, _user(db, Role.CLERK)), visit_id, "Bộ phận Một cửa Ủy ban nhân dân Phường 2")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.state.text().startswith("Dự thảo: chưa đánh số.")
    assert len(dialog.page_labels) == len(PdfReader(tmp_write(dialog, tmp_path / "draft.pdf")).pages)
    assert dialog.page_labels[0].pixmap().width() > 700  # a readable page, not a thumbnail
    save_artifact(dialog, "minutes_preview.png")

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == len(dialog.page_labels)

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda parent, title, label, **k: (asked.append((label, k["text"])), ("21", True))[1])
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog.lock_button.click()
    assert warnings == []
    assert "…/BB-ĐKT" in asked[0][0] and asked[0][1] == "01"  # the round has no body: the earlier symbol
    assert dialog.state.text().startswith("Biên bản số 21/BB-ĐKT — đã khóa. Mã băm SHA-256 của tệp PDF: ")
    assert not dialog.lock_button.isEnabled() and dialog.signed_button.isEnabled()
    final = tmp_write(dialog, tmp_path / "final.pdf")
    assert "Số: 21/BB-ĐKT" in PdfReader(final).pages[0].extract_text()
    with db.session() as session:
        assert session.get(Visit, visit_id).status is VisitStatus.LOCKED

    scan = tmp_path / "da_ky.jpg"
    Image.new("RGB", (1200, 1700), "white").save(scan, "JPEG")
    assert dialog.attach_file(scan)
    assert "Đã đính kèm 1 bản đã ký." in dialog.state.text()
    not_a_scan = tmp_path / "ghi_chu.jpg"
    not_a_scan.write_text("không phải ảnh", encoding="utf-8")
    assert not dialog.attach_file(not_a_scan)
    assert "không phải ảnh" in warnings[-1]


def test_number_entry_uses_the_bodys_symbol(qtbot, app, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=0, photos=0, recommendations=0, round_id=make_round(db, "snv"))
    dialog = MinutesDialog(Minutes(db, _user(db, Role.CLERK)), visit_id, "Trung tâm")
    qtbot.addWidget(dialog)
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda parent, title, label, **k: (asked.append((label, k["text"])), ("5/bb-snv", True))[1])
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog.lock_button.click()
    assert warnings == []
    assert "…/BB-SNV" in asked[0][0] and asked[0][1] == "01"
    assert dialog.state.text().startswith("Biên bản số 05/BB-SNV — đã khóa.")


def test_inspector_cannot_lock(qtbot, app, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=0, photos=0)
    dialog = MinutesDialog(Minutes(db, _user(db, Role.INSPECTOR)), visit_id, "x")
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("3", True))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    assert not dialog.lock_button.isEnabled() and dialog.lock_button.toolTip()  # only the clerk numbers
    assert not dialog.signed_button.isEnabled()
    dialog.number_and_lock()  # reached anyway: the service refuses, and says why
    assert len(warnings) == 1 and "không có quyền" in warnings[0]
    with db.session() as session:
        assert session.get(Visit, visit_id).status is VisitStatus.APPROVED


def tmp_write(dialog: MinutesDialog, path: Path) -> Path:
    dialog.write_pdf(path)
    return path
