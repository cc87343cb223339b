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


def test_lupdate_reads_every_string_the_code_translates() -> None:
    """Every literal given to tr() or translate() in inspector/ is in the .ts file: lupdate's Python reader silently
    stops reading a file at some constructs (a unary minus in a call's arguments), leaving strings untranslated."""
    import ast
    import html
    import re

    ts = (ROOT / "resources" / "translations" / "inspector_vi.ts").read_text(encoding="utf-8")
    sources = {html.unescape(s) for s in re.findall(r"<source>(.*?)</source>", ts, re.S)}
    missing = []
    for path in sorted((ROOT / "inspector").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            position = {"tr": 0, "translate": 1}.get(name or "")
            if position is None or len(node.args) <= position:
                continue
            literal = node.args[position]
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str) and literal.value not in sources:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {literal.value[:60]}")
    assert missing == []
