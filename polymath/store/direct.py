"""The database over the sqlite3 module alone: opening, the schema check, and the check-in path.

Check-ins and ``polymath status`` run many times a day, some from a shell prompt, so they avoid
SQLAlchemy's import cost. They write the tables that ``store.models`` defines (tests hold both
paths to the same rows), and every write is one ``BEGIN IMMEDIATE`` transaction filed as a change
that ``undo`` can revert.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime

from polymath.core.errors import (
    CHECK_DATABASE_PATH,
    RUN_DOCTOR,
    DatabaseBusy,
    NotFound,
    StorageError,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType
    from typing import Final

    FilePath = str | os.PathLike[str]

SCHEMA_REVISION: Final = "0006"
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

    Every connection of Polymath's, on either path, is one of these, opened from one path
    (never from a URL a ``?``, ``#`` or ``%`` in the path could split). The check-in path works
    with plain strings and ``os.path``: ``pathlib`` costs it a tenth of Python's start-up.
    """

    path: str = ""
    readonly: bool = False
    upkeep: Callable[[Connection], None] | None = None
    """Run at the end of every change, inside its transaction (the summaries the code keeps
    follow the data in the same commit; a change that fails leaves them as they were)."""


def connect(path: FilePath, *, write: bool = True) -> Connection:
    """Open ``path`` at the current schema (migrating it, with a backup, when it is behind).

    With ``write`` the command may write: a database that does not exist yet is created (in a
    folder that exists). Without it nothing is ever created: a missing file is NotFound. A file
    that this process cannot write (a read-only file or file system) opens read-only; a write on
    it is then refused with one line, before anything is written.
    """
    path = os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except NotADirectoryError:  # a path under a regular file
        info = None
    except OSError as exc:
        raise StorageError(f"cannot reach the database {path}: {exc.strerror}") from None
    if info is None:
        if not write:
            raise NotFound(f"no database at {path}", fix=CHECK_DATABASE_PATH, about=path)
        _create(path)
    elif os.path.isdir(path):
        raise StorageError(f"{path} is a folder, not a Polymath database")
    elif info.st_size == 0:
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
            from pathlib import Path

            from polymath.store.migrate import upgrade_to_head

            upgrade_to_head(Path(path), revision)
            conn = open_file(path, readonly=False)
        if not conn.readonly:
            _use_wal(conn)
        return conn
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise storage_error(path, exc) from None
        raise


BACKUP_FOLDER = "backups"
DEVICE_SUFFIX = ".sync.json"
"""The device file beside a database that syncs: ``polymath.db.sync.json``."""


def backup_file(db_file: str, kind: str, label: str) -> str:
    """Where a backup of ``db_file`` of this kind and label lives: ``backups/`` beside it.

    Strings, not paths: the check-in path asks whether today's copy exists without loading
    ``store.backups``.
    """
    head, tail = os.path.split(db_file)
    stem = os.path.splitext(tail)[0]
    return os.path.join(head, BACKUP_FOLDER, f"{stem}.{kind}.{label}.db")


def writable(path: FilePath) -> bool:
    """Whether this process can write the file and, for WAL's side files, its folder."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _create(path: str) -> None:
    """A new database at the current schema, built beside ``path`` and linked into place whole.

    A database file is never seen half-made (a 0-byte file is refused as an interrupted copy);
    two processes creating one at once both build, and the first link wins.
    """
    from pathlib import Path

    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        kind = "is not a folder" if folder.exists() else "does not exist"
        raise NotFound(f"cannot create the database {path}: the folder {folder} {kind}")
    temp = folder / f".{target.name}.{os.getpid()}.new"
    try:
        from polymath.store.migrate import upgrade_to_head

        temp.unlink(missing_ok=True)
        upgrade_to_head(temp, None)
        try:
            os.link(temp, target)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError:  # a file system without hard links
            if not target.exists():
                os.replace(temp, target)
    except OSError as exc:
        raise StorageError(f"cannot create the database {path}: {exc.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)


def open_file(path: FilePath, *, readonly: bool) -> Connection:
    """A connection on an existing file at the current schema, with the house's pragmas."""
    path = os.fspath(path)
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


def _open_readonly(path: str) -> Connection:
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


def uri_path(path: FilePath) -> str:
    """A path as the path of an SQLite ``file:`` URI: ``%``, ``?`` and ``#`` escaped."""
    text = os.path.abspath(path)
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


def storage_error(path: FilePath, exc: sqlite3.Error) -> StorageError:
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


def change(conn: sqlite3.Connection, description: str) -> Change:
    """One write transaction, filed as a change that ``undo`` reverts as a whole::

    with direct.change(conn, "log 45m Jazz piano"):
        ...
    """
    return Change(conn, description)


def upkeep(conn: sqlite3.Connection) -> Change:
    """A write transaction that is not the person's change (undo does not list it): for the
    summaries the code keeps, never for their data."""
    return Change(conn, None)


class Change:
    """The write transaction of ``change`` (a class rather than ``contextlib``, which the
    check-in path would pay for)."""

    __slots__ = ("conn", "description")

    def __init__(self, conn: sqlite3.Connection, description: str | None) -> None:
        self.conn, self.description = conn, description

    def __enter__(self) -> sqlite3.Connection:
        conn = self.conn
        refuse_readonly(conn)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise storage_error(database_file(conn), exc) from None
        if self.description is None:
            return conn
        try:
            cursor = conn.execute(INSERT_CHANGE, (stamp(datetime.now(UTC)), self.description))
            conn.execute(TRIM_CHANGES, ((cursor.lastrowid or 0) - UNDO_DEPTH,))
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise storage_error(database_file(conn), exc) from None
        return conn

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        conn = self.conn
        upkeep = getattr(conn, "upkeep", None)
        if error is None and upkeep is not None and self.description is not None:
            try:
                upkeep(conn)
            except sqlite3.Error as failed:
                conn.execute("ROLLBACK")
                raise storage_error(database_file(conn), failed) from None
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        if error is not None:
            conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise storage_error(database_file(conn), error) from None
            return
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise storage_error(database_file(conn), exc) from None


def snapshot(conn: sqlite3.Connection) -> Snapshot:
    """One read transaction: every statement inside sees the same committed state."""
    return Snapshot(conn)


class Snapshot:
    """The read transaction of ``snapshot``."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.conn.execute("BEGIN")
        except sqlite3.Error as exc:
            raise storage_error(database_file(self.conn), exc) from None
        return self.conn

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.conn.execute("COMMIT")
        if isinstance(error, sqlite3.Error):
            raise storage_error(database_file(self.conn), error) from None


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
        raise storage_error(database_file(conn), exc) from None
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
        raise storage_error(database_file(conn), exc) from None
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
