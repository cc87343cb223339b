"""The app starts on a real X server (Xvfb, the xcb platform plugin), as on a user's desktop.

Offscreen tests cannot show that Qt's xcb plugin and its system libraries load;
this one can. xvfb-run comes with `bash scripts/dev test`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_main_window_on_xvfb(tmp_path: Path, app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    assert shutil.which("xvfb-run"), "xvfb-run is missing: install Debian's xvfb (bash scripts/dev test does)"
    shot = tmp_path / "main_window_xvfb.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env |= {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "scripts/screenshot.py", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("xcb:"), done.stdout + done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    colours = {image.pixel(x, y) for x in range(0, 1100, 7) for y in range(0, 700, 7)}
    assert len(colours) > 10, "the screen is blank"
