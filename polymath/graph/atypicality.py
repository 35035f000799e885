"""Which pairs of domains usually go together: hypergeometric z, lift, exact tails, random null.

A population is N units (occupations, papers, people), each using a set of domains. For domains a, b
used by n_a and n_b units, O_ab units use both. Under independence O_ab is hypergeometric with mean
E = n_a n_b / N and variance n_a n_b (N - n_a)(N - n_b) / (N^2 (N - 1)); z = (O - E) / sqrt(Var)
says how surprising the overlap is (z < 0 atypical, z > 0 conventional) and lift = O / E how strong.
The randomised null (Uzzi et al. 2013) reshuffles memberships keeping every unit's and every
domain's count fixed, so it also accounts for the units' sizes, which the hypergeometric model
ignores.

Everything here works on arrays so the same code serves 33 areas and 10,000 domains.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from scipy import sparse

FloatArray = NDArray[np.float64]


def expected_cooccurrence(n_a: ArrayLike, n_b: ArrayLike, n_units: int) -> FloatArray:
    """E = n_a n_b / N: units expected to use both domains if they were chosen independently."""
    return np.asarray(n_a, dtype=np.float64) * np.asarray(n_b, dtype=np.float64) / n_units


def hypergeometric_variance(n_a: ArrayLike, n_b: ArrayLike, n_units: int) -> FloatArray:
    """Var = n_a n_b (N - n_a)(N - n_b) / (N^2 (N - 1)), the variance of O under independence."""
    a = np.asarray(n_a, dtype=np.float64)
    b = np.asarray(n_b, dtype=np.float64)
    big_n = float(n_units)
    if big_n < 2:
        return np.zeros(np.broadcast(a, b).shape)
    return a * b * (big_n - a) * (big_n - b) / (big_n * big_n * (big_n - 1.0))


def atypicality_z(observed: ArrayLike, n_a: ArrayLike, n_b: ArrayLike, n_units: int) -> FloatArray:
    """z = (O - E) / sqrt(Var); 0 where the variance is 0 (a domain used by no unit or by all)."""
    o = np.asarray(observed, dtype=np.float64)
    e = expected_cooccurrence(n_a, n_b, n_units)
    var = hypergeometric_variance(n_a, n_b, n_units)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (o - e) / np.sqrt(var)
    return np.where(var > 0, z, 0.0)


def lift(observed: ArrayLike, n_a: ArrayLike, n_b: ArrayLike, n_units: int) -> FloatArray:
    """O / E: how many times more (or less) often the pair occurs than by chance; NaN if E = 0."""
    o = np.asarray(observed, dtype=np.float64)
    e = expected_cooccurrence(n_a, n_b, n_units)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(e > 0, o / e, np.nan)


def tail_probabilities(observed: int, n_a: int, n_b: int, n_units: int) -> tuple[float, float]:
    """Exact hypergeometric tails (P[X <= O], P[X >= O]): evidence for atypical and conventional."""
    at_most = float(exact_tail(observed, n_a, n_b, n_units, upper=False)[0])
    at_least = float(exact_tail(observed, n_a, n_b, n_units, upper=True)[0])
    return at_most, at_least


# ---------------------------------------------------------------------------- exact tails

_TAIL_RTOL = 1e-13
_RESCALE = 1e250
_LOG_RESCALE = math.log(_RESCALE)


@lru_cache(maxsize=8)
def log_factorials(n_units: int) -> FloatArray:
    """log k! for k = 0..N (read-only), from the standard library's lgamma: no SciPy needed."""
    table = np.fromiter((math.lgamma(k + 1.0) for k in range(n_units + 1)), dtype=np.float64)
    table.setflags(write=False)
    return table


