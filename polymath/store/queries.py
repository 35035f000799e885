"""Small keyword-only queries over the SQLModel tables, for the services of the slow path."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from polymath.core.names import name_key
from polymath.store.models import Assessment, Domain, LearningSession, RestWeek, SessionLink


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
