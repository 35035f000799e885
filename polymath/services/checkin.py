"""Check-ins, the timer and the status line: the fast path, over the sqlite3 module alone.

Nothing here imports SQLAlchemy, Textual or NetworkX: ``polymath log`` and ``polymath status`` run
from a shell prompt and must answer at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from polymath.core.calendar import (
    day_bounds_utc,
    first_time_after,
    resolve_start,
    week_from_label,
    week_of,
)
from polymath.core.durations import MAX_SESSION_MINUTES, elapsed_minutes, format_minutes
from polymath.core.errors import (
    CANCEL_TIMER,
    CREATE_DOMAIN,
    LOG_AGAIN,
    START_TIMER,
    STOP_TIMER_AT,
    InvalidInput,
    NotFound,
    UnknownDomain,
)
from polymath.core.kinds import READ, parse_kind
from polymath.core.names import clean_name, closest_name, name_key
from polymath.core.plain import Plain
from polymath.core.rules import weekly_streak
from polymath.core.spans import Span, overlap_minutes
from polymath.core.text import clean_note
from polymath.store import checkin as rows
from polymath.store import direct
from polymath.store.checkin import Connection

TYPE_CHECKING = False
if TYPE_CHECKING:
    from polymath.config import Settings

Confirm = Callable[[str], bool]
"""Asks the user a yes/no question (the CLI prompts on a terminal; elsewhere there is none)."""

# The records below are ``Plain`` values rather than named tuples or dataclasses: defining those
# costs every check-in time at import (``core.plain``).


class Domain(Plain):
    """A domain a check-in named; ``area`` is the one suggested for a domain just created."""

    __slots__ = ("archived", "area", "created", "id", "name")

    def __init__(
        self,
        id: int,
        name: str,
        created: bool = False,
        archived: bool = False,
        area: str | None = None,
    ) -> None:
        self.id, self.name, self.created, self.archived, self.area = (
            id,
            name,
            created,
            archived,
            area,
        )


class Overlap(Plain):
    """Another session that shares time with one just logged (``started_at`` aware, UTC)."""

    __slots__ = ("domain", "minutes", "session_id", "shared_minutes", "started_at")

    def __init__(
        self,
        session_id: int,
        domain: str,
        started_at: datetime,
        minutes: int,
        shared_minutes: int,
    ) -> None:
        self.session_id, self.domain, self.started_at = session_id, domain, started_at
        self.minutes, self.shared_minutes = minutes, shared_minutes


class Logged(Plain):
    """What a check-in wrote, for the confirmation line.

    ``restored_domains`` are archived domains the session brought back (time logged in one means
    it is active); ``created_areas`` the area suggested for each created domain, in the same order
    (None: no good match); ``overlaps`` the sessions already logged that share at least a minute
    with this one (logged anyway).
    """

    __slots__ = (
        "created_areas",
        "created_domains",
        "domain",
        "kind",
        "minutes",
        "overlaps",
        "restored_domains",
        "session_id",
        "started_at",
        "with_domains",
    )

    def __init__(
        self,
        session_id: int,
        domain: str,
        minutes: int,
        kind: str,
        started_at: datetime,
        with_domains: tuple[str, ...],
        created_domains: tuple[str, ...],
        restored_domains: tuple[str, ...] = (),
        created_areas: tuple[str | None, ...] = (),
        overlaps: tuple[Overlap, ...] = (),
    ) -> None:
        self.session_id, self.domain, self.minutes, self.kind = session_id, domain, minutes, kind
        self.started_at, self.with_domains = started_at, with_domains
        self.created_domains, self.restored_domains = created_domains, restored_domains
        self.created_areas, self.overlaps = created_areas, overlaps


class RunningTimer(Plain):
    """The running timer: its domain, kind, start (aware) and note."""

    __slots__ = ("domain", "kind", "note", "started_at")

    def __init__(self, domain: str, kind: str, started_at: datetime, note: str | None) -> None:
        self.domain, self.kind, self.started_at, self.note = domain, kind, started_at, note

    def elapsed_minutes(self, now: datetime) -> int:
        """Rounded as ``stop`` rounds, so the status line and the logged session agree; negative
        when the clock is behind the timer's start."""
        return elapsed_minutes(self.started_at, now)


