"""The bundled Times-New-Roman-compatible font (Liberation Serif, SIL OFL), embedded in every PDF."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from inspector.paths import fonts_dir

SERIF = "InspectorSerif"
_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    f"{SERIF}-Bold": "LiberationSerif-Bold.ttf",
    f"{SERIF}-Italic": "LiberationSerif-Italic.ttf",
    f"{SERIF}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}


@cache
def register_fonts() -> str:
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / filename)))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, f"{SERIF}-Bold")
    addMapping(SERIF, 0, 1, f"{SERIF}-Italic")
    addMapping(SERIF, 1, 1, f"{SERIF}-BoldItalic")
    return SERIF
