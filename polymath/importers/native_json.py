"""Polymath's JSON file: the whole history (domains with their areas, sessions, assessments,
rest weeks and the adopted stack), read back by ``load_json`` as equal records.

The file is read a record at a time (``JsonReader``), so a large history is never held as one
tree. Keys may come in any order (``jq -S`` sorts them); a key given twice is refused.
"""

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Final

from polymath.core.durations import WEEK_MINUTES
from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.names import name_key
from polymath.core.records import (
    AssessmentRecord,
    Dataset,
    DomainRecord,
    RestWeekRecord,
    SessionRecord,
    StackRecord,
)
from polymath.importers.checks import (
    Kinds,
    Names,
    check_area,
    check_date,
    check_level,
    check_minutes,
    check_note,
    check_week,
    is_integer,
    parse_utc,
)
from polymath.importers.jsonstream import JsonReader
from polymath.importers.messages import guarded, placed, show
from polymath.importers.result import Identities, ImportResult, Record, Tally, collect
from polymath.importers.source import Source

EXAMPLE_ID: Final = "0190f3a2-7c1e-7d4b-9a2f-3b5c6d7e8f90"
FORMAT_NAME: Final = "polymath"
FORMAT_VERSION: Final = 1
DEFAULT_TARGET_LEVEL: Final = 3
"""A stack's target level when a file leaves it out, as ``polymath stack adopt`` has it."""

_NOT_OURS: Final = 'not a Polymath JSON file (no "format": "polymath")'


def dump_json(dataset: Dataset, ids: Identities | None = None) -> str:
    """The whole history as Polymath JSON, UTF-8 text kept readable rather than escaped.

    With ``ids``, each domain, session and assessment carries its global id (``"id"``), so
    importing the file again, edited, updates those records instead of adding copies.
    """
    stack = dataset.stack
    known = ids or Identities()

    def identified(kind: str, index: int, fields: dict[str, Any]) -> dict[str, Any]:
        identity = known.of(kind, index)
        return {"id": identity, **fields} if identity else fields

    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "domains": [
            identified(
                "domains",
                index,
                {
                    "name": domain.name,
                    "area": domain.area,
                    "archived": domain.archived,
                    **({} if domain.weekly_goal is None else {"weekly_goal": domain.weekly_goal}),
                },
            )
            for index, domain in enumerate(dataset.domains)
        ],
        "sessions": [
            identified(
                "sessions",
                index,
                {
                    "started_at": utc_text(session.started_at),
                    "minutes": session.minutes,
                    "domain": session.domain,
                    "kind": session.kind,
                    "note": session.note,
                    "with": list(session.with_domains),
                },
            )
            for index, session in enumerate(dataset.sessions)
        ],
        "assessments": [
            identified(
                "assessments",
                index,
                {
                    "domain": assessment.domain,
                    "level": assessment.level,
                    "on": assessment.assessed_on.isoformat(),
                    "note": assessment.note,
                },
            )
            for index, assessment in enumerate(dataset.assessments)
        ],
        "rest_weeks": [{"week": rest.week, "note": rest.note} for rest in dataset.rest_weeks],
        "stack": (
            None
            if stack is None
            else {"members": list(stack.members), "target_level": stack.target_level}
        ),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def utc_text(moment: datetime) -> str:
    """``2026-11-20T07:30:00Z``: UTC to the second, the one spelling our files use."""
    if moment.tzinfo is None:
        raise ValueError(f"started_at {moment} has no time zone; records hold aware UTC times")
    return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def load_json(data: str | Source) -> ImportResult:
    """Read Polymath JSON; sessions may name domains the file does not list (they are implied)."""
    tally = Tally()
    return collect(json_records(data, tally), tally)


def json_records(data: str | Source, tally: Tally) -> Iterator[Record]:
    """The records of a Polymath JSON file as they are read; warnings go to ``tally``."""
    source = data if isinstance(data, Source) else Source(data)
    return guarded(_Document(tally).records(JsonReader(source)), "Polymath JSON file")


