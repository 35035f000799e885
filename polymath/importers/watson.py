"""Watson's two JSON files: the ``frames`` file it keeps, and what ``watson log --json`` prints.

- ``frames``: a list of ``[start, stop, project, id, [tags...], updated_at]``, times in seconds
  since 1970.
- ``watson log --all --json``: a list of objects ``{"id", "project", "start", "stop", "tags"}``,
  times in ISO 8601 with the user's offset (Watson's ``frames_to_json``).

Either way the project becomes the domain (through the domain map), the first tag naming a kind
sets the kind, and the other tags are kept in the note. Both files of one history give the same
sessions, so importing one after the other adds nothing.
"""

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, Final, Literal

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.records import SessionRecord
from polymath.importers.checks import MIN_SECONDS, is_number, minutes_between, parse_moment
from polymath.importers.jsonstream import JsonReader
from polymath.importers.messages import counted, guarded, placed, show
from polymath.importers.result import ImportResult, Record, Tally, collect
from polymath.importers.source import Source
from polymath.importers.tags import TagRules

Shape = Literal["frames", "log"]
"""Which of Watson's files: its ``frames`` file, or the output of ``watson log --json``."""

_NOT_WATSON: Final = {
    None: "not a Watson file (expected the JSON list of its frames file or of watson log --json)",
    "frames": "not a Watson frames file (expected a JSON list of frames)",
    "log": "not a watson log --json file (expected a JSON list of frames)",
}


def load_watson(
    data: str | Source,
    *,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
) -> ImportResult:
    """Read either Watson file (the first frame tells which); frames under 30 seconds are skipped.

    ``domain_map`` renames projects (unmapped ones keep their name); ``kind_map`` says which tags
    name a kind beyond the words ``parse_kind`` knows; ``default_kind`` is for frames with neither.
    """
    rules = TagRules(domain_map, kind_map, default_kind)
    tally = Tally()
    return collect(watson_records(data, rules, tally), tally)


def load_watson_log(
    data: str | Source,
    *,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
) -> ImportResult:
    """Read what ``watson log --all --json`` prints, and nothing else; see ``load_watson``."""
    rules = TagRules(domain_map, kind_map, default_kind)
    tally = Tally()
    return collect(watson_records(data, rules, tally, shape="log"), tally)


def watson_records(
    data: str | Source, rules: TagRules, tally: Tally, *, shape: Shape | None = None
) -> Iterator[Record]:
    """The sessions of a Watson file as they are read; skips are counted in ``tally``.

    ``shape`` None takes whichever file the first frame shows.
    """
    source = data if isinstance(data, Source) else Source(data)
    return guarded(_records(JsonReader(source), rules, tally, shape), "Watson file")


def shape_of(first: object) -> Shape | None:
    """Which Watson file an entry comes from, or None if from neither."""
    if isinstance(first, list):
        return "frames"
    if isinstance(first, dict) and "project" in first and "stop" in first:
        return "log"
    return None


def _records(
    reader: JsonReader, rules: TagRules, tally: Tally, shape: Shape | None
) -> Iterator[SessionRecord]:
    ahead = reader.peek()
    if not ahead:
        raise ImportFailed("the file is empty")
    if ahead != "[":
        reader.value()
        reader.end()
        raise ImportFailed(_NOT_WATSON[shape])
    read: Callable[[Any, TagRules], SessionRecord | None] | None = None
    too_short = 0
    for number, frame in enumerate(reader.items(), start=1):
        if read is None:
            read = _log_entry if (shape or shape_of(frame)) == "log" else _frame
        try:
            session = read(frame, rules)
        except (ImportFailed, InvalidInput) as exc:
            raise placed(f"frame {number}", exc) from None
        if session is None:
            too_short += 1
        else:
            tally.identify("sessions", _identity(frame))
            yield session
    reader.end()
    if too_short:
        tally.skipped += too_short
        tally.warnings.append(
            f"skipped {counted(too_short, 'frame')} shorter than {MIN_SECONDS} seconds"
        )


def _identity(frame: object) -> str | None:
    """A frame's own id (``watson edit`` keeps it): re-imports update the session it made."""
    if isinstance(frame, list) and len(frame) > 3:
        given = frame[3]
    elif isinstance(frame, dict):
        given = frame.get("id")
    else:
        return None
    if not isinstance(given, str) or not given.strip() or len(given) > 200:
        return None
    return f"watson/{given.strip()}"


def _frame(frame: object, rules: TagRules) -> SessionRecord | None:
    """The session a ``frames`` entry records, or None when it is too short to count."""
    if type(frame) is not list or not 4 <= len(frame) <= 6:
        raise ImportFailed(
            f"{show(frame)} is not a frame [start, stop, project, id, tags, updated_at]"
        )
    start, stop = _epoch(frame[0], "start"), _epoch(frame[1], "stop")
    if stop < start:
        raise ImportFailed("stop is before start")
    started_at = _utc(start, "start")
    domain = rules.domain_of(frame[2])
    tags = frame[4] if len(frame) > 4 and frame[4] is not None else []
    return _session(started_at, stop - start, domain, tags, rules)


def _log_entry(entry: object, rules: TagRules) -> SessionRecord | None:
    """The session a ``watson log --json`` entry records, or None when it is too short."""
    if type(entry) is not dict:
        raise ImportFailed(f"{show(entry)} is not a frame object with project, start and stop")
    start = parse_moment(_required(entry, "start"), "start")
    stop = parse_moment(_required(entry, "stop"), "stop")
    if stop < start:
        raise ImportFailed("stop is before start")
    domain = rules.domain_of(_required(entry, "project"))
    tags = entry.get("tags") or []
    started_at = start.replace(microsecond=0) if start.microsecond else start
    return _session(started_at, (stop - start).total_seconds(), domain, tags, rules)


def _session(
    started_at: datetime, seconds: float, domain: str, tags: object, rules: TagRules
) -> SessionRecord | None:
    if type(tags) is not list or not all(type(tag) is str for tag in tags):
        raise ImportFailed(f"tags {show(tags)} is not a list of text")
    minutes = minutes_between(seconds)
    if minutes is None:
        return None
    kind, others = rules.kind_and_others(tags)
    return SessionRecord(
        started_at=started_at,
        minutes=minutes,
        domain=domain,
        kind=kind,
        note=rules.tags_note(others),
    )


def _required(entry: dict[str, Any], key: str) -> object:
    if key not in entry:
        raise ImportFailed(f'no "{key}"')
    return entry[key]


def _epoch(value: object, what: str) -> float:
    if not is_number(value):
        raise ImportFailed(f"{what} {show(value)} is not a time in seconds since 1970")
    try:
        return float(value)
    except OverflowError:
        raise ImportFailed(f"{what} {show(value)} is out of range") from None


def _utc(epoch: float, what: str) -> datetime:
    try:
        moment = datetime.fromtimestamp(epoch, UTC)
    except (OverflowError, OSError, ValueError):
        raise ImportFailed(f"{what} {show(epoch)} is out of range") from None
    return moment.replace(microsecond=0) if moment.microsecond else moment
