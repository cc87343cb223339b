"""Start on a damaged, empty, read-only or busy database, or with a full disk: the app always reaches a window.

The damaged file is renamed aside byte for byte; the newest good backup is offered and
restoring it leads to the main window on the backed-up data; nothing is ever overwritten.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector.domain.clock import VIETNAM, local_today
from inspector.services.workspace import open_workspace
from inspector.store import backups, files
from inspector.store.backups import default_backup_dir, list_backups, make_backup
from inspector.ui import app as app_module
from inspector.ui.app import build_main_window
from inspector.ui.main_window import MainWindow
from inspector.ui.recovery_dialog import Choice, RecoveryDialog
from tests.conftest import save_artifact

# two days ago, so that the daily backup and rotation at start treat it as a recent backup whatever the clock says
BACKUP_TIME = datetime.combine(local_today() - timedelta(days=2), time(7, 45), tzinfo=VIETNAM)
BACKUP_WHEN = f"{BACKUP_TIME:%d/%m/%Y %H:%M}"
RENAMED = "Phường đổi tên sau lần sao lưu"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _demo_with_backup(path: Path) -> Path:
    """A demo database, its backup, then a change made after the backup (which a restore will not have)."""
    ws = open_workspace(path, demo_if_new=True)
    try:
        backup = make_backup(ws.db.path, default_backup_dir(path), "hang-ngay", now=BACKUP_TIME)
        with ws.db.session() as session:
            session.execute(sa.text(f"UPDATE units SET name = '{RENAMED}' WHERE level = 'ward'"))
    finally:
        ws.close()
    return backup


def _corrupt_pages(path: Path, first: int = 3, last: int = 5) -> None:
    page = 4096
    data = bytearray(path.read_bytes())
    assert len(data) > (last + 1) * page
    data[first * page:(last + 1) * page] = bytes((i * 37 + 11) % 256 for i in range((last + 1 - first) * page))
    path.write_bytes(bytes(data))


@dataclass
class Shown:
    heading: str
    explanation: str
    buttons: dict[Choice, str]


@dataclass
class Answers:
    """Plays the user at the recovery dialog: one choice per showing, with an optional action first."""

    choices: list[Choice | tuple[Choice, Callable[[], None]]]
    shown: list[Shown] = field(default_factory=list)
    screenshot: str | None = None

    def __call__(self, dialog: RecoveryDialog) -> Choice:
        self.shown.append(Shown(dialog.heading.text(), dialog.explanation.text(),
                                {c: b.text() for c, b in dialog.buttons.items()}))
        if self.screenshot and len(self.shown) == 1:
            dialog.show()
            dialog.adjustSize()
            save_artifact(dialog, self.screenshot)
            dialog.hide()
        answer = self.choices.pop(0)
        if isinstance(answer, tuple):
            answer, action = answer
            action()
        assert answer in dialog.buttons, f"{answer} not offered: {list(dialog.buttons)}"
        return answer


def _start(qtbot, options, path: Path, answers: Answers, monkeypatch) -> MainWindow | None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(app_module, "run_recovery_dialog", answers)
    window = build_main_window(options, path)
    if window is not None:
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
    return window


def _ward_names(window: MainWindow) -> set[str]:
    with window.workspace.db.read() as session:
        return set(session.execute(sa.text("SELECT name FROM units WHERE level = 'ward'")).scalars())


def _aside_files(folder: Path, why: str) -> list[Path]:
    return sorted(p for p in folder.iterdir() if f".{why}-" in p.name and p.suffix == ".sqlite")


# --- (a) a damaged page ----------------------------------------------------------------------------


def test_damaged_page_at_start_is_set_aside_and_the_newest_backup_restored(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)
    _corrupt_pages(db_path)
    damaged = _sha(db_path)
    answers = Answers([Choice.RESTORE], screenshot="recovery_dialog_damaged.png")
    window = _start(qtbot, options, db_path, answers, monkeypatch)

    assert isinstance(window, MainWindow)
    assert len(answers.shown) == 1
    shown = answers.shown[0]
    assert shown.heading == "Tệp cơ sở dữ liệu bị hỏng"
    assert shown.explanation.startswith("Không đọc được tệp cơ sở dữ liệu") and "bị hỏng" in shown.explanation  # what was found
    aside = _aside_files(db_path.parent, "hong")
    assert len(aside) == 1 and aside[0].name.startswith("inspector.hong-")
    assert f"với tên mới {aside[0].name}" in shown.explanation and "Không có gì bị xóa" in shown.explanation
    assert BACKUP_WHEN in shown.explanation
    assert list(shown.buttons) == [Choice.RESTORE, Choice.CHOOSE, Choice.CREATE, Choice.QUIT]
    assert shown.buttons[Choice.RESTORE] == f"Khôi phục bản sao lưu mới nhất ({BACKUP_WHEN})"
    assert shown.buttons[Choice.CHOOSE] == "Chọn tệp khác…"
    assert shown.buttons[Choice.CREATE] == "Tạo cơ sở dữ liệu mới"
    assert shown.buttons[Choice.QUIT] == "Thoát"

    assert _sha(aside[0]) == damaged  # kept byte for byte
    assert window.workspace.db.path == db_path
    names = _ward_names(window)
    assert RENAMED not in names and "Ủy ban nhân dân phường Trà Vinh" in names  # the data as backed up
    assert "Ủy ban nhân dân phường Trà Vinh" in window.catalog.unit_names()
    window.workspace.close()


def test_the_real_dialog_is_shown_modally_and_answered(qtbot, app, options, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No stand-in: the dialog runs its own loop; a timer plays the user and clicks a button."""
    _demo_with_backup(db_path)
    _corrupt_pages(db_path)
    seen: list[str] = []

    def play() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RecoveryDialog):
            return
        timer.stop()
        seen.append(dialog.windowTitle())
        save_artifact(dialog, "recovery_dialog.png")
        dialog.buttons[Choice.RESTORE].click()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(play)
    timer.start()
    window = build_main_window(options, db_path)
    timer.stop()
    assert seen == ["Inspector — không mở được cơ sở dữ liệu"]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert RENAMED not in _ward_names(window)
    window.workspace.close()


