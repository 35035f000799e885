"""The weekly review: minutes against the target, where the time went, what changed, what next.

Built from plain facts (the minutes of sessions already placed on the local days they were spent
in, ``core.spans.day_parts``), so it is the same whether the CLI, the TUI or a test asks for it.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from polymath.core.calendar import Week, week_of
from polymath.core.kinds import KINDS
from polymath.core.rules import (
    KEPT,
    MISSED,
    Targets,
    daily_streak,
    longest_weekly_streak,
    missing_kinds,
    weekday_guideline,
    weekly_streak,
)

TREND_WEEKS = 4


@dataclass(frozen=True, slots=True)
class SessionFact:
    """A session's minutes on one local day (a session across midnight gives one per day)."""

    day: date
    minutes: int
    kind: str
    domain: str
    with_domains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LevelFact:
    domain: str
    level: int
    day: date
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DomainLine:
    domain: str
    minutes: int
    average_before: float | None
    """Mean minutes over the weeks compared (``WeekReview.trend_weeks``, the same days of each
    as this week has had so far); None when there is no earlier week to compare with."""
    goal_minutes: int | None = None
    """The domain's weekly goal (``polymath goal``), if it has one."""

    @property
    def goal_met(self) -> bool | None:
        return None if self.goal_minutes is None else self.minutes >= self.goal_minutes

    @property
    def change(self) -> float | None:
        return None if self.average_before is None else self.minutes - self.average_before


@dataclass(frozen=True, slots=True)
class DayLine:
    day: date
    minutes: int
    status: str
    """Against the weekday guideline: ``core.rules`` KEPT, MISSED, UNDER_WAY (today), AHEAD,
    WEEKEND or RESTING (a rest week)."""

    @property
    def guideline_kept(self) -> bool | None:
        """True or False for a weekday that is over (or kept already); None otherwise."""
        return {KEPT: True, MISSED: False}.get(self.status)


@dataclass(frozen=True, slots=True)
class LevelChange:
    domain: str
    before: int | None
    after: int
    day: date
    note: str | None


@dataclass(frozen=True, slots=True)
class IntegrationLine:
    a: str
    b: str
    minutes: int


@dataclass(frozen=True, slots=True)
class WeekReview:
    week: Week
    today: date
    targets: Targets
    total_minutes: int
    domains: list[DomainLine]
    kinds: dict[str, int]
    days: list[DayLine]
    weekly_streak: int
    longest_weekly_streak: int
    daily_streak: int
    longest_daily_streak: int
    level_changes: list[LevelChange]
    integration: list[IntegrationLine]
    rest_week: bool
    neglected: list[str] = field(default_factory=list)
    stack: tuple[str, ...] = ()
    """The adopted three-domain stack, if any: the review says how the week served it."""
    current: bool = False
    """The week holds the real today: it is under way (``today`` is then the real today)."""
    trend_weeks: int = 0
    """How many earlier weeks the domains are compared with: up to ``TREND_WEEKS``, only weeks
    since the person's first session (0 in their first week)."""
    trend_days: int = 7
    """How many days of each earlier week are compared: as many as this week has had so far."""

    @property
    def stack_minutes(self) -> dict[str, int]:
        minutes = {line.domain: line.minutes for line in self.domains}
        return {name: minutes.get(name, 0) for name in self.stack}

    @property
    def stack_integration_minutes(self) -> int:
        members = set(self.stack)
        return sum(i.minutes for i in self.integration if i.a in members and i.b in members)

    @property
    def met(self) -> bool:
        return self.total_minutes >= self.targets.weekly_minutes

    @property
    def in_progress(self) -> bool:
        return self.current

    @property
    def days_left(self) -> int:
        """Days of the week still to learn in, today included while the week is under way."""
        return sum(1 for d in self.week.days if d >= self.today) if self.current else 0

    @property
    def missing_kinds(self) -> list[str]:
        return missing_kinds(self.kinds)

    @property
    def minutes_left(self) -> int:
        return max(0, self.targets.weekly_minutes - self.total_minutes)

    def focus(self) -> list[str]:
        """What to focus on next, most pressing first."""
        advice = []
        if self.rest_week:
            return ["This is a planned rest week: it neither breaks nor extends your streak."]
        if not self.met:
            left = self.days_left
            when = (
                " today, the week's last day"
                if left == 1
                else f" over the {left} days left, today included"
                if left
                else ""
            )
            advice.append(f"{self.minutes_left} minutes to reach the weekly target{when}.")
        for kind in self.missing_kinds:
            advice.append(f"No {kind} time this week: balance needs all three kinds.")
        for name in self.neglected:
            advice.append(f"{name} has had no time for {TREND_WEEKS} weeks or more.")
        idle = [name for name, minutes in self.stack_minutes.items() if not minutes]
        if idle:
            advice.append(f"Your stack needs {', '.join(idle)} too: no time on it this week.")
        if not advice:
            advice.append("Target met with all three kinds: keep the rhythm.")
        return advice

    def to_dict(self) -> dict[str, object]:
        return {
            "week": self.week.label,
            "start": self.week.start.isoformat(),
            "end": (self.week.end - timedelta(days=1)).isoformat(),
            "in_progress": self.in_progress,
            "rest_week": self.rest_week,
            "target_minutes": self.targets.weekly_minutes,
            "total_minutes": self.total_minutes,
            "met": self.met,
            "domains": [
                {
                    **asdict(line),
                    "change": None if line.change is None else round(line.change, 1),
                    "goal_met": line.goal_met,
                }
                for line in self.domains
            ],
            "trend": {"weeks": self.trend_weeks, "days": self.trend_days},
            "kinds": self.kinds,
            "missing_kinds": self.missing_kinds,
            "days": [
                {
                    "day": d.day.isoformat(),
                    "minutes": d.minutes,
                    "guideline_kept": d.guideline_kept,
                    "status": d.status,
                }
                for d in self.days
            ],
            "weekday_minutes": self.targets.weekday_minutes,
            "streaks": {
                "weekly": self.weekly_streak,
                "longest_weekly": self.longest_weekly_streak,
                "daily": self.daily_streak,
                "longest_daily": self.longest_daily_streak,
            },
            "level_changes": [{**asdict(c), "day": c.day.isoformat()} for c in self.level_changes],
            "integration": [asdict(i) for i in self.integration],
            "neglected": self.neglected,
            "stack": {
                "members": list(self.stack),
                "minutes": self.stack_minutes,
                "integration_minutes": self.stack_integration_minutes,
            }
            if self.stack
            else None,
            "focus": self.focus(),
        }


