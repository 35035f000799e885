"""Durations as people write them: ``45m``, ``1h30``, ``1.5h``, ``90``, ``1:30``, ``PT1H30M``.

The regular expressions below define what is read. The everyday forms (``45m``, ``90``,
``1h30``, ``2h``) are read first without them (``_plain_minutes``, held to the same answers by
``tests/unit/core/test_durations.py``): importing ``re`` costs a check-in 3 ms, a tenth of it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from polymath.core.errors import InvalidInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

MAX_SESSION_MINUTES: Final = 24 * 60
WEEK_MINUTES: Final = 7 * 24 * 60
"""A week in minutes: the most a weekly goal can ask."""

_ISO = r"^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$"
_CLOCK = r"^(\d{1,2}):([0-5]\d)$"
_UNITS = (
    r"^(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minute|minutes)?)?$"
)
_DIGITS = frozenset("0123456789")


def parse_duration(text: str, *, maximum: int = MAX_SESSION_MINUTES) -> int:
    """Return whole minutes for a duration, rejecting zero, negatives and more than a day.

    A bare number is minutes (``90``); a number after hours is minutes too (``1h30``).
    """
    raw = text.strip()
    minutes = _to_minutes(raw)
    if minutes is None:
        raise InvalidInput(
            f"cannot read duration {text!r}: write it like 45m, 1h30, 1.5h, 90 or PT1H30M"
        )
    if minutes <= 0:
        raise InvalidInput(f"duration {text!r} is not positive: a session lasts at least a minute")
    if minutes > maximum:
        limit = "a day (24h at most)" if maximum == MAX_SESSION_MINUTES else format_minutes(maximum)
        raise InvalidInput(f"duration {text!r} is longer than {limit}")
    return minutes


def _to_minutes(raw: str) -> int | None:
    if not raw or raw.startswith("-"):
        return None if not raw else _negative(raw)
    plain = _plain_minutes(raw)
    return plain if plain is not None else _read_minutes(raw)


def _read_minutes(raw: str) -> int | None:
    """What the regular expressions read in ``raw`` (a duration without a sign)."""
    import re

    if match := re.match(_ISO, raw, re.I):
        if not any(match.groups()) or raw.upper() == "PT":
            return None
        hours, mins, secs = (float(g) if g else 0.0 for g in match.groups())
        return round(hours * 60 + mins + secs / 60)
    if match := re.match(_CLOCK, raw):
        return int(match[1]) * 60 + int(match[2])
    match = re.match(_UNITS, raw, re.I)
    if not match or not any(match.groups()):
        return None
    hours = float(match[1].replace(",", ".")) if match[1] else 0.0
    mins = float(match[2].replace(",", ".")) if match[2] else 0.0
    if match[1] and mins >= 60:
        return None  # "1h61": minutes after hours are the minutes of an hour
    return round(hours * 60 + mins)


def _plain_minutes(raw: str) -> int | None:
    """``90``, ``45m``, ``2h``, ``1h30`` and ``1h30m`` (ASCII digits): what ``_UNITS`` reads
    them as; None for anything else, which the regular expressions then read."""
    text = raw.lower()
    minute_unit = text.endswith("m")
    if minute_unit:
        text = text[:-1]
    hours, hour_unit, mins = text.partition("h")
    if not hour_unit:
        hours, mins = "", hours
    if (hour_unit and not _number(hours)) or (mins and not _number(mins)):
        return None
    if (minute_unit or not hour_unit) and not mins:
        return None  # "m" names the minutes before it
    if hours and mins and int(mins) >= 60:
        return None
    return int(hours or 0) * 60 + int(mins or 0)


def _number(text: str) -> bool:
    return 0 < len(text) <= 6 and _DIGITS.issuperset(text)


def _negative(raw: str) -> int | None:
    inner = _to_minutes(raw[1:].strip())
    return None if inner is None else -inner


def elapsed_minutes(start: datetime, end: datetime) -> int:
    """Whole minutes from one aware instant to another, rounded half up; negative if ``end`` is
    earlier (a clock set back).

    Elapsed time is the difference of instants: both are taken to UTC first, because Python
    subtracts two datetimes of the same zone by their wall clocks, which is an hour off across a
    daylight-saving change.
    """
    elapsed = end.astimezone(UTC) - start.astimezone(UTC)
    return (elapsed + timedelta(seconds=30)) // timedelta(minutes=1)


def format_minutes(minutes: int) -> str:
    """``95`` -> ``1h35``, ``45`` -> ``45m``, ``120`` -> ``2h``: short enough for a status bar."""
    sign = "-" if minutes < 0 else ""
    hours, mins = divmod(abs(minutes), 60)
    if not hours:
        return f"{sign}{mins}m"
    return f"{sign}{hours}h{mins:02d}" if mins else f"{sign}{hours}h"