def log_pmf(
    observed: ArrayLike, n_a: ArrayLike, n_b: ArrayLike, n_units: int, *, table: FloatArray | None
) -> FloatArray:
    """log P[X = O] for X hypergeometric (N units, n_a marked, n_b drawn), vectorised."""
    lf = log_factorials(n_units) if table is None else table
    k = np.asarray(observed, dtype=np.int64)
    a = np.asarray(n_a, dtype=np.int64)
    b = np.asarray(n_b, dtype=np.int64)
    rest = n_units - a - b + k
    inside = (k >= 0) & (k <= a) & (k <= b) & (rest >= 0)
    k, a, b, rest = (np.where(inside, x, 0) for x in (k, a, b, rest))
    value = (
        lf[a] - lf[k] - lf[a - k] + lf[n_units - a] - lf[b - k] - lf[rest]
        - (lf[n_units] - lf[b] - lf[n_units - b])
    )  # fmt: skip
    return np.where(inside, value, -np.inf)


def exact_tail(
    observed: ArrayLike,
    n_a: ArrayLike,
    n_b: ArrayLike,
    n_units: int,
    *,
    upper: bool,
    table: FloatArray | None = None,
) -> FloatArray:
    """P[X >= O] (``upper``) or P[X <= O], summed term by term from O outward, vectorised.

    The terms are summed relative to P[X = O] (rescaled when they grow large) and multiplied
    by it in log space at the end, so a start far in the tail loses no precision. The ratio of
    consecutive terms falls monotonically away from the mode, so once it is below 1 the rest is
    bounded by a geometric series; the loop stops when that bound is below 1e-13 of the total.
    Equal to SciPy's ``hypergeom`` to about 1e-11.
    """
    k = np.array(observed, dtype=np.float64, ndmin=1)
    a = np.broadcast_to(np.asarray(n_a, dtype=np.float64), k.shape).copy()
    b = np.broadcast_to(np.asarray(n_b, dtype=np.float64), k.shape).copy()
    big_n = float(n_units)
    log_base = log_pmf(k, a, b, n_units, table=table)
    term = np.ones_like(k)
    total = np.ones_like(k)
    end = np.minimum(a, b) if upper else np.maximum(0.0, a + b - big_n)
    active = np.flatnonzero((k != end) & np.isfinite(log_base))
    while len(active):
        kk, aa, bb = k[active], a[active], b[active]
        if upper:
            ratio = (aa - kk) * (bb - kk) / ((kk + 1.0) * (big_n - aa - bb + kk + 1.0))
            k[active] = kk + 1.0
        else:
            ratio = kk * (big_n - aa - bb + kk) / ((aa - kk + 1.0) * (bb - kk + 1.0))
            k[active] = kk - 1.0
        step = term[active] * ratio
        sums = total[active] + step
        large = sums > _RESCALE
        if large.any():
            step = np.where(large, step / _RESCALE, step)
            sums = np.where(large, sums / _RESCALE, sums)
            log_base[active[large]] += _LOG_RESCALE
        term[active] = step
        total[active] = sums
        with np.errstate(divide="ignore"):
            rest = np.where(ratio < 1.0, step * ratio / (1.0 - ratio), np.inf)
        done = (k[active] == end[active]) | (step == 0.0) | (rest <= _TAIL_RTOL * sums)
        active = active[~done]
    with np.errstate(divide="ignore"):
        return np.minimum(np.exp(log_base + np.log(total)), 1.0)


def cooccurrence(
    uses: sparse.sparray | NDArray[np.bool_],
) -> tuple[NDArray[np.int64], sparse.csr_array]:
    """Per-domain counts n and co-occurrences O = B^T B of a units x domains 0/1 matrix B."""
    from scipy import sparse

    b = sparse.csr_array(uses, dtype=np.int64)
    counts = np.asarray(b.sum(axis=0), dtype=np.int64).ravel()
    observed = sparse.csr_array(b.T @ b)
    return counts, observed


# ---------------------------------------------------------------------------- randomised null


@dataclass(frozen=True, eq=False)
class NullModel:
    """z of each pair against O's mean and sd over ``samples`` randomised populations.

    Reproducible from (seed, samples, rounds, burn_in): the same numbers rebuild the same z.
    """

    z: FloatArray
    mean: FloatArray
    sd: FloatArray
    seed: int
    samples: int
    rounds: int
    burn_in: int


