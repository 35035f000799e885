"""What every loader returns: the file's records, and what was left out of them.

Loaders yield records one at a time (``Record``) and count what they skip in a ``Tally``;
``collect`` gathers them into the ``ImportResult`` the services save in one transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

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
class ImportResult:
    """A file's records, and what was left out of them, so the user can be told before saving."""

    dataset: Dataset
    skipped: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class Tally:
    """What a loader left out or noticed while reading; complete once its records are read."""

    skipped: int = 0
    warnings: list[str] = field(default_factory=list)


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
    return ImportResult(dataset=dataset, skipped=tally.skipped, warnings=tuple(tally.warnings))
