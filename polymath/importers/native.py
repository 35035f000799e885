"""Polymath's own files: a JSON file of the whole history and a CSV file of sessions.

Both round-trip: what ``dump_*`` writes, ``load_*`` reads back as equal records, so an export is a
backup the user can also open in a spreadsheet or a text editor.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.records import (
    AssessmentRecord,
    Dataset,
    DomainRecord,
    RestWeekRecord,
    SessionRecord,
)
from polymath.importers.result import (
    MAX_MINUTES,
    ImportResult,
    check_domain,
    check_kind,
    check_minutes,
    check_not_empty,
    check_text,
    is_integer,
    located,
    no_raw_errors,
    parse_json,
    parse_utc,
    show,
)

FORMAT_NAME: Final = "polymath"
FORMAT_VERSION: Final = 1
CSV_COLUMNS: Final = ("started_at", "minutes", "domain", "kind", "note", "with")
WITH_SEPARATOR: Final = "; "

_REQUIRED_CSV_COLUMNS: Final = ("started_at", "minutes", "domain", "kind")
_TOP_KEYS: Final = frozenset(
    {"format", "version", "domains", "sessions", "assessments", "rest_weeks"}
)
_WHOLE_NUMBER = re.compile(r"[+-]?\d+", re.ASCII)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)

_Record = TypeVar("_Record")


# --- JSON -------------------------------------------------------------------------------------


def dump_json(dataset: Dataset) -> str:
    """The whole history as Polymath JSON, UTF-8 text kept readable rather than escaped."""
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "domains": [
            {"name": domain.name, "area": domain.area, "archived": domain.archived}
            for domain in dataset.domains
        ],
        "sessions": [
            {
                "started_at": utc_text(session.started_at),
                "minutes": session.minutes,
                "domain": session.domain,
                "kind": session.kind,
                "note": session.note,
                "with": list(session.with_domains),
            }
            for session in dataset.sessions
        ],
        "assessments": [
            {
                "domain": assessment.domain,
                "level": assessment.level,
                "on": assessment.assessed_on.isoformat(),
                "note": assessment.note,
            }
            for assessment in dataset.assessments
        ],
        "rest_weeks": [{"week": rest.week, "note": rest.note} for rest in dataset.rest_weeks],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def load_json(text: str) -> ImportResult:
    """Read Polymath JSON; sessions may name domains the file does not list (they are implied)."""
    with no_raw_errors("Polymath JSON file"):
        document = parse_json(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
            raise ImportFailed('not a Polymath JSON file (no "format": "polymath")')
        _check_version(document.get("version"))
        domains = _records(document, "domains", "domain", _domain)
        _refuse_repeats([domain.name for domain in domains], "domain")
        rest_weeks = _records(document, "rest_weeks", "rest week", _rest_week)
        _refuse_repeats([rest.week for rest in rest_weeks], "rest week")
        dataset = Dataset(
            domains=domains,
            sessions=_records(document, "sessions", "session", _session),
            assessments=_records(document, "assessments", "assessment", _assessment),
            rest_weeks=rest_weeks,
        )
        warnings = tuple(
            f"ignored unknown key {show(key)}" for key in document if key not in _TOP_KEYS
        )
        return ImportResult(dataset=dataset, warnings=warnings)


def utc_text(moment: datetime) -> str:
    """``2026-11-20T07:30:00Z``: UTC to the second, the one spelling our files use."""
    if moment.tzinfo is None:
        raise ValueError(f"started_at {moment} has no time zone; records hold aware UTC times")
    return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


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


def _records(
    document: dict[str, Any],
    key: str,
    label: str,
    build: Callable[[dict[str, Any]], _Record],
) -> tuple[_Record, ...]:
    """Build each record of one list, naming the list and the record's place in any complaint."""
    items = document.get(key)
    if items is None:
        return ()
    if not isinstance(items, list):
        raise ImportFailed(f'"{key}" is not a list')
    records = []
    for number, item in enumerate(items, start=1):
        with located(f"{label} {number}"):
            if not isinstance(item, dict):
                raise ImportFailed(f"{show(item)} is not a JSON object")
            records.append(build(item))
    return tuple(records)


def _required(item: dict[str, Any], key: str) -> object:
    if key not in item:
        raise ImportFailed(f'no "{key}"')
    return item[key]


def _refuse_repeats(names: list[str], label: str) -> None:
    """Two entries for one domain or week would leave the import to pick one silently."""
    seen: set[str] = set()
    for number, name in enumerate(names, start=1):
        if name in seen:
            raise ImportFailed(f"{label} {number}: {show(name)} is listed twice")
        seen.add(name)


def _domain(item: dict[str, Any]) -> DomainRecord:
    archived = item.get("archived", False)
    if not isinstance(archived, bool):
        raise ImportFailed(f"archived {show(archived)} is not true or false")
    return DomainRecord(
        name=check_domain(_required(item, "name")),
        area=check_text(item.get("area"), "area"),
        archived=archived,
    )


def _session(item: dict[str, Any]) -> SessionRecord:
    return SessionRecord(
        started_at=parse_utc(_required(item, "started_at")),
        minutes=check_minutes(_required(item, "minutes")),
        domain=check_domain(_required(item, "domain")),
        kind=check_kind(_required(item, "kind")),
        note=check_text(item.get("note"), "note"),
        with_domains=_with_domains(item.get("with")),
    )


