"""What every use-case needs: the database file, the user's settings and the clock (injected)."""

from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from polymath.config import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from polymath.store.checkin import Connection
    from polymath.store.watch import DataVersionWatcher


def system_clock() -> datetime:
    return datetime.now().astimezone()


class Context:
    """One command's (or the app's) view of the user's data; engines open lazily.

    A plain class rather than a dataclass: every check-in builds one, and defining a dataclass
    costs about a millisecond and a half at import.
    """

    def __init__(
        self, db_path: Path, settings: Settings, clock: Callable[[], datetime] = system_clock
    ) -> None:
        self.db_path = db_path
        self.settings = settings
        self.clock = clock

    def __repr__(self) -> str:
        return (
            f"Context(db_path={self.db_path!r}, settings={self.settings!r}, clock={self.clock!r})"
        )

    def now(self) -> datetime:
        """The aware local time in the user's zone."""
        return self.clock().astimezone(self.settings.zone)

    def today(self) -> date:
        return self.now().date()

    @cached_property
    def engine(self) -> "Engine":
        from polymath.store.engine import make_engine

        return make_engine(self.db_path)

    def connect(self) -> "Connection":
        """A plain sqlite3 connection for the fast path; the caller closes it."""
        from polymath.store.direct import connect

        return connect(self.db_path)

    def data_watcher(self) -> "DataVersionWatcher":
        """Tells whether another process wrote to the database (the app polls it)."""
        from polymath.store.watch import DataVersionWatcher

        return DataVersionWatcher(self.connect)
