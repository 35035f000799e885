"""The weekly review's reads, over sqlite3: the weeks it shows, the levels, the domains.

The review reads the sessions of its week and of the trend weeks before it; the streaks come
from the history's summary (``store.history``), so a review costs the same on a year of history
as on ten.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from polymath.store.checkin import Connection
from polymath.store.direct import naive_stamp, parse_stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

SESSIONS_BETWEEN: Final = (
    "SELECT s.id, s.started_at, s.minutes, s.kind, d.name FROM learning_session s "
    "JOIN domain d ON d.id = s.domain_id WHERE s.started_at >= ? AND s.started_at < ?"
)
LINKS_BETWEEN: Final = (
    "SELECT l.session_id, d.name FROM session_link l JOIN domain d ON d.id = l.domain_id "
    "JOIN learning_session s ON s.id = l.session_id "
    "WHERE s.started_at >= ? AND s.started_at < ? ORDER BY l.session_id, l.domain_id"
)
LEVELS: Final = (
    "SELECT d.name, a.level, a.assessed_on, a.note FROM assessment a "
    "JOIN domain d ON d.id = a.domain_id ORDER BY a.assessed_on, a.id"
)
ACTIVE_NAMES: Final = "SELECT name FROM domain WHERE archived = 0 ORDER BY name_key"


def sessions_between(
    conn: Connection, since: datetime, until: datetime
) -> Iterator[tuple[int, datetime, int, str, str]]:
    """(id, start aware UTC, minutes, kind, domain name) of sessions started in [since, until)
    (naive UTC bounds)."""
    bounds = (naive_stamp(since), naive_stamp(until))
    for session_id, started, minutes, kind, name in conn.execute(SESSIONS_BETWEEN, bounds):
        yield session_id, parse_stamp(started), minutes, kind, name


def links_between(conn: Connection, since: datetime, until: datetime) -> dict[int, list[str]]:
    """session id -> the names of the other domains it integrates, for those sessions."""
    links: dict[int, list[str]] = {}
    for session_id, name in conn.execute(LINKS_BETWEEN, (naive_stamp(since), naive_stamp(until))):
        links.setdefault(session_id, []).append(name)
    return links


def levels(conn: Connection) -> list[tuple[str, int, date, str | None]]:
    """(domain name, level, day, note) of every assessment, in the order assessed."""
    return [
        (name, level, _day(assessed_on), note)
        for name, level, assessed_on, note in conn.execute(LEVELS)
    ]


def active_names(conn: Connection) -> list[str]:
    return [name for (name,) in conn.execute(ACTIVE_NAMES)]


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


GOALS = (
    "SELECT d.name, CAST(s.value AS INTEGER) FROM setting s JOIN domain d "
    "ON s.key = 'goal/' || d.uid WHERE d.archived = 0"
)


def goals(conn: Connection) -> dict[str, int]:
    """Each active domain's weekly goal in minutes, by name (``goal/<uid>`` settings)."""
    return {name: int(minutes) for name, minutes in conn.execute(GOALS)}
