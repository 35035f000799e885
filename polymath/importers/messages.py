"""How a loader's complaints read: one line, the place in the file first, values quoted safely.

Every message may quote a file's text, so each quote goes through ``display``: no escape
sequence, direction mark or lone surrogate from a file reaches a terminal or a JSON report.
"""

import json
from collections.abc import Iterator
from typing import Final, TypeVar

from polymath.core.errors import ImportFailed, InvalidInput, PolymathError
from polymath.core.text import display

_SHOWN_CHARS: Final = 60
_T = TypeVar("_T")


def show(value: object) -> str:
    """A value as a message quotes it: short, on one line, and safe to print whatever it holds."""
    if isinstance(value, str):
        text = repr(value[: _SHOWN_CHARS + 1])
    else:
        try:
            text = json.dumps(value, ensure_ascii=False)[: _SHOWN_CHARS * 4]
        except (ValueError, RecursionError):  # an int of thousands of digits, a list nested deep
            text = f"<{type(value).__name__} too large to show>"
    text = display(" ".join(text.split()))
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def one_line(message: str) -> str:
    """Squeeze a message onto the single line the CLI and TUI show."""
    return " ".join(message.split())


def placed(where: str, problem: PolymathError) -> ImportFailed:
    """The complaint about one record, prefixed with where it is (``frame 3: ...``)."""
    return ImportFailed(f"{where}: {one_line(str(problem))}")


def counted(count: int, noun: str) -> str:
    """``1 frame``, ``2 frames``: the count in a warning, read as English."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def guarded(records: Iterator[_T], what: str) -> Iterator[_T]:
    """Last guard: a Python error from a loader still reaches the user as one ImportFailed line.

    The loaders check every value first; this only keeps an unforeseen input from showing a
    traceback.
    """
    try:
        yield from records
    except ImportFailed:
        raise
    except InvalidInput as exc:
        raise ImportFailed(one_line(str(exc))) from exc
    except (
        KeyError,
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as exc:
        raise ImportFailed(one_line(f"unreadable {what}: {display(str(exc))}")) from exc
