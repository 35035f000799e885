"""The check-in path's SQL, over the sqlite3 module alone: domains, sessions, the timer, sums.

``polymath log``, ``start``, ``stop`` and ``status`` run many times a day, some from a shell
prompt, so they avoid SQLAlchemy's import cost. The statements here write the tables that
``store.models`` defines (a test prepares each of them against a database migrated to head, and
others hold both paths to the same rows); the services call them inside ``direct.change`` when
they write.

Sums of minutes over local days and weeks follow the midnight rule of ``core.spans``: a session
that runs past a boundary gives the minutes after it to the next range. In SQL that is the sum of
the sessions that started in the range, plus what sessions started in the 24 hours before it ran
into it, minus what its own late sessions ran out of it; each overhang is computed from the start
read to the whole second, exactly as ``core.spans.minutes_before`` reads it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from polymath.store.direct import naive_stamp, parse_stamp, stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

Connection = sqlite3.Connection
"""The connection the check-in path works on (services name it without importing sqlite3)."""


class DomainRow:
    """A domain as the check-in path needs it (plain slots: defining a named tuple costs every
    check-in a fifth of a millisecond)."""

    __slots__ = ("archived", "id", "name")

    def __init__(self, id: int, name: str, archived: bool) -> None:
        self.id, self.name, self.archived = id, name, archived


class SpanRow:
    """A session as a stretch of time, with its domain's name (start aware, UTC)."""

    __slots__ = ("domain", "id", "minutes", "started_at")

    def __init__(self, id: int, domain: str, started_at: datetime, minutes: int) -> None:
        self.id, self.domain, self.started_at, self.minutes = id, domain, started_at, minutes


class TimerRow:
    """The running timer: its domain, kind, start (aware, UTC), note and integrated domains."""

    __slots__ = ("domain", "domain_id", "kind", "note", "started_at", "with_ids")

    def __init__(
        self,
        domain_id: int,
        domain: str,
        kind: str,
        started_at: datetime,
        note: str | None,
        with_ids: tuple[int, ...],
    ) -> None:
        self.domain_id, self.domain, self.kind = domain_id, domain, kind
        self.started_at, self.note, self.with_ids = started_at, note, with_ids


