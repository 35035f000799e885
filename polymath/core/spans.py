"""A session in time: when it ran, which local days its minutes fall on, what it overlaps.

A session is one record (a start instant and its minutes). Every report that counts minutes per
local day, per week, per kind or per domain counts each minute on the local day it was spent in:
a session from 23:30 to 00:45 gives 30 minutes to the first day and 45 to the next (the rule of
Timewarrior's reports). A minute that straddles midnight goes to the day that holds its middle.

The start is counted to the whole second (the store's SQL reads it the same way, so the status
line's sums agree with the review's to the minute).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

from polymath.core.calendar import local_midnight_utc
from polymath.core.plain import Plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

MINUTE: Final = timedelta(minutes=1)
ONE_DAY: Final = timedelta(days=1)
HALF_MINUTE: Final = timedelta(seconds=30)


class DayPart(Plain):
    """The minutes of one session spent on one local day."""

    __slots__ = ("day", "minutes")

    def __init__(self, day: date, minutes: int) -> None:
        self.day, self.minutes = day, minutes


class Span(Plain):
    """When a session ran: from ``start`` (aware) for ``minutes``."""

    __slots__ = ("minutes", "start")

    def __init__(self, start: datetime, minutes: int) -> None:
        self.start, self.minutes = start, minutes

    @property
    def end(self) -> datetime:
        return as_utc(self.start) + timedelta(minutes=self.minutes)


def as_utc(moment: datetime) -> datetime:
    """An instant in UTC; a naive one is taken as the stored UTC it is."""
    if moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@lru_cache(maxsize=4096)
def midnight(day: date, zone: tzinfo) -> datetime:
    """The instant (aware, UTC) at which ``day`` begins in ``zone`` (``local_midnight_utc``)."""
    return local_midnight_utc(day, zone).replace(tzinfo=UTC)


def minutes_before(start: datetime, minutes: int, boundary: datetime) -> int:
    """How many of a session's minutes were spent before ``boundary`` (both aware).

    Minute k runs from ``start + k`` minutes; it counts before the boundary when its middle does.
    """
    whole = as_utc(start).replace(microsecond=0)
    counted = (as_utc(boundary) - whole + HALF_MINUTE) // MINUTE
    return max(0, min(minutes, counted))


def day_parts(started_at: datetime, minutes: int, zone: tzinfo) -> tuple[DayPart, ...]:
    """Split a session into the minutes spent on each local day, in order (no empty parts).

    ``started_at`` is aware, or naive UTC as stored. Days are local to ``zone``, with midnights
    converted at each day's own offset, so a day of 23 or 25 hours is split where it really ends.
    """
    start = as_utc(started_at)
    day = start.astimezone(zone).date()
    boundary = midnight(day + ONE_DAY, zone)
    if start + timedelta(minutes=minutes) <= boundary:  # the common case: it ends the same day
        return (DayPart(day, minutes),)
    parts = []
    taken = 0
    while taken < minutes:
        before = minutes_before(start, minutes, boundary)
        if before > taken:
            parts.append(DayPart(day, before - taken))
            taken = before
        day += ONE_DAY
        boundary = midnight(day + ONE_DAY, zone)
    return tuple(parts)


def overlap_minutes(a: Span, b: Span) -> int:
    """Whole minutes that two sessions share (0 when they only touch or lie apart)."""
    shared = min(a.end, b.end) - max(as_utc(a.start), as_utc(b.start))
    return max(0, shared // MINUTE)


def overlapping_pairs(spans: list[tuple[int, Span]]) -> list[tuple[int, int, int]]:
    """Every pair of sessions sharing at least a minute: (earlier id, later id, minutes shared).

    ``spans`` are (id, span) in any order; one sweep in order of start, so a long history costs
    little more than sorting it.
    """
    ordered = sorted(spans, key=lambda item: (as_utc(item[1].start), item[0]))
    running: list[tuple[int, Span]] = []
    pairs = []
    for ident, span in ordered:
        start = as_utc(span.start)
        running = [(other, s) for other, s in running if s.end - start >= MINUTE]
        for other, earlier in running:
            shared = overlap_minutes(earlier, span)
            if shared:
                pairs.append((other, ident, shared))
        running.append((ident, span))
    return pairs
