"""Short labels with their units, shared by the screens (formatting only: no rules live here)."""

from rich.text import Text
from textual.markup import escape

from polymath.core.durations import format_minutes
from polymath.core.levels import level_name
from polymath.core.text import cell_width, display

__all__ = [
    "escape",
    "fit",
    "format_minutes",
    "hours",
    "level_label",
    "meter",
    "plain",
    "sentence",
    "signed",
]


def plain(text: str) -> Text:
    """Stored text as a cell or label: on one line, never markup, never a control character."""
    return Text(display(text))


def fit(text: str, width: int) -> Text:
    """``plain`` text cut to ``width`` terminal columns, an ellipsis marking the cut."""
    shown = display(text)
    if cell_width(shown) <= width:
        return Text(shown)
    kept = ""
    for ch in shown:
        if cell_width(kept + ch) > width - 1:
            break
        kept += ch
    return Text(kept + "…")


def hours(minutes: int) -> str:
    """``7834`` -> ``130.6 h``: totals read better in hours than in ``130h34``."""
    return f"{minutes / 60:,.1f} h"


def level_label(level: int | None) -> str:
    return f"{level} {level_name(level)}" if level else "not assessed"


def signed(minutes: float) -> str:
    """A change in minutes with its sign: ``+20m``, ``-1h05``, ``0m``."""
    rounded = round(minutes)
    sign = "+" if rounded > 0 else "-" if rounded < 0 else ""
    return f"{sign}{format_minutes(abs(rounded))}"


def meter(value: int, target: int, width: int, *, fill: str, empty: str) -> str:
    """Markup for a bar filled to ``value / target`` (capped), in the given theme styles."""
    filled = min(width, round(width * value / target)) if target > 0 else 0
    bar = f"[{fill}]{'█' * filled}[/]" if filled else ""
    rest = width - filled
    return bar + (f"[{empty}]{'░' * rest}[/]" if rest else "")


def sentence(text: str) -> str:
    """A line made a sentence: capital first letter, a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")
