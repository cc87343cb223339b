"""*Tệp › Cơ sở dữ liệu…*: which database the app works on — a file on this computer, or the office server
(PostgreSQL, issue 14) — kept in the settings for the next start.

For the server: its address, the database, the database user and that user's password. The password is never
written to the settings: it is kept in memory for the session (ui.server_address) and asked again at the next
start, in this same dialog. *Kiểm tra kết nối* says whether the server can be reached and whether its database
is ready for this app, without changing anything.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.text import clean_path
from inspector.ui.server_address import DEFAULT_PORT, ServerAddress, nfc, remember_password, session_password
from inspector.ui.settings import Options, default_database_path


class ServerState(Enum):
    READY = "ready"  # the schema is this app's
    UPGRADE = "upgrade"  # an older Inspector's schema: upgraded when the app opens it


def check_server(url: str) -> ServerState:
    """What opening ``url`` would find, without changing anything (no upgrade, no schema made).
    Raises the store's DatabaseRefused with the message for the user: unreachable, wrong password, no such
    database, not initialised (``inspector server init``), made by a newer Inspector, not Inspector's."""
    import sqlalchemy as sa

    from inspector.store.db import display_url
    from inspector.store.migrate import SCHEMA_HEAD, DatabaseTooNew, DatabaseUnrecognised, known_revisions
    from inspector.store.server import ServerSchemaMissing, connection_problem, server_engine, server_revision

    engine = server_engine(url)
    try:
        current, tables = server_revision(engine)
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        raise connection_problem(exc, url) from exc
    finally:
        engine.dispose()
    where = display_url(url)
    if current is None and tables:
        raise DatabaseUnrecognised(
            f"Cơ sở dữ liệu {where} đã có bảng nhưng không do Inspector tạo ra; ứng dụng không đụng tới.")
    if current is None:
        raise ServerSchemaMissing(
            f"Cơ sở dữ liệu {where} chưa được khởi tạo cho Inspector. Quản trị chạy: inspector server init {where}")
    if current != SCHEMA_HEAD and current not in known_revisions():
        raise DatabaseTooNew(f"Cơ sở dữ liệu {where} thuộc phiên bản Inspector mới hơn (lược đồ {current}). "
                             "Hãy cập nhật ứng dụng; dữ liệu không bị thay đổi.")
    return ServerState.READY if current == SCHEMA_HEAD else ServerState.UPGRADE


