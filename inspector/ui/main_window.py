"""The main window: menus, the catalogue of units and reception points, status."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QPushButton, QWidget

from inspector import __version__
from inspector.services.catalog import list_units
from inspector.services.workspace import Workspace, open_workspace
from inspector.store.migrate import DatabaseRefused
from inspector.ui.catalog_view import CatalogView
from inspector.ui.database_dialog import DatabaseDialog
from inspector.ui.forms_dialog import FormsDialog
from inspector.ui.settings import Options


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, options: Options, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.options = options
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Inspector — Civil-service inspection of one-stop reception points"))
        self.resize(1180, 720)
        if (geometry := options.main_window_geometry) is not None:
            self.restoreGeometry(geometry)

        self.catalog = CatalogView(self)
        self.setCentralWidget(self.catalog)
        self._build_menus()
        self._build_status_bar()
        self.reload()

    # --- building ----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.database_action = QAction(self.tr("&Database…"), self)
        self.database_action.triggered.connect(self.choose_database)
        file_menu.addAction(self.database_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        catalogue = bar.addMenu(self.tr("&Catalogue"))
        self.forms_action = QAction(self.tr("Checklist &forms…"), self)
        self.forms_action.triggered.connect(self.show_forms)
        catalogue.addAction(self.forms_action)
        find_action = QAction(self.tr("&Find a unit"), self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        find_action.triggered.connect(self._focus_search)
        catalogue.addAction(find_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Inspector"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.database_label = QLabel()
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status.addWidget(self.database_label, 1)
        self.forms_label = QLabel()
        status.addPermanentWidget(self.forms_label)
        self.form_errors_button = QPushButton()
        self.form_errors_button.setFlat(True)
        self.form_errors_button.setStyleSheet("color: #b00020; font-weight: bold;")
        self.form_errors_button.clicked.connect(self.show_forms)
        status.addPermanentWidget(self.form_errors_button)

    # --- state ---------------------------------------------------------------------------------

    def reload(self) -> None:
        with self.workspace.db.session() as session:
            units = list_units(session)
        self.catalog.set_units(units)
        self.database_label.setText(self.tr("Database: %1").replace("%1", str(self.workspace.db.path)))
        forms = self.workspace.forms
        stored = len(forms.added) + len(forms.unchanged)
        self.forms_label.setText(self.tr("%n checklist form(s) loaded", "", stored))
        errors = len(forms.errors)
        self.form_errors_button.setVisible(errors > 0)
        self.form_errors_button.setText(self.tr("%n form error(s)", "", errors))

    def _focus_search(self) -> None:
        self.catalog.search.setFocus()
        self.catalog.search.selectAll()

    # --- actions -------------------------------------------------------------------------------

    def show_forms(self) -> None:
        FormsDialog(self.workspace, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Inspector"),
            self.tr(
                "<b>Inspector</b> %1<br>Civil-service inspection of one-stop reception points "
                "for the Office of Home Affairs.<br>Works offline; data is kept in a local database."
            ).replace("%1", __version__),
        )

    def choose_database(self) -> None:
        dialog = DatabaseDialog(self.options, self.workspace.db.path, self)
        if dialog.exec() != DatabaseDialog.DialogCode.Accepted:
            return
        path, demo = dialog.chosen_path(), dialog.demo_if_new()
        if path == self.workspace.db.path:
            return
        if self.switch_database(path, demo):
            self.options.database_path = path
            self.options.demo_data_for_new_database = demo

    def switch_database(self, path: Path, demo_if_new: bool) -> bool:
        """Open another database; on failure keep working on the current one."""
        try:
            workspace = open_workspace(path, demo_if_new=demo_if_new)
        except (DatabaseRefused, OSError) as exc:
            QMessageBox.critical(self, self.tr("Cannot open the database"), _message(exc))
            return False
        self.workspace.close()
        self.workspace = workspace
        self.reload()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.options.main_window_geometry = self.saveGeometry()
        self.options.sync()
        super().closeEvent(event)


def _message(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc} ({exc.filename or ''})"
    return str(exc)
