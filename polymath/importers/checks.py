"""The checks every value from a file passes, with the limits the command line uses.

Names and notes follow the one rule for stored text (``polymath.core.text``): a name holding a
control character, a direction mark or a lone surrogate is refused, a note loses them. Minutes
stop at ``MAX_SESSION_MINUTES``, names at ``MAX_NAME_LENGTH``, notes at ``MAX_NOTE_LENGTH``,
whichever door the value comes through.
"""

import math
import re
from datetime import UTC, date, datetime
from itertools import islice
from typing import Final, TypeGuard

from polymath.core.durations import MAX_SESSION_MINUTES
from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.kinds import parse_kind
from polymath.core.levels import LEVEL_NAMES
from polymath.core.names import name_key
from polymath.core.text import MAX_NOTE_LENGTH, clean_name, clean_note, unsafe
from polymath.importers.messages import show

MIN_SECONDS: Final = 30
"""Frames and intervals shorter than this are a mis-click, not a session: they are skipped."""

_LOOK_AHEAD: Final = 4 * MAX_NOTE_LENGTH
_ISO_DATETIME: Final = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", re.ASCII | re.DOTALL)
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ISO_WEEK: Final = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)


def is_integer(value: object) -> TypeGuard[int]:
    """True for a JSON whole number (``true`` is not one, though Python says it is an int)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> TypeGuard[int | float]:
    """True for a finite JSON number (Python's JSON reader also lets through NaN and Infinity)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return is_integer(value)


def check_name(value: object, what: str = "domain") -> str:
    """A domain name as it will be stored: ``clean_name``'s rule, quoting the value it refuses."""
    if not isinstance(value, str):
        raise ImportFailed(f"{what} {show(value)} is not text")
    try:
        return clean_name(value)
    except InvalidInput as exc:
        raise ImportFailed(f"{what} {show(value)}: {exc}") from None


class Names:
    """Checks domain names once each: a file repeats a few names thousands of times."""

    __slots__ = ("_checked",)

    def __init__(self) -> None:
        self._checked: dict[str, str] = {}

    def check(self, value: object, what: str = "domain") -> str:
        if not isinstance(value, str):
            return check_name(value, what)  # refuses it
        known = self._checked.get(value)
        if known is None:
            known = self._checked[value] = check_name(value, what)
        return known

    def keys(self) -> set[str]:
        """The comparison keys (``name_key``) of every name checked so far."""
        return {name_key(name) for name in self._checked.values()}


def check_note(value: object, what: str = "note") -> str | None:
    """Optional free text as ``clean_note`` stores it; empty text is no text (as CSV has it)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportFailed(f"{what} {show(value)} is not text")
    if len(value) <= MAX_NOTE_LENGTH and value.isascii() and value.isprintable():
        return value.strip() or None  # what clean_note returns for plain text, sooner
    if len(value) > MAX_NOTE_LENGTH and _surely_too_long(value):
        raise ImportFailed(f"a note is at most {MAX_NOTE_LENGTH:,} characters")
    try:
        return clean_note(value)
    except InvalidInput as exc:
        raise ImportFailed(str(exc)) from None


def _surely_too_long(note: str) -> bool:
    """Whether a note would be over the limit once stored, told from its start alone.

    Cleaning keeps every character that is neither whitespace nor unsafe, so more of those
    than the limit settles it without cleaning megabytes of text first.
    """
    kept = 0
    for char in islice(note, _LOOK_AHEAD):
        if not char.isspace() and not unsafe(char):
            kept += 1
            if kept > MAX_NOTE_LENGTH:
                return True
    return False


def check_area(value: object) -> str | None:
    """The population area a domain maps to: a name, or none."""
    if value is None or value == "":
        return None
    return check_name(value, "area")


class Kinds:
    """Kinds of learning in any spelling ``parse_kind`` reads, stored canonical, each read once."""

    __slots__ = ("_known",)

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def check(self, value: object) -> str:
        if isinstance(value, str):
            known = self._known.get(value)
            if known is not None:
                return known
            try:
                kind = parse_kind(value)
            except InvalidInput as exc:
                raise ImportFailed(
                    f"unknown kind {show(value)}: use read, reflect or experiment"
                ) from exc
            self._known[value] = kind
            return kind
        raise ImportFailed(f"kind {show(value)} is not text")


def check_minutes(value: object) -> int:
    """Whole minutes within one day: anything longer is a timer left running."""
    if not is_integer(value):
        raise ImportFailed(f"minutes {show(value)} is not a whole number")
    if not 1 <= value <= MAX_SESSION_MINUTES:
        raise ImportFailed(f"minutes {value} is not between 1 and {MAX_SESSION_MINUTES}")
    return value


def minutes_between(seconds: float) -> int | None:
    """Minutes of a timed span, rounded half up; None when it is too short to be a session."""
    if seconds < MIN_SECONDS:
        return None
    minutes = math.floor(seconds / 60 + 0.5)
    if minutes > MAX_SESSION_MINUTES:
        raise ImportFailed(f"lasts {minutes} minutes, more than a day ({MAX_SESSION_MINUTES})")
    return minutes


def parse_moment(value: object, what: str = "started_at") -> datetime:
    """An ISO 8601 date and time with its offset, as an aware UTC time to the microsecond."""
    if not isinstance(value, str):
        raise ImportFailed(f"{what} {show(value)} is not text")
    try:
        if not _ISO_DATETIME.fullmatch(value):
            raise ValueError(value)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportFailed(
            f"{what} {show(value)} is not an ISO 8601 time such as 2026-11-20T07:30:00Z"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ImportFailed(f"{what} {show(value)} has no time zone (add Z for UTC)")
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ImportFailed(f"{what} {show(value)} is out of range") from None


def parse_utc(value: object, what: str = "started_at") -> datetime:
    """``parse_moment`` to the second, as the store keeps a session's start."""
    moment = parse_moment(value, what)
    return moment.replace(microsecond=0) if moment.microsecond else moment


def check_level(value: object) -> int:
    """A Dreyfus level, 1 (novice) to 5 (expert)."""
    if not is_integer(value) or value not in LEVEL_NAMES:
        raise ImportFailed(f"level {show(value)} is not a whole number from 1 to 5")
    return value


def check_date(value: object, what: str) -> date:
    """A calendar day written ``YYYY-MM-DD`` (the only spelling our files use)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ImportFailed(f"{what} {show(value)} is not a date such as 2026-01-05")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImportFailed(f"{what} {show(value)} is not a valid date") from None


def check_week(value: object) -> str:
    """An ISO week label ``YYYY-Www`` naming a week that exists (only some years have a W53)."""
    match = _ISO_WEEK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ImportFailed(f"week {show(value)} is not an ISO week such as 2026-W52")
    year, week = int(match[1]), int(match[2])
    weeks_in_year = date(year, 12, 28).isocalendar().week if year >= 1 else 0
    if not 1 <= week <= weeks_in_year:
        raise ImportFailed(f"week {show(value)} does not exist ({year} has {weeks_in_year} weeks)")
    return match[0]
