"""Text input rules shared by every layer.

Vietnamese keyboards (Telex/VNI through IBus, Unikey, macOS) emit either
precomposed (NFC) or decomposed (NFD) letters; two spellings of the same word
must compare equal in the database, so everything is stored as NFC.

Every text a user or a file can fill goes through one cleaning step:
:func:`clean` for single-line fields (names, positions, locations, numbers,
captions, titles, codes) and :func:`clean_multiline` for free text (notes,
summaries, conclusions, recommendations, the unit's opinion). Both remove what
cannot be seen but changes what the text means or how it is shown:

- lone UTF-16 surrogates (U+D800–U+DFFF not forming a pair: text pasted from a
  broken source, a file decoded with ``surrogateescape``) are *removed*, not
  replaced with U+FFFD: the damage is invisible, and a visible "�" in the
  official minutes would be worse than the missing nothing; a high + low pair
  is joined into the character it stands for;
- C0 and C1 control characters and DEL (NUL, BEL, ESC of terminal escape
  sequences, U+0085, U+009B CSI…), except the line break (and the tab in
  multi-line fields); CR LF, CR, U+2028 LINE SEPARATOR and U+2029 PARAGRAPH
  SEPARATOR are first turned into ``\\n``;
- Unicode format characters (category Cf): zero-width space and joiners
  (U+200B–U+200D), word joiner U+2060, BOM U+FEFF, soft hyphen U+00AD, LRM/RLM
  (U+200E/U+200F), ALM U+061C, bidi embeddings and overrides (U+202A–U+202E)
  and isolates (U+2066–U+2069)… Vietnamese uses none of them; its tone marks
  are combining marks (category Mn), which are kept and composed by NFC. With
  them gone, "Ng\\u200buyễn" is "Nguyễn" again (found by a search, equal in
  the database) and no U+202E reaches the minutes or a copy of them.

Then the text is NFC-normalised and trimmed; a single-line field also has every
run of whitespace (line breaks and tabs included) collapsed into one space.

:func:`terminal_safe` is the other direction: what is printed to a terminal has
every control, format and lone surrogate character shown escaped (``\\x1b``,
``\\u202e``, ``\\udc80``), so a name or a form file cannot drive the terminal.

File paths are not text fields: :func:`clean_path` only trims them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import overload

# Characters never kept: controls (Cc: C0, DEL, C1), format characters (Cf), surrogates (Cs),
# and the Unicode line/paragraph separators (Zl/Zp), which are turned into "\n" beforehand.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@overload
def nfc(text: str) -> str: ...
@overload
def nfc(text: None) -> None: ...
def nfc(text: str | None) -> str | None:
    if text is None:
        return None
    return unicodedata.normalize("NFC", text)


def _without_invisible(text: str, keep: str) -> str:
    """Line breaks normalised to "\\n"; surrogate pairs joined, lone ones and every Cc/Cf character not in ``keep`` removed."""
    if _SURROGATE.search(text):
        # A pair becomes the character it encodes; a lone surrogate cannot be encoded and is dropped.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    text = _LINE_BREAKS.sub("\n", text)
    if text.replace("\n", " ").replace("\t", " ").isprintable():
        return text  # the usual case, checked at C speed
    return "".join(ch for ch in text if ch in keep or unicodedata.category(ch) not in _INVISIBLE)


def clean(text: str | None) -> str:
    """A single-line field: invisible characters removed, NFC, whitespace runs (line breaks, tabs) one space, trimmed."""
    text = _without_invisible(text or "", "\n\t")  # kept here to become spaces below, not to glue words
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_multiline(text: str | None) -> str:
    """Free text: invisible characters removed except line breaks ("\\n") and tabs, NFC, trimmed; inner spacing kept."""
    text = _without_invisible(text or "", "\n\t")
    return unicodedata.normalize("NFC", text).strip()


def clean_path(text: str | None) -> str:
    """A file path typed or pasted into a field: surrounding whitespace removed, nothing else.

    Not :func:`clean`: a path names bytes on disk, where two spaces, a tab, an NFD name or a zero-width
    character are part of the name; "cleaning" it would name another (possibly new, empty) file.
    """
    return (text or "").strip()


def has_invisible(text: str) -> bool:
    """True when ``text`` holds a control (line breaks and tabs included), format or surrogate character."""
    return not text.isprintable() and any(unicodedata.category(ch) in _INVISIBLE for ch in text)


def terminal_safe(text: object, *, newlines: bool = False) -> str:
    """``str(text)`` for a terminal: control, format and lone surrogate characters shown escaped.

    Escapes are Python's: ``\\x1b`` (C0, DEL, C1; a tab is ``\\x09``), ``\\u202e`` (bidi controls, zero-width
    characters, BOM, soft hyphen, U+2028/U+2029, lone surrogates such as ``\\udc80`` from a file name that is
    not UTF-8), ``\\U000e0001``. With ``newlines`` the line break "\\n" is kept as is (a multi-line note);
    otherwise it is ``\\x0a`` too. A carriage return is always escaped: it would let a line overwrite what
    was printed before it.
    """
    text = str(text)
    if text.isprintable() or (newlines and text.replace("\n", "").isprintable()):
        return text
    return "".join(
        ch if (ch == "\n" and newlines) or unicodedata.category(ch) not in _INVISIBLE else _escape(ch)
        for ch in text
    )


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def fold(text: str) -> str:
    """Lower-case, diacritics and invisible characters removed, đ → d: so "phuong 1" finds "Phường 1"."""
    text = _without_invisible(text, "\n\t")
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def thousands(number: int) -> str:
    """10000 → "10.000", as Vietnamese writes numbers."""
    return f"{number:,}".replace(",", ".")
