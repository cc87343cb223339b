"""Text input rules shared by every layer.

Vietnamese keyboards (Telex/VNI through IBus, Unikey, macOS) emit either
precomposed (NFC) or decomposed (NFD) letters; two spellings of the same word
must compare equal in the database, so everything is stored as NFC.
"""

from __future__ import annotations

import unicodedata
from typing import overload


@overload
def nfc(text: str) -> str: ...
@overload
def nfc(text: None) -> None: ...
def nfc(text: str | None) -> str | None:
    if text is None:
        return None
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, trimmed, inner runs of spaces kept (notes may be formatted)."""
    return nfc(text or "").strip()


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def fold(text: str) -> str:
    """Lower-case, diacritics removed, đ → d: so "phuong 1" finds "Phường 1"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def thousands(number: int) -> str:
    """10000 → "10.000", as Vietnamese writes numbers."""
    return f"{number:,}".replace(",", ".")
