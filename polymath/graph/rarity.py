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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

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
_CDF_SEED = 20130101  # fixed so the quasi-Monte Carlo answer (four or more members) never changes
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(64)
_OUTER_NODES, _OUTER_WEIGHTS = np.polynomial.legendre.leggauss(128)
_LOWEST = -9.0


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
    P(all -X_i < Phi^-1(q)). Two or three members (every stack) are integrated exactly by
    Gauss-Legendre quadrature (``bivariate_normal``, ``trivariate_normal``); more fall back to
    SciPy's Genz routine with a fixed seed. Members with q = 1 impose nothing and drop out.
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
    from scipy.special import ndtri  # loaded when a rarity is computed, not with the options

    sub = corr[np.ix_(keep, keep)]
    limits = tuple(round(float(x), 12) for x in ndtri(qs[keep]))
    pairs = tuple(
        round(float(sub[x, y]), 12) for x in range(len(keep)) for y in range(x + 1, len(keep))
    )
    return _orthant(limits, pairs)


@lru_cache(maxsize=4096)
def _orthant(limits: tuple[float, ...], pairs: tuple[float, ...]) -> float:
    d = len(limits)
    if d == 2:
        both = float(bivariate_normal(limits[0], limits[1], pairs[0]))
        return min(1.0, max(0.0, both))
    if d == 3:
        value = trivariate_normal(limits, (pairs[0], pairs[1], pairs[2]))
        return float(min(1.0, max(0.0, value)))
    from scipy.stats import multivariate_normal  # a second of import, for four or more only

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


def bivariate_normal(h: ArrayLike, k: ArrayLike, rho: float) -> NDArray[np.float64]:
    """P(X < h, Y < k) for standard normals with correlation ``rho`` (|rho| < 1), vectorised.

    Sheppard's formula: Phi(h) Phi(k) plus the integral over theta from 0 to asin(rho) of
    exp(-(h^2 + k^2 - 2 h k sin theta) / (2 cos^2 theta)) / (2 pi), by 64-point Gauss-Legendre
    quadrature; the integrand is smooth on that interval, so the sum is exact to rounding for
    the correlations a plan uses (clipped to |rho| <= 0.99).
    """
    from scipy.special import ndtr

    hh = np.asarray(h, dtype=np.float64)[..., None]
    kk = np.asarray(k, dtype=np.float64)[..., None]
    top = math.asin(rho)
    theta = 0.5 * top * (_NODES + 1.0)
    sin, cos2 = np.sin(theta), np.cos(theta) ** 2
    with np.errstate(over="ignore", invalid="ignore"):
        terms = np.exp(-(hh * hh + kk * kk - 2.0 * hh * kk * sin) / (2.0 * cos2))
    terms = np.where(np.isfinite(hh) & np.isfinite(kk), terms, 0.0)
    integral = 0.5 * top * (terms @ _WEIGHTS) / (2.0 * math.pi)
    return np.asarray(ndtr(hh[..., 0]) * ndtr(kk[..., 0]) + integral, dtype=np.float64)


def trivariate_normal(limits: Sequence[float], pairs: tuple[float, float, float]) -> float:
    """P(X1 < h1, X2 < h2, X3 < h3) for standard normals with correlations (r12, r13, r23).

    Conditioning on X1 = t leaves a bivariate normal (Genz 2004): the integral over t from -9
    to h1 of phi(t) Phi2((h2 - r12 t) / s12, (h3 - r13 t) / s13; (r23 - r12 r13) / (s12 s13)),
    with s = sqrt(1 - r^2), by 128-point Gauss-Legendre quadrature (below -9 lies less than
    1e-18). Within 1e-9 of a 1,024-point sum for the correlations a plan uses, where SciPy's
    quasi-Monte Carlo routine guarantees 1e-6. The matrix must be positive definite
    (``valid_correlation`` makes it so).
    """
    h1, h2, h3 = limits
    r12, r13, r23 = pairs
    s12, s13 = math.sqrt(1.0 - r12 * r12), math.sqrt(1.0 - r13 * r13)
    partial = (r23 - r12 * r13) / (s12 * s13)
    if h1 <= _LOWEST:
        return 0.0
    t = _LOWEST + 0.5 * (h1 - _LOWEST) * (_OUTER_NODES + 1.0)
    density = np.exp(-0.5 * t * t) / math.sqrt(2.0 * math.pi)
    inner = bivariate_normal((h2 - r12 * t) / s12, (h3 - r13 * t) / s13, partial)
    return float(0.5 * (h1 - _LOWEST) * ((density * inner) @ _OUTER_WEIGHTS))


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
