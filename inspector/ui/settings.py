"""Typed options over QSettings (one place that knows the keys and defaults)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

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
        self._s.setValue("database/path", str(path))

    def reset_database_path(self) -> None:
        self._s.remove("database/path")

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

    def sync(self) -> None:
        self._s.sync()
