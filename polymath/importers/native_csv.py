"""Polymath's CSV file of sessions, for spreadsheets: ``load_csv`` reads what ``dump_csv`` wrote.

Columns: ``started_at,minutes,domain,kind,note,with,area`` (a header row names them; on reading
they may come in any order, and only the first four are required).

- ``area`` is the population area of the row's domain, so a round trip keeps each domain's
  mapping (a domain that appears only in ``with`` cells has no row to carry its area).
- ``with`` lists integrated domains separated by ``; ``; a ``;`` or ``\\`` inside a name is
  written ``\\;`` or ``\\\\``.
- **Formulas are neutralised on export.** A spreadsheet runs a cell starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return as a formula (CSV injection), so such a text cell is
  written with a leading ``'``, which spreadsheets show and never run; a text that itself starts
  with ``'`` followed by one of those (or another ``'``) gets one more. Reading drops exactly that
  one ``'``, so the round trip is exact. Numbers and times are Polymath's own and never need it.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Final

from polymath.core.durations import MAX_SESSION_MINUTES
from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.names import name_key
from polymath.core.records import Dataset, DomainRecord, SessionRecord
from polymath.importers.checks import (
    Kinds,
    Names,
    check_area,
    check_minutes,
    check_note,
    parse_utc,
)
from polymath.importers.messages import guarded, placed, show
from polymath.importers.native_json import utc_text
from polymath.importers.result import ImportResult, Record, Tally, collect
from polymath.importers.source import Source

CSV_COLUMNS: Final = ("started_at", "minutes", "domain", "kind", "note", "with", "area")
WITH_SEPARATOR: Final = "; "
FORMULA_STARTS: Final = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a cell as a formula."""

_QUOTE: Final = "'"
_REQUIRED_COLUMNS: Final = ("started_at", "minutes", "domain", "kind")
_WHOLE_NUMBER: Final = re.compile(r"[+-]?\d+", re.ASCII)


# --- writing ----------------------------------------------------------------------------------


def dump_csv(data: Dataset | Iterable[SessionRecord]) -> str:
    """Sessions as CSV; given a whole ``Dataset``, each row also names its domain's area.

    RFC 4180 line ends, so write the text with ``newline=""``.
    """
    if isinstance(data, Dataset):
        sessions: Iterable[SessionRecord] = data.sessions
        areas = {name_key(domain.name): domain.area or "" for domain in data.domains}
    else:
        sessions, areas = data, {}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    area_of: dict[str, str] = {}
    for session in sessions:
        area = area_of.get(session.domain)
        if area is None:
            area = area_of[session.domain] = text_cell(areas.get(name_key(session.domain), ""))
        writer.writerow(
            (
                utc_text(session.started_at),
                session.minutes,
                text_cell(session.domain),
                session.kind,
                text_cell(session.note or ""),
                text_cell(WITH_SEPARATOR.join(_escaped(name) for name in session.with_domains)),
                area,
            )
        )
    return buffer.getvalue()


def text_cell(text: str) -> str:
    """A text as a CSV cell that no spreadsheet runs as a formula; ``cell_text`` reverses it."""
    if text[:1] in FORMULA_STARTS or (text[:1] == _QUOTE and _quoted(text)):
        return _QUOTE + text
    return text


def cell_text(cell: str) -> str:
    """The text a cell written by ``text_cell`` holds (other cells are taken as they are)."""
    return cell[1:] if cell[:1] == _QUOTE and _quoted(cell) else cell


def _quoted(text: str) -> bool:
    """Whether ``text`` (starting with ``'``) reads as a neutralised cell."""
    second = text[1:2]
    return bool(second) and (second in FORMULA_STARTS or second == _QUOTE)


def _escaped(name: str) -> str:
    return name.replace("\\", "\\\\").replace(";", "\\;")


def _split_with(cell: str) -> list[str]:
    """The names in a ``with`` cell: split at each ``;`` that is not written ``\\;``."""
    if "\\" not in cell:
        return cell.split(";")
    names: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            if following in (";", "\\"):
                current.append(following)
            else:
                current.append(char + following)
        elif char == ";":
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    return names


# --- reading ----------------------------------------------------------------------------------


