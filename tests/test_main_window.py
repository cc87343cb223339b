"""The real main window, started as the app starts it, with the demo database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from inspector.ui.app import build_main_window
from inspector.ui.main_window import MainWindow
from tests.conftest import save_artifact
from tests.qt_helpers import type_text


def _open(qtbot, options, path: Path, user: str | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    window = build_main_window(options, path, user=user)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_main_window_lists_demo_units_in_vietnamese(qtbot, app, options, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, options, db_path)
    assert window.windowTitle() == "Inspector — Kiểm tra công vụ tại Bộ phận Một cửa"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Tệp", "&Danh mục", "Trợ &giúp"]
    names = window.catalog.unit_names()
    for ward in ("Trà Vinh", "Long Đức", "Nguyệt Hóa", "Hòa Thuận"):
        assert f"Ủy ban nhân dân phường {ward}" in names
        assert f"Trung tâm Phục vụ hành chính công phường {ward}" in names
    assert "Ủy ban nhân dân tỉnh Vĩnh Long" in names
    assert "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long" in names
    assert window.database_label.text() == f"Cơ sở dữ liệu: {db_path}"
    save_artifact(window, "main_window.png")
    window.workspace.close()


def test_search_without_diacritics_and_staff_details(qtbot, app, options, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, options, db_path)
    catalog = window.catalog
    qtbot.keyClicks(catalog.search, "phuong hoa thuan")
    names = catalog.unit_names()
    assert "Ủy ban nhân dân phường Hòa Thuận" in names and "Trung tâm Phục vụ hành chính công phường Hòa Thuận" in names
    assert "Ủy ban nhân dân phường Long Đức" not in names and "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long" not in names

    proxy = catalog.proxy
    root = proxy.index(0, 0)
    ward = next(proxy.index(r, 0, root) for r in range(proxy.rowCount(root))
                if proxy.index(r, 0, root).data() == "Ủy ban nhân dân phường Hòa Thuận")
    point = proxy.index(0, 0, ward)
    catalog.tree.setCurrentIndex(point)
    details = catalog.details
    assert details.title.text() == "Trung tâm Phục vụ hành chính công phường Hòa Thuận"
    assert details.unit_label.text() == "Ủy ban nhân dân phường Hòa Thuận"
    assert details.level_label.text() == "Phường"
    assert details.staff_table.rowCount() == 4
    assert details.staff_table.horizontalHeaderItem(0).text() == "Họ và tên"
    save_artifact(window, "main_window_search.png")

    catalog.search.clear()
    type_text(catalog.search, "Long Đức")
    assert "Ủy ban nhân dân phường Long Đức" in catalog.unit_names()
    window.workspace.close()


def test_settings_remember_the_database_path(qtbot, app, options, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.settings import default_database_path

    assert options.database_path == default_database_path()
    assert "PhongNoiVu/Inspector" in str(default_database_path())
    window = _open(qtbot, options, tmp_path / "first.sqlite")
    assert window.switch_database(tmp_path / "second.sqlite", demo_if_new=False)
    assert window.catalog.unit_names() == []
    assert window.workspace.db.path == tmp_path / "second.sqlite"
    window.workspace.close()


def test_refused_database_keeps_the_current_one(qtbot, app, options, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, options, tmp_path / "good.sqlite")
    future = tmp_path / "future.sqlite"
    window.switch_database(future, demo_if_new=False)
    window.workspace.close()
    conn = sqlite3.connect(future)
    conn.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    conn.commit()
    conn.close()

    window = _open(qtbot, options, tmp_path / "good.sqlite")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(f"{title}|{text}"))
    assert not window.switch_database(future, demo_if_new=False)
    assert len(shown) == 1 and shown[0].startswith("Không mở được cơ sở dữ liệu|")
    assert "phiên bản Inspector mới hơn" in shown[0]
    assert window.workspace.db.path == tmp_path / "good.sqlite"
    assert "Ủy ban nhân dân phường Trà Vinh" in window.catalog.unit_names()
    window.workspace.close()


def test_broken_form_file_is_reported_in_the_window(qtbot, app, options, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.formfactory import form_text

    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "good.toml").write_text(form_text(), encoding="utf-8")
    (forms / "bad.toml").write_text("code = ", encoding="utf-8")
    monkeypatch.setattr("inspector.services.workspace.default_forms_dir", lambda: forms)
    window = _open(qtbot, options, tmp_path / "db.sqlite")
    assert window.forms_label.text() == "Đã nạp 1 phiếu kiểm tra"
    assert window.form_errors_button.isVisible()
    assert window.form_errors_button.text() == "1 lỗi trong tệp phiếu"

    from inspector.ui.forms_dialog import FormsDialog

    dialog = FormsDialog(window.workspace, None, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "TEST-FORM"
    assert dialog.errors.toPlainText().startswith("bad.toml: sai cú pháp TOML")
    window.workspace.close()


def test_keyboard_find_shortcut_focuses_search(qtbot, app, options, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, options, db_path)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.catalog.tree.setFocus()
    qtbot.keyClick(window.catalog.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.catalog.search.hasFocus()
    window.workspace.close()


def _select_point(window, point_name: str) -> None:  # type: ignore[no-untyped-def]
    proxy = window.catalog.proxy

    def walk(parent):  # type: ignore[no-untyped-def]
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            if index.data() == point_name:
                return index
            found = walk(index)
            if found is not None:
                return found
        return None

    from PySide6.QtCore import QModelIndex

    index = walk(QModelIndex())
    assert index is not None, point_name
    window.catalog.tree.setCurrentIndex(index)


def test_unannounced_visit_in_two_clicks_and_resumed_after_restart(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    from inspector.domain.workflow import Result

    window = _open(qtbot, options, db_path, user="kiemtra1")
    with qtbot.waitActive(window):
        window.activateWindow()
    _select_point(window, "Trung tâm Phục vụ hành chính công phường Nguyệt Hóa")  # click 1
    button = window.catalog.details.unannounced_button
    assert button.isVisible() and button.text() == "Kiểm tra đột xuất tại đây ngay bây giờ"
    button.click()                                                            # click 2
    screen = window.visit_screen
    assert screen is not None and window.pages.currentWidget() is screen
    assert screen.view.point_name == "Trung tâm Phục vụ hành chính công phường Nguyệt Hóa" and not screen.view.announced
    assert "Lê Thị Mỹ Linh" in window.user_button.text()
    QTest.keyClick(screen.panel.card, Qt.Key.Key_1)  # the keyboard works at once
    QTest.keyClick(screen.panel.card, Qt.Key.Key_Right)
    QTest.keyClick(screen.panel.card, Qt.Key.Key_2)
    assert screen.answers["KL-01"].result is Result.PASS and screen.answers["KL-02"].result is Result.FAIL
    save_artifact(window, "main_window_visit.png")
    visit_id = screen.visit_id
    window.close()  # the app closes with the visit open
    window.workspace.close()

    again = _open(qtbot, options, db_path, user="kiemtra1")
    assert again.resume()
    assert again.visit_screen is not None and again.visit_screen.visit_id == visit_id
    assert again.visit_screen.current_item.code == "KL-02"
    again.visit_screen.back_button.click()  # back to the list: no longer reopened at start
    assert again.visit_screen is None and again.tabs.currentWidget() is again.visits
    assert options.last_visit_id is None
    again.workspace.close()


def test_follow_up_visit_lists_the_open_recommendations(qtbot, app, options, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    import sqlalchemy as sa

    from inspector.domain.workflow import VisitStatus
    from inspector.services.inspection import Inspection
    from inspector.services.rounds import start_unannounced
    from inspector.store.models import ReceptionPoint, Visit

    window = _open(qtbot, options, db_path, user="kiemtra1")
    db = window.workspace.db
    with db.session() as session:  # an earlier visit left two recommendations
        point = session.scalars(sa.select(ReceptionPoint).where(
            ReceptionPoint.name == "Trung tâm Phục vụ hành chính công phường Long Đức")).one()
        earlier = start_unannounced(session, point.id, user_id=window.signed_in_id).id
    inspection = Inspection(db, window.signed_in_id)
    for text in ("Niêm yết lại thủ tục cấp bản sao", "Bố trí ghế ngồi chờ đủ cho người dân"):
        inspection.add_recommendation(earlier, text, point.unit_id, date.today() + timedelta(days=20))
    with db.session() as session:
        session.get(Visit, earlier).status = VisitStatus.SUBMITTED

    _select_point(window, "Trung tâm Phục vụ hành chính công phường Long Đức")
    window.catalog.details.follow_up_button.click()
    screen = window.visit_screen
    assert screen is not None and screen.view.form.code == "KTKP"
    generated = [i.text for i in screen.items if i.code.startswith("KP-")]
    assert generated == ["Đã khắc phục: Niêm yết lại thủ tục cấp bản sao", "Đã khắc phục: Bố trí ghế ngồi chờ đủ cho người dân"]
    save_artifact(window, "follow_up_visit.png")
    window.workspace.close()
