"""Bring a database file to the current schema with Alembic, taking a named backup first."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from polymath.core.errors import StorageError


def migrations_dir() -> Path:
    """The Alembic scripts: inside the wheel (``polymath/migrations``) or beside the package."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "migrations", package.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise StorageError("Polymath's migration scripts are missing from this installation")


def alembic_config(db_path: Path | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if db_path is not None:
        config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade(db_path: Path, current: str | None) -> Path | None:
    """Upgrade ``db_path`` to head; return the backup taken of an existing database, if any."""
    backup = None
    if current is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = db_path.with_name(f"{db_path.name}.before-{head_revision()}-{stamp}.bak")
        _copy_database(db_path, backup)
    command.upgrade(alembic_config(db_path), "head")
    return backup


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (it includes what the WAL holds)."""
    try:
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StorageError(f"could not back up {source} before migrating: {exc}") from None


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
        raise StorageError(f"could not migrate {db_path}: {exc}") from None
