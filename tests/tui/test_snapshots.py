"""Snapshots of every screen on the demo data at its fixed evening (pytest-textual-snapshot).

Regenerate with ``pytest tests/tui --snapshot-update`` and look at the SVGs before committing.
"""

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import settle

from polymath.services.context import Context
from polymath.tui.app import make_app

SIZE = (100, 36)
Compare = Callable[..., bool]


def pressing(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Wait for the data, press ``keys`` (each followed by the work it starts), stop blinking."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


def test_dashboard(snap_compare: Compare, demo: Context) -> None:
    assert snap_compare(make_app(demo, watch=False), terminal_size=SIZE, run_before=pressing())


def test_dashboard_light_theme(snap_compare: Compare, demo: Context) -> None:
    app = make_app(demo, watch=False)
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing())


def test_dashboard_80x24(snap_compare: Compare, demo: Context) -> None:
    assert snap_compare(make_app(demo, watch=False), terminal_size=(80, 24), run_before=pressing())


def test_review(snap_compare: Compare, demo: Context) -> None:
    app = make_app(demo, watch=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("r"))


def test_domains(snap_compare: Compare, demo: Context) -> None:
    app = make_app(demo, watch=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("d"))


def test_domain_detail(snap_compare: Compare, demo: Context) -> None:
    app = make_app(demo, watch=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("down", "down", "enter"))


def test_check_in_dialog(snap_compare: Compare, demo: Context) -> None:
    app = make_app(demo, watch=False)
    keys = ("l", "4", "5", "x")  # a duration being mistyped: the message shows under it
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing(*keys))


def test_help(snap_compare: Compare, demo: Context) -> None:
    app = make_app(demo, watch=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("question_mark"))
