"""The weekly review as one HTML page: every part of the review is there, every name and note is
escaped (and still shown), nothing on the page would load anything, and odd weeks render."""

import re
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path

from polymath.config import Settings
from polymath.core.calendar import Week
from polymath.core.durations import format_minutes
from polymath.core.review import SessionFact, WeekReview, build_review
from polymath.core.rules import Targets
from polymath.reports.review_html import POLICY, review_page
from polymath.services.checkin import log_session
from polymath.services.context import Context
from polymath.services.domains import assess
from polymath.services.planner import adopt_stack
from polymath.services.weekly_report import WeeklyReport, weekly_report
from polymath.store import direct
from tests.conftest import BERLIN, FixedClock
from tests.unit.reports.conftest import STACK
from tests.unit.reports.support import Page

SECTIONS = ["week", "days", "kinds", "domains", "trend", "year", "stack", "changes", "next"]
SCRIPT = '<script>alert("owned")</script>'
AMPERSAND = 'Tom & Jerry\'s "lab"'
HEBREW = "עברית ומוזיקה"
ARABIC = "الخط العربي"
CHINESE = "中文書法"
NOTE = '<b>bold</b> & "quoted"\nsecond line'
WEEK = Week(date(2026, 11, 23))
"""The shared clock's week: Monday 23 to Sunday 29 November 2026."""


def sections(page: str) -> list[str]:
    return [attrs["id"] or "" for attrs in Page(page).of("section")]


def report_of(review: WeekReview, sessions: list[SessionFact]) -> WeeklyReport:
    """The page's series built from the same sessions as the review."""
    days: dict[date, int] = {}
    for s in sessions:
        days[s.day] = days.get(s.day, 0) + s.minutes
    weeks = [review.week.shifted(-n) for n in range(11, -1, -1)]
    return WeeklyReport(
        review=review,
        days=days,
        first_day=review.week.shifted(-52).start,
        weeks=[(w, sum(m for d, m in days.items() if d in w)) for w in weeks],
        stack=None,
        made=datetime(2026, 11, 25, 20, 0, tzinfo=BERLIN),
    )


def test_the_demo_page_has_every_part_of_the_review(demo_page: str) -> None:
    page = Page(demo_page)
    assert demo_page.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert demo_page.endswith("</html>\n")
    assert sections(demo_page) == SECTIONS
    (title,) = re.findall(r"<title>([^<]*)</title>\n", demo_page)
    assert title == "Week 2026-W48 (Mon 23 Nov - Sun 29 Nov 2026), in progress · Polymath"
    assert page.of("meta")[1] == {"http-equiv": "Content-Security-Policy", "content": POLICY}
    assert POLICY == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    charts = page.of("svg")
    assert len(charts) == demo_page.count("<desc>") == demo_page.count('role="img"')
    assert all(chart["aria-label"] and chart["role"] == "img" for chart in charts)
    for heading in ("h1", "h2"):
        assert page.of(heading), heading


def test_the_page_shows_the_reviews_figures(demo_page: str, demo_report: WeeklyReport) -> None:
    review = demo_report.review
    text = Page(demo_page).text
    assert "5h15 of 5h" in text
    assert "105% of the weekly target · target met" in text
    assert "weekly streak11 (longest 11)" in text and "daily streak1 (longest 35)" in text
    assert "read 2h35 · 49%, reflect 2h25 · 46%, experiment 15m · 5%." in text
    for line in review.domains:
        assert f"{line.domain}{format_minutes(line.minutes)}" in text, line
    assert "Spanish1h10" in text and "+30m" in text and "-34m" in text
    assert "Mon 23: 1h20, kept; Tue 24: 1h15, kept;" in text
    assert "Thu 26: 0m, missed" in text
    assert "4 kept, 1 missed" in text
    weeks = "; ".join(f"{w.label[-3:]}: {format_minutes(m)}" for w, m in demo_report.weeks)
    assert len(demo_report.weeks) == 12 and demo_report.weeks[-1][0] == review.week
    assert weeks + "." in text
    active = sum(1 for minutes in demo_report.days.values() if minutes)
    assert f"{active} days with learning" in text
    shown = (review.today - demo_report.first_day).days + 1
    assert demo_page.count('width="11" height="11" rx="2"') == shown  # one cell a day
    assert "Adopted stack: " + " + ".join(STACK) + " (target level 3, competent)" in text
    assert "Integrating them:" in text
    assert "Bayesian statistics + Cognitive psychology: 45m" in text
    assert "Target met with all three kinds: keep the rhythm." in text


def test_the_stack_shows_each_members_level_against_the_target(
    demo_page: str, demo_report: WeeklyReport
) -> None:
    progress = demo_report.stack
    assert progress is not None and progress.members == STACK
    text = Page(demo_page).text
    for profile in progress.profiles:
        assert profile.name in text
        assert f"{profile.total_minutes / 60:.1f}" in text
    assert "2 advanced beginner → 3" in text
    assert "3 competent ✓" in text and "4 proficient ✓" in text
    assert "Reached around " in text and "hours to go" in text


