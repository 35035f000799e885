"""The database's health and copies: integrity checks, row counts, consistent backups."""

import sqlite3
from contextlib import closing
from pathlib import Path

from polymath.core.errors import StorageError
from polymath.store.checkin import Connection

COUNTED_TABLES = ("domain", "learning_session", "assessment", "rest_week", "change")
COUNT_ROWS = {table: f"SELECT count(*) FROM {table}" for table in COUNTED_TABLES}


def integrity(conn: Connection) -> str:
    """SQLite's integrity check: ``ok``, or what it found, joined on one line."""
    return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def foreign_key_errors(conn: Connection) -> int:
    return len(conn.execute("PRAGMA foreign_key_check").fetchall())


def row_counts(conn: Connection) -> dict[str, int]:
    """Rows in each table a person would recognise."""
    return {
        table: int(conn.execute(statement).fetchone()[0]) for table, statement in COUNT_ROWS.items()
    }


def copy_database(source: Connection | Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (it includes what the WAL holds).

    A failed copy leaves nothing at ``target``.
    """
    try:
        if isinstance(source, Path):
            with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
                src.backup(dst)
        else:
            with closing(sqlite3.connect(target)) as dst:
                source.backup(dst)
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StorageError(f"could not copy the database to {target}: {exc}") from None
