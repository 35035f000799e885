"""Which pairs of areas the planner may call atypical or conventional: evidence *and* strength.

A pair is **atypical** when its exact lower tail P[X <= O] is significant and its lift O/E is at
most 0.67; **conventional** (a bridge) when its exact upper tail P[X >= O] is significant and its
lift is at least 1.5; otherwise it is **near chance**. Significance is Benjamini-Hochberg at
alpha = 0.05 over the family of tests a query examines: both one-sided tests of every pair that
appears in at least one of its candidate stacks (2m tests for m pairs). Because the two tails of
a pair sum to at least 1, at most one of them can be below alpha < 0.5.

A test whose effect falls short of its threshold (a lift between 0.67 and 1.5, or any pair with
an area used by more than 80% of units, whose lift cannot leave that band in a useful way) keeps
its place in the family but is given p = 1: it can never be a discovery. Raising p-values only
removes rejections, so the procedure stays valid; it also means only the tails of substantial
pairs are ever computed, which keeps a million pairs cheap.

Strength, not evidence, feeds the score: the lift one can vouch for at 1 - alpha, from the exact
Poisson (Garwood) bounds on O / E. A bridge has strength 1 - 1/L, the share of its co-occurrences
beyond chance at the lower bound L; an atypical pair 1 - U, the share of the expected
co-occurrences that is missing at the upper bound U. Both lie in [0, 1) and neither grows with
the size of the population, unlike z.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from polymath.core.errors import InvalidInput
from polymath.graph.atypicality import exact_tail, log_factorials, log_pmf
from polymath.graph.population import PairStats, PopulationStats

ATYPICAL = "atypical"
CONVENTIONAL = "conventional"
NEAR_CHANCE = "near chance"

SIGNIFICANT = "significant and substantial"
NOT_SIGNIFICANT = "not significant"
WEAK_EFFECT = "effect too weak"
UBIQUITOUS = "area used by nearly every unit"
TOO_SPARSE = "area used by too few units"

DEFAULT_ALPHA = 0.05
DEFAULT_ATYPICAL_LIFT = 0.67
DEFAULT_BRIDGE_LIFT = 1.5
DEFAULT_UBIQUITOUS_SHARE = 0.8
DEFAULT_MIN_AREA_UNITS = 5

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class LabelRule:
    """The thresholds that turn a pair's counts into a label (every one a setting)."""

    alpha: float = DEFAULT_ALPHA
    atypical_lift: float = DEFAULT_ATYPICAL_LIFT
    bridge_lift: float = DEFAULT_BRIDGE_LIFT
    ubiquitous_share: float = DEFAULT_UBIQUITOUS_SHARE
    min_area_units: int = DEFAULT_MIN_AREA_UNITS

    def __post_init__(self) -> None:
        if not 0.0 < self.alpha < 0.5:
            raise InvalidInput(f"significance level {self.alpha} must be above 0 and below 0.5")
        if not 0.0 < self.atypical_lift < 1.0:
            raise InvalidInput(f"atypical lift {self.atypical_lift} must be between 0 and 1")
        if not self.bridge_lift > 1.0 or not math.isfinite(self.bridge_lift):
            raise InvalidInput(f"bridge lift {self.bridge_lift} must be above 1")
        if not 0.0 < self.ubiquitous_share <= 1.0:
            raise InvalidInput(f"near-universal share {self.ubiquitous_share} must be in (0, 1]")
        if self.min_area_units < 1:
            raise InvalidInput(f"minimum units per area {self.min_area_units} must be at least 1")


# ---------------------------------------------------------------------------- exact tails


