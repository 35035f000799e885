"""Imports and exports of the person's history: all-or-nothing, and idempotent when run twice."""

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
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
from polymath.importers.result import Identities
from polymath.services.areas import POPULATION_SETTING, suggest_in
from polymath.services.context import Context
from polymath.services.goals import goal_of, keep_goal
from polymath.services.review import STACK_SETTING
from polymath.store import queries
from polymath.store.engine import Tx, reading, writing
from polymath.store.models import Domain

SOURCE_NAMESPACE = uuid.UUID("3f0d6a8e-91c4-4b0e-8d57-2a7e4c1b9f63")
"""Ids of records another tracker names (``watson/<frame id>``) are UUIDs 5 in this space: an
import of the same frame on any device gives its session the same id."""

Progress = Callable[[str, int, int], None]
"""Told how far an import is: (the step, done, total)."""

DomainLookup = Callable[..., Domain]
"""Finds a domain by name, creating it inside the import's transaction when new."""


@dataclass
class ImportReport:
    """What an import added, what it updated (records it knew by their id), and what it found
    already there, unchanged."""

    domains: int = 0
    sessions: int = 0
    assessments: int = 0
    rest_weeks: int = 0
    updated_domains: int = 0
    updated_sessions: int = 0
    updated_assessments: int = 0
    areas: int = 0
    goals: int = 0
    """Domains whose weekly goal the file set or changed."""
    """Existing domains whose missing area the file supplied."""
    suggested_areas: int = 0
    """New domains the file gave no area, mapped to the area their name suggests."""
    stack: tuple[str, ...] = ()
    """The stack the file brought and this import adopted (none adopted before)."""
    duplicates: int = 0
    """Sessions, assessments and rest weeks already there, unchanged (a domain already there is
    simply used)."""
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
            "updated": {
                "domains": self.updated_domains,
                "sessions": self.updated_sessions,
                "assessments": self.updated_assessments,
            },
            "unchanged": self.duplicates,
            "areas_linked": self.areas,
            "goals_set": self.goals,
            "areas_suggested": self.suggested_areas,
            "stack_adopted": list(self.stack) or None,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }

    @property
    def updated(self) -> int:
        return self.updated_domains + self.updated_sessions + self.updated_assessments

    @property
    def added(self) -> int:
        """Everything this import changed: what it added and what it updated."""
        return (
            self.domains
            + self.sessions
            + self.assessments
            + self.rest_weeks
            + self.areas
            + self.goals
            + bool(self.stack)
            + self.updated
        )

    def line(self) -> str:
        counts = [
            (self.sessions, "session"),
            (self.domains, "domain"),
            (self.assessments, "assessment"),
            (self.rest_weeks, "rest week"),
        ]
        text = "added " + ", ".join(_count(n, noun) for n, noun in counts)
        updated = [
            (self.updated_sessions, "session"),
            (self.updated_domains, "domain"),
            (self.updated_assessments, "assessment"),
        ]
        if self.updated:
            text += "; updated " + ", ".join(_count(n, noun) for n, noun in updated if n)
        if self.areas:
            text += f"; linked {_count(self.areas, 'domain')} to an area"
        if self.goals:
            text += f"; set {_count(self.goals, 'weekly goal')}"
        if self.suggested_areas:
            text += f"; mapped {_count(self.suggested_areas, 'new domain')} to an area by name"
        if self.stack:
            text += f"; adopted the stack {' + '.join(self.stack)}"
        if self.duplicates:
            text += f"; {self.duplicates} unchanged"
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


SessionKey = tuple[str, int, int, str, str]
"""(start to the second as stored UTC text, minutes, domain id, kind, note or ""): a session
the history already holds, whichever file or device it came from."""


def _start_key(started_at: datetime) -> str:
    return started_at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")


