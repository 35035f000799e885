"""Plain records that cross layers: what importers produce, exporters write and the planner reads.

They carry no database identity, so the same record can come from a file, a database row or a test.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """Minutes of learning from ``started_at`` (aware, UTC), in one domain, of one kind."""

    started_at: datetime
    minutes: int
    domain: str
    kind: str
    note: str | None = None
    with_domains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DomainRecord:
    """A domain the person learns, with the population area it maps to."""

    name: str
    area: str | None = None
    archived: bool = False
    weekly_goal: int | None = None
    """Minutes a week the person means to give it (``polymath goal``), if they said."""


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    """A competence level (Dreyfus 1-5) given to a domain on a day."""

    domain: str
    level: int
    assessed_on: date
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RestWeekRecord:
    """A planned rest week, as an ISO week label such as ``2026-W52``."""

    week: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class StackRecord:
    """The adopted stack: three of the person's domains and the level to reach in each (1-5)."""

    members: tuple[str, str, str]
    target_level: int


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything the person's history holds, in the order a file lists it."""

    domains: tuple[DomainRecord, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    assessments: tuple[AssessmentRecord, ...] = ()
    rest_weeks: tuple[RestWeekRecord, ...] = ()
    stack: StackRecord | None = None
    """The adopted stack (``polymath stack adopt``), if the history has one."""


@dataclass(frozen=True, slots=True)
class DomainProfile:
    """What the planner and the graph exports know of one of the person's domains."""

    name: str
    area: str | None
    level: int | None
    total_minutes: int
    kind_minutes: dict[str, int] = field(default_factory=dict)
    recent_weekly_minutes: float = 0.0


@dataclass(frozen=True, slots=True)
class IntegrationLink:
    """Minutes logged in sessions that integrate two of the person's domains."""

    a: str
    b: str
    minutes: int


@dataclass(frozen=True, slots=True)
class DatedMinutes:
    """Minutes logged in one domain on one local day: what pace and calibration are built from."""

    domain: str
    day: date
    minutes: int