def load_csv(data: str | Source) -> ImportResult:
    """Read sessions from CSV with a header row; columns may come in any order."""
    tally = Tally()
    return collect(csv_records(data, tally), tally)


def csv_records(data: str | Source, tally: Tally) -> Iterator[Record]:
    """The records of a CSV file as they are read: each domain with an area, then its sessions."""
    source = data if isinstance(data, Source) else Source(data)
    return guarded(_records(source, tally), "CSV file")


def _records(source: Source, tally: Tally) -> Iterator[Record]:
    rows = _rows(source.lines())
    header_line, header = next(((line, row) for line, row in rows if _filled(row)), (0, []))
    if not header_line:
        raise ImportFailed("the file is empty")
    columns = _columns(header_line, header, tally)
    names, kinds = Names(), Kinds()
    areas: dict[str, tuple[str, int]] = {}
    width = len(header)
    count = 0
    for line, row in rows:
        if not _filled(row):
            continue
        try:
            if len(row) != width:
                raise ImportFailed(f"{len(row)} fields where the header has {width}")
            session = _session(row, columns, names, kinds)
            area = check_area(cell_text(row[columns["area"]])) if "area" in columns else None
            domain = _domain_with_area(session.domain, area, line, areas)
        except (ImportFailed, InvalidInput) as exc:
            raise placed(f"line {line}", exc) from None
        if domain is not None:
            yield domain
        yield session
        count += 1
    if not count:
        tally.warnings.append("the file lists no sessions")


def _rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted note can span several lines)."""
    reader = csv.reader(lines, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFailed(f"line {line}: not valid CSV: {exc}") from None
        yield line, row


def _filled(row: list[str]) -> bool:
    return any(cell.strip() for cell in row)


def _columns(line: int, header: list[str], tally: Tally) -> dict[str, int]:
    """Where each known column is; unknown columns are ignored, with a warning."""
    columns: dict[str, int] = {}
    for at, cell in enumerate(header):
        name = cell.strip().lower()
        if name in columns:
            raise ImportFailed(f"line {line}: column {show(name)} appears twice in the header")
        if name in CSV_COLUMNS:
            columns[name] = at
        else:
            tally.warnings.append(f"ignored column {show(cell)}")
    for name in _REQUIRED_COLUMNS:
        if name not in columns:
            raise ImportFailed(
                f"line {line}: the header has no {name} column (expected {','.join(CSV_COLUMNS)})"
            )
    return columns


def _session(row: list[str], columns: dict[str, int], names: Names, kinds: Kinds) -> SessionRecord:
    note = row[columns["note"]] if "note" in columns else ""
    with_cell = cell_text(row[columns["with"]]) if "with" in columns else ""
    return SessionRecord(
        started_at=parse_utc(row[columns["started_at"]].strip()),
        minutes=_minutes(row[columns["minutes"]]),
        domain=names.check(cell_text(row[columns["domain"]])),
        kind=kinds.check(row[columns["kind"]]),
        note=check_note(cell_text(note)),
        with_domains=tuple(
            names.check(name, "with domain") for name in _split_with(with_cell) if name.strip()
        ),
    )


def _minutes(cell: str) -> int:
    """The whole number a minutes cell spells (``int`` alone takes ``1_0`` and non-ASCII digits)."""
    text = cell.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        raise ImportFailed(f"minutes {show(text)} is not a whole number")
    if len(text) > 12:
        raise ImportFailed(f"minutes {show(text)} is not between 1 and {MAX_SESSION_MINUTES}")
    return check_minutes(int(text))


def _domain_with_area(
    domain: str, area: str | None, line: int, areas: dict[str, tuple[str, int]]
) -> DomainRecord | None:
    """The domain record a row's area adds, the first time a domain has one.

    Rows of one domain that name two areas leave the mapping to a guess: refused.
    """
    if area is None:
        return None
    key = name_key(domain)
    known = areas.get(key)
    if known is None:
        areas[key] = (area, line)
        return DomainRecord(name=domain, area=area)
    if name_key(known[0]) != name_key(area):
        raise ImportFailed(
            f"domain {show(domain)} has area {show(area)} here "
            f"but {show(known[0])} on line {known[1]}"
        )
    return None
