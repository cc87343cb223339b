"""Keep the Vietnamese translation in step with the source.

    python scripts/i18n.py update    # lupdate: add new UI strings to the .ts file
    python scripts/i18n.py release   # lrelease: build the .qm files the app loads
    python scripts/i18n.py check     # exit 1 if a string lacks a translation or a .qm is stale

Translations are edited in resources/translations/*.ts (Qt Linguist, or any
text editor); both .ts and built .qm files are committed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
APP_TS = TRANSLATIONS / "inspector_vi.ts"
# Strings of Qt's own widgets (OK, Cancel, file dialog): Qt ships no Vietnamese.
QT_TS = TRANSLATIONS / "qtbase_vi.ts"
SOURCES = ROOT / "inspector" / "ui"


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def sources() -> list[str]:
    return [str(p) for p in sorted(SOURCES.rglob("*.py"))]


def update(ts: Path = APP_TS) -> None:
    subprocess.run(
        [_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none", *sources(), "-ts", str(ts)],
        check=True,
    )


def release() -> None:
    for ts in (APP_TS, QT_TS):
        subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def unfinished(ts: Path) -> list[str]:
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            missing.append(source)
            continue
        forms = translation.findall("numerusform")
        texts = [f.text or "" for f in forms] if forms else [translation.text or ""]
        if not all(t.strip() for t in texts):
            missing.append(source)
    return missing


def check() -> list[str]:
    """Problems: strings in the code not translated, .qm files not built from the current .ts."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / APP_TS.name
        fresh.write_bytes(APP_TS.read_bytes())
        update(fresh)
        problems += [f"{APP_TS.name}: untranslated: {s!r}" for s in unfinished(fresh)]
        for ts in (APP_TS, QT_TS):
            problems += [f"{ts.name}: untranslated: {s!r}" for s in unfinished(ts)] if ts is QT_TS else []
            built = Path(tmp) / ts.with_suffix(".qm").name
            subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(built)], check=True)
            committed = ts.with_suffix(".qm")
            if not committed.exists() or committed.read_bytes() != built.read_bytes():
                problems.append(f"{committed.name} is stale: run python scripts/i18n.py release")
    return problems


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "release":
        release()
    elif command == "check":
        found = check()
        print("\n".join(found) or "translations complete")
        sys.exit(1 if found else 0)
    else:
        sys.exit(__doc__)