def test_quitting_leaves_the_damaged_file_aside_and_creates_nothing(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)
    _corrupt_pages(db_path)
    damaged = _sha(db_path)
    window = _start(qtbot, options, db_path, Answers([Choice.QUIT]), monkeypatch)
    assert window is None
    assert not db_path.exists()
    (aside,) = _aside_files(db_path.parent, "hong")
    assert _sha(aside) == damaged


def test_a_failed_restore_offers_the_choices_again_and_never_creates_quietly(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)
    _corrupt_pages(db_path)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: errors.append(f"{title}|{text}"))

    def disk_full() -> None:
        def full(source, target):  # type: ignore[no-untyped-def]
            raise sqlite3.OperationalError("database or disk is full")
        monkeypatch.setattr(backups, "_backup_into", full)

    def space_freed() -> None:
        monkeypatch.undo()
        monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: errors.append(f"{title}|{text}"))
        monkeypatch.setattr(app_module, "run_recovery_dialog", answers)

    answers = Answers([(Choice.RESTORE, disk_full), (Choice.RESTORE, space_freed)])
    window = _start(qtbot, options, db_path, answers, monkeypatch)
    assert len(answers.shown) == 2 and answers.shown[1].heading == "Tệp cơ sở dữ liệu bị hỏng"
    assert len(errors) == 1 and errors[0].startswith("Không khôi phục được bản sao lưu|") and "đầy" in errors[0]
    assert isinstance(window, MainWindow)
    assert RENAMED not in _ward_names(window)
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith((".partial",)) or "restoring" in p.name] == []
    window.workspace.close()


# --- (b) an empty file ----------------------------------------------------------------------------------


def test_zero_byte_file_is_set_aside_and_the_backup_restored(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)
    db_path.write_bytes(b"")
    answers = Answers([Choice.RESTORE])
    window = _start(qtbot, options, db_path, answers, monkeypatch)
    assert "0 byte" in answers.shown[0].explanation
    (aside,) = _aside_files(db_path.parent, "hong")
    assert aside.stat().st_size == 0
    assert isinstance(window, MainWindow) and RENAMED not in _ward_names(window)
    assert "Ủy ban nhân dân phường Trà Vinh" in _ward_names(window)
    window.workspace.close()


