"""What every loader returns: the file's records, and what was left out of them.

Loaders yield records one at a time (``Record``) and count what they skip in a ``Tally``;
``collect`` gathers them into the ``ImportResult`` the services save in one transaction.

A file that identifies its records (our JSON's ids, a Watson frame's id, a Timewarrior
interval's start) says so through the tally as it yields each one (``Tally.identify``): the
records stay plain, and a re-import after an edit updates the record instead of adding another.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from polymath.core.errors import ImportFailed
from polymath.core.records import (
    AssessmentRecord,
    Dataset,
    DomainRecord,
    RestWeekRecord,
    SessionRecord,
    StackRecord,
)

Record = DomainRecord | SessionRecord | AssessmentRecord | RestWeekRecord | StackRecord
"""One thing a file holds, in the order the file lists it."""


@dataclass(frozen=True, slots=True)
class Identities:
    """Each record's identity in its source, where the file gives one, in the order of the
    dataset's lists: a global id (``0190...``) from our JSON, or a key naming the record in
    another tracker (``watson/<frame id>``, ``timewarrior/<start>``)."""

    domains: tuple[str | None, ...] = ()
    sessions: tuple[str | None, ...] = ()
    assessments: tuple[str | None, ...] = ()

    def of(self, kind: str, index: int) -> str | None:
        listed: tuple[str | None, ...] = getattr(self, kind)
        return listed[index] if index < len(listed) else None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A file's records, and what was left out of them, so the user can be told before saving."""

    dataset: Dataset
    skipped: int = 0
    warnings: tuple[str, ...] = ()
    ids: Identities = Identities()


@dataclass(slots=True)
class Tally:
    """What a loader left out or noticed while reading; complete once its records are read."""

    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    ids: dict[str, list[str | None]] = field(
        default_factory=lambda: {"domains": [], "sessions": [], "assessments": []}
    )

    def identify(self, kind: str, identity: str | None) -> None:
        """The identity of the record of ``kind`` (``sessions``...) about to be yielded."""
        self.ids[kind].append(identity)


def collect(records: Iterable[Record], tally: Tally) -> ImportResult:
    """Read every record, then hand them over together: a file that fails gives nothing."""
    domains: list[DomainRecord] = []
    sessions: list[SessionRecord] = []
    assessments: list[AssessmentRecord] = []
    rest_weeks: list[RestWeekRecord] = []
    stack: StackRecord | None = None
    for record in records:
        if type(record) is SessionRecord:
            sessions.append(record)
        elif type(record) is DomainRecord:
            domains.append(record)
        elif type(record) is AssessmentRecord:
            assessments.append(record)
        elif type(record) is RestWeekRecord:
            rest_weeks.append(record)
        elif type(record) is StackRecord:
            if stack is not None:
                raise ImportFailed("the file adopts two stacks")
            stack = record
    dataset = Dataset(
        domains=tuple(domains),
        sessions=tuple(sessions),
        assessments=tuple(assessments),
        rest_weeks=tuple(rest_weeks),
        stack=stack,
    )

    def aligned(kind: str, records: list[Any]) -> tuple[str | None, ...]:
        given = tally.ids[kind]
        return tuple(given) if len(given) == len(records) and any(given) else ()

    ids = Identities(
        aligned("domains", domains),
        aligned("sessions", sessions),
        aligned("assessments", assessments),
    )
    return ImportResult(
        dataset=dataset, skipped=tally.skipped, warnings=tuple(tally.warnings), ids=ids
    )
