"""A check-in that fails leaves the database exactly as it was."""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from polymath.core.errors import (
    CREATE_DOMAIN,
    RETRY,
    DatabaseBusy,
    InvalidInput,
    NotFound,
    PolymathError,
)
from polymath.services import checkin
from polymath.store import direct

Clock = Callable[[], datetime]


def dump(path: Path) -> list[str]:
    """The whole database as SQL, read by a connection of its own."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def conn(db_path: Path, clock: Clock) -> Iterator[sqlite3.Connection]:
    connection = direct.connect(db_path)
    checkin.log_session(
        connection, now=clock(), minutes=45, domain="Jazz piano", with_domains=["Law"], create=True
    )
    yield connection
    connection.close()


def test_an_unknown_domain_without_create_changes_nothing(
    conn: sqlite3.Connection, db_path: Path, clock: Clock
) -> None:
    before = dump(db_path)
    with pytest.raises(NotFound, match="no domain 'Jazz pian' \\(did you mean 'Jazz piano'\\?\\)"):
        checkin.log_session(conn, now=clock(), minutes=30, domain="Jazz pian")
    assert dump(db_path) == before


def test_declining_to_create_a_domain_changes_nothing(
    conn: sqlite3.Connection, db_path: Path, clock: Clock
) -> None:
    before = dump(db_path)
    questions: list[str] = []

    def decline(question: str) -> bool:
        questions.append(question)
        return False

    with pytest.raises(NotFound, match="no domain 'Topology'") as refused:
        checkin.log_session(conn, now=clock(), minutes=30, domain="Topology", confirm=decline)
    assert refused.value.fix == CREATE_DOMAIN
    assert questions == ["No domain 'Topology'. Create it?"]
    assert dump(db_path) == before


def test_an_unknown_linked_domain_undoes_the_new_domain_created_before_it(
    db_path: Path, clock: Clock, conn: sqlite3.Connection
) -> None:
    before = dump(db_path)
    answers = iter([True, False])  # create "Topology", then refuse "Knots"
    with pytest.raises(NotFound, match="no domain 'Knots'"):
        checkin.log_session(
            conn,
            now=clock(),
            minutes=30,
            domain="Topology",
            with_domains=["Knots"],
            confirm=lambda _: next(answers),
        )
    assert dump(db_path) == before


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "sing"},
        {"at": time(23, 59)},
        {"note": "x" * 2001},
        {"domain": "   "},
    ],
)
def test_invalid_input_changes_nothing(
    conn: sqlite3.Connection, db_path: Path, clock: Clock, change: dict[str, object]
) -> None:
    before = dump(db_path)
    arguments: dict[str, object] = {"minutes": 30, "domain": "Jazz piano", **change}
    with pytest.raises(InvalidInput):
        checkin.log_session(conn, now=clock(), **arguments)  # type: ignore[arg-type]
    assert dump(db_path) == before


def test_a_failed_write_leaves_the_connection_usable(
    conn: sqlite3.Connection, db_path: Path, clock: Clock
) -> None:
    with pytest.raises(PolymathError):
        checkin.log_session(conn, now=clock(), minutes=30, domain="Unknown")
    assert not conn.in_transaction
    logged = checkin.log_session(conn, now=clock(), minutes=30, domain="Law")
    assert logged.domain == "Law"
    assert direct.undo_last(conn) == "log 30m Law"


def test_a_timer_that_cannot_stop_changes_nothing(
    conn: sqlite3.Connection, db_path: Path, clock: Clock
) -> None:
    checkin.start_timer(conn, now=clock(), domain="Law")
    before = dump(db_path)
    with pytest.raises(InvalidInput, match="over a day"):
        checkin.stop_timer(conn, now=clock() + timedelta(hours=25))
    with pytest.raises(InvalidInput, match="less than a minute"):
        checkin.stop_timer(conn, now=clock() + timedelta(seconds=29))
    assert dump(db_path) == before


def test_a_database_locked_by_another_program_is_reported_in_one_line(
    conn: sqlite3.Connection, db_path: Path, clock: Clock
) -> None:
    before = dump(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        conn.execute("PRAGMA busy_timeout = 0")  # give up at once rather than after 10 s
        with pytest.raises(DatabaseBusy, match="is locked by another program") as busy:
            checkin.log_session(conn, now=clock(), minutes=30, domain="Law")
        assert (busy.value.exit_code, busy.value.fix) == (75, RETRY)
        with pytest.raises(DatabaseBusy, match="is locked by another program"):
            direct.undo_last(conn)
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert dump(db_path) == before
    assert direct.undo_last(conn).startswith("log 45m")