class Status(Plain):
    """Today, this week against the target, the weekly streak and the timer: one line's worth."""

    __slots__ = (
        "now",
        "timer",
        "timer_warn_minutes",
        "today_minutes",
        "week_minutes",
        "weekly_streak",
        "weekly_target",
    )

    def __init__(
        self,
        today_minutes: int,
        week_minutes: int,
        weekly_target: int,
        weekly_streak: int,
        timer: RunningTimer | None,
        now: datetime,
        timer_warn_minutes: int = 4 * 60,
    ) -> None:
        self.today_minutes, self.week_minutes = today_minutes, week_minutes
        self.weekly_target, self.weekly_streak = weekly_target, weekly_streak
        self.timer, self.now = timer, now
        self.timer_warn_minutes = timer_warn_minutes

    @property
    def forgotten(self) -> bool:
        """Whether the timer has run longer than the ``timer_warn_hours`` setting."""
        return self.timer is not None and (
            self.timer.elapsed_minutes(self.now) > self.timer_warn_minutes
        )

    def line(self) -> str:
        parts = [
            f"today {format_minutes(self.today_minutes)}",
            f"week {format_minutes(self.week_minutes)}/{format_minutes(self.weekly_target)}",
            f"streak {self.weekly_streak}w",
        ]
        if self.timer:
            minutes = self.timer.elapsed_minutes(self.now)
            if minutes < 0:
                since = self.timer.started_at.astimezone(self.now.tzinfo)
                parts.append(f"\u25b6 {self.timer.domain} from {since:%H:%M}, ahead of the clock")
            else:
                parts.append(f"\u25b6 {self.timer.domain} {format_minutes(minutes)}")
            if self.forgotten:
                since = self.timer.started_at.astimezone(self.now.tzinfo)
                parts[-1] += (
                    f" since {since:%a %H:%M}: forgot to stop? polymath stop --at HH:MM "
                    "saves what you did"
                )
        return " \u00b7 ".join(parts)

    def to_dict(self) -> dict[str, object]:
        timer = None
        if self.timer:
            timer = {
                "domain": self.timer.domain,
                "kind": self.timer.kind,
                "started_at": self.timer.started_at.astimezone(self.now.tzinfo).isoformat(),
                "elapsed_minutes": elapsed
                if (elapsed := self.timer.elapsed_minutes(self.now)) >= 0
                else None,
                "forgotten": self.forgotten,
            }
        return {
            "today_minutes": self.today_minutes,
            "week_minutes": self.week_minutes,
            "weekly_target": self.weekly_target,
            "weekly_streak": self.weekly_streak,
            "timer": timer,
        }


def find_domain(conn: Connection, name: str) -> Domain | None:
    row = rows.find_domain(conn, name_key(clean_name(name)))
    return Domain(row.id, row.name, archived=row.archived) if row else None


def unknown_domains(conn: Connection, names: Sequence[str]) -> list[UnknownDomain]:
    """The names that match no domain, each with the closest existing name (repeats once)."""
    missing = [name for name in dict.fromkeys(names) if find_domain(conn, name) is None]
    if not missing:
        return []
    known = rows.active_domain_names(conn)
    return [UnknownDomain(clean_name(n), closest_name(clean_name(n), known)) for n in missing]


