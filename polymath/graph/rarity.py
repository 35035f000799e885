"""How rare a stack is: P(being in the top q of every member) under a Gaussian copula.

Scott Adams' arithmetic multiplies the fractions (three top-25% skills: 1.5625%), which holds only
if skills are independent. Correlated skills are less rare together, so the levels are modelled as
a Gaussian copula with the population's (shrunk) correlations, and the answer is reported as a
range over plausible correlations, never as one precise figure.

The quantity, the same wherever it is shown, is ``RARITY_DEFINITION``; what it rests on is
``rarity_assumptions``. Figures below 0.01% are shown as "< 0.01%": the model cannot tell them
apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtri
from scipy.stats import multivariate_normal

from polymath.core.errors import InvalidInput

DEFAULT_LEVEL_QUANTILES: Mapping[int, float] = MappingProxyType(
    {1: 1.0, 2: 0.50, 3: 0.25, 4: 0.10, 5: 0.02}
)
"""Dreyfus level -> "top q" among people who practise a domain: a stated, editable assumption."""

CORRELATION_SPREAD = 0.2
SMALLEST_SHOWN = 1e-4
"""Below 0.01% a figure is shown as "< 0.01%"."""

RARITY_DEFINITION = (
    'Rarity ("top x%"): among people who practise all three areas, the share who would be at '
    "your target level or better in all three at once."
)
_MAX_ABS_CORRELATION = 0.99
_MIN_EIGENVALUE = 1e-6
_CDF_SEED = 20130101  # fixed so the quasi-Monte Carlo answer never changes between runs


def top_fraction(
    level: int | None, quantiles: Mapping[int, float] = DEFAULT_LEVEL_QUANTILES
) -> float:
    """The "top q" a level puts someone in; an unassessed domain counts as novice (1.0)."""
    if level is None:
        return 1.0
    if level not in quantiles:
        raise InvalidInput(f"level {level} has no top fraction; levels are {sorted(quantiles)}")
    q = float(quantiles[level])
    if not 0.0 < q <= 1.0:
        raise InvalidInput(f"top fraction {q} for level {level} must be in (0, 1]")
    return q


def valid_correlation(matrix: ArrayLike) -> NDArray[np.float64]:
    """Clip to |r| <= 0.99 and, if needed, shrink off-diagonals until positive definite."""
    c = np.array(matrix, dtype=np.float64, copy=True)
    c = (c + c.T) / 2.0
    c = np.clip(c, -_MAX_ABS_CORRELATION, _MAX_ABS_CORRELATION)
    np.fill_diagonal(c, 1.0)
    factor = 1.0
    identity = np.eye(len(c))
    shrunk = c
    while np.linalg.eigvalsh(shrunk)[0] < _MIN_EIGENVALUE and factor > 0:
        factor = round(factor - 0.05, 2)
        shrunk = identity + factor * (c - identity)
    return shrunk


def joint_top_probability(top: Sequence[float], correlation: ArrayLike) -> float:
    """P(every member is in its top q) when levels follow a Gaussian copula.

    Being in the top q of X_i is X_i > Phi^-1(1 - q); by symmetry that is the lower orthant
    P(all -X_i < Phi^-1(q)), evaluated by SciPy's Genz routine with a fixed seed. Members with
    q = 1 impose nothing and drop out.
    """
    qs = np.asarray(top, dtype=np.float64)
    corr = valid_correlation(correlation)
    if corr.shape != (len(qs), len(qs)):
        raise InvalidInput("one top fraction per row of the correlation matrix is needed")
    if np.any(qs <= 0) or np.any(qs > 1):
        raise InvalidInput("top fractions must be in (0, 1]")
    keep = np.flatnonzero(qs < 1.0)
    if len(keep) == 0:
        return 1.0
    if len(keep) == 1:
        return float(qs[keep[0]])
    sub = corr[np.ix_(keep, keep)]
    limits = tuple(round(float(x), 12) for x in ndtri(qs[keep]))
    pairs = tuple(
        round(float(sub[x, y]), 12) for x in range(len(keep)) for y in range(x + 1, len(keep))
    )
    return _orthant(limits, pairs)


@lru_cache(maxsize=4096)
def _orthant(limits: tuple[float, ...], pairs: tuple[float, ...]) -> float:
    d = len(limits)
    cov = np.eye(d)
    values = iter(pairs)
    for x in range(d):
        for y in range(x + 1, d):
            cov[x, y] = cov[y, x] = next(values)
    value = multivariate_normal.cdf(
        np.array(limits),
        mean=np.zeros(d),
        cov=cov,
        abseps=1e-6,
        releps=1e-5,
        maxpts=200_000,
        rng=np.random.default_rng(_CDF_SEED),
    )
    return float(min(1.0, max(0.0, value)))


@dataclass(frozen=True, slots=True)
class Rarity:
    """P(top of every member) at the estimated correlations, with its plausible range."""

    estimate: float
    low: float
    high: float
    independent: float
    top: tuple[float, ...]

    def describe(self) -> str:
        """'top 2.9%-6.3% (about 4.4%)'; 'top < 0.01% to 0.76% (about 0.12%)'; 'top < 0.01%'."""
        if self.high < SMALLEST_SHOWN:
            return "top < 0.01%"
        middle = (
            "below 0.01%" if self.estimate < SMALLEST_SHOWN else f"about {_percent(self.estimate)}"
        )
        if self.low < SMALLEST_SHOWN:
            return f"top < 0.01% to {_percent(self.high)} ({middle})"
        return f"top {_percent(self.low)}-{_percent(self.high)} ({middle})"

    def to_dict(self) -> dict[str, object]:
        return {
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "independent": self.independent,
            "top": list(self.top),
        }


def stack_rarity(
    top: Sequence[float], correlation: ArrayLike, *, spread: float = CORRELATION_SPREAD
) -> Rarity:
    """Rarity at the estimated correlations and with every correlation moved by -/+ ``spread``.

    The orthant probability grows with every correlation (Slepian's inequality), so the shifted
    matrices bound it; each is made positive definite first.
    """
    corr = np.array(correlation, dtype=np.float64)
    off = ~np.eye(len(corr), dtype=bool)
    values = []
    for shift in (-spread, 0.0, spread):
        shifted = corr.copy()
        shifted[off] += shift
        values.append(joint_top_probability(top, shifted))
    return Rarity(
        estimate=values[1],
        low=min(values),
        high=max(values),
        independent=float(np.prod(np.asarray(top, dtype=np.float64))),
        top=tuple(float(q) for q in top),
    )


def rarity_assumptions(
    quantiles: Mapping[int, float] = DEFAULT_LEVEL_QUANTILES, spread: float = CORRELATION_SPREAD
) -> list[str]:
    """What a rarity figure rests on, one sentence each, with the settings in force."""
    names = {2: "advanced beginner", 3: "competent", 4: "proficient", 5: "expert"}
    mapping = ", ".join(
        f"{names.get(level, f'level {level}')} = top {_percent(float(quantiles[level]))}"
        for level in sorted(quantiles)
        if level > 1
    )
    return [
        RARITY_DEFINITION,
        f"Levels map to a place among people who practise a domain: {mapping} (editable).",
        "How skills go together in people is taken from how areas go together in the "
        "population's units (for O*NET, occupations' Importance ratings), shrunk toward 0.",
        "Levels in the three areas are modelled as a Gaussian copula with those correlations.",
        f"The range moves every correlation by -/+{spread:g}; the middle figure uses them as "
        "estimated.",
        "Figures below 0.01% are shown as < 0.01%: the model cannot tell them apart.",
    ]


def _percent(p: float) -> str:
    if p < SMALLEST_SHOWN:
        return "< 0.01%"
    value = 100.0 * p
    if value >= 10:
        return f"{value:.0f}%"
    if value >= 1:
        return f"{value:.1f}%"
    return f"{value:.2g}%"
