"""Notice writes by other processes (the CLI in another terminal) without reading any table.

SQLite raises ``PRAGMA data_version`` on a connection whenever *another* connection commits, so
polling it once a second costs one pragma and no I/O worth the name.
"""

import sqlite3
from collections.abc import Callable
from pathlib import Path

from polymath.store.direct import database_file, storage_error


class DataVersionWatcher:
    """A dedicated connection whose data version tells whether the file changed since last asked."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None

    def _read(self) -> int:
        if self._conn is None:
            self._conn = self._connect()
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise storage_error(Path(database_file(self._conn)), exc) from None

    def changed(self) -> bool:
        """True when another connection committed since the last call (never on the first)."""
        version = self._read()
        changed = self._version is not None and version != self._version
        self._version = version
        return changed

    def sync(self) -> None:
        """Accept the current version: the app reloads after its own writes anyway."""
        self._version = self._read()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
