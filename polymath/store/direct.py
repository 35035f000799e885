"""The database over the sqlite3 module alone: opening, the schema check, and the check-in path.

Check-ins and ``polymath status`` run many times a day, some from a shell prompt, so they avoid
SQLAlchemy's import cost. They write the tables that ``store.models`` defines (tests hold both
paths to the same rows), and every write is one ``BEGIN IMMEDIATE`` transaction filed as a change
that ``undo`` can revert.
"""

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from polymath.core.errors import (
    CHECK_DATABASE_PATH,
    RUN_DOCTOR,
    DatabaseBusy,
    NotFound,
    StorageError,
)

SCHEMA_REVISION: Final = "0004"
"""The Alembic head this code reads and writes; a test holds it equal to ``migrations/``."""

UNDO_DEPTH: Final = 100
BUSY_TIMEOUT_MS: Final = 10_000

# The statements of changes and undo (a test prepares every store statement against the schema).
INSERT_CHANGE: Final = "INSERT INTO change (created_at, description) VALUES (?, ?)"
TRIM_CHANGES: Final = "DELETE FROM change WHERE id <= ?"
LATEST_CHANGE: Final = "SELECT id, description FROM change ORDER BY id DESC LIMIT 1"
UNDO_STEPS: Final = "SELECT statement FROM undo_step WHERE change_id = ? ORDER BY id DESC"
DELETE_CHANGE: Final = "DELETE FROM change WHERE id = ?"


class Connection(sqlite3.Connection):
    """A sqlite3 connection that knows its file and whether it may write to it.

    Every connection of Polymath's, on either path, is one of these, opened from one ``Path``
    (never from a URL a ``?``, ``#`` or ``%`` in the path could split).
    """

    path: Path = Path()
    readonly: bool = False


def connect(path: Path, *, write: bool = True) -> Connection:
    """Open ``path`` at the current schema (migrating it, with a backup, when it is behind).

    With ``write`` the command may write: a database that does not exist yet is created (in a
    folder that exists). Without it nothing is ever created: a missing file is NotFound. A file
    that this process cannot write (a read-only file or file system) opens read-only; a write on
    it is then refused with one line, before anything is written.
    """
    path = Path(path)
    try:
        exists = path.exists()
    except OSError as exc:
        raise StorageError(f"cannot reach the database {path}: {exc.strerror}") from None
    if not exists:
        if not write:
            raise NotFound(f"no database at {path}", fix=CHECK_DATABASE_PATH, about=str(path))
        _create(path)
    elif path.is_dir():
        raise StorageError(f"{path} is a folder, not a Polymath database")
    elif path.stat().st_size == 0:
        raise StorageError(
            f"{path} is an empty file, not a Polymath database (an interrupted copy?)"
        )
    try:
        conn = open_file(path, readonly=not writable(path))
    except sqlite3.Error as exc:
        raise storage_error(path, exc) from None
    try:
        revision = schema_revision(conn)
        if revision != SCHEMA_REVISION:
            if conn.readonly:
                raise StorageError(
                    f"{path} needs an upgrade to this version's schema, which needs write access"
                )
            conn.close()
            from polymath.store.migrate import upgrade_to_head

            upgrade_to_head(path, revision)
            conn = open_file(path, readonly=False)
        if not conn.readonly:
            _use_wal(conn)
        return conn
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise storage_error(path, exc) from None
        raise


def writable(path: Path) -> bool:
    """Whether this process can write the file and, for WAL's side files, its folder."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _create(path: Path) -> None:
    """A new database at the current schema, built beside ``path`` and linked into place whole.

    A database file is never seen half-made (a 0-byte file is refused as an interrupted copy);
    two processes creating one at once both build, and the first link wins.
    """
    folder = path.parent
    if not folder.is_dir():
        kind = "is not a folder" if folder.exists() else "does not exist"
        raise NotFound(f"cannot create the database {path}: the folder {folder} {kind}")
    temp = folder / f".{path.name}.{os.getpid()}.new"
    try:
        from polymath.store.migrate import upgrade_to_head

        temp.unlink(missing_ok=True)
        upgrade_to_head(temp, None)
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temp, path)
    except OSError as exc:
        raise StorageError(f"cannot create the database {path}: {exc.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)


def open_file(path: Path, *, readonly: bool) -> Connection:
    """A connection on an existing file at the current schema, with the house's pragmas."""
    if readonly:
        conn = _open_readonly(path)
    else:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, factory=Connection
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    conn.path, conn.readonly = path, readonly
    return conn


