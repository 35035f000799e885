"""The app and time: timers left running or behind the clock, the same check-in twice, and the
review's days that are under way or resting."""

from datetime import datetime

from textual.widgets import Input, Static
from tui_helpers import BERLIN, Clock, count, record_notifications, settle

from polymath.services.checkin import start_timer
from polymath.services.context import Context
from polymath.services.sessions import add_rest_week
from polymath.tui.app import make_app
from polymath.tui.dialogs.confirm import ConfirmDialog
from polymath.tui.screens.review import ReviewScreen
from polymath.tui.widgets.timer_line import TimerLine

SIZE = (100, 36)


def marks(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one("#by-day-marks", Static).render())


async def test_a_timer_running_over_a_day_is_not_saved_and_the_app_says_what_to_do(
    demo: Context, clock: Clock
) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "s")
        await settle(pilot)
        clock.advance(hours=30)
        await pilot.press("s")
        await settle(pilot)
    errors = [message for severity, message in notes if severity == "error"]
    assert errors and "over a day" in errors[-1]
    assert errors[-1].endswith("S ends it at the time you stopped (c cancels it)")
    assert count(demo, "timer") == 1
    assert count(demo) == before


async def test_the_timer_line_never_shows_negative_time(demo: Context, clock: Clock) -> None:
    conn = demo.connect()
    try:
        start_timer(conn, now=demo.now(), domain="Spanish")
    finally:
        conn.close()
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.query_one(TimerLine)
        clock.advance(minutes=-60)  # the clock was set back an hour
        line._tick()
        shown = str(line.render())
        assert "from 21:30, ahead of the clock" in shown
        assert "0:00:00" not in shown


async def test_the_timer_line_flags_a_timer_left_running_past_the_setting(
    demo: Context, clock: Clock
) -> None:
    conn = demo.connect()
    try:
        start_timer(conn, now=demo.now(), domain="Spanish")
    finally:
        conn.close()
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = app.screen.query_one(TimerLine)
        clock.advance(hours=3, minutes=59)
        line._tick()
        assert "forgot to stop?" not in str(line.render())
        clock.advance(minutes=2)
        line._tick()
        shown = str(line.render())
        assert "4:01:00: forgot to stop? S saves what you did, up to when you stopped" in shown


async def test_the_same_check_in_twice_is_asked_about_and_logged_again_only_if_confirmed(
    demo: Context,
) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", *"25m", "enter")
        await settle(pilot)
        assert count(demo) == before + 1
        for answer, logged in (("n", 1), ("y", 2)):  # keep one, then log it a second time
            await pilot.press("l", *"25m", "enter")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ConfirmDialog)
            question = str(dialog.query_one("#question", Static).render())
            assert question.startswith("25m in Spanish from Fri 27 Nov 21:05 is logged already")
            assert question.endswith("Log it a second time?")
            await pilot.press(answer)
            await settle(pilot)
            assert count(demo) == before + logged


async def test_the_review_marks_today_under_way_and_a_rest_week_without_a_guideline(
    demo: Context, clock: Clock
) -> None:
    add_rest_week(demo, "2026-W48", None)
    clock.moment = datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)  # Monday, nothing logged yet
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert marks(app) == "under way Mon"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert marks(app) == "rest week: no guideline"


async def test_a_check_in_takes_a_start_time_and_says_which_of_a_repeated_hour(
    empty: Context, clock: Clock
) -> None:
    clock.moment = datetime(2026, 10, 25, 9, 0, tzinfo=BERLIN)  # at 03:00 the clocks went back
    app = make_app(empty, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for start in ("07:30", "02:30", "25:00"):
            await pilot.press("l")
            await settle(pilot)
            for field, value in (("domain", "Piano"), ("duration", "30m"), ("start", "")):
                app.screen.query_one(f"#{field}", Input).value = value
            app.screen.query_one("#start", Input).focus()
            await pilot.press(*start, "enter")
            await settle(pilot)
            if start == "25:00":  # not a time of day: the form says so and keeps the entry
                message = str(app.screen.query_one("#start-message", Static).render())
                assert message == "cannot read time '25:00': write it like 07:30"
                await pilot.press("escape")
                await settle(pilot)
            elif start == "07:30":
                await pilot.press("y")  # create Piano (asked once)
                await settle(pilot)
    said = [message for severity, message in notes if severity != "error"]
    assert any("07:30" in line for line in said), said
    assert any("showed 02:30 twice that day; this is the first, at +02:00" in m for m in said)
    conn = empty.connect()
    try:
        starts = [row[0] for row in conn.execute("SELECT started_at FROM learning_session")]
    finally:
        conn.close()
    assert [start[:16] for start in sorted(starts)] == ["2026-10-25 00:30", "2026-10-25 06:30"]
