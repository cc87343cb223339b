"""Tệp › Sao lưu và khôi phục: the list, a backup now, restore through the main window, a copy, the folder."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox

from inspector.domain.clock import VIETNAM
from inspector.store.backups import default_backup_dir, is_good, list_backups, make_backup
from inspector.ui.app import build_main_window
from inspector.ui.backup_dialog import BackupDialog
from inspector.ui.main_window import MainWindow
from tests.conftest import save_artifact


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _open(qtbot, options, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = build_main_window(options, path)
    assert window is not None
    assert window.workspace.wait_background()  # today's backup, made on a worker thread at start
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _ward_names(window: MainWindow) -> list[str]:
    with window.workspace.db.read() as session:
        return list(session.execute(sa.text("SELECT name FROM units WHERE level = 'ward' ORDER BY name")).scalars())


def _dialog(qtbot, window: MainWindow) -> BackupDialog:  # type: ignore[no-untyped-def]
    dialog = BackupDialog(window.workspace.db.path, window.options, window.restore_backup, window)
    qtbot.addWidget(dialog)
    return dialog


def test_menu_action_and_the_list_of_backups(qtbot, app, options, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, options, db_path)
    action = window.findChild(type(window.backup_action), "backupAction")
    assert action is window.backup_action and action.text() == "&Sao lưu và khôi phục…"
    assert action in window.menuBar().actions()[0].menu().actions()
    path = window.workspace.db.path
    folder = default_backup_dir(path)
    # the start made today's backup; add older ones of every kind
    assert [b.reason for b in list_backups(folder, path)] == ["hang-ngay"]
    for when, reason in ((datetime(2020, 11, 2, 8, 5, tzinfo=VIETNAM), "hang-ngay"),
                         (datetime(2020, 11, 14, 16, 40, tzinfo=VIETNAM), "truoc-nhap-phieu"),
                         (datetime(2020, 10, 31, 9, 0, tzinfo=VIETNAM), "truoc-nang-cap-rev0003"),
                         (datetime(2020, 11, 20, 11, 15, tzinfo=VIETNAM), "thu-cong")):
        make_backup(path, folder, reason, now=when)
    dialog = _dialog(qtbot, window)
    assert dialog.windowTitle() == "Sao lưu và khôi phục"
    assert dialog.folder_label.text() == f"Thư mục sao lưu: {folder}"
    table = dialog.table
    assert table.rowCount() == 5
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["Ngày giờ", "Dung lượng", "Lý do"]
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(1, 5)]
    assert [r[0] for r in rows] == ["20/11/2020 11:15", "14/11/2020 16:40", "02/11/2020 08:05", "31/10/2020 09:00"]
    assert [r[2] for r in rows] == ["thủ công", "trước nhập phiếu", "hằng ngày", "trước nâng cấp"]
    assert table.item(0, 2).text() == "hằng ngày"
    size = list_backups(folder, path)[0].size
    assert table.item(0, 1).text() == f"{(size + 1023) // 1024:,} KB".replace(",", ".")
    assert "." in table.item(0, 1).text() or size < 1024 * 1000
    buttons = {b.text() for b in (dialog.backup_button, dialog.restore_button, dialog.copy_button, dialog.folder_button)}
    assert buttons == {"&Sao lưu ngay", "&Khôi phục…", "&Lưu một bản sao…", "&Thư mục sao lưu…"}
    dialog.show()
    qtbot.waitExposed(dialog)
    save_artifact(dialog, "backup_dialog.png")

    made = dialog.backup_now()
    assert made is not None and made.name.endswith("-thu-cong.sqlite") and is_good(made)
    assert table.rowCount() == 6 and table.item(0, 2).text() == "thủ công"
    assert dialog.banner.text() == f"Đã sao lưu: {made.name}"
    window.workspace.close()


def test_restore_brings_back_the_data_and_keeps_the_newer_file_aside(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, options, db_path)
    path = window.workspace.db.path
    before = _ward_names(window)
    dialog = _dialog(qtbot, window)
    made = dialog.backup_now()
    assert made is not None
    with window.workspace.db.session() as session:
        session.execute(sa.text("UPDATE units SET name = 'Phường đổi tên sau sao lưu' WHERE level = 'ward'"))
    window.reload()
    assert "Phường đổi tên sau sao lưu" in window.catalog.unit_names()
    window.workspace.db.checkpoint()
    newer = _sha(path)

    dialog.refresh()
    assert dialog.selected().path == made  # type: ignore[union-attr]
    now = datetime(2026, 11, 25, 3, 4, 5, tzinfo=UTC)
    text = dialog.restore_text(dialog.selected(), now)  # type: ignore[arg-type]
    assert "không bị xóa" in text and "inspector.truoc-khoi-phuc-20261125-100405.sqlite" in text
    asked: list[str] = []

    def answer_yes(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    monkeypatch.setattr("inspector.ui.backup_dialog.datetime", _FixedClock(now))
    assert dialog.restore_selected()
    assert len(asked) == 1 and "inspector.truoc-khoi-phuc-20261125-100405.sqlite" in asked[0]

    aside = path.with_name("inspector.truoc-khoi-phuc-20261125-100405.sqlite")
    assert _sha(aside) == newer
    assert window.workspace.db.path == path
    assert _ward_names(window) == before
    assert "Phường đổi tên sau sao lưu" not in window.catalog.unit_names()
    assert "Ủy ban nhân dân phường Trà Vinh" in window.catalog.unit_names()
    assert "Đã khôi phục" in dialog.banner.text()
    with sqlite3.connect(aside) as conn:
        assert conn.execute("SELECT count(*) FROM units WHERE name = 'Phường đổi tên sau sao lưu'").fetchone()[0] > 0
    conn.close()
    # the app still holds the file for itself and writes to it
    with window.workspace.db.session() as session:
        session.execute(sa.text("UPDATE units SET name = name WHERE level = 'ward'"))
    window.workspace.close()


class _FixedClock:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self, tz=None):  # type: ignore[no-untyped-def]
        return self._now


def test_failed_restore_reopens_the_current_file(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, options, db_path)
    path = window.workspace.db.path
    bad = path.parent / "backups" / "inspector-20261101-080000-hang-ngay.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(f"{title}|{text}"))
    assert not window.restore_backup(bad)
    assert len(shown) == 1 and shown[0].startswith("Không khôi phục được bản sao lưu|")
    assert "mở lại" in shown[0]
    assert window.workspace.db.path == path
    assert "Ủy ban nhân dân phường Trà Vinh" in window.catalog.unit_names()
    assert [p.name for p in path.parent.iterdir() if "truoc-khoi-phuc" in p.name] == []
    window.workspace.close()


def test_restore_closes_the_open_visit(qtbot, app, options, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, options, db_path)
    made = _dialog(qtbot, window).backup_now()
    assert made is not None
    from inspector.services.users import list_users

    with window.workspace.db.session() as session:
        window.inspection.user_id = list_users(session)[0].id
    point = next(p.id for u in window.catalog._units.values() for p in u.points)
    window.start_unannounced_visit(point)
    assert window.visit_screen is not None
    assert window.restore_backup(made)
    assert window.visit_screen is None and window.pages.currentIndex() == 0
    window.workspace.close()


def test_save_a_copy_and_choose_the_folder(qtbot, app, options, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, options, db_path)
    dialog = _dialog(qtbot, window)
    target = tmp_path / "USB" / "bản sao.sqlite"
    target.parent.mkdir()
    assert dialog.save_copy_to(target)
    assert is_good(target)
    assert dialog.banner.text() == f"Đã lưu một bản sao cơ sở dữ liệu: {target}."
    assert not dialog.save_copy_to(window.workspace.db.path)
    assert "đè lên" in dialog.banner.text()
    assert not dialog.save_copy_to(target)  # an existing database is never written over
    folder = tmp_path / "nơi sao lưu"
    dialog.set_folder(folder)
    assert options.backup_folder == folder
    assert dialog.folder_label.text() == f"Thư mục sao lưu: {folder}"
    assert dialog.table.rowCount() == 0
    made = dialog.backup_now()
    assert made is not None and made.parent == folder and dialog.table.rowCount() == 1
    window.workspace.close()


def test_form_import_makes_a_backup_first_or_does_not_import(qtbot, app, options, db_path: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector.domain.catalog import Role
    from inspector.services.users import list_users
    from inspector.store import backups
    from inspector.ui.forms_dialog import FormsDialog
    from tests.formfactory import form_text

    window = _open(qtbot, options, db_path)
    path = window.workspace.db.path
    folder = default_backup_dir(path)
    with window.workspace.db.session() as session:
        admin = next(u.id for u in list_users(session) if u.has_role(Role.ADMIN))
    dialog = FormsDialog(window.workspace, admin, window)
    qtbot.addWidget(dialog)
    form = tmp_path / "new-form.toml"
    form.write_text(form_text(code="NHAP-THU"), encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)

    def full(source, target):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(backups, "_backup_into", full)
    assert not dialog.import_file(form)
    assert len(warnings) == 1 and "chưa nhập phiếu" in warnings[0] and "đầy" in warnings[0]
    assert all(dialog.table.item(r, 0).text() != "NHAP-THU" for r in range(dialog.table.rowCount()))
    monkeypatch.undo()
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    assert dialog.import_file(form)
    assert [b.reason for b in list_backups(folder, path)][0] == "truoc-nhap-phieu"
    assert any(dialog.table.item(r, 0).text() == "NHAP-THU" for r in range(dialog.table.rowCount()))
    window.workspace.close()


def test_reason_and_size_words() -> None:
    from inspector.ui.backup_dialog import reason_text, size_text

    assert size_text(1) == "1 KB" and size_text(1536 * 1024) == "1.536 KB"
    assert reason_text("something-else") == "something-else"