def build_review(
    week: Week,
    today: date,
    targets: Targets,
    sessions: Sequence[SessionFact],
    levels: Sequence[LevelFact],
    rest_weeks: Sequence[date],
    active_domains: Sequence[str],
    stack: Sequence[str] = (),
    history: Mapping[date, int] | None = None,
    goals: Mapping[str, int] | None = None,
) -> WeekReview:
    """Review ``week`` as of ``today`` (a past week is reviewed as of its last day).

    ``sessions`` needs to hold only the week and the ``TREND_WEEKS`` before it when ``history``
    gives the minutes of every earlier day (for the streaks); without it, ``sessions`` is the
    whole history. ``goals``: each domain's weekly goal in minutes, by name (a domain with a goal
    is listed even in a week without its sessions).
    """
    goals = goals or {}
    as_of = min(today, week.end - timedelta(days=1))
    if history is None:
        history = defaultdict(int)
        for fact in sessions:
            history[fact.day] += fact.minutes
    day_totals = {day: minutes for day, minutes in history.items() if day <= as_of}
    week_totals: dict[date, int] = defaultdict(int)
    for day, minutes in day_totals.items():
        week_totals[day - timedelta(days=(day.weekday() - targets.week_start) % 7)] += minutes
    in_week = [s for s in sessions if s.day in week and s.day <= as_of]
    before_start = week.start - timedelta(weeks=TREND_WEEKS)
    first_seen = min(history, default=None)

    domain_minutes: dict[str, int] = defaultdict(int)
    for s in in_week:
        domain_minutes[s.domain] += s.minutes
    # Compare like with like: the same days of each earlier week as this week has had so far,
    # and only weeks since the person began (a first week has nothing to be compared with).
    days_so_far = (as_of - week.start).days + 1
    compared = [
        week.shifted(-n)
        for n in range(1, TREND_WEEKS + 1)
        if first_seen is not None and week.shifted(-n).end > first_seen
    ]
    compared_starts = {w.start for w in compared}
    trend: dict[str, int] = defaultdict(int)
    for s in sessions:
        start = week_of(s.day, targets.week_start).start
        if start in compared_starts and (s.day - start).days < days_so_far:
            trend[s.domain] += s.minutes
    listed = set(domain_minutes) | set(trend) | set(goals)
    names = sorted(listed, key=lambda n: (-domain_minutes[n], n))
    domains = [
        DomainLine(
            n, domain_minutes[n], trend[n] / len(compared) if compared else None, goals.get(n)
        )
        for n in names
    ]

    kinds = {kind: sum(s.minutes for s in in_week if s.kind == kind) for kind in KINDS}
    rest = week.start in set(rest_weeks)
    statuses = weekday_guideline(day_totals, week, today, targets, rest=rest)
    days = [DayLine(d, day_totals.get(d, 0), statuses[d]) for d in week.days]
    earliest = min(day_totals) if day_totals else None
    recent = {s.domain for s in sessions if as_of - timedelta(weeks=TREND_WEEKS) < s.day <= as_of}
    neglected = [
        n
        for n in active_domains
        if n not in recent and first_seen is not None and first_seen < before_start
    ]
    daily = daily_streak(day_totals, rest_weeks, as_of, targets)
    return WeekReview(
        week=week,
        today=as_of,
        targets=targets,
        total_minutes=sum(s.minutes for s in in_week),
        domains=domains,
        kinds=kinds,
        days=days,
        weekly_streak=weekly_streak(
            lambda start: week_totals.get(start, 0), rest_weeks, as_of, earliest, targets
        ),
        longest_weekly_streak=longest_weekly_streak(week_totals, rest_weeks, as_of, targets),
        daily_streak=daily.current,
        longest_daily_streak=daily.longest,
        level_changes=_level_changes(levels, week),
        integration=_integration(in_week),
        rest_week=rest,
        neglected=neglected,
        stack=tuple(stack),
        current=today in week,
        trend_weeks=len(compared),
        trend_days=days_so_far,
    )


def _level_changes(levels: Sequence[LevelFact], week: Week) -> list[LevelChange]:
    changes = []
    last: dict[str, int] = {}
    for fact in sorted(levels, key=lambda f: f.day):
        if fact.day in week:
            changes.append(
                LevelChange(fact.domain, last.get(fact.domain), fact.level, fact.day, fact.note)
            )
        last[fact.domain] = fact.level
    return changes


def _integration(sessions: Sequence[SessionFact]) -> list[IntegrationLine]:
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for s in sessions:
        for other in s.with_domains:
            a, b = sorted((s.domain, other))
            pairs[(a, b)] += s.minutes
    return [IntegrationLine(a, b, m) for (a, b), m in sorted(pairs.items(), key=lambda i: -i[1])]
