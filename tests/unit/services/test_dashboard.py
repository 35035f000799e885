"""The dashboard's figures, read over sqlite3 alone."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from polymath.config import Settings
from polymath.core.rules import Targets
from polymath.services.checkin import log_session
from polymath.services.dashboard import HEATMAP_WEEKS, load_dashboard
from polymath.store import direct

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 21, 0, tzinfo=BERLIN)


def test_a_daily_streak_longer_than_the_heatmap_is_counted_in_full(tmp_path: Path) -> None:
    conn = direct.connect(tmp_path / "x.db")
    days = HEATMAP_WEEKS * 7 + 40
    for back in range(days):
        day = (NOW - timedelta(days=back)).date()
        log_session(conn, now=NOW, minutes=20, domain="Jazz", kind="read", day=day, create=True)
    settings = Settings(targets=Targets(weekends_count=True), zone=BERLIN)
    dashboard = load_dashboard(conn, settings, NOW)
    assert dashboard.daily_streak == days
    assert len(dashboard.heatmap) == HEATMAP_WEEKS * 7 - 2  # the year shown: Mon .. today (Fri)
    conn.close()


def test_week_figures_split_by_kind_and_domain(tmp_path: Path) -> None:
    conn = direct.connect(tmp_path / "x.db")
    log_session(conn, now=NOW, minutes=40, domain="Jazz", kind="read", create=True)
    log_session(conn, now=NOW, minutes=25, domain="Law", kind="experiment", create=True)
    monday = NOW - timedelta(days=4)
    log_session(conn, now=NOW, minutes=30, domain="Jazz", kind="reflect", day=monday.date())
    dashboard = load_dashboard(conn, Settings(zone=BERLIN), NOW)
    assert (dashboard.today_minutes, dashboard.week_minutes) == (65, 95)
    assert dashboard.kinds == {"read": 40, "reflect": 30, "experiment": 25}
    assert [(d.name, d.week_minutes) for d in dashboard.domains] == [("Jazz", 70), ("Law", 25)]
    assert dashboard.weeks[-1][1] == 95
    conn.close()
