"""The app's start on encrypted databases (ui/app.py build_main_window, ui/accounts/unlock.py): the first start
creates an encrypted file and shows the recovery key; the sign-in unlocks the file with the password (a wrong one
changes nothing); "Forgot every password?" opens it with the recovery key; a plain database is converted with
a progress dialog once someone has signed in, and a failed conversion leaves it plain and says so."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

import inspector.ui.app as app_module
from inspector.services.accounts import set_first_admin_password
from inspector.services.workspace import open_workspace
from inspector.store.crypto import Keyring, is_encrypted, keyring_path, new_key
from inspector.ui.accounts.recovery_key import RecoveryKeyDialog
from inspector.ui.accounts.sign_in import FirstStartDialog, SignInDialog
from inspector.ui.accounts.unlock import RecoveredAdminDialog, RecoveryEntryDialog, UnlockDialog
from inspector.ui.app import build_main_window
from inspector.ui.main_window import MainWindow
from tests.conftest import ARTIFACTS
from tests.people import people_of
from tests.qt_helpers import type_text
from tests.test_sign_in_ui import REAL_ASK_SIGN_IN, when_shown

ADMIN_PASSWORD = "Vĩnh Long 2026"
SHOTS = ARTIFACTS / "encryption"  # screenshots for a human to look at (not committed)


def _shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / name))


def _type(field: QWidget, text: str) -> None:
    field.setFocus()
    field.clear()  # type: ignore[attr-defined]
    type_text(field, text)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def encrypting(monkeypatch, app):  # type: ignore[no-untyped-def]
    """The real start: encrypted databases, the real sign-in dialogs."""
    monkeypatch.setattr(app_module, "ENCRYPT", True)
    monkeypatch.setattr(MainWindow, "ask_sign_in", REAL_ASK_SIGN_IN)


def _encrypted(path: Path) -> tuple[bytes, str]:
    """An encrypted database whose demo accounts all have ADMIN_PASSWORD: its key and recovery key."""
    key = new_key()
    ws = open_workspace(path, demo_if_new=True, demo_history=False, key=key)
    try:
        with ws.db.session() as session:
            recovery = set_first_admin_password(session, ADMIN_PASSWORD, also_without_password=True).recovery_key
    finally:
        ws.close()
    assert recovery is not None
    return key, recovery


def _close(window: MainWindow | None) -> None:
    if window is not None and window.workspace is not None and not window.workspace.closed:
        window.workspace.close()


def test_the_first_start_creates_an_encrypted_file_and_shows_the_recovery_key(qtbot, options, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                             encrypting) -> None:
    path = tmp_path / "inspector.sqlite"
    seen: list[str] = []
    shown: dict[str, str] = {}

    def first(dialog: QDialog) -> None:
        assert isinstance(dialog, FirstStartDialog)
        _type(dialog.password, ADMIN_PASSWORD)
        _type(dialog.repeat, ADMIN_PASSWORD)
        when_shown(RecoveryKeyDialog, recovery, seen)
        dialog.ok_button.click()

    def recovery(dialog: QDialog) -> None:
        assert isinstance(dialog, RecoveryKeyDialog)
        shown["key"] = dialog.key
        assert dialog.key_label.text().replace("\n", "-") == dialog.key
        assert "AND this recovery key" in dialog.warning.text() or "VÀ" in dialog.warning.text()
        _shot(dialog, "recovery_key_dialog.png")
        pdf = tmp_path / "khoa.pdf"
        assert dialog.write_pdf(pdf) and dialog.kept
        shown["pdf"] = str(pdf)
        when_shown(SignInDialog, sign_in, seen)
        dialog.done_button.click()

    def sign_in(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog) and dialog.username.text() == "quantri"
        _type(dialog.password, ADMIN_PASSWORD)
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)

    when_shown(FirstStartDialog, first, seen)
    window = build_main_window(options, path)
    try:
        assert seen == ["FirstStartDialog", "RecoveryKeyDialog", "SignInDialog"]
        assert window is not None and window.signed_in_id == people_of(window.workspace.db).admin
        assert is_encrypted(path) and window.workspace.db.key is not None
        ring = Keyring.load(keyring_path(path))
        assert ring.unlock("quantri", ADMIN_PASSWORD) == window.workspace.db.key
        assert ring.unlock_with_recovery(shown["key"]) == window.workspace.db.key
    finally:
        _close(window)
    text = _pdf_text(Path(shown["pdf"]))
    words, solid = " ".join(text.split()), "".join(text.split())  # lines wrap where the page is full
    assert shown["key"].replace("-", "") in solid.replace("-", "")
    assert "MÃ KHÔI PHỤC" in words and str(path) in solid and "mất vĩnh viễn" in words
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", shown["pdf"], str(SHOTS / "recovery_key_pdf")],
                       check=True)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_quitting_before_the_administrators_password_removes_the_new_file(qtbot, options, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                          encrypting) -> None:
    path = tmp_path / "inspector.sqlite"
    seen: list[str] = []
    when_shown(FirstStartDialog, lambda dialog: dialog.reject(), seen)
    assert build_main_window(options, path) is None
    assert seen == ["FirstStartDialog"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("inspector.sqlite")] == []


def test_sign_in_unlocks_the_file_and_a_wrong_password_changes_nothing(qtbot, options, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        encrypting) -> None:
    path = tmp_path / "inspector.sqlite"
    _encrypted(path)
    before = {p.name: _sha(p) for p in tmp_path.iterdir() if p.is_file()}
    seen: list[str] = []

    def unlock(dialog: QDialog) -> None:
        assert isinstance(dialog, UnlockDialog)
        _type(dialog.username, "kiemtra1")
        _type(dialog.password, "Vinh Long 2026")  # without the diacritics: wrong
        dialog.sign_in_button.click()
        assert dialog.isVisible() and dialog.message.isVisible()
        assert dialog.message.text() == "Tên đăng nhập hoặc mật khẩu không đúng, nên không mở được cơ sở dữ liệu."
        assert dialog.password.text() == ""
        now = {p.name: _sha(p) for p in tmp_path.iterdir() if p.is_file()}
        assert now.pop("inspector.sqlite.tries")  # the wrong password counted beside the keyring (the lock)
        assert now == before  # the database, its keyring and side files: not even opened
        _shot(dialog, "unlock_dialog_wrong.png")
        _type(dialog.password, ADMIN_PASSWORD)
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)

    when_shown(UnlockDialog, unlock, seen)
    window = build_main_window(options, path)
    try:
        assert seen == ["UnlockDialog"]  # the password typed there signed in: no second dialog
        assert window is not None and window.signed_in_id == people_of(window.workspace.db).inspector
        assert options.last_username == "kiemtra1"
    finally:
        _close(window)

    seen.clear()

    def again(dialog: QDialog) -> None:  # the next start offers the name and is shown for a screenshot
        assert isinstance(dialog, UnlockDialog) and dialog.username.text() == "kiemtra1"
        _shot(dialog, "unlock_dialog.png")
        dialog.reject()

    when_shown(UnlockDialog, again, seen)
    assert build_main_window(options, path) is None and seen == ["UnlockDialog"]
    assert path.exists()  # quitting the sign-in of an existing database removes nothing


def test_tests_and_benchmarks_open_an_encrypted_file_without_dialogs(qtbot, options, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                      encrypting) -> None:
    path = tmp_path / "inspector.sqlite"
    key, _recovery = _encrypted(path)
    window = build_main_window(options, path, user="truongphong", password=ADMIN_PASSWORD)
    try:
        assert window is not None and window.signed_in_id == people_of(window.workspace.db).supervisor
    finally:
        _close(window)
    window = build_main_window(options, path, user="kiemtra1", key=key)
    try:
        assert window is not None and window.signed_in_id == people_of(window.workspace.db).inspector
    finally:
        _close(window)


def test_forgot_every_password_opens_with_the_recovery_key(qtbot, options, tmp_path: Path, encrypting) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "inspector.sqlite"
    key, recovery = _encrypted(path)
    seen: list[str] = []

    def unlock(dialog: QDialog) -> None:
        assert isinstance(dialog, UnlockDialog)
        when_shown(RecoveryEntryDialog, enter, seen)
        dialog.forgot.click()

    def enter(dialog: QDialog) -> None:
        assert isinstance(dialog, RecoveryEntryDialog)
        _type(dialog.text, "AAAAA-" * 7 + "AAAAA")
        QTest.keyClick(dialog.text, Qt.Key.Key_Return)
        assert dialog.isVisible() and "Mã khôi phục không đúng" in dialog.message.text()
        _type(dialog.text, recovery.lower().replace("-", " "))
        when_shown(RecoveredAdminDialog, new_password, seen)
        QTest.keyClick(dialog.text, Qt.Key.Key_Return)

    def new_password(dialog: QDialog) -> None:
        assert isinstance(dialog, RecoveredAdminDialog)
        assert dialog.admin.currentData() == "quantri"
        _type(dialog.password, "mật khẩu mới 2027")
        _type(dialog.repeat, "mật khẩu mới 2027")
        _shot(dialog, "recovered_admin_dialog.png")
        dialog.findChild(QWidget, "okButton").click()  # type: ignore[union-attr]

    when_shown(UnlockDialog, unlock, seen)
    window = build_main_window(options, path)
    try:
        assert seen == ["UnlockDialog", "RecoveryEntryDialog", "RecoveredAdminDialog"]
        assert window is not None and window.signed_in_id == people_of(window.workspace.db).admin
        ring = Keyring.load(keyring_path(path))
        assert ring.unlock("quantri", "mật khẩu mới 2027") == key
        assert ring.unlock_with_recovery(recovery) == key  # the sheet still works
    finally:
        _close(window)


def _plain_with_admin(path: Path) -> None:
    ws = open_workspace(path, demo_if_new=True, demo_history=False)
    try:
        with ws.db.session() as session:
            set_first_admin_password(session, ADMIN_PASSWORD, also_without_password=True)
    finally:
        ws.close()


def test_a_plain_database_is_converted_after_the_sign_in_with_progress(qtbot, options, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        encrypting, monkeypatch) -> None:
    from inspector.ui import conversion

    path = tmp_path / "inspector.sqlite"
    _plain_with_admin(path)
    assert not is_encrypted(path)
    steps: list[str] = []
    real_moved = conversion.ConversionDialog.moved

    def moved(self, percent: int, doing: str) -> None:  # type: ignore[no-untyped-def]
        real_moved(self, percent, doing)
        steps.append(doing)
        if len(steps) == 2:
            _shot(self, "conversion_progress.png")

    monkeypatch.setattr(conversion.ConversionDialog, "moved", moved)
    seen: list[str] = []
    keys: list[str] = []

    def keep(dialog: QDialog) -> None:  # the administrator is given the recovery key the converted file lacks
        assert isinstance(dialog, RecoveryKeyDialog)
        keys.append(dialog.key)
        dialog.kept = True
        dialog.accept()

    when_shown(RecoveryKeyDialog, keep, seen)
    window = build_main_window(options, path, user="quantri")
    try:
        assert window is not None and window.signed_in_id == people_of(window.workspace.db).admin
        assert is_encrypted(path) and window.workspace.db.key is not None
        assert "Đang sao lưu cơ sở dữ liệu trước khi mã hóa…" in steps, steps  # said step by step
        assert "Đang mã hóa cơ sở dữ liệu…" in steps, steps
        ring = Keyring.load(keyring_path(path))
        assert ring.users() == ["kiemtra1", "kiemtra2", "quantri", "truongphong", "vanthu"]
        assert ring.unlock("vanthu", ADMIN_PASSWORD) == window.workspace.db.key  # everyone's own password
        assert seen == ["RecoveryKeyDialog"] and ring.unlock_with_recovery(keys[0]) == window.workspace.db.key
        done = window.findChild(QMessageBox, "conversionDone")
        assert done is not None and done.isVisible() and "mã hóa" in done.text()
        assert window.catalog.unit_names()
    finally:
        _close(window)


def test_a_failed_conversion_leaves_the_plain_file_and_says_so(qtbot, options, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               encrypting, monkeypatch) -> None:
    from inspector.store import encryption

    path = tmp_path / "inspector.sqlite"
    _plain_with_admin(path)

    def fails(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise encryption.EncryptionFailed("Ổ đĩa đầy. Dữ liệu chưa được mã hóa và không bị thay đổi.")

    monkeypatch.setattr(encryption, "encrypt_database", fails)
    window = build_main_window(options, path, user="kiemtra1")
    try:
        assert window is not None and window.signed_in_id == people_of(window.workspace.db).inspector
        assert not is_encrypted(path) and window.workspace.db.key is None
        failed = window.findChild(QMessageBox, "conversionFailed")
        assert failed is not None and "Ổ đĩa đầy" in failed.text() and "chưa được mã hóa" in failed.text()
        _shot(failed, "conversion_failed.png")
        assert window.catalog.unit_names()
    finally:
        _close(window)


def test_the_database_menu_unlocks_an_encrypted_file_with_a_password(qtbot, options, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                     encrypting, monkeypatch) -> None:
    """*Tệp › Cơ sở dữ liệu…* to another encrypted database: its own unlock dialog, its own accounts; a wrong
    password, or cancelling, keeps the database in use."""
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    _encrypted(first)
    _encrypted(second)
    window = build_main_window(options, first, user="kiemtra1", password=ADMIN_PASSWORD)
    assert window is not None
    try:
        seen: list[str] = []
        when_shown(UnlockDialog, lambda dialog: dialog.reject(), seen)
        assert not window.switch_database(second, demo_if_new=False)
        assert seen == ["UnlockDialog"] and window.workspace.db.path == first

        def unlock(dialog: QDialog) -> None:
            _type(dialog.username, "truongphong")
            _type(dialog.password, ADMIN_PASSWORD)
            QTest.keyClick(dialog.password, Qt.Key.Key_Return)

        seen.clear()
        when_shown(UnlockDialog, unlock, seen)
        assert window.switch_database(second, demo_if_new=False)
        assert seen == ["UnlockDialog"]
        assert window.workspace.db.path == second and window.workspace.db.key is not None
        assert window.signed_in_id == people_of(window.workspace.db).supervisor
    finally:
        _close(window)
