"""The person's side of a plan: one weekly pace for a stack, and the domain a stack must keep.

One pace, stated: every projection of a stack (suggest, stack, the Planner screen) divides by
the same hours a week, chosen in this order: the hours the person planned for it; else their
average over the last 4 weeks across all domains; else (fewer than 4 weeks of history, or
nothing logged in them) the configured weekly target. The record says which one was used.

The defining domain is what keeps a suggestion the person's own: the adopted stack's members,
else the domain with the most hours in the last 12 weeks (then the most hours ever, then name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from polymath.core.errors import InvalidInput
from polymath.core.records import DatedMinutes, DomainProfile

PLANNED = "planned"
RECENT_AVERAGE = "recent average"
WEEKLY_TARGET = "weekly target"

SHORT_HISTORY = "fewer than {weeks} weeks of history"
IDLE = "nothing logged in the last {weeks} weeks"

RECENT_WEEKS = 4
DEFINING_WEEKS = 12

ADOPTED_STACK = "adopted stack"
RECENT_HOURS = "most hours lately"
TOTAL_HOURS = "most hours"


@dataclass(frozen=True, slots=True)
class Pace:
    """Hours a week a projection assumes, and where that figure came from."""

    hours_per_week: float
    source: str
    """``planned``, ``recent average`` or ``weekly target``."""
    reason: str = ""
    """Why the weekly target stood in, when it did."""
    weeks: int = RECENT_WEEKS
    """The window of the recent average."""

    def __post_init__(self) -> None:
        if not self.hours_per_week > 0:
            raise InvalidInput(f"a pace of {self.hours_per_week} hours a week is not above 0")

    def describe(self) -> str:
        """'7.6 h a week (your average over the last 4 weeks)'."""
        hours = _hours(self.hours_per_week)
        if self.source == PLANNED:
            return f"{hours} a week (the hours you planned)"
        if self.source == RECENT_AVERAGE:
            return f"{hours} a week (your average over the last {self.weeks} weeks)"
        because = f": {self.reason}" if self.reason else ""
        return f"{hours} a week (your weekly target{because})"

    def to_dict(self) -> dict[str, object]:
        return {
            "hours_per_week": self.hours_per_week,
            "source": self.source,
            "reason": self.reason,
            "weeks": self.weeks,
        }


def choose_pace(
    minutes: Iterable[DatedMinutes],
    *,
    today: date,
    weekly_target_minutes: float,
    planned_hours: float | None = None,
    weeks: int = RECENT_WEEKS,
) -> Pace:
    """The one pace of every projection (see the module docstring).

    ``minutes`` are every session's local day and minutes, all domains; those after ``today``
    are ignored. The recent window is the ``weeks`` x 7 days ending today.
    """
    if planned_hours is not None:
        if not planned_hours > 0:
            raise InvalidInput(f"planned hours a week must be above 0, not {planned_hours}")
        return Pace(planned_hours, PLANNED, weeks=weeks)
    if not weekly_target_minutes > 0:
        raise InvalidInput("the weekly target must be more than 0 minutes")
    target = weekly_target_minutes / 60.0
    first_day = today - timedelta(days=weeks * 7 - 1)
    earliest: date | None = None
    recent = 0
    for item in minutes:
        if item.day > today or item.minutes <= 0:
            continue
        earliest = item.day if earliest is None or item.day < earliest else earliest
        if item.day >= first_day:
            recent += item.minutes
    if earliest is None or earliest > first_day:
        return Pace(target, WEEKLY_TARGET, SHORT_HISTORY.format(weeks=weeks), weeks)
    if recent <= 0:
        return Pace(target, WEEKLY_TARGET, IDLE.format(weeks=weeks), weeks)
    return Pace(recent / weeks / 60.0, RECENT_AVERAGE, weeks=weeks)


@dataclass(frozen=True, slots=True)
class DefiningDomains:
    """The domains every suggestion keeps one of (empty: none to keep), and why these."""

    names: tuple[str, ...]
    source: str
    """``adopted stack``, ``most hours lately`` or ``most hours``; '' when empty."""
    minutes: int = 0
    """Minutes behind the choice (the last 12 weeks, or all time); 0 for an adopted stack."""

    def to_dict(self) -> dict[str, object]:
        return {"names": list(self.names), "source": self.source, "minutes": self.minutes}


def defining_domains(
    profiles: Sequence[DomainProfile],
    minutes: Iterable[DatedMinutes],
    *,
    today: date,
    adopted: Sequence[str] = (),
    weeks: int = DEFINING_WEEKS,
) -> DefiningDomains:
    """The adopted stack's members, else the domain with the most hours lately (module doc).

    Only domains linked to an area can be kept, so unlinked ones are passed over; names are
    matched ignoring case and returned as the profiles spell them.
    """
    linked = {p.name.casefold(): p for p in profiles if p.area}
    members = tuple(linked[name.casefold()].name for name in adopted if name.casefold() in linked)
    if members:
        return DefiningDomains(members, ADOPTED_STACK)
    if not linked:
        return DefiningDomains((), "")
    first_day = today - timedelta(days=weeks * 7 - 1)
    lately: dict[str, int] = defaultdict(int)
    for item in minutes:
        if first_day <= item.day <= today and item.domain.casefold() in linked:
            lately[item.domain.casefold()] += item.minutes
    if any(value > 0 for value in lately.values()):
        key = min(lately, key=lambda name: (-lately[name], name))
        return DefiningDomains((linked[key].name,), RECENT_HOURS, lately[key])
    best = min(linked.values(), key=lambda p: (-p.total_minutes, p.name.casefold()))
    return DefiningDomains((best.name,), TOTAL_HOURS, best.total_minutes)


def _hours(value: float) -> str:
    return f"{value:.0f} h" if value >= 10 or value == int(value) else f"{value:.1f} h"
