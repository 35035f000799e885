"""Every SQLModel statement of the services: keyword-only reads and writes over the tables.

The services open a ``reading`` or ``writing`` session (``store.engine``) and pass it here; they
never build a statement themselves.
"""

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, delete, select, update

from polymath.core.names import name_key
from polymath.store.models import (
    Assessment,
    Domain,
    LearningSession,
    RestWeek,
    SessionLink,
    Setting,
    SyncRedirect,
    Timer,
)
from polymath.store.sync_identity import NOW_MS_SQL


def list_domains(*, session: Session, include_archived: bool = False) -> list[Domain]:
    query = select(Domain).order_by(Domain.name_key)
    if not include_archived:
        query = query.where(Domain.archived == False)  # noqa: E712
    return list(session.exec(query))


def get_domain(*, session: Session, name: str) -> Domain | None:
    return session.exec(select(Domain).where(Domain.name_key == name_key(name))).first()


def domain_minutes(
    *, session: Session, since: datetime | None = None, until: datetime | None = None
) -> dict[int, int]:
    """Minutes per domain id, summed in SQL, for sessions starting in [since, until)."""
    query = select(LearningSession.domain_id, func.sum(LearningSession.minutes)).group_by(
        col(LearningSession.domain_id)
    )
    if since is not None:
        query = query.where(LearningSession.started_at >= since)
    if until is not None:
        query = query.where(LearningSession.started_at < until)
    return {domain_id: int(total) for domain_id, total in session.exec(query)}


def list_sessions(
    *,
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    domain_id: int | None = None,
    latest: int | None = None,
) -> list[LearningSession]:
    """Sessions oldest first; ``latest`` keeps only the newest few, chosen in SQL."""
    query = select(LearningSession).order_by(
        col(LearningSession.started_at).desc(), col(LearningSession.id).desc()
    )
    if since is not None:
        query = query.where(LearningSession.started_at >= since)
    if until is not None:
        query = query.where(LearningSession.started_at < until)
    if domain_id is not None:
        query = query.where(LearningSession.domain_id == domain_id)
    if latest is not None:
        query = query.limit(latest)
    return list(reversed(session.exec(query).all()))


def session_facts(*, session: Session) -> list[tuple[int, datetime, int, str, int]]:
    """(id, started_at, minutes, kind, domain_id) of every session: columns, not objects."""
    query = select(  # type: ignore[call-overload]
        col(LearningSession.id),
        col(LearningSession.started_at),
        col(LearningSession.minutes),
        col(LearningSession.kind),
        col(LearningSession.domain_id),
    )
    return [tuple(row) for row in session.exec(query)]


def links_by_session(
    *, session: Session, session_ids: Sequence[int] | None = None
) -> dict[int, list[int]]:
    query = select(SessionLink.session_id, SessionLink.domain_id)
    if session_ids is not None:
        query = query.where(col(SessionLink.session_id).in_(session_ids))
    links: dict[int, list[int]] = defaultdict(list)
    for session_id, domain_id in session.exec(query):
        links[session_id].append(domain_id)
    return links


def list_assessments(*, session: Session, domain_id: int | None = None) -> list[Assessment]:
    query = select(Assessment).order_by(col(Assessment.assessed_on), col(Assessment.id))
    if domain_id is not None:
        query = query.where(Assessment.domain_id == domain_id)
    return list(session.exec(query))


def list_rest_weeks(*, session: Session) -> list[RestWeek]:
    return list(session.exec(select(RestWeek).order_by(col(RestWeek.week))))


def session_spans(*, session: Session) -> list[tuple[int, datetime, int]]:
    """(id, started_at, minutes) of every session, in order of start: the time each took."""
    query = select(
        col(LearningSession.id), col(LearningSession.started_at), col(LearningSession.minutes)
    ).order_by(col(LearningSession.started_at), col(LearningSession.id))
    return [(ident or 0, started, minutes) for ident, started, minutes in session.exec(query)]


