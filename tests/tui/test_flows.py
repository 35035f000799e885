"""The app driven from the keyboard against a real database, as a user would notice it."""

import sqlite3
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import DataTable, Input, Static
from tui_helpers import Clock, count, record_notifications, settle

from polymath.core.durations import format_minutes
from polymath.core.text import cell_width
from polymath.services import goals
from polymath.services.checkin import log_session
from polymath.services.context import Context
from polymath.tui.app import PolymathApp, make_app
from polymath.tui.commands import PolymathCommands
from polymath.tui.dialogs.checkin import CheckInDialog
from polymath.tui.dialogs.confirm import ConfirmDialog
from polymath.tui.dialogs.help import HelpScreen
from polymath.tui.screens.dashboard import DashboardScreen
from polymath.tui.screens.domain_detail import DomainDetailScreen
from polymath.tui.screens.review import ReviewScreen
from polymath.tui.widgets.domain_list import DomainList
from polymath.tui.widgets.key_bar import KeyBar
from polymath.tui.widgets.timer_line import TimerLine

SIZE = (100, 36)


def title(app: PolymathApp, selector: str) -> str:
    return str(app.screen.query_one(selector).border_title)


def text(app: PolymathApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def domain_names(app: PolymathApp) -> list[str]:
    """The dashboard's domains, top to bottom."""
    options = app.screen.query_one(DomainList).options
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


async def test_dashboard_shows_the_demo_evening(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Today · [b]1h10" in title(app, "#today-card")
        assert "5h15[/b] of 5h (105%)" in title(app, "#week-card")
        assert "11" in text(app, "#streak-weeks")
        assert domain_names(app) == [
            "Spanish",
            "Cognitive psychology",
            "Bayesian statistics",
            "Jazz piano",
            "UX design",
            "Behavioural economics",
        ]
        assert str(app.screen.sub_title).endswith("Fri 27 Nov 2026 · week 2026-W48")


async def test_check_in_from_the_dashboard_updates_the_totals(demo: Context) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, CheckInDialog)
        assert dialog.query_one("#domain", Input).value == "Spanish"  # the highlighted domain
        await pilot.press(*"45m", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert count(demo) == before + 1
        assert "Today · [b]1h55" in title(app, "#today-card")
        assert "6h[/b] of 5h (120%)" in title(app, "#week-card")


async def test_a_bad_duration_shows_the_message_and_writes_nothing(demo: Context) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", *"45x")
        message = text(app, "#duration-message")
        assert message == (
            "cannot read duration '45x': write it like 45m, 1h30, 1.5h, 90 or PT1H30M"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckInDialog)
        assert app.screen.query_one("#duration", Input).has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert count(demo) == before


async def test_a_day_in_the_future_is_refused_as_the_cli_refuses_it(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        app.screen.query_one("#day", Input).value = "2026-12-01"
        await pilot.pause()
        assert text(app, "#day-message") == "day 2026-12-01 is in the future"


async def test_a_new_domain_is_created_only_once_confirmed(demo: Context) -> None:
    sessions, domains = count(demo), count(demo, "domain")
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", *"30m", "shift+tab", *"Pottery", "enter")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)
        assert "No domain 'Pottery'. Create it?" in str(confirm.query_one("#question").render())
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CheckInDialog)  # back in the form, to fix a typo
        assert count(demo, "domain") == domains
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Pottery" in domain_names(app)
    assert (count(demo), count(demo, "domain")) == (sessions + 1, domains + 1)


async def test_a_misspelt_domain_is_questioned_with_a_suggestion(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", *"30m", "shift+tab", *"Jaz piano", "enter")
        await settle(pilot)
        question = str(app.screen.query_one("#question").render())
        assert "No domain 'Jaz piano' (did you mean 'Jazz piano'?)" in question


async def test_undo_restores_the_check_in(demo: Context) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", *"45m", "enter")
        await settle(pilot)
        assert count(demo) == before + 1
        await pilot.press("u")
        await settle(pilot)
        assert count(demo) == before
        assert "Today · [b]1h10" in title(app, "#today-card")


async def test_the_review_navigates_weeks_but_not_past_this_one(demo: Context) -> None:
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.review is not None and review.review.week.label == "2026-W48"
        assert "Week 2026-W48" in text(app, "#review-title")
        assert "5h15" in text(app, "#total")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert review.review.week.label == "2026-W47"
        assert "Week 2026-W47" in text(app, "#review-title")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert review.review.week.label == "2026-W48"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert review.review.week.label == "2026-W48"
        assert any("current week" in message for _, message in notes)
        # The review keeps its week while the user looks elsewhere.
        await pilot.press("left_square_bracket", "h", "r")
        await settle(pilot)
        assert review.review is not None and review.review.week.label == "2026-W47"
        assert app.screen is review


async def test_the_review_exports_markdown(
    demo: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    exported = tmp_path / "review-2026-W48.md"
    assert exported.read_text(encoding="utf-8").startswith("# Week 2026-W48")
    assert ("information", f"Review saved to {exported}") in notes


async def test_a_domain_opens_and_a_session_is_deleted_after_confirmation(demo: Context) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, DomainDetailScreen)
        assert detail.domain == "Bayesian statistics"
        assert detail.query_one("#sessions", DataTable).row_count == 176
        assert "level 3 competent · 130.6 h logged in total" in text(app, "#domain-summary")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert count(demo) == before
        await pilot.press("x", "y")
        await settle(pilot)
        assert count(demo) == before - 1
        assert detail.query_one("#sessions", DataTable).row_count == 175
        await pilot.press("u")
        await settle(pilot)
        assert count(demo) == before
        assert detail.query_one("#sessions", DataTable).row_count == 176
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(DataTable).id == "domain-list"


async def test_a_session_is_edited_in_the_check_in_form(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the dashboard's highlighted domain: Spanish
        await settle(pilot)
        assert isinstance(app.screen, DomainDetailScreen)
        newest = list(app.screen.sessions.values())[-1]
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CheckInDialog) and form.editing
        assert form.query_one("#domain", Input).value == "Spanish"
        assert form.query_one("#duration", Input).value == format_minutes(newest.minutes)
        form.query_one("#duration", Input).value = "50m"
        await pilot.press("enter")
        await settle(pilot)
    conn = sqlite3.connect(demo.db_path)
    minutes = conn.execute(
        "SELECT minutes FROM learning_session WHERE id = ?", (newest.id,)
    ).fetchone()[0]
    conn.close()
    assert minutes == 50


async def test_the_timer_starts_on_the_highlighted_domain_and_stops_into_a_session(
    demo: Context, clock: Clock
) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "s")  # Cognitive psychology
        await settle(pilot)
        assert count(demo, "timer") == 1
        line = app.screen.query_one(TimerLine)
        assert "Cognitive psychology" in str(line.render())
        assert "0:00:00" in str(line.render())
        clock.advance(minutes=30, seconds=5)
        line._tick()
        assert "0:30:05" in str(line.render())
        await pilot.press("s")
        await settle(pilot)
        assert count(demo, "timer") == 0
        assert "No timer running" in str(line.render())
        assert "Today · [b]1h40" in title(app, "#today-card")
    assert count(demo) == before + 1


async def test_a_write_by_another_process_updates_the_dashboard(
    demo: Context, clock: Clock
) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.poll_data_version() is False
        conn = demo.connect()  # as the CLI in another terminal would
        try:
            log_session(conn, now=clock(), minutes=20, domain="Jazz piano")
        finally:
            conn.close()
        assert app.poll_data_version() is True
        await settle(pilot)
        assert "Today · [b]1h30" in title(app, "#today-card")
        assert app.poll_data_version() is False


async def test_an_empty_database_starts_with_a_hint_and_takes_a_first_check_in(
    empty: Context,
) -> None:
    app = make_app(empty, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Today · [b]0m" in title(app, "#today-card")
        assert app.screen.query_one("#empty-hint").display
        await pilot.press("l")
        assert app.screen.query_one("#domain", Input).has_focus  # nothing highlighted
        await pilot.press(*"Piano", "tab", *"1h", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not app.screen.query_one("#empty-hint").display
        assert "Today · [b]1h" in title(app, "#today-card")
    assert count(empty) == 1


async def test_a_locked_database_is_a_notification_not_a_crash(
    demo: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from polymath.store import direct

    monkeypatch.setattr(direct, "BUSY_TIMEOUT_MS", 50)
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        blocker = sqlite3.connect(demo.db_path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            await pilot.press("l", *"20m", "enter")
            await settle(pilot)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert isinstance(app.screen, DashboardScreen)
    errors = [message for severity, message in notes if severity == "error"]
    assert errors and "locked" in errors[-1]


async def test_the_command_palette_offers_every_action_with_its_key(empty: Context) -> None:
    app = make_app(empty, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        provider = PolymathCommands(app.screen)
        titles = [hit.text async for hit in provider.discover()]
        for expected in ("Check in", "Timer", "Review", "Domains", "Undo", "Help"):
            assert expected in titles
        assert {"Prev week", "Next week", "Export"} <= set(titles)
        assert "Cursor up" not in titles  # the table's own keys stay out of the way
        hits = [hit async for hit in provider.search("undo")]
        assert [hit.text for hit in hits] == ["Undo"]
        # And in the palette itself, which is a modal screen of its own.
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"undo")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert any(severity == "error" and "nothing to undo" in m for severity, m in notes)


async def test_help_explains_the_numbers_and_closes(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


def test_content_markup_is_escaped_in_domain_names() -> None:
    from polymath.tui.text import escape

    assert Content.from_markup(f"[b]{escape('[x] notes')}[/b]").plain == "[x] notes"


async def test_a_click_on_a_key_in_the_key_bar_presses_it(demo: Context) -> None:
    from polymath.tui.widgets.key_bar import KeyBar

    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        review = next(start for start, _, key in bar._spans if key == "r")
        await pilot.click(KeyBar, offset=(review + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


def domain_lines(app: PolymathApp) -> list[str]:
    """The dashboard's domain list as shown: its header, then a line a domain."""
    widget = app.screen.query_one(DomainList)
    options = widget.options
    header = str(widget.query_one("#domain-header", Static).render())
    return [header] + [
        str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
    ]


async def test_the_dashboard_shows_each_weekly_goal_against_the_week(demo: Context) -> None:
    goals.set_goal(demo, "Spanish", 120)
    goals.set_goal(demo, "Jazz piano", 60)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = {line.split("  ")[0].strip(): line for line in domain_lines(app)[1:]}
        assert "  1h10/2h " in lines["Spanish"]
        assert "  1h/1h✓" in lines["Jazz piano"]  # met
        assert "  1h05  " in lines["Cognitive psychology"]  # no goal: the minutes alone
        header = domain_lines(app)[0]
        week_end = header.index("This week") + len("This week")
        assert lines["Spanish"].index("/2h ") + 4 == week_end  # a space where a met goal's ✓ is
        assert lines["Jazz piano"].index("✓") + 1 == week_end


async def test_wide_names_keep_the_dashboards_columns_aligned(demo: Context, clock: Clock) -> None:
    conn = demo.connect()
    try:
        for name in ("日本語の文法", "Ελληνικά 🎻", "Ürdü ve Farsça şiir"):
            log_session(conn, now=clock(), minutes=20, domain=name, create=True)
    finally:
        conn.close()
    app = make_app(demo, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header, *lines = domain_lines(app)
        column = cell_width(header[: header.index("Level")])
        new = [line for line in lines if "not assessed" in line]
        assert len(new) == 3
        for line in new:  # the level column starts where its header does
            assert cell_width(line[: line.index("not assessed")]) == column, line
        assert {cell_width(line) for line in lines} == {cell_width(lines[0])}


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_every_column_of_the_domains_and_sessions_fits_the_window(
    demo: Context, size: tuple[int, int]
) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        for _ in range(2):  # the domains, then the first domain's sessions
            table = app.screen.query_one(DataTable)
            widths = [column.get_render_width(table) for column in table.columns.values()]
            assert sum(widths) <= table.scrollable_content_region.width, widths
            labels = [str(column.label) for column in table.columns.values()]
            assert labels[-1] in ("Area", "Note")
            assert widths[-1] >= 16 + 2  # the last column is there to be read (with padding)
            await pilot.press("enter")
            await settle(pilot)
        assert "u Undo" in str(app.screen.query_one(KeyBar).render())
        assert "? Help" in str(app.screen.query_one(KeyBar).render())
