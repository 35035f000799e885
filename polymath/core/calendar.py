"""Local days and weeks: what "today", "mon" or "2026-W47" mean for a person in their time zone.

Times are stored in UTC; days and weeks are computed in the local zone, by calendar arithmetic on
dates and by converting local midnights, never by adding 86,400 seconds to an instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import total_ordering

from polymath.core.errors import OTHER_DAY, InvalidInput
from polymath.core.plain import Plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from typing import Final

EARLIEST: Final = date(1900, 1, 1)
"""No learning history reaches further back; older dates are typing mistakes."""
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEK_LABEL = r"^(\d{4})-?W(\d{1,2})$"
"""Read with ``re`` imported when a week is named: a check-in never names one (``re`` costs it
3 ms)."""
_DIGITS = frozenset("0123456789")


def _week_label(text: str) -> re.Match[str] | None:
    import re

    return re.match(_WEEK_LABEL, text, re.IGNORECASE)


@total_ordering
class Week(Plain):
    """Seven local days from ``start``; labelled by the ISO week of its Monday; weeks sort by
    their start."""

    __slots__ = ("start",)

    def __init__(self, start: date) -> None:
        self.start = start

    def __lt__(self, other: Week) -> bool:
        return self.start < other.start

    @property
    def end(self) -> date:
        """The first day after the week."""
        return self.start + timedelta(days=7)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(7)]

    @property
    def label(self) -> str:
        monday = self.start + timedelta(days=(7 - self.start.weekday()) % 7)
        year, number, _ = monday.isocalendar()
        return f"{year:04d}-W{number:02d}"

    def shifted(self, weeks: int) -> Week:
        return Week(self.start + timedelta(weeks=weeks))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


def week_start_index(name: str) -> int:
    """``monday`` -> 0 ... ``sunday`` -> 6; prefixes like ``sun`` are accepted."""
    word = name.strip().lower()
    for index, weekday in enumerate(WEEKDAYS):
        if len(word) >= 2 and weekday.startswith(word):
            return index
    raise InvalidInput(f"unknown week start {name!r}: use a weekday such as monday or sunday")


def week_of(day: date, week_start: int = 0) -> Week:
    """The week (starting on weekday ``week_start``, Monday = 0) that holds ``day``."""
    return Week(day - timedelta(days=(day.weekday() - week_start) % 7))


def week_from_label(label: str, week_start: int = 0) -> Week:
    """``2026-W47`` -> that ISO week, or the week starting on ``week_start`` before its Monday."""
    text = label.strip()
    if len(text) == 8 and text[4:6] == "-W" and _DIGITS.issuperset(text[:4] + text[6:]):
        year, number = int(text[:4]), int(text[6:])  # as stored: read without loading re
    else:
        match = _week_label(text)
        if not match:
            raise InvalidInput(f"cannot read week {label!r}: write it like 2026-W47")
        year, number = int(match[1]), int(match[2])
    if year < EARLIEST.year:
        raise InvalidInput(f"week {label!r} is before {EARLIEST.year}")
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError:
        raise InvalidInput(f"week {label!r} does not exist: {year} has no week {number}") from None
    return week_of(monday, week_start)


def parse_week(text: str, today: date, week_start: int = 0) -> Week:
    """A week as a user names it: ``this``, ``last``, ``2026-W47``, or any day in it."""
    word = text.strip().lower()
    current = week_of(today, week_start)
    if word in ("this", "current", "now", ""):
        return current
    if word in ("last", "previous", "prev"):
        return current.shifted(-1)
    if _week_label(word):
        week = week_from_label(text, week_start)
    else:
        week = week_of(parse_day(word, today, allow_future=True), week_start)
    if week.start > today:
        raise InvalidInput(f"week {week.label} has not started yet")
    return week


def parse_day(text: str, today: date, *, allow_future: bool = False) -> date:
    """``today``, ``yesterday``, a weekday (the latest one, today included) or an ISO date."""
    word = text.strip().lower()
    if word in ("today", "now", ""):
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    for index, weekday in enumerate(WEEKDAYS):
        if len(word) >= 2 and weekday.startswith(word):
            return today - timedelta(days=(today.weekday() - index) % 7)
    try:
        day = date.fromisoformat(word)
    except ValueError:
        raise InvalidInput(
            f"cannot read day {text!r}: use today, yesterday, a weekday or YYYY-MM-DD"
        ) from None
    if day > today and not allow_future:
        raise InvalidInput(f"day {day.isoformat()} is in the future")
    if day < EARLIEST:
        raise InvalidInput(f"day {day.isoformat()} is before {EARLIEST.year}")
    return day


def parse_clock(text: str) -> time:
    """``07:30`` or ``7.30`` -> a local time of day."""
    hour, colon, minute = text.strip().partition(":")
    usual = colon and 0 < len(hour) <= 2 and len(minute) == 2 and _DIGITS.issuperset(hour + minute)
    if usual and int(hour) <= 23 and int(minute) <= 59:
        return time(int(hour), int(minute))  # the usual 07:30, without loading re
    import re

    match = re.match(r"^(\d{1,2})[:.h]?(\d{2})?$", text.strip())
    if not match or int(match[1]) > 23 or int(match[2] or 0) > 59:
        raise InvalidInput(f"cannot read time {text!r}: write it like 07:30")
    return time(int(match[1]), int(match[2] or 0))


def local_midnight_utc(day: date, zone: tzinfo) -> datetime:
    """The UTC instant at which ``day`` begins in ``zone`` (naive, as stored).

    The offset is the zone's at that wall time (the first, should the clocks repeat it), as
    ``astimezone`` would take it, at a sixth of the cost: a streak's walk converts hundreds.
    """
    local = datetime(day.year, day.month, day.day)
    return local - (zone.utcoffset(local) or timedelta())


def day_bounds_utc(start: date, end: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """UTC instants (naive) spanning local days ``start`` up to, not including, ``end``."""
    return local_midnight_utc(start, zone), local_midnight_utc(end, zone)


def to_utc_naive(moment: datetime) -> datetime:
    """An aware instant as stored: UTC without tzinfo."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def local_day(stored_utc: datetime, zone: tzinfo) -> date:
    """The local day of a stored (naive UTC) instant."""
    return stored_utc.replace(tzinfo=UTC).astimezone(zone).date()


