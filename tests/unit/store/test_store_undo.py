"""Undo reverts the latest change of any kind, whichever path made it, several steps deep."""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from polymath.config import Settings
from polymath.core.errors import InvalidInput, NotFound
from polymath.core.records import Dataset, SessionRecord
from polymath.services import checkin
from polymath.services.context import Context
from polymath.services.sessions import add_rest_week, delete_session, edit_session, undo
from polymath.services.transfer import import_dataset
from polymath.store import direct
from polymath.store.models import JOURNALED_TABLES

Clock = Callable[[], datetime]
Snapshot = dict[str, list[tuple[object, ...]]]


def snapshot(conn: sqlite3.Connection) -> Snapshot:
    """Every row of every table that undo looks after, exactly as stored."""
    return {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY {', '.join(columns)}").fetchall()
        for table, columns in JOURNALED_TABLES.items()
    }


def sound(conn: sqlite3.Connection) -> bool:
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return integrity == "ok" and not conn.execute("PRAGMA foreign_key_check").fetchall()


@pytest.fixture
def ctx(db_path: Path, clock: Clock) -> Context:
    zone = clock().tzinfo
    assert isinstance(zone, ZoneInfo)
    return Context(db_path, Settings(zone=zone, zone_name=zone.key), clock=clock)


@pytest.fixture
def conn(ctx: Context) -> Iterator[sqlite3.Connection]:
    connection = ctx.connect()
    yield connection
    connection.close()


def test_undo_walks_back_every_kind_of_change_restoring_rows_exactly(
    ctx: Context, conn: sqlite3.Connection, clock: Clock
) -> None:
    now = clock()
    history = [snapshot(conn)]

    def then() -> None:
        history.append(snapshot(conn))

    first = checkin.log_session(
        conn, now=now, minutes=45, domain="Jazz", note="scales", with_domains=["Law"], create=True
    )
    then()
    second = checkin.log_session(conn, now=now, minutes=30, domain="Law", kind="reflect")
    then()
    edit_session(ctx, first.session_id, minutes=50, kind="experiment", note="", with_domains=[])
    then()
    delete_session(ctx, second.session_id)
    then()
    add_rest_week(ctx, "last", "flu")
    then()
    checkin.start_timer(conn, now=now, domain="Jazz", note="etudes")
    then()
    checkin.stop_timer(conn, now=now + timedelta(minutes=40))
    then()

    assert history[-1]["rest_week"] == [("2026-W47", "flu")]
    assert [row[3] for row in history[-1]["learning_session"]] == [50, 40]
    assert history[-1]["session_link"] == []

    undone = []
    for expected in reversed(history[:-1]):
        undone.append(undo(ctx))
        assert snapshot(conn) == expected
        assert sound(conn)
    assert undone == [
        "stop timer",
        "start timer on Jazz",
        "rest week 2026-W47",
        f"delete session {second.session_id}",
        f"edit session {first.session_id}",
        "log 30m Law",
        "log 45m Jazz",
    ]
    with pytest.raises(NotFound, match="nothing to undo"):
        undo(ctx)
    assert snapshot(conn) == history[0]


def test_undoing_a_stopped_timer_brings_the_timer_back(
    conn: sqlite3.Connection, clock: Clock
) -> None:
    now = clock()
    checkin.start_timer(conn, now=now, domain="Jazz", kind="read", create=True)
    checkin.stop_timer(conn, now=now + timedelta(minutes=25))
    assert checkin.running_timer(conn) is None
    direct.undo_last(conn)
    assert checkin.running_timer(conn) == checkin.RunningTimer("Jazz", "read", now, None)
    assert conn.execute("SELECT count(*) FROM learning_session").fetchone()[0] == 0


def test_undoing_a_cancel_brings_the_timer_back(conn: sqlite3.Connection, clock: Clock) -> None:
    now = clock()
    checkin.start_timer(conn, now=now, domain="Jazz", note="etudes", create=True)
    before = snapshot(conn)
    checkin.cancel_timer(conn)
    assert checkin.running_timer(conn) is None
    assert direct.undo_last(conn) == "cancel timer"
    assert snapshot(conn) == before
    assert checkin.running_timer(conn) is not None


def test_a_refused_change_is_not_filed_for_undo(conn: sqlite3.Connection, clock: Clock) -> None:
    now = clock()
    checkin.start_timer(conn, now=now, domain="Jazz", create=True)
    with pytest.raises(InvalidInput, match="already running"):
        checkin.start_timer(conn, now=now, domain="Jazz")
    with pytest.raises(InvalidInput, match="less than a minute"):
        checkin.stop_timer(conn, now=now + timedelta(seconds=20))
    assert direct.undo_last(conn) == "start timer on Jazz"


def test_the_journal_keeps_the_latest_undo_depth_changes(
    ctx: Context, conn: sqlite3.Connection, clock: Clock
) -> None:
    now = clock()
    extra = 5
    for _ in range(direct.UNDO_DEPTH + extra - 1):
        checkin.log_session(conn, now=now, minutes=10, domain="Jazz", create=True, again=True)
    # the newest change comes from the SQLModel path, which prunes the journal the same way
    import_dataset(
        ctx,
        Dataset(sessions=(SessionRecord(datetime(2026, 11, 1, tzinfo=UTC), 60, "Law", "read"),)),
    )
    changes = conn.execute("SELECT count(*), min(id), max(id) FROM change").fetchone()
    assert changes == (direct.UNDO_DEPTH, extra + 1, direct.UNDO_DEPTH + extra)
    orphans = conn.execute(
        "SELECT count(*) FROM undo_step WHERE change_id NOT IN (SELECT id FROM change)"
    ).fetchone()[0]
    assert orphans == 0

    assert undo(ctx) == "import"
    for _ in range(direct.UNDO_DEPTH - 1):
        assert undo(ctx) == "log 10m Jazz"
    with pytest.raises(NotFound):
        undo(ctx)
    assert conn.execute("SELECT count(*) FROM learning_session").fetchone()[0] == extra
    assert [name for (name,) in conn.execute("SELECT name FROM domain")] == ["Jazz"]
    assert sound(conn)
