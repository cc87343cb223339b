"""The reference satisfaction index in the app: the minutes dialog's check box (section III.3 on by default when the
visit has survey responses, off on request, issued as previewed) and the dashboard's table beside the inspectors'
results per SIPAS criterion. Screenshots: artifacts/survey/."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from inspector.domain.catalog import Role
from inspector.domain.clock import local_today
from inspector.domain.report_figures import Period
from inspector.domain.satisfaction import interval_text, percent
from inspector.services import survey_index
from inspector.services.minutes import Minutes
from inspector.ui.dashboard.view import DashboardView
from inspector.ui.minutes_dialog import MinutesDialog
from tests.conftest import ARTIFACTS
from tests.test_minutes import _user, _visit
from tests.test_survey_index import add_responses

SHOTS = (ARTIFACTS / "survey",)
SECTION = "3. Ý kiến của người dân, tổ chức"


def _save(name: str, data: bytes | None = None, widget=None) -> None:  # type: ignore[no-untyped-def]
    for folder in SHOTS:
        folder.mkdir(parents=True, exist_ok=True)
        if widget is not None:
            QApplication.processEvents()
            widget.grab().save(str(folder / name))
        else:
            (folder / name).write_bytes(data or b"")


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


def _page_png(pdf: bytes, needle: str, name: str, tmp_path: Path) -> None:
    """The page of ``pdf`` holding ``needle``, as a PNG (pdftoppm, 110 dpi)."""
    page = next(n for n, p in enumerate(PdfReader(io.BytesIO(pdf)).pages, 1)
                if needle in re.sub(r"\s+", " ", p.extract_text() or ""))
    source = tmp_path / "minutes.pdf"
    source.write_bytes(pdf)
    if shutil.which("pdftoppm") is None:
        return
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(page), "-l", str(page), "-singlefile", str(source),
                    str(tmp_path / "page")], check=True)
    _save(name, (tmp_path / "page.png").read_bytes())


def test_minutes_dialog_offers_the_section_and_issues_it_as_previewed(qtbot, app, db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=3, photos=0, recommendations=1)
    add_responses(db, visit_id, 34, seed=21, paper=9, abandoned=3)
    dialog = MinutesDialog(Minutes(db, _user(db, Role.CLERK)), visit_id, "Trung tâm Phục vụ hành chính công")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.survey_check.isVisible() and dialog.survey_check.isChecked()
    assert "34" in dialog.survey_check.text()
    assert SECTION in _text(dialog.current.data)
    _page_png(dialog.current.data, SECTION, "minutes_index_page.png", tmp_path)
    dialog.survey_check.setChecked(False)           # the option off: the preview without the section
    assert SECTION not in _text(dialog.current.data)
    dialog.survey_check.setChecked(True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("8", True))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog.lock_button.click()
    assert warnings == [] and dialog.current.final
    assert SECTION in _text(dialog.current.data) and not dialog.survey_check.isVisible()


def test_dashboard_shows_the_index_beside_the_inspectors_results(qtbot, app, db) -> None:  # type: ignore[no-untyped-def]
    first = _visit(db, failed=5, photos=0, recommendations=0)
    second = _visit(db, failed=1, photos=0, recommendations=0)
    add_responses(db, first, 25, seed=31, paper=5)
    add_responses(db, second, 18, seed=32, abandoned=2)
    today = local_today()
    view = DashboardView(db)
    qtbot.addWidget(view)
    view.resize(1366, 900)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.computed, timeout=30_000):
        view.set_period(Period.quarter(today.year, (today.month + 2) // 3))
    f = view.figures
    index = f.satisfaction
    assert index is not None and index.responses == 43
    table = view.satisfaction
    assert table.rowCount() == 6          # five criteria, then overall
    failed = {c.criterion: c.tally.fail_rate for c in f.criteria}
    from inspector.ui.dashboard.charts import percent as shown_percent

    for row, c in enumerate(index.criteria):
        cells = [table.item(row, n).text() for n in range(5)]
        assert cells[1:] == [percent(c.value), str(c.respondents), interval_text(c.interval),
                             shown_percent(failed[c.criterion])]
    assert table.item(5, 1).text() == percent(index.value)
    note = view.satisfaction_note.toPlainText()
    assert "43 questionnaires" in note or "43 phiếu" in note
    assert "CSHL-TK" in note and "Wilson" in note
    with db.read() as session:
        assert survey_index.period_index(session, f.scope).value == index.value
    qtbot.wait(300)     # the layout passes the new table heights ask for
    view.findChild(type(view.splitter.widget(0)), "dashboardScroll").ensureWidgetVisible(view.satisfaction_note)
    qtbot.wait(50)
    _save("dashboard_index.png", widget=view)
    # nothing overlaps: the note starts below the table's last row, the box holds both
    note = view.satisfaction_note
    assert note.mapTo(view, note.rect().topLeft()).y() >= table.mapTo(view, table.rect().bottomLeft()).y()
