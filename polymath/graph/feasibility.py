"""How long a stack takes: hours per level, calibrated by the person's history, turned into weeks.

Hours explain only part of skill (deliberate practice explains 26% of the variance of performance
in games, 21% in music, 4% in education: Macnamara et al. 2014), so every estimate is a range and
assessments correct it. At 5 hours a week about 260 hours a year exist; the planner says so.

The range is an 80% interval on a log scale: the hours a gain really takes are modelled as the
calibrated hours times exp(e), e normal with spread sigma (see ``calibration``). With no history
sigma gives x0.5-x2: a stated assumption, replaced by the spread of the person's own gains.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from polymath.core.errors import InvalidInput

DEFAULT_BANDS: Mapping[int, float] = MappingProxyType(
    {1: 0.0, 2: 20.0, 3: 200.0, 4: 1000.0, 5: 5000.0}
)
"""Cumulative hours to reach each Dreyfus level (editable defaults)."""

CEFR_BANDS: Mapping[int, float] = MappingProxyType({1: 0.0, 2: 200.0, 3: 400.0, 4: 600.0, 5: 800.0})
"""About 200 guided hours per CEFR level (A2 ~ advanced beginner, B1 ~ competent, B2 ~ proficient,
C1 ~ expert), applied to language areas."""

DEFAULT_LANGUAGE_AREAS: tuple[str, ...] = (
    "Foreign Language",
    "language skills and knowledge",
    "languages",
    "using foreign languages",
    "using more than one language",
    "language acquisition",
    "classical languages",
)
"""Areas whose domains are languages (O*NET's and ESCO's names), matched ignoring case."""

DEFAULT_WEEKLY_MINUTES = 300
WEEKS_PER_YEAR = 52
Z_80 = 1.2815515655446004
"""The normal quantile of 0.9: an 80% interval is exp(-/+ Z_80 sigma)."""
DEFAULT_SIGMA = math.log(2.0) / Z_80
"""Log-scale spread of hours per gain with no history: 80% of gains take x0.5-x2 the bands."""
DEFAULT_SPREAD = (0.5, 2.0)
"""The x0.5-x2 range DEFAULT_SIGMA stands for, kept for callers that pass a spread."""
CALIBRATION_BOUNDS = (0.25, 4.0)
"""A guard against a misrecorded history, not a belief: beyond 4x faster or slower, clip."""


@dataclass(frozen=True)
class HoursBands:
    """Cumulative hours to reach each level; level 1 (novice) is 0."""

    cumulative: Mapping[int, float] = field(default_factory=lambda: DEFAULT_BANDS)

    def __post_init__(self) -> None:
        levels = sorted(self.cumulative)
        if not levels or levels[0] != 1 or levels != list(range(1, levels[-1] + 1)):
            raise InvalidInput("hours bands need every level from 1 upward")
        hours = [float(self.cumulative[level]) for level in levels]
        if hours[0] != 0.0 or any(b < a for a, b in itertools.pairwise(hours)):
            raise InvalidInput("hours bands must start at 0 and never decrease")

    @property
    def top_level(self) -> int:
        return max(self.cumulative)

    def hours_to_reach(self, level: int) -> float:
        if level not in self.cumulative:
            raise InvalidInput(f"level {level} is outside 1..{self.top_level}")
        return float(self.cumulative[level])

    def hours_between(self, from_level: int | None, to_level: int) -> float:
        """Hours from a level (None = novice) to a target; 0 when already there."""
        start = self.hours_to_reach(from_level or 1)
        return max(0.0, self.hours_to_reach(to_level) - start)


class Progress(NamedTuple):
    """Hours logged in a domain between two assessments, and the levels before and after."""

    hours: float
    from_level: int
    to_level: int


def calibration_factor(
    observations: Iterable[Progress | tuple[float, int, int]],
    bands: HoursBands | None = None,
    *,
    bounds: tuple[float, float] = CALIBRATION_BOUNDS,
    prior_weight: float = 2.0,
) -> float:
    """How much faster (< 1) or slower (> 1) than the bands this person has progressed.

    For callers holding (hours, from level, to level) between consecutive assessments: a gain is
    an observation, an interval without a change a censored one (the gain took longer than
    that). Prefer ``calibration.calibrate`` over ``calibration.level_spans``, which merges the
    intervals without a change into the gain that ends them, so re-assessing never matters.
    """
    from polymath.graph.calibration import Span, calibrate

    table = bands or HoursBands()
    spans = [
        Span("", from_level, to_level if to_level > from_level else None, float(hours))
        for hours, from_level, to_level in observations
        if to_level >= from_level
    ]
    return calibrate(spans, lambda _: table, prior_weight=prior_weight, bounds=bounds).factor


def weekly_hours(
    recent_weekly_minutes: float | None, *, budget_minutes: float = DEFAULT_WEEKLY_MINUTES
) -> float:
    """Hours a week available: the recent rate if there is one, else the 5-hour budget."""
    minutes = recent_weekly_minutes if recent_weekly_minutes and recent_weekly_minutes > 0 else 0.0
    if minutes <= 0:
        if budget_minutes <= 0:
            raise InvalidInput("the weekly budget must be more than 0 minutes")
        minutes = budget_minutes
    return minutes / 60.0


def hours_per_year(weekly_minutes: float = DEFAULT_WEEKLY_MINUTES) -> float:
    """Learning hours a year at a weekly rate (5 h a week gives 260)."""
    return weekly_minutes / 60.0 * WEEKS_PER_YEAR


def budget_sentence(weekly_minutes: float = DEFAULT_WEEKLY_MINUTES) -> str:
    """The plain statement of what a weekly rate buys in a year."""
    return (
        f"At {_hours(weekly_minutes / 60.0)} a week you have about "
        f"{hours_per_year(weekly_minutes):,.0f} hours a year to learn."
    )


@dataclass(frozen=True, slots=True)
class Feasibility:
    """Hours still needed and the weeks they take at a weekly rate, as an 80% range."""

    hours: float
    weekly_hours: float
    weeks: float
    weeks_low: float
    weeks_high: float

    def describe(self, pace: str | None = None) -> str:
        """'about 40 weeks (20-80) at 5 h a week, about 260 hours a year'.

        ``pace`` replaces '5 h a week' with words that also say where the pace came from.
        """
        if self.hours <= 0:
            return "already there"
        rate = pace if pace else f"{_hours(self.weekly_hours)} a week"
        middle, low, high = (_span(w) for w in (self.weeks, self.weeks_low, self.weeks_high))
        if middle[1] == low[1] == high[1]:
            span = f"about {middle[0]} {middle[1]} ({low[0]}-{high[0]})"
        else:
            span = f"about {middle[0]} {middle[1]} ({low[0]} {low[1]} to {high[0]} {high[1]})"
        return f"{span} at {rate}, about {self.weekly_hours * WEEKS_PER_YEAR:,.0f} hours a year"

    def to_dict(self) -> dict[str, float]:
        return {
            "hours": self.hours,
            "weekly_hours": self.weekly_hours,
            "weeks": self.weeks,
            "weeks_low": self.weeks_low,
            "weeks_high": self.weeks_high,
        }


def estimate_weeks(
    hours: float,
    weekly: float,
    *,
    spread: tuple[float, float] | None = None,
    sigma: float = DEFAULT_SIGMA,
) -> Feasibility:
    """Weeks = hours / weekly hours, with the 80% range exp(-/+ 1.28 sigma) around it.

    ``spread`` (low, high multipliers) overrides ``sigma`` for callers that state the range.
    """
    if not weekly > 0:
        raise InvalidInput("weekly hours must be more than 0")
    if spread is None:
        if not sigma >= 0:
            raise InvalidInput(f"spread {sigma} must not be negative")
        spread = (math.exp(-Z_80 * sigma), math.exp(Z_80 * sigma))
    weeks = hours / weekly
    return Feasibility(
        hours=hours,
        weekly_hours=weekly,
        weeks=weeks,
        weeks_low=weeks * spread[0],
        weeks_high=weeks * spread[1],
    )


def _span(weeks: float) -> tuple[str, str]:
    """(number, unit): years from two years up, else weeks; whole numbers from 10 up."""
    if weeks >= 2 * WEEKS_PER_YEAR:
        years = weeks / WEEKS_PER_YEAR
        return (f"{years:.0f}" if years >= 10 else f"{years:.1f}"), "years"
    if weeks >= 10 or weeks == int(weeks):
        return f"{weeks:.0f}", "weeks"
    return f"{weeks:.1f}", "weeks"


def is_language_area(area: str | None, language_areas: Iterable[str]) -> bool:
    """Whether an area holds languages (CEFR bands apply), by name, ignoring case."""
    if not area:
        return False
    key = area.strip().casefold()
    return any(key == name.strip().casefold() for name in language_areas)


def _hours(value: float) -> str:
    return f"{value:.0f} h" if value >= 10 or value == int(value) else f"{value:.1f} h"