def sessions_by_id(*, session: Session, session_ids: Sequence[int]) -> list[LearningSession]:
    """The sessions with these ids, in order of start."""
    if not session_ids:
        return []
    query = (
        select(LearningSession)
        .where(col(LearningSession.id).in_(session_ids))
        .order_by(col(LearningSession.started_at), col(LearningSession.id))
    )
    return list(session.exec(query))


# ---------------------------------------------------------------------------- more reads


def get_session(*, session: Session, session_id: int) -> LearningSession | None:
    return session.get(LearningSession, session_id)


def last_session_starts(*, session: Session) -> dict[int, datetime]:
    """When each domain's latest session began (naive UTC), by domain id."""
    query = select(LearningSession.domain_id, func.max(LearningSession.started_at)).group_by(
        col(LearningSession.domain_id)
    )
    return dict(session.exec(query).all())


def has_rest_week(*, session: Session, week: str) -> bool:
    return session.get(RestWeek, week) is not None


def get_setting(*, session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else None


# ---------------------------------------------------------------------------- writes


def add_domain(
    *,
    session: Session,
    name: str,
    area: str | None,
    archived: bool = False,
    uid: str | None = None,
) -> Domain:
    """A new domain (the name already cleaned), flushed so that it has its id; ``uid`` keeps
    the global id a file gave it."""
    domain = Domain(
        name=name,
        name_key=name_key(name),
        area=area,
        archived=archived,
        created_at=datetime.now(UTC),
    )
    if uid is not None:
        domain.uid = uid
    session.add(domain)
    session.flush()
    return domain


def rename_domain(*, session: Session, domain: Domain, name: str) -> None:
    domain.name, domain.name_key = name, name_key(name)
    session.add(domain)


def set_domain_area(*, session: Session, domain: Domain, area: str | None) -> None:
    domain.area = area
    session.add(domain)


def set_domain_archived(*, session: Session, domain: Domain, archived: bool) -> None:
    domain.archived = archived
    session.add(domain)


def merge_domains(*, session: Session, source: Domain, target: Domain) -> int:
    """Move every session, link, assessment and the timer of ``source`` into ``target``, then
    drop ``source``; returns how many sessions moved."""
    src, dst = source.id or 0, target.id or 0
    moved = len(list_sessions(session=session, domain_id=src))
    session.exec(
        update(LearningSession).where(col(LearningSession.domain_id) == src).values(domain_id=dst)
    )
    # A session of the target that integrated the source no longer needs that link.
    for link in session.exec(select(SessionLink).where(SessionLink.domain_id == src)).all():
        owner = session.get(LearningSession, link.session_id)
        duplicate = session.get(SessionLink, (link.session_id, dst))
        session.delete(link)
        session.flush()
        if owner is not None and owner.domain_id != dst and duplicate is None:
            session.add(SessionLink(session_id=link.session_id, domain_id=dst))
    # A session of the source that integrated the target is now the target's own time.
    session.flush()
    for link in session.exec(select(SessionLink).where(SessionLink.domain_id == dst)).all():
        owner = session.get(LearningSession, link.session_id)
        if owner is not None and owner.domain_id == dst:
            session.delete(link)
    session.exec(update(Assessment).where(col(Assessment.domain_id) == src).values(domain_id=dst))
    session.exec(update(Timer).where(col(Timer.domain_id) == src).values(domain_id=dst))
    timer = session.get(Timer, 1)
    if timer is not None and timer.with_ids:
        listed = {int(i) for i in timer.with_ids.split(",")}
        kept = {dst if i == src else i for i in listed} - {timer.domain_id}
        timer.with_ids = ",".join(str(i) for i in sorted(kept))
        session.add(timer)
    # Other devices may still send changes naming the source: they follow it into the target.
    session.merge(SyncRedirect(uid=source.uid, into_uid=target.uid))
    session.flush()
    session.delete(source)
    return moved


def add_assessment(
    *,
    session: Session,
    domain_id: int,
    level: int,
    assessed_on: date,
    note: str | None,
    uid: str | None = None,
) -> None:
    row = Assessment(
        domain_id=domain_id,
        level=level,
        assessed_on=assessed_on,
        note=note,
        created_at=datetime.now(UTC),
    )
    if uid is not None:
        row.uid = uid
    session.add(row)


def update_assessment(
    *,
    session: Session,
    row: Assessment,
    domain_id: int,
    level: int,
    assessed_on: date,
    note: str | None,
) -> None:
    row.domain_id, row.level, row.assessed_on, row.note = domain_id, level, assessed_on, note
    session.add(row)


def add_session(
    *,
    session: Session,
    domain_id: int,
    started_at: datetime,
    minutes: int,
    kind: str,
    note: str | None,
    link_ids: Sequence[int] = (),
    uid: str | None = None,
) -> int:
    """A session (``started_at`` aware) and the domains it integrates; returns its id.
    ``uid`` keeps the global id a file gave it."""
    row = LearningSession(
        domain_id=domain_id,
        started_at=started_at.astimezone(UTC),
        minutes=minutes,
        kind=kind,
        note=note,
        created_at=datetime.now(UTC),
    )
    if uid is not None:
        row.uid = uid
    session.add(row)
    session.flush()
    for link_id in sorted(set(link_ids) - {domain_id}):
        session.add(SessionLink(session_id=row.id or 0, domain_id=link_id))
    return row.id or 0


def update_session(
    *,
    session: Session,
    row: LearningSession,
    minutes: int | None = None,
    domain_id: int | None = None,
    kind: str | None = None,
    note: str | None = None,
    started_at: datetime | None = None,
) -> None:
    """Change the given fields of a session (``note=""`` clears it; None leaves a field)."""
    if minutes is not None:
        row.minutes = minutes
    if domain_id is not None:
        row.domain_id = domain_id
    if kind is not None:
        row.kind = kind
    if note is not None:
        row.note = note or None
    if started_at is not None:
        row.started_at = started_at.astimezone(UTC)
    session.add(row)


def replace_links(*, session: Session, row: LearningSession, domain_ids: Iterable[int]) -> None:
    """The domains a session integrates, replaced by ``domain_ids`` (its own domain left out)."""
    session_id = row.id or 0
    session.exec(delete(SessionLink).where(col(SessionLink.session_id) == session_id))
    for domain_id in sorted(set(domain_ids) - {row.domain_id}):
        session.add(SessionLink(session_id=session_id, domain_id=domain_id))


def delete_session(*, session: Session, row: LearningSession) -> None:
    session.delete(row)


def put_rest_week(*, session: Session, week: str, note: str | None) -> bool:
    """Declare a rest week or change its note; True when it was new."""
    existing = session.get(RestWeek, week)
    if existing is not None:
        existing.note = note
        session.add(existing)
        return False
    session.add(RestWeek(week=week, note=note))
    return True


def delete_rest_week(*, session: Session, week: str) -> bool:
    """Remove a rest week; False when it was not one."""
    existing = session.get(RestWeek, week)
    if existing is None:
        return False
    session.delete(existing)
    return True


def set_setting(*, session: Session, key: str, value: str | None) -> None:
    """Keep ``value`` under ``key``; None removes it."""
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
        session.add(row)


# --- the import's bulk path: columns in, columns out, no objects per session ----------------

SESSION_KEYS = (
    "SELECT id, uid, substr(started_at, 1, 19), minutes, domain_id, kind, coalesce(note, '') "
    "FROM learning_session"
)
INSERT_SESSION = (
    "INSERT INTO learning_session (domain_id, started_at, minutes, kind, note, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
INSERT_SESSION_WITH_UID = (
    "INSERT INTO learning_session (domain_id, started_at, minutes, kind, note, created_at, uid) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
INSERT_LINK = "INSERT INTO session_link (session_id, domain_id) VALUES (?, ?)"


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session an import adds (``started_at`` aware)."""

    domain_id: int
    started_at: datetime
    minutes: int
    kind: str
    note: str | None
    link_ids: tuple[int, ...] = ()
    uid: str | None = None


def _driver(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under ``session``'s transaction, its pending objects written."""
    session.flush()
    return session.connection().connection.driver_connection  # type: ignore[return-value]


def _stored(moment: datetime) -> str:
    """An aware instant as the column stores it (naive UTC text, microseconds always shown)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def session_keys(*, session: Session) -> list[tuple[int, str, str, int, int, str, str]]:
    """(id, uid, start to the second as stored text, minutes, domain id, kind, note or "") of
    every session: what an import compares, read as columns (100,000 objects cost seconds)."""
    return _driver(session).execute(SESSION_KEYS).fetchall()


def session_links(*, session: Session) -> dict[int, tuple[int, ...]]:
    """Every session's linked domains, sorted, by session id (columns, as ``session_keys``)."""
    links: dict[int, list[int]] = defaultdict(list)
    for session_id, domain_id in _driver(session).execute(
        "SELECT session_id, domain_id FROM session_link ORDER BY session_id, domain_id"
    ):
        links[session_id].append(domain_id)
    return {session_id: tuple(ids) for session_id, ids in links.items()}


PROGRESS_EVERY = 2_000
"""Rows between two reports to a progress bar."""

PER_ROW_TRIGGERS = (
    "undo_learning_session_insert",
    "sync_learning_session_insert",
    "undo_session_link_insert",
    "sync_session_link_insert",
)
"""The triggers that file each inserted session and link in the undo journal and the sync log:
an import of many rows writes the same facts set-based instead (three statements, not two
journal rows per row)."""

_UNDO_RANGE = (
    "INSERT INTO undo_step (change_id, statement) "
    "SELECT max(id), ? FROM change HAVING max(id) IS NOT NULL"
)
_LOG_RANGE = (
    "INSERT INTO sync_log (uid, tbl, op, at) "
    f"SELECT s.uid, 'learning_session', 'put', max({NOW_MS_SQL}, "
    "coalesce((SELECT max(l.at) FROM sync_log l WHERE l.uid = s.uid), 0) + 1) "
    "FROM learning_session s WHERE s.id BETWEEN ? AND ? "
    "AND NOT EXISTS (SELECT 1 FROM sync_applying) ORDER BY s.id"
)


def add_sessions(
    *,
    session: Session,
    rows: Sequence[NewSession],
    created_at: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Insert ``rows`` and their links in ``session``'s transaction; returns how many.

    The per-row journal triggers are set aside for the inserts and restored before the
    transaction ends (SQLite's schema changes are transactional: other connections never see
    them gone), and the same facts are written for the whole range at once: one undo step
    removes the sessions and one their links, and every new session gets its ``put`` in the
    sync log, as each would have alone.
    """
    if not rows:
        return 0
    conn = _driver(session)
    created = _stored(created_at)
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
        f"({', '.join('?' * len(PER_ROW_TRIGGERS))})",
        PER_ROW_TRIGGERS,
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    links: list[tuple[int, int]] = []
    first = last = 0
    for done, row in enumerate(rows):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(rows))
        values = (row.domain_id, _stored(row.started_at), row.minutes, row.kind, row.note, created)
        if row.uid is None:
            cursor = conn.execute(INSERT_SESSION, values)
        else:
            cursor = conn.execute(INSERT_SESSION_WITH_UID, (*values, row.uid))
        last = int(cursor.lastrowid or 0)
        first = first or last
        links.extend((last, other) for other in row.link_ids if other != row.domain_id)
    conn.executemany(INSERT_LINK, links)
    # Undo runs its steps newest first: the links go, then the sessions.
    conn.execute(
        _UNDO_RANGE, (f"DELETE FROM learning_session WHERE id BETWEEN {first} AND {last}",)
    )
    conn.execute(
        _UNDO_RANGE, (f"DELETE FROM session_link WHERE session_id BETWEEN {first} AND {last}",)
    )
    conn.execute(_LOG_RANGE, (first, last))
    for _, sql in triggers:
        conn.execute(sql)
    return len(rows)
