"""Revision 0004: identities for existing records, the change log, and triggers on every path."""

import shutil
import sqlite3
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from polymath.services.checkin import log_session
from polymath.store import direct
from polymath.store.migrate import alembic_config

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def at_revision(path: Path, revision: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(path))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def history_at_0003(path: Path) -> None:
    """A database as revision 0003 left it, with every kind of synced record."""
    at_revision(path, "0003")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    log_session(conn, now=NOW, minutes=45, domain="Jazz", note="scales", create=True)
    log_session(conn, now=NOW, minutes=30, domain="Law", with_domains=["Jazz"], create=True)
    conn.execute(
        "INSERT INTO assessment (domain_id, level, assessed_on, note, created_at) "
        "VALUES (1, 2, '2026-11-20', NULL, '2026-11-20 10:00:00.000000')"
    )
    conn.execute("INSERT INTO rest_week (week, note) VALUES ('2026-W52', 'holiday')")
    conn.execute("INSERT INTO setting (key, value) VALUES ('stack', '{}'), ('other', 'x')")
    conn.close()


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_existing_records_gain_identities_and_one_log_entry_each(db_path: Path) -> None:
    history_at_0003(db_path)
    direct.connect(db_path).close()
    uids = [
        uid
        for table in ("domain", "learning_session", "assessment")
        for (uid,) in rows(db_path, f"SELECT uid FROM {table}")
    ]
    assert len(uids) == len(set(uids)) == 5
    assert {uuid.UUID(uid).version for uid in uids} == {7}
    logged = rows(db_path, "SELECT uid, tbl, op, device FROM sync_log ORDER BY seq")
    assert sorted(uid for uid, *_ in logged) == sorted(
        [*uids, "rest_week/2026-W52", "setting/stack"]
    )
    assert {(op, device) for _, _, op, device in logged} == {("put", None)}


def test_two_copies_migrated_apart_agree_on_every_identity(tmp_path: Path) -> None:
    original = tmp_path / "laptop.db"
    history_at_0003(original)
    copy = tmp_path / "desktop.db"
    shutil.copyfile(original, copy)
    for path in (original, copy):
        direct.connect(path).close()
    query = "SELECT uid, at FROM sync_log ORDER BY uid"
    assert rows(original, query) == rows(copy, query)


def test_every_path_logs_its_changes_and_undo_logs_what_it_reverts(db_path: Path) -> None:
    conn = direct.connect(db_path)
    try:
        log_session(conn, now=NOW, minutes=45, domain="Jazz", create=True)
        # another program writing plain SQL: SQLite itself gives the row an identity
        conn.execute(
            "INSERT INTO learning_session (domain_id, started_at, minutes, kind, created_at) "
            "VALUES (1, '2026-11-24 08:00:00.000000', 20, 'read', '2026-11-24 08:00:00.000000')"
        )
        (uid,) = conn.execute("SELECT uid FROM learning_session WHERE minutes = 20").fetchone()
        assert uuid.UUID(uid).version == 7
        entries = conn.execute("SELECT count(*) FROM sync_log").fetchone()[0]
        with direct.change(conn, "delete it"):
            conn.execute("DELETE FROM learning_session WHERE uid = ?", (uid,))
        assert direct.undo_last(conn) == "delete it"
        # the row is back under the same identity, and the log only grew
        assert conn.execute(
            "SELECT count(*) FROM learning_session WHERE uid = ?", (uid,)
        ).fetchone() == (1,)
        ops = conn.execute("SELECT op FROM sync_log WHERE uid = ? ORDER BY seq", (uid,)).fetchall()
        assert [op for (op,) in ops] == ["put", "del", "put"]
        assert conn.execute("SELECT count(*) FROM sync_log").fetchone()[0] == entries + 2
        times = [
            at
            for (at,) in conn.execute("SELECT at FROM sync_log WHERE uid = ? ORDER BY seq", (uid,))
        ]
        assert times == sorted(set(times))  # each change dated after the one before
    finally:
        conn.close()


def test_settings_of_this_device_alone_are_not_logged(db_path: Path) -> None:
    conn = direct.connect(db_path)
    try:
        with direct.change(conn, "settings"):
            conn.execute("INSERT INTO setting (key, value) VALUES ('stack', '{}')")
            conn.execute("INSERT INTO setting (key, value) VALUES ('window', 'wide')")
        assert conn.execute("SELECT uid FROM sync_log").fetchall() == [("setting/stack",)]
    finally:
        conn.close()


def test_downgrading_to_0003_gives_back_its_schema_with_the_data(db_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    history_at_0003(db_path)
    before = rows(db_path, "SELECT id, domain_id, minutes, note FROM learning_session")
    direct.connect(db_path).close()
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(db_path))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    engine.dispose()
    assert rows(db_path, "SELECT id, domain_id, minutes, note FROM learning_session") == before
    columns = [row[1] for row in rows(db_path, "PRAGMA table_info(learning_session)")]
    assert "uid" not in columns
    tables = {name for (name,) in rows(db_path, "SELECT name FROM sqlite_master")}
    assert not {t for t in tables if t.startswith("sync_")}
