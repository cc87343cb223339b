"""Typed options over QSettings (one place that knows the keys and defaults)."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from inspector.store.backups import default_backup_dir
from inspector.ui.server_address import ServerAddress

DATABASE_FILE = "inspector.sqlite"


def default_database_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / DATABASE_FILE


class Options:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings if settings is not None else QSettings()

    @property
    def database_path(self) -> Path:
        value = self._s.value("database/path", "", str)
        return Path(value) if value else default_database_path()

    @database_path.setter
    def database_path(self, path: Path) -> None:
        """The file to open, and the app opens a file (not the server) at the next start."""
        self._s.setValue("database/path", str(path))
        self._s.setValue("database/kind", "file")

    def reset_database_path(self) -> None:
        self._s.remove("database/path")

    @property
    def database_server(self) -> ServerAddress | None:
        """The office server's address last chosen (host, port, database, user — never the password)."""
        value = self._s.value("database/server", "", str)
        if not value:
            return None
        try:
            return ServerAddress.parse(value)[0]
        except ValueError:
            return None

    @database_server.setter
    def database_server(self, address: ServerAddress) -> None:
        """The server to open, and the app opens it (not a file) at the next start. Its password is not kept."""
        self._s.setValue("database/server", address.display())
        self._s.setValue("database/kind", "server")

    @property
    def database_target(self) -> Path | ServerAddress:
        """What the app opens at start: the last choice of *Tệp › Cơ sở dữ liệu…*, a file or the server."""
        server = self.database_server
        if self._s.value("database/kind", "file", str) == "server" and server is not None:
            return server
        return self.database_path

    @property
    def sync_server(self) -> ServerAddress | None:
        """The server a laptop's file syncs with (*Đồng bộ*): the one last synced with, else the office server
        chosen in *Tệp › Cơ sở dữ liệu…*. Never the password."""
        try:
            return ServerAddress.parse(self._s.value("sync/server", "", str))[0]
        except ValueError:
            return self.database_server

    @sync_server.setter
    def sync_server(self, address: ServerAddress) -> None:
        """Remembered for the next sync; unlike ``database_server``, the app still opens the file at start."""
        self._s.setValue("sync/server", address.display())

    @property
    def backup_folder(self) -> Path:
        """Where the daily and manual backups go: chosen by the user, or ``backups`` beside the database."""
        value = self._s.value("backup/folder", "", str)
        return Path(value) if value else default_backup_dir(self.database_path)

    def backup_folder_for(self, database: Path) -> Path:
        """The backup folder for the database actually open (which --database may have chosen)."""
        value = self._s.value("backup/folder", "", str)
        return Path(value) if value else default_backup_dir(database)

    @backup_folder.setter
    def backup_folder(self, folder: Path) -> None:
        self._s.setValue("backup/folder", str(folder))

    def reset_backup_folder(self) -> None:
        self._s.remove("backup/folder")

    @property
    def demo_data_for_new_database(self) -> bool:
        return bool(self._s.value("database/demo_if_new", True, bool))

    @demo_data_for_new_database.setter
    def demo_data_for_new_database(self, value: bool) -> None:
        self._s.setValue("database/demo_if_new", value)

    @property
    def main_window_geometry(self) -> QByteArray | None:
        value = self._s.value("window/main_geometry")
        return value if isinstance(value, QByteArray) else None

    @main_window_geometry.setter
    def main_window_geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/main_geometry", value)

    @property
    def current_user_id(self) -> uuid.UUID | None:
        return _uuid(self._s.value("session/user", "", str))

    @current_user_id.setter
    def current_user_id(self, value: uuid.UUID | None) -> None:
        self._s.setValue("session/user", str(value) if value else "")

    @property
    def last_username(self) -> str:
        """The user name that last unlocked an encrypted database here: offered before the file opens,
        when the database (and so the name of user :attr:`current_user_id`) cannot be read yet."""
        return self._s.value("session/username", "", str) or ""

    @last_username.setter
    def last_username(self, value: str) -> None:
        self._s.setValue("session/username", value)

    @property
    def last_visit_id(self) -> uuid.UUID | None:
        """The visit that was open when the app closed (or crashed): reopened at start."""
        return _uuid(self._s.value("session/visit", "", str))

    @last_visit_id.setter
    def last_visit_id(self, value: uuid.UUID | None) -> None:
        self._s.setValue("session/visit", str(value) if value else "")
        self._s.sync()  # written at once: a crash right after must still find it

    def sync(self) -> None:
        self._s.sync()


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None
