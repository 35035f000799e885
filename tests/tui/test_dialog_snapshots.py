"""Snapshots of every dialog that writes a change, at 80x24 and 100x32, in a dark and a light
theme, on the demo data at its fixed evening (pytest-textual-snapshot).

Regenerate with ``pytest tests/tui/test_dialog_snapshots.py --snapshot-update`` and look at the
SVGs before committing.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import settle

from polymath.services.context import Context
from polymath.services.sessions import add_rest_week
from polymath.tui.app import make_app

Compare = Callable[..., bool]


@dataclass(frozen=True)
class Opening:
    """The keys that open a dialog from the dashboard, then what is typed into it."""

    keys: tuple[str, ...]
    typed: str = ""
    then: tuple[str, ...] = ()
    setup: Callable[[Context], object] | None = None


DIALOGS = {
    "level": Opening(("d", "enter", "a")),
    "goal": Opening(("d", "enter", "w")),
    "edit_session": Opening(("enter", "e")),
    "add_domain": Opening(("d", "a")),
    "rename_domain": Opening(("d", "n")),
    "rename_refused": Opening(("d", "n"), typed="spanish", then=("enter",)),
    "merge_domain": Opening(("d", "down", "j"), typed="Cog"),
    "map_area": Opening(("d", "down", "down", "down", "m")),
    "rest_week": Opening(("r", "w")),
    "cancel_rest_week": Opening(
        ("r", "w"), setup=lambda ctx: add_rest_week(ctx, "2026-W48", "holiday")
    ),
    "adopt": Opening(("p", "enter")),
    "stop_timer": Opening(("down", "s", "S"), typed="21:15"),
}
SIZES = {"80x24": (80, 24), "100x32": (100, 32)}
THEMES = {"dark": "textual-dark", "light": "textual-light"}


def opening(spec: Opening) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in spec.keys:
            await pilot.press(key)
            await settle(pilot)
        if spec.typed:
            await pilot.press(*spec.typed)
            await settle(pilot)
        for key in spec.then:
            await pilot.press(key)
            await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        pilot.app.clear_notifications()  # what the keys did ("Timer started ...") is not the dialog
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dialog", DIALOGS)
def test_dialog(snap_compare: Compare, demo: Context, dialog: str, size: str, theme: str) -> None:
    spec = DIALOGS[dialog]
    if spec.setup is not None:
        spec.setup(demo)
    app = make_app(demo, watch=False)
    app.theme = THEMES[theme]
    assert snap_compare(app, terminal_size=SIZES[size], run_before=opening(spec))
