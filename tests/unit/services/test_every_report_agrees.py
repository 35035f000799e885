"""Every report agrees on every day's minutes: the status line's SQL sums, the review, the
dashboard and the sessions listed by day and week, for sessions that cross midnights, the week's
edge and a daylight-saving change, with starts that fall between whole minutes."""

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from polymath.config import Settings
from polymath.core.calendar import Week, day_bounds_utc, week_of
from polymath.services import sessions
from polymath.services.checkin import log_session, status
from polymath.services.context import Context
from polymath.services.dashboard import load_dashboard
from polymath.services.history import week_minutes
from polymath.services.review import review_week
from polymath.store import checkin as rows
from polymath.store import direct
from tests.conftest import FixedClock

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 6, 21, 0, tzinfo=BERLIN)  # a Friday; 25 October was a 25-hour day
FIRST = date(2026, 10, 12)
SETTINGS = Settings(zone=BERLIN, zone_name="Europe/Berlin")
DOMAINS = ("Jazz piano", "Statistics", "Spanish")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """About 160 sessions, most starting within two hours of a local midnight."""
    path: Path = tmp_path_factory.mktemp("agree") / "agree.db"
    conn = direct.connect(path)
    rng = random.Random(7)
    try:
        with direct.change(conn, "domains"):
            ids = [
                rows.insert_domain(conn, name=name, key=name.lower(), area=None, created_at=NOW)
                for name in DOMAINS
            ]
        for n in range(160):
            day = FIRST + timedelta(days=rng.randrange((NOW.date() - FIRST).days))
            hour = rng.choice((21, 22, 23, 0, 1, 12))
            minutes = rng.choice((1, 5, 29, 30, 31, 59, 61, 90, 150, 600, 24 * 60))
            start = datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=BERLIN)
            if start.astimezone(UTC) + timedelta(minutes=minutes) > NOW.astimezone(UTC):
                continue
            if n % 3:  # as typed: whole minutes
                log_session(
                    conn,
                    now=NOW,
                    minutes=minutes,
                    domain=rng.choice(DOMAINS),
                    kind=rng.choice(("read", "reflect", "experiment")),
                    day=day,
                    at=start.time(),
                    again=True,
                )
            else:  # as a timer stops: any second, any microsecond
                odd = start + timedelta(
                    seconds=rng.randrange(60), microseconds=rng.randrange(10**6)
                )
                with direct.change(conn, "odd start"):
                    rows.insert_session(
                        conn,
                        domain_id=rng.choice(ids),
                        started_at=odd,
                        minutes=minutes,
                        kind="read",
                        note=None,
                        link_ids=(),
                        created_at=odd,
                    )
    finally:
        conn.close()
    return Context(path, SETTINGS, clock=FixedClock(NOW))


def days() -> list[date]:
    return [FIRST + timedelta(days=n) for n in range((NOW.date() - FIRST).days + 1)]


def test_the_status_lines_sql_agrees_with_the_review_and_the_lists_day_by_day(
    history: Context,
) -> None:
    reviews = {week.start: review_week(history, week) for week in {week_of(day) for day in days()}}
    conn = history.connect()
    try:
        for day in days():
            review_day = next(line for line in reviews[week_of(day).start].days if line.day == day)
            sql = rows.minutes_between(conn, *day_bounds_utc(day, day + timedelta(days=1), BERLIN))
            evening = datetime.combine(day, time(23, 59), tzinfo=BERLIN)
            listed = sessions.sessions_on(history, day)
            in_lists = sum(s.minutes_within(day, day + timedelta(days=1)) for s in listed)
            assert sql == review_day.minutes == in_lists, day
            assert status(conn, SETTINGS, min(evening, NOW)).today_minutes == sql, day
    finally:
        conn.close()


def test_the_weeks_agree_in_sql_the_review_the_dashboard_and_the_lists(history: Context) -> None:
    conn = history.connect()
    try:
        dashboard = load_dashboard(conn, SETTINGS, NOW)
        week_sums = week_minutes(conn, BERLIN, 0, NOW.date() + timedelta(days=1))
        bars = {week.start: minutes for week, minutes in dashboard.weeks}
        for week in sorted({week_of(day) for day in days()}):
            review = review_week(history, week)
            listed = sessions.list_sessions(history, week=week.label)
            in_lists = sum(s.minutes_within(week.start, week.end) for s in listed)
            assert (
                week_sums.get(week.start, 0) == review.total_minutes == bars[week.start] == in_lists
            )
            for line in review.days:
                assert dashboard.heatmap.get(line.day, 0) == line.minutes, line.day
        this = review_week(history, Week(week_of(NOW.date()).start))
        assert status(conn, SETTINGS, NOW).week_minutes == this.total_minutes
        assert dashboard.kinds == this.kinds
        assert dashboard.daily_streak == this.daily_streak
        assert dashboard.weekly_streak == this.weekly_streak
        per_domain = {d.name: d.week_minutes for d in dashboard.domains}
        assert per_domain == {line.domain: line.minutes for line in this.domains} | {
            name: 0 for name in per_domain if name not in {d.domain for d in this.domains}
        }
    finally:
        conn.close()
