"""The history summary's SQL: minutes per local day and per domain up to a sealed day.

The tables (migration 0005) hold what every session started before ``history_seal.before`` (the
UTC instant the sealed local day begins) gave to the local days before that day, and to each
domain. Triggers delete the seal when such a session is added, changed or removed, whatever
wrote it; the summary is then rebuilt by the next write (``services.history``). Days are stored
as ordinals (``date.toordinal``): reading ten years is reading 3,650 integers pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from polymath.store.checkin import Connection
from polymath.store.direct import naive_stamp, parse_stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

SEAL: Final = "SELECT zone, day, before FROM history_seal WHERE id = 1"
DAYS: Final = "SELECT day, minutes FROM history_day"
DOMAINS: Final = "SELECT domain_id, minutes, last_started FROM history_domain"
SESSIONS_BEFORE: Final = (
    "SELECT started_at, minutes, domain_id FROM learning_session WHERE started_at < ?"
)
SESSIONS_BETWEEN: Final = (
    "SELECT started_at, minutes, domain_id FROM learning_session "
    "WHERE started_at >= ? AND started_at < ?"
)
DOMAINS_SINCE: Final = (
    "SELECT domain_id, sum(minutes), max(started_at) FROM learning_session "
    "WHERE started_at >= ? GROUP BY +domain_id"
)
"""``+domain_id``: SQLite would otherwise walk the domain index over the whole table to group,
where the range on the start index reads only the few weeks asked for."""
CLEAR_SEAL: Final = "DELETE FROM history_seal"
CLEAR_DAYS: Final = "DELETE FROM history_day"
CLEAR_DOMAINS: Final = "DELETE FROM history_domain"
ADD_DAY: Final = (
    "INSERT INTO history_day (day, minutes) VALUES (?, ?) "
    "ON CONFLICT (day) DO UPDATE SET minutes = minutes + excluded.minutes"
)
ADD_DOMAIN: Final = (
    "INSERT INTO history_domain (domain_id, minutes, last_started) VALUES (?, ?, ?) "
    "ON CONFLICT (domain_id) DO UPDATE SET minutes = minutes + excluded.minutes, "
    "last_started = max(last_started, excluded.last_started)"
)
SET_SEAL: Final = "INSERT OR REPLACE INTO history_seal (id, zone, day, before) VALUES (1, ?, ?, ?)"


class Seal:
    """How far the summary reaches: local days before ``day`` (an ordinal) in ``zone``, and
    sessions started before ``before`` (naive UTC)."""

    __slots__ = ("before", "day", "zone")

    def __init__(self, zone: str, day: int, before: datetime) -> None:
        self.zone, self.day, self.before = zone, day, before


def seal(conn: Connection) -> Seal | None:
    row = conn.execute(SEAL).fetchone()
    return Seal(row[0], int(row[1]), parse_stamp(row[2]).replace(tzinfo=None)) if row else None


def days(conn: Connection) -> list[tuple[int, int]]:
    """(day ordinal, minutes) of every summarised day with minutes."""
    return conn.execute(DAYS).fetchall()


def domains(conn: Connection) -> dict[int, tuple[int, str]]:
    """domain id -> (minutes, latest start as stored) over the summarised sessions."""
    return {domain: (minutes, last) for domain, minutes, last in conn.execute(DOMAINS)}


def sessions_before(conn: Connection, until: datetime) -> Iterator[tuple[datetime, int, int]]:
    """(start aware UTC, minutes, domain id) of every session started before ``until``."""
    for started, minutes, domain in conn.execute(SESSIONS_BEFORE, (naive_stamp(until),)):
        yield parse_stamp(started), minutes, domain


def sessions_between(
    conn: Connection, since: datetime, until: datetime
) -> Iterator[tuple[datetime, int, int]]:
    """(start aware UTC, minutes, domain id) of the sessions started in [since, until)."""
    bounds = (naive_stamp(since), naive_stamp(until))
    for started, minutes, domain in conn.execute(SESSIONS_BETWEEN, bounds):
        yield parse_stamp(started), minutes, domain


def domains_since(conn: Connection, since: datetime) -> dict[int, tuple[int, str]]:
    """domain id -> (minutes, latest start as stored) of the sessions started from ``since``."""
    rows = conn.execute(DOMAINS_SINCE, (naive_stamp(since),))
    return {domain: (int(minutes), last) for domain, minutes, last in rows}


def clear(conn: Connection) -> None:
    conn.execute(CLEAR_SEAL)
    conn.execute(CLEAR_DAYS)
    conn.execute(CLEAR_DOMAINS)


def add(
    conn: Connection,
    day_minutes: Iterable[tuple[int, int]],
    domain_minutes: Iterable[tuple[int, int, str]],
) -> None:
    """Add minutes to days (ordinal, minutes) and domains (id, minutes, latest start stored)."""
    conn.executemany(ADD_DAY, day_minutes)
    conn.executemany(ADD_DOMAIN, domain_minutes)


def set_seal(conn: Connection, zone: str, day: int, before: datetime) -> None:
    conn.execute(SET_SEAL, (zone, day, naive_stamp(before)))
