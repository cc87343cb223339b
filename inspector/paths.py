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
