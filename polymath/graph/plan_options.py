"""Every setting of the planner in one record, with its documented default.

The lead reads them from the config file; each field says what it means and why it has the
default it has. Nothing here reads a file or a clock.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from polymath.core.errors import InvalidInput
from polymath.graph.calibration import Calibration
from polymath.graph.feasibility import (
    CEFR_BANDS,
    DEFAULT_LANGUAGE_AREAS,
    DEFAULT_SIGMA,
    DEFAULT_WEEKLY_MINUTES,
    WEEKS_PER_YEAR,
    HoursBands,
    is_language_area,
)
from polymath.graph.labels import (
    DEFAULT_ALPHA,
    DEFAULT_ATYPICAL_LIFT,
    DEFAULT_BRIDGE_LIFT,
    DEFAULT_MIN_AREA_UNITS,
    DEFAULT_UBIQUITOUS_SHARE,
    LabelRule,
)
from polymath.graph.rarity import CORRELATION_SPREAD, DEFAULT_LEVEL_QUANTILES

DEFAULT_HORIZON_WEEKS = 3 * WEEKS_PER_YEAR
DEFAULT_MIN_UNITS = 30
DEFAULT_MIN_NEW_AREA_UNITS = 20


@dataclass(frozen=True)
class PlanOptions:
    """Editable assumptions of the planner; the defaults are the ones DESIGN.md states."""

    # -- labels (see labels.py)
    alpha: float = DEFAULT_ALPHA
    """Benjamini-Hochberg false discovery rate over the tests a query examines."""
    atypical_lift: float = DEFAULT_ATYPICAL_LIFT
    """An atypical pair occurs at most this share of what chance predicts (O/E <= 0.67)."""
    bridge_lift: float = DEFAULT_BRIDGE_LIFT
    """A conventional pair (a bridge) occurs at least this many times chance (O/E >= 1.5)."""
    ubiquitous_share: float = DEFAULT_UBIQUITOUS_SHARE
    """An area used by more than this share of units is background: its pairs get no label."""
    min_area_units: int = DEFAULT_MIN_AREA_UNITS
    """An area used by fewer units is left out of every plan (its pairs say nothing)."""
    min_units: int = DEFAULT_MIN_UNITS
    """A population with fewer units is refused."""
    min_new_area_units: int = DEFAULT_MIN_NEW_AREA_UNITS
    """On a population with areas at several levels (ESCO), a plan adds only groups used by at
    least this many units: below it even a group's pairs are mostly near chance."""

    # -- time
    bands: HoursBands = field(default_factory=HoursBands)
    """Cumulative hours to reach each level (20, 200, 1,000, 5,000)."""
    area_bands: Mapping[str, HoursBands] = field(default_factory=dict)
    """Bands for named areas, overriding both the defaults and the language bands."""
    language_areas: tuple[str, ...] = DEFAULT_LANGUAGE_AREAS
    """Areas whose domains are languages and use ``language_bands``."""
    language_bands: HoursBands = field(default_factory=lambda: HoursBands(CEFR_BANDS))
    """CEFR guided hours: about 200 per level (competent ~ B1 ~ 400 hours)."""
    calibration: float = 1.0
    """The person's hours needed / band hours (``calibration.calibrate``)."""
    speed_sigma: float = DEFAULT_SIGMA
    """Log-scale spread of a projection; its 80% range is exp(-/+ 1.28 sigma) (x0.5-x2)."""
    horizon_weeks: float = DEFAULT_HORIZON_WEEKS
    """Stacks that take longer at the pace are set aside, not suggested (3 years)."""
    weekly_budget_minutes: float = DEFAULT_WEEKLY_MINUTES
    """The configured weekly target: the pace when there is too little history."""
    planned_hours_per_week: float | None = None
    """The hours a week the person plans for their stack; when set, it is the pace."""

    # -- rarity
    quantiles: Mapping[int, float] = field(default_factory=lambda: DEFAULT_LEVEL_QUANTILES)
    """Level -> "top q" among people who practise a domain (50%, 25%, 10%, 2%)."""
    correlation_spread: float = CORRELATION_SPREAD
    """Rarity is shown over correlations moved by -/+ this much (0.2)."""
    feasibility_spread: tuple[float, float] | None = None
    """Explicit (low, high) multipliers for the weeks range; None derives it from speed_sigma."""

    def __post_init__(self) -> None:
        self.label_rule()  # validates the label settings
        if not self.calibration > 0 or not math.isfinite(self.calibration):
            raise InvalidInput(f"calibration factor {self.calibration} must be above 0")
        if not self.horizon_weeks > 0 or not math.isfinite(self.horizon_weeks):
            raise InvalidInput(f"horizon of {self.horizon_weeks} weeks must be above 0")
        if self.min_new_area_units < 1:
            raise InvalidInput(f"new areas need at least 1 unit, not {self.min_new_area_units}")
        if self.min_units < 2:
            raise InvalidInput(f"minimum population size {self.min_units} must be at least 2")
        if not self.correlation_spread >= 0:
            raise InvalidInput(f"correlation spread {self.correlation_spread} must be >= 0")
        if not self.speed_sigma >= 0:
            raise InvalidInput(f"speed spread {self.speed_sigma} must be >= 0")

    def label_rule(self) -> LabelRule:
        return LabelRule(
            alpha=self.alpha,
            atypical_lift=self.atypical_lift,
            bridge_lift=self.bridge_lift,
            ubiquitous_share=self.ubiquitous_share,
            min_area_units=self.min_area_units,
        )

    def bands_for(self, area: str | None) -> HoursBands:
        """The bands of an area: named ones first, then languages (CEFR), then the defaults."""
        if area:
            key = area.strip().casefold()
            for name, bands in self.area_bands.items():
                if name.strip().casefold() == key:
                    return bands
            if is_language_area(area, self.language_areas):
                return self.language_bands
        return self.bands

    def with_calibration(self, calibration: Calibration) -> PlanOptions:
        """These options with the person's speed and spread."""
        return replace(self, calibration=calibration.factor, speed_sigma=calibration.sigma)
