"""Durations as people write them: ``45m``, ``1h30``, ``1.5h``, ``90``, ``1:30``, ``PT1H30M``."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from polymath.core.errors import InvalidInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

MAX_SESSION_MINUTES: Final = 24 * 60

_ISO = re.compile(r"^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$", re.I)
_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_UNITS = re.compile(
    r"^(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minute|minutes)?)?$",
    re.I,
)


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
    if match := _ISO.match(raw):
        if not any(match.groups()) or raw.upper() == "PT":
            return None
        hours, mins, secs = (float(g) if g else 0.0 for g in match.groups())
        return round(hours * 60 + mins + secs / 60)
    if match := _CLOCK.match(raw):
        return int(match[1]) * 60 + int(match[2])
    match = _UNITS.match(raw)
    if not match or not any(match.groups()):
        return None
    hours = float(match[1].replace(",", ".")) if match[1] else 0.0
    mins = float(match[2].replace(",", ".")) if match[2] else 0.0
    if match[1] and mins >= 60:
        return None  # "1h61": minutes after hours are the minutes of an hour
    return round(hours * 60 + mins)


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
