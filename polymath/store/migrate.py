"""Bring a database file to the current schema with Alembic, taking a named backup first."""

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from polymath.core.errors import StorageError
from polymath.store.backups import backup_before_migration
from polymath.store.direct import BUSY_TIMEOUT_MS


def migrations_dir() -> Path:
    """The Alembic scripts: inside the wheel (``polymath/migrations``) or beside the package."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "migrations", package.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise StorageError("Polymath's migration scripts are missing from this installation")


def alembic_config() -> Config:
    """Alembic's settings: only where the scripts are.

    The connection is always handed over (``attributes["connection"]``), never a URL that a
    ``%``, ``?`` or ``#`` in a path could split.
    """
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()).replace("%", "%%"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade(db_path: Path, current: str | None) -> Path | None:
    """Upgrade ``db_path`` to head; return the backup taken of an existing database, if any."""
    backup = None
    if current is not None:
        backup = backup_before_migration(db_path, head_revision())
    engine = _write_locking_engine(db_path)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    return backup


def _write_locking_engine(db_path: Path) -> Engine:
    """An engine whose transactions begin with SQLite's write lock, so a migration is one
    transaction: a second process opening a new file waits for it instead of migrating it too,
    and a migration cut short leaves the file as it was."""

    def open_file() -> sqlite3.Connection:
        return sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)

    engine = create_engine("sqlite://", creator=open_file)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def upgrade_to_head(db_path: Path, current: str | None) -> Path | None:
    """Migrate a file found behind the code; refuse one written by a newer Polymath."""
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StorageError(
            f"{db_path} was written by a newer Polymath (schema {current}); upgrade Polymath"
        )
    try:
        return upgrade(db_path, current)
    except StorageError:
        raise
    except Exception as exc:
        first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise StorageError(f"could not migrate {db_path}: {first_line}") from None
