"""Screenshots of the real app on an X server (run under Xvfb), for a human to look at.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot.py artifacts/
    (writes main_window_xvfb.png, visit_xvfb.png, summary_xvfb.png)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from inspector.domain.workflow import Result
from inspector.ui.app import build_main_window, create_application
from inspector.ui.settings import Options


def _screen(path: Path) -> None:
    QApplication.processEvents()
    QGuiApplication.primaryScreen().grabWindow(0).save(str(path))  # the whole X screen, as a user sees it


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts")
    target.mkdir(parents=True, exist_ok=True)
    app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        # signed in as the demo's inspector without the sign-in dialog (its screenshot: tests/test_sign_in_ui.py)
        window = build_main_window(Options(), Path(tmp) / "demo.sqlite", user="kiemtra1")
        assert window is not None
        window.move(0, 0)
        window.resize(1366, 740)
        window.show()

        def shoot() -> None:
            _screen(target / "main_window_xvfb.png")
            point = next(p.id for u in window.catalog._units.values() for p in u.points
                         if p.name == "Trung tâm Phục vụ hành chính công phường Trà Vinh")
            window.start_unannounced_visit(point)
            screen = window.visit_screen
            assert screen is not None
            for n, item in enumerate(screen.items[:6]):
                screen.open_index(n)
                screen.choose_result(Result.FAIL if n == 4 else item.answers[0])
            screen.panel.note.setPlainText("Công chức không đeo thẻ; đã nhắc nhở, đồng chí Trưởng bộ phận ghi nhận.")
            screen.flush()
            _screen(target / "visit_xvfb.png")
            screen.open_summary()
            _screen(target / "summary_xvfb.png")
            print(f"{app.platformName()}: {target}")
            window.workspace.close()
            app.quit()

        QTimer.singleShot(800, shoot)
        app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