def lift_bounds(
    observed: ArrayLike, expected: ArrayLike, alpha: float
) -> tuple[FloatArray, FloatArray]:
    """One-sided (1 - alpha) exact Poisson (Garwood) bounds on the lift O / E: (lower, upper).

    The quantiles depend only on O, so each distinct count is computed once.
    """
    o = np.asarray(observed, dtype=np.int64)
    e = np.asarray(expected, dtype=np.float64)
    top = int(o.max(initial=0))
    if top < max(1024, o.size):  # counts are small integers: one table indexed by O
        counts, where = np.arange(top + 1, dtype=np.float64), o
    else:
        values, where = np.unique(o, return_inverse=True)
        counts = values.astype(np.float64)
    from scipy.special import gammaincinv  # a sixth of a second: only when bounds are asked

    low_q = np.where(counts > 0, gammaincinv(np.maximum(counts, 1.0), alpha), 0.0)
    high_q = gammaincinv(counts + 1.0, 1.0 - alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        low = low_q[where].reshape(o.shape) / e
        high = high_q[where].reshape(o.shape) / e
    return low, high


def signed_strength(
    observed: ArrayLike, expected: ArrayLike, side: ArrayLike, alpha: float
) -> FloatArray:
    """+(1 - 1/L) for a bridge (side +1), -(1 - U) for an atypical pair (side -1), in (-1, 1)."""
    low, high = lift_bounds(observed, expected, alpha)
    s = np.asarray(side)
    with np.errstate(divide="ignore", invalid="ignore"):
        bridge = np.where(low > 1.0, 1.0 - 1.0 / low, 0.0)
    rare = np.clip(1.0 - high, 0.0, 1.0)
    return np.where(s > 0, bridge, np.where(s < 0, -rare, 0.0))


def benjamini_hochberg_cutoff(p_sorted: FloatArray, tests: int, alpha: float) -> float:
    """The largest p_(k) with p_(k) <= k alpha / tests (0.0 when none): reject every p <= it.

    ``p_sorted`` holds, in ascending order, every p-value of the family that could be below
    alpha; the other ``tests - len(p_sorted)`` tests only count toward ``tests``.
    """
    if tests <= 0 or len(p_sorted) == 0:
        return 0.0
    ranks = np.arange(1, len(p_sorted) + 1, dtype=np.float64)
    passing = np.flatnonzero(p_sorted <= ranks * alpha / tests)
    return float(p_sorted[passing[-1]]) if len(passing) else 0.0


# ---------------------------------------------------------------------------- population level


class PairEvidence:
    """Every one-sided test of a population that could ever be a discovery, sorted by p.

    Built once per population and rule: the tails of substantial pairs whose P[X = O] (a lower
    bound on the tail) is at most alpha, and the pairs never seen together whose P[X = 0] is at
    most alpha, found without visiting the D^2 pairs (P[X = 0] falls as either count grows).
    """

    def __init__(self, stats: PopulationStats, rule: LabelRule) -> None:
        self.rule = rule
        big_n = stats.n_units
        n = np.asarray(stats.counts, dtype=np.int64)
        self.d = len(n)
        self.n_units = big_n
        self.usable = (n >= rule.min_area_units) & (n < big_n)
        self.labelable = self.usable & (n <= rule.ubiquitous_share * big_n)
        self.table = log_factorials(big_n)
        log_alpha = math.log(rule.alpha)
        i, j, o = stats.pair_i, stats.pair_j, np.asarray(stats.pair_observed, dtype=np.int64)
        ok = self.labelable[i] & self.labelable[j]
        i, j, o = i[ok], j[ok], o[ok]
        e = n[i].astype(np.float64) * n[j] / big_n
        side = np.where(o >= rule.bridge_lift * e, 1, np.where(o <= rule.atypical_lift * e, -1, 0))
        keep = side != 0
        i, j, o, e, side = i[keep], j[keep], o[keep], e[keep], side[keep]
        keep = log_pmf(o, n[i], n[j], big_n, table=self.table) <= log_alpha
        i, j, o, e, side = i[keep], j[keep], o[keep], e[keep], side[keep]
        p = np.empty(len(o))
        for direction in (1, -1):
            chosen = side == direction
            p[chosen] = exact_tail(
                o[chosen], n[i[chosen]], n[j[chosen]], big_n, upper=direction > 0, table=self.table
            )
        zi, zj, zp = self._never_together(stats, n, log_alpha)
        i = np.concatenate([i, zi])
        j = np.concatenate([j, zj])
        o = np.concatenate([o, np.zeros(len(zi), dtype=np.int64)])
        e = np.concatenate([e, n[zi].astype(np.float64) * n[zj] / big_n])
        side = np.concatenate([side, np.full(len(zi), -1)])
        p = np.concatenate([p, zp])
        keep = p <= rule.alpha
        order = np.argsort(p[keep], kind="stable")
        self.i = i[keep][order]
        self.j = j[keep][order]
        self.observed = o[keep][order]
        self.expected = e[keep][order]
        self.side = side[keep][order].astype(np.int8)
        self.p = p[keep][order]
        self.strength = signed_strength(self.observed, self.expected, self.side, rule.alpha)
        # both directions of every test, by row then column: a query filters, never sorts
        rows = np.concatenate([self.i, self.j])
        cols = np.concatenate([self.j, self.i])
        test = np.concatenate([np.arange(len(self.i))] * 2)
        by_row = np.argsort(rows * self.d + cols)
        self.row_of = rows[by_row]
        self.col_of = cols[by_row]
        self.test_of = test[by_row]

    def _never_together(
        self, stats: PopulationStats, n: IntArray, log_alpha: float
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """Pairs with O = 0 whose P[X = 0] <= alpha (they are not stored in the statistics)."""
        big_n = self.n_units
        areas = np.flatnonzero(self.labelable)
        if len(areas) < 2:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        order = areas[np.argsort(-n[areas], kind="stable")]
        size = n[order]

        def log_p0(x: IntArray, y: IntArray) -> FloatArray:
            return log_pmf(np.zeros(len(x), dtype=np.int64), x, y, big_n, table=self.table)

        # for each area (by count, descending) the partners whose P[X = 0] <= alpha are a prefix
        low = np.zeros(len(order), dtype=np.int64)
        high = np.full(len(order), len(order), dtype=np.int64)
        while np.any(active := low < high):
            mid = (low + high) // 2
            passes = log_p0(size, size[np.minimum(mid, len(order) - 1)]) <= log_alpha
            low = np.where(active & passes, mid + 1, low)
            high = np.where(active & ~passes, mid, high)
        # the areas that take part are the first max(low) by count: mark them in a dense square
        size_k = int(low.max(initial=0))
        if size_k < 2:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        position = np.full(self.d, -1, dtype=np.int64)
        position[order[:size_k]] = np.arange(size_k)
        pi, pj = position[stats.pair_i], position[stats.pair_j]
        both = (pi >= 0) & (pj >= 0)
        together = np.zeros((size_k, size_k), dtype=bool)
        together[pi[both], pj[both]] = True
        together[pj[both], pi[both]] = True
        columns = np.arange(size_k)
        qualifies = (columns[None, :] < low[:size_k, None]) & (columns[None, :] > columns[:, None])
        first, second = np.nonzero(qualifies & ~together)
        a, b = order[first], order[second]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        return lo, hi, np.exp(log_p0(n[lo], n[hi]))


_EVIDENCE: weakref.WeakKeyDictionary[PopulationStats, dict[LabelRule, PairEvidence]] = (
    weakref.WeakKeyDictionary()
)


def pair_evidence(stats: PopulationStats, rule: LabelRule) -> PairEvidence:
    """The population's candidate discoveries under ``rule``, computed once and kept."""
    by_rule = _EVIDENCE.setdefault(stats, {})
    found = by_rule.get(rule)
    if found is None:
        found = PairEvidence(stats, rule)
        by_rule[rule] = found
    return found


# ---------------------------------------------------------------------------- one family


@dataclass(frozen=True, eq=False)
class Discoveries:
    """The pairs one query may call atypical or conventional, with their signed strength.

    ``family_pairs`` pairs were examined (2 x that many one-sided tests); every test with
    p <= ``cutoff`` is a discovery. ``strength`` is + for bridges and - for atypical pairs.
    ``indptr``/``cols``/``vals`` hold the same discoveries by area, both directions, sorted.
    """

    family_pairs: int
    cutoff: float
    i: IntArray
    j: IntArray
    side: NDArray[np.int8]
    p: FloatArray
    observed: IntArray
    expected: FloatArray
    strength: FloatArray
    indptr: IntArray
    cols: IntArray
    vals: FloatArray

    @property
    def tests(self) -> int:
        return 2 * self.family_pairs


def discover(
    evidence: PairEvidence,
    in_family: Callable[[IntArray, IntArray], NDArray[np.bool_]],
    family_pairs: int,
) -> Discoveries:
    """Benjamini-Hochberg over the family ``in_family`` selects (``family_pairs`` pairs)."""
    member = in_family(evidence.i, evidence.j) if len(evidence.i) else np.zeros(0, dtype=bool)
    p = evidence.p[member]
    cutoff = benjamini_hochberg_cutoff(p, 2 * family_pairs, evidence.rule.alpha)
    chosen = member & (evidence.p <= cutoff) if cutoff > 0.0 else np.zeros_like(member)
    in_rows = chosen[evidence.test_of]
    rows = evidence.row_of[in_rows]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=evidence.d))])
    return Discoveries(
        family_pairs=family_pairs,
        cutoff=cutoff,
        i=evidence.i[chosen],
        j=evidence.j[chosen],
        side=evidence.side[chosen],
        p=evidence.p[chosen],
        observed=evidence.observed[chosen],
        expected=evidence.expected[chosen],
        strength=evidence.strength[chosen],
        indptr=indptr.astype(np.int64),
        cols=evidence.col_of[in_rows],
        vals=evidence.strength[evidence.test_of[in_rows]],
    )


