"""SQLModel engine and sessions on the same file, pragmas and transaction rules as the fast path."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, create_engine, delete

from polymath.core.errors import StorageError
from polymath.store import direct
from polymath.store.models import Change

_WRITE = "polymath_write"

_FILES: "WeakKeyDictionary[Engine, tuple[Path, bool]]" = WeakKeyDictionary()
"""Each engine's file and whether it opened read-only (for refusals and messages)."""

Tx = Session
"""A reading or writing session, as the services name it (they import no SQLModel)."""


def make_engine(path: Path, *, write: bool = True) -> Engine:
    """An engine on ``path`` at the current schema (migrated first, with a backup, if behind).

    Its connections are ``store.direct``'s, opened from the one path object: read-only when the
    file cannot be written, and never through a URL.
    """
    direct.connect(path, write=write).close()
    readonly = not direct.writable(path)
    engine = create_engine("sqlite://", creator=lambda: direct.open_file(path, readonly=readonly))
    _FILES[engine] = (path, readonly)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads then writes fails under a second writer in WAL
        # mode whatever the busy timeout, so writes take the lock up front.
        immediate = conn.get_execution_options().get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A read-only session: one consistent snapshot."""
    try:
        with Session(engine) as session:
            yield session
    except DBAPIError as exc:
        raise _storage_error(engine, exc) from None


@contextmanager
def writing(engine: Engine, description: str) -> Iterator[Session]:
    """One ``BEGIN IMMEDIATE`` transaction, filed as a change that ``undo`` reverts whole."""
    path, readonly = _FILES.get(engine, (None, False))
    if readonly:
        raise StorageError(f"the database {path} is read-only; nothing was written")
    try:
        with Session(engine.execution_options(**{_WRITE: True})) as session:
            change = Change(created_at=datetime.now(UTC), description=description)
            session.add(change)
            session.flush()
            session.exec(
                delete(Change).where(col(Change.id) <= (change.id or 0) - direct.UNDO_DEPTH)
            )
            yield session
            session.commit()
    except DBAPIError as exc:
        raise _storage_error(engine, exc) from None


def _storage_error(engine: Engine, exc: DBAPIError) -> StorageError:
    """An error from the driver as the product's own one line (the sqlite3 path's words)."""
    path, _ = _FILES.get(engine, (Path("database"), False))
    if isinstance(exc.orig, sqlite3.Error):
        return direct.storage_error(path, exc.orig)
    return StorageError(f"database error on {path}: {exc.orig}")
