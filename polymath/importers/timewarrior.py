"""Timewarrior's ``timew export``: intervals with UTC start and end times and free tags.

Timewarrior has no projects, and it keeps tags sorted, so their order says nothing: the domain is
the tag the domain map names, else the one tag that is not a kind. An interval with several
such tags and no map to settle it is skipped and reported, with the tags and how often each set
occurs, rather than filed under a guess. A tag naming a kind sets the kind; the annotation and
the other tags are kept in the note.
"""

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Final, Literal

from polymath.core.durations import format_minutes
from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.records import SessionRecord
from polymath.importers.checks import MIN_SECONDS, minutes_between
from polymath.importers.jsonstream import JsonReader
from polymath.importers.messages import counted, guarded, placed, show
from polymath.importers.result import ImportResult, Record, Tally, collect
from polymath.importers.source import Source
from polymath.importers.tags import TagRules, tags_note

_TIMEW_TIME_LENGTH: Final = len("20261120T073000Z")
_SHOWN_SETS: Final = 3
"""How many sets of unclear tags a warning names; the rest are counted."""

Skip = Literal["running", "untagged", "unclear", "short"]
"""Why an interval is left out: still running, no tag naming a domain, several tags that could,
under 30 seconds."""


def load_timewarrior(
    data: str | Source,
    *,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
) -> ImportResult:
    """Read ``timew export`` output; intervals that are running, short, or whose domain no tag
    (or more than one) names are skipped and counted.

    ``domain_map`` says which tag names which domain (a mapped tag is never a kind);
    ``kind_map`` says which tags name a kind beyond the words ``parse_kind`` knows.
    """
    rules = TagRules(domain_map, kind_map, default_kind)
    tally = Tally()
    return collect(timewarrior_records(data, rules, tally), tally)


def timewarrior_records(data: str | Source, rules: TagRules, tally: Tally) -> Iterator[Record]:
    """The sessions of a ``timew export`` as they are read; skips are counted in ``tally``."""
    source = data if isinstance(data, Source) else Source(data)
    return guarded(_records(JsonReader(source), rules, tally), "Timewarrior export")


class _Skips:
    """The intervals left out, by reason, and the unclear ones by their set of tags."""

    def __init__(self) -> None:
        self.counts: Counter[Skip] = Counter()
        self.unclear: Counter[tuple[str, ...]] = Counter()
        self.unclear_minutes = 0

    def warnings(self) -> list[str]:
        reasons: tuple[tuple[Skip, str], ...] = (
            ("running", "still running"),
            ("untagged", "with no tag naming a domain"),
            ("short", f"shorter than {MIN_SECONDS} seconds"),
        )
        lines = [
            f"skipped {counted(self.counts[reason], 'interval')} {why}"
            for reason, why in reasons
            if self.counts[reason]
        ]
        if self.unclear:
            sets = self.unclear.most_common()
            shown = ", ".join(
                f"{' + '.join(show(tag) for tag in tags)} ({count:,})"
                for tags, count in sets[:_SHOWN_SETS]
            )
            more = len(sets) - _SHOWN_SETS
            lines.append(
                f"skipped {counted(self.counts['unclear'], 'interval')} "
                f"({format_minutes(self.unclear_minutes)}) with several tags that could each "
                f"name the domain: {shown}{f' and {more:,} more sets' if more > 0 else ''}; "
                "map the tag that names the domain"
            )
        return lines


def _records(reader: JsonReader, rules: TagRules, tally: Tally) -> Iterator[SessionRecord]:
    ahead = reader.peek()
    if not ahead:
        raise ImportFailed("the file is empty")
    if ahead != "[":
        reader.value()
        reader.end()
        raise ImportFailed(
            "not a Timewarrior export (expected the JSON list that timew export prints)"
        )
    skips = _Skips()
    for number, interval in enumerate(reader.items(), start=1):
        try:
            outcome = _interval_session(interval, rules, skips)
        except (ImportFailed, InvalidInput) as exc:
            raise placed(f"interval {number}", exc) from None
        if isinstance(outcome, SessionRecord):
            # an interval has no id; its start is unique in a Timewarrior database
            assert isinstance(interval, dict)
            tally.identify("sessions", f"timewarrior/{interval['start']}")
            yield outcome
        else:
            skips.counts[outcome] += 1
    reader.end()
    tally.skipped += sum(skips.counts.values())
    tally.warnings.extend(skips.warnings())


def _interval_session(interval: object, rules: TagRules, skips: _Skips) -> SessionRecord | Skip:
    """The session an interval records, or why it is skipped."""
    if type(interval) is not dict:
        raise ImportFailed(f"{show(interval)} is not a JSON object")
    if "start" not in interval:
        raise ImportFailed('no "start"')
    started_at = _timew_time(interval["start"], "start")
    if interval.get("end") is None:
        return "running"
    ended_at = _timew_time(interval["end"], "end")
    if ended_at < started_at:
        raise ImportFailed("end is before start")
    tags = interval.get("tags") or []
    if type(tags) is not list or not all(type(tag) is str for tag in tags):
        raise ImportFailed(f"tags {show(tags)} is not a list of text")
    annotation = interval.get("annotation")
    if annotation is not None and not isinstance(annotation, str):
        raise ImportFailed(f"annotation {show(annotation)} is not text")
    split = rules.split(tags)
    if split.domain is None and not split.candidates:
        return "untagged"
    minutes = minutes_between((ended_at - started_at).total_seconds())
    if minutes is None:
        return "short"
    if split.domain is None:
        skips.unclear[tuple(sorted(split.candidates))] += 1
        skips.unclear_minutes += minutes
        return "unclear"
    return SessionRecord(
        started_at=started_at,
        minutes=minutes,
        domain=split.domain,
        kind=split.kind or rules.default_kind,
        note=tags_note(annotation, split.others),
    )


def _timew_time(value: object, what: str) -> datetime:
    """``20261120T073000Z``, the compact UTC form timew export writes."""
    if (
        not isinstance(value, str)
        or len(value) != _TIMEW_TIME_LENGTH
        or not value.isascii()
        or not value[:8].isdigit()
        or value[8] != "T"
        or not value[9:15].isdigit()
        or value[15] != "Z"
    ):
        raise ImportFailed(f"{what} {show(value)} is not a time such as 20261120T073000Z")
    try:
        return datetime(
            int(value[0:4]),
            int(value[4:6]),
            int(value[6:8]),
            int(value[9:11]),
            int(value[11:13]),
            int(value[13:15]),
            tzinfo=UTC,
        )
    except ValueError:
        raise ImportFailed(f"{what} {show(value)} is not a valid time") from None