def test_names_and_notes_are_escaped_and_still_shown(db_path: Path, clock: FixedClock) -> None:
    ctx = Context(db_path, Settings(zone=BERLIN, zone_name="Europe/Berlin"), clock=clock)
    conn = ctx.connect()
    try:
        for day, minutes, name, kind in [
            (date(2026, 11, 16), 60, AMPERSAND, "read"),
            (date(2026, 11, 23), 40, HEBREW, "experiment"),
            (date(2026, 11, 24), 30, ARABIC, "reflect"),
            (date(2026, 11, 24), 20, CHINESE, "read"),
        ]:
            log_session(
                conn, now=clock(), minutes=minutes, domain=name, kind=kind, day=day, create=True
            )
        log_session(
            conn,
            now=clock(),
            minutes=50,
            domain=SCRIPT,
            kind="read",
            day=date(2026, 11, 23),
            with_domains=[AMPERSAND],
            create=True,
        )
    finally:
        conn.close()
    assess(ctx, SCRIPT, 2, note=None, on=date(2026, 11, 2))
    assess(ctx, SCRIPT, 3, note=NOTE, on=date(2026, 11, 24))
    adopt_stack(ctx, [SCRIPT, HEBREW, CHINESE], 3)
    page = review_page(weekly_report(ctx))

    assert "<script" not in page.lower() and "<b>" not in page
    assert escape(SCRIPT) in page and escape(AMPERSAND) in page
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in page
    assert "Tom &amp; Jerry&#x27;s &quot;lab&quot;" in page
    for name in (HEBREW, ARABIC, CHINESE):
        assert f"<bdi>{name}</bdi>" in page, name
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;\nsecond line" in page
    parsed = Page(page)
    assert parsed.what_would_load() == []
    assert sections(page) == SECTIONS
    text = parsed.text
    for name in (SCRIPT, AMPERSAND, HEBREW, ARABIC, CHINESE):
        assert name in text, name
    assert f"{SCRIPT}: 2 → 3 (competent) {NOTE}" in text
    assert f"Adopted stack: {SCRIPT} + {HEBREW} + {CHINESE}" in text
    assert f"{SCRIPT} + {AMPERSAND}: 50m" in text
    labels = [attrs["aria-label"] or "" for attrs in parsed.of("svg")]
    assert f"{SCRIPT}: 50m this week, 0m a week before" in labels
    assert f"{AMPERSAND}: 0m this week, 1h a week before" in labels


def test_markup_in_a_name_never_becomes_an_element() -> None:
    trap = '"><img src=x onerror="alert(1)"><a href="https://example.com/x">'
    sessions = [SessionFact(date(2026, 11, 23), 45, "read", trap)]
    review = build_review(WEEK, date(2026, 11, 25), Targets(), sessions, [], [], [trap])
    page = review_page(report_of(review, sessions))
    parsed = Page(page)
    assert parsed.what_would_load() == []
    assert "img" not in parsed.tags() and "a" not in parsed.tags()
    assert trap in parsed.text


def test_nothing_on_the_page_would_load_anything(demo_page: str) -> None:
    assert Page(demo_page).what_would_load() == []
    for reference in ("http://", "https://", "src=", "href=", "@import", "url(", "<script"):
        assert reference not in demo_page, reference


def test_a_rest_week_renders_without_a_missed_day() -> None:
    sessions = [SessionFact(date(2026, 11, 23), 30, "read", "Jazz piano")]
    review = build_review(
        WEEK, date(2026, 11, 25), Targets(), sessions, [], [WEEK.start], ["Jazz piano"]
    )
    page = review_page(report_of(review, sessions))
    text = Page(page).text
    assert sections(page) == ["week", "days", "kinds", "domains", "trend", "year", "next"]
    assert "a planned rest week" in text
    assert "a rest week: the streak is kept" in text
    assert "a planned rest week: no day is missed" in text
    assert "Mon 23: 30m, rest; Tue 24: 0m, rest;" in text
    assert "missed," not in text and ", missed" not in text
    assert "This is a planned rest week: it neither breaks nor extends your streak." in text


def test_an_empty_week_renders(db_path: Path, clock: FixedClock) -> None:
    direct.connect(db_path).close()  # a new database: nothing logged yet
    ctx = Context(db_path, Settings(zone=BERLIN, zone_name="Europe/Berlin"), clock=clock)
    report = weekly_report(ctx)
    assert report.days == {} and report.stack is None
    page = review_page(report)
    text = Page(page).text
    assert sections(page) == ["week", "days", "kinds", "domains", "trend", "year", "next"]
    assert "0m of 5h" in text and "5h to go" in text
    assert "No sessions this week." in text
    assert "0 days with learning, 0 hours in all" in text
    assert "0 of 12 met the 5h target" in text
    assert "read 0m · 0%, reflect 0m · 0%, experiment 0m · 0%." in text
    assert Page(page).what_would_load() == []


def test_a_past_week_is_drawn_as_it_ended(demo_context: Context) -> None:
    report = weekly_report(demo_context, "2026-W10")
    review = report.review
    assert review.week.label == "2026-W10" and not review.in_progress
    assert max(report.days) <= review.week.end - timedelta(days=1)
    assert report.weeks[-1][0] == review.week
    assert report.weeks[-1][1] == review.total_minutes
    page = review_page(report)
    assert sections(page) == SECTIONS
    assert "Spanish: 1 (novice) A1: greetings, numbers, ordering food" in Page(page).text


def test_a_stack_without_its_progress_still_shows_this_weeks_minutes() -> None:
    stack = [AMPERSAND, HEBREW, "Spanish"]
    sessions = [SessionFact(date(2026, 11, 24), 25, "reflect", HEBREW)]
    review = build_review(WEEK, date(2026, 11, 25), Targets(), sessions, [], [], stack, stack)
    page = review_page(report_of(review, sessions))
    assert sections(page) == [*SECTIONS[:6], "stack", "next"]
    text = Page(page).text
    assert f"Adopted stack: {AMPERSAND} + {HEBREW} + Spanish" in text
    assert f"{AMPERSAND}0m{HEBREW}25mSpanish0m" in text
    assert "Integrating them: 0m this week." in text
