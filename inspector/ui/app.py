"""Start the desktop app: QApplication, fonts, Vietnamese translation, database, main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector import APP_NAME, ORG_NAME, __version__
from inspector.services.workspace import Workspace, open_workspace
from inspector.store.migrate import DatabaseRefused
from inspector.ui.database_dialog import DatabaseDialog
from inspector.ui.i18n import install_fonts, install_translations
from inspector.ui.settings import Options

if TYPE_CHECKING:
    from inspector.ui.main_window import MainWindow


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="inspector-gui", description="Inspector desktop app")
    parser.add_argument("--database", type=Path, help="database file to open (default: from settings)")
    parser.add_argument("--lang", help="interface language (default: vi)")
    args, _qt_args = parser.parse_known_args(list(argv)[1:])
    return args


def create_application(argv: Sequence[str], language: str | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    install_fonts(app)
    app._inspector_translators = install_translations(app, language)  # type: ignore[attr-defined]
    return app


def open_with_recovery(options: Options, path: Path) -> Workspace | None:
    """Open the database; if it is refused, explain and let the user pick another or quit."""
    demo = options.demo_data_for_new_database
    while True:
        try:
            return open_workspace(path, demo_if_new=demo)
        except (DatabaseRefused, OSError) as exc:
            message = str(exc) if isinstance(exc, DatabaseRefused) else f"{exc.strerror or exc}: {exc.filename or path}"
            box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("App", "Cannot open the database"), message)
            choose = box.addButton(QCoreApplication.translate("App", "Choose another database…"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Close)
            box.exec()
            if box.clickedButton() is not choose:
                return None
            dialog = DatabaseDialog(options, path)
            if dialog.exec() != DatabaseDialog.DialogCode.Accepted:
                return None
            path, demo = dialog.chosen_path(), dialog.demo_if_new()
            options.database_path = path
            options.demo_data_for_new_database = demo


def build_main_window(options: Options, database: Path | None = None) -> MainWindow | None:
    from inspector.ui.main_window import MainWindow  # the window's modules load only when it is built

    workspace = open_with_recovery(options, database or options.database_path)
    if workspace is None:
        return None
    return MainWindow(workspace, options)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv)
    app = create_application(argv, args.lang)
    window = build_main_window(Options(), args.database)
    if window is None:
        return 1
    window.show()
    window.resume()
    code = app.exec()
    window.workspace.close()
    return code
