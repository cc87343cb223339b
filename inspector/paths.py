"""Where the data folders (db/, forms/, resources/) live.

In a checkout they sit beside the package; in an installed wheel they are
copied under ``inspector/_data`` (see pyproject.toml).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    checkout = _PACKAGE.parent
    if (checkout / "db" / "env.py").is_file():
        return checkout
    return _PACKAGE / "_data"


def migrations_dir() -> Path:
    return data_root() / "db"


def forms_dir() -> Path:
    return data_root() / "forms"


def resources_dir() -> Path:
    return data_root() / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def user_database_path() -> Path:
    """The database the desktop app uses, found without Qt (for the command line).

    Mirrors Qt on Linux: the path chosen in the app's settings
    (~/.config/PhongNoiVu/Inspector.conf), else the application data location.
    """
    import configparser
    import os

    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    settings = config_home / "PhongNoiVu" / "Inspector.conf"
    if settings.is_file():
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(settings, encoding="utf-8")
            chosen = parser.get("database", "path", fallback="").strip()
            if chosen:
                return Path(chosen)
        except configparser.Error:
            pass
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "PhongNoiVu" / "Inspector" / "inspector.sqlite"
