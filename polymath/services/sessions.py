"""Sessions after the fact: list, edit, delete, rest weeks, overlaps, and undo of any change.

A session is one record; listed by day or by week, it shows with the minutes it spent there
(``core.spans``): one from 23:30 on Sunday to 00:45 on Monday is in both weeks' lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from polymath.core.calendar import Week, day_bounds_utc, parse_week, resolve_start
from polymath.core.errors import LIST_SESSIONS, NotFound, UnknownDomain
from polymath.core.kinds import parse_kind
from polymath.core.names import closest_name, name_key
from polymath.core.spans import DayPart, Span, day_parts, overlapping_pairs
from polymath.core.text import clean_name, clean_note
from polymath.services.checkin import check_minutes
from polymath.services.context import Context
from polymath.store import checkin as rows
from polymath.store import direct, listing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from polymath.store.checkin import Connection
    from polymath.store.engine import Tx
    from polymath.store.models import LearningSession, RestWeek


@dataclass(frozen=True, slots=True)
class SessionView:
    id: int
    started_at: datetime
    """Aware, in the user's zone."""
    minutes: int
    domain: str
    kind: str
    note: str | None
    with_domains: tuple[str, ...]
    parts: tuple[DayPart, ...] = ()
    """Its minutes on each local day it ran on (one part unless it crossed midnight)."""

    def minutes_within(self, start: date, end: date) -> int:
        """Its minutes on the local days from ``start`` up to, not including, ``end``."""
        return sum(part.minutes for part in self.parts if start <= part.day < end)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(),
            "day": self.started_at.date().isoformat(),
            "minutes": self.minutes,
            "domain": self.domain,
            "kind": self.kind,
            "note": self.note,
            "with": list(self.with_domains),
        }


@dataclass(frozen=True, slots=True)
class SessionOverlap:
    """Two sessions that share time: ``first`` began first (or is the older record)."""

    first: SessionView
    second: SessionView
    shared_minutes: int

    def to_dict(self) -> dict[str, object]:
        return {
            "first": self.first.to_dict(),
            "second": self.second.to_dict(),
            "shared_minutes": self.shared_minutes,
        }


def list_sessions(
    ctx: Context, *, week: str | None = None, domain: str | None = None, limit: int | None = None
) -> list[SessionView]:
    """Sessions of a week (or all, or the latest ``limit``), oldest first.

    A week's list holds every session with minutes in it, including one that began in the
    evening before the week and ran past its first midnight.
    """
    if week is None:
        return _listed(ctx, domain=domain, limit=limit)
    chosen = parse_week(week, ctx.today(), ctx.settings.targets.week_start)
    return sessions_between(ctx, chosen.start, chosen.end, domain=domain)


def sessions_between(
    ctx: Context, start: date, end: date, *, domain: str | None = None
) -> list[SessionView]:
    """The sessions with minutes on the local days from ``start`` up to ``end``, oldest first."""
    since, until = (b.replace(tzinfo=UTC) for b in day_bounds_utc(start, end, ctx.settings.zone))
    # A session lasts a day at most: one that ran into the range began less than a day before.
    listed = _listed(ctx, since=since - timedelta(days=1), until=until, domain=domain)
    return [view for view in listed if view.minutes_within(start, end)]


def sessions_on(ctx: Context, day: date) -> list[SessionView]:
    """The sessions with minutes on a local day (``minutes_within(day, day + 1)`` gives them)."""
    return sessions_between(ctx, day, day + timedelta(days=1))


def _listed(
    ctx: Context,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    domain: str | None = None,
    limit: int | None = None,
) -> list[SessionView]:
    conn = ctx.connect()
    try:
        with direct.snapshot(conn):
            domain_id = _domain_id(conn, domain) if domain else None
            if since is not None and until is not None:
                found = listing.between(
                    conn, since.replace(tzinfo=None), until.replace(tzinfo=None), domain_id
                )
            else:
                found = listing.latest(conn, limit, domain_id)
            return _views(conn, found, ctx.settings.zone)
    finally:
        conn.close()


def _domain_id(conn: Connection, name: str) -> int:
    """The id of the person's domain of that name (any case, archived too), or UnknownDomain."""
    cleaned = clean_name(name)
    found = rows.find_domain(conn, name_key(cleaned))
    if found is None:
        raise UnknownDomain(cleaned, closest_name(cleaned, listing.domain_names(conn)))
    return found.id


def _views(conn: Connection, found: Sequence[listing.Row], zone: tzinfo) -> list[SessionView]:
    links = listing.links(conn, found)
    return [
        SessionView(
            session_id,
            started.astimezone(zone),
            minutes,
            name,
            kind,
            note,
            tuple(links.get(session_id, ())),
            day_parts(started, minutes, zone),
        )
        for session_id, started, minutes, name, kind, note in found
    ]


