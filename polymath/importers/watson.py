"""Watson's ``frames`` file: one frame per timed stretch of work, a project and its tags.

A frame is ``[start, stop, project, id, [tags...], updated_at]`` with times in seconds since 1970.
The project becomes the domain; a tag naming a kind sets the kind; other tags are kept in the note.
"""

from collections.abc import Mapping
from datetime import UTC, datetime

from polymath.core.errors import ImportFailed
from polymath.core.records import Dataset, SessionRecord
from polymath.importers.result import (
    MIN_SECONDS,
    ImportResult,
    TagRules,
    counted,
    is_number,
    located,
    minutes_between,
    no_raw_errors,
    parse_json,
    show,
    tag_rules,
    tags_note,
)


def load_watson(
    text: str,
    *,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
) -> ImportResult:
    """Read a Watson frames file; frames under 30 seconds are skipped and counted.

    ``domain_map`` renames projects (unmapped ones keep their name); ``kind_map`` says which tags
    name a kind beyond the words ``parse_kind`` knows; ``default_kind`` is for frames with neither.
    """
    rules = tag_rules(domain_map, kind_map, default_kind)
    with no_raw_errors("Watson frames file"):
        frames = parse_json(text)
        if not isinstance(frames, list):
            raise ImportFailed("not a Watson frames file (expected a JSON list of frames)")
        sessions = []
        too_short = 0
        for number, frame in enumerate(frames, start=1):
            with located(f"frame {number}"):
                session = _frame_session(frame, rules)
            if session is None:
                too_short += 1
            else:
                sessions.append(session)
        warnings = (
            (f"skipped {counted(too_short, 'frame')} shorter than {MIN_SECONDS} seconds",)
            if too_short
            else ()
        )
        return ImportResult(
            dataset=Dataset(sessions=tuple(sessions)), skipped=too_short, warnings=warnings
        )


def _frame_session(frame: object, rules: TagRules) -> SessionRecord | None:
    """The session a frame records, or None when it is too short to count."""
    if not isinstance(frame, list) or not 4 <= len(frame) <= 6:
        raise ImportFailed(
            f"{show(frame)} is not a frame [start, stop, project, id, tags, updated_at]"
        )
    start, stop = _epoch(frame[0], "start"), _epoch(frame[1], "stop")
    if stop < start:
        raise ImportFailed("stop is before start")
    started_at = _utc(start, "start")
    domain = rules.domain_of(frame[2], "project")
    tags = frame[4] if len(frame) > 4 and frame[4] is not None else []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ImportFailed(f"tags {show(tags)} is not a list of text")
    minutes = minutes_between(stop - start)
    if minutes is None:
        return None
    kind = None
    other_tags = []
    for tag in tags:
        tag_kind = rules.kind_of(tag)
        if kind is None and tag_kind is not None:
            kind = tag_kind
        else:
            other_tags.append(tag)
    return SessionRecord(
        started_at=started_at,
        minutes=minutes,
        domain=domain,
        kind=kind or rules.default_kind,
        note=tags_note(None, other_tags),
    )


def _epoch(value: object, what: str) -> float:
    if not is_number(value):
        raise ImportFailed(f"{what} {show(value)} is not a time in seconds since 1970")
    try:
        return float(value)
    except OverflowError as exc:
        raise ImportFailed(f"{what} {show(value)} is out of range") from exc


def _utc(epoch: float, what: str) -> datetime:
    try:
        return datetime.fromtimestamp(epoch, UTC).replace(microsecond=0)
    except (OverflowError, OSError, ValueError) as exc:
        raise ImportFailed(f"{what} {show(epoch)} is out of range") from exc