def local_instant(day: date, at: time, zone: tzinfo, *, fold: int = 0) -> datetime:
    """When the local clocks of ``zone`` showed ``at`` on ``day``, as an aware datetime.

    A time the clocks skipped (the hour lost in spring) is refused, naming the jump and the time
    the clocks showed an hour on; a time they showed twice (the hour repeated in autumn) is the
    first unless ``fold=1`` asks for the second (see ``repeated_time``).
    """
    moment = datetime.combine(day, at, tzinfo=zone).replace(fold=fold)
    wall = moment.replace(tzinfo=None)
    if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        jump_from, jump_to = _gap(moment, zone)
        meant = moment.replace(fold=0).astimezone(UTC).astimezone(zone)
        shown = "%H:%M" if jump_from.date() == jump_to.date() == meant.date() else "%a %d %b %H:%M"
        raise InvalidInput(
            f"{at:%H:%M} on {day:%a %d %b %Y} never happened here: the clocks went forward from "
            f"{jump_from:{shown}} to {jump_to:{shown}} (did you mean {meant:{shown}}?)"
        )
    return moment


def repeated_time(day: date, at: time, zone: tzinfo) -> bool:
    """Whether the local clocks showed ``at`` twice on ``day`` (the clocks went back over it)."""
    first = datetime.combine(day, at, tzinfo=zone)
    return first.utcoffset() != first.replace(fold=1).utcoffset()


def _gap(moment: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The local times just before and after the clocks jumped over ``moment`` (a skipped time).

    The first is an aware datetime whose wall clock reads as the local time before the jump.
    """
    early = moment.replace(fold=1).astimezone(UTC)  # read with the offset after the jump
    late = moment.replace(fold=0).astimezone(UTC)  # ... and with the offset before it
    after = late.astimezone(zone).utcoffset()
    low, high = 0, int((late - early).total_seconds())  # the jump is in (early, late]
    while high - low > 1:
        middle = (low + high) // 2
        if (early + timedelta(seconds=middle)).astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    jump = early + timedelta(seconds=high)
    before = (jump - timedelta(seconds=1)).astimezone(zone).utcoffset() or timedelta()
    return jump + before, jump.astimezone(zone)


def first_time_after(after: datetime, at: time, zone: tzinfo, day: date | None = None) -> datetime:
    """The first instant after ``after`` at which the local clocks showed ``at``, on ``day`` if
    given: when a timer started at ``after`` was stopped "at 21:30"."""
    start_local = after.astimezone(zone)
    days = [day] if day is not None else [start_local.date() + timedelta(days=n) for n in (0, 1, 2)]
    for candidate in days:
        try:
            moments = [local_instant(candidate, at, zone, fold=fold) for fold in (0, 1)]
        except InvalidInput:
            if datetime.combine(candidate, at) < start_local.replace(tzinfo=None):
                continue  # a skipped time before the start (no start falls inside the jump)
            raise
        for moment in moments:
            if moment.astimezone(UTC) > after.astimezone(UTC):
                return moment
    if day is not None:
        raise InvalidInput(
            f"{at:%H:%M} on {day:%a %d %b} is not after the start, {start_local:%a %d %b %H:%M}"
        )
    raise InvalidInput(f"cannot place {at:%H:%M} after {start_local:%a %d %b %H:%M}")


def resolve_start(
    day: date, at: time | None, minutes: int, now: datetime, *, fold: int = 0
) -> datetime:
    """When a session logged on ``day`` began, as an aware local datetime.

    Given a time of day it began then (the first of a repeated time unless ``fold=1``; a skipped
    time is refused); otherwise it ended now (today) or at 12:00 plus its length (an earlier
    day), so a backfilled session sits on the day the user named.
    """
    zone = now.tzinfo
    assert zone is not None, "now is aware"
    if at is not None:
        start = local_instant(day, at, zone, fold=fold)
    elif day == now.date():
        # Elapsed time, not wall-clock time: an hour before 03:30 on a spring-forward day is 01:30.
        start = (now.astimezone(UTC) - timedelta(minutes=minutes)).astimezone(zone)
        if start.date() != day:
            raise InvalidInput(
                f"{minutes} minutes have not passed yet today (it is {now:%H:%M})", fix=OTHER_DAY
            )
    else:
        start = datetime.combine(day, time(12), tzinfo=zone)
    end = start.astimezone(UTC) + timedelta(minutes=minutes)
    if start.astimezone(UTC) > now.astimezone(UTC):
        raise InvalidInput(f"{start:%Y-%m-%d %H:%M} is in the future")
    if end > now.astimezone(UTC):
        finish = end.astimezone(zone)
        raise InvalidInput(
            f"a session from {start:%Y-%m-%d %H:%M} lasting that long would end at "
            f"{finish:%Y-%m-%d %H:%M}, which is still to come"
        )
    return start
