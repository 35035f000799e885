"""Syncing from the app: y (or the palette's "Sync now") syncs, the key bar says where it
stands, and a device that does not sync yet is told how to set it up, in one line."""

from pathlib import Path

from tui_helpers import record_notifications, settle

from polymath.services import sync
from polymath.services.context import Context
from polymath.tui.app import make_app
from polymath.tui.widgets.key_bar import KeyBar

SIZE = (100, 32)


def key_bar(app: object) -> str:
    bar = app.screen.query_one(KeyBar)  # type: ignore[attr-defined]
    return str(bar.render())


async def test_y_syncs_and_the_key_bar_says_when(demo: Context, tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    sync.sync_now(demo, folder=folder, name="laptop")
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "synced just now" in key_bar(app)
        await pilot.press("y")
        await settle(pilot)
        assert ("information", "Nothing new from other devices; sent 0 changes.") in notes
        assert "synced just now" in key_bar(app)


async def test_a_device_that_does_not_sync_is_told_how(demo: Context) -> None:
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "synced" not in key_bar(app)
        await pilot.press("y")
        await settle(pilot)
    assert notes == [
        (
            "error",
            "not synced: this device does not sync yet; set it up once on the command line: "
            "polymath sync --folder DIR",
        )
    ]
