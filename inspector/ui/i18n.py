"""Fonts and translations: Vietnamese is the default language of the interface."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from inspector.paths import fonts_dir, translations_dir

DEFAULT_LANGUAGE = "vi"
UI_FONT_FAMILY = "Liberation Sans"


def install_fonts(app: QApplication) -> None:
    """Bundled fonts, so Vietnamese renders the same on a bare machine with no system fonts."""
    for path in sorted(fonts_dir().glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))
    font = QFont(UI_FONT_FAMILY)
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)


def install_translations(app: QApplication, language: str | None = None) -> list[QTranslator]:
    """Install the app's and Qt's own translations; returns them so they stay alive."""
    language = language or os.environ.get("INSPECTOR_LANG") or DEFAULT_LANGUAGE
    QLocale.setDefault(QLocale(language))
    installed = []
    if language == "en":  # the source language
        return installed
    ours = QTranslator(app)
    if ours.load(f"inspector_{language}", str(translations_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    # Qt ships no Vietnamese for its own dialogs (OK, Cancel, file dialog): we carry one.
    for directory in (str(translations_dir()), QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        qt = QTranslator(app)
        if qt.load(f"qtbase_{language}", directory):
            app.installTranslator(qt)
            installed.append(qt)
            break
    return installed


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