class DatabaseDialog(QDialog):
    """``current``: what is open (or about to be); ``message``: why it is asked again (at start: the server
    refused); ``at_start``: the buttons say *Mở* and *Thoát*."""

    def __init__(self, options: Options, current: Path | ServerAddress | None, parent: QWidget | None = None, *,
                 message: str = "", at_start: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("databaseDialog")
        self.setWindowTitle(self.tr("Database"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)

        self.file_choice = QRadioButton(self.tr("A &file on this computer"))
        self.file_choice.setObjectName("fileChoice")
        self.server_choice = QRadioButton(self.tr("The office &server (PostgreSQL)"))
        self.server_choice.setObjectName("serverChoice")
        group = QButtonGroup(self)
        group.addButton(self.file_choice)
        group.addButton(self.server_choice)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.file_choice)
        choice_row.addWidget(self.server_choice)
        choice_row.addStretch(1)
        layout.addLayout(choice_row)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page(options, current if isinstance(current, Path) else None))
        server = current if isinstance(current, ServerAddress) else options.database_server
        self.pages.addWidget(self._server_page(server))
        layout.addWidget(self.pages)
        self.file_choice.toggled.connect(lambda on: self.pages.setCurrentIndex(0 if on else 1))
        (self.server_choice if isinstance(current, ServerAddress) else self.file_choice).setChecked(True)
        self.pages.setCurrentIndex(1 if isinstance(current, ServerAddress) else 0)

        self.error_label = QLabel(message)
        self.error_label.setObjectName("databaseError")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        if at_start:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Open"))
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Quit"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if isinstance(current, ServerAddress):
            (self.password_edit if self.host_edit.text() else self.host_edit).setFocus()

    # --- the two pages ------------------------------------------------------------------------------

    def _file_page(self, options: Options, current: Path | None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(self.tr(
            "Inspector keeps all data in one database file on this computer. "
            "Choose an existing file, or a new file name to start an empty database. "
            "The file is backed up automatically before an upgrade."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(str(current or options.database_path))
        self.path_edit.setObjectName("pathEdit")
        row.addWidget(self.path_edit, 1)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        default = QPushButton(self.tr("Default location"))
        default.clicked.connect(lambda: self.path_edit.setText(str(default_database_path())))
        row.addWidget(default)
        layout.addLayout(row)
        self.demo_box = QCheckBox(self.tr("Fill a new database with demo data (tỉnh Vĩnh Long today, the former Trà Vinh city as history)"))
        self.demo_box.setChecked(options.demo_data_for_new_database)
        layout.addWidget(self.demo_box)
        layout.addStretch(1)
        return page

    def _server_page(self, server: ServerAddress | None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(self.tr(
            "At the office, every computer works on the same database on the office server (PostgreSQL). "
            "Ask the server's administrator for its address, the database, and the database user and password. "
            "The password is not saved on this computer: it is asked at each start."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host_edit = QLineEdit(server.host if server else "")
        self.host_edit.setObjectName("serverHost")
        self.host_edit.setPlaceholderText("192.168.1.10")
        form.addRow(self.tr("Server &address:"), self.host_edit)
        self.port_edit = QSpinBox()
        self.port_edit.setObjectName("serverPort")
        self.port_edit.setRange(1, 65535)
        self.port_edit.setGroupSeparatorShown(False)
        self.port_edit.setMaximumWidth(120)
        self.port_edit.setValue(server.port if server else DEFAULT_PORT)
        form.addRow(self.tr("&Port:"), self.port_edit)
        self.database_edit = QLineEdit(server.database if server else "inspector")
        self.database_edit.setObjectName("serverDatabase")
        form.addRow(self.tr("Data&base:"), self.database_edit)
        self.user_edit = QLineEdit(server.user if server else "inspector")
        self.user_edit.setObjectName("serverUser")
        form.addRow(self.tr("Database &user:"), self.user_edit)
        self.password_edit = QLineEdit(session_password(server) or "" if server else "")
        self.password_edit.setObjectName("serverPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Pass&word:"), self.password_edit)
        layout.addLayout(form)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setObjectName("testButton")
        self.test_button.clicked.connect(self.test_connection)
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        layout.addLayout(test_row)
        self.test_result = QLabel()
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.test_result)
        layout.addStretch(1)
        return page

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Database file"), self.path_edit.text(),
            self.tr("Inspector database (*.sqlite *.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.path_edit.setText(name)

    # --- what was chosen -----------------------------------------------------------------------------

    def is_server(self) -> bool:
        return self.server_choice.isChecked()

    def chosen_path(self) -> Path:
        return Path(clean_path(self.path_edit.text())).expanduser()

    def chosen_address(self) -> ServerAddress:
        return ServerAddress(host=nfc(self.host_edit.text()), port=self.port_edit.value(),
                             database=nfc(self.database_edit.text()), user=nfc(self.user_edit.text()))

    def chosen_password(self) -> str:
        return self.password_edit.text()

    def chosen_target(self) -> Path | str:
        """The file, or the server's address with its password (for opening; never for the settings)."""
        if self.is_server():
            return self.chosen_address().url(self.chosen_password())
        return self.chosen_path()

    def demo_if_new(self) -> bool:
        return self.demo_box.isChecked()

    def _server_problem(self) -> str:
        address = self.chosen_address()
        if not address.host:
            self.host_edit.setFocus()
            return self.tr("Enter the server's address.")
        if not address.database:
            self.database_edit.setFocus()
            return self.tr("Enter the name of the database on the server.")
        if not address.user:
            self.user_edit.setFocus()
            return self.tr("Enter the database user.")
        return ""

    def test_connection(self) -> bool:
        """*Kiểm tra kết nối*: reachable, the password accepted, the database ready (or to be upgraded);
        otherwise why not. Nothing is changed on the server."""
        from inspector.store.migrate import DatabaseRefused

        problem = self._server_problem()
        if problem:
            self._say(problem, ok=False)
            return False
        address = self.chosen_address()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            state = check_server(address.url(self.chosen_password()))
        except DatabaseRefused as exc:
            self._say(str(exc), ok=False)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        if state is ServerState.READY:
            text = self.tr("Connected to %1: the database is ready for Inspector.")
        else:
            text = self.tr("Connected to %1: the database was made by an older Inspector and is upgraded when "
                           "it is opened (the administrator should back it up first with pg_dump).")
        self._say(text.replace("%1", address.display()), ok=True)
        return True

    def _say(self, text: str, *, ok: bool) -> None:
        self.test_result.setStyleSheet("color: #2e7d32; font-weight: bold;" if ok else "color: #b00020; font-weight: bold;")
        self.test_result.setText(("✓ " if ok else "✗ ") + text)

    def _accept(self) -> None:
        if self.is_server():
            problem = self._server_problem()
            if problem:
                self.error_label.setText(problem)
                return
            remember_password(self.chosen_address(), self.chosen_password())  # this session only
            self.accept()
            return
        text = clean_path(self.path_edit.text())
        if not text:
            self.error_label.setText(self.tr("Enter the path of a database file."))
            return
        path = self.chosen_path()
        if path.is_dir():
            self.error_label.setText(self.tr("This is a folder; enter a file name inside it."))
            return
        self.accept()
