"""What every use-case needs: the database file, the user's settings and the clock (injected)."""

import os
from datetime import date, datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from polymath.config import Settings
    from polymath.store.checkin import Connection
    from polymath.store.watch import DataVersionWatcher


def system_clock() -> datetime:
    return datetime.now().astimezone()


class Context:
    """One command's (or the app's) view of the user's data; engines open lazily.

    A plain class rather than a dataclass, holding the file name as a string: every check-in
    builds one, and neither dataclasses nor pathlib are on that path.
    """

    def __init__(
        self,
        db_path: "str | os.PathLike[str]",
        settings: "Settings",
        clock: "Callable[[], datetime]" = system_clock,
        *,
        write: bool = True,
        create_folder: bool = False,
    ) -> None:
        self.db_file = os.fspath(db_path)
        self.settings = settings
        self.clock = clock
        self.write = write
        """Whether this use may write: only then is a missing database created, and the day's
        backup taken before the first write. A read never creates anything."""
        self.create_folder = create_folder
        """Create the database's folder on the first write (the default data folder)."""
        self._engine: Engine | None = None

    def __repr__(self) -> str:
        return (
            f"Context(db_path={self.db_file!r}, settings={self.settings!r}, clock={self.clock!r}, "
            f"write={self.write!r})"
        )

    @property
    def db_path(self) -> "Path":
        """The database file as a ``Path`` (reports, exports and backups work with paths)."""
        from pathlib import Path

        return Path(self.db_file)

    def now(self) -> datetime:
        """The aware local time in the user's zone."""
        return self.clock().astimezone(self.settings.zone)

    def today(self) -> date:
        return self.now().date()

    @property
    def engine(self) -> "Engine":
        """A SQLAlchemy engine on the file, made on first use (creating and migrating it)."""
        if self._engine is None:
            from polymath.store.engine import make_engine

            self.connect().close()  # creates, migrates and backs up as the sqlite3 path does
            self._engine = make_engine(self.db_path, write=self.write)
        return self._engine

    def connect(self) -> "Connection":
        """A plain sqlite3 connection for the fast path; the caller closes it.

        A use that may write creates the database if needed and, before the first write of the
        day, keeps the day's backup (``store.backups``).
        """
        from polymath.store.direct import connect

        if self.write and self.create_folder:
            folder = os.path.dirname(self.db_file)
            if folder and not os.path.isdir(folder):
                os.makedirs(folder, exist_ok=True)
        conn = connect(self.db_file, write=self.write)
        if self.write and not conn.readonly:
            try:
                self._keep_daily_backup(conn)
            except BaseException:
                conn.close()
                raise
            conn.upkeep = self._keep_history
        return conn

    def _keep_history(self, conn: "Connection") -> None:
        """Run at the end of each change on the fast path: keeps the history's summary current
        (``services.history``), a read of one row unless it is a month behind or a change to
        older sessions removed it."""
        from polymath.services.history import keep

        keep(conn, self.settings.zone, self.today())

    def refresh_history(self) -> None:
        """Bring the history's summary up to date now (after an import or a merge)."""
        from polymath.services.history import refresh

        if not self.write:
            return
        conn = self.connect()
        try:
            refresh(conn, self.settings.zone, self.today())
        finally:
            conn.close()

    def _keep_daily_backup(self, conn: "Connection") -> None:
        settings = self.settings
        if settings.backup_days <= 0 and settings.backup_weeks <= 0:
            return
        from polymath.store.direct import backup_file

        today = self.today()
        if os.path.exists(backup_file(self.db_file, "daily", today.isoformat())):
            return  # the usual case: one stat, and store.backups stays unloaded
        from polymath.store.backups import BackupPolicy, daily_backup

        policy = BackupPolicy(settings.backup_days, settings.backup_weeks)
        daily_backup(conn, self.db_path, policy, today)

    def syncs(self) -> bool:
        """Whether this database syncs with other devices: its device file is beside it (a
        stat, without loading the sync machinery)."""
        from polymath.store.direct import DEVICE_SUFFIX

        return os.path.exists(self.db_file + DEVICE_SUFFIX)

    def data_watcher(self) -> "DataVersionWatcher":
        """Tells whether another process wrote to the database (the app polls it)."""
        from polymath.store.watch import DataVersionWatcher

        return DataVersionWatcher(self.connect)