# Statements, named so that a test can prepare every one of them against the schema at head.
FIND_DOMAIN = "SELECT id, name, archived FROM domain WHERE name_key = ?"
UNARCHIVE_DOMAIN = "UPDATE domain SET archived = 0 WHERE id = ?"
ACTIVE_DOMAIN_NAMES = "SELECT name FROM domain WHERE archived = 0"
DOMAIN_NAME = "SELECT name FROM domain WHERE id = ?"
INSERT_DOMAIN = (
    "INSERT INTO domain (name, name_key, area, archived, created_at) VALUES (?, ?, ?, 0, ?)"
)
LAST_KIND = (
    "SELECT kind FROM learning_session WHERE domain_id = ? "
    "ORDER BY started_at DESC, id DESC LIMIT 1"
)
INSERT_SESSION = (
    "INSERT INTO learning_session (domain_id, started_at, minutes, kind, note, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
INSERT_LINK = "INSERT INTO session_link (session_id, domain_id) VALUES (?, ?)"
TIMER = (
    "SELECT t.domain_id, d.name, t.kind, t.started_at, t.note, t.with_ids "
    "FROM timer t JOIN domain d ON d.id = t.domain_id"
)
INSERT_TIMER = (
    "INSERT INTO timer (id, domain_id, kind, started_at, note, with_ids) VALUES (1, ?, ?, ?, ?, ?)"
)
DELETE_TIMER = "DELETE FROM timer"
REST_WEEKS = "SELECT week FROM rest_week"
EARLIEST_START = "SELECT min(started_at) FROM learning_session"
SETTING = "SELECT value FROM setting WHERE key = ?"
SAME_SESSION = (
    "SELECT id FROM learning_session WHERE +domain_id = ? AND minutes = ? "
    "AND started_at >= ? AND started_at < ? ORDER BY id LIMIT 1"
)
"""A session of the domain and length started within a minute; ``+domain_id`` keeps SQLite on
the minute's range of the start index rather than on every session of the domain."""
SESSION_SPANS = (
    "SELECT s.id, d.name, s.started_at, s.minutes FROM learning_session s "
    "JOIN domain d ON d.id = s.domain_id ORDER BY s.started_at, s.id"
)

LONGEST_SESSION: Final = timedelta(days=1)
"""No session lasts longer (``core.durations.MAX_SESSION_MINUTES``; the schema checks it)."""
EPOCH: Final = datetime(1970, 1, 1)
"""Where the seconds of ``strftime('%s')`` count from (naive UTC, as stored)."""
_START_SECONDS = "CAST(strftime('%s', substr(started_at, 1, 19)) AS INTEGER)"
"""A session's start in whole seconds since 1970 (``strftime`` alone would round the fraction)."""
NEAR_MINUTES: Final = 120
"""Sessions started this close before a boundary are measured; earlier ones only when longer."""


def _edge_sums(edges: int) -> str:
    """For ``edges`` boundaries, newest first, given as (edge, boundary, the one after it): the
    minutes of sessions started between the boundary and the next (0 for the newest), and the
    minutes that sessions started in the day before the boundary spent after it.

    One row per boundary, with two correlated subqueries: the statement stays small, so each
    command compiles it quickly. A session that began more than ``NEAR_MINUTES`` before a
    boundary can only reach it by lasting longer: testing that first spares reading the start of
    every session of the day before.
    """
    rows = ", ".join(["(?, ?, ?)"] * edges)
    return (
        f"WITH edge(k, at, after) AS (VALUES {rows}) SELECT k, "
        "(SELECT coalesce(sum(minutes), 0) FROM learning_session "
        "WHERE started_at >= edge.at AND started_at < edge.after), "
        "(SELECT coalesce(sum(minutes - min(minutes, "
        f"(CAST(strftime('%s', edge.at) AS INTEGER) - {_START_SECONDS} + 30) / 60)), 0) "
        "FROM learning_session WHERE started_at >= datetime(edge.at, '-1 day') "
        f"AND started_at < edge.at AND (started_at >= datetime(edge.at, '-{NEAR_MINUTES} "
        f"minutes') OR minutes > {NEAR_MINUTES})) FROM edge"
    )


MINUTES_BETWEEN = _edge_sums(2)
"""What started in a range and what ran over each of its two ends (see ``minutes_between``)."""
OVERLAPPING = (
    "SELECT s.id, d.name, s.started_at, s.minutes FROM learning_session s "
    "JOIN domain d ON d.id = s.domain_id WHERE s.started_at >= ? AND s.started_at < ? "
    f"AND (s.started_at >= ? OR s.minutes > {NEAR_MINUTES}) "
    f"AND {_START_SECONDS} + minutes * 60 >= ? ORDER BY s.started_at, s.id LIMIT ?"
)
"""Sessions that may share a minute with a stretch of time (the caller measures exactly); one
that began more than ``NEAR_MINUTES`` before it can only reach it by lasting longer."""


def _spent_between(conn: Connection, sql: str, stamps: Sequence[str]) -> list[int]:
    """Minutes spent between consecutive boundaries (stored text, newest first): what started
    between them, plus what ran in over the older one, minus what ran out over the newer one."""
    after: list[str | None] = [None, *stamps[:-1]]
    params = [value for k, stamp in enumerate(stamps) for value in (k, stamp, after[k])]
    rows = {k: (started, ran_over) for k, started, ran_over in conn.execute(sql, params)}
    return [rows[k + 1][0] + rows[k + 1][1] - rows[k][1] for k in range(len(stamps) - 1)]


def find_domain(conn: Connection, key: str) -> DomainRow | None:
    """The domain whose comparison key is ``key`` (see ``core.names.name_key``)."""
    row = conn.execute(FIND_DOMAIN, (key,)).fetchone()
    return DomainRow(row[0], row[1], bool(row[2])) if row else None


def unarchive_domain(conn: Connection, domain_id: int) -> None:
    conn.execute(UNARCHIVE_DOMAIN, (domain_id,))


def active_domain_names(conn: Connection) -> list[str]:
    return [row[0] for row in conn.execute(ACTIVE_DOMAIN_NAMES)]


def domain_name(conn: Connection, domain_id: int) -> str:
    return str(conn.execute(DOMAIN_NAME, (domain_id,)).fetchone()[0])


def insert_domain(
    conn: Connection, *, name: str, key: str, area: str | None, created_at: datetime
) -> int:
    cursor = conn.execute(INSERT_DOMAIN, (name, key, area, stamp(created_at)))
    return int(cursor.lastrowid or 0)


def last_kind(conn: Connection, domain_id: int) -> str | None:
    """The kind of the domain's latest session, if it has one."""
    row = conn.execute(LAST_KIND, (domain_id,)).fetchone()
    return str(row[0]) if row else None


def insert_session(
    conn: Connection,
    *,
    domain_id: int,
    started_at: datetime,
    minutes: int,
    kind: str,
    note: str | None,
    link_ids: Sequence[int],
    created_at: datetime,
) -> int:
    """A session and the other domains it integrates; returns its id."""
    cursor = conn.execute(
        INSERT_SESSION,
        (domain_id, stamp(started_at), minutes, kind, note, stamp(created_at)),
    )
    session_id = int(cursor.lastrowid or 0)
    conn.executemany(INSERT_LINK, [(session_id, link_id) for link_id in link_ids])
    return session_id


def timer(conn: Connection) -> TimerRow | None:
    """The running timer, if any."""
    row = conn.execute(TIMER).fetchone()
    if row is None:
        return None
    domain_id, name, kind, started, note, with_ids = row
    ids = tuple(int(i) for i in str(with_ids).split(",") if i)
    return TimerRow(domain_id, name, kind, parse_stamp(started), note, ids)


def insert_timer(
    conn: Connection,
    *,
    domain_id: int,
    kind: str,
    started_at: datetime,
    note: str | None,
    with_ids: Sequence[int],
) -> None:
    conn.execute(
        INSERT_TIMER,
        (domain_id, kind, stamp(started_at), note, ",".join(str(i) for i in with_ids)),
    )


def delete_timer(conn: Connection) -> None:
    conn.execute(DELETE_TIMER)


def minutes_between(conn: Connection, start: datetime, end: datetime) -> int:
    """Minutes spent in [start, end) (naive UTC bounds), each session split where it crosses one.

    Reads the sessions that started in the range and those of the day before it, by the index on
    (started_at, minutes): never the whole history.
    """
    (spent,) = _spent_between(conn, MINUTES_BETWEEN, [naive_stamp(end), naive_stamp(start)])
    return int(spent)


def same_session(conn: Connection, *, domain_id: int, minutes: int, minute: datetime) -> int | None:
    """The id of a session in the domain, of these minutes, started within ``minute`` (aware,
    the start of a whole minute): the same session logged before."""
    row = conn.execute(
        SAME_SESSION,
        (domain_id, minutes, stamp(minute), stamp(minute + timedelta(minutes=1))),
    ).fetchone()
    return int(row[0]) if row else None


def overlapping(conn: Connection, start: datetime, end: datetime, limit: int) -> list[SpanRow]:
    """Up to ``limit`` sessions, oldest first, that may share a minute with [start, end) (aware):
    those started in the day before ``end`` that run a minute or more past ``start``."""
    first = (start.astimezone(UTC).replace(tzinfo=None) - EPOCH) // timedelta(seconds=1)
    near = stamp(start - timedelta(minutes=NEAR_MINUTES))
    params = (stamp(end - LONGEST_SESSION), stamp(end), near, first + 60, limit)
    rows = conn.execute(OVERLAPPING, params)
    return [SpanRow(i, name, parse_stamp(started), minutes) for i, name, started, minutes in rows]


def session_spans(conn: Connection) -> list[SpanRow]:
    """Every session as a stretch of time, oldest first."""
    rows = conn.execute(SESSION_SPANS)
    return [SpanRow(i, name, parse_stamp(started), minutes) for i, name, started, minutes in rows]


def rest_week_labels(conn: Connection) -> list[str]:
    """The planned rest weeks, as ISO labels (``2026-W52``)."""
    return [label for (label,) in conn.execute(REST_WEEKS)]


def earliest_start(conn: Connection) -> datetime | None:
    """When the first session began (aware, UTC), or None before any."""
    first = conn.execute(EARLIEST_START).fetchone()[0]
    return parse_stamp(first) if first else None


def setting(conn: Connection, key: str) -> str | None:
    row = conn.execute(SETTING, (key,)).fetchone()
    return str(row[0]) if row else None
