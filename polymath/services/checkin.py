"""Check-ins, the timer and the status line: the fast path, over the sqlite3 module alone.

Nothing here imports SQLAlchemy, Textual or NetworkX: ``polymath log`` and ``polymath status`` run
from a shell prompt and must answer at once.
"""

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import NamedTuple

from polymath.config import Settings
from polymath.core.calendar import (
    day_bounds_utc,
    local_midnight_utc,
    resolve_start,
    week_from_label,
    week_of,
)
from polymath.core.durations import MAX_SESSION_MINUTES, format_minutes
from polymath.core.errors import InvalidInput, NotFound
from polymath.core.kinds import READ, parse_kind
from polymath.core.names import clean_name, closest_name, name_key
from polymath.core.rules import weekly_streak
from polymath.core.text import clean_note
from polymath.store import direct

Confirm = Callable[[str], bool]
"""Asks the user a yes/no question (the CLI prompts on a terminal; elsewhere there is none)."""

# The records below are named tuples rather than dataclasses: building a dataclass costs about a
# millisecond and a half at import, which every check-in would pay.


class Domain(NamedTuple):
    id: int
    name: str
    created: bool = False
    archived: bool = False
    area: str | None = None
    """For a domain just created: the population area suggested by its name."""


class Logged(NamedTuple):
    """What a check-in wrote, for the confirmation line."""

    session_id: int
    domain: str
    minutes: int
    kind: str
    started_at: datetime
    with_domains: tuple[str, ...]
    created_domains: tuple[str, ...]
    restored_domains: tuple[str, ...] = ()
    """Archived domains that this session brought back: time logged in one means it is active."""
    created_areas: tuple[str | None, ...] = ()
    """The area suggested for each created domain, in the same order (None: no good match)."""
    """Archived domains that this session brought back: time logged in one means it is active."""


class RunningTimer(NamedTuple):
    domain: str
    kind: str
    started_at: datetime
    note: str | None

    def elapsed_minutes(self, now: datetime) -> int:
        """Rounded as ``stop`` rounds, so the status line and the logged session agree."""
        return round((now - self.started_at).total_seconds() / 60)


class Status(NamedTuple):
    """Today, this week against the target, the weekly streak and the timer: one line's worth."""

    today_minutes: int
    week_minutes: int
    weekly_target: int
    weekly_streak: int
    timer: RunningTimer | None
    now: datetime

    def line(self) -> str:
        parts = [
            f"today {format_minutes(self.today_minutes)}",
            f"week {format_minutes(self.week_minutes)}/{format_minutes(self.weekly_target)}",
            f"streak {self.weekly_streak}w",
        ]
        if self.timer:
            elapsed = format_minutes(self.timer.elapsed_minutes(self.now))
            parts.append(f"\u25b6 {self.timer.domain} {elapsed}")
        return " \u00b7 ".join(parts)

    def to_dict(self) -> dict[str, object]:
        timer = None
        if self.timer:
            timer = {
                "domain": self.timer.domain,
                "kind": self.timer.kind,
                "started_at": self.timer.started_at.astimezone(self.now.tzinfo).isoformat(),
                "elapsed_minutes": self.timer.elapsed_minutes(self.now),
            }
        return {
            "today_minutes": self.today_minutes,
            "week_minutes": self.week_minutes,
            "weekly_target": self.weekly_target,
            "weekly_streak": self.weekly_streak,
            "timer": timer,
        }


def find_domain(conn: sqlite3.Connection, name: str) -> Domain | None:
    row = conn.execute(
        "SELECT id, name, archived FROM domain WHERE name_key = ?", (name_key(clean_name(name)),)
    ).fetchone()
    return Domain(row[0], row[1], archived=bool(row[2])) if row else None


def resolve_domain(
    conn: sqlite3.Connection, name: str, *, create: bool, confirm: Confirm | None
) -> Domain:
    """The domain a user named; a new one is created with ``create`` or on confirmation.

    Call inside a write transaction when ``create`` may add it.
    """
    found = find_domain(conn, name)
    if found and found.archived:
        conn.execute("UPDATE domain SET archived = 0 WHERE id = ?", (found.id,))
    if found:
        return found
    cleaned = clean_name(name)
    names = [row[0] for row in conn.execute("SELECT name FROM domain WHERE archived = 0")]
    suggestion = closest_name(cleaned, names)
    hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
    if not create:
        question = f"No domain {cleaned!r}{hint}. Create it?"
        if confirm is None or not confirm(question):
            raise NotFound(f"no domain {cleaned!r}{hint}; add it with --create")
    from polymath.services.areas import suggest_area

    now = direct.stamp(datetime.now().astimezone())
    area = suggest_area(conn, Path(direct.database_file(conn)), cleaned)
    cursor = conn.execute(
        "INSERT INTO domain (name, name_key, area, archived, created_at) VALUES (?, ?, ?, 0, ?)",
        (cleaned, name_key(cleaned), area, now),
    )
    return Domain(int(cursor.lastrowid or 0), cleaned, created=True, area=area)


