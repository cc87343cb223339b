"""Vietnamese is complete: every UI string has a translation and the built .qm files are current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _i18n():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("i18n", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_ui_string_is_translated_and_built() -> None:
    assert _i18n().check() == []


def test_translations_are_nfc() -> None:
    import unicodedata

    for ts in (ROOT / "resources" / "translations").glob("*.ts"):
        assert unicodedata.is_normalized("NFC", ts.read_text(encoding="utf-8")), ts.name


def test_qt_standard_buttons_are_vietnamese(app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    texts = {b.text() for b in box.buttons()}
    assert texts == {"Đồng ý", "Hủy"}


def test_large_counts_are_grouped_the_vietnamese_way(app) -> None:  # type: ignore[no-untyped-def]
    """50,000 visits read "50.003 buổi kiểm tra" (Vietnamese groups thousands with a dot), not "50003"."""
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("VisitsView", "%n visit(s)", "", 50003) == "50.003 buổi kiểm tra"
    assert QCoreApplication.translate("VisitsView", "%n visit(s)", "", 3) == "3 buổi kiểm tra"
