"""An administrator imports a form file through the app; a bad file is refused and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QFileDialog, QMessageBox

from inspector.domain.catalog import Role
from inspector.services.access import AccessDenied
from inspector.store.models import ChecklistForm, FormVersion, User
from inspector.ui.forms_dialog import FormsDialog
from tests.formfactory import form_text


def _rows(db) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return sorted(session.execute(sa.select(ChecklistForm.code, FormVersion.version).join(FormVersion.form)).all())


@pytest.fixture
def dialog(qtbot, app, workspace, monkeypatch):  # type: ignore[no-untyped-def]
    messages: list[tuple[str, str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append(("warning", title, text)))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: messages.append(("info", title, text)))
    with workspace.db.session() as session:
        admin = session.scalars(sa.select(User.id).where(User.holding(Role.ADMIN))).first()
    dlg = FormsDialog(workspace, admin)
    qtbot.addWidget(dlg)
    dlg.messages = messages  # type: ignore[attr-defined]
    return dlg


def test_valid_form_is_imported_and_listed(dialog, workspace, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "moi.toml"
    path.write_text(form_text("NHAP-MOI"), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    before = _rows(workspace.db)
    dialog.import_button.click()
    assert _rows(workspace.db) == sorted([*before, ("NHAP-MOI", 1)])
    codes = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "NHAP-MOI" in codes
    assert dialog.messages == [("info", "Nhập phiếu kiểm tra",
                                "Đã nhập phiếu NHAP-MOI phiên bản 1. Các buổi kiểm tra mới sẽ dùng phiếu này.")]
    # importing the same file again changes nothing and says so
    dialog.import_file(path)
    assert dialog.messages[-1][2] == "Phiếu NHAP-MOI phiên bản 1 đã có trong cơ sở dữ liệu."


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (form_text("HONG").replace('sipas = "cong_chuc"', 'sipas = "khong_ro"', 1), "sipas: giá trị 'khong_ro' không hợp lệ"),
        ("title = 'thiếu mọi thứ'", "thiếu khóa bắt buộc 'code'"),
        (b"\xff\xfe code", "không phải mã UTF-8"),
    ],
)
def test_bad_file_is_refused_with_reason(dialog, workspace, tmp_path: Path, content, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "hong.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = _rows(workspace.db)
    assert not dialog.import_file(path)
    assert _rows(workspace.db) == before
    kind, title, text = dialog.messages[-1]
    assert (kind, title) == ("warning", "Chưa nhập được phiếu")
    assert text.startswith("Tệp không được nhập; dữ liệu không có gì thay đổi.")
    assert expected in text


def test_changed_content_under_the_same_version_is_refused(dialog, workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "f.toml"
    path.write_text(form_text("SUA"), encoding="utf-8")
    assert dialog.import_file(path)
    path.write_text(form_text("SUA", extra_title=" khác"), encoding="utf-8")
    before = _rows(workspace.db)
    assert not dialog.import_file(path)
    assert _rows(workspace.db) == before
    assert "tăng version lên 2" in dialog.messages[-1][2]


def test_only_an_administrator_imports(qtbot, app, workspace, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.forms import import_form_file

    with workspace.db.session() as session:
        inspector = session.scalars(sa.select(User.id).where(User.holding(Role.INSPECTOR))).first()
    dlg = FormsDialog(workspace, inspector)
    qtbot.addWidget(dlg)
    assert not dlg.import_button.isEnabled()
    path = tmp_path / "f.toml"
    path.write_text(form_text("KHONG-DUOC"), encoding="utf-8")
    before = _rows(workspace.db)
    with pytest.raises(AccessDenied, match="chỉ dành cho: quản trị"), workspace.db.session() as session:
        import_form_file(session, path, inspector)
    assert _rows(workspace.db) == before
    # the dialog reached anyway (its button is disabled) says so and changes nothing
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append(text))
    assert not dlg.import_file(path)
    assert messages and "chỉ dành cho: quản trị" in messages[0]
    assert _rows(workspace.db) == before