def _open_readonly(path: Path) -> Connection:
    """Read-only; on a read-only file system, where WAL cannot make its side files, immutable."""
    location = "file:" + uri_path(path)
    conn = sqlite3.connect(
        f"{location}?mode=ro",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        factory=Connection,
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    return sqlite3.connect(
        f"{location}?mode=ro&immutable=1", uri=True, isolation_level=None, factory=Connection
    )


def uri_path(path: Path) -> str:
    """A path as the path of an SQLite ``file:`` URI: ``%``, ``?`` and ``#`` escaped."""
    text = str(path.absolute())
    return text.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, once the file is known to be ours (the switch rewrites its header).

    SQLite refuses the switch at once, without waiting, while another connection holds the write
    lock (two processes opening a new file together), so it is retried up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def schema_revision(conn: sqlite3.Connection) -> str | None:
    """The Alembic revision of the file, or None for a new, empty one."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        if tables[0]:
            raise StorageError(
                "this file is not a Polymath database (it has other tables)"
            ) from None
        return None
    return row[0] if row else None


def storage_error(path: Path, exc: sqlite3.Error) -> StorageError:
    """An sqlite3 error as the product's own one-line error (callers raise it ``from None``)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseBusy(f"the database {path} is locked by another program")
    if "not a database" in text:
        return StorageError(f"{path} is not a Polymath database, or it is damaged ({text})")
    if "malformed" in text or "corrupt" in text:
        return StorageError(
            f"the database {path} is damaged ({text}); nothing was written", fix=RUN_DOCTOR
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(f"the database {path} is read-only; nothing was written")
    if "unable to open" in text:
        return StorageError(f"cannot open the database {path}: {text}")
    if "disk" in text and "full" in text:
        return StorageError(f"the disk holding {path} is full; nothing was written")
    return StorageError(f"database error on {path}: {text}")


@contextmanager
def change(conn: sqlite3.Connection, description: str) -> Iterator[sqlite3.Connection]:
    """One write transaction, filed as a change that ``undo`` reverts as a whole."""
    refuse_readonly(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise storage_error(Path(database_file(conn)), exc) from None
    try:
        now = stamp(datetime.now(UTC))
        cursor = conn.execute(INSERT_CHANGE, (now, description))
        conn.execute(TRIM_CHANGES, ((cursor.lastrowid or 0) - UNDO_DEPTH,))
        yield conn
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise storage_error(Path(database_file(conn)), exc) from None
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise storage_error(Path(database_file(conn)), exc) from None


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction: every statement inside sees the same committed state."""
    try:
        conn.execute("BEGIN")
    except sqlite3.Error as exc:
        raise storage_error(Path(database_file(conn)), exc) from None
    try:
        yield conn
    except sqlite3.Error as exc:
        raise storage_error(Path(database_file(conn)), exc) from None
    finally:
        conn.execute("COMMIT")


def refuse_readonly(conn: sqlite3.Connection) -> None:
    """A write on a database opened read-only is refused before anything is attempted."""
    if getattr(conn, "readonly", False):
        raise StorageError(f"the database {database_file(conn)} is read-only; nothing was written")


def database_file(conn: sqlite3.Connection) -> str:
    """The file a connection has open (for messages, and for files kept beside it)."""
    known = getattr(conn, "path", None)
    if known:
        return str(known)
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row else "database"


def undo_last(conn: sqlite3.Connection) -> str:
    """Revert the latest change; return what it was."""
    refuse_readonly(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise storage_error(Path(database_file(conn)), exc) from None
    try:
        row = conn.execute(LATEST_CHANGE).fetchone()
        if row is None:
            raise NotFound("nothing to undo")
        change_id, description = row
        conn.execute("PRAGMA defer_foreign_keys = ON")
        steps = conn.execute(UNDO_STEPS, (change_id,)).fetchall()
        for (statement,) in steps:
            conn.execute(statement)
        conn.execute(DELETE_CHANGE, (change_id,))
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise storage_error(Path(database_file(conn)), exc) from None
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return str(description)


def stamp(moment: datetime) -> str:
    """An aware instant as the stored UTC text."""
    return naive_stamp(moment.astimezone(UTC).replace(tzinfo=None))


def naive_stamp(moment: datetime) -> str:
    """A naive UTC instant as stored text, the year zero-padded (``strftime`` is not, on Linux)."""
    return moment.isoformat(sep=" ", timespec="microseconds")


def parse_stamp(text: str) -> datetime:
    """Stored UTC text -> an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
