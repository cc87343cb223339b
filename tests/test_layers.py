"""Only inspector/ui imports Qt; the rest runs (and is tested) without it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "inspector"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_outside_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        qt = [name for name in _imports(path) if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}]
        if qt:
            offenders.append(f"{path.relative_to(PACKAGE)}: {qt}")
    assert offenders == []


def test_domain_does_not_touch_the_database() -> None:
    offenders = []
    for path in (PACKAGE / "domain").rglob("*.py"):
        bad = [n for n in _imports(path) if n.split(".")[0] in {"sqlalchemy", "alembic"} or n.startswith("inspector.store")]
        if bad:
            offenders.append(f"{path.name}: {bad}")
    assert offenders == []


def test_core_imports_without_loading_qt() -> None:
    code = (
        "import sys, inspector.cli, inspector.services.workspace, inspector.services.catalog;"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