def _curveball_round(matrix: NDArray[np.bool_], rng: np.random.Generator) -> None:
    """One global curveball round (Carstens et al. 2016), in place.

    Units are paired at random; each pair pools the domains only one of them uses and deals them
    back at random, each unit keeping its own count. Every domain's count is unchanged too.
    """
    n_units, n_domains = matrix.shape
    half = n_units // 2
    if half == 0:
        return
    order = rng.permutation(n_units)
    first, second = order[:half], order[half : 2 * half]
    a, b = matrix[first], matrix[second]
    shared = a & b
    pool = a ^ b
    keep = (a & ~b).sum(axis=1)
    keys = rng.random(pool.shape)
    keys[~pool] = 2.0
    rank = np.empty(pool.shape, dtype=np.int64)
    np.put_along_axis(
        rank, np.argsort(keys, axis=1), np.broadcast_to(np.arange(n_domains), pool.shape), axis=1
    )
    to_first = pool & (rank < keep[:, None])
    matrix[first] = shared | to_first
    matrix[second] = shared | (pool & ~to_first)


def _dense_cooccurrence(matrix: NDArray[np.bool_]) -> FloatArray:
    """B^T B by bit counting: no BLAS call, whose threads thrash on thousands of tiny products."""
    packed = np.packbits(matrix, axis=0).T.copy()
    both = np.bitwise_count(packed[:, None, :] & packed[None, :, :])
    return both.sum(axis=2, dtype=np.int64).astype(np.float64)


def randomised_null(
    uses: NDArray[np.bool_],
    *,
    samples: int = 1000,
    rounds: int = 2,
    burn_in: int = 100,
    seed: int = 2013,
) -> NullModel:
    """Null z = (O - mean) / sd of O over randomisations that keep unit and domain counts fixed.

    Takes a dense boolean units x domains matrix (fine for thousands of units and hundreds of
    domains). ``rounds`` global curveball rounds separate consecutive samples after ``burn_in``.
    """
    if samples < 2:
        raise ValueError("the randomised null needs at least 2 samples")
    rng = np.random.default_rng(seed)
    matrix = np.array(uses, dtype=bool, copy=True)
    observed = _dense_cooccurrence(matrix)
    for _ in range(burn_in):
        _curveball_round(matrix, rng)
    total = np.zeros_like(observed)
    total_sq = np.zeros_like(observed)
    for _ in range(samples):
        for _ in range(rounds):
            _curveball_round(matrix, rng)
        o = _dense_cooccurrence(matrix)
        total += o
        total_sq += o * o
    mean = total / samples
    var = np.maximum(total_sq / samples - mean * mean, 0.0) * samples / (samples - 1)
    sd = np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (observed - mean) / sd, 0.0)
    np.fill_diagonal(z, 0.0)
    return NullModel(
        z=z, mean=mean, sd=sd, seed=seed, samples=samples, rounds=rounds, burn_in=burn_in
    )


# ---------------------------------------------------------------------------- correlations


def pearson_correlation(weights: FloatArray) -> tuple[FloatArray, NDArray[np.int64]]:
    """Pearson r between domains' weights across units, pairwise over units that rate both.

    ``weights`` is units x domains with NaN where a unit gives no weight. Returns (r, n) where n
    counts the units behind each r; r is 0 where a domain's weights do not vary.
    """
    present = ~np.isnan(weights)
    m = present.astype(np.float64)
    x = np.where(present, weights, 0.0)
    n = m.T @ m
    sum_a = x.T @ m
    sum_b = sum_a.T
    sum_aa = (x * x).T @ m
    sum_bb = sum_aa.T
    sum_ab = x.T @ x
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = sum_ab - sum_a * sum_b / n
        var_a = sum_aa - sum_a * sum_a / n
        var_b = sum_bb - sum_b * sum_b / n
        r = cov / np.sqrt(var_a * var_b)
    r = np.where((n > 1) & (var_a > 1e-12) & (var_b > 1e-12), r, 0.0)
    r = np.clip(r, -1.0, 1.0)
    np.fill_diagonal(r, 1.0)
    return r, n.astype(np.int64)


