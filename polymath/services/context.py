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
        self,
        db_path: Path,
        settings: Settings,
        clock: Callable[[], datetime] = system_clock,
        *,
        write: bool = True,
        create_folder: bool = False,
    ) -> None:
        self.db_path = db_path
        self.settings = settings
        self.clock = clock
        self.write = write
        """Whether this use may write: only then is a missing database created, and the day's
        backup taken before the first write. A read never creates anything."""
        self.create_folder = create_folder
        """Create the database's folder on the first write (the default data folder)."""

    def __repr__(self) -> str:
        return (
            f"Context(db_path={self.db_path!r}, settings={self.settings!r}, clock={self.clock!r}, "
            f"write={self.write!r})"
        )

    def now(self) -> datetime:
        """The aware local time in the user's zone."""
        return self.clock().astimezone(self.settings.zone)

    def today(self) -> date:
        return self.now().date()

    @cached_property
    def engine(self) -> "Engine":
        from polymath.store.engine import make_engine

        self.connect().close()  # creates, migrates and backs up as the sqlite3 path does
        return make_engine(self.db_path, write=self.write)

    def connect(self) -> "Connection":
        """A plain sqlite3 connection for the fast path; the caller closes it.

        A use that may write creates the database if needed and, before the first write of the
        day, keeps the day's backup (``store.backups``).
        """
        from polymath.store.direct import connect

        if self.write and self.create_folder and not self.db_path.parent.exists():
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(self.db_path, write=self.write)
        if self.write and not conn.readonly:
            from polymath.store.backups import BackupPolicy, daily_backup

            policy = BackupPolicy(self.settings.backup_days, self.settings.backup_weeks)
            try:
                daily_backup(conn, self.db_path, policy, self.today())
            except BaseException:
                conn.close()
                raise
        return conn

    def data_watcher(self) -> "DataVersionWatcher":
        """Tells whether another process wrote to the database (the app polls it)."""
        from polymath.store.watch import DataVersionWatcher

        return DataVersionWatcher(self.connect)
