"""Suggest skill stacks: triples of areas rare together yet learnable, found exactly and fast.

A candidate is three areas of the population that include at least one area the person has (the
anchor's area when one is given), with exactly ``new`` areas new to them. Each is scored by one
transparent sum, every part of which the suggestion shows:

    score = 2.0 * sweet_spot                      median pair z > 0 and minimum pair z < 0
          + clip(median z / 10, -1, 1)            conventionality (Uzzi et al. 2013)
          + clip(-minimum z / 10, -1, 1)          novelty: the rare pairing
          + 0.5 / (1 + weeks / 52)                feasibility at the person's weekly rate
          + 0.5 * min(integration hours / 10, 1)  integration time already logged among members

A sweet-spot stack scores above 2 and any other at most 2, so the sweet spot always ranks first;
within it, a more conventional core, a rarer pairing, a shorter road and logged integration win.
Ties are broken by the area names, so the order is total and reproducible.

Rarity (a Gaussian-copula probability, costly and reported as a range) is attached to the
suggestions, not ranked on: at a fixed target level it differs between candidates only through the
correlations, which conventionality already measures, and a range cannot be ranked honestly.

Exactness and speed: ``suggest_stacks`` returns exactly what ``suggest_stacks_exhaustive`` returns.
Every triple extends a *partial pair* (two owned areas, or an owned area and a new one). For each
partial an admissible bound on its best completion comes from per-area summaries (the highest
positive z of each area, the lowest z each can reach, the fewest hours a completion needs). A
sweet-spot completion needs two positive pairs, so it lies among the positive neighbours of the
partial's members, a handful even among 10,000 areas; the rest are bounded by the non-sweet
ceiling, which is below every sweet-spot score. Partials are expanded best bound first and the
search stops when a bound falls below the current k-th best score.
"""

from __future__ import annotations

import heapq
import itertools
import math
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from polymath.core.errors import InvalidInput, NotFound
from polymath.core.records import DomainProfile, IntegrationLink
from polymath.graph.atypicality import atypicality_z
from polymath.graph.feasibility import (
    DEFAULT_SPREAD,
    DEFAULT_WEEKLY_MINUTES,
    WEEKS_PER_YEAR,
    Feasibility,
    HoursBands,
    estimate_weeks,
    weekly_hours,
)
from polymath.graph.population import PairStats, PopulationStats
from polymath.graph.rarity import (
    CORRELATION_SPREAD,
    DEFAULT_LEVEL_QUANTILES,
    Rarity,
    stack_rarity,
    top_fraction,
)

SWEET_SPOT_BONUS = 2.0
Z_SCALE = 10.0
FEASIBILITY_WEIGHT = 0.5
INTEGRATION_WEIGHT = 0.5
INTEGRATION_FULL_MINUTES = 600.0
_EPS = 1e-9
_NEG_INF = float("-inf")

LEVEL_NAMES: Mapping[int, str] = {
    1: "novice",
    2: "advanced beginner",
    3: "competent",
    4: "proficient",
    5: "expert",
}


@dataclass(frozen=True)
class PlanOptions:
    """Editable assumptions of the planner (hours bands, level -> top q, budget, ranges)."""

    bands: HoursBands = field(default_factory=HoursBands)
    area_bands: Mapping[str, HoursBands] = field(default_factory=dict)
    calibration: float = 1.0
    quantiles: Mapping[int, float] = field(default_factory=lambda: DEFAULT_LEVEL_QUANTILES)
    weekly_budget_minutes: float = DEFAULT_WEEKLY_MINUTES
    correlation_spread: float = CORRELATION_SPREAD
    feasibility_spread: tuple[float, float] = DEFAULT_SPREAD


