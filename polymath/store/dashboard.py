"""The dashboard's reads, over sqlite3, so that the app paints before SQLAlchemy loads."""

from datetime import datetime

from polymath.store.checkin import Connection
from polymath.store.direct import naive_stamp, parse_stamp

SESSIONS_SINCE = (
    "SELECT started_at, minutes, kind, domain_id FROM learning_session WHERE started_at >= ?"
)
LATEST_LEVELS = (
    "SELECT domain_id, level FROM assessment a WHERE id = (SELECT id FROM assessment b "
    "WHERE b.domain_id = a.domain_id ORDER BY assessed_on DESC, id DESC LIMIT 1)"
)
ACTIVE_DOMAINS = "SELECT id, name FROM domain WHERE archived = 0 ORDER BY name_key"


def sessions_since(conn: Connection, since: datetime) -> list[tuple[datetime, int, str, int]]:
    """(started_at aware UTC, minutes, kind, domain id) of sessions from ``since`` (naive UTC)."""
    rows = conn.execute(SESSIONS_SINCE, (naive_stamp(since),)).fetchall()
    return [
        (parse_stamp(started), minutes, kind, domain) for started, minutes, kind, domain in rows
    ]


def latest_levels(conn: Connection) -> dict[int, int]:
    """Each assessed domain's latest level, by domain id."""
    return dict(conn.execute(LATEST_LEVELS).fetchall())


def active_domains(conn: Connection) -> list[tuple[int, str]]:
    """(id, name) of the domains not archived, in name order."""
    return [(domain_id, name) for domain_id, name in conn.execute(ACTIVE_DOMAINS)]