# ---------------------------------------------------------------------------- one pair, shown


@dataclass(frozen=True, slots=True)
class PairLabel:
    """A pair's label and the numbers that decided it, as shown beside the pair."""

    label: str
    reason: str
    p_value: float
    """The exact one-sided tail in the direction of the lift (lower when lift < 1)."""
    tail: str
    cutoff: float
    """Benjamini-Hochberg critical p for the query's family; significant when p <= cutoff."""
    family_tests: int
    lift: float
    lift_bound: float
    """The lift one can vouch for at 1 - alpha: a lower bound above 1, an upper bound below."""
    strength: float
    """Signed strength used in the score: + bridge, - atypical, 0 near chance."""
    confidence: float = 1.0 - DEFAULT_ALPHA
    """The level of ``lift_bound``: 1 - alpha."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "reason": self.reason,
            "p_value": self.p_value,
            "tail": self.tail,
            "cutoff": self.cutoff,
            "family_tests": self.family_tests,
            "lift_bound": _finite(self.lift_bound),
            "confidence": self.confidence,
            "strength": self.strength,
        }


def label_pair(
    pair: PairStats,
    rule: LabelRule,
    *,
    cutoff: float | None = None,
    family_tests: int = 2,
    usable: tuple[bool, bool] = (True, True),
) -> PairLabel:
    """The label of one pair given the family's cutoff (alone: alpha / 2, a two-sided test).

    ``usable`` says whether each area has enough units to be judged at all.
    """
    alpha = rule.alpha
    critical = alpha / 2.0 if cutoff is None else cutoff
    big_n = pair.n_units
    expected = pair.expected
    lift = pair.observed / expected if expected > 0 else math.nan
    upper = not pair.observed < expected
    tail = float(
        exact_tail(pair.observed, pair.n_a, pair.n_b, big_n, upper=upper)[0]
        if expected > 0
        else 1.0
    )
    low, high = lift_bounds(pair.observed, expected, alpha)
    bound = float(low if upper else high)
    share = rule.ubiquitous_share * big_n
    counts = (pair.n_a, pair.n_b)
    if not all(usable) or min(counts) < rule.min_area_units or max(counts) >= big_n:
        reason = TOO_SPARSE
    elif max(counts) > share:
        reason = UBIQUITOUS
    elif not (
        pair.observed >= rule.bridge_lift * expected
        if upper
        else pair.observed <= rule.atypical_lift * expected
    ):
        reason = WEAK_EFFECT
    elif not tail <= critical:
        reason = NOT_SIGNIFICANT
    else:
        reason = SIGNIFICANT
    label = NEAR_CHANCE
    if reason == SIGNIFICANT:
        label = CONVENTIONAL if upper else ATYPICAL
    side = 0 if label == NEAR_CHANCE else (1 if upper else -1)
    strength = float(signed_strength(pair.observed, expected, side, alpha))
    return PairLabel(
        label=label,
        reason=reason,
        p_value=tail,
        tail="upper" if upper else "lower",
        cutoff=critical,
        family_tests=family_tests,
        lift=lift,
        lift_bound=bound,
        strength=strength,
        confidence=1.0 - alpha,
    )


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
