"""Text a person types or a file brings: what may be stored, and how any of it is shown safely.

One rule for stored text, whichever door it comes through (the command line, the app, an import):

- a **name** (a domain) is refused when it holds a control character (C0, DEL or C1), a
  bidirectional override or isolate, a noncharacter or a lone surrogate: a name is shown everywhere
  and compared, so it must be plain;
- a **note** keeps its line breaks and tabs and loses every other such character: a pasted note
  with a stray escape still saves, and nothing in it can reach a terminal.

Whatever is stored, every string shown to a person passes through ``display``, which neutralises
what remains (older databases, error messages quoting a file), so no escape sequence, bell or
right-to-left override ever reaches the terminal from data.
"""

from __future__ import annotations

from polymath.core.errors import InvalidInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

MAX_NAME_LENGTH: Final = 200
MAX_NOTE_LENGTH: Final = 2000

_BIDI: Final = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})
"""Marks, embeddings, overrides and isolates that reorder what a terminal shows."""
_LINE_BREAKS: Final = ("\r\n", "\r", "\u2028", "\u2029", "\x85")


def unsafe(ch: str) -> bool:
    """A character that may not be stored in a name, nor shown raw: controls, bidi, non-text."""
    cp = ord(ch)
    return (
        cp < 0x20
        or 0x7F <= cp <= 0x9F
        or cp in _BIDI
        or 0xD800 <= cp <= 0xDFFF
        or 0xFDD0 <= cp <= 0xFDEF
        or (cp & 0xFFFE) == 0xFFFE
    )


def clean_name(text: str) -> str:
    """Collapse whitespace; refuse an empty or over-long name, or one holding unsafe characters.

    Tabs and line breaks collapse into spaces like any whitespace; other controls are refused,
    even those Python counts as whitespace (U+0085, U+001C..U+001F).
    """
    bad = next((ch for ch in text if unsafe(ch) and ch not in "\t\n\r"), None)
    if bad is not None:
        raise InvalidInput(
            f"a domain name cannot hold control characters or direction marks (U+{ord(bad):04X})"
        )
    name = " ".join(text.split())
    if not name:
        raise InvalidInput("a domain name cannot be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"a domain name is at most {MAX_NAME_LENGTH} characters")
    return name


def clean_note(note: str | None) -> str | None:
    """A note as stored: line breaks made ``\\n``, other unsafe characters dropped, trimmed.

    None or a note that is empty once cleaned is no note.
    """
    if note is None:
        return None
    if len(note) > 4 * MAX_NOTE_LENGTH:  # far past the limit: no need to clean it first
        raise InvalidInput(f"a note is at most {MAX_NOTE_LENGTH:,} characters")
    text = note
    for mark in _LINE_BREAKS:
        text = text.replace(mark, "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or not unsafe(ch)).strip()
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"a note is at most {MAX_NOTE_LENGTH:,} characters")
    return text or None


def display(text: str, *, one_line: bool = True) -> str:
    """Text made safe for a terminal: unsafe characters shown as visible symbols, never obeyed.

    C0 controls become their Control Pictures (ESC as ``␛``), the rest ``�``; with ``one_line``
    (lists, tables, error messages) line breaks read ``↵`` and tabs a space.
    """
    out = []
    for ch in text:
        if ch == "\n":
            out.append(" \u21b5 " if one_line else ch)
        elif ch == "\t":
            out.append(" " if one_line else ch)
        elif not unsafe(ch):
            out.append(ch)
        elif ord(ch) < 0x20:
            out.append(chr(0x2400 + ord(ch)))
        elif ch == "\x7f":
            out.append("\u2421")
        else:
            out.append("\ufffd")
    return "".join(out)


def cell_width(text: str) -> int:
    """Columns a terminal gives ``text``: wide (East Asian, most emoji) characters take two,
    combining marks and zero-width joiners none, others one (Unicode's East Asian Width)."""
    from unicodedata import combining, east_asian_width

    width = 0
    for ch in text:
        if combining(ch) or ch in "\u200b\u200c\u200d\ufe0e\ufe0f":
            continue
        width += 2 if east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (on the left with ``right``)."""
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap
