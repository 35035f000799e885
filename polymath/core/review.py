"""The weekly review: minutes against the target, where the time went, what changed, what next.

Built from plain facts (sessions already placed on local days), so it is the same whether the
CLI, the TUI or a test asks for it.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from polymath.core.calendar import Week, week_of
from polymath.core.kinds import KINDS
from polymath.core.rules import (
    Targets,
    daily_streak,
    longest_weekly_streak,
    missing_kinds,
    weekday_guideline_kept,
    weekly_streak,
)

TREND_WEEKS = 4


@dataclass(frozen=True, slots=True)
class SessionFact:
    """A session placed on its local day."""

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
    average_before: float
    """Mean weekly minutes over the previous four weeks: the trend the week is read against."""

    @property
    def change(self) -> float:
        return self.minutes - self.average_before


@dataclass(frozen=True, slots=True)
class DayLine:
    day: date
    minutes: int
    guideline_kept: bool | None
    """None on weekends and on days still to come: the guideline is for weekdays."""


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
        return self.today < self.week.end - timedelta(days=1)

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
            days_left = sum(1 for d in self.week.days if d > self.today) or 0
            days = "1 day" if days_left == 1 else f"{days_left} days"
            when = f" over the {days} left" if self.in_progress and days_left else ""
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
            "domains": [{**asdict(line), "change": round(line.change, 1)} for line in self.domains],
            "kinds": self.kinds,
            "missing_kinds": self.missing_kinds,
            "days": [
                {"day": d.day.isoformat(), "minutes": d.minutes, "guideline_kept": d.guideline_kept}
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
) -> WeekReview:
    """Review ``week`` as of ``today`` (a past week is reviewed as of its last day)."""
    as_of = min(today, week.end - timedelta(days=1))
    day_totals: dict[date, int] = defaultdict(int)
    week_totals: dict[date, int] = defaultdict(int)
    for fact in sessions:
        if fact.day <= as_of:
            day_totals[fact.day] += fact.minutes
            week_totals[week_of(fact.day, targets.week_start).start] += fact.minutes
    in_week = [s for s in sessions if s.day in week]
    before_start = week.start - timedelta(weeks=TREND_WEEKS)
    before = [s for s in sessions if before_start <= s.day < week.start]

    domain_minutes: dict[str, int] = defaultdict(int)
    for s in in_week:
        domain_minutes[s.domain] += s.minutes
    trend: dict[str, int] = defaultdict(int)
    for s in before:
        trend[s.domain] += s.minutes
    names = sorted(set(domain_minutes) | set(trend), key=lambda n: (-domain_minutes[n], n))
    domains = [DomainLine(n, domain_minutes[n], trend[n] / TREND_WEEKS) for n in names]

    kinds = {kind: sum(s.minutes for s in in_week if s.kind == kind) for kind in KINDS}
    kept = weekday_guideline_kept(day_totals, week, as_of, targets)
    days = [DayLine(d, day_totals.get(d, 0), kept.get(d)) for d in week.days]
    earliest = min(day_totals) if day_totals else None
    first_seen = min((s.day for s in sessions), default=None)
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
        rest_week=week.start in set(rest_weeks),
        neglected=neglected,
        stack=tuple(stack),
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
