"""Imports and exports of the person's history: all-or-nothing, and idempotent when run twice."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import Session

from polymath.core.calendar import EARLIEST
from polymath.core.errors import ImportFailed
from polymath.core.names import clean_name, name_key
from polymath.core.records import (
    AssessmentRecord,
    Dataset,
    DomainRecord,
    RestWeekRecord,
    SessionRecord,
)
from polymath.services.context import Context
from polymath.store import queries
from polymath.store.engine import reading, writing
from polymath.store.models import Assessment, Domain, LearningSession, RestWeek, SessionLink

DomainLookup = Callable[..., Domain]
"""Finds a domain by name, creating it inside the import's transaction when new."""


@dataclass
class ImportReport:
    """What an import added and what it found already there."""

    domains: int = 0
    sessions: int = 0
    assessments: int = 0
    rest_weeks: int = 0
    areas: int = 0
    """Existing domains whose missing area the file supplied."""
    duplicates: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "added": {
                "domains": self.domains,
                "sessions": self.sessions,
                "assessments": self.assessments,
                "rest_weeks": self.rest_weeks,
            },
            "areas_linked": self.areas,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }

    @property
    def added(self) -> int:
        return self.domains + self.sessions + self.assessments + self.rest_weeks + self.areas

    def line(self) -> str:
        counts = [
            (self.sessions, "session"),
            (self.domains, "domain"),
            (self.assessments, "assessment"),
            (self.rest_weeks, "rest week"),
        ]
        text = "added " + ", ".join(_count(n, noun) for n, noun in counts)
        if self.areas:
            text += f"; linked {_count(self.areas, 'domain')} to an area"
        if self.duplicates:
            text += f"; {self.duplicates} already there"
        if self.skipped:
            text += f"; {self.skipped} skipped"
        return text


def _check_dates(dataset: Dataset, now: datetime) -> None:
    """History lies between 1900 and now: a session or assessment outside it is a wrong date."""
    for number, item in enumerate(dataset.sessions, 1):
        if item.started_at.year < EARLIEST.year or item.started_at > now:
            raise ImportFailed(
                f"session {number} starts on {item.started_at:%Y-%m-%d %H:%M} UTC, "
                "outside the history (1900 to now); nothing was imported"
            )
    for number, assessment in enumerate(dataset.assessments, 1):
        if not EARLIEST <= assessment.assessed_on <= now.date():
            raise ImportFailed(
                f"assessment {number} is dated {assessment.assessed_on}, outside the history "
                "(1900 to today); nothing was imported"
            )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _session_key(
    started_at: datetime, minutes: int, domain: str, kind: str, note: str | None
) -> tuple[object, ...]:
    moment = started_at.astimezone(UTC).replace(microsecond=0, tzinfo=None)
    return (moment, minutes, name_key(domain), kind, note or "")


def import_dataset(ctx: Context, dataset: Dataset, *, label: str = "import") -> ImportReport:
    """Add ``dataset`` in one transaction; rows already present are counted, not added again."""
    _check_dates(dataset, ctx.now())
    report = ImportReport()
    with writing(ctx.engine, label) as session:
        domains = {
            d.name_key: d for d in queries.list_domains(session=session, include_archived=True)
        }

        def domain_for(name: str, record: DomainRecord | None = None) -> Domain:
            key = name_key(clean_name(name))
            found = domains.get(key)
            if found is not None and record is not None and record.area and not found.area:
                found.area = record.area  # the file knows the area this database lacked
                session.add(found)
                report.areas += 1
            if found is None:
                found = Domain(
                    name=clean_name(name),
                    name_key=key,
                    area=record.area if record else None,
                    archived=record.archived if record else False,
                    created_at=datetime.now(UTC),
                )
                session.add(found)
                session.flush()
                domains[key] = found
                report.domains += 1
            return found

        for record in dataset.domains:
            domain_for(record.name, record)
        names = {d.id: d.name for d in domains.values()}
        existing = {
            _session_key(s.started_at, s.minutes, names[s.domain_id], s.kind, s.note)
            for s in queries.list_sessions(session=session)
        }
        for item in dataset.sessions:
            _add_session(session, item, domain_for, existing, report)
        _add_assessments(session, dataset.assessments, domain_for, report)
        for rest in dataset.rest_weeks:
            if session.get(RestWeek, rest.week) is None:
                session.add(RestWeek(week=rest.week, note=rest.note))
                report.rest_weeks += 1
            else:
                report.duplicates += 1
        if not report.added:
            session.rollback()  # nothing new: no empty change for undo to revert
    return report


def _add_session(
    session: Session,
    item: SessionRecord,
    domain_for: DomainLookup,
    existing: set[tuple[object, ...]],
    report: ImportReport,
) -> None:
    key = _session_key(item.started_at, item.minutes, item.domain, item.kind, item.note)
    if key in existing:
        report.duplicates += 1
        return
    existing.add(key)
    domain = domain_for(item.domain)
    row = LearningSession(
        domain_id=domain.id or 0,
        started_at=item.started_at.astimezone(UTC),
        minutes=item.minutes,
        kind=item.kind,
        note=item.note,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    linked = {domain_for(other).id for other in item.with_domains} - {domain.id}
    for domain_id in sorted(i or 0 for i in linked):
        session.add(SessionLink(session_id=row.id or 0, domain_id=domain_id))
    report.sessions += 1


def _add_assessments(
    session: Session,
    items: tuple[AssessmentRecord, ...],
    domain_for: DomainLookup,
    report: ImportReport,
) -> None:
    seen = {
        (a.domain_id, a.level, a.assessed_on, a.note or "")
        for a in queries.list_assessments(session=session)
    }
    for item in items:
        domain_id = domain_for(item.domain).id or 0
        key = (domain_id, item.level, item.assessed_on, item.note or "")
        if key in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        session.add(
            Assessment(
                domain_id=domain_id,
                level=item.level,
                assessed_on=item.assessed_on,
                note=item.note,
                created_at=datetime.now(UTC),
            )
        )
        report.assessments += 1


def export_dataset(ctx: Context) -> Dataset:
    """The whole history as records, ready for our JSON or CSV writers."""
    with reading(ctx.engine) as session:
        domains = queries.list_domains(session=session, include_archived=True)
        names = {d.id: d.name for d in domains}
        rows = queries.list_sessions(session=session)
        links = queries.links_by_session(session=session)
        sessions = tuple(
            SessionRecord(
                started_at=r.started_at.astimezone(UTC),
                minutes=r.minutes,
                domain=names[r.domain_id],
                kind=r.kind,
                note=r.note,
                with_domains=tuple(sorted(names[i] for i in links.get(r.id or 0, []))),
            )
            for r in rows
        )
        assessments = tuple(
            AssessmentRecord(names[a.domain_id], a.level, a.assessed_on, a.note)
            for a in queries.list_assessments(session=session)
        )
        rests = tuple(
            RestWeekRecord(r.week, r.note) for r in queries.list_rest_weeks(session=session)
        )
    return Dataset(
        domains=tuple(DomainRecord(d.name, d.area, d.archived) for d in domains),
        sessions=sessions,
        assessments=assessments,
        rest_weeks=rests,
    )
