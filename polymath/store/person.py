"""What the planner reads of the person, over sqlite3: domains, sessions, links, levels.

``suggest``, ``stack``, ``graph pair`` and ``export graph`` read the person once per answer;
the sqlite3 module reads it without SQLAlchemy's import cost (a third of a second).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from polymath.store.checkin import Connection
from polymath.store.direct import parse_stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

DOMAINS: Final = "SELECT id, name, name_key, area, archived FROM domain ORDER BY name_key"
SESSIONS: Final = "SELECT id, started_at, minutes, kind, domain_id FROM learning_session"
LINKS: Final = "SELECT session_id, domain_id FROM session_link ORDER BY session_id, domain_id"
ASSESSMENTS: Final = (
    "SELECT domain_id, level, assessed_on, note FROM assessment ORDER BY assessed_on, id"
)
DOMAIN_AREA: Final = "SELECT area FROM domain WHERE name_key = ?"


def domains(conn: Connection) -> list[tuple[int, str, str, str | None, bool]]:
    """(id, name, comparison key, area, archived) of every domain, in name order."""
    return [(i, name, key, area, bool(gone)) for i, name, key, area, gone in conn.execute(DOMAINS)]


def sessions(conn: Connection) -> Iterator[tuple[int, datetime, int, str, int]]:
    """(id, start aware UTC, minutes, kind, domain id) of every session."""
    for session_id, started, minutes, kind, domain_id in conn.execute(SESSIONS):
        yield session_id, parse_stamp(started), minutes, kind, domain_id


def links(conn: Connection) -> dict[int, list[int]]:
    """session id -> the ids of the other domains it integrates."""
    found: dict[int, list[int]] = {}
    for session_id, domain_id in conn.execute(LINKS):
        found.setdefault(session_id, []).append(domain_id)
    return found


def assessments(conn: Connection) -> list[tuple[int, int, date, str | None]]:
    """(domain id, level, day, note) of every assessment, oldest first."""
    return [
        (domain_id, level, date.fromisoformat(str(day)[:10]), note)
        for domain_id, level, day, note in conn.execute(ASSESSMENTS)
    ]


def domain_area(conn: Connection, key: str) -> str | None:
    """The area of the domain with this comparison key (None: no such domain, or no area)."""
    row = conn.execute(DOMAIN_AREA, (key,)).fetchone()
    return row[0] if row else None
