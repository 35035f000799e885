"""SQLModel engine and sessions on the same file, pragmas and transaction rules as the fast path."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, create_engine, delete

from polymath.core.errors import StorageError
from polymath.store import direct
from polymath.store.models import Change

_WRITE = "polymath_write"

Tx = Session
"""A reading or writing session, as the services name it (they import no SQLModel)."""


def make_engine(path: Path) -> Engine:
    """An engine on ``path`` at the current schema (migrated first, with a backup, if behind)."""
    direct.connect(path).close()
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {direct.BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

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
        raise _storage_error(exc) from None


@contextmanager
def writing(engine: Engine, description: str) -> Iterator[Session]:
    """One ``BEGIN IMMEDIATE`` transaction, filed as a change that ``undo`` reverts whole."""
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
        raise _storage_error(exc) from None


def _storage_error(exc: DBAPIError) -> StorageError:
    """An error from the driver as the product's own one line."""
    text = str(exc.orig)
    if "locked" in text or "busy" in text:
        return StorageError("the database is locked by another program; try again")
    return StorageError(f"database error: {text}")