def _with_domains(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ImportFailed(f"with {show(value)} is not a list of domains")
    return tuple(check_domain(name, "with domain") for name in value)


def _assessment(item: dict[str, Any]) -> AssessmentRecord:
    return AssessmentRecord(
        domain=check_domain(_required(item, "domain")),
        level=check_level(_required(item, "level")),
        assessed_on=check_date(_required(item, "on"), "on"),
        note=check_text(item.get("note"), "note"),
    )


def _rest_week(item: dict[str, Any]) -> RestWeekRecord:
    return RestWeekRecord(
        week=check_week(_required(item, "week")),
        note=check_text(item.get("note"), "note"),
    )


def check_level(value: object) -> int:
    """A Dreyfus level, 1 (novice) to 5 (expert)."""
    if not is_integer(value) or not 1 <= value <= 5:
        raise ImportFailed(f"level {show(value)} is not a whole number from 1 to 5")
    return value


def check_date(value: object, what: str) -> date:
    """A calendar day written ``YYYY-MM-DD`` (the only spelling our files use)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ImportFailed(f"{what} {show(value)} is not a date such as 2026-01-05")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ImportFailed(f"{what} {show(value)} is not a valid date") from exc


def check_week(value: object) -> str:
    """An ISO week label ``YYYY-Www`` naming a week that exists (only some years have a W53)."""
    match = _ISO_WEEK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ImportFailed(f"week {show(value)} is not an ISO week such as 2026-W52")
    year, week = int(match[1]), int(match[2])
    weeks_in_year = date(year, 12, 28).isocalendar().week if year >= 1 else 0
    if not 1 <= week <= weeks_in_year:
        raise ImportFailed(f"week {show(value)} does not exist ({year} has {weeks_in_year} weeks)")
    return match[0]


# --- CSV --------------------------------------------------------------------------------------


def dump_csv(sessions: Iterable[SessionRecord]) -> str:
    """Sessions as CSV for spreadsheets; RFC 4180 line ends, so write the text with newline="".

    Raises InvalidInput if a domain integrated in a session has ';' in its name: the ``with``
    column could not tell it from two domains (the JSON file has no such limit).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for session in sessions:
        for name in session.with_domains:
            if ";" in name:
                raise InvalidInput(
                    f"domain {show(name)} has a ';', which the CSV with column cannot hold: "
                    "export JSON instead"
                )
        writer.writerow(
            (
                utc_text(session.started_at),
                session.minutes,
                session.domain,
                session.kind,
                session.note or "",
                WITH_SEPARATOR.join(session.with_domains),
            )
        )
    return buffer.getvalue()


def load_csv(text: str) -> ImportResult:
    """Read sessions from CSV with a header row; columns may come in any order."""
    with no_raw_errors("CSV file"):
        rows = _csv_rows(check_not_empty(text))
        _, header = next(rows)
        columns, warnings = _csv_columns(header)
        sessions = []
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            with located(f"line {line}"):
                if len(row) != len(header):
                    raise ImportFailed(f"{len(row)} fields where the header has {len(header)}")
                sessions.append(_csv_session({name: row[at] for name, at in columns.items()}))
        if not sessions:
            warnings.append("the file lists no sessions")
        return ImportResult(dataset=Dataset(sessions=tuple(sessions)), warnings=tuple(warnings))


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted note can span several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFailed(f"line {line}: not valid CSV: {exc}") from exc
        yield line, row


def _csv_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Where each known column is; unknown columns are ignored, with a warning."""
    columns: dict[str, int] = {}
    warnings = []
    for at, cell in enumerate(header):
        name = cell.strip().lower()
        if name in columns:
            raise ImportFailed(f"line 1: column {show(name)} appears twice in the header")
        if name in CSV_COLUMNS:
            columns[name] = at
        else:
            warnings.append(f"ignored column {show(cell)}")
    for name in _REQUIRED_CSV_COLUMNS:
        if name not in columns:
            raise ImportFailed(
                f"line 1: the header has no {name} column (expected {','.join(CSV_COLUMNS)})"
            )
    return columns, warnings


def _csv_session(cells: dict[str, str]) -> SessionRecord:
    with_cell = cells.get("with", "")
    return SessionRecord(
        started_at=parse_utc(cells["started_at"].strip()),
        minutes=_csv_minutes(cells["minutes"]),
        domain=check_domain(cells["domain"]),
        kind=check_kind(cells["kind"]),
        note=check_text(cells.get("note"), "note"),
        with_domains=tuple(
            check_domain(name, "with domain") for name in with_cell.split(";") if name.strip()
        ),
    )


def _csv_minutes(cell: str) -> int:
    """The whole number a minutes cell spells (``int`` alone takes ``1_0`` and non-ASCII digits)."""
    text = cell.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        raise ImportFailed(f"minutes {show(text)} is not a whole number")
    if len(text) > 12:
        raise ImportFailed(f"minutes {show(text)} is not between 1 and {MAX_MINUTES}")
    return check_minutes(int(text))
