"""Helpers for the app's tests (a module of its own: conftest files are not for importing)."""

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from textual.app import App
from textual.pilot import Pilot

from polymath.services.context import Context

BERLIN = ZoneInfo("Europe/Berlin")
DEMO_EVENING = datetime(2026, 11, 27, 21, 30, tzinfo=BERLIN)
"""The demo's clock: Friday of week 2026-W48 (``maintenance.build_demo`` fixes it there)."""


class Clock:
    """A clock that stands still until a test moves it on (elapsed time, as a real one would)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment = (self.moment.astimezone(UTC) + timedelta(**delta)).astimezone(BERLIN)


def count(ctx: Context, table: str = "learning_session") -> int:
    """Rows in a table, read with a connection of the test's own."""
    conn = sqlite3.connect(ctx.db_path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and the messages they post (which may start more workers) land."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def record_notifications(app: App[Any]) -> list[tuple[str, str]]:
    """Keep (severity, message) of every notification, and still show them."""
    seen: list[tuple[str, str]] = []
    notify = app.notify

    def recording(message: str, **kwargs: Any) -> None:
        seen.append((kwargs.get("severity", "information"), message))
        notify(message, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return seen