class _Document:
    """One file being read: the names, kinds and weeks seen so far, to refuse repeats."""

    def __init__(self, tally: Tally) -> None:
        self._tally = tally
        self._names = Names()
        self._kinds = Kinds()
        self._listed_domains: set[str] = set()
        self._weeks: set[str] = set()
        self._lists: dict[str, tuple[str, Callable[[dict[str, Any]], Record]]] = {
            "domains": ("domain", self._domain),
            "sessions": ("session", self._session),
            "assessments": ("assessment", self._assessment),
            "rest_weeks": ("rest week", self._rest_week),
        }
        self._ids: dict[str, set[str]] = {"domains": set(), "sessions": set(), "assessments": set()}

    def records(self, reader: JsonReader) -> Iterator[Record]:
        ahead = reader.peek()
        if not ahead:
            raise ImportFailed("the file is empty")
        if ahead != "{":
            reader.value()
            reader.end()
            raise ImportFailed(_NOT_OURS)
        seen: set[str] = set()
        stack: object = None
        for key in reader.object_keys():
            if key in seen:
                raise ImportFailed(f"the key {show(key)} is given twice")
            seen.add(key)
            if key == "format":
                if reader.value() != FORMAT_NAME:
                    raise ImportFailed(_NOT_OURS)
            elif key == "version":
                _check_version(reader.value())
            elif key in self._lists:
                yield from self._list(reader, key)
            elif key == "stack":
                stack = reader.value()
            else:
                reader.value()
                self._tally.warnings.append(f"ignored unknown key {show(key)}")
        reader.end()
        if "format" not in seen:
            raise ImportFailed(_NOT_OURS)
        if "version" not in seen:
            raise ImportFailed('not a Polymath JSON file (no "version")')
        if stack is not None:
            try:
                yield self._stack(stack)
            except (ImportFailed, InvalidInput) as exc:
                raise placed("stack", exc) from None

    def _list(self, reader: JsonReader, key: str) -> Iterator[Record]:
        """Build each record of one list, naming its place in any complaint."""
        label, build = self._lists[key]
        if reader.peek() != "[":
            if reader.value() is None:
                return
            raise ImportFailed(f'"{key}" is not a list')
        for number, item in enumerate(reader.items(), start=1):
            try:
                if type(item) is not dict:
                    raise ImportFailed(f"{show(item)} is not a JSON object")
                record = build(item)
                if key in self._ids:
                    self._tally.identify(key, self._identity(key, item))
            except (ImportFailed, InvalidInput) as exc:
                raise placed(f"{label} {number}", exc) from None
            yield record

    def _identity(self, key: str, item: dict[str, Any]) -> str | None:
        """A record's global id: a UUID, given once per list (none: matched by content)."""
        value = item.get("id")
        if value is None:
            return None
        try:
            identity = str(uuid.UUID(value)) if isinstance(value, str) else None
        except ValueError:
            identity = None
        if identity is None:
            raise ImportFailed(f"id {show(value)} is not a UUID such as {EXAMPLE_ID}")
        if identity in self._ids[key]:
            raise ImportFailed(f"id {show(value)} is given twice")
        self._ids[key].add(identity)
        return identity

    def _domain(self, item: dict[str, Any]) -> DomainRecord:
        archived = item.get("archived", False)
        if not isinstance(archived, bool):
            raise ImportFailed(f"archived {show(archived)} is not true or false")
        name = self._names.check(_required(item, "name"))
        key = name_key(name)
        if key in self._listed_domains:
            raise ImportFailed(f"{show(name)} is listed twice")
        self._listed_domains.add(key)
        goal = item.get("weekly_goal")
        if goal is not None and (
            not isinstance(goal, int) or isinstance(goal, bool) or not 0 < goal <= WEEK_MINUTES
        ):
            raise ImportFailed(f"weekly_goal {show(goal)} is not minutes between 1 and 10080")
        return DomainRecord(
            name=name, area=check_area(item.get("area")), archived=archived, weekly_goal=goal
        )

    def _session(self, item: dict[str, Any]) -> SessionRecord:
        try:
            started_at, minutes = item["started_at"], item["minutes"]
            domain, kind = item["domain"], item["kind"]
        except KeyError as missing:
            raise ImportFailed(f'no "{missing.args[0]}"') from None
        with_domains = item.get("with")
        return SessionRecord(
            started_at=parse_utc(started_at),
            minutes=check_minutes(minutes),
            domain=self._names.check(domain),
            kind=self._kinds.check(kind),
            note=check_note(item.get("note")),
            with_domains=(
                ()
                if with_domains is None or with_domains == []
                else self._with_domains(with_domains)
            ),
        )

    def _with_domains(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ImportFailed(f"with {show(value)} is not a list of domains")
        return tuple(self._names.check(name, "with domain") for name in value)

    def _assessment(self, item: dict[str, Any]) -> AssessmentRecord:
        return AssessmentRecord(
            domain=self._names.check(_required(item, "domain")),
            level=check_level(_required(item, "level")),
            assessed_on=check_date(_required(item, "on"), "on"),
            note=check_note(item.get("note")),
        )

    def _rest_week(self, item: dict[str, Any]) -> RestWeekRecord:
        week = check_week(_required(item, "week"))
        if week in self._weeks:
            raise ImportFailed(f"{show(week)} is listed twice")
        self._weeks.add(week)
        return RestWeekRecord(week=week, note=check_note(item.get("note")))

    def _stack(self, value: object) -> StackRecord:
        """Three different domains of the file and a level: what ``stack adopt`` keeps."""
        if not isinstance(value, dict):
            raise ImportFailed(f"{show(value)} is not a JSON object")
        members = value.get("members")
        if not isinstance(members, list) or len(members) != 3:
            raise ImportFailed(f"members {show(members)} is not a list of three domains")
        known = self._names.keys()
        names = tuple(self._names.check(member, "member") for member in members)
        if len({name_key(name) for name in names}) != 3:
            raise ImportFailed("a stack has three different domains")
        for name in names:
            if name_key(name) not in known:
                raise ImportFailed(f"{show(name)} is not a domain of the file")
        level = value.get("target_level", DEFAULT_TARGET_LEVEL)
        return StackRecord(members=(names[0], names[1], names[2]), target_level=check_level(level))


def _required(item: dict[str, Any], key: str) -> object:
    if key not in item:
        raise ImportFailed(f'no "{key}"')
    return item[key]


def _check_version(version: object) -> None:
    if version is None:
        raise ImportFailed('not a Polymath JSON file (no "version")')
    if not is_integer(version) or version < 1:
        raise ImportFailed(f"unknown Polymath JSON version {show(version)}")
    if version > FORMAT_VERSION:
        raise ImportFailed(
            f"written by a newer Polymath (version {version}); "
            f"this one reads version {FORMAT_VERSION}: upgrade Polymath"
        )
