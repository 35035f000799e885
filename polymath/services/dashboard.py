"""The dashboard's figures in one read over sqlite3, so the app paints before SQLAlchemy loads.

Only the last year of sessions is read (the heatmap's span, and the day before it for a session
that ran into it); older weeks are summed in SQL when the weekly streak reaches back further.
Each session's minutes count on the local days they were spent in (``core.spans``).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from polymath.config import Settings
from polymath.core.calendar import Week, day_bounds_utc, local_day, week_of
from polymath.core.kinds import KINDS
from polymath.core.rules import daily_streak, weekly_streak
from polymath.core.spans import day_parts
from polymath.services import history
from polymath.services.checkin import RunningTimer, rest_week_starts, running_timer
from polymath.store import checkin as rows
from polymath.store import dashboard as reads
from polymath.store import direct
from polymath.store import review as review_rows
from polymath.store.checkin import Connection

HEATMAP_WEEKS = 53
TREND_WEEKS = 12


@dataclass(frozen=True, slots=True)
class DomainRow:
    """One active domain on the dashboard."""

    name: str
    week_minutes: int
    level: int | None
    weekly_minutes: tuple[int, ...]
    """Minutes in each of the last ``TREND_WEEKS`` weeks, oldest first (the sparkline)."""
    total_minutes: int
    goal_minutes: int | None = None
    """The domain's weekly goal (``polymath goal``), if it has one."""


@dataclass(frozen=True, slots=True)
class Dashboard:
    now: datetime
    week: Week
    today_minutes: int
    weekday_minutes: int
    week_minutes: int
    weekly_target: int
    kinds: dict[str, int]
    weekly_streak: int
    daily_streak: int
    heatmap: dict[date, int]
    """Minutes per local day over the last ``HEATMAP_WEEKS`` weeks (no key: nothing learned)."""
    weeks: list[tuple[Week, int]]
    """The last ``TREND_WEEKS`` weeks with their minutes, oldest first (this week last)."""
    domains: list[DomainRow]
    timer: RunningTimer | None
    rest_week: bool
    first_day: date
    """The first day the heatmap covers."""

    @property
    def today(self) -> date:
        return self.now.date()


def _daily_streak(
    conn: Connection,
    days: dict[date, int],
    rests: list[date],
    today: date,
    settings: Settings,
    first_day: date,
) -> int:
    """The daily streak; only one that runs back past the heatmap's year reads older days (from
    the history's summary)."""
    current = daily_streak(days, rests, today, settings.targets).current
    if not days or current < (today - min(days)).days:
        return current
    older = history.day_minutes(conn, settings.zone, first_day)
    older.update(days)
    return daily_streak(older, rests, today, settings.targets).current


def load_dashboard(conn: Connection, settings: Settings, now: datetime) -> Dashboard:
    """Every figure of the dashboard as of ``now``, from one read snapshot."""
    with direct.snapshot(conn):
        return _load_dashboard(conn, settings, now)


def _load_dashboard(conn: Connection, settings: Settings, now: datetime) -> Dashboard:
    zone = settings.zone
    targets = settings.targets
    today = now.date()
    week = week_of(today, targets.week_start)
    first = week.shifted(-(HEATMAP_WEEKS - 1))
    since, _ = day_bounds_utc(first.start, week.end, zone)
    days: dict[date, int] = defaultdict(int)
    week_totals: dict[date, int] = defaultdict(int)
    kinds = dict.fromkeys(KINDS, 0)
    per_domain: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for started, session_minutes, kind, domain_id in reads.sessions_since(
        conn, since - timedelta(days=1)
    ):
        for part in day_parts(started, session_minutes, zone):
            day, minutes = part.day, part.minutes
            if day < first.start:
                continue  # the part of a session that ended in the heatmap's first day
            start = week_of(day, targets.week_start).start
            days[day] += minutes
            week_totals[start] += minutes
            per_domain[domain_id][start] += minutes
            if start == week.start:
                kinds[kind] = kinds.get(kind, 0) + minutes
    rests = rest_week_starts(conn, settings)
    first_start = rows.earliest_start(conn)
    earliest = local_day(first_start, zone) if first_start else None
    older_weeks: dict[date, int] = {}

    def minutes_of_week(start: date) -> int:
        if start >= first.start:
            return week_totals.get(start, 0)
        if not older_weeks:  # a streak older than the heatmap: the summary has the weeks
            older_weeks.update(history.week_minutes(conn, zone, targets.week_start, first.start))
        return older_weeks.get(start, 0)

    trend = [week.shifted(-i) for i in range(TREND_WEEKS - 1, -1, -1)]
    levels = reads.latest_levels(conn)
    totals = {domain: minutes for domain, (minutes, _) in history.domain_totals(conn).items()}
    goals = review_rows.goals(conn)
    domains = [
        DomainRow(
            name,
            per_domain[domain_id].get(week.start, 0),
            levels.get(domain_id),
            tuple(per_domain[domain_id].get(w.start, 0) for w in trend),
            int(totals.get(domain_id, 0)),
            goals.get(name),
        )
        for domain_id, name in reads.active_domains(conn)
    ]
    domains.sort(key=lambda d: (-d.week_minutes, -sum(d.weekly_minutes), d.name.casefold()))
    return Dashboard(
        now=now,
        week=week,
        today_minutes=days.get(today, 0),
        weekday_minutes=targets.weekday_minutes,
        week_minutes=week_totals.get(week.start, 0),
        weekly_target=targets.weekly_minutes,
        kinds=kinds,
        weekly_streak=weekly_streak(minutes_of_week, rests, today, earliest, targets),
        daily_streak=_daily_streak(conn, days, rests, today, settings, first.start),
        heatmap=dict(days),
        weeks=[(w, week_totals.get(w.start, 0)) for w in trend],
        domains=domains,
        timer=running_timer(conn),
        rest_week=week.start in set(rests),
        first_day=first.start,
    )
