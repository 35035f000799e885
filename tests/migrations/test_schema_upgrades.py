"""Opening a file: a new one is created at the head, an old one is backed up before it is
migrated, and a file that is not ours (or is from a newer Polymath) is refused untouched."""

import re
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from polymath.core.errors import StorageError
from polymath.services.checkin import log_session
from polymath.store import direct
from polymath.store.engine import make_engine
from polymath.store.migrate import alembic_config, head_revision, upgrade, upgrade_to_head
from polymath.store.models import JOURNALED_TABLES

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))
BACKUP_NAME = re.compile(r"^polymath\.before-migration\.(\w+)-\d{8}T\d{12}Z\.db$")


FIRST_RELEASE_TABLES = ("domain", "learning_session", "session_link", "assessment", "rest_week")


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the user's tables, read by a plain sqlite3 connection, in the columns the
    first release had (later revisions add identities beside them).

    The settings are left out: migrating pins a history to the population it was mapped on.
    """
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(
                f"SELECT {', '.join(JOURNALED_TABLES[table])} FROM {table} ORDER BY 1, 2"
            ).fetchall()
            for table in FIRST_RELEASE_TABLES
        }


def settings(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT key, value FROM setting").fetchall())


def with_history(path: Path) -> sqlite3.Connection:
    conn = direct.connect(path)
    log_session(conn, now=NOW, minutes=45, domain="Jazz", kind="read", note="scales", create=True)
    log_session(conn, now=NOW, minutes=30, domain="Law", with_domains=["Jazz"], create=True)
    return conn


def backups(folder: Path) -> list[Path]:
    return sorted((folder / "backups").glob("*.db"))


def test_the_code_reads_and_writes_the_alembic_head() -> None:
    assert head_revision() == direct.SCHEMA_REVISION


def test_a_new_file_is_created_at_the_head_without_a_backup(db_path: Path) -> None:
    conn = direct.connect(db_path)
    try:
        assert direct.schema_revision(conn) == head_revision()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        conn.close()
    assert backups(db_path.parent) == []


def at_first_revision(path: Path) -> None:
    """A file as the first release left it: schema 0001, with some history in it."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(path))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    log_session(conn, now=NOW, minutes=45, domain="Jazz", kind="read", note="scales", create=True)
    log_session(conn, now=NOW, minutes=30, domain="Law", with_domains=["Jazz"], create=True)
    conn.close()


def test_upgrading_an_existing_file_takes_a_named_backup_first(db_path: Path) -> None:
    at_first_revision(db_path)
    before = rows(db_path)
    backup = upgrade(db_path, "0001")
    assert backup is not None
    assert backup.parent == db_path.parent / "backups"
    assert backup.stat().st_mode & 0o777 == 0o600
    match = BACKUP_NAME.match(backup.name)
    assert match and match[1] == head_revision()
    assert backups(db_path.parent) == [backup]
    assert rows(backup) == before
    assert len(before["learning_session"]) == 2
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert rows(db_path) == before
    with sqlite3.connect(db_path) as migrated:
        revision = migrated.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert revision == direct.SCHEMA_REVISION


def test_a_file_behind_the_code_is_migrated_on_open_after_a_backup(db_path: Path) -> None:
    at_first_revision(db_path)
    before = rows(db_path)
    conn = direct.connect(db_path)
    try:
        assert direct.schema_revision(conn) == direct.SCHEMA_REVISION
        indexes = {row[1] for row in conn.execute("PRAGMA index_list(learning_session)")}
        assert "ix_learning_session_started_at_minutes" in indexes
    finally:
        conn.close()
    [backup] = backups(db_path.parent)
    assert rows(backup) == before
    assert rows(db_path) == before


def test_a_fresh_file_needs_no_backup(db_path: Path) -> None:
    assert upgrade(db_path, None) is None
    assert backups(db_path.parent) == []


def _refused_untouched(path: Path, message: str) -> None:
    original = path.read_bytes()
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StorageError, match=message) as caught:
        direct.connect(path)
    assert "\n" not in str(caught.value)
    with pytest.raises(StorageError, match=message):
        make_engine(path)
    assert path.read_bytes() == original
    assert sorted(p.name for p in path.parent.iterdir()) == siblings


def test_a_file_with_foreign_tables_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoice (total) VALUES (12.5)")
    _refused_untouched(path, "not a Polymath database")


def test_a_file_of_junk_bytes_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database.\n" * 200)
    _refused_untouched(path, "not a Polymath database, or it is damaged")


def _stamp_newer(path: Path, journal_mode: str) -> None:
    direct.connect(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.close()


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_a_file_from_a_newer_polymath_is_refused_untouched(
    db_path: Path, journal_mode: str
) -> None:
    _stamp_newer(db_path, journal_mode)
    _refused_untouched(db_path, "written by a newer Polymath \\(schema 9999\\); upgrade Polymath")
    assert backups(db_path.parent) == []


def test_upgrade_to_head_refuses_an_unknown_revision_before_any_backup(db_path: Path) -> None:
    _stamp_newer(db_path, "delete")
    with pytest.raises(StorageError, match="newer Polymath"):
        upgrade_to_head(db_path, "9999")
    assert backups(db_path.parent) == []


def test_a_migration_that_fails_part_way_leaves_the_file_as_it_was(db_path: Path) -> None:
    # A stamped-empty file holding, of all our tables, only the last one the migration creates:
    # every table before it is created, then the migration fails.
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("CREATE TABLE session_link (session_id INTEGER, domain_id INTEGER)")
    conn.close()
    original = db_path.read_bytes()
    with pytest.raises(StorageError, match=r"could not migrate .*session_link already exists") as e:
        direct.connect(db_path)
    assert "\n" not in str(e.value)
    assert db_path.read_bytes() == original


def test_an_existing_history_stays_on_onet_and_undo_keeps_the_pin(db_path: Path) -> None:
    at_first_revision(db_path)
    assert settings(db_path) == {}
    direct.connect(db_path).close()
    assert settings(db_path) == {"population": "onet"}
    conn = direct.connect(db_path)
    try:
        direct.undo_last(conn)  # the person's latest change, not the migration's pin
    finally:
        conn.close()
    assert settings(db_path) == {"population": "onet"}


def test_a_new_database_plans_on_esco(db_path: Path) -> None:
    direct.connect(db_path).close()
    assert settings(db_path) == {}  # no pin: the default population, ESCO
