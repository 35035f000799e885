"""Sessions as the lists show them, over sqlite3: by range, by domain, the latest few, by id.

``polymath sessions``, ``today`` and the app's domain page list sessions many times a day; the
sqlite3 module lists them without SQLAlchemy's import cost, reading only the rows they show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from polymath.store.checkin import Connection
from polymath.store.direct import naive_stamp, parse_stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

_SESSION: Final = (
    "SELECT s.id, s.started_at, s.minutes, d.name, s.kind, s.note FROM learning_session s "
    "JOIN domain d ON d.id = s.domain_id "
)
BETWEEN: Final = (
    _SESSION + "WHERE s.started_at >= ? AND s.started_at < ? ORDER BY s.started_at, s.id"
)
BETWEEN_IN_DOMAIN: Final = (
    _SESSION + "WHERE s.started_at >= ? AND s.started_at < ? AND +s.domain_id = ? "
    "ORDER BY s.started_at, s.id"
)
"""``+s.domain_id``: the range on the start index, not every session of the domain."""
LATEST: Final = _SESSION + "ORDER BY s.started_at DESC, s.id DESC LIMIT ?"
LATEST_IN_DOMAIN: Final = (
    _SESSION + "WHERE s.domain_id = ? ORDER BY s.started_at DESC, s.id DESC LIMIT ?"
)
BY_ID: Final = _SESSION + "WHERE s.id = ?"
LINKS_BETWEEN: Final = (
    "SELECT l.session_id, d.name FROM session_link l JOIN domain d ON d.id = l.domain_id "
    "JOIN learning_session s ON s.id = l.session_id "
    "WHERE s.started_at >= ? AND s.started_at <= ? ORDER BY l.session_id, d.name_key"
)
SPANS: Final = "SELECT id, started_at, minutes FROM learning_session ORDER BY started_at, id"
ALL_NAMES: Final = "SELECT name FROM domain"
DOMAINS: Final = "SELECT id, name, area, archived FROM domain ORDER BY name_key"

Row = tuple[int, datetime, int, str, str, "str | None"]
"""(id, start aware UTC, minutes, domain name, kind, note)."""


def between(
    conn: Connection, since: datetime, until: datetime, domain_id: int | None = None
) -> list[Row]:
    """Sessions started in [since, until) (naive UTC), oldest first."""
    bounds = (naive_stamp(since), naive_stamp(until))
    if domain_id is None:
        return _rows(conn.execute(BETWEEN, bounds))
    return _rows(conn.execute(BETWEEN_IN_DOMAIN, (*bounds, domain_id)))


def latest(conn: Connection, limit: int | None, domain_id: int | None = None) -> list[Row]:
    """The newest ``limit`` sessions (all: None), oldest first."""
    count = -1 if limit is None else limit  # a negative LIMIT is none in SQLite
    if domain_id is None:
        found = _rows(conn.execute(LATEST, (count,)))
    else:
        found = _rows(conn.execute(LATEST_IN_DOMAIN, (domain_id, count)))
    found.reverse()
    return found


def by_id(conn: Connection, session_id: int) -> Row | None:
    found = _rows(conn.execute(BY_ID, (session_id,)))
    return found[0] if found else None


def links(conn: Connection, sessions: Sequence[Row]) -> dict[int, list[str]]:
    """session id -> the names of the other domains it integrates, for these sessions."""
    if not sessions:
        return {}
    wanted = {row[0] for row in sessions}
    first = naive_stamp(min(row[1] for row in sessions).replace(tzinfo=None))
    last = naive_stamp(max(row[1] for row in sessions).replace(tzinfo=None))
    found: dict[int, list[str]] = {}
    for session_id, name in conn.execute(LINKS_BETWEEN, (first, last)):
        if session_id in wanted:
            found.setdefault(session_id, []).append(name)
    return found


def spans(conn: Connection) -> list[tuple[int, datetime, int]]:
    """(id, start aware UTC, minutes) of every session, in order of start."""
    return [(i, parse_stamp(started), minutes) for i, started, minutes in conn.execute(SPANS)]


def domain_names(conn: Connection) -> list[str]:
    """Every domain's name, archived ones too."""
    return [name for (name,) in conn.execute(ALL_NAMES)]


def domains(conn: Connection) -> list[tuple[int, str, str | None, bool]]:
    """(id, name, area, archived) of every domain, in name order."""
    return [(i, name, area, bool(archived)) for i, name, area, archived in conn.execute(DOMAINS)]


def _rows(cursor: Iterable[tuple[int, str, int, str, str, str | None]]) -> list[Row]:
    return [
        (i, parse_stamp(started), minutes, name, kind, note)
        for i, started, minutes, name, kind, note in cursor
    ]
