"""The whole history's minutes per local day and per domain, at the cost of the last few weeks.

Streaks and domain totals reach back over years. ``store.history`` keeps the sums up to a sealed
day, two weeks back; these functions add what came since from the sessions themselves, so a
command reads a few thousand day totals and a few weeks of sessions whatever the history's size.
Any change to a session before the seal removes it (SQL triggers); reads then sum the sessions
directly (correct, slower) until the next write rebuilds the summary (``refresh``).

The summary is kept for one named time zone (``Europe/Berlin``, ``UTC``); local days depend on
it. Under a zone without a stable name (a copied ``/etc/localtime``) nothing is kept.
"""

from datetime import UTC, date, datetime, timedelta, tzinfo

from polymath.core.calendar import local_midnight_utc
from polymath.core.spans import day_parts
from polymath.store import direct
from polymath.store import history as rows

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from polymath.store.checkin import Connection

SEAL_LAG = 14
"""Days between today and the sealed day after a refresh: recent edits leave the seal alone."""
REFRESH_AFTER = 28
"""Days after which a write moves the seal up again (reads then sum at most this many days)."""
EARLIEST = datetime(1, 1, 1)
ONE_DAY = timedelta(days=1)


def zone_key(zone: tzinfo) -> str | None:
    """A name that fixes the zone's rules, or None when the zone has none to trust."""
    if zone is UTC:
        return "UTC"
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) and key and key != "localtime" else None


def day_minutes(conn: "Connection", zone: tzinfo, until: date) -> dict[date, int]:
    """Minutes per local day, for every day before ``until`` that has any (the midnight rule of
    ``core.spans``: a session's minutes count on the days they were spent in)."""
    return {date.fromordinal(day): minutes for day, minutes in _minutes(conn, zone, until).items()}


def week_minutes(conn: "Connection", zone: tzinfo, week_start: int, until: date) -> dict[date, int]:
    """Minutes per week (keyed by its first day; weeks start on weekday ``week_start``, Monday
    0), over the days before ``until``."""
    weeks: dict[int, int] = {}
    for day, minutes in _minutes(conn, zone, until).items():
        start = day - (day - 1 - week_start) % 7  # ordinal 1 is a Monday
        weeks[start] = weeks.get(start, 0) + minutes
    return {date.fromordinal(start): minutes for start, minutes in weeks.items()}


def _minutes(conn: "Connection", zone: tzinfo, until: date) -> dict[int, int]:
    """Minutes per day ordinal before ``until``: the summary, then the sessions since its seal."""
    end = local_midnight_utc(until, zone)
    last = until.toordinal()
    seal = rows.seal(conn)
    if seal is None or seal.zone != zone_key(zone):
        return _by_day(rows.sessions_before(conn, end), zone, 0, last)
    totals = {day: minutes for day, minutes in rows.days(conn) if day < last}
    if seal.day < last:
        recent = rows.sessions_between(conn, seal.before - ONE_DAY, end)
        for day, minutes in _by_day(recent, zone, seal.day, last).items():
            totals[day] = totals.get(day, 0) + minutes
    return totals


def domain_totals(conn: "Connection") -> dict[int, tuple[int, datetime]]:
    """domain id -> (minutes ever logged, latest start, aware UTC) for domains with sessions."""
    seal = rows.seal(conn)
    if seal is None:
        found = rows.domains_since(conn, EARLIEST)
    else:
        found = rows.domains(conn)
        for domain, (minutes, last) in rows.domains_since(conn, seal.before).items():
            before = found.get(domain)
            found[domain] = (
                (minutes + before[0], max(last, before[1])) if before else (minutes, last)
            )
    return {
        domain: (minutes, direct.parse_stamp(last)) for domain, (minutes, last) in found.items()
    }


def refresh(conn: "Connection", zone: tzinfo, today: date) -> None:
    """Bring the summary up to two weeks before ``today`` if it is missing or a month behind,
    in a transaction of its own (``keep`` does it inside a change)."""
    if _due(conn, zone, today):
        with direct.upkeep(conn):
            _rebuild(conn, zone, today)


def keep(conn: "Connection", zone: tzinfo, today: date) -> None:
    """``refresh`` inside the caller's write transaction: one read of one row, when current."""
    if _due(conn, zone, today):
        _rebuild(conn, zone, today)


def _due(conn: "Connection", zone: tzinfo, today: date) -> bool:
    key = zone_key(zone)
    if key is None or getattr(conn, "readonly", False):
        return False
    seal = rows.seal(conn)
    fresh = (today - timedelta(days=REFRESH_AFTER)).toordinal()
    return seal is None or seal.zone != key or not fresh < seal.day <= today.toordinal()


def _rebuild(conn: "Connection", zone: tzinfo, today: date) -> None:
    """A few weeks of sessions added to the summary, or, after a change to older history or
    under another zone, the whole of it summed again (in a write transaction)."""
    key = zone_key(zone) or ""
    target = today - timedelta(days=SEAL_LAG)
    end = local_midnight_utc(target, zone)
    seal = rows.seal(conn)  # as of this transaction: another process may have sealed it
    if seal is not None and seal.zone == key and seal.day <= target.toordinal():
        recent = rows.sessions_between(conn, seal.before - ONE_DAY, end)
        days = _by_day(recent, zone, seal.day, target.toordinal())
        domains = _by_domain(rows.sessions_between(conn, seal.before, end))
    elif seal is None or seal.zone != key:
        rows.clear(conn)
        days = _by_day(rows.sessions_before(conn, end), zone, 0, target.toordinal())
        domains = _by_domain(rows.sessions_before(conn, end))
    else:
        return  # sealed beyond the target: the clock went back; leave it
    rows.add(
        conn,
        list(days.items()),
        [(domain, minutes, direct.stamp(last)) for domain, (minutes, last) in domains.items()],
    )
    rows.set_seal(conn, key, target.toordinal(), end)


def _by_day(
    sessions: "Iterable[tuple[datetime, int, int]]", zone: tzinfo, first: int, last: int
) -> dict[int, int]:
    """Minutes per day ordinal in [first, last) from these sessions."""
    totals: dict[int, int] = {}
    for started, minutes, _ in sessions:
        for part in day_parts(started, minutes, zone):
            day = part.day.toordinal()
            if first <= day < last:
                totals[day] = totals.get(day, 0) + part.minutes
    return totals


def _by_domain(sessions: "Iterable[tuple[datetime, int, int]]") -> dict[int, tuple[int, datetime]]:
    totals: dict[int, tuple[int, datetime]] = {}
    for started, minutes, domain in sessions:
        before = totals.get(domain)
        totals[domain] = (
            (minutes + before[0], max(started, before[1])) if before else (minutes, started)
        )
    return totals