def find_overlaps(ctx: Context) -> list[SessionOverlap]:
    """Every pair of sessions that share at least a minute, in order of time (for the doctor).

    Sessions logged twice, or a timer left running over a check-in, show here; each pair is
    named once, the one that began first on the left.
    """
    conn = ctx.connect()
    try:
        with direct.snapshot(conn):
            spans = [(i, Span(started, minutes)) for i, started, minutes in listing.spans(conn)]
            pairs = overlapping_pairs(spans)
            involved = sorted({i for first, second, _ in pairs for i in (first, second)})
            found = [row for i in involved if (row := listing.by_id(conn, i)) is not None]
            views = {view.id: view for view in _views(conn, found, ctx.settings.zone)}
    finally:
        conn.close()
    return [SessionOverlap(views[a], views[b], shared) for a, b, shared in pairs]


def get_session(ctx: Context, session_id: int) -> SessionView:
    """One session by id, as the lists show it."""
    conn = ctx.connect()
    try:
        with direct.snapshot(conn):
            row = listing.by_id(conn, session_id)
            if row is None:
                raise NotFound(f"no session {session_id}", fix=LIST_SESSIONS, about=str(session_id))
            return _views(conn, [row], ctx.settings.zone)[0]
    finally:
        conn.close()


def _require_session(session: Tx, session_id: int) -> LearningSession:
    from polymath.store import queries

    row = queries.get_session(session=session, session_id=session_id)
    if row is None:
        raise NotFound(f"no session {session_id}", fix=LIST_SESSIONS, about=str(session_id))
    return row


def edit_session(
    ctx: Context,
    session_id: int,
    *,
    minutes: int | None = None,
    domain: str | None = None,
    kind: str | None = None,
    note: str | None = None,
    day: date | None = None,
    at: time | None = None,
    fold: int = 0,
    with_domains: Sequence[str] | None = None,
) -> SessionView:
    """Change the given fields; a new day or time is placed as ``log`` places it."""
    from polymath.services.domains import require_domain
    from polymath.store import queries
    from polymath.store.engine import writing

    chosen_kind = parse_kind(kind) if kind is not None else None
    with writing(ctx.engine, f"edit session {session_id}") as session:
        row = _require_session(session, session_id)
        started_at = None
        if day is not None or at is not None:
            local = row.started_at.astimezone(ctx.settings.zone)
            started_at = resolve_start(
                day or local.date(),
                at or local.time().replace(tzinfo=None),
                minutes or row.minutes,
                ctx.now(),
                fold=fold if at is not None else local.fold,
            )
        queries.update_session(
            session=session,
            row=row,
            minutes=check_minutes(minutes) if minutes is not None else None,
            domain_id=require_domain(session, domain).id if domain is not None else None,
            kind=chosen_kind,
            note=None if note is None else clean_note(note) or "",
            started_at=started_at,
        )
        if with_domains is not None:
            ids = [require_domain(session, name).id or 0 for name in with_domains]
            queries.replace_links(session=session, row=row, domain_ids=ids)
    return get_session(ctx, session_id)


def delete_session(ctx: Context, session_id: int) -> SessionView:
    from polymath.store import queries
    from polymath.store.engine import writing

    found = get_session(ctx, session_id)
    with writing(ctx.engine, f"delete session {session_id}") as session:
        queries.delete_session(session=session, row=_require_session(session, session_id))
    return found


def undo(ctx: Context) -> str:
    """Revert the latest change of any kind; several steps deep."""
    conn = ctx.connect()
    try:
        return direct.undo_last(conn)
    finally:
        conn.close()


def add_rest_week(ctx: Context, week: str, note: str | None) -> Week:
    """Declare a planned rest week, ahead or after."""
    from polymath.store import queries
    from polymath.store.engine import writing

    chosen = _any_week(ctx, week)
    with writing(ctx.engine, f"rest week {chosen.label}") as session:
        queries.put_rest_week(session=session, week=chosen.label, note=clean_note(note))
    return chosen


def remove_rest_week(ctx: Context, week: str) -> Week:
    from polymath.store import queries
    from polymath.store.engine import writing

    chosen = _any_week(ctx, week)
    with writing(ctx.engine, f"remove rest week {chosen.label}") as session:
        if not queries.delete_rest_week(session=session, week=chosen.label):
            raise NotFound(f"{chosen.label} is not a rest week")
    return chosen


def list_rest_weeks(ctx: Context) -> list[RestWeek]:
    from polymath.store import queries
    from polymath.store.engine import reading

    with reading(ctx.engine) as session:
        return queries.list_rest_weeks(session=session)


def _any_week(ctx: Context, text: str) -> Week:
    """A week, which for a rest week may lie ahead (it is declared ahead or after)."""
    from polymath.core.calendar import parse_day, week_from_label, week_of

    start = ctx.settings.targets.week_start
    word = text.strip().lower()
    if word in ("next",):
        return week_of(ctx.today(), start).shifted(1)
    if "w" in word and word[:4].isdigit():
        return week_from_label(word, start)
    if word in ("this", "last", "current", "previous"):
        return parse_week(word, ctx.today(), start)
    return week_of(parse_day(word, ctx.today(), allow_future=True), start)
