"""What every importer returns, and the checks a value passes before it goes into one.

The checks live beside the result they guard so that our own formats and the other trackers'
reject the same bad value with the same words, each as one line that says where it is.
"""

import json
import math
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeGuard

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.kinds import parse_kind
from polymath.core.records import Dataset

MAX_DOMAIN_NAME = 200
MAX_MINUTES = 24 * 60
MIN_SECONDS = 30
"""Frames and intervals shorter than this are a mis-click, not a session: they are skipped."""

_BOM = "\ufeff"
_SHOWN_CHARS = 60


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A file's records, and what was left out of them, so the user can be told before saving."""

    dataset: Dataset
    skipped: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TagRules:
    """How another tracker's projects and tags become Polymath domains and kinds."""

    domain_map: Mapping[str, str] = field(default_factory=dict)
    kind_map: Mapping[str, str] = field(default_factory=dict)
    default_kind: str = "read"

    def kind_of(self, tag: str) -> str | None:
        """The kind a tag names: the user's maps first, then any word ``parse_kind`` accepts."""
        if tag in self.kind_map:
            return self.kind_map[tag]
        if tag in self.domain_map:
            return None
        try:
            return parse_kind(tag)
        except InvalidInput:
            return None

    def domain_of(self, name: object, what: str) -> str:
        """The domain a project or tag stands for, through the domain map."""
        name = check_domain(name, what)
        return self.domain_map.get(name, name)


def tag_rules(
    domain_map: Mapping[str, str] | None,
    kind_map: Mapping[str, str] | None,
    default_kind: str,
) -> TagRules:
    """Check the user's maps once, before any record, so a typo in them is named as such."""
    domains: dict[str, str] = {}
    for source, target in (domain_map or {}).items():
        try:
            domains[source] = check_domain(target)
        except ImportFailed as exc:
            raise InvalidInput(f"domain map {source!r}: {exc}") from exc
    kinds = {}
    for tag, kind in (kind_map or {}).items():
        try:
            kinds[tag] = parse_kind(kind)
        except InvalidInput as exc:
            raise InvalidInput(f"kind map {tag!r}: {exc}") from exc
    return TagRules(domains, kinds, parse_kind(default_kind))


def show(value: object) -> str:
    """A value as an error message quotes it: short, and on one line whatever it holds."""
    try:
        text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):  # an int of thousands of digits, a list nested deep
        text = f"<{type(value).__name__} too large to show>"
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def one_line(message: str) -> str:
    """Squeeze a message onto the single line the CLI and TUI show."""
    return " ".join(message.split())


def strip_bom(text: str) -> str:
    """Drop the byte-order mark that Windows editors put at the start of UTF-8 files."""
    return text.removeprefix(_BOM)


def check_not_empty(text: str) -> str:
    """Refuse an empty file up front: it is always a wrong path or a failed export."""
    text = strip_bom(text)
    if not text.strip():
        raise ImportFailed("the file is empty")
    return text


def parse_json(text: str) -> object:
    """Parse a JSON file, turning the parser's complaint into one line the user can act on."""
    text = check_not_empty(text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    except ValueError as exc:  # the only other one: an integer of over 4,300 digits
        raise ImportFailed("not valid JSON: a number has too many digits") from exc
    except RecursionError as exc:
        raise ImportFailed("not valid JSON: nested too deeply") from exc


@contextmanager
def located(where: str) -> Iterator[None]:
    """Prefix any complaint raised inside with where it was found (``line 4``, ``frame 3``)."""
    try:
        yield
    except (ImportFailed, InvalidInput) as exc:
        raise ImportFailed(f"{where}: {one_line(str(exc))}") from exc


@contextmanager
def no_raw_errors(source: str) -> Iterator[None]:
    """Last guard: a Python error from a loader still reaches the user as one ImportFailed line.

    The loaders check every value first; this only keeps an unforeseen input from showing a
    traceback.
    """
    try:
        yield
    except ImportFailed:
        raise
    except InvalidInput as exc:
        raise ImportFailed(str(exc)) from exc
    except (
        KeyError,
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as exc:
        raise ImportFailed(one_line(f"unreadable {source}: {exc}")) from exc


def is_integer(value: object) -> TypeGuard[int]:
    """True for a JSON whole number (``true`` is not one, though Python says it is an int)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> TypeGuard[int | float]:
    """True for a finite JSON number (Python's JSON reader also lets through NaN and Infinity)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return is_integer(value)


def check_minutes(value: object) -> int:
    """Whole minutes within one day: anything longer is a timer left running."""
    if not is_integer(value):
        raise ImportFailed(f"minutes {show(value)} is not a whole number")
    if not 1 <= value <= MAX_MINUTES:
        raise ImportFailed(f"minutes {value} is not between 1 and {MAX_MINUTES}")
    return value


def minutes_between(seconds: float) -> int | None:
    """Minutes of a timed span, rounded half up; None when it is too short to be a session."""
    if seconds < MIN_SECONDS:
        return None
    minutes = math.floor(seconds / 60 + 0.5)
    if minutes > MAX_MINUTES:
        raise ImportFailed(f"lasts {minutes} minutes, more than a day ({MAX_MINUTES})")
    return minutes


def check_domain(value: object, what: str = "domain") -> str:
    """A domain name: text, not blank, at most 200 characters, without surrounding spaces."""
    if not isinstance(value, str):
        raise ImportFailed(f"{what} {show(value)} is not text")
    name = value.strip()
    if not name:
        raise ImportFailed(f"{what} name is empty")
    if len(name) > MAX_DOMAIN_NAME:
        raise ImportFailed(
            f"{what} name {show(name)} is {len(name)} characters long (at most {MAX_DOMAIN_NAME})"
        )
    return name


def check_kind(value: object) -> str:
    """A kind of learning, in any spelling ``parse_kind`` accepts; stored canonical."""
    if not isinstance(value, str):
        raise ImportFailed(f"kind {show(value)} is not text")
    return parse_kind(value)


def check_text(value: object, what: str) -> str | None:
    """Optional free text; an empty one is no text (CSV cannot tell them apart)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportFailed(f"{what} {show(value)} is not text")
    return value or None


_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", re.ASCII | re.DOTALL)


def parse_utc(value: object, what: str = "started_at") -> datetime:
    """An ISO 8601 date and time with its offset, as UTC to the second, as the store keeps it."""
    if not isinstance(value, str):
        raise ImportFailed(f"{what} {show(value)} is not text")
    problem = f"{what} {show(value)} is not an ISO 8601 time such as 2026-11-20T07:30:00Z"
    if not _ISO_DATETIME.fullmatch(value):
        raise ImportFailed(problem)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ImportFailed(problem) from exc
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ImportFailed(f"{what} {show(value)} has no time zone (add Z for UTC)")
    try:
        return moment.astimezone(UTC).replace(microsecond=0)
    except (OverflowError, ValueError) as exc:
        raise ImportFailed(f"{what} {show(value)} is out of range") from exc


def tags_note(annotation: str | None, tags: list[str]) -> str | None:
    """A note keeping what no field holds: the annotation, then the leftover tags on their line."""
    lines = [annotation] if annotation else []
    if tags:
        lines.append("tags: " + ", ".join(tags))
    return "\n".join(lines) or None


def counted(count: int, noun: str) -> str:
    """``1 frame``, ``2 frames``: the count in a warning, read as English."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
