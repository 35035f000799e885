"""An import writes its sessions set-based: undo and the sync log see the same facts."""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from polymath.config import Settings
from polymath.core.records import Dataset, DomainRecord, RestWeekRecord, SessionRecord
from polymath.importers.result import Identities
from polymath.services import checkin
from polymath.services.context import Context
from polymath.services.sessions import undo
from polymath.services.transfer import import_dataset
from polymath.store import queries
from polymath.store.models import JOURNALED_TABLES

Clock = Callable[[], datetime]
FRAME = "0190a3c4-5d6e-7f80-9123-456789abcdef"


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


def rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY {', '.join(columns)}").fetchall()
        for table, columns in JOURNALED_TABLES.items()
    }


def triggers(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()


def dataset(start: datetime, count: int) -> Dataset:
    return Dataset(
        domains=(DomainRecord("Jazz piano", None), DomainRecord("Statistics", None)),
        sessions=tuple(
            SessionRecord(
                started_at=start + timedelta(hours=3 * n),
                minutes=30 + n,
                domain="Jazz piano" if n % 2 else "Statistics",
                kind="read",
                note=None,
                with_domains=("Statistics",) if n % 2 else (),
            )
            for n in range(count)
        ),
    )


def test_an_import_is_journaled_logged_and_undone_whole(
    ctx: Context, conn: sqlite3.Connection, clock: Clock
) -> None:
    checkin.log_session(conn, now=clock(), minutes=20, domain="Spanish", create=True)
    before, schema = rows(conn), triggers(conn)
    logged = conn.execute("SELECT count(*) FROM sync_log").fetchone()[0]

    report = import_dataset(ctx, dataset(clock() - timedelta(days=30), 40), label="import file")

    assert report.sessions == 40
    assert triggers(conn) == schema  # the per-row triggers are back, exactly as they were
    assert conn.execute("SELECT count(*) FROM session_link").fetchone()[0] == 20
    put = conn.execute(
        "SELECT count(DISTINCT l.uid) FROM sync_log l JOIN learning_session s ON s.uid = l.uid "
        "WHERE l.op = 'put' AND l.seq > ?",
        (logged,),
    ).fetchone()[0]
    assert put == 40  # one put for each new session, its links included
    assert undo(ctx) == "import file"
    assert rows(conn) == before
    # the next write is journaled row by row again
    checkin.log_session(conn, now=clock(), minutes=25, domain="Spanish")
    assert undo(ctx) is not None
    assert rows(conn) == before


def test_a_failed_import_leaves_the_triggers_and_no_rows(
    ctx: Context, conn: sqlite3.Connection, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkin.log_session(conn, now=clock(), minutes=20, domain="Spanish", create=True)
    before, schema = rows(conn), triggers(conn)

    def broken(**_: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(queries, "put_rest_week", broken)
    with_rest = Dataset(
        domains=(),
        sessions=dataset(clock() - timedelta(days=30), 5).sessions,
        rest_weeks=(RestWeekRecord("2026-W40", None),),
    )
    with pytest.raises(RuntimeError):
        import_dataset(ctx, with_rest)
    assert rows(conn) == before
    assert triggers(conn) == schema


def test_a_file_naming_one_session_twice_keeps_its_later_version(
    ctx: Context, conn: sqlite3.Connection, clock: Clock
) -> None:
    start = clock() - timedelta(days=3)
    first, later = dataset(start, 2).sessions
    twice = Dataset(domains=(), sessions=(first, later))
    report = import_dataset(ctx, twice, ids=Identities(sessions=(FRAME, FRAME)))
    assert (report.sessions, report.updated_sessions) == (1, 1)
    stored = conn.execute("SELECT uid, minutes FROM learning_session").fetchall()
    assert stored == [(FRAME, later.minutes)]
    again = import_dataset(ctx, twice, ids=Identities(sessions=(FRAME, FRAME)))
    assert again.sessions == 0
    assert conn.execute("SELECT uid, minutes FROM learning_session").fetchall() == stored