def default_kind(conn: sqlite3.Connection, domain_id: int) -> str:
    """The kind last used in a domain, so a habitual check-in needs no ``--kind``."""
    row = conn.execute(
        "SELECT kind FROM learning_session WHERE domain_id = ? "
        "ORDER BY started_at DESC, id DESC LIMIT 1",
        (domain_id,),
    ).fetchone()
    return str(row[0]) if row else READ


def log_session(
    conn: sqlite3.Connection,
    *,
    now: datetime,
    minutes: int,
    domain: str,
    kind: str | None = None,
    note: str | None = None,
    day: date | None = None,
    at: time | None = None,
    with_domains: Sequence[str] = (),
    create: bool = False,
    confirm: Confirm | None = None,
) -> Logged:
    """Record a session; ``now`` is the aware local time (injected, so tests fix the clock)."""
    check_minutes(minutes)
    start = resolve_start(day or now.date(), at, minutes, now)
    note = clean_note(note)
    chosen_kind = parse_kind(kind) if kind else None
    label = f"log {format_minutes(minutes)} {clean_name(domain)}"
    with direct.change(conn, label):
        target = resolve_domain(conn, domain, create=create, confirm=confirm)
        links = [
            resolve_domain(conn, other, create=create, confirm=confirm) for other in with_domains
        ]
        linked = _distinct_links(target, links)
        chosen = chosen_kind or default_kind(conn, target.id)
        session_id = insert_session(
            conn,
            domain_id=target.id,
            started_at=start,
            minutes=minutes,
            kind=chosen,
            note=note,
            link_ids=[link.id for link in linked],
        )
    involved = [target, *links]
    return Logged(
        session_id,
        target.name,
        minutes,
        chosen,
        start,
        tuple(d.name for d in linked),
        tuple(d.name for d in involved if d.created),
        tuple(d.name for d in involved if d.archived),
        tuple(d.area for d in involved if d.created),
    )


def _distinct_links(target: Domain, links: Sequence[Domain]) -> list[Domain]:
    seen = {target.id}
    distinct = []
    for link in links:
        if link.id not in seen:
            seen.add(link.id)
            distinct.append(link)
    return distinct


def insert_session(
    conn: sqlite3.Connection,
    *,
    domain_id: int,
    started_at: datetime,
    minutes: int,
    kind: str,
    note: str | None,
    link_ids: Sequence[int],
) -> int:
    cursor = conn.execute(
        "INSERT INTO learning_session (domain_id, started_at, minutes, kind, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            domain_id,
            direct.stamp(started_at),
            minutes,
            kind,
            note,
            direct.stamp(datetime.now().astimezone()),
        ),
    )
    session_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO session_link (session_id, domain_id) VALUES (?, ?)",
        [(session_id, link_id) for link_id in link_ids],
    )
    return session_id


def check_minutes(minutes: int) -> int:
    """Every caller, not only the CLI's parser, keeps a session between a minute and a day."""
    if not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise InvalidInput(f"{minutes} minutes is not between 1 and {MAX_SESSION_MINUTES}")
    return minutes


def running_timer(conn: sqlite3.Connection) -> RunningTimer | None:
    row = conn.execute(
        "SELECT d.name, t.kind, t.started_at, t.note "
        "FROM timer t JOIN domain d ON d.id = t.domain_id"
    ).fetchone()
    if row is None:
        return None
    return RunningTimer(row[0], row[1], direct.parse_stamp(row[2]), row[3])


def start_timer(
    conn: sqlite3.Connection,
    *,
    now: datetime,
    domain: str,
    kind: str | None = None,
    note: str | None = None,
    with_domains: Sequence[str] = (),
    create: bool = False,
    confirm: Confirm | None = None,
) -> RunningTimer:
    chosen_kind = parse_kind(kind) if kind else None
    note = clean_note(note)
    with direct.change(conn, f"start timer on {clean_name(domain)}"):
        running = running_timer(conn)
        if running:
            since = running.started_at.astimezone(now.tzinfo)
            when = f"{since:%H:%M}" if since.date() == now.date() else f"{since:%a %d %b %H:%M}"
            raise InvalidInput(
                f"a timer is already running on {running.domain} since {when}; "
                "stop or cancel it first"
            )
        target = resolve_domain(conn, domain, create=create, confirm=confirm)
        links = _distinct_links(
            target, [resolve_domain(conn, o, create=create, confirm=confirm) for o in with_domains]
        )
        chosen = chosen_kind or default_kind(conn, target.id)
        conn.execute(
            "INSERT INTO timer (id, domain_id, kind, started_at, note, with_ids) "
            "VALUES (1, ?, ?, ?, ?, ?)",
            (target.id, chosen, direct.stamp(now), note, ",".join(str(d.id) for d in links)),
        )
    return RunningTimer(target.name, chosen, now, note)