def resolve_domain(conn: Connection, name: str, *, create: bool, confirm: Confirm | None) -> Domain:
    """The domain a user named; a new one is created with ``create`` or on confirmation.

    Call inside a write transaction when ``create`` may add it.
    """
    found = find_domain(conn, name)
    if found and found.archived:
        rows.unarchive_domain(conn, found.id)
    if found:
        return found
    cleaned = clean_name(name)
    missing = UnknownDomain(
        cleaned, closest_name(cleaned, rows.active_domain_names(conn)), fix=CREATE_DOMAIN
    )
    text = str(missing)
    question = f"{text[:1].upper()}{text[1:]}. Create it?"
    if not create and (confirm is None or not confirm(question)):
        raise missing
    from pathlib import Path

    from polymath.services.areas import suggest_area

    area = suggest_area(conn, Path(direct.database_file(conn)), cleaned)
    domain_id = rows.insert_domain(
        conn, name=cleaned, key=name_key(cleaned), area=area, created_at=datetime.now().astimezone()
    )
    return Domain(domain_id, cleaned, created=True, area=area)


def default_kind(conn: Connection, domain_id: int) -> str:
    """The kind last used in a domain, so a habitual check-in needs no ``--kind``."""
    return rows.last_kind(conn, domain_id) or READ


def log_session(
    conn: Connection,
    *,
    now: datetime,
    minutes: int,
    domain: str,
    kind: str | None = None,
    note: str | None = None,
    day: date | None = None,
    at: time | None = None,
    fold: int = 0,
    with_domains: Sequence[str] = (),
    create: bool = False,
    confirm: Confirm | None = None,
    again: bool = False,
) -> Logged:
    """Record a session; ``now`` is the aware local time (injected, so tests fix the clock).

    The same session logged twice (same domain, minutes and start to the minute) is refused
    unless ``again``; one that shares time with others is logged, and they are named.
    """
    check_minutes(minutes)
    start = resolve_start(day or now.date(), at, minutes, now, fold=fold)
    note = clean_note(note)
    chosen_kind = parse_kind(kind) if kind else None
    label = f"log {format_minutes(minutes)} {clean_name(domain)}"
    with direct.change(conn, label):
        target = resolve_domain(conn, domain, create=create, confirm=confirm)
        links = [
            resolve_domain(conn, other, create=create, confirm=confirm) for other in with_domains
        ]
        if not again:
            _refuse_duplicate(conn, target, minutes, start)
        overlaps = _overlaps(conn, Span(start, minutes))
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
        overlaps,
    )


def _refuse_duplicate(conn: Connection, target: Domain, minutes: int, start: datetime) -> None:
    """An exact duplicate: the domain, the minutes and the start to the minute all the same."""
    minute = start.replace(second=0, microsecond=0)
    found = rows.same_session(conn, domain_id=target.id, minutes=minutes, minute=minute)
    if found is not None:
        raise InvalidInput(
            f"{format_minutes(minutes)} in {target.name} from {start:%a %d %b %H:%M} is "
            f"logged already (#{found})",
            fix=LOG_AGAIN,
            about=str(found),
        )


OVERLAPS_NAMED = 5
"""At most this many overlapping sessions are named after a check-in (the doctor lists all)."""


def _overlaps(conn: Connection, span: Span) -> tuple[Overlap, ...]:
    """The first sessions that share at least a minute with ``span``."""
    found = []
    for row in rows.overlapping(conn, span.start, span.end, limit=OVERLAPS_NAMED * 2):
        shared = overlap_minutes(Span(row.started_at, row.minutes), span)
        if shared:
            found.append(Overlap(row.id, row.domain, row.started_at, row.minutes, shared))
    return tuple(found[:OVERLAPS_NAMED])


def _distinct_links(target: Domain, links: Sequence[Domain]) -> list[Domain]:
    seen = {target.id}
    distinct = []
    for link in links:
        if link.id not in seen:
            seen.add(link.id)
            distinct.append(link)
    return distinct


def insert_session(
    conn: Connection,
    *,
    domain_id: int,
    started_at: datetime,
    minutes: int,
    kind: str,
    note: str | None,
    link_ids: Sequence[int],
) -> int:
    return rows.insert_session(
        conn,
        domain_id=domain_id,
        started_at=started_at,
        minutes=minutes,
        kind=kind,
        note=note,
        link_ids=link_ids,
        created_at=datetime.now().astimezone(),
    )


