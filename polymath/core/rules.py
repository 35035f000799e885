"""The 5-hour rule: weekly targets, the weekday guideline and the streaks built on them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

from polymath.core.calendar import Week, week_of
from polymath.core.kinds import KINDS
from polymath.core.plain import Plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final


class Targets(Plain):
    """What counts as keeping the rule; every figure is the user's to change."""

    __slots__ = (
        "daily_streak_minutes",
        "week_start",
        "weekday_minutes",
        "weekends_count",
        "weekly_minutes",
    )

    def __init__(
        self,
        weekly_minutes: int = 300,
        weekday_minutes: int = 60,
        week_start: int = 0,
        daily_streak_minutes: int = 15,
        weekends_count: bool = False,
    ) -> None:
        self.weekly_minutes = weekly_minutes
        self.weekday_minutes = weekday_minutes
        self.week_start = week_start
        self.daily_streak_minutes = daily_streak_minutes
        self.weekends_count = weekends_count


class Streak(Plain):
    """A streak now, and the longest one."""

    __slots__ = ("current", "longest")

    def __init__(self, current: int, longest: int) -> None:
        self.current, self.longest = current, longest


def missing_kinds(kind_minutes: Mapping[str, int]) -> list[str]:
    """Kinds of learning absent from a week: a balanced week has all three."""
    return [kind for kind in KINDS if kind_minutes.get(kind, 0) <= 0]


def weekly_streak(
    week_minutes: Callable[[date], int],
    rest_weeks: Iterable[date],
    today: date,
    earliest: date | None,
    targets: Targets,
) -> int:
    """The current run of weeks that met the target, walking back from this week.

    ``week_minutes`` gives a week's total by its start day (a dict's ``get`` or an SQL sum). The
    current week counts once met and does not break the streak while under way; a rest week
    neither breaks nor extends it, whatever was logged in it.
    """
    rests = set(rest_weeks)
    start = week_of(today, targets.week_start).start
    run = 0
    if start not in rests and week_minutes(start) >= targets.weekly_minutes:
        run = 1
    if earliest is None:
        return run
    # Plain dates rather than ``Week`` tuples: a streak of years walks back hundreds of weeks.
    one_week = timedelta(weeks=1)
    start -= one_week
    while start + one_week > earliest:
        if start not in rests:
            if week_minutes(start) < targets.weekly_minutes:
                break
            run += 1
        start -= one_week
    return run


def longest_weekly_streak(
    week_minutes: Mapping[date, int], rest_weeks: Iterable[date], today: date, targets: Targets
) -> int:
    """The longest run of weeks that met the target, rest weeks skipped."""
    rests = set(rest_weeks)
    if not week_minutes:
        return 0
    week = week_of(min(week_minutes), targets.week_start)
    last = week_of(today, targets.week_start)
    run = longest = 0
    while week.start <= last.start:
        if week.start not in rests:
            if week_minutes.get(week.start, 0) >= targets.weekly_minutes:
                run += 1
                longest = max(longest, run)
            elif week.start != last.start:
                run = 0
        week = week.shifted(1)
    return longest


def daily_streak(
    day_minutes: Mapping[date, int],
    rest_weeks: Iterable[date],
    today: date,
    targets: Targets,
) -> Streak:
    """Consecutive days at the daily minimum; today never breaks it while under way.

    Unless weekends count, a weekend day below the minimum is skipped rather than breaking the
    streak (and extends it when met). The days of a planned rest week neither break nor extend
    it, whatever was logged on them: the streak carries over the week unchanged.
    """
    if not day_minutes:
        return Streak(0, 0)
    # Day ordinals, not dates or ``Week`` values: ten years are 3,650 steps, on every review.
    rests = {start.toordinal() for start in rest_weeks}
    minutes = {day.toordinal(): spent for day, spent in day_minutes.items()}
    minimum, week_start = targets.daily_streak_minutes, targets.week_start
    weekends_optional = not targets.weekends_count
    last = today.toordinal()
    run = longest = 0
    for day in range(min(minutes), last + 1):
        if day - (day - 1 - week_start) % 7 in rests:  # ordinal 1 is a Monday
            continue
        if minutes.get(day, 0) >= minimum:
            run += 1
        elif day != last and not (weekends_optional and (day - 1) % 7 >= 5):
            run = 0
        longest = max(longest, run)
    return Streak(run, longest)


# How a day of a week stands against the weekday guideline.
KEPT: Final = "kept"
MISSED: Final = "missed"
UNDER_WAY: Final = "under way"
"""Today, below the guideline so far: it may still be kept."""
AHEAD: Final = "ahead"
WEEKEND: Final = "weekend"
RESTING: Final = "rest"
"""A day of a planned rest week: the guideline does not apply."""


def weekday_guideline(
    day_minutes: Mapping[date, int], week: Week, today: date, targets: Targets, *, rest: bool
) -> dict[date, str]:
    """How each day of ``week`` stands against the weekday guideline, as of ``today``.

    Only a weekday that is over can be missed: today is under way until it ends, days to come
    are ahead, weekends have no guideline, and a rest week has none at all.
    """
    statuses = {}
    for day in week.days:
        if rest:
            statuses[day] = RESTING
        elif day.weekday() >= 5:
            statuses[day] = WEEKEND
        elif day > today:
            statuses[day] = AHEAD
        elif day_minutes.get(day, 0) >= targets.weekday_minutes:
            statuses[day] = KEPT
        elif day == today:
            statuses[day] = UNDER_WAY
        else:
            statuses[day] = MISSED
    return statuses