def stop_timer(conn: sqlite3.Connection, *, now: datetime, note: str | None = None) -> Logged:
    """Turn the running timer into a session ending now."""
    extra = clean_note(note)
    with direct.change(conn, "stop timer"):
        row = conn.execute(
            "SELECT t.domain_id, d.name, t.kind, t.started_at, t.note, t.with_ids "
            "FROM timer t JOIN domain d ON d.id = t.domain_id"
        ).fetchone()
        if row is None:
            raise NotFound("no timer is running; start one with: polymath start DOMAIN")
        domain_id, name, kind, started_text, timer_note, with_ids = row
        started = direct.parse_stamp(started_text).astimezone(now.tzinfo)
        minutes = round((now - started).total_seconds() / 60)
        if minutes < 1:
            raise InvalidInput(
                "the timer ran for less than a minute; cancel it with: polymath cancel"
            )
        if minutes > MAX_SESSION_MINUTES:
            raise InvalidInput(
                f"the timer has run for {format_minutes(minutes)} (over a day); "
                "cancel it and log the session with: polymath log"
            )
        joined = "\n".join(n for n in (timer_note, extra) if n) or None
        link_ids = [int(i) for i in with_ids.split(",") if i]
        session_id = insert_session(
            conn,
            domain_id=domain_id,
            started_at=started,
            minutes=minutes,
            kind=kind,
            note=joined,
            link_ids=link_ids,
        )
        conn.execute("DELETE FROM timer")
        linked = tuple(
            conn.execute("SELECT name FROM domain WHERE id = ?", (i,)).fetchone()[0]
            for i in link_ids
        )
    return Logged(session_id, name, minutes, kind, started, linked, ())


def cancel_timer(conn: sqlite3.Connection) -> RunningTimer:
    with direct.change(conn, "cancel timer"):
        running = running_timer(conn)
        if running is None:
            raise NotFound("no timer is running")
        conn.execute("DELETE FROM timer")
    return running


def minutes_between(conn: sqlite3.Connection, start: datetime, end: datetime) -> int:
    """Minutes of sessions that started in [start, end) (naive UTC bounds)."""
    row = conn.execute(
        "SELECT coalesce(sum(minutes), 0) FROM learning_session "
        "WHERE started_at >= ? AND started_at < ?",
        (direct.naive_stamp(start), direct.naive_stamp(end)),
    ).fetchone()
    return int(row[0])


WEEKS_PER_QUERY = 26
"""How many weeks one query sums as the streak walks back: half a year at a time."""

_WEEK_SUMS = (
    "WITH week(n, since, until) AS (VALUES "
    + ", ".join(f"({n}, ?, ?)" for n in range(WEEKS_PER_QUERY))
    + ") SELECT n, (SELECT coalesce(sum(minutes), 0) FROM learning_session "
    "WHERE started_at >= week.since AND started_at < week.until) FROM week"
)


def weekly_minutes(conn: sqlite3.Connection, zone: tzinfo) -> Callable[[date], int]:
    """Minutes of the week starting on a day, summed ``WEEKS_PER_QUERY`` weeks per query.

    A streak of years walks back hundreds of weeks; one query each made that walk the slowest
    part of ``polymath status``. Each call to the function returned sums the week asked for and
    the weeks before it, so the walk finds them already there.
    """
    totals: dict[date, int] = {}

    def minutes_of_week(start: date) -> int:
        if start not in totals:
            days = [start - timedelta(weeks=n) for n in range(-1, WEEKS_PER_QUERY)]
            bounds = [direct.naive_stamp(local_midnight_utc(day, zone)) for day in days]
            params = [bound for n in range(WEEKS_PER_QUERY) for bound in (bounds[n + 1], bounds[n])]
            for n, minutes in conn.execute(_WEEK_SUMS, params):
                totals[days[n + 1]] = int(minutes)
        return totals[start]

    return minutes_of_week


def status(conn: sqlite3.Connection, settings: Settings, now: datetime) -> Status:
    """The status line's figures, from a handful of indexed range sums."""
    zone = settings.zone
    targets = settings.targets
    today = now.date()
    today_minutes = minutes_between(conn, *day_bounds_utc(today, today + timedelta(days=1), zone))
    minutes_of_week = weekly_minutes(conn, zone)
    week_minutes = minutes_of_week(week_of(today, targets.week_start).start)
    rests = [
        week_from_label(label, targets.week_start).start
        for (label,) in conn.execute("SELECT week FROM rest_week")
    ]
    first = conn.execute("SELECT min(started_at) FROM learning_session").fetchone()[0]
    earliest = direct.parse_stamp(first).astimezone(zone).date() if first else None
    streak = weekly_streak(minutes_of_week, rests, today, earliest, targets)
    return Status(
        today_minutes, week_minutes, targets.weekly_minutes, streak, running_timer(conn), now
    )
