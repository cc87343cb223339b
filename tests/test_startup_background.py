"""The start shows the window before anything heavy or anything that grows with the data; the day's backup
and the check of the whole file follow on a worker thread. The backup is still made, atomically (closing
mid-copy leaves no half copy), and damage is still found: in the small tables at open, in the tables that
grow after the window shows, where the recovery dialog takes over as at start."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.services.workspace import after_start, open_workspace
from inspector.store import backups
from inspector.store.backups import default_backup_dir, is_good, list_backups
from inspector.store.migrate import GROWING_TABLES, DatabaseDamaged, quick_check_at_open
from inspector.store.models import Base
from inspector.ui import app as app_module
from inspector.ui.app import build_main_window
from inspector.ui.recovery_dialog import Choice
from tests.test_startup_recovery import RENAMED, Answers, _aside_files, _demo_with_backup, _ward_names

ROOT = Path(__file__).resolve().parent.parent

# The real main(), watched at the first paint and once the window is filled (resume comes right after).
MAIN = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from inspector.ui import app as app_module
from inspector.ui.main_window import MainWindow

HEAVY = ("sqlalchemy", "alembic", "reportlab", "PIL", "pillow_heif", "inspector.store.models",
         "inspector.services.workspace", "inspector.reports.minutes")
real_show = app_module.show_first_paint

def first_paint(app, window):
    real_show(app, window)
    opening = window.findChild(QLabel, "openingLabel")
    print("FIRST-PAINT", window.isVisible(), opening is not None and opening.isVisible(),
          window.database_action.isEnabled(), ",".join(m for m in HEAVY if m in sys.modules), flush=True)

def resume(self):
    print("FILLED", bool(self.catalog.unit_names()), self.database_action.isEnabled(), flush=True)
    QTimer.singleShot(0, self.close)
    return False

app_module.show_first_paint = first_paint
MainWindow.resume = resume
MainWindow.ask_sign_in = lambda self, db, **_kw: self.sign_in_as(db, "kiemtra1")  # no sign-in dialog
app_module.ENCRYPT = False  # a plain file, read directly by the test (tests/test_encrypted_start.py encrypts)
sys.exit(app_module.main(["inspector-gui", "--database", sys.argv[1]]))
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_main_paints_the_window_before_loading_the_database_code(tmp_path: Path) -> None:
    db = tmp_path / "inspector.sqlite"
    open_workspace(db, demo_if_new=True).close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", MAIN, str(db)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = [line.split(" ") for line in done.stdout.splitlines()]
    # shown, saying the database is opening, its actions off, and none of SQLAlchemy, models, services, ReportLab, PIL
    assert lines[0] == ["FIRST-PAINT", "True", "True", "False", ""]
    assert lines[1] == ["FILLED", "True", "True"]


def test_the_days_backup_is_made_on_a_worker_thread_and_checks_the_file(qtbot, app, options, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_workspace(db_path, demo_if_new=True).close()
    window = build_main_window(options, db_path)
    assert window is not None
    qtbot.addWidget(window)
    assert window.workspace.wait_background()
    report = window.workspace.background[-1].result
    assert report.backup is not None and report.checked and report.damage == () and report.backup_error is None
    assert [b.path for b in list_backups(default_backup_dir(db_path), db_path)] == [report.backup]
    assert is_good(report.backup)
    window.workspace.close()

    # a second start the same day: no second backup; the whole file is checked on its own
    again = after_start(db_path, default_backup_dir(db_path), threading.Event())
    assert again is not None and again.backup is None and again.checked and again.damage == ()
    assert len(list_backups(default_backup_dir(db_path), db_path)) == 1


def test_closing_during_the_days_backup_keeps_no_half_copy(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    open_workspace(db_path, demo_if_new=True).close()
    folder = default_backup_dir(db_path)
    copying, release = threading.Event(), threading.Event()
    real = backups._backup_into

    def paused(source, target):  # type: ignore[no-untyped-def]
        copying.set()
        release.wait(10)
        real(source, target)
    monkeypatch.setattr(backups, "_backup_into", paused)
    monkeypatch.setattr(backups, "STEP_PAGES", 1)  # one page a step: the stop is seen after the first
    window = build_main_window(options, db_path)
    assert window is not None
    qtbot.addWidget(window)
    assert copying.wait(10)
    assert [p.name for p in folder.iterdir() if p.name.endswith(".partial")]  # the copy, under a temporary name
    job = window.workspace.background[-1]
    closing = threading.Thread(target=window.workspace.close)  # as the app closing does
    closing.start()
    qtbot.waitUntil(job.stop.is_set)
    release.set()
    closing.join(10)
    assert not closing.is_alive() and not job.thread.is_alive()
    assert job.result is None and job.error is None  # stopped: nothing to report, nothing shown
    assert list_backups(folder, db_path) == []
    assert [p.name for p in folder.iterdir()] == []  # no half copy, under any name

    monkeypatch.undo()
    window = build_main_window(options, db_path)  # the next start makes it
    assert window is not None
    qtbot.addWidget(window)
    assert window.workspace.wait_background()
    assert [b.reason for b in list_backups(folder, db_path)] == ["hang-ngay"]
    window.workspace.close()


def _corrupt_page(path: Path, page_number: int) -> None:
    page = 4096
    data = bytearray(path.read_bytes())
    start = (page_number - 1) * page
    data[start:start + page] = bytes((i * 37 + 11) % 256 for i in range(page))
    path.write_bytes(bytes(data))


def _root_page(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    conn.close()
    return int(root)


def test_damage_in_a_table_that_grows_is_found_after_the_window_shows(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)  # a backup two days old, then a ward renamed
    _corrupt_page(db_path, _root_page(db_path, "answers"))
    damaged = _sha(db_path)
    with sqlite3.connect(db_path) as conn:
        assert quick_check_at_open(conn) == []  # not seen at open: the answers are left to the check after it
    conn.close()
    answers = Answers([Choice.RESTORE])
    monkeypatch.setattr(app_module, "run_recovery_dialog", answers)
    window = build_main_window(options, db_path)
    assert window is not None and answers.shown == []
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    first = window.workspace
    qtbot.waitUntil(lambda: window.workspace is not first and not window.workspace.closed, timeout=30_000)

    shown = answers.shown[0]
    assert shown.heading == "Tệp cơ sở dữ liệu bị hỏng"
    assert "kiểm tra toàn bộ tệp" in shown.explanation
    (aside,) = _aside_files(db_path.parent, "hong")
    assert _sha(aside) == damaged  # kept byte for byte
    assert window.workspace.db.path == db_path
    assert RENAMED not in _ward_names(window)  # the data as backed up
    assert "Ủy ban nhân dân phường Trà Vinh" in window.catalog.unit_names()
    # the damaged file gave no backup of today: only the one restored from is there (and today's of the restored file)
    assert all(b.taken_at.date() != datetime.now(UTC).date() or is_good(b.path)
               for b in list_backups(default_backup_dir(db_path), db_path))
    window.workspace.close()


def test_every_table_that_hangs_off_a_visit_is_checked_after_the_window_shows() -> None:
    """Opening checks the tables that stay small; those whose rows belong to a visit grow with the years."""
    growing = set(GROWING_TABLES)
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.tables.values():
            if table.name not in growing and any(fk.column.table.name in growing - {"blobs", "audit_events"}
                                                 and fk.column.table.name != table.name
                                                 for fk in table.foreign_keys):
                growing.add(table.name)
                changed = True
    assert growing == set(GROWING_TABLES)
    assert GROWING_TABLES <= set(Base.metadata.tables)


def test_damage_in_the_rounds_is_still_refused_at_open(tmp_path: Path) -> None:
    """The tables that stay small (the map, forms, register, users, rounds) are checked before anything is written."""
    path = tmp_path / "inspector.sqlite"
    open_workspace(path, demo_if_new=True).close()
    _corrupt_page(path, _root_page(path, "rounds"))
    before = _sha(path)
    with pytest.raises(DatabaseDamaged, match="hỏng"):
        open_workspace(path, demo_if_new=False)
    assert _sha(path) == before
