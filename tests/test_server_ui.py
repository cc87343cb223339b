"""The desktop app on the office server (PostgreSQL, issue 14): the database chooser with its connection test,
the start on a server (its password asked, never saved; the sign-in against the server's users; no backups
here), the key flows of the other GUI tests on the server, and a lost connection while answering."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox

from inspector.domain.catalog import Role
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.accounts import set_first_admin_password
from inspector.services.workspace import open_workspace
from inspector.store.models import Answer, ReceptionPoint, Unit, User, Visit
from inspector.ui import app as start
from inspector.ui.app import build_main_window
from inspector.ui.database_dialog import DatabaseDialog
from inspector.ui.main_window import MainWindow
from inspector.ui.server_address import ServerAddress
from tests.conftest import save_artifact

REAL_ASK_SIGN_IN = MainWindow.ask_sign_in  # tests/conftest.py replaces it for the GUI tests
pytestmark = pytest.mark.usefixtures("fresh_server_passwords")


def _name(url: str) -> str:
    return ServerAddress.parse(url)[0].database


def _fill(dialog: DatabaseDialog, pg, database: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.server_choice.setChecked(True)
    dialog.host_edit.setText("127.0.0.1")
    dialog.port_edit.setValue(pg.port)
    dialog.database_edit.setText(database)
    dialog.user_edit.setText(pg.user)
    dialog.password_edit.setText(password)


def _all_settings() -> str:
    settings = QSettings()
    return "\n".join(f"{key}={settings.value(key)}" for key in settings.allKeys())


# --- the address and the settings ------------------------------------------------------------------------


def test_the_address_round_trips_without_its_password(app, options) -> None:  # type: ignore[no-untyped-def]
    address, password = ServerAddress.parse("postgresql+psycopg://thanh%40vp:m%E1%BA%ADt%20kh%E1%BA%A9u@10.0.0.5:6543/thanhtra")
    assert address == ServerAddress("10.0.0.5", 6543, "thanhtra", "thanh@vp") and password == "mật khẩu"
    assert ServerAddress.parse(address.url("mật khẩu")) == (address, "mật khẩu")
    assert "mật" not in address.display() and address.display() == "postgresql://thanh@vp@10.0.0.5:6543/thanhtra"
    options.database_server = address
    assert options.database_target == address
    assert "mật" not in _all_settings() and "m%E1" not in _all_settings()
    options.database_path = Path("/tmp/x.sqlite")  # a file chosen again: the next start opens the file
    assert options.database_target == Path("/tmp/x.sqlite") and options.database_server == address


# --- the chooser and its connection test ----------------------------------------------------------------


def test_the_chooser_tests_the_connection_and_says_why_not(qtbot, app, options, pg, pg_url) -> None:  # type: ignore[no-untyped-def]
    dialog = DatabaseDialog(options, Path("/tmp/inspector.sqlite"))
    qtbot.addWidget(dialog)
    dialog.resize(700, 520)
    dialog.show()
    assert dialog.pages.currentIndex() == 0  # a file, as before
    _fill(dialog, pg, _name(pg_url), "sai mật khẩu")
    assert dialog.pages.currentIndex() == 1
    assert not dialog.test_connection()
    assert "mật khẩu" in dialog.test_result.text() and "từ chối" in dialog.test_result.text()
    assert "sai mật khẩu" not in dialog.test_result.text()

    empty = pg.create_database()  # a database the administrator has not initialised
    try:
        _fill(dialog, pg, empty, pg.password)
        assert not dialog.test_connection()
        assert "chưa được khởi tạo" in dialog.test_result.text()
        assert "inspector server init" in dialog.test_result.text()
        with psycopg.connect(pg.dsn(empty)) as conn:  # and the test changed nothing there
            assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
    finally:
        pg.drop_database(empty)

    _fill(dialog, pg, _name(pg_url), pg.password)
    dialog.port_edit.setValue(_closed_port())
    assert not dialog.test_connection()
    assert "không kết nối được" in dialog.test_result.text()

    _fill(dialog, pg, _name(pg_url), pg.password)
    assert dialog.test_connection()
    expected = QCoreApplication.translate("DatabaseDialog", "Connected to %1: the database is ready for Inspector.")
    assert dialog.test_result.text() == "✓ " + expected.replace("%1", f"postgresql://{pg.user}@127.0.0.1:{pg.port}/{_name(pg_url)}")
    save_artifact(dialog, "server/database_chooser_server.png")
    assert dialog.chosen_target() == pg_url  # the address with its password, to open
    dialog.password_edit.clear()
    dialog.host_edit.clear()
    dialog._accept()  # noqa: SLF001
    assert dialog.isVisible() and dialog.error_label.text()


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- starting on the server ----------------------------------------------------------------------------------


def _window(qtbot, options, target, **kwargs) -> MainWindow:  # type: ignore[no-untyped-def]
    window = build_main_window(options, target, **kwargs)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_main_window_on_the_server(qtbot, app, options, pg, pg_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    checked: list[object] = []
    monkeypatch.setattr(start, "start_after_window", lambda *a: checked.append("after-start"))  # never for a server
    window = _window(qtbot, options, pg_url, user="kiemtra1")
    try:
        shown = f"postgresql://{pg.user}@127.0.0.1:{pg.port}/{_name(pg_url)}"
        assert window.workspace.db.is_server and checked == []
        assert window.windowTitle().endswith(" — " + shown)
        assert shown in window.database_label.text()
        assert pg.password not in window.windowTitle() + window.database_label.text()
        assert not window.backup_action.isEnabled() and "pg_dump" in window.backup_action.toolTip()
        assert options.database_target == ServerAddress.parse(pg_url)[0]  # the next start opens the server
        assert pg.password not in _all_settings()
        assert "Ủy ban nhân dân phường Hòa Thuận" in window.catalog.unit_names()
        save_artifact(window, "server/main_window_server.png")
        menu = window.menuBar().actions()[0].menu()
        menu.popup(window.mapToGlobal(window.rect().topLeft()))
        qtbot.waitExposed(menu)
        save_artifact(menu, "server/file_menu_server.png")  # Sao lưu và khôi phục greyed out
        menu.hide()

        # a visit started, answered on the visit screen, closed, reopened: the answer is on the server
        with window.workspace.db.read() as session:
            point = session.scalars(sa.select(ReceptionPoint.id).join(Unit)
                                    .where(Unit.name == "Ủy ban nhân dân phường Hòa Thuận")).first()
        window.start_unannounced_visit(point)
        screen = window.visit_screen
        assert screen is not None
        visit_id, code = screen.visit_id, screen.current_item.code
        QTest.keyClick(screen.panel.card, Qt.Key.Key_2)  # Không đạt
        assert screen.failure.isHidden()
        window.close_visit()
        window.open_visit(visit_id)
        assert window.visit_screen is not None and window.visit_screen.answers[code].result is Result.FAIL
        window.close_visit()
    finally:
        window.workspace.close()
    other = open_workspace(pg_url, create=False)  # another desktop sees it
    try:
        with other.db.read() as session:
            assert session.scalars(sa.select(Answer.result).where(Answer.visit_id == visit_id,
                                                                  Answer.item_code == code)).one() is Result.FAIL
    finally:
        other.close()


def test_the_start_asks_the_servers_password_and_signs_in_against_its_users(qtbot, app, options, pg, pg_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.accounts import sign_in as sign_in_ui

    ws = open_workspace(pg_url, create=False)
    with ws.db.session() as session:
        set_first_admin_password(session, "Vĩnh Long 2026", also_without_password=True)
    ws.close()
    address = ServerAddress.parse(pg_url)[0]
    options.database_server = address  # the last choice: what the next start opens, without its password
    asked: list[str] = []

    def answer(dialog: DatabaseDialog) -> bool:
        asked.append(dialog.error_label.text())
        assert dialog.is_server() and dialog.host_edit.text() == "127.0.0.1" and dialog.password_edit.text() == ""
        dialog.password_edit.setText("sai" if len(asked) == 1 else pg.password)
        return True

    monkeypatch.setattr(start, "run_database_dialog", answer)
    monkeypatch.setattr(MainWindow, "ask_sign_in", REAL_ASK_SIGN_IN)
    seen: list[str] = []

    def sign_in(db, parent=None, **kwargs):  # type: ignore[no-untyped-def]
        dialog = sign_in_ui.SignInDialog(db, "")  # the real dialog, against the server's users
        seen.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.username.setText("truongphong")
        dialog.password.setText("Vĩnh Long 2026")
        assert dialog.try_sign_in()
        return dialog.user_id

    monkeypatch.setattr(sign_in_ui, "ask_sign_in", sign_in)
    window = _window(qtbot, options, None)
    try:
        assert len(asked) == 2 and asked[0] == ""  # asked once for the password; again after the wrong one
        assert "mật khẩu" in asked[1]
        assert window.workspace.db.is_server and window.signed_in_user().username == "truongphong"
        assert "sai" not in _all_settings() and pg.password not in _all_settings()
        assert window.tabs.isTabVisible(window.tabs.indexOf(window.review_view))  # the supervisor's review tab
        assert any(address.display() in text for text in seen)  # the sign-in says which database
    finally:
        window.workspace.close()


def test_switching_between_the_server_and_a_file(qtbot, app, options, pg, pg_url, db_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, options, db_path)
    try:
        assert not window.workspace.db.is_server and window.backup_action.isEnabled()
        assert window.switch_database(pg_url, False)
        assert window.workspace.db.is_server and not window.backup_action.isEnabled()
        assert window.switch_database(db_path, False)
        assert not window.workspace.db.is_server and window.backup_action.isEnabled()
        assert " — postgresql://" not in window.windowTitle()
        shown: list[str] = []
        empty = pg.create_database()
        try:
            QMessageBox_critical = QMessageBox.critical
            QMessageBox.critical = lambda parent, title, text: shown.append(text)  # type: ignore[method-assign]
            try:
                assert not window.switch_database(pg.url(empty), False)
            finally:
                QMessageBox.critical = QMessageBox_critical  # type: ignore[method-assign]
        finally:
            pg.drop_database(empty)
        assert "inspector server init" in shown[0] and not window.workspace.db.is_server
    finally:
        window.workspace.close()


def test_the_clerk_numbers_the_minutes_on_the_server(qtbot, app, pg_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.minutes import Minutes
    from inspector.ui.minutes_dialog import MinutesDialog
    from tests.test_minutes import _user, _visit

    ws = open_workspace(pg_url, create=False)
    try:
        db = ws.db
        visit_id = _visit(db, failed=2, photos=1)
        dialog = MinutesDialog(Minutes(db, _user(db, Role.CLERK)), visit_id, "Bộ phận Một cửa")
        qtbot.addWidget(dialog)
        dialog.show()
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("21", True))
        warnings: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
        dialog.lock_button.click()
        assert warnings == []
        assert dialog.state.text().startswith("Biên bản số 21/BB-ĐKT — đã khóa.")
        with db.read() as session:
            assert session.get(Visit, visit_id).status is VisitStatus.LOCKED
    finally:
        ws.close()


# --- a lost connection ----------------------------------------------------------------------------------------


def test_a_lost_server_says_so_saves_nothing_and_works_again_once_back(qtbot, app, pg, pg_url) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.inspection import Inspection
    from inspector.services.rounds import start_unannounced
    from inspector.ui.visit_screen import VisitScreen

    ws = open_workspace(pg_url, create=False)
    name = _name(pg_url)
    try:
        db = ws.db
        with db.session() as session:
            point = session.scalars(sa.select(ReceptionPoint.id).join(Unit)
                                    .where(Unit.name == "Ủy ban nhân dân phường Hòa Thuận")).one()
            user = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
            visit_id = start_unannounced(session, point, user_id=user).id
        screen = VisitScreen(Inspection(db, user), visit_id)
        qtbot.addWidget(screen)
        screen.resize(1366, 740)
        screen.show()
        with qtbot.waitActive(screen):
            screen.activateWindow()
        first = screen.current_item.code
        QTest.keyClick(screen.panel.card, Qt.Key.Key_1)  # Đạt: saved while the server is up
        assert screen.failure.isHidden() and screen.saved_label.text().startswith("✓")
        screen.go(1)
        code = screen.current_item.code

        _cut_off(pg, name, allow=False)  # the server goes away: every connection ended, no new one let in
        try:
            QTest.keyClick(screen.panel.card, Qt.Key.Key_2)  # Không đạt: NOT saved
            assert screen.failure.isVisible(), (screen.banner.text(), screen.saved_label.text())
            text = screen.failure.text()
            cannot = QCoreApplication.translate(
                "Errors", "The office server cannot be reached (the server is off or restarting, or the network is down).")
            assert cannot in text and "CHƯA được lưu" in text, text
            assert screen.saved_label.text() == "⚠ Chưa lưu" and screen.failure.retry_button.isVisible()
            assert screen._tree_items[code].text(0).startswith("⚠")  # noqa: SLF001
            save_artifact(screen, "server/lost_server_banner.png")
            screen.retry()  # still away: still said, still not saved
            assert screen.failure.isVisible()
        finally:
            _cut_off(pg, name, allow=True)
        screen.retry()  # back: the same answer saved
        assert screen.failure.isHidden() and screen.saved_label.text().startswith("✓")
        QTest.keyClick(screen.panel.card, Qt.Key.Key_1)  # and answering works again
        assert screen.failure.isHidden()
        with db.read() as session:
            stored = dict(session.execute(sa.select(Answer.item_code, Answer.result)
                                          .where(Answer.visit_id == visit_id)).all())
        assert stored[first] is Result.PASS and stored[code] is Result.PASS
        screen.close()
    finally:
        ws.close()


def _cut_off(pg, name: str, *, allow: bool) -> None:  # type: ignore[no-untyped-def]
    """The database unreachable (its connections ended, new ones refused) or reachable again."""
    with psycopg.connect(pg.dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if allow else "false"}')
        if not allow:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))



def test_a_damaged_file_at_start_can_give_way_to_the_server(qtbot, app, options, pg, pg_url, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.recovery_dialog import Choice

    db_path.write_bytes(b"")  # a file that is no database
    monkeypatch.setattr(start, "run_recovery_dialog", lambda dialog: Choice.CHOOSE)

    def choose_server(dialog: DatabaseDialog) -> int:
        _fill(dialog, pg, _name(pg_url), pg.password)
        dialog._accept()  # noqa: SLF001
        return DatabaseDialog.DialogCode.Accepted

    monkeypatch.setattr(DatabaseDialog, "exec", choose_server)
    window = _window(qtbot, options, db_path, user="kiemtra1")
    try:
        assert window.workspace.db.is_server and options.database_target == ServerAddress.parse(pg_url)[0]
        assert window.signed_in_user().username == "kiemtra1"
    finally:
        window.workspace.close()