@dataclass(frozen=True)
class Suggestion:
    """One suggested stack, with every component of its score.

    ``areas`` is (end, bridge, end): the ends form the rarest pair, the bridge sits between them.
    ``pairs`` follows the same order: (end, bridge), (bridge, end), (end, end).
    """

    areas: tuple[str, str, str]
    new_areas: tuple[str, ...]
    domains: Mapping[str, tuple[str, ...]]
    levels: Mapping[str, int]
    target_level: int
    pairs: tuple[PairStats, PairStats, PairStats]
    conventionality: float
    novelty: float
    sweet_spot: bool
    bridge: str
    rare_pair: tuple[str, str]
    rarity: Rarity
    feasibility: Feasibility
    integration_minutes: int
    score: float
    score_parts: Mapping[str, float]
    n_units: int
    unit_label: str = "units"

    def sentence(self) -> str:
        """The suggestion as one readable paragraph with its numbers."""
        end_a, bridge, end_b = self.areas
        left, right, rare = self.pairs
        owned = [area for area in self.areas if area not in self.new_areas]
        yours = _join([f"{'/'.join(self.domains[area])} ({area})" for area in owned])
        opening = f"Add {_join(list(self.new_areas))} to your {yours}"
        rare_text = (
            f"{end_a} and {end_b} are an unusual pair ({rare.observed} of {self.n_units:,} "
            f"{self.unit_label} use both where {rare.expected:.1f} would by chance; "
            f"z = {rare.z:+.2f}, lift {rare.lift:.2f})"
        )
        if self.sweet_spot:
            middle = (
                f"{rare_text}, and {bridge} bridges them (z {left.z:+.2f} with {end_a}, "
                f"{right.z:+.2f} with {end_b})."
            )
        elif self.novelty >= 0:
            middle = (
                f"all three pairs are conventional (lowest z {self.novelty:+.2f}: {end_a} and "
                f"{end_b}), so the stack is learnable but not unusual."
            )
        else:
            middle = (
                f"{rare_text}; {bridge} does not bridge them (z {left.z:+.2f} with {end_a}, "
                f"{right.z:+.2f} with {end_b})."
            )
        level = LEVEL_NAMES.get(self.target_level, f"level {self.target_level}")
        time = self.feasibility.describe()
        road = (
            f"You are already {level} or better in all three"
            if self.feasibility.hours <= 0
            else f"Reaching {level} in all three takes {time}"
        )
        return (
            f"{opening}: {middle} {road}; it would put you in the "
            f"{self.rarity.describe()} of people who practise these areas."
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every component and the sentence."""
        return {
            "areas": list(self.areas),
            "new_areas": list(self.new_areas),
            "domains": {area: list(names) for area, names in self.domains.items()},
            "levels": dict(self.levels),
            "target_level": self.target_level,
            "pairs": [_pair_dict(pair) for pair in self.pairs],
            "conventionality": self.conventionality,
            "novelty": self.novelty,
            "sweet_spot": self.sweet_spot,
            "bridge": self.bridge,
            "rare_pair": list(self.rare_pair),
            "rarity": self.rarity.to_dict(),
            "feasibility": self.feasibility.to_dict(),
            "integration_minutes": self.integration_minutes,
            "score": self.score,
            "score_parts": dict(self.score_parts),
            "sentence": self.sentence(),
        }


def _pair_dict(pair: PairStats) -> dict[str, Any]:
    p_at_most, p_at_least = pair.tails()
    return {
        "a": pair.a,
        "b": pair.b,
        "n_a": pair.n_a,
        "n_b": pair.n_b,
        "observed": pair.observed,
        "expected": pair.expected,
        "z": pair.z,
        "lift": None if math.isnan(pair.lift) else pair.lift,
        "p_at_most": p_at_most,
        "p_at_least": p_at_least,
        "null_z": pair.null_z,
        "correlation": pair.correlation,
    }


# ---------------------------------------------------------------------------- pair table


class _PairTable:
    """The population's z for every pair, in a form cheap to query one pair or one row at a time.

    Pairs that never co-occur are not stored: for them z = -sqrt(N - 1) g_a g_b with
    g = sqrt(n / (N - n)), which also gives a cheap lower bound on any area's z.
    """

    def __init__(self, stats: PopulationStats) -> None:
        d = len(stats.areas)
        big_n = stats.n_units
        n = stats.counts.astype(np.float64)
        self.d = d
        self.s = math.sqrt(big_n - 1) if big_n > 1 else 0.0
        inner = (n > 0) & (n < big_n)
        g = np.zeros(d)
        g[inner] = np.sqrt(n[inner] / (big_n - n[inner]))
        self.g_array = g
        self.g: list[float] = g.tolist()
        i, j = stats.pair_i, stats.pair_j
        z = atypicality_z(stats.pair_observed, n[i], n[j], big_n)
        self.edge_z: dict[int, float] = dict(zip((i * d + j).tolist(), z.tolist(), strict=True))
        rows = np.concatenate([i, j])
        cols = np.concatenate([j, i])
        vals = np.concatenate([z, z])
        order = np.lexsort((cols, rows))
        rows, cols, vals = rows[order], cols[order], vals[order]
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=d))])
        self.cols = cols
        self.vals = vals
        positive = vals > 0
        self.zmax_pos = np.zeros(d)
        np.maximum.at(self.zmax_pos, rows[positive], vals[positive])
        zmin_edge = np.full(d, np.inf)
        np.minimum.at(zmin_edge, rows, vals)
        gmax = float(g.max()) if d else 0.0
        self.zlo = np.minimum(zmin_edge, -self.s * g * gmax)
        pos_rows, pos_cols = rows[positive], cols[positive]
        pos_ptr = np.concatenate([[0], np.cumsum(np.bincount(pos_rows, minlength=d))])
        self._pos_cols = pos_cols
        self._pos_ptr = pos_ptr
        self._pos_lists: dict[int, list[int]] = {}
        self._pos_sets: dict[int, frozenset[int]] = {}
        ranks = np.empty(d, dtype=np.int64)
        ranks[np.argsort(np.array(stats.areas, dtype=object), kind="stable")] = np.arange(d)
        self.rank: list[int] = ranks.tolist()

    def z(self, i: int, j: int) -> float:
        if i > j:
            i, j = j, i
        value = self.edge_z.get(i * self.d + j)
        if value is None:
            return -self.s * self.g[i] * self.g[j]
        return value

    def z_row(self, i: int) -> NDArray[np.float64]:
        """z(i, w) for every area w (z(i, i) is meaningless and set to 0)."""
        row = (-self.s * self.g[i]) * self.g_array
        start, end = self.indptr[i], self.indptr[i + 1]
        row[self.cols[start:end]] = self.vals[start:end]
        row[i] = 0.0
        return row

    def positive(self, i: int) -> list[int]:
        """Areas whose pair with i is conventional (z > 0), by index."""
        found = self._pos_lists.get(i)
        if found is None:
            found = self._pos_cols[self._pos_ptr[i] : self._pos_ptr[i + 1]].tolist()
            self._pos_lists[i] = found
        return found

    def positive_array(self, i: int) -> NDArray[np.int64]:
        return self._pos_cols[self._pos_ptr[i] : self._pos_ptr[i + 1]]

    def positive_set(self, i: int) -> frozenset[int]:
        found = self._pos_sets.get(i)
        if found is None:
            found = frozenset(self.positive(i))
            self._pos_sets[i] = found
        return found


_TABLES: weakref.WeakKeyDictionary[PopulationStats, _PairTable] = weakref.WeakKeyDictionary()


def prepare(stats: PopulationStats) -> None:
    """Build (once per population) the lookup tables the planner uses."""
    _table(stats)


def _table(stats: PopulationStats) -> _PairTable:
    table = _TABLES.get(stats)
    if table is None:
        table = _PairTable(stats)
        _TABLES[stats] = table
    return table


# ---------------------------------------------------------------------------- one query


class _Query:
    """The person's side of a search: owned areas, hours per area, rate, integration."""

    def __init__(
        self,
        stats: PopulationStats,
        person: Sequence[DomainProfile],
        *,
        anchor: str | None,
        new: int,
        target_level: int,
        integration: Iterable[IntegrationLink],
        options: PlanOptions,
    ) -> None:
        if new not in (1, 2):
            raise InvalidInput(f"a stack adds 1 or 2 new areas, not {new}")
        if target_level not in options.quantiles or target_level not in options.bands.cumulative:
            raise InvalidInput(f"target level {target_level} is outside the scale")
        if not options.calibration > 0:
            raise InvalidInput(f"calibration factor {options.calibration} must be above 0")
        self.stats = stats
        self.table = _table(stats)
        self.new = new
        self.target_level = target_level
        self.options = options
        d = self.table.d
        area_of: dict[str, int] = {}
        self.domains: dict[int, list[str]] = {}
        self.level: dict[int, int] = {}
        for profile in person:
            index = _area_index(stats, profile.area)
            if index is None:
                continue
            area_of[profile.name.lower()] = index
            self.domains.setdefault(index, []).append(profile.name)
            self.level[index] = max(self.level.get(index, 1), profile.level or 1)
        if not self.domains:
            raise InvalidInput("none of your domains is linked to an area of the population")
        self.owned = sorted(self.domains)
        self.is_owned = np.zeros(d, dtype=bool)
        self.is_owned[self.owned] = True
        self.new_areas = np.flatnonzero(~self.is_owned)
        self.anchor = self._anchor_area(person, anchor)
        if new == 1 and len(self.owned) < 2:
            raise InvalidInput(
                "a stack with one new area needs two of your domains linked to different areas"
            )
        total_recent = sum(max(0.0, p.recent_weekly_minutes) for p in person)
        self.rate = weekly_hours(total_recent, budget_minutes=options.weekly_budget_minutes)
        self.hours = self._hours()
        self.h: list[float] = self.hours.tolist()
        self.integration: dict[int, int] = {}
        for link in integration:
            a, b = area_of.get(link.a.lower()), area_of.get(link.b.lower())
            if a is None or b is None or a == b or link.minutes <= 0:
                continue
            key = min(a, b) * d + max(a, b)
            self.integration[key] = self.integration.get(key, 0) + link.minutes

    def _anchor_area(self, person: Sequence[DomainProfile], anchor: str | None) -> int | None:
        if anchor is None:
            return None
        for profile in person:
            if profile.name.lower() == anchor.strip().lower():
                index = _area_index(self.stats, profile.area)
                if index is None:
                    raise InvalidInput(
                        f"domain {profile.name!r} is not linked to an area of the population; "
                        f"link it with: polymath domains map {profile.name!r} AREA"
                    )
                return index
        raise NotFound(f"you have no domain called {anchor!r}")

    def _hours(self) -> NDArray[np.float64]:
        """Calibrated hours each area still needs to reach the target level."""
        options = self.options
        areas = self.stats.areas
        base = options.bands.hours_between(1, self.target_level)
        hours = np.full(self.table.d, base)
        for area, bands in options.area_bands.items():
            index = _area_index(self.stats, area)
            if index is not None:
                hours[index] = bands.hours_between(1, self.target_level)
        for index, level in self.level.items():
            bands = options.area_bands.get(areas[index], options.bands)
            hours[index] = bands.hours_between(min(level, self.target_level), self.target_level)
        return hours * options.calibration

    # -- candidates

    def root_pairs(self) -> list[tuple[int, int]]:
        """Owned pairs that a one-new-area stack extends."""
        if self.anchor is not None:
            return [(self.anchor, p) for p in self.owned if p != self.anchor]
        return list(itertools.combinations(self.owned, 2))

    def roots(self) -> list[int]:
        return [self.anchor] if self.anchor is not None else list(self.owned)

    def all_triples(self) -> Iterator[tuple[int, int, int]]:
        """Every candidate, once (the exhaustive search)."""
        new_areas = self.new_areas.tolist()
        if self.new == 1:
            for p, q in self.root_pairs():
                for w in new_areas:
                    i, j, k = sorted((p, q, w))
                    yield i, j, k
        else:
            for p in self.roots():
                for x, y in itertools.combinations(new_areas, 2):
                    i, j, k = sorted((p, x, y))
                    yield i, j, k

    # -- the score

    def parts(self, i: int, j: int, k: int) -> tuple[float, float, float, float, float]:
        """(sweet spot, conventionality, novelty, feasibility, integration) of a sorted triple."""
        t = self.table
        zij, zik, zjk = t.z(i, j), t.z(i, k), t.z(j, k)
        low = min(zij, zik, zjk)
        mid = max(min(zij, zik), min(max(zij, zik), zjk))
        sweet = SWEET_SPOT_BONUS if mid > 0.0 and low < 0.0 else 0.0
        conventionality = min(1.0, max(-1.0, mid / Z_SCALE))
        novelty = min(1.0, max(-1.0, -low / Z_SCALE))
        weeks = (self.h[i] + self.h[j] + self.h[k]) / self.rate
        feasibility = FEASIBILITY_WEIGHT / (1.0 + weeks / WEEKS_PER_YEAR)
        d = t.d
        minutes = (
            self.integration.get(i * d + j, 0)
            + self.integration.get(i * d + k, 0)
            + self.integration.get(j * d + k, 0)
        )
        integration = INTEGRATION_WEIGHT * min(minutes / INTEGRATION_FULL_MINUTES, 1.0)
        return sweet, conventionality, novelty, feasibility, integration

    def score(self, i: int, j: int, k: int) -> float:
        sweet, conventionality, novelty, feasibility, integration = self.parts(i, j, k)
        return sweet + conventionality + novelty + feasibility + integration


def _area_index(stats: PopulationStats, area: str | None) -> int | None:
    if not area:
        return None
    if stats.has_area(area):
        return stats.index_of(area)
    lowered = area.strip().lower()
    for index, name in enumerate(stats.areas):
        if name.lower() == lowered:
            return index
    return None


class _TopK:
    """The k best triples by (score, then area names ascending)."""

    def __init__(self, k: int, rank: list[int]) -> None:
        self.k = k
        self.rank = rank
        self.heap: list[tuple[float, int, int, int, int, int, int]] = []

    def threshold(self) -> float:
        return self.heap[0][0] if len(self.heap) >= self.k else _NEG_INF

    def offer(self, score: float, i: int, j: int, k: int) -> None:
        r = sorted((self.rank[i], self.rank[j], self.rank[k]))
        item = (score, -r[0], -r[1], -r[2], i, j, k)
        if len(self.heap) < self.k:
            heapq.heappush(self.heap, item)
        elif item > self.heap[0]:
            heapq.heapreplace(self.heap, item)

    def best(self) -> list[tuple[float, int, int, int]]:
        return [(s, i, j, k) for s, _, _, _, i, j, k in sorted(self.heap, reverse=True)]


# ---------------------------------------------------------------------------- the searches


def _search_exhaustive(query: _Query, k: int) -> list[tuple[float, int, int, int]]:
    top = _TopK(k, query.table.rank)
    for i, j, m in query.all_triples():
        top.offer(query.score(i, j, m), i, j, m)
    return top.best()


@dataclass(frozen=True)
class _Partials:
    """Partial pairs (u owned, v owned or new) that every candidate triple extends by one area."""

    u: NDArray[np.int64]
    v: NDArray[np.int64]
    z: NDArray[np.float64]
    minutes: NDArray[np.float64]
    sweet_possible: NDArray[np.bool_]


def _partials(query: _Query) -> _Partials:
    """Every partial pair, its z, its integration, and whether a sweet spot can complete it."""
    t = query.table
    if query.new == 1:
        pairs = query.root_pairs()
        z = np.array([t.z(p, q) for p, q in pairs])
        possible = np.ones(len(pairs), dtype=bool)
        for n, (p, q) in enumerate(pairs):
            if z[n] <= 0:  # then both other pairs must be conventional
                common = t.positive_set(p) & t.positive_set(q)
                possible[n] = any(not query.is_owned[w] for w in common)
        d = t.d
        return _Partials(
            u=np.array([p for p, _ in pairs], dtype=np.int64),
            v=np.array([q for _, q in pairs], dtype=np.int64),
            z=z,
            minutes=np.array(
                [query.integration.get(min(p, q) * d + max(p, q), 0) for p, q in pairs],
                dtype=np.float64,
            ),
            sweet_possible=possible,
        )
    us, vs, zs, flags = [], [], [], []
    new_areas = query.new_areas
    for p in query.roots():
        z = t.z_row(p)[new_areas]
        # areas two conventional steps from p through a new area: the only x with z(p, x) < 0
        # that a sweet spot can still complete
        two_steps = np.zeros(t.d, dtype=bool)
        for y in t.positive(p):
            if not query.is_owned[y]:
                two_steps[t.positive_array(y)] = True
        has_positive = (t.zmax_pos[p] > 0) | (t.zmax_pos[new_areas] > 0)
        flags.append(((z > 0) & has_positive) | ((z < 0) & two_steps[new_areas]))
        us.append(np.full(len(new_areas), p, dtype=np.int64))
        vs.append(new_areas)
        zs.append(z)
    u = np.concatenate(us)
    return _Partials(
        u=u,
        v=np.concatenate(vs),
        z=np.concatenate(zs),
        minutes=np.zeros(len(u)),  # integration is logged between the person's own domains only
        sweet_possible=np.concatenate(flags),
    )


def _bounds(query: _Query, partials: _Partials) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Upper bounds on the best sweet-spot and the best other completion of each partial pair.

    With a = z(u, v) known and the other two z's at most the highest positive z of u and of v
    (0 if none), the median is at most max(min(a, B), min(a, C), min(B, C)); the minimum is at
    least the lowest z u or v can reach. Feasibility is best with the cheapest third area.
    A non-sweet triple has median <= 0 (so conventionality <= 0) or minimum >= 0 (novelty <= 0).
    """
    t = query.table
    u, v, a = partials.u, partials.v, partials.z
    b_max, c_max = t.zmax_pos[u], t.zmax_pos[v]
    median_ub = np.maximum.reduce(
        [np.minimum(a, b_max), np.minimum(a, c_max), np.minimum(b_max, c_max)]
    )
    low_lb = np.minimum(a, np.minimum(t.zlo[u], t.zlo[v]))
    conventionality = np.clip(median_ub / Z_SCALE, -1.0, 1.0)
    novelty = np.clip(-low_lb / Z_SCALE, -1.0, 1.0)
    hours = query.hours
    weeks = (hours[u] + hours[v] + float(hours[query.new_areas].min())) / query.rate
    extra = FEASIBILITY_WEIGHT / (1.0 + weeks / WEEKS_PER_YEAR) + INTEGRATION_WEIGHT * np.minimum(
        partials.minutes / INTEGRATION_FULL_MINUTES, 1.0
    )
    sweet = SWEET_SPOT_BONUS + conventionality + novelty + extra
    plain = (
        np.maximum(
            novelty + np.minimum(conventionality, 0.0),
            conventionality + np.minimum(novelty, 0.0),
        )
        + extra
    )
    return sweet, plain


def _search_pruned(query: _Query, k: int) -> list[tuple[float, int, int, int]]:
    """Best-bound-first search over partial pairs; exact (see the module docstring)."""
    t = query.table
    top = _TopK(k, t.rank)
    if len(query.new_areas) < query.new:
        return []
    partials = _partials(query)
    if len(partials.u) == 0:
        return []
    u, v, a = partials.u, partials.v, partials.z
    sweet_bound, plain_bound = _bounds(query, partials)
    d = t.d
    seen: set[int] = set()

    def evaluate(p: int, q: int, w: int) -> None:
        i, j, m = sorted((p, q, w))
        key = (i * d + j) * d + m
        if key in seen:
            return
        seen.add(key)
        top.offer(query.score(i, j, m), i, j, m)

    # phase 1: sweet-spot completions, which lie among the partial's positive neighbours
    candidates = np.flatnonzero(partials.sweet_possible)
    for n in candidates[np.argsort(-sweet_bound[candidates], kind="stable")].tolist():
        if sweet_bound[n] + _EPS < top.threshold():
            break
        p, q = int(u[n]), int(v[n])
        if a[n] > 0:
            thirds: Iterable[int] = itertools.chain(t.positive(p), t.positive(q))
        else:
            small, large = sorted((p, q), key=lambda x: len(t.positive(x)))
            other = t.positive_set(large)
            thirds = [w for w in t.positive(small) if w in other]
        for w in thirds:
            if w != p and w != q and not query.is_owned[w]:
                evaluate(p, q, w)

    # phase 2: everything else, only while the non-sweet ceiling can still reach the top k
    rows: dict[int, NDArray[np.float64]] = {}
    new_areas = query.new_areas
    for n in np.argsort(-plain_bound, kind="stable").tolist():
        threshold = top.threshold()
        if plain_bound[n] + _EPS < threshold:
            break
        p, q = int(u[n]), int(v[n])
        if p not in rows:
            rows[p] = t.z_row(p)
        thirds_all = new_areas[new_areas != q] if query.new == 2 else new_areas
        if len(thirds_all) == 0:
            continue
        scores = _vector_scores(query, p, q, float(a[n]), rows[p], t.z_row(q), thirds_all)
        cutoff = threshold
        if len(scores) > k:
            cutoff = max(cutoff, float(np.partition(scores, len(scores) - k)[len(scores) - k]))
        chosen = np.flatnonzero(scores >= cutoff - _EPS)
        for w in thirds_all[chosen[np.argsort(-scores[chosen], kind="stable")]].tolist():
            evaluate(p, q, w)
    return top.best()


def _vector_scores(
    query: _Query,
    p: int,
    q: int,
    a: float,
    row_p: NDArray[np.float64],
    row_q: NDArray[np.float64],
    thirds: NDArray[np.int64],
) -> NDArray[np.float64]:
    """The score of (p, q, w) for many w at once (equal to ``_Query.score`` up to rounding)."""
    b = row_p[thirds]
    c = row_q[thirds]
    low = np.minimum(a, np.minimum(b, c))
    mid = np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))
    sweet = np.where((mid > 0) & (low < 0), SWEET_SPOT_BONUS, 0.0)
    weeks = (query.hours[p] + query.hours[q] + query.hours[thirds]) / query.rate
    d = query.table.d
    minutes = query.integration.get(min(p, q) * d + max(p, q), 0)
    return (
        sweet
        + np.clip(mid / Z_SCALE, -1.0, 1.0)
        + np.clip(-low / Z_SCALE, -1.0, 1.0)
        + FEASIBILITY_WEIGHT / (1.0 + weeks / WEEKS_PER_YEAR)
        + INTEGRATION_WEIGHT * min(minutes / INTEGRATION_FULL_MINUTES, 1.0)
    )


# ---------------------------------------------------------------------------- public API


def suggest_stacks(
    stats: PopulationStats,
    person: Sequence[DomainProfile],
    *,
    anchor: str | None = None,
    new: int = 1,
    target_level: int = 3,
    top: int = 10,
    integration: Iterable[IntegrationLink] = (),
    options: PlanOptions | None = None,
) -> list[Suggestion]:
    """The ``top`` best stacks for a person, best first (exactly the exhaustive answer, fast).

    ``anchor`` names one of the person's domains that every stack must contain; ``new`` is how
    many areas each stack adds (1 or 2); ``target_level`` is the Dreyfus level to reach in all.
    """
    return _suggest(stats, person, anchor, new, target_level, top, integration, options, False)


def suggest_stacks_exhaustive(
    stats: PopulationStats,
    person: Sequence[DomainProfile],
    *,
    anchor: str | None = None,
    new: int = 1,
    target_level: int = 3,
    top: int = 10,
    integration: Iterable[IntegrationLink] = (),
    options: PlanOptions | None = None,
) -> list[Suggestion]:
    """The same answer as ``suggest_stacks`` by scoring every candidate (the reference)."""
    return _suggest(stats, person, anchor, new, target_level, top, integration, options, True)


def _suggest(
    stats: PopulationStats,
    person: Sequence[DomainProfile],
    anchor: str | None,
    new: int,
    target_level: int,
    top: int,
    integration: Iterable[IntegrationLink],
    options: PlanOptions | None,
    exhaustive: bool,
) -> list[Suggestion]:
    if top < 1:
        raise InvalidInput("ask for at least one suggestion")
    query = _Query(
        stats,
        person,
        anchor=anchor,
        new=new,
        target_level=target_level,
        integration=integration,
        options=options or PlanOptions(),
    )
    best = _search_exhaustive(query, top) if exhaustive else _search_pruned(query, top)
    return [_suggestion(query, score, i, j, k) for score, i, j, k in best]


def _suggestion(query: _Query, score: float, i: int, j: int, k: int) -> Suggestion:
    stats, t, options = query.stats, query.table, query.options
    names = stats.areas
    pair_z = {(i, j): t.z(i, j), (i, k): t.z(i, k), (j, k): t.z(j, k)}
    rare = min(pair_z, key=lambda pair: (pair_z[pair], sorted((names[pair[0]], names[pair[1]]))))
    bridge = next(x for x in (i, j, k) if x not in rare)
    end_a, end_b = sorted(rare, key=lambda x: names[x])
    members = (end_a, bridge, end_b)
    values = sorted(pair_z.values())
    sweet, conventionality, novelty, feasibility, integration = query.parts(i, j, k)
    levels = {names[x]: query.level.get(x, 1) for x in members}
    top_q = [
        top_fraction(max(query.level.get(x, 1), query.target_level), options.quantiles)
        for x in members
    ]
    correlation = np.eye(3)
    for x, y in itertools.combinations(range(3), 2):
        correlation[x, y] = correlation[y, x] = stats.correlation(members[x], members[y])
    minutes = sum(
        query.integration.get(min(x, y) * t.d + max(x, y), 0)
        for x, y in itertools.combinations(members, 2)
    )
    return Suggestion(
        areas=(names[end_a], names[bridge], names[end_b]),
        new_areas=tuple(names[x] for x in members if not query.is_owned[x]),
        domains={names[x]: tuple(query.domains[x]) for x in members if query.is_owned[x]},
        levels=levels,
        target_level=query.target_level,
        pairs=(
            stats.pair(end_a, bridge),
            stats.pair(bridge, end_b),
            stats.pair(end_a, end_b),
        ),
        conventionality=values[1],
        novelty=values[0],
        sweet_spot=sweet > 0,
        bridge=names[bridge],
        rare_pair=(names[end_a], names[end_b]),
        rarity=stack_rarity(top_q, correlation, spread=options.correlation_spread),
        feasibility=estimate_weeks(
            float(query.hours[i] + query.hours[j] + query.hours[k]),
            query.rate,
            spread=options.feasibility_spread,
        ),
        integration_minutes=int(minutes),
        score=score,
        score_parts={
            "sweet_spot": sweet,
            "conventionality": conventionality,
            "novelty": novelty,
            "feasibility": feasibility,
            "integration": integration,
        },
        n_units=stats.n_units,
        unit_label=stats.unit_label,
    )


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