def import_dataset(
    ctx: Context,
    dataset: Dataset,
    *,
    label: str = "import",
    ids: Identities | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Add ``dataset`` in one transaction; rows already present are counted, not added again.

    A record the file identifies (``ids``: our JSON's global ids, a Watson frame's id, a
    Timewarrior interval's start) is the same record on every import: found again, it is
    updated to the file's version, so re-importing an edited export or a re-mapped Watson file
    changes sessions instead of doubling them. A new record keeps the file's id. Records the
    file does not identify are matched by their content, as before.

    A new domain the file does not describe (a CSV of another era, another tracker's projects)
    is mapped to the area its name suggests, as a check-in does. The file's adopted stack is adopted
    when this database has none; a different one already adopted is kept, with a warning.
    """
    _check_dates(dataset, ctx.now())
    known = ids or Identities()
    report = ImportReport()
    with writing(ctx.engine, label) as session:
        domains = {
            d.name_key: d for d in queries.list_domains(session=session, include_archived=True)
        }
        by_uid = {d.uid: d for d in domains.values()}
        population = queries.get_setting(session=session, key=POPULATION_SETTING)

        def suggested(name: str) -> str | None:
            area = suggest_in(population, ctx.db_path, name)
            report.suggested_areas += area is not None
            return area

        def domain_for(
            name: str, record: DomainRecord | None = None, uid: str | None = None
        ) -> Domain:
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
                    uid=uid if uid not in by_uid else None,
                )
                domains[key] = found
                by_uid[found.uid] = found
                report.domains += 1
            return found

        for index, record in enumerate(dataset.domains):
            uid = _uid(known.of("domains", index))
            if uid is not None and uid in by_uid:
                _update_domain(session, by_uid[uid], record, domains, report)
                found = by_uid[uid]
            else:
                found = domain_for(record.name, record, uid)
            if record.weekly_goal is not None and goal_of(session, found.uid) != record.weekly_goal:
                keep_goal(session, found.uid, record.weekly_goal)
                report.goals += 1
        _add_sessions(ctx, session, dataset.sessions, domain_for, report, known, progress)
        _add_assessments(session, dataset.assessments, domain_for, report, known)
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


def _uid(identity: str | None) -> str | None:
    """The global id of a record a file identifies: ours as given, another tracker's key made
    into the UUID every import of it gets."""
    if identity is None:
        return None
    try:
        return str(uuid.UUID(identity))
    except ValueError:
        return str(uuid.uuid5(SOURCE_NAMESPACE, identity))


def _update_domain(
    session: Tx,
    domain: Domain,
    record: DomainRecord,
    domains: dict[str, Domain],
    report: ImportReport,
) -> None:
    """A domain the file identifies: renamed, re-mapped or (un)archived as the file has it."""
    name = clean_name(record.name)
    changed = False
    if name != domain.name:
        clash = domains.get(name_key(name))
        if clash is not None and clash.id != domain.id:
            report.warnings.append(
                f"kept the name {domain.name!r}: the file renames it to {name!r}, "
                "which another domain has"
            )
        else:
            domains.pop(domain.name_key, None)
            queries.rename_domain(session=session, domain=domain, name=name)
            domains[domain.name_key] = domain
            changed = True
    if record.area != domain.area:
        queries.set_domain_area(session=session, domain=domain, area=record.area)
        changed = True
    if record.archived != domain.archived:
        queries.set_domain_archived(session=session, domain=domain, archived=record.archived)
        changed = True
    if changed:
        report.updated_domains += 1


def _add_sessions(
    ctx: Context,
    session: Tx,
    items: Sequence[SessionRecord],
    domain_for: DomainLookup,
    report: ImportReport,
    known: Identities,
    progress: Progress | None = None,
) -> None:
    """Add the file's new sessions in one pass of plain inserts, update those it identifies.

    Keys are compared as columns and new rows written without an object each: a 100,000-session
    file costs what its parsing costs, not an ORM flush per session.
    """
    existing: set[SessionKey] = set()
    stored: dict[str, tuple[int, SessionKey]] = {}
    for columns in queries.session_keys(session=session):
        existing.add(columns[2:])
        stored[columns[1]] = (columns[0], columns[2:])
    linked = queries.session_links(session=session) if stored else {}
    resolved: dict[str, Domain] = {}

    def domain_of(name: str) -> Domain:
        found = resolved.get(name)
        if found is None:
            found = resolved[name] = domain_for(name)
        return found

    def links_of(item: SessionRecord, domain_id: int) -> tuple[int, ...]:
        return tuple(
            sorted({domain_of(other).id or 0 for other in item.with_domains} - {domain_id})
        )

    new: list[queries.NewSession] = []
    pending: dict[str, tuple[int, SessionKey]] = {}
    for index, item in enumerate(items):
        uid = _uid(known.of("sessions", index))
        domain_id = domain_of(item.domain).id or 0
        key = (_start_key(item.started_at), item.minutes, domain_id, item.kind, item.note or "")
        if uid is not None and uid in stored:
            row_id, before = stored[uid]
            links = links_of(item, domain_id)
            if before == key and linked.get(row_id, ()) == links:
                report.duplicates += 1
                continue
            row = queries.get_session(session=session, session_id=row_id)
            assert row is not None  # read in this transaction
            queries.update_session(
                session=session,
                row=row,
                minutes=item.minutes,
                domain_id=domain_id,
                kind=item.kind,
                note=item.note or "",
                started_at=item.started_at,
            )
            queries.replace_links(session=session, row=row, domain_ids=list(links))
            linked[row_id] = links
            existing.discard(before)
            existing.add(key)
            stored[uid] = (row_id, key)
            report.updated_sessions += 1
            continue
        if uid is not None and uid in pending:
            # the file names one record twice: its later version wins, as on a second import
            place, before = pending[uid]
            links = links_of(item, domain_id)
            if before == key and new[place].link_ids == links:
                report.duplicates += 1
                continue
            existing.discard(before)
            existing.add(key)
            new[place] = _new_session(item, domain_id, links, uid)
            pending[uid] = (place, key)
            report.updated_sessions += 1
            continue
        if key in existing:
            report.duplicates += 1
            continue
        existing.add(key)
        if uid is not None:
            pending[uid] = (len(new), key)
        new.append(_new_session(item, domain_id, links_of(item, domain_id), uid))
        report.sessions += 1
    written = None if progress is None else (lambda done, total: progress("writing", done, total))
    queries.add_sessions(session=session, rows=new, created_at=ctx.now(), progress=written)


def _new_session(
    item: SessionRecord, domain_id: int, links: tuple[int, ...], uid: str | None
) -> queries.NewSession:
    return queries.NewSession(
        domain_id=domain_id,
        started_at=item.started_at,
        minutes=item.minutes,
        kind=item.kind,
        note=item.note,
        link_ids=links,
        uid=uid,
    )


def _add_assessments(
    session: Tx,
    items: tuple[AssessmentRecord, ...],
    domain_for: DomainLookup,
    report: ImportReport,
    known: Identities,
) -> None:
    rows = queries.list_assessments(session=session)
    seen = {(a.domain_id, a.level, a.assessed_on, a.note or "") for a in rows}
    by_uid = {a.uid: a for a in rows}
    for index, item in enumerate(items):
        domain_id = domain_for(item.domain).id or 0
        key = (domain_id, item.level, item.assessed_on, item.note or "")
        uid = _uid(known.of("assessments", index))
        found = by_uid.get(uid) if uid is not None else None
        if found is not None:
            before = (found.domain_id, found.level, found.assessed_on, found.note or "")
            if before == key:
                report.duplicates += 1
                continue
            seen.discard(before)
            seen.add(key)
            queries.update_assessment(
                session=session,
                row=found,
                domain_id=domain_id,
                level=item.level,
                assessed_on=item.assessed_on,
                note=item.note,
            )
            report.updated_assessments += 1
            continue
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
            uid=uid,
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
    return export_identified(ctx)[0]


def export_identified(ctx: Context) -> tuple[Dataset, Identities]:
    """The whole history as records, with each domain's, session's and level's global id."""
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
        assessment_rows = queries.list_assessments(session=session)
        assessments = tuple(
            AssessmentRecord(names[a.domain_id], a.level, a.assessed_on, a.note)
            for a in assessment_rows
        )
        ids = Identities(
            domains=tuple(d.uid for d in domains),
            sessions=tuple(r.uid for r in rows),
            assessments=tuple(a.uid for a in assessment_rows),
        )
        rests = tuple(
            RestWeekRecord(r.week, r.note) for r in queries.list_rest_weeks(session=session)
        )
        stack = queries.get_setting(session=session, key=STACK_SETTING)
        goals = {d.uid: goal_of(session, d.uid) for d in domains}
    adopted = None
    if stack is not None:
        data = json.loads(stack)
        members = tuple(str(m) for m in data.get("members", []))
        if len(members) == 3:
            adopted = StackRecord((members[0], members[1], members[2]), int(data["target_level"]))
    dataset = Dataset(
        domains=tuple(DomainRecord(d.name, d.area, d.archived, goals[d.uid]) for d in domains),
        sessions=sessions,
        assessments=assessments,
        rest_weeks=rests,
        stack=adopted,
    )
    return dataset, ids


MAX_IMPORT_BYTES = 50 * 1024 * 1024


def import_file(
    ctx: Context,
    path: Path,
    *,
    fmt: str | None = None,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
    progress: Progress | None = None,
) -> ImportReport:
    """Read a history file (our JSON or CSV, Watson frames, ``timew export``) and import it whole.

    The format is guessed from the content and the name when not given. ``progress`` hears each
    step of a long import: ("reading", bytes read, the file's size), ("writing", sessions
    written, sessions to write).
    """
    from polymath.importers import load_file

    result = load_file(
        path,
        fmt,
        domain_map=domain_map,
        kind_map=kind_map,
        default_kind=default_kind,
        max_bytes=MAX_IMPORT_BYTES,
        progress=None if progress is None else (lambda done, size: progress("reading", done, size)),
    )
    name = "standard input" if str(path) == "-" else path.name
    report = import_dataset(
        ctx, result.dataset, label=f"import {name}", ids=result.ids, progress=progress
    )
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
    dataset, ids = export_identified(ctx)
    text = dump_json(dataset, ids) if fmt == "json" else dump_csv(dataset)
    return text, len(dataset.sessions)
