"""Imports and exports of the person's history: all-or-nothing, and idempotent when run twice."""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from polymath.core.calendar import EARLIEST
from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.names import clean_name, name_key
from polymath.core.records import (
    AssessmentRecord,
    Dataset,
    DomainRecord,
    RestWeekRecord,
    SessionRecord,
    StackRecord,
)
from polymath.services.areas import POPULATION_SETTING, suggest_in
from polymath.services.context import Context
from polymath.services.review import STACK_SETTING
from polymath.store import queries
from polymath.store.engine import Tx, reading, writing
from polymath.store.models import Domain

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
    suggested_areas: int = 0
    """New domains the file gave no area, mapped to the area their name suggests."""
    stack: tuple[str, ...] = ()
    """The stack the file brought and this import adopted (none adopted before)."""
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
            "areas_suggested": self.suggested_areas,
            "stack_adopted": list(self.stack) or None,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }

    @property
    def added(self) -> int:
        return (
            self.domains
            + self.sessions
            + self.assessments
            + self.rest_weeks
            + self.areas
            + bool(self.stack)
        )

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
        if self.suggested_areas:
            text += f"; mapped {_count(self.suggested_areas, 'new domain')} to an area by name"
        if self.stack:
            text += f"; adopted the stack {' + '.join(self.stack)}"
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
    """Add ``dataset`` in one transaction; rows already present are counted, not added again.

    A new domain the file does not describe (a CSV of another era, another tracker's projects)
    is mapped to the area its name suggests, as a check-in does. The file's adopted stack is adopted
    when this database has none; a different one already adopted is kept, with a warning.
    """
    _check_dates(dataset, ctx.now())
    report = ImportReport()
    with writing(ctx.engine, label) as session:
        domains = {
            d.name_key: d for d in queries.list_domains(session=session, include_archived=True)
        }
        population = queries.get_setting(session=session, key=POPULATION_SETTING)

        def suggested(name: str) -> str | None:
            area = suggest_in(population, ctx.db_path, name)
            report.suggested_areas += area is not None
            return area

        def domain_for(name: str, record: DomainRecord | None = None) -> Domain:
            key = name_key(clean_name(name))
            found = domains.get(key)
            if found is not None and record is not None and record.area and not found.area:
                # the file knows the area this database lacked
                queries.set_domain_area(session=session, domain=found, area=record.area)
                report.areas += 1
            if found is None:
                # a file that lists the domain says its area (none is an answer too); a domain
                # named only by its sessions gets the area its name suggests
                area = record.area if record is not None else suggested(clean_name(name))
                found = queries.add_domain(
                    session=session,
                    name=clean_name(name),
                    area=area,
                    archived=record.archived if record else False,
                )
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
            if queries.has_rest_week(session=session, week=rest.week):
                report.duplicates += 1
            else:
                queries.put_rest_week(session=session, week=rest.week, note=rest.note)
                report.rest_weeks += 1
        if dataset.stack is not None:
            _adopt_stack(session, dataset.stack, domain_for, report)
        if not report.added:
            session.rollback()  # nothing new: no empty change for undo to revert
    if report.added:
        ctx.refresh_history()  # older sessions removed the summary: sum it again now, once
    return report


def _add_session(
    session: Tx,
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
    queries.add_session(
        session=session,
        domain_id=domain.id or 0,
        started_at=item.started_at,
        minutes=item.minutes,
        kind=item.kind,
        note=item.note,
        link_ids=[domain_for(other).id or 0 for other in item.with_domains],
    )
    report.sessions += 1


def _add_assessments(
    session: Tx,
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
        queries.add_assessment(
            session=session,
            domain_id=domain_id,
            level=item.level,
            assessed_on=item.assessed_on,
            note=item.note,
        )
        report.assessments += 1


def _adopt_stack(
    session: Tx, stack: StackRecord, domain_for: DomainLookup, report: ImportReport
) -> None:
    members = [domain_for(name).name for name in stack.members]
    value = queries.get_setting(session=session, key=STACK_SETTING)
    if value is None:
        stack_value = {"members": members, "target_level": stack.target_level}
        queries.set_setting(session=session, key=STACK_SETTING, value=json.dumps(stack_value))
        report.stack = tuple(members)
        return
    current = json.loads(value)
    if [name_key(m) for m in current.get("members", [])] == [name_key(m) for m in members]:
        report.duplicates += 1
        return
    report.warnings.append(
        f"kept the adopted stack {' + '.join(current.get('members', []))}; "
        f"the file's {' + '.join(members)} was not adopted"
    )


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
        stack = queries.get_setting(session=session, key=STACK_SETTING)
    adopted = None
    if stack is not None:
        data = json.loads(stack)
        members = tuple(str(m) for m in data.get("members", []))
        if len(members) == 3:
            adopted = StackRecord((members[0], members[1], members[2]), int(data["target_level"]))
    return Dataset(
        domains=tuple(DomainRecord(d.name, d.area, d.archived) for d in domains),
        sessions=sessions,
        assessments=assessments,
        rest_weeks=rests,
        stack=adopted,
    )


MAX_IMPORT_BYTES = 50 * 1024 * 1024


def import_file(
    ctx: Context,
    path: Path,
    *,
    fmt: str | None = None,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
) -> ImportReport:
    """Read a history file (our JSON or CSV, Watson frames, ``timew export``) and import it whole.

    The format is guessed from the content and the name when not given.
    """
    from polymath.importers import load_file

    result = load_file(
        path,
        fmt,
        domain_map=domain_map,
        kind_map=kind_map,
        default_kind=default_kind,
        max_bytes=MAX_IMPORT_BYTES,
    )
    report = import_dataset(ctx, result.dataset, label=f"import {path.name}")
    report.skipped += result.skipped
    report.warnings.extend(result.warnings)
    return report


SESSION_FORMATS = ("json", "csv")


def export_sessions(ctx: Context, fmt: str = "json") -> tuple[str, int]:
    """The whole history in our JSON (everything) or CSV (sessions with their areas), and how
    many sessions."""
    from polymath.importers.native import dump_csv, dump_json

    if fmt not in SESSION_FORMATS:
        raise InvalidInput(f"sessions export as {' or '.join(SESSION_FORMATS)}, not {fmt!r}")
    dataset = export_dataset(ctx)
    text = dump_json(dataset) if fmt == "json" else dump_csv(dataset)
    return text, len(dataset.sessions)
