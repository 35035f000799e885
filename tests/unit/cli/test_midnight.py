"""A session across midnight and across the week's edge counts each minute on the day it was
spent: 23:30 on Sunday to 00:45 on Monday gives 30 minutes to Sunday (week 2026-W47) and 45 to
Monday (2026-W48), in every report, while it stays one session."""

from datetime import date, datetime
from pathlib import Path

import pytest

from polymath.config import load_settings
from polymath.services.context import Context
from polymath.services.dashboard import load_dashboard
from tests.conftest import BERLIN, FixedClock
from tests.unit.cli.support import Run

MONDAY_EARLY = datetime(2026, 11, 23, 0, 45, tzinfo=BERLIN)


@pytest.fixture
def night(cli: Run, clock: FixedClock) -> Run:
    """Week 2026-W47 has 4h20 on Tuesday, then the night session from Sunday 23:30 to 00:45."""
    clock.moment = MONDAY_EARLY
    assert cli("log", "4h20", "Jazz piano", "--create", "--on", "2026-11-17").code == 0
    result = cli("log", "1h15", "Jazz piano", "--on", "sun", "--at", "23:30", "-k", "exp")
    assert result.code == 0, result
    return cli


def test_the_status_line_counts_todays_minutes_after_midnight(night: Run) -> None:
    status = night("status", "--json").json()
    assert (status["today_minutes"], status["week_minutes"]) == (45, 45)
    # The old week keeps only the 30 minutes before midnight: 4h50, short of 5h, no streak.
    assert status["weekly_streak"] == 0


def test_today_lists_the_session_with_its_minutes_today(night: Run) -> None:
    result = night("today")
    assert result.lines[0] == "Today Mon 23 Nov: 45m (weekday guideline 1h)"
    assert result.lines[2].split() == [
        "Sun",
        "23:30",
        "45m",
        "of",
        "1h15",
        "experiment",
        "Jazz",
        "piano",
    ]
    data = night("today", "--json").json()
    assert data["today_minutes"] == 45
    assert [(s["id"], s["minutes"], s["minutes_today"]) for s in data["sessions"]] == [(2, 75, 45)]


def test_each_weeks_review_counts_its_own_side_of_midnight(night: Run) -> None:
    this = night("review", "--json").json()
    assert this["total_minutes"] == 45
    assert this["days"][0]["minutes"] == 45
    assert this["kinds"]["experiment"] == 45
    last = night("review", "--week", "last", "--json").json()
    assert last["total_minutes"] == 260 + 30
    assert last["met"] is False
    assert last["days"][-1]["minutes"] == 30
    assert last["domains"][0]["minutes"] == 290


def test_both_weeks_list_the_session_with_the_minutes_in_each(night: Run) -> None:
    this = night("sessions", "--week", "this")
    assert [line.split()[:5] for line in this.lines[1:]] == [
        ["2", "2026-11-22", "23:30", "1h15", "(45m"]
    ]
    assert "(45m in 2026-W48)" in this.out
    last = night("sessions", "--week", "last")
    assert [line.split()[0] for line in last.lines[1:]] == ["1", "2"]
    assert "(30m in 2026-W47)" in last.out
    assert len(night("sessions", "--json").json()) == 2  # still two records
    listed = night("sessions", "--week", "last", "--json").json()
    assert [(s["id"], s["minutes"], s["minutes_in_week"]) for s in listed] == [
        (1, 260, 260),
        (2, 75, 30),
    ]


def test_the_dashboard_counts_each_side_of_midnight_on_its_day(
    night: Run, clock: FixedClock, db: Path
) -> None:
    ctx = Context(db, load_settings(), clock=clock)
    conn = ctx.connect()
    try:
        dashboard = load_dashboard(conn, ctx.settings, ctx.now())
    finally:
        conn.close()
    assert (dashboard.today_minutes, dashboard.week_minutes) == (45, 45)
    assert dashboard.heatmap[date(2026, 11, 22)] == 30
    assert dashboard.heatmap[date(2026, 11, 23)] == 45
    assert [minutes for _, minutes in dashboard.weeks[-2:]] == [290, 45]
    assert dashboard.kinds["experiment"] == 45
    assert dashboard.domains[0].weekly_minutes[-2:] == (290, 45)
    assert dashboard.daily_streak == 2  # Sunday's 30 minutes and Monday's 45