def test_zero_byte_file_without_backups_can_start_a_new_database(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db_path.write_bytes(b"")
    answers = Answers([Choice.CREATE])
    window = _start(qtbot, options, db_path, answers, monkeypatch)
    shown = answers.shown[0]
    assert list(shown.buttons) == [Choice.CHOOSE, Choice.CREATE, Choice.QUIT]
    assert "Không tìm thấy bản sao lưu dùng được" in shown.explanation
    assert isinstance(window, MainWindow) and window.workspace.db.path == db_path
    assert "Ủy ban nhân dân phường Trà Vinh" in window.catalog.unit_names()
    assert len(_aside_files(db_path.parent, "hong")) == 1
    window.workspace.close()


def test_choose_another_file(qtbot, app, options, db_path: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.database_dialog import DatabaseDialog

    db_path.write_bytes(b"")
    other = tmp_path / "khác" / "khac.sqlite"

    def accept(dialog: DatabaseDialog) -> int:
        dialog.path_edit.setText(str(other))
        return DatabaseDialog.DialogCode.Accepted
    monkeypatch.setattr(DatabaseDialog, "exec", accept)
    window = _start(qtbot, options, db_path, Answers([Choice.CHOOSE]), monkeypatch)
    assert isinstance(window, MainWindow) and window.workspace.db.path == other
    assert options.database_path == other
    window.workspace.close()


# --- (c) a read-only file -----------------------------------------------------------------------------------


def _refuse_writes_to(monkeypatch, path: Path) -> None:  # type: ignore[no-untyped-def]
    """As chmod 0444 does for a normal user (root writes through it, so CI simulates the check's answer)."""
    real = os.access

    def access(target, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.path.realpath(target) == os.path.realpath(path) and mode & os.W_OK:
            return False
        return real(target, mode, *args, **kwargs)
    monkeypatch.setattr(os, "access", access)


def test_read_only_file_offers_the_backup_in_a_writable_place(qtbot, app, options, db_path: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)
    before = _sha(db_path)
    _refuse_writes_to(monkeypatch, db_path)
    writable = tmp_path / "ghi được" / "inspector.sqlite"
    asked: list[Path] = []

    def ask(suggested: Path, parent=None) -> Path:  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return writable
    monkeypatch.setattr(app_module, "ask_restore_target", ask)
    answers = Answers([Choice.RESTORE_ELSEWHERE], screenshot="recovery_dialog_read_only.png")
    window = _start(qtbot, options, db_path, answers, monkeypatch)
    shown = answers.shown[0]
    assert shown.heading == "Không ghi được vào cơ sở dữ liệu"
    assert "chỉ đọc" in shown.explanation
    assert list(shown.buttons) == [Choice.RESTORE_ELSEWHERE, Choice.CHOOSE, Choice.QUIT]
    assert shown.buttons[Choice.RESTORE_ELSEWHERE] == f"Khôi phục bản sao lưu mới nhất ({BACKUP_WHEN}) vào chỗ khác…"
    assert len(asked) == 1
    assert isinstance(window, MainWindow) and window.workspace.db.path == writable
    assert options.database_path == writable
    assert RENAMED not in _ward_names(window)
    assert _sha(db_path) == before and _aside_files(db_path.parent, "hong") == []  # the read-only file is left alone
    window.workspace.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod 0444; the os.access test above covers the logic")
def test_read_only_file_for_real(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)
    os.chmod(db_path, 0o444)
    answers = Answers([Choice.QUIT])
    assert _start(qtbot, options, db_path, answers, monkeypatch) is None
    assert answers.shown[0].heading == "Không ghi được vào cơ sở dữ liệu"


def test_read_only_folder_cannot_set_the_damaged_file_aside(qtbot, app, options, db_path: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)
    _corrupt_pages(db_path)
    damaged = _sha(db_path)
    real = os.rename

    def read_only_folder(src, dst):  # type: ignore[no-untyped-def]
        if Path(src).parent == db_path.parent:
            raise PermissionError(30, "Read-only file system", str(src))
        return real(src, dst)
    monkeypatch.setattr(os, "rename", read_only_folder)
    target = tmp_path / "nơi khác" / "inspector.sqlite"
    monkeypatch.setattr(app_module, "ask_restore_target", lambda suggested, parent=None: target)
    answers = Answers([Choice.RESTORE_ELSEWHERE])
    window = _start(qtbot, options, db_path, answers, monkeypatch)
    shown = answers.shown[0]
    assert "Lưu ý: Không đổi tên được tệp inspector.sqlite" in shown.explanation
    assert "không có quyền ghi" in shown.explanation and "không bị thay đổi" in shown.explanation
    assert list(shown.buttons) == [Choice.RESTORE_ELSEWHERE, Choice.CHOOSE, Choice.QUIT]  # no new file over it
    assert _sha(db_path) == damaged
    assert isinstance(window, MainWindow) and window.workspace.db.path == target
    window.workspace.close()


# --- (d) a full disk --------------------------------------------------------------------------------------


def test_full_disk_at_the_daily_backup_warns_without_stopping(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)

    def full(source, target):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(backups, "_backup_into", full)
    window = _start(qtbot, options, db_path, Answers([]), monkeypatch)
    assert isinstance(window, MainWindow)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "backupWarning") is not None)
    warning = window.findChild(QMessageBox, "backupWarning")
    assert warning.isVisible() and not warning.isModal()
    assert warning.windowTitle() == "Sao lưu tự động"
    assert "Không tạo được bản sao lưu tự động hôm nay" in warning.text() and "đầy" in warning.text()
    save_artifact(warning, "backup_warning.png")
    folder = default_backup_dir(db_path)
    assert [b.taken_at for b in list_backups(folder, db_path)] == [BACKUP_TIME]
    assert [p.name for p in folder.iterdir() if p.name.endswith(".partial")] == []
    assert "Ủy ban nhân dân phường Trà Vinh" in window.catalog.unit_names() or RENAMED in window.catalog.unit_names()
    warning.close()
    window.workspace.close()


def test_full_disk_before_an_upgrade_explains_and_retries(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from inspector.store.db import make_engine, sqlite_url
    from inspector.store.migrate import SCHEMA_HEAD, alembic_config, script_directory

    previous = script_directory().get_revision(SCHEMA_HEAD).down_revision
    engine = make_engine(sqlite_url(db_path))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, previous)
    engine.dispose()
    before = _sha(db_path)

    def full(source, target):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(backups, "_backup_into", full)

    def space_freed() -> None:
        assert _sha(db_path) == before  # refused untouched
        monkeypatch.undo()
        monkeypatch.setattr(app_module, "run_recovery_dialog", answers)

    answers = Answers([(Choice.RETRY, space_freed)], screenshot="recovery_dialog_upgrade.png")
    window = _start(qtbot, options, db_path, answers, monkeypatch)
    shown = answers.shown[0]
    assert shown.heading == "Không sao lưu được cơ sở dữ liệu trước khi nâng cấp"
    assert "đầy" in shown.explanation and "chưa nâng cấp" in shown.explanation
    assert list(shown.buttons) == [Choice.RETRY, Choice.CHOOSE, Choice.QUIT]
    assert isinstance(window, MainWindow)
    reasons = [b.reason for b in list_backups(default_backup_dir(db_path), db_path)]
    assert f"truoc-nang-cap-rev{previous}" in reasons
    window.workspace.close()


# --- another instance, other errors, a damaged page found late ---------------------------------------------------


def test_database_in_use_names_the_holder_and_retries(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    open_workspace(db_path, demo_if_new=True).close()
    lock = files.InstanceLock(db_path).acquire()
    answers = Answers([(Choice.RETRY, lock.release)])
    window = _start(qtbot, options, db_path, answers, monkeypatch)
    shown = answers.shown[0]
    assert shown.heading == "Cơ sở dữ liệu đang được mở ở một phiên Inspector khác"
    assert f"tiến trình {os.getpid()}" in shown.explanation and "Đang mở bởi: người dùng" in shown.explanation
    assert list(shown.buttons) == [Choice.RETRY, Choice.CHOOSE, Choice.QUIT]
    assert isinstance(window, MainWindow)
    window.workspace.close()


def test_a_database_from_a_newer_app_is_explained(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    open_workspace(db_path, demo_if_new=True).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    conn.close()
    before = _sha(db_path)
    answers = Answers([Choice.QUIT])
    assert _start(qtbot, options, db_path, answers, monkeypatch) is None
    assert answers.shown[0].heading == "Cơ sở dữ liệu thuộc phiên bản Inspector mới hơn"
    assert list(answers.shown[0].buttons) == [Choice.CHOOSE, Choice.QUIT]
    assert _sha(db_path) == before


def test_an_os_error_is_shown_with_its_message(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = app_module.open_workspace_for_app
    calls: list[int] = []

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise OSError(5, "Input/output error", str(db_path))
        return real(*args, **kwargs)
    monkeypatch.setattr(app_module, "open_workspace_for_app", flaky)
    answers = Answers([Choice.RETRY])
    window = _start(qtbot, options, db_path, answers, monkeypatch)
    assert answers.shown[0].explanation.startswith(f"Lỗi khi đọc {db_path}: Input/output error")
    assert isinstance(window, MainWindow)
    window.workspace.close()


def test_damaged_page_found_while_building_the_window(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)
    healthy_but_reported = _sha(db_path)
    real_init = MainWindow.__init__
    calls: list[int] = []

    def failing_once(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise sa.exc.DatabaseError("SELECT …", {}, sqlite3.DatabaseError("database disk image is malformed"))
        real_init(self, *args, **kwargs)
    monkeypatch.setattr(MainWindow, "__init__", failing_once)
    answers = Answers([Choice.RESTORE])
    window = _start(qtbot, options, db_path, answers, monkeypatch)
    assert answers.shown[0].heading == "Tệp cơ sở dữ liệu bị hỏng"
    assert "phát hiện khi đọc dữ liệu" in answers.shown[0].explanation
    (aside,) = _aside_files(db_path.parent, "hong")
    assert _sha(aside) == healthy_but_reported
    assert isinstance(window, MainWindow) and RENAMED not in _ward_names(window)
    window.workspace.close()


def test_a_busy_database_found_late_is_not_set_aside(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _demo_with_backup(db_path)
    before = _sha(db_path)

    def busy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise sa.exc.OperationalError("SELECT …", {}, sqlite3.OperationalError("database is locked"))
    monkeypatch.setattr(MainWindow, "__init__", busy)
    answers = Answers([Choice.QUIT])
    assert _start(qtbot, options, db_path, answers, monkeypatch) is None
    assert answers.shown[0].heading == "Không mở được cơ sở dữ liệu"
    assert "database is locked" in answers.shown[0].explanation
    assert list(answers.shown[0].buttons) == [Choice.RETRY, Choice.CHOOSE, Choice.QUIT]
    assert _sha(db_path) == before and _aside_files(db_path.parent, "hong") == []


# --- every way out closes the database ----------------------------------------------------------------------


def test_sigterm_closes_the_window_and_checkpoints_the_database(tmp_path: Path) -> None:
    """Log-out or shutdown sends SIGTERM: the app closes as by Quit; the file alone then holds everything."""
    import signal
    import subprocess
    import sys
    import time as clock

    root = Path(__file__).resolve().parent.parent
    db = tmp_path / "inspector.sqlite"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    code = ("import sys\nfrom inspector.ui.app import main\nfrom inspector.ui.main_window import MainWindow\n"
            "MainWindow.ask_sign_in = lambda self, db, **_kw: self.sign_in_as(db, 'kiemtra1')  # no sign-in dialog\n"
            "import inspector.ui.app\ninspector.ui.app.ENCRYPT = False  # a plain file, read directly below\n"
            "sys.exit(main(['inspector-gui', '--database', sys.argv[1]]))\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = clock.monotonic() + 60
        while not list_backups(default_backup_dir(db), db):  # the daily backup comes just before the window
            assert proc.poll() is None and clock.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
            clock.sleep(0.1)
        clock.sleep(1.0)
        assert Path(f"{db}-wal").exists()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM units").fetchone()[0] > 0
    conn.close()
    lock = files.InstanceLock(db).acquire()  # released by the app
    lock.release()