def phi_correlation(
    observed: ArrayLike, n_a: ArrayLike, n_b: ArrayLike, n_units: int
) -> FloatArray:
    """phi = (N O - n_a n_b) / sqrt(n_a (N - n_a) n_b (N - n_b)): Pearson r of two 0/1 columns."""
    o = np.asarray(observed, dtype=np.float64)
    a = np.asarray(n_a, dtype=np.float64)
    b = np.asarray(n_b, dtype=np.float64)
    big_n = float(n_units)
    denominator = a * (big_n - a) * b * (big_n - b)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (big_n * o - a * b) / np.sqrt(denominator)
    return np.clip(np.where(denominator > 0, r, 0.0), -1.0, 1.0)


def shrinkage_intensity(r: ArrayLike, n_obs: ArrayLike) -> float:
    """Schäfer and Strimmer (2005) intensity for shrinking correlations toward 0.

    lambda = sum Var(r_ij) / sum r_ij^2 over pairs, with the large-sample variance of r,
    (1 - r^2)^2 / (n - 1), clipped to [0, 1]. Noisy, small correlations shrink a lot; strong ones
    from many units barely move. Pass the pairs once each (e.g. the upper triangle).
    """
    rr = np.asarray(r, dtype=np.float64)
    nn = np.asarray(n_obs, dtype=np.float64)
    usable = nn > 2
    if not usable.any():
        return 1.0
    variance = ((1.0 - rr[usable] ** 2) ** 2 / (nn[usable] - 1.0)).sum()
    signal = (rr[usable] ** 2).sum()
    return _clip_intensity(float(variance), float(signal))


def phi_shrinkage_intensity(
    counts: ArrayLike,
    pair_i: ArrayLike,
    pair_j: ArrayLike,
    pair_observed: ArrayLike,
    n_units: int,
) -> float:
    """The same intensity for phi over *all* pairs, without forming the D x D matrix.

    A pair that never co-occurs has phi = -g_a g_b with g = sqrt(n / (N - n)), so the sums over
    all pairs have closed forms in the g's; the pairs that do co-occur are then corrected one at
    a time.
    This keeps 10,000 domains cheap.
    """
    n = np.asarray(counts, dtype=np.float64)
    big_n = float(n_units)
    valid = (n > 0) & (n < big_n)
    if big_n < 3 or valid.sum() < 2:
        return 1.0
    g2 = np.where(valid, n / np.where(valid, big_n - n, 1.0), 0.0)
    s1, s2, s4 = g2.sum(), (g2**2).sum(), (g2**4).sum()
    n_pairs = valid.sum() * (valid.sum() - 1) / 2.0
    sum_r2 = (s1 * s1 - s2) / 2.0  # sum over pairs of g_a^2 g_b^2
    sum_r4 = (s2 * s2 - s4) / 2.0
    sum_var = n_pairs - 2.0 * sum_r2 + sum_r4  # sum of (1 - r^2)^2 for r^2 = g_a^2 g_b^2
    i = np.asarray(pair_i, dtype=np.int64)
    j = np.asarray(pair_j, dtype=np.int64)
    both = valid[i] & valid[j]
    i, j = i[both], j[both]
    o = np.asarray(pair_observed, dtype=np.float64)[both]
    absent_r2 = g2[i] * g2[j]
    actual_r2 = phi_correlation(o, n[i], n[j], n_units) ** 2
    sum_r2 += (actual_r2 - absent_r2).sum()
    sum_var += ((1.0 - actual_r2) ** 2 - (1.0 - absent_r2) ** 2).sum()
    return _clip_intensity(float(sum_var) / (big_n - 1.0), float(sum_r2))


def _clip_intensity(variance: float, signal: float) -> float:
    if signal <= 0:
        return 1.0
    return float(min(1.0, max(0.0, variance / signal)))
