"""How fast this person learns compared with the hours bands, from their own assessments.

Each domain's history is cut at the assessments that *change* its level. The hours between two
changes form one span: a gain (from one level to a higher one) when it ends in a gain, or a
censored span when it ends today without one (the next gain is known to take more than those
hours). Assessments that re-record the same level cut nothing, so how often a person re-assesses
never changes the estimate; a level recorded lower restarts the clock without an observation.

Model, on a log scale: hours actually needed = band hours x exp(mu + e), e ~ Normal(0, sigma).
mu is the person's speed (the factor is exp(mu)), with a prior as if ``prior_weight`` gains had
matched the bands exactly; it is the posterior mode given the gains and the censored spans
(a censored span adds log P(e > its log ratio - mu)). sigma starts at a value chosen so that,
with no history, the 80% range of a projection is x0.5-x2, and moves toward the spread of the
person's own gains once they have two or more.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from polymath.core.records import AssessmentRecord, DatedMinutes
from polymath.graph.feasibility import (
    CALIBRATION_BOUNDS,
    DEFAULT_SIGMA,
    HoursBands,
)

DEFAULT_PRIOR_WEIGHT = 2.0
PRIOR_SPREAD_WEIGHT = 4.0
"""The default spread counts as this many degrees of freedom against the person's own gains."""
_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_BISECTIONS = 200


@dataclass(frozen=True, slots=True)
class Span:
    """Hours logged in a domain at one level, ended by a gain (``to_level``) or by today (None)."""

    domain: str
    from_level: int
    to_level: int | None
    hours: float


@dataclass(frozen=True, slots=True)
class Calibration:
    """The person's speed against the bands and the spread of the projections made with it."""

    factor: float = 1.0
    """Hours needed / band hours: below 1 faster than the bands, above 1 slower."""
    sigma: float = DEFAULT_SIGMA
    """Log-scale spread of a projection: its 80% range is exp(-/+ 1.28 sigma)."""
    gains: int = 0
    censored: int = 0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "factor": self.factor,
            "sigma": self.sigma,
            "gains": self.gains,
            "censored": self.censored,
        }


def level_spans(
    assessments: Iterable[AssessmentRecord],
    minutes: Iterable[DatedMinutes],
    *,
    today: date,
    top_level: int = 5,
) -> list[Span]:
    """Each domain's gains and its current censored span, from its assessments and minutes.

    A session counts toward the assessment on or after its day (the level recorded that evening
    includes that day's practice). Hours before a domain's first assessment are what the first
    level already reflects, so they start nothing. Domains are matched ignoring case.
    """
    by_domain: dict[str, list[AssessmentRecord]] = defaultdict(list)
    for record in assessments:
        by_domain[record.domain.casefold()].append(record)
    logged: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for item in minutes:
        logged[item.domain.casefold()].append((item.day, item.minutes))
    spans: list[Span] = []
    for key in sorted(by_domain):
        history = sorted(by_domain[key], key=lambda record: record.assessed_on)
        days = logged.get(key, [])
        name = history[0].domain

        def hours_between(after: date, until: date, days: list[tuple[date, int]] = days) -> float:
            return sum(m for day, m in days if after < day <= until) / 60.0

        start, level = history[0].assessed_on, history[0].level
        for before, after in itertools.pairwise(history):
            if after.level == before.level:
                continue
            if after.level > level:
                spans.append(
                    Span(name, level, after.level, hours_between(start, after.assessed_on))
                )
            start, level = after.assessed_on, after.level
        open_hours = hours_between(start, today)
        if level < top_level and open_hours > 0:
            spans.append(Span(name, level, None, open_hours))
    return spans


def calibrate(
    spans: Sequence[Span],
    bands_for: Callable[[str], HoursBands],
    *,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
    prior_sigma: float | None = None,
    bounds: tuple[float, float] = CALIBRATION_BOUNDS,
) -> Calibration:
    """The person's speed factor and projection spread (see the module docstring).

    ``bands_for(domain)`` gives each domain's bands (CEFR for languages). ``prior_sigma`` is the
    spread of one gain around the person's speed; by default the value that, with the prior's
    uncertainty added, gives the x0.5-x2 80% range when nothing is known.
    """
    if prior_weight <= 0:
        raise ValueError("the prior weight must be above 0")
    base_sigma = (
        DEFAULT_SIGMA / math.sqrt(1.0 + 1.0 / prior_weight) if prior_sigma is None else prior_sigma
    )
    gains: list[float] = []
    censored: list[float] = []
    for span in spans:
        bands = bands_for(span.domain)
        if span.to_level is None:
            if span.from_level >= bands.top_level or span.hours <= 0:
                continue
            band = bands.hours_between(span.from_level, span.from_level + 1)
            if band > 0:
                censored.append(math.log(span.hours / band))
        elif span.to_level > span.from_level and span.hours > 0:
            band = bands.hours_between(span.from_level, span.to_level)
            if band > 0:
                gains.append(math.log(span.hours / band))
    n = len(gains)
    sigma = base_sigma
    if n >= 2:
        mean = sum(gains) / n
        squares = sum((x - mean) ** 2 for x in gains)
        sigma = math.sqrt(
            (PRIOR_SPREAD_WEIGHT * base_sigma**2 + squares) / (PRIOR_SPREAD_WEIGHT + n - 1)
        )
    mu = _posterior_mode(gains, censored, sigma, prior_weight)
    factor = min(bounds[1], max(bounds[0], math.exp(mu)))
    return Calibration(
        factor=factor,
        sigma=sigma * math.sqrt(1.0 + 1.0 / (n + prior_weight)),
        gains=n,
        censored=len(censored),
    )


def _posterior_mode(
    gains: Sequence[float], censored: Sequence[float], sigma: float, prior_weight: float
) -> float:
    """Root of d/dmu log posterior, which falls strictly, so it is unique (bracketed search)."""
    if not censored:
        return sum(gains) / (len(gains) + prior_weight)
    from scipy.special import log_ndtr  # only with censored gains: it costs 0.15 s to import

    def slope(mu: float) -> float:
        pull = sum(x - mu for x in gains) - prior_weight * mu
        for y in censored:
            u = (mu - y) / sigma
            pull += sigma * math.exp(-0.5 * u * u - _LOG_SQRT_2PI - float(log_ndtr(u)))
        return pull

    low, high = -1.0, 1.0
    while slope(low) < 0:
        low *= 2.0
    while slope(high) > 0:
        high *= 2.0
    # bisection: the slope falls strictly, so halving the bracket 60 times pins the root to
    # well below 1e-12 (SciPy's root finders cost half a second of import on every plan)
    for _ in range(_BISECTIONS):
        middle = 0.5 * (low + high)
        if slope(middle) > 0:
            low = middle
        else:
            high = middle
        if high - low <= 1e-12:
            break
    return 0.5 * (low + high)
