"""The database's health and copies: integrity checks, row counts, consistent backups."""

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

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


class Inspection(NamedTuple):
    """What a read of the file, without migrating or writing anything, found."""

    revision: str | None
    integrity: str
    """``ok``, or what SQLite's integrity check (or opening the file) reported."""
    foreign_key_errors: int
    counts: dict[str, int]


def inspect_file(path: Path) -> Inspection:
    """Examine a database as it is: never migrated, never written, damage reported not raised."""
    from polymath.store.direct import schema_revision, uri_path

    try:
        conn = sqlite3.connect(f"file:{uri_path(path)}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        return Inspection(None, f"cannot open: {exc}", 0, {})
    with closing(conn):
        try:
            found = integrity(conn)
        except sqlite3.Error as exc:
            return Inspection(None, str(exc), 0, {})
        try:
            revision = schema_revision(conn)
        except (sqlite3.Error, StorageError) as exc:
            return Inspection(None, f"{found}; {exc}" if found != "ok" else str(exc), 0, {})
        try:
            return Inspection(revision, found, foreign_key_errors(conn), row_counts(conn))
        except sqlite3.Error as exc:
            return Inspection(revision, f"{found}; {exc}" if found != "ok" else str(exc), 0, {})
