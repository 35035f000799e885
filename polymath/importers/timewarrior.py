"""Timewarrior's ``timew export``: intervals with UTC start and end times and free tags.

Timewarrior has no projects, so the first tag that is not a kind names the domain, a tag naming
a kind sets the kind, and the annotation and any other tags are kept in the note.
"""

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from polymath.core.errors import ImportFailed
from polymath.core.records import Dataset, SessionRecord
from polymath.importers.result import (
    MIN_SECONDS,
    ImportResult,
    TagRules,
    check_text,
    counted,
    located,
    minutes_between,
    no_raw_errors,
    parse_json,
    show,
    tag_rules,
    tags_note,
)

_TIMEW_TIME = re.compile(r"\d{8}T\d{6}Z", re.ASCII)

Skip = Literal["running", "untagged", "short"]
"""Why an interval is left out: still running, no tag naming a domain, under 30 seconds."""


def load_timewarrior(
    text: str,
    *,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
) -> ImportResult:
    """Read ``timew export`` output; running, untagged and sub-30-second intervals are skipped.

    ``domain_map`` renames tags that name domains (and marks them as never being a kind);
    ``kind_map`` says which tags name a kind beyond the words ``parse_kind`` knows.
    """
    rules = tag_rules(domain_map, kind_map, default_kind)
    with no_raw_errors("Timewarrior export"):
        intervals = parse_json(text)
        if not isinstance(intervals, list):
            raise ImportFailed(
                "not a Timewarrior export (expected the JSON list that timew export prints)"
            )
        sessions = []
        skips: dict[Skip, int] = {"running": 0, "untagged": 0, "short": 0}
        for number, interval in enumerate(intervals, start=1):
            with located(f"interval {number}"):
                outcome = _interval_session(interval, rules)
            if isinstance(outcome, SessionRecord):
                sessions.append(outcome)
            else:
                skips[outcome] += 1
        warnings = tuple(
            f"skipped {counted(count, 'interval')} {reason}"
            for reason, count in (
                ("still running", skips["running"]),
                ("with no tag naming a domain", skips["untagged"]),
                (f"shorter than {MIN_SECONDS} seconds", skips["short"]),
            )
            if count
        )
        return ImportResult(
            dataset=Dataset(sessions=tuple(sessions)),
            skipped=sum(skips.values()),
            warnings=warnings,
        )


def _interval_session(interval: object, rules: TagRules) -> SessionRecord | Skip:
    """The session an interval records, or why it is skipped (a key of the skip counts)."""
    if not isinstance(interval, dict):
        raise ImportFailed(f"{show(interval)} is not a JSON object")
    started_at = _timew_time(_required(interval, "start"), "start")
    if interval.get("end") is None:
        return "running"
    ended_at = _timew_time(interval["end"], "end")
    if ended_at < started_at:
        raise ImportFailed("end is before start")
    tags = interval.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ImportFailed(f"tags {show(tags)} is not a list of text")
    annotation = check_text(interval.get("annotation"), "annotation")
    domain, kind, other_tags = _split_tags(tags, rules)
    if domain is None:
        return "untagged"
    minutes = minutes_between((ended_at - started_at).total_seconds())
    if minutes is None:
        return "short"
    return SessionRecord(
        started_at=started_at,
        minutes=minutes,
        domain=domain,
        kind=kind or rules.default_kind,
        note=tags_note(annotation, other_tags),
    )


def _split_tags(tags: list[str], rules: TagRules) -> tuple[str | None, str | None, list[str]]:
    """The first domain tag, the first kind tag, and the tags left for the note, in order."""
    domain = kind = None
    other_tags = []
    for tag in tags:
        tag_kind = rules.kind_of(tag)
        if tag_kind is not None and kind is None:
            kind = tag_kind
        elif tag_kind is None and domain is None:
            domain = rules.domain_of(tag, "tag")
        else:
            other_tags.append(tag)
    return domain, kind, other_tags


def _required(interval: dict[str, Any], key: str) -> object:
    if key not in interval:
        raise ImportFailed(f'no "{key}"')
    return interval[key]


def _timew_time(value: object, what: str) -> datetime:
    """``20261120T073000Z``, the compact UTC form timew export writes."""
    if not isinstance(value, str) or not _TIMEW_TIME.fullmatch(value):
        raise ImportFailed(f"{what} {show(value)} is not a time such as 20261120T073000Z")
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError as exc:
        raise ImportFailed(f"{what} {show(value)} is not a valid time") from exc
