"""The demo is safe to play with (its clock runs on, nothing it says sends the person to the
command line, which would act on their own database), and help explains every key and number."""

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

from textual.widget import Widget
from textual.widgets import Markdown, OptionList, Static
from tui_helpers import DEMO_EVENING, count, record_notifications, settle

from polymath.core import errors
from polymath.services import sessions
from polymath.services.checkin import start_timer
from polymath.services.context import Context
from polymath.tui.app import PolymathApp, RunningClock, is_demo, make_app, run_on
from polymath.tui.commands import PolymathCommands
from polymath.tui.dialogs.help import HelpScreen
from polymath.tui.errors import NEXT_STEPS

SIZE = (100, 36)
COMMAND = re.compile(r"\bpolymath [a-z-]+")
"""A command to type (the app's title is "Polymath", capitalised)."""
SYNC_STEPS = {errors.SYNC_SET_UP, errors.SYNC_KEY, errors.SYNC_NEW_DEVICE}


class Ticks:
    """A monotonic clock that moves only when told (no test ever waits on real time)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def frozen(ctx: Context) -> Context:
    """``ctx`` with a clock that stands still at the demo's evening, as ``build_demo`` sets it."""
    return Context(ctx.db_path, ctx.settings, clock=lambda: DEMO_EVENING)


def texts(app: PolymathApp) -> str:
    """Everything the screen shows in words: static text, titles, list rows, help."""
    parts: list[str] = []
    for widget in app.screen.query(Widget):
        parts += [str(widget.border_title or ""), str(widget.border_subtitle or "")]
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
        if isinstance(widget, OptionList):
            parts += [str(option.prompt) for option in widget.options]
        if isinstance(widget, Markdown):
            parts.append(widget.source)
    return "\n".join(parts)


def test_the_demo_is_known_by_the_folder_polymath_demo_makes(demo: Context, tmp_path: Path) -> None:
    folder = tmp_path / "polymath-demo-k2x8"
    assert is_demo(Context(folder / "demo.db", demo.settings))
    assert not is_demo(demo)  # a copy of its data elsewhere is someone's database
    assert not is_demo(Context(tmp_path / "polymath-demo-k2x8" / "mine.db", demo.settings))


def test_a_running_clock_starts_where_it_stood_and_moves_with_the_ticks() -> None:
    ticks = Ticks()
    clock = RunningClock(DEMO_EVENING, ticks)
    assert clock() == DEMO_EVENING
    ticks.now += 90 * 60 + 5
    assert clock() == DEMO_EVENING.replace(hour=23, minute=0, second=5)
    assert clock().tzinfo == DEMO_EVENING.tzinfo


def test_only_the_demo_gets_a_running_clock(demo: Context) -> None:
    mine = frozen(demo)
    make_app(mine, watch=False)
    assert not isinstance(mine.clock, RunningClock)  # tests and people keep their clocks
    played = frozen(demo)
    app = make_app(played, watch=False, demo=True)
    assert app.demo and isinstance(played.clock, RunningClock)
    assert played.clock.start == DEMO_EVENING


async def test_a_timer_started_in_the_demo_can_be_stopped(demo: Context) -> None:
    before = count(demo)
    ctx = frozen(demo)
    ticks = Ticks()
    run_on(ctx, ticks)
    app = make_app(ctx, watch=False, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "s")  # Cognitive psychology
        await settle(pilot)
        ticks.now += 25 * 60
        await pilot.press("s")
        await settle(pilot)
    assert count(demo) == before + 1
    latest = sessions.list_sessions(demo, limit=1)[0]
    assert (latest.domain, latest.minutes) == ("Cognitive psychology", 25)


async def test_the_demo_never_points_at_the_command_line(demo: Context) -> None:
    """Every screen, a forgotten timer, the help and the palette, in the demo's words."""
    conn = demo.connect()
    try:
        start_timer(conn, now=DEMO_EVENING - timedelta(hours=30), domain="Spanish")  # forgotten
    finally:
        conn.close()
    app = make_app(frozen(demo), watch=False, demo=True)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = [texts(app)]
        assert "forgot to stop?" in seen[0]
        for keys in (("r",), ("d",), ("d", "enter"), ("p",), ("g",), ("question_mark",)):
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            seen.append(texts(app))
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("y", "s")  # no syncing here; a timer over a day is not saved as it is
        await settle(pilot)
        palette = [hit.text async for hit in PolymathCommands(app.screen).discover()]
    assert "This is the demo" in seen[-1]
    assert "Sync now" not in palette
    said = "\n".join([*seen, *(message for _, message in notes)])
    assert COMMAND.findall(said) == []
    assert any("S ends it at the time you stopped" in message for _, message in notes)


def test_the_apps_next_steps_name_keys_not_commands() -> None:
    for fix, step in NEXT_STEPS.items():
        if fix not in SYNC_STEPS:  # syncing is set up on the command line (never in the demo)
            assert not COMMAND.search(step), step


async def test_a_planner_with_nothing_mapped_says_which_key_maps(demo: Context) -> None:
    conn = sqlite3.connect(demo.db_path)
    with conn:
        conn.execute("UPDATE domain SET area = NULL")
    conn.close()
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        message = str(app.screen.query_one("#planner-message", Static).render())
    assert message == (
        "None of your domains is mapped to an area yet; map one on the domains screen (d, then m)"
    )


async def test_help_lists_every_new_key_and_explains_the_planners_numbers(
    demo: Context,
) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(Markdown).source
    keys = re.findall(r"^\| (`[^|]+`) \| ([^|]+) \| ([^|]+) \|$", source, re.M)
    by_place = {(key, place.strip()) for key, _, place in keys}
    for key, place in [
        ("`S`", "timer running"),
        ("`c`", "timer running"),
        ("`a`", "domains"),
        ("`n`", "domains"),
        ("`m`", "domains"),
        ("`j`", "domains"),
        ("`x`", "domains"),
        ("`v`", "domains"),
        ("`a`", "domain"),
        ("`w`", "domain"),
        ("`e`", "domain"),
        ("`w`", "review"),
        ("`enter`", "planner"),
    ]:
        assert (key, place) in by_place, key
    for column in ("**Rarity**", "**Bridge**", "**Rare**", "**Weeks**", "**Integr.**"):
        assert column in source
    for part in ("**cell**", "**conventionality**", "**novelty**", "**feasibility**"):
        assert part in source
    for column in ("**Level (1-5)**", "**Total**", "**This week**", "**Last session**"):
        assert column in source
    # The planner's rule with the thresholds in force, as the command line explains it.
    assert "## How stacks are judged" in source
    assert "Benjamini-Hochberg" in source
    assert "n\\_a n\\_b / N" in source
    assert "command line" in source.rsplit("## Check-in fields", 1)[1]  # not the demo
