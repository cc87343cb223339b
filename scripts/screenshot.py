"""Screenshot of the real main window on an X server (run under Xvfb), for a human to look at.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot.py artifacts/main.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from inspector.ui.app import build_main_window, create_application
from inspector.ui.settings import Options


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts/main_window_xvfb.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    app = create_application(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        window = build_main_window(Options(), Path(tmp) / "demo.sqlite")
        assert window is not None
        window.move(0, 0)
        window.show()

        def grab() -> None:
            screen = QGuiApplication.primaryScreen()
            screen.grabWindow(0).save(str(target))  # the whole X screen, as a user would see it
            print(f"{app.platformName()}: {target}")
            window.workspace.close()
            app.quit()

        QTimer.singleShot(800, grab)
        app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
