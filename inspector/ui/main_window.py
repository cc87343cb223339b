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

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
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
from inspector.ui.server_address import ServerAddress
from inspector.ui.settings import Options

if TYPE_CHECKING:
    from inspector.services.users import UserRow
    from inspector.services.workspace import Workspace
    from inspector.store.db import Database
    from inspector.ui.visit_screen import VisitScreen


class MainWindow(QMainWindow):
    # the signed-in user changed (their id, None once signed out): pages that depend on the roles follow
    user_changed = Signal(object)

    def __init__(self, workspace: Workspace | None, options: Options, parent: QWidget | None = None, *,
                 user_id: uuid.UUID | None = None) -> None:
        """``workspace`` None: the window as shown before the database is open; :meth:`attach` fills it.
        ``user_id``: who has signed in (ui.app.build_main_window asks before the tabs are built)."""
        super().__init__(parent)
        self.workspace: Workspace = workspace  # type: ignore[assignment]  # None only until attach()
        self.options = options
        self.signed_in_id: uuid.UUID | None = user_id
        self.visit_screen: VisitScreen | None = None
        self.user_changed.connect(lambda _user_id: self._update_review_tab())
        # what the signed-in user may do in the rounds tab (services.rounds checks it too)
        self.user_changed.connect(lambda _user_id: getattr(self, "rounds", None) and self.rounds.update_rights())
        self.user_changed.connect(lambda _user_id: self._update_sync_actions())
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

    def attach(self, workspace: Workspace, user_id: uuid.UUID | None = None) -> None:
        """Work on ``workspace`` as ``user_id`` (signed in): the tabs over it (the window was shown while it opened)."""
        self.workspace = workspace
        self.signed_in_id = user_id
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
        self.inspection = Inspection(db, self._known_user(self.signed_in_id))
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
        from inspector.ui.review.view import ReviewView

        self.review_view = ReviewView(db, lambda: self.inspection.user_id)
        self.review_view.open_requested.connect(self.open_review)
        self.tabs.addTab(self.review_view, self.tr("Revie&w"))
        from inspector.ui.remediation.view import RemediationView

        self.remediation_view = RemediationView(db, lambda: self.inspection.user_id)
        self.tabs.addTab(self.remediation_view, self.tr("Re&mediation"))
        from inspector.ui.dashboard.view import DashboardView

        self.dashboard = DashboardView(db, self.workspace.in_background)
        self.dashboard.open_requested.connect(self.open_visit)
        self.dashboard.visits_requested.connect(self.show_visits)
        self.tabs.addTab(self.dashboard, self.tr("Dash&board"))
        self.remediation_view.changed.connect(lambda: self._stale_tabs.add(self.dashboard))
        self.tabs.currentChanged.connect(lambda _index: self._refresh_shown_tab())
        self._set_page(self.tabs)
        for action in self._database_actions:
            action.setEnabled(True)
        self._follow_database_kind()
        self.reload()
        self.user_changed.emit(self.inspection.user_id)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.setToolTipsVisible(True)  # why backups are not made here on the office server
        self.database_action = QAction(self.tr("&Database…"), self)
        self.database_action.triggered.connect(self.choose_database)
        file_menu.addAction(self.database_action)
        self.backup_action = QAction(self.tr("&Backups and restore…"), self)
        self.backup_action.setObjectName("backupAction")
        self.backup_action.triggered.connect(self.show_backups)
        file_menu.addAction(self.backup_action)
        self._build_sync_actions(file_menu)
        self._build_package_actions(file_menu)
        file_menu.addSeparator()
        self.change_password_action = QAction(self.tr("Change &password…"), self)
        self.change_password_action.setObjectName("changePasswordAction")
        self.change_password_action.triggered.connect(self.change_password)
        file_menu.addAction(self.change_password_action)
        self.users_action = QAction(self.tr("&Users…"), self)
        self.users_action.setObjectName("usersAction")
        self.users_action.triggered.connect(self.show_users)
        self.users_action.setVisible(False)  # the administrator's
        file_menu.addAction(self.users_action)
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.setObjectName("signOutAction")
        self.sign_out_action.triggered.connect(self.sign_out)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        self._database_actions = [self.database_action, self.backup_action, self.change_password_action,
                                  self.users_action, self.sign_out_action, self.sync_action, self.conflicts_action]
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
        # A message shown before the window is (the notice at start) does not hide the path, which Qt shows with
        # the window, and both were drawn over each other: the path gives way to any message explicitly.
        status.messageChanged.connect(lambda message: self.database_label.setVisible(not message))
        self.user_button = QPushButton()
        self.user_button.setObjectName("userButton")
        self.user_button.setFlat(True)
        self.user_menu = QMenu(self.user_button)
        self.user_menu.addAction(self.change_password_action)
        self.user_menu.addAction(self.sign_out_action)
        self.user_button.clicked.connect(  # above the button, at the bottom of the window
            lambda: self.user_menu.popup(self.user_button.mapToGlobal(
                QPoint(0, -self.user_menu.sizeHint().height()))))
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
        self._stale_tabs = {self.catalog, self.visits, self.rounds, self.review_view, self.remediation_view, self.dashboard}
        self._update_review_tab()
        self._refresh_shown_tab()
        self.show_due_notice()
        db = self.workspace.db
        if db.is_server:  # the address without its password (Database.name)
            self.database_label.setText(self.tr("Office server: %1").replace("%1", db.name))
        else:
            self.database_label.setText(self.tr("Database: %1").replace("%1", str(db.path)))
        forms = self.workspace.forms
        stored = len(forms.added) + len(forms.unchanged)
        self.forms_label.setText(self.tr("%n checklist form(s) loaded", "", stored))
        errors, warnings = len(forms.errors), len(forms.warnings)
        self.form_errors_button.setVisible(errors + warnings > 0)
        self.form_errors_button.setText(self.tr("%n form error(s)", "", errors) if errors
                                        else self.tr("%n form warning(s)", "", warnings))
        self._show_user()

    def _follow_database_kind(self) -> None:
        """On the office server: its address in the title; no backups or restore here (the server's
        administrator backs it up with pg_dump), said in the menu's tooltip. On a file: as before."""
        title = self.tr("Inspector — Civil-service inspection of one-stop reception points")
        server = self.workspace is not None and self.workspace.db.is_server
        if server:
            title += " — " + self.workspace.db.name
            self.backup_action.setEnabled(False)
            self.backup_action.setToolTip(self.tr(
                "The data is on the office server: its administrator backs it up (pg_dump); "
                "there are no backups to make or restore on this computer."))
        else:
            self.backup_action.setToolTip(self.backup_action.text().replace("&", ""))
        self.setWindowTitle(title)

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

    def signed_in_user(self) -> UserRow | None:
        """The signed-in user (active), or None."""
        from inspector.services.users import get_user

        with self.workspace.db.read() as session:
            return get_user(session, self.inspection.user_id)

    def _show_user(self) -> None:
        from inspector.domain.catalog import Role
        from inspector.store.models import ROLE_ORDER
        from inspector.ui import labels

        user = self.signed_in_user()
        if user is None:
            self.user_button.setText(self.tr("Not signed in"))
        else:
            roles = ", ".join(labels.role(r) for r in sorted(user.roles, key=ROLE_ORDER.index))
            self.user_button.setText(self.tr("User: %1 (%2)").replace("%1", user.full_name).replace("%2", roles))
        self.user_button.setEnabled(user is not None)
        self.change_password_action.setEnabled(user is not None)
        self.users_action.setVisible(user is not None and user.has_role(Role.ADMIN))
        metrics = self.user_button.fontMetrics()
        self.user_button.setMinimumWidth(metrics.horizontalAdvance(self.user_button.text()) + 24)

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.catalog)
        self.catalog.search.setFocus()
        self.catalog.search.selectAll()

    # --- signing in ---------------------------------------------------------------------------

    def ask_sign_in(self, db: Database, *, cancel_text: str | None = None) -> bool:
        """The first-start dialog when needed, then the sign-in dialog, on ``db``: True once someone has
        signed in (:attr:`signed_in_id`), False when cancelled. Tests replace it (tests/conftest.py)."""
        from inspector.ui.accounts.sign_in import ask_sign_in

        user_id = ask_sign_in(db, self if self.isVisible() else None, username=self._last_username(db),
                              cancel_text=cancel_text)
        if user_id is None:
            return False
        self.now_signed_in(user_id)
        return True

    def sign_in_as(self, db: Database, user: uuid.UUID | str) -> bool:
        """Signed in without a dialog as the active user with this id or user name (tests, benchmarks, and
        the same user again once the database was recovered); False when there is no such user."""
        import sqlalchemy as sa

        from inspector.store.models import User

        with db.read() as session:
            query = sa.select(User.id).where(User.active.is_(True))
            query = query.where(User.id == user if isinstance(user, uuid.UUID) else User.username == user)
            user_id = session.scalars(query).first()
        if user_id is None:
            return False
        self.now_signed_in(user_id)
        return True

    def now_signed_in(self, user_id: uuid.UUID) -> None:
        if self.options.current_user_id != user_id:
            self.options.last_visit_id = None  # another person's open visit is not reopened for this one
        self.options.current_user_id = user_id
        self.signed_in_id = user_id

    def _last_username(self, db: Database) -> str:
        """Who signed in last on this laptop, offered in the sign-in dialog."""
        from inspector.store.models import User

        last = self.options.current_user_id
        if last is None:
            return ""
        with db.read() as session:
            user = session.get(User, last)
            return user.username if user is not None and user.active else ""

    def sign_out(self) -> None:
        """The open visit saved and closed, the tabs gone, and the sign-in dialog again; cancelling it quits."""
        self.close_visit(remember=False)
        self.options.last_visit_id = None
        self.signed_in_id = None
        self.inspection.user_id = None
        label = QLabel(self.tr("Signed out."))
        label.setObjectName("signedOutLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._set_page(label)
        for action in self._database_actions:
            action.setEnabled(False)
        self._show_user()
        self.user_changed.emit(None)
        if not self.ask_sign_in(self.workspace.db):
            self.close()
            return
        self._build_pages()

    def change_password(self) -> None:
        from inspector.ui.accounts.sign_in import ChangePasswordDialog

        if self.inspection.user_id is None:
            return
        dialog = ChangePasswordDialog(self.workspace.db, self.inspection.user_id, self)
        if dialog.exec() == ChangePasswordDialog.DialogCode.Accepted:
            self.statusBar().showMessage(self.tr("Your password was changed."), 10_000)

    def show_users(self) -> None:
        from inspector.ui.accounts.users_dialog import UsersDialog

        if self.inspection.user_id is None:
            return
        UsersDialog(self.workspace.db, self.inspection.user_id, self).exec()
        self._show_user()  # one's own roles may have changed

    def ensure_user(self) -> bool:
        """Someone is signed in (always, in the app: the start and signing out ask)."""
        return self.inspection.user_id is not None

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
        from inspector.services.access import AccessDenied
        from inspector.services.rounds import start_unannounced
        from inspector.services.visits import VisitError

        if not self.ensure_user():
            return
        try:
            with self.workspace.db.session() as session:
                visit_id = start_unannounced(session, point_id, user_id=self.inspection.user_id,
                                             form_code=form_code, announced=announced).id
        except (VisitError, AccessDenied) as exc:
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
        if status is VisitStatus.SUBMITTED and self._is_supervisor():  # opened from the visits list: reviewed
            self.open_review(visit_id)
            return
        if status is VisitStatus.PLANNED:
            if not self.ensure_user():
                return
            if QMessageBox.question(self, self.tr("Start the visit"),
                                    self.tr("Start this planned visit now? The start time is recorded.")) \
                    != QMessageBox.StandardButton.Yes:
                return
            from inspector.services.access import AccessDenied
            from inspector.services.visits import VisitError

            try:
                with self.workspace.db.session() as session:
                    begin_planned(session, visit_id, self.inspection.user_id)
            except (VisitError, AccessDenied) as exc:
                QMessageBox.warning(self, self.tr("Cannot start the visit"), str(exc))
                return
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

    def show_visits(self, chosen: object) -> None:
        """The visits tab, filtered as the dashboard asks (a unit, a quarter: services.lists.VisitFilter)."""
        self._stale_tabs.discard(self.visits)
        self.visits.show_filter(chosen)  # type: ignore[arg-type]
        self.tabs.setCurrentWidget(self.visits)

    def _update_review_tab(self) -> None:
        """The review tab only for a supervisor (the services refuse the others anyway)."""
        if getattr(self, "review_view", None) is None or self.workspace is None:
            return
        self.tabs.setTabVisible(self.tabs.indexOf(self.review_view), self._is_supervisor())
        self._stale_tabs.add(self.review_view)

    def show_due_notice(self) -> str:
        """At start: what falls due within 7 days or is overdue, in the status bar (never a dialog), for those who
        follow remediation up (inspectors, supervisors, administrators). The text shown, "" when nothing is due."""
        from inspector.domain.catalog import Role
        from inspector.services.remediation import Remediation
        from inspector.store.models import User

        with self.workspace.db.read() as session:
            user = session.get(User, self.inspection.user_id) if self.inspection.user_id else None
            follows = user is not None and user.active and user.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)
        text = Remediation(self.workspace.db, self.inspection.user_id).notice().message if follows else ""
        if text:
            self.statusBar().showMessage(text, 60_000)
        return text

    def _is_supervisor(self) -> bool:
        from inspector.domain.catalog import Role
        from inspector.store.models import User

        with self.workspace.db.read() as session:
            user = session.get(User, self.inspection.user_id) if self.inspection.user_id else None
            return user is not None and user.active and user.has_role(Role.SUPERVISOR)

    def open_review(self, visit_id: uuid.UUID) -> None:
        """A submitted visit, read-only, with the reviewer's pane: comments, return, approve."""
        from inspector.ui.review.screen import ReviewScreen

        self.close_visit(remember=False)
        screen = ReviewScreen(self.inspection, visit_id)
        screen.closed.connect(self.close_review)
        screen.decided.connect(lambda _visit_id: self.close_review())
        self.visit_screen = screen  # type: ignore[assignment]  # flushed and closed as a visit is
        self.pages.addWidget(screen)
        self.pages.setCurrentWidget(screen)
        screen.focus_card()

    def close_review(self) -> None:
        self.close_visit(remember=False)
        self.review_view.refresh()
        self._stale_tabs.discard(self.review_view)
        self._stale_tabs.add(self.visits)
        self.tabs.setCurrentWidget(self.review_view)
        self.pages.setCurrentIndex(0)

    def close_visit(self, remember: bool = True) -> None:
        screen = self.visit_screen
        if screen is None:
            return
        screen.flush()
        self.visit_screen = None
        self.pages.removeWidget(screen)
        screen.deleteLater()
        self._stale_tabs.add(self.dashboard)  # its figures computed again when next shown
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

    def current_target(self) -> Path | ServerAddress | None:
        """What is open: the file, or the office server's address (without its password)."""
        db = self.workspace.db
        if db.is_server and db.url is not None:
            return ServerAddress.parse(db.url)[0]
        return db.path

    def choose_database(self) -> None:
        dialog = DatabaseDialog(self.options, self.current_target(), self)
        if dialog.exec() != DatabaseDialog.DialogCode.Accepted:
            return
        if dialog.is_server():
            if self.switch_database(dialog.chosen_target(), False):
                self.options.database_server = dialog.chosen_address()
            return
        path, demo = dialog.chosen_path(), dialog.demo_if_new()
        if self.switch_database(path, demo):
            self.options.database_path = path
            self.options.demo_data_for_new_database = demo

    def switch_database(self, path: Path | str, demo_if_new: bool) -> bool:
        """Open another database as the start does — unlocked with a password before it opens when it is
        encrypted, created encrypted when new, converted once someone signs in when plain; on failure or
        cancel keep working on the current one. ``path`` may be the office server's address with its
        password (``postgresql://…``): opened as it is (no unlocking, no encryption, no schema created)."""
        from inspector.services.workspace import open_workspace
        from inspector.store.crypto import KeyringDamaged, WrongPassword
        from inspector.store.migrate import DatabaseAlreadyOpen, DatabaseRefused
        from inspector.ui import app as start

        if isinstance(path, str):
            return self._switch_to_server(path)
        try:
            opening = start.unlock_for_start(self.options, path, encrypt=start.ENCRYPT, parent=self)
        except (WrongPassword, KeyringDamaged) as exc:
            QMessageBox.critical(self, self.tr("Cannot open the database"), str(exc))
            return False
        if opening is None:  # cancelled at the unlock dialog
            return False
        try:
            workspace = open_workspace(path, demo_if_new=demo_if_new, exclusive=True, key=opening.key,
                                       backup_dir=self.options.backup_folder_for(path))
        except DatabaseAlreadyOpen as exc:
            if exc.database is self.workspace.db:
                return False  # the file already open, perhaps named through another path: nothing to switch
            QMessageBox.critical(self, self.tr("Cannot open the database"), _message(exc))
            return False
        except (DatabaseRefused, OSError) as exc:
            QMessageBox.critical(self, self.tr("Cannot open the database"), _message(exc))
            return False
        previous = self.signed_in_id
        signed = start._sign_in_at_start(self, workspace, opening, None)  # noqa: SLF001 — the start's own steps
        if signed is not True:  # another database, other accounts: cancelled, or the account refused
            fresh = opening.fresh and start._needs_first_admin(workspace)  # noqa: SLF001
            self.signed_in_id = previous
            workspace.close()
            if fresh:
                start._discard_new_database(path)  # noqa: SLF001 — made just now, no one could open it
            if isinstance(signed, str):
                QMessageBox.critical(self, self.tr("Cannot open the database"), signed)
            return False
        self.close_visit()
        self.workspace.close()
        if start.ENCRYPT and workspace.db.key is None and self.signed_in_id is not None:
            workspace = start.convert_to_encrypted(self.options, workspace, self)
        self.workspace = workspace
        self._build_pages()
        from inspector.ui.accounts.recovery_key import offer_recovery_key

        offer_recovery_key(workspace.db, self.signed_in_id, self)
        return True

    def _switch_to_server(self, url: str) -> bool:
        from inspector.services.workspace import open_workspace
        from inspector.store.migrate import DatabaseRefused
        from inspector.ui import app as start

        current = self.workspace.db
        if current.is_server and current.url is not None \
                and ServerAddress.parse(current.url)[0] == ServerAddress.parse(url)[0]:
            return False  # the server already open: nothing to switch
        try:
            workspace = open_workspace(url, demo_if_new=False, create=False)
        except DatabaseRefused as exc:
            QMessageBox.critical(self, self.tr("Cannot open the database"), str(exc))
            return False
        previous = self.signed_in_id
        signed = start._sign_in_at_start(self, workspace, start.Opening(), None)  # noqa: SLF001
        if signed is not True:  # other accounts: cancelled
            self.signed_in_id = previous
            workspace.close()
            if isinstance(signed, str):
                QMessageBox.critical(self, self.tr("Cannot open the database"), signed)
            return False
        self.close_visit()
        self.workspace.close()
        self.workspace = workspace
        self._build_pages()
        start.start_history_check(workspace, self)
        return True

    # --- signed data packages (ui/packages) ---------------------------------------------------------

    def _build_package_actions(self, menu: QMenu) -> None:
        self.export_package_action = QAction(self.tr("E&xport a data package…"), self)
        self.export_package_action.setObjectName("exportPackageAction")
        self.export_package_action.triggered.connect(self.show_package_export)
        menu.addAction(self.export_package_action)
        self.import_package_action = QAction(self.tr("I&mport a data package…"), self)
        self.import_package_action.setObjectName("importPackageAction")
        self.import_package_action.triggered.connect(self.show_package_import)
        menu.addAction(self.import_package_action)

    def _selected_visit_ids(self) -> list[uuid.UUID]:
        rows = self.visits.table.selectionModel().selectedRows()
        found = (self.visits.model.visit_id_at(index.row()) for index in rows)
        return [visit_id for visit_id in found if visit_id is not None]

    def show_package_export(self) -> None:
        from inspector.ui.packages.export_dialog import ExportPackageDialog

        if not self.ensure_user():
            return
        self.close_visit()  # the visit open is saved first: it goes into the package as it is now
        dialog = ExportPackageDialog(self.workspace.db, self.inspection.user_id, self._selected_visit_ids(), self)
        dialog.exec()
        dialog.deleteLater()

    def show_package_import(self) -> None:
        from inspector.ui.packages.import_dialog import ImportPackageDialog

        if not self.ensure_user():
            return
        self.close_visit()
        dialog = ImportPackageDialog(self.workspace.db, self.inspection.user_id, self)
        dialog.imported.connect(lambda _package: self.reload())
        dialog.exec()
        dialog.deleteLater()

    # --- sync with the office server (ui/sync) ------------------------------------------------------

    def _build_sync_actions(self, menu: QMenu) -> None:
        self.sync_action = QAction(self.tr("S&ynchronise with the server…"), self)
        self.sync_action.setObjectName("syncAction")
        self.sync_action.setShortcut(QKeySequence("F9"))
        self.sync_action.triggered.connect(self.show_sync)
        menu.addAction(self.sync_action)
        self.conflicts_action = QAction(self.tr("Sync &conflicts…"), self)
        self.conflicts_action.setObjectName("conflictsAction")
        self.conflicts_action.triggered.connect(self.show_conflicts)
        self.conflicts_action.setVisible(False)  # the supervisor's
        menu.addAction(self.conflicts_action)
        self.conflicts_button = QPushButton()  # the notice, in the status bar, while conflicts wait
        self.conflicts_button.setObjectName("conflictsButton")
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setStyleSheet("color: #b00020; font-weight: bold;")
        self.conflicts_button.clicked.connect(self.show_conflicts)
        self.conflicts_button.hide()
        self.statusBar().addPermanentWidget(self.conflicts_button)

    def _update_sync_actions(self) -> None:
        """*Đồng bộ* on a laptop's file (the server itself has nothing to sync with); the conflicts to a
        supervisor, with a notice in the status bar while some wait."""
        from inspector.ui.sync.conflicts import open_conflicts

        workspace = getattr(self, "workspace", None)
        signed_in = workspace is not None and getattr(self, "inspection", None) is not None \
            and self.inspection.user_id is not None
        self.sync_action.setVisible(workspace is None or not workspace.db.is_server)
        self.sync_action.setEnabled(signed_in)
        supervisor = signed_in and self._is_supervisor()
        self.conflicts_action.setVisible(supervisor)
        waiting = open_conflicts(workspace.db) if supervisor else 0
        self.conflicts_button.setText(self.tr("%n sync conflict(s) to settle", "", waiting))
        self.conflicts_button.setVisible(waiting > 0)

    def show_sync(self) -> QDialog | None:
        """*Đồng bộ*: the dialog, modal to the window but not blocking it (the sync runs on a worker thread)."""
        from inspector.ui.sync.dialog import SyncDialog

        if self.workspace.db.is_server or not self.ensure_user():
            return None
        self.close_visit()  # the visit open is saved first: it goes to the server as it is now
        dialog = SyncDialog(self.workspace, self.options, self.inspection.user_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.synced.connect(lambda _report: self._after_sync())
        dialog.open()
        return dialog

    def _after_sync(self) -> None:
        """What came in from the server shows: every tab re-read (the one on screen now, the others when shown)."""
        self.reload()
        self._update_sync_actions()

    def show_conflicts(self) -> QDialog | None:
        """The sync conflicts for the supervisor (window-modal, not blocking)."""
        from inspector.ui.sync.conflicts import ConflictsDialog

        if not self.ensure_user():
            return None
        dialog = ConflictsDialog(self.workspace.db, lambda: self.inspection.user_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settled.connect(lambda _conflict_id: self._after_sync())
        dialog.open()
        return dialog

    def show_backups(self) -> None:
        if self.workspace.db.is_server:
            return  # the server's administrator backs it up (the action is disabled there)
        BackupDialog(self.workspace.db.path, self.options, self.restore_backup, self).exec()

    def restore_backup(self, backup: Path, *, now: datetime | None = None) -> bool:
        """Put a backup in place of the open database (the current file is kept aside) and work on it.

        On failure the current file is opened again and the error shown.
        """
        from inspector.store.migrate import DatabaseRefused

        path = self.workspace.db.path
        assert path is not None
        demo = False
        key = getattr(self.workspace.db, "key", None)  # an encrypted file's backups have its key
        self.close_visit()
        self.workspace.close()
        error: str | None = None
        try:
            aside = restore(backup, path, now=now)
        except BackupFailed as exc:
            error, aside = str(exc), None
        try:
            workspace = open_workspace_for_app(self.options, path, demo=demo, create=False, key=key)
        except (DatabaseRefused, OSError) as exc:
            if error is None and aside is not None:
                # the restored file does not open: back to the file that was in use, kept aside untouched
                error = _message(exc)
                try:
                    put_back(aside, path)
                    workspace = open_workspace_for_app(self.options, path, demo=demo, create=False, key=key)
                except (BackupFailed, DatabaseRefused, OSError) as again:
                    return self._lost_database(f"{error}\n\n{_message(again)}")
            else:
                return self._lost_database(f"{error or ''}\n\n{_message(exc)}".strip())
        self.workspace = workspace
        if self._known_user(self.signed_in_id) is None and not self.ask_sign_in(workspace.db):
            self.close()  # the restored file does not know the user, who did not sign in again: quit
            return False
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