def check_minutes(minutes: int) -> int:
    """Every caller, not only the CLI's parser, keeps a session between a minute and a day."""
    if not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise InvalidInput(f"{minutes} minutes is not between 1 and {MAX_SESSION_MINUTES}")
    return minutes


def running_timer(conn: Connection) -> RunningTimer | None:
    row = rows.timer(conn)
    return RunningTimer(row.domain, row.kind, row.started_at, row.note) if row else None


def start_timer(
    conn: Connection,
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
        rows.insert_timer(
            conn,
            domain_id=target.id,
            kind=chosen,
            started_at=now,
            note=note,
            with_ids=[d.id for d in links],
        )
    return RunningTimer(target.name, chosen, now, note)


def stop_timer(
    conn: Connection,
    *,
    now: datetime,
    note: str | None = None,
    at: time | None = None,
    day: date | None = None,
) -> Logged:
    """Turn the running timer into a session ending now, or at the local time ``at`` (the first
    after the timer's start, or on ``day``): the way to save a timer left running."""
    extra = clean_note(note)
    zone = now.tzinfo
    assert zone is not None, "now is aware"
    with direct.change(conn, "stop timer"):
        timer = rows.timer(conn)
        if timer is None:
            raise NotFound("no timer is running", fix=START_TIMER)
        started = timer.started_at.astimezone(zone)
        end = now if at is None else first_time_after(started, at, zone, day)
        minutes = _timer_minutes(started, end, now, stated=at is not None)
        joined = "\n".join(n for n in (timer.note, extra) if n) or None
        span = Span(started, minutes)
        overlaps = _overlaps(conn, span)
        session_id = insert_session(
            conn,
            domain_id=timer.domain_id,
            started_at=started,
            minutes=minutes,
            kind=timer.kind,
            note=joined,
            link_ids=timer.with_ids,
        )
        rows.delete_timer(conn)
        linked = tuple(rows.domain_name(conn, i) for i in timer.with_ids)
    return Logged(
        session_id, timer.domain, minutes, timer.kind, started, linked, (), overlaps=overlaps
    )


CLOCK_SLACK = timedelta(seconds=30)
"""How far back a clock may be set under a running timer before the timer cannot be saved:
half a minute, the most that elapsed minutes (rounded half up) still read as 0, not -1."""


def _timer_minutes(started: datetime, end: datetime, now: datetime, *, stated: bool) -> int:
    """The minutes from a timer's start to its end, refused when they cannot be a session."""
    minutes = elapsed_minutes(started, end)
    if minutes < 0 or started.astimezone(UTC) - now.astimezone(UTC) > CLOCK_SLACK:
        # No end can be given: it would come before the start or after now. A clock set back
        # by seconds (a time server's correction) only makes a timer shorter than a minute.
        raise InvalidInput(
            f"the timer started at {started:%a %d %b %H:%M}, later than the clock says it is now "
            f"({now:%a %d %b %H:%M}): the clock has gone back",
            fix=CANCEL_TIMER,
        )
    if stated and end.astimezone(UTC) > now.astimezone(UTC):
        raise InvalidInput(f"{end:%a %d %b %H:%M} is still to come")
    if minutes < 1:
        raise InvalidInput("the timer ran for less than a minute", fix=CANCEL_TIMER)
    if minutes > MAX_SESSION_MINUTES:
        latest = (started.astimezone(UTC) + timedelta(minutes=MAX_SESSION_MINUTES)).astimezone(
            started.tzinfo
        )
        length = format_minutes(minutes)
        ran = f"would last {length}" if stated else f"has run for {length}"
        raise InvalidInput(
            f"the timer started {started:%a %d %b %H:%M} and {ran}, over a day: a session "
            f"lasts 24h at most, so it must end by {latest:%a %d %b %H:%M}",
            fix=STOP_TIMER_AT,
        )
    return minutes


def cancel_timer(conn: Connection) -> RunningTimer:
    with direct.change(conn, "cancel timer"):
        running = running_timer(conn)
        if running is None:
            raise NotFound("no timer is running")
        rows.delete_timer(conn)
    return running


def status(conn: Connection, settings: Settings, now: datetime) -> Status:
    """The status line's figures, from a handful of indexed range sums in one read snapshot."""
    with direct.snapshot(conn):
        return _status(conn, settings, now)


def _status(conn: Connection, settings: Settings, now: datetime) -> Status:
    from polymath.services.history import week_minutes

    zone = settings.zone
    targets = settings.targets
    today = now.date()
    bounds = day_bounds_utc(today, today + timedelta(days=1), zone)
    today_minutes = rows.minutes_between(conn, *bounds)
    weeks = week_minutes(conn, zone, targets.week_start, today + timedelta(days=1))
    week_minutes_now = weeks.get(week_of(today, targets.week_start).start, 0)
    rests = rest_week_starts(conn, settings)
    earliest = min(weeks, default=None)
    streak = weekly_streak(lambda start: weeks.get(start, 0), rests, today, earliest, targets)
    return Status(
        today_minutes,
        week_minutes_now,
        targets.weekly_minutes,
        streak,
        running_timer(conn),
        now,
        settings.timer_warn_minutes,
    )


def rest_week_starts(conn: Connection, settings: Settings) -> list[date]:
    """The first day of each planned rest week, in the person's week."""
    week_start = settings.targets.week_start
    return [week_from_label(label, week_start).start for label in rows.rest_week_labels(conn)]


def domain_names(conn: Connection) -> list[str]:
    """The active domains' names, sorted as people read them (for shell completion)."""
    return sorted(rows.active_domain_names(conn), key=str.casefold)


class Nudge(Plain):
    """Where today stands against the weekday guideline, and whether a timer was forgotten."""

    __slots__ = ("guideline", "status", "today", "today_minutes")

    def __init__(self, status: Status, guideline: str, today_minutes: int, today: date) -> None:
        self.status, self.guideline = status, guideline
        self.today_minutes, self.today = today_minutes, today

    @property
    def due(self) -> bool:
        """Whether to nudge: today's guideline is not met yet, or a timer was forgotten."""
        from polymath.core.rules import UNDER_WAY

        return self.guideline == UNDER_WAY or self.status.forgotten

    def line(self, guideline_minutes: int) -> str:
        from polymath.core.rules import KEPT, RESTING, UNDER_WAY, WEEKEND

        if self.status.forgotten:
            return self.status.line().rsplit(" \u00b7 ", 1)[-1].removeprefix("\u25b6 ")
        done = format_minutes(self.today_minutes)
        if self.guideline == UNDER_WAY:
            left = format_minutes(guideline_minutes - self.today_minutes)
            return (
                f"today {done} of the {format_minutes(guideline_minutes)} guideline: {left} to go"
                " (polymath log, or polymath start)"
            )
        return {
            KEPT: f"today's guideline is kept: {done}",
            WEEKEND: f"weekend: no guideline today ({done} so far)",
            RESTING: f"a planned rest week: no guideline today ({done} so far)",
        }[self.guideline]

    def to_dict(self) -> dict[str, object]:
        return {
            "day": self.today.isoformat(),
            "today_minutes": self.today_minutes,
            "guideline": self.guideline,
            "due": self.due,
            "timer": self.status.to_dict()["timer"],
        }


def nudge(conn: Connection, settings: Settings, now: datetime) -> Nudge:
    """Today against the weekday guideline (``core.rules.weekday_guideline``), as the review
    judges it, and the timer's state, from one read snapshot."""
    from polymath.core.rules import weekday_guideline

    with direct.snapshot(conn):
        status = _status(conn, settings, now)
        today = now.date()
        week = week_of(today, settings.targets.week_start)
        rest = week.start in rest_week_starts(conn, settings)
    minutes = {today: status.today_minutes}
    guideline = weekday_guideline(minutes, week, today, settings.targets, rest=rest)[today]
    return Nudge(status, guideline, status.today_minutes, today)
