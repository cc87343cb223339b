"""The main window: units, visits and rounds in tabs; a visit opens full-window over them.

At start the window shows before the database opens (ui.app.main): built with no workspace it has its
menus and "Opening the database…"; :meth:`MainWindow.attach` then builds the tabs. So this module
imports only Qt and light modules at the top; the pages, services and models load in the methods
that use them, after the first paint.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from inspector import __version__
from inspector.domain.workflow import VisitStatus
from inspector.store.backups import BackupFailed, put_back, restore
from inspector.ui.app import open_workspace_for_app
from inspector.ui.backup_dialog import BackupDialog
from inspector.ui.database_dialog import DatabaseDialog
from inspector.ui.settings import Options

if TYPE_CHECKING:
    from inspector.services.workspace import Workspace
    from inspector.ui.visit_screen import VisitScreen


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace | None, options: Options, parent: QWidget | None = None) -> None:
        """``workspace`` None: the window as shown before the database is open; :meth:`attach` fills it."""
        super().__init__(parent)
        self.workspace: Workspace = workspace  # type: ignore[assignment]  # None only until attach()
        self.options = options
        self.visit_screen: VisitScreen | None = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Inspector — Civil-service inspection of one-stop reception points"))
        self.resize(1280, 760)
        if (geometry := options.main_window_geometry) is not None:
            self.restoreGeometry(geometry)

        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self._build_menus()
        self._build_status_bar()
        if workspace is None:
            self._show_opening()
        else:
            self._build_pages()

    # --- building ----------------------------------------------------------------------------

    def attach(self, workspace: Workspace) -> None:
        """Work on ``workspace``: the tabs over it (the window was shown while it opened)."""
        self.workspace = workspace
        self._build_pages()

    def detach(self) -> None:
        """Let go of the database (damage found after the start): the visit saved and closed, the tabs
        removed so that nothing reads the file any more, the workspace closed."""
        self.close_visit(remember=False)
        self._show_opening()
        if self.workspace is not None:
            self.workspace.close()

    def _show_opening(self) -> None:
        """In place of the tabs while no database is open: what is happening, and no action that needs one."""
        label = QLabel(self.tr("Opening the database…"))
        label.setObjectName("openingLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._set_page(label)
        for action in self._database_actions:
            action.setEnabled(False)

    def _set_page(self, widget: QWidget) -> None:
        old = self.pages.widget(0)
        if old is not None:
            self.pages.removeWidget(old)
            old.deleteLater()
        self.pages.insertWidget(0, widget)
        self.pages.setCurrentIndex(0)

    def _build_pages(self) -> None:
        """The tabs over the current workspace (rebuilt when another database is opened)."""
        from inspector.services.inspection import Inspection
        from inspector.ui.catalog.view import CatalogView
        from inspector.ui.rounds_view import RoundsView
        from inspector.ui.visits_view import VisitsView

        db = self.workspace.db
        self.inspection = Inspection(db, self._known_user(self.options.current_user_id))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.catalog = CatalogView(db, lambda: self.inspection.user_id)
        self.catalog.unannounced_requested.connect(self.start_unannounced_visit)
        self.catalog.follow_up_requested.connect(self.start_follow_up_visit)
        self.visits = VisitsView(db)
        self.visits.open_requested.connect(self.open_visit)
        self.rounds = RoundsView(db, lambda: self.inspection.user_id)
        self.rounds.rounds_changed.connect(self.visits.refresh)
        self.catalog.catalog_changed.connect(self.visits.refresh)
        self.tabs.addTab(self.catalog, self.tr("&Units"))
        self.tabs.addTab(self.visits, self.tr("&Visits"))
        self.tabs.addTab(self.rounds, self.tr("&Rounds"))
        self.tabs.currentChanged.connect(lambda _index: self._refresh_shown_tab())
        self._set_page(self.tabs)
        for action in self._database_actions:
            action.setEnabled(True)
        self.reload()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.database_action = QAction(self.tr("&Database…"), self)
        self.database_action.triggered.connect(self.choose_database)
        file_menu.addAction(self.database_action)
        self.backup_action = QAction(self.tr("&Backups and restore…"), self)
        self.backup_action.setObjectName("backupAction")
        self.backup_action.triggered.connect(self.show_backups)
        file_menu.addAction(self.backup_action)
        self.user_action = QAction(self.tr("&User…"), self)
        self.user_action.triggered.connect(self.choose_user)
        file_menu.addAction(self.user_action)
        file_menu.addSeparator()
        self._database_actions = [self.database_action, self.backup_action, self.user_action]
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
        bodies_action = QAction(self.tr("Inspecting &bodies…"), self)
        bodies_action.triggered.connect(lambda: self.catalog.edit_bodies())
        catalogue.addAction(bodies_action)
        self._database_actions += [self.forms_action, find_action, bodies_action]

        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Inspector"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.database_label = QLabel()
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the path gives way to the user's name and the form count when space is short
        self.database_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        status.addWidget(self.database_label, 1)
        self.user_button = QPushButton()
        self.user_button.setFlat(True)
        self.user_button.clicked.connect(self.choose_user)
        status.addPermanentWidget(self.user_button)
        self.forms_label = QLabel()
        status.addPermanentWidget(self.forms_label)
        self.form_errors_button = QPushButton()
        self.form_errors_button.setFlat(True)
        self.form_errors_button.setStyleSheet("color: #b00020; font-weight: bold;")
        self.form_errors_button.clicked.connect(self.show_forms)
        status.addPermanentWidget(self.form_errors_button)

    # --- state ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the tab on screen now, the others when first shown: the start reads only what it shows."""
        self._stale_tabs = {self.catalog, self.visits, self.rounds}
        self._refresh_shown_tab()
        self.database_label.setText(self.tr("Database: %1").replace("%1", str(self.workspace.db.path)))
        forms = self.workspace.forms
        stored = len(forms.added) + len(forms.unchanged)
        self.forms_label.setText(self.tr("%n checklist form(s) loaded", "", stored))
        errors, warnings = len(forms.errors), len(forms.warnings)
        self.form_errors_button.setVisible(errors + warnings > 0)
        self.form_errors_button.setText(self.tr("%n form error(s)", "", errors) if errors
                                        else self.tr("%n form warning(s)", "", warnings))
        self._show_user()

    def _refresh_shown_tab(self) -> None:
        page = self.tabs.currentWidget()
        if page in self._stale_tabs:
            self._stale_tabs.discard(page)
            page.refresh()

    def _known_user(self, user_id: uuid.UUID | None) -> uuid.UUID | None:
        from inspector.services.users import get_user

        with self.workspace.db.session() as session:
            user = get_user(session, user_id)
        return user.id if user else None

    def _show_user(self) -> None:
        from inspector.services.users import get_user

        with self.workspace.db.session() as session:
            user = get_user(session, self.inspection.user_id)
        self.user_button.setText(
            self.tr("User: %1").replace("%1", user.full_name) if user else self.tr("User: (choose…)")
        )
        metrics = self.user_button.fontMetrics()
        self.user_button.setMinimumWidth(metrics.horizontalAdvance(self.user_button.text()) + 24)

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.catalog)
        self.catalog.search.setFocus()
        self.catalog.search.selectAll()

    # --- users ---------------------------------------------------------------------------------

    def choose_user(self) -> bool:
        from inspector.services.users import list_users
        from inspector.ui.user_dialog import UserDialog

        with self.workspace.db.session() as session:
            users = list_users(session)
        dialog = UserDialog(users, self.inspection.user_id, self)
        if dialog.exec() != UserDialog.DialogCode.Accepted or dialog.chosen() is None:
            return False
        self.inspection.user_id = dialog.chosen()
        self.options.current_user_id = self.inspection.user_id
        self._show_user()
        self.catalog.update_permissions()
        return True

    def ensure_user(self) -> bool:
        return self.inspection.user_id is not None or self.choose_user()

    # --- visits --------------------------------------------------------------------------------

    def start_unannounced_visit(self, point_id: uuid.UUID) -> None:
        """Kiểm tra đột xuất: the second click after choosing the reception point."""
        from inspector.services.rounds import DEFAULT_FORM

        self._start_now(point_id, DEFAULT_FORM, announced=False)

    def start_follow_up_visit(self, point_id: uuid.UUID) -> None:
        """Kiểm tra việc khắc phục: the open recommendations of the point become the items."""
        from inspector.services.rounds import FOLLOW_UP_FORM

        self._start_now(point_id, FOLLOW_UP_FORM, announced=True)

    def _start_now(self, point_id: uuid.UUID, form_code: str, *, announced: bool) -> None:
        from inspector.services.rounds import start_unannounced
        from inspector.services.visits import VisitError

        if not self.ensure_user():
            return
        try:
            with self.workspace.db.session() as session:
                visit_id = start_unannounced(session, point_id, user_id=self.inspection.user_id,
                                             form_code=form_code, announced=announced).id
        except VisitError as exc:
            QMessageBox.warning(self, self.tr("Cannot start the visit"), str(exc))
            return
        self.open_visit(visit_id)

    def open_visit(self, visit_id: uuid.UUID) -> None:
        from inspector.services.rounds import begin_planned
        from inspector.store.models import Visit
        from inspector.ui.visit_screen import VisitScreen

        with self.workspace.db.session() as session:
            visit = session.get(Visit, visit_id)
            status = visit.status if visit is not None and visit.deleted_at is None else None
        if status is None:
            return
        if status is VisitStatus.PLANNED:
            if not self.ensure_user():
                return
            if QMessageBox.question(self, self.tr("Start the visit"),
                                    self.tr("Start this planned visit now? The start time is recorded.")) \
                    != QMessageBox.StandardButton.Yes:
                return
            with self.workspace.db.session() as session:
                begin_planned(session, visit_id, self.inspection.user_id)
        elif status.editable and not self.ensure_user():
            return
        self.close_visit(remember=False)
        screen = VisitScreen(self.inspection, visit_id)
        screen.closed.connect(self.close_visit)
        self.visit_screen = screen
        self.pages.addWidget(screen)
        self.pages.setCurrentWidget(screen)
        screen.focus_card()  # focus set while the screen was hidden is lost: keys 1/2/3 must work at once
        if status.editable or status is VisitStatus.PLANNED:
            self.options.last_visit_id = visit_id

    def close_visit(self, remember: bool = True) -> None:
        screen = self.visit_screen
        if screen is None:
            return
        screen.flush()
        self.visit_screen = None
        self.pages.removeWidget(screen)
        screen.deleteLater()
        if remember:
            self.options.last_visit_id = None
            self._stale_tabs.discard(self.visits)
            self.visits.refresh()
            self.tabs.setCurrentWidget(self.visits)
            self.pages.setCurrentIndex(0)

    def resume(self) -> bool:
        """Back to the visit that was open when the app last closed or crashed."""
        from inspector.store.models import Visit

        visit_id = self.options.last_visit_id
        if visit_id is None:
            return False
        with self.workspace.db.session() as session:
            visit = session.get(Visit, visit_id)
            usable = visit is not None and visit.deleted_at is None and visit.status.editable
        if not usable:
            self.options.last_visit_id = None
            return False
        self.open_visit(visit_id)
        return self.visit_screen is not None

    # --- other actions ------------------------------------------------------------------------

    def show_forms(self) -> None:
        from inspector.ui.forms_dialog import FormsDialog

        FormsDialog(self.workspace, self.inspection.user_id, self).exec()

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
        if self.switch_database(path, demo):
            self.options.database_path = path
            self.options.demo_data_for_new_database = demo

    def switch_database(self, path: Path, demo_if_new: bool) -> bool:
        """Open another database; on failure keep working on the current one."""
        from inspector.services.workspace import open_workspace
        from inspector.store.migrate import DatabaseAlreadyOpen, DatabaseRefused

        try:
            workspace = open_workspace(path, demo_if_new=demo_if_new, exclusive=True,
                                       backup_dir=self.options.backup_folder_for(path))
        except DatabaseAlreadyOpen as exc:
            if exc.database is self.workspace.db:
                return False  # the file already open, perhaps named through another path: nothing to switch
            QMessageBox.critical(self, self.tr("Cannot open the database"), _message(exc))
            return False
        except (DatabaseRefused, OSError) as exc:
            QMessageBox.critical(self, self.tr("Cannot open the database"), _message(exc))
            return False
        self.close_visit()
        self.workspace.close()
        self.workspace = workspace
        self._build_pages()
        return True

    def show_backups(self) -> None:
        BackupDialog(self.workspace.db.path, self.options, self.restore_backup, self).exec()

    def restore_backup(self, backup: Path, *, now: datetime | None = None) -> bool:
        """Put a backup in place of the open database (the current file is kept aside) and work on it.

        On failure the current file is opened again and the error shown.
        """
        from inspector.store.migrate import DatabaseRefused

        path = self.workspace.db.path
        assert path is not None
        demo = False
        self.close_visit()
        self.workspace.close()
        error: str | None = None
        try:
            aside = restore(backup, path, now=now)
        except BackupFailed as exc:
            error, aside = str(exc), None
        try:
            workspace = open_workspace_for_app(self.options, path, demo=demo, create=False)
        except (DatabaseRefused, OSError) as exc:
            if error is None and aside is not None:
                # the restored file does not open: back to the file that was in use, kept aside untouched
                error = _message(exc)
                try:
                    put_back(aside, path)
                    workspace = open_workspace_for_app(self.options, path, demo=demo, create=False)
                except (BackupFailed, DatabaseRefused, OSError) as again:
                    return self._lost_database(f"{error}\n\n{_message(again)}")
            else:
                return self._lost_database(f"{error or ''}\n\n{_message(exc)}".strip())
        self.workspace = workspace
        self._build_pages()
        if error is not None:
            QMessageBox.critical(self, self.tr("The backup was not restored"),
                                 error + "\n\n" + self.tr("The database in use was opened again, unchanged."))
            return False
        if aside is not None:
            self.statusBar().showMessage(
                self.tr("Restored from %1. The previous file was kept as %2.").replace("%1", backup.name)
                .replace("%2", aside.name), 30_000)
        return True

    def _lost_database(self, text: str) -> bool:
        """Neither the restored nor the previous file opens: say so and close; the next start offers recovery."""
        QMessageBox.critical(self, self.tr("The database cannot be opened"),
                             text + "\n\n" + self.tr("Inspector will close; start it again to recover."))
        self.workspace_closed = True  # app.main must not close it a second time
        self.close()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.visit_screen is not None:
            self.visit_screen.flush()  # the visit stays "last open": it reopens at next start
        self.options.main_window_geometry = self.saveGeometry()
        self.options.sync()
        super().closeEvent(event)


def _message(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc} ({exc.filename or ''})"
    return str(exc)
