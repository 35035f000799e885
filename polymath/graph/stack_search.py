"""The search behind suggestions: which stacks are candidates, their score, and an exact search.

Every pair of a candidate stack is labelled by ``labels`` (atypical, conventional or near chance)
and carries a signed strength s in (-1, 1): + for a bridge, - for an atypical pair, 0 near chance.
With the stack's three strengths sorted, s1 <= s2 <= s3, the stack falls in one of Uzzi et al.'s
cells, which rank first, and within its cell by strength, time and integration:

    score = cell                             7.5 sweet spot: s1 < 0 < s2 (two bridges, a rare pair)
                                             5.0 conventional core: s2 > 0, no atypical pair
                                             2.5 rare pair without a bridge: s1 < 0, s2 <= 0
          + max(s2, 0)                       conventionality: the weaker bridge (Uzzi's median)
          + max(-s1, 0)                      novelty: the strength of the rare pairing
          + 1 - weeks / horizon              feasibility at the pace (beyond the horizon: none)
          + 0.5 * min(integration h / 10, 1) integration already logged among its members

Within a cell the other parts add less than 2.5 (only the sweet spot has both strengths), so
the cells never mix. A stack with no labelled pair in a role (all pairs near chance, or one lone
bridge) rests on no evidence and is not suggested. Ties are broken by the area names.

Exactness: ``search_pruned`` returns what ``search_exhaustive`` returns. Every suggestible stack
has two bridges (phase A: each bridge completed through its ends' other bridges) or an atypical
pair (phase B: every completion of each atypical pair, bounded by that pair's strength, since a
rare-pair stack is reached from its most atypical pair). Each phase visits pairs best bound
first and stops when the bound falls below the k-th best score so far.
"""

from __future__ import annotations

import heapq
import itertools
import math
import weakref
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from polymath.core.errors import InvalidInput
from polymath.core.records import DomainProfile, IntegrationLink
from polymath.graph.labels import Discoveries, discover, pair_evidence
from polymath.graph.pace import Pace
from polymath.graph.plan_errors import (
    AreaTooSparse,
    DomainNotLinked,
    NoLinkedDomains,
    PopulationTooSmall,
    TooFewLinkedAreas,
    UnknownDomain,
)
from polymath.graph.plan_options import PlanOptions
from polymath.graph.plan_view import has_levels, is_nested, nested_keys, planning_view
from polymath.graph.population import PopulationStats

SWEET_SPOT = 7.5
CONVENTIONAL_CORE = 5.0
RARE_PAIR = 2.5
CELL_NAMES = {
    SWEET_SPOT: "sweet spot",
    CONVENTIONAL_CORE: "conventional core",
    RARE_PAIR: "rare pair",
}
STRENGTH_WEIGHT = 1.0
FEASIBILITY_WEIGHT = 1.0
INTEGRATION_WEIGHT = 0.5
INTEGRATION_FULL_MINUTES = 600.0
_EPS = 1e-9
_NEG_INF = float("-inf")

Triple = tuple[int, int, int]
Parts = tuple[float, float, float, float, float]
IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


_FOLDED: weakref.WeakKeyDictionary[PopulationStats, dict[str, int]] = weakref.WeakKeyDictionary()


def _folded(stats: PopulationStats) -> dict[str, int]:
    found = _FOLDED.get(stats)
    if found is None:
        found = {}
        for index, name in enumerate(stats.areas):
            found.setdefault(name.strip().casefold(), index)
        _FOLDED[stats] = found
    return found


def area_index(stats: PopulationStats, area: str | None) -> int | None:
    """An area's index by exact name, else ignoring case; None when it is not there."""
    if not area:
        return None
    if stats.has_area(area):
        return stats.index_of(area)
    return _folded(stats).get(area.strip().casefold())


class Query:
    """One person's search: their areas, what each stack keeps, the hours, the labelled pairs."""

    def __init__(
        self,
        stats: PopulationStats,
        person: Sequence[DomainProfile],
        *,
        keep: Sequence[str],
        new: int,
        target_level: int,
        integration: Iterable[IntegrationLink],
        options: PlanOptions,
        pace: Pace,
    ) -> None:
        if new not in (1, 2):
            raise InvalidInput(f"a stack adds 1 or 2 new areas, not {new}")
        if target_level not in options.quantiles or target_level not in options.bands.cumulative:
            raise InvalidInput(f"target level {target_level} is outside the scale")
        if stats.n_units < options.min_units:
            raise PopulationTooSmall(stats.name, stats.n_units, options.min_units)
        self.population = stats
        self.options = options
        self.new = new
        self.target_level = target_level
        self.pace = pace
        rule = options.label_rule()
        usable_anywhere = (stats.counts >= rule.min_area_units) & (stats.counts < stats.n_units)
        self.left_out: list[tuple[str, str]] = []
        owned_anywhere: list[int] = []
        for profile in person:
            index = area_index(stats, profile.area)
            if index is None:
                continue
            if not usable_anywhere[index]:
                self.left_out.append((profile.name, stats.areas[index]))
                continue
            owned_anywhere.append(index)
        if has_levels(stats):
            stats = planning_view(
                stats,
                owned_anywhere,
                min_units=options.min_new_area_units,
                usable=usable_anywhere,
            )
        self.stats = stats
        self.evidence = pair_evidence(stats, rule)
        usable = self.evidence.usable
        d = len(stats.areas)
        self.d = d
        self.nested = nested_keys(stats)
        self.domains: dict[int, list[str]] = {}
        self.level: dict[int, int] = {}
        area_of: dict[str, int] = {}
        for profile in person:
            index = area_index(stats, profile.area)
            if index is None or not usable[index]:
                continue
            area_of[profile.name.casefold()] = index
            self.domains.setdefault(index, []).append(profile.name)
            self.level[index] = max(self.level.get(index, 1), profile.level or 1)
        if not self.domains:
            raise NoLinkedDomains()
        self.owned = sorted(self.domains)
        self.is_owned = np.zeros(d, dtype=bool)
        self.is_owned[self.owned] = True
        self.is_new = usable & ~self.is_owned
        self.new_areas = np.flatnonzero(self.is_new)
        self.roots = self._roots(person, keep)
        self.is_root = np.zeros(d, dtype=bool)
        self.is_root[self.roots] = True
        if new == 1 and len(self.owned) < 2:
            raise TooFewLinkedAreas()
        self.rate = pace.hours_per_week
        self.horizon = float(options.horizon_weeks)
        self.max_hours = self.horizon * self.rate
        self.hours = self._hours()
        self.h: list[float] = self.hours.tolist()
        self.integration: dict[int, int] = {}
        for link in integration:
            a, b = area_of.get(link.a.casefold()), area_of.get(link.b.casefold())
            if a is None or b is None or a == b or link.minutes <= 0:
                continue
            key = min(a, b) * d + max(a, b)
            self.integration[key] = self.integration.get(key, 0) + link.minutes
        self.found = discover(self.evidence, self._in_family, self.family_pairs())
        self._build_strengths(self.found)

    # -- who is in the stack

    def _roots(self, person: Sequence[DomainProfile], keep: Sequence[str]) -> list[int]:
        """Areas of the kept domains (every stack holds one); all owned areas when none."""
        if not keep:
            return list(self.owned)
        by_name = {p.name.casefold(): p for p in person}
        roots: set[int] = set()
        sparse: list[tuple[str, str, int]] = []
        for name in keep:
            profile = by_name.get(name.strip().casefold())
            if profile is None:
                raise UnknownDomain(name)
            index = area_index(self.stats, profile.area)
            if index is None or not self.evidence.usable[index]:
                anywhere = area_index(self.population, profile.area)
                if anywhere is None:
                    raise DomainNotLinked(profile.name)
                units = int(self.population.counts[anywhere])
                sparse.append((profile.name, self.population.areas[anywhere], units))
                continue
            roots.add(index)
        if not roots:
            domain, area, units = sparse[0]
            raise AreaTooSparse(domain, area, units, self.options.min_area_units)
        return sorted(roots)

    def root_pairs(self) -> list[tuple[int, int]]:
        """Pairs of owned areas a one-new-area stack extends (at least one of them kept, and
        neither inside the other)."""
        return [
            (p, q)
            for p, q in itertools.combinations(self.owned, 2)
            if (p in self.root_set or q in self.root_set) and not self.nested_pair(p, q)
        ]

    def void_pair(self, a: int, b: int) -> bool:
        """An atypical pair no unit combines (O = 0): a void, not a niche; no stack holds one."""
        return (min(a, b) * self.d + max(a, b)) in self.void_set

    def nested_pair(self, a: int, b: int) -> bool:
        """Whether one area lies inside the other (such a pair never forms part of a stack)."""
        return (min(a, b) * self.d + max(a, b)) in self.nested_set

    @cached_property
    def nested_set(self) -> frozenset[int]:
        return frozenset(self.nested.tolist())

    @cached_property
    def nested_new_pairs(self) -> list[tuple[int, int]]:
        """Nested pairs of two new areas (a group and a narrower group), excluded from stacks."""
        if len(self.nested) == 0:
            return []
        first, second = np.divmod(self.nested, self.d)
        both = self.is_new[first] & self.is_new[second]
        return list(zip(first[both].tolist(), second[both].tolist(), strict=True))

    @cached_property
    def nested_with(self) -> dict[int, IntArray]:
        """For each area in a nested pair, the areas nested with it."""
        found: dict[int, list[int]] = {}
        first, second = np.divmod(self.nested, self.d)
        for a, b in zip(first.tolist(), second.tolist(), strict=True):
            found.setdefault(a, []).append(b)
            found.setdefault(b, []).append(a)
        return {a: np.array(sorted(b), dtype=np.int64) for a, b in found.items()}

    @cached_property
    def root_set(self) -> frozenset[int]:
        return frozenset(self.roots)

    def _hours(self) -> FloatArray:
        """Calibrated hours each area still needs to reach the target level."""
        options = self.options
        target = self.target_level
        hours = np.full(self.d, options.bands.hours_between(1, target))
        special = [*options.language_areas, *options.area_bands]
        for name in special:
            index = area_index(self.stats, name)
            if index is not None:
                hours[index] = options.bands_for(self.stats.areas[index]).hours_between(1, target)
        for index, level in self.level.items():
            bands = options.bands_for(self.stats.areas[index])
            hours[index] = bands.hours_between(min(level, target), target)
        return hours * options.calibration

    # -- the family of pairs examined

    def family_pairs(self) -> int:
        """Pairs that appear in at least one candidate stack (see ``_in_family``)."""
        n_new = len(self.new_areas)
        if self.new == 1:
            return len(self.root_pairs()) + len(self.owned) * n_new
        return len(self.roots) * n_new + n_new * (n_new - 1) // 2 - len(self.nested_new_pairs)

    def _in_family(self, i: IntArray, j: IntArray) -> NDArray[np.bool_]:
        """One new area: kept owned pairs and owned x new; two: kept x new and new x new.
        Nested pairs are never part of a stack, so never in the family."""
        new_i, new_j = self.is_new[i], self.is_new[j]
        if self.new == 1:
            own_i, own_j = self.is_owned[i], self.is_owned[j]
            kept = self.is_root[i] | self.is_root[j]
            member = (own_i & new_j) | (new_i & own_j) | (own_i & own_j & kept)
        else:
            root_i, root_j = self.is_root[i], self.is_root[j]
            member = (root_i & new_j) | (new_i & root_j) | (new_i & new_j)
        return member & ~is_nested(self.nested, self.d, i, j)

    # -- the labelled pairs, as rows

    def _build_strengths(self, found: Discoveries) -> None:
        d = self.d
        unrealised = (found.side < 0) & (found.observed == 0)
        lo = np.minimum(found.i[unrealised], found.j[unrealised])
        hi = np.maximum(found.i[unrealised], found.j[unrealised])
        self.voids = np.unique(lo * d + hi)
        self.void_set = frozenset(self.voids.tolist())
        ends, partners = np.concatenate([lo, hi]), np.concatenate([hi, lo])
        order = np.argsort(ends, kind="stable")
        ends, partners = ends[order], partners[order]
        starts = np.flatnonzero(np.r_[True, ends[1:] != ends[:-1]]).tolist() if len(ends) else []
        self.void_with: dict[int, IntArray] = {
            int(ends[s]): partners[s:e]
            for s, e in zip(starts, [*starts[1:], len(ends)][: len(starts)], strict=True)
        }
        self.rows_ptr = found.indptr
        self.cols = found.cols
        self.vals = found.vals
        self.bmax = _segment_max(np.maximum(self.vals, 0.0), self.rows_ptr, d)
        self.amax = _segment_max(np.maximum(-self.vals, 0.0), self.rows_ptr, d)
        self._row_dicts: dict[int, dict[int, float]] = {}

    def row(self, a: int) -> dict[int, float]:
        found = self._row_dicts.get(a)
        if found is None:
            start, end = self.rows_ptr[a], self.rows_ptr[a + 1]
            found = dict(
                zip(self.cols[start:end].tolist(), self.vals[start:end].tolist(), strict=True)
            )
            self._row_dicts[a] = found
        return found

    def strength(self, a: int, b: int) -> float:
        return self.row(a).get(b, 0.0)

    def strengths(self, a: int, others: IntArray) -> FloatArray:
        """s(a, w) for many w at once."""
        start, end = self.rows_ptr[a], self.rows_ptr[a + 1]
        cols = self.cols[start:end]
        if len(cols) == 0 or len(others) == 0:
            return np.zeros(len(others))
        where = np.minimum(np.searchsorted(cols, others), len(cols) - 1)
        return np.where(cols[where] == others, self.vals[start:end][where], 0.0)

    def bridges(self, a: int) -> IntArray:
        start, end = self.rows_ptr[a], self.rows_ptr[a + 1]
        return self.cols[start:end][self.vals[start:end] > 0]

    # -- candidates

    def stack_hours(self, i: int, j: int, k: int) -> float:
        """Hours the three areas still need, summed exactly (the same in any order)."""
        return math.fsum((self.h[i], self.h[j], self.h[k]))

    def fits(self, i: int, j: int, k: int) -> bool:
        """Within the horizon at the pace."""
        return self.stack_hours(i, j, k) <= self.max_hours

    @cached_property
    def hour_classes(self) -> dict[float, int]:
        """How many new areas need each number of hours (a few values: bands and languages)."""
        classes: dict[float, int] = {}
        for value in self.hours[self.new_areas].tolist():
            classes[value] = classes.get(value, 0) + 1
        return classes

    def all_triples(self) -> Iterator[Triple]:
        """Every candidate within the horizon, once (the exhaustive search)."""
        new_areas = self.new_areas.tolist()
        if self.new == 1:
            for p, q in self.root_pairs():
                for w in new_areas:
                    i, j, k = sorted((p, q, w))
                    if self.fits(i, j, k):
                        yield i, j, k
        else:
            nested = set(self.nested_new_pairs)
            for p in self.roots:
                for x, y in itertools.combinations(new_areas, 2):
                    if (x, y) in nested:
                        continue
                    i, j, k = sorted((p, x, y))
                    if self.fits(i, j, k):
                        yield i, j, k

    def candidates(self) -> int:
        """Candidate stacks before the horizon is applied."""
        n_new = len(self.new_areas)
        if self.new == 1:
            return len(self.root_pairs()) * n_new
        return len(self.roots) * (n_new * (n_new - 1) // 2 - len(self.nested_new_pairs))

    def beyond_horizon(self) -> int:
        """Candidates set aside because they take longer than the horizon at the pace."""
        classes = self.hour_classes
        over = 0
        if self.new == 1:
            for p, q in self.root_pairs():
                for value, count in classes.items():
                    if math.fsum((self.h[p], self.h[q], value)) > self.max_hours:
                        over += count
            return over
        for p in self.roots:
            for x, y in itertools.combinations_with_replacement(sorted(classes), 2):
                pairs = classes[x] * (classes[x] - 1) // 2 if x == y else classes[x] * classes[y]
                if math.fsum((self.h[p], x, y)) > self.max_hours:
                    over += pairs
            for x, y in self.nested_new_pairs:  # not candidates at all
                if math.fsum((self.h[p], self.h[x], self.h[y])) > self.max_hours:
                    over -= 1
        return over

    def quickest_hours(self) -> float | None:
        """The fewest hours any candidate needs (None without candidates)."""
        hours = sorted(self.hours[self.new_areas].tolist())
        if len(hours) < self.new:
            return None
        if self.new == 1:
            pairs = self.root_pairs()
            if not pairs:
                return None
            return min(math.fsum((self.h[p], self.h[q], hours[0])) for p, q in pairs)
        pair = self._least_new_pair()
        if pair is None:
            return None
        return min(math.fsum((self.h[p], self.h[pair[0]], self.h[pair[1]])) for p in self.roots)

    def _least_new_pair(self) -> tuple[int, int] | None:
        """The two new areas needing the fewest hours together, among pairs not nested."""
        nested = set(self.nested_new_pairs)
        order = sorted(self.new_areas.tolist(), key=lambda a: self.h[a])
        best: tuple[int, int] | None = None
        least = math.inf
        for n, a in enumerate(order):
            if 2.0 * self.h[a] >= least:
                break
            for b in order[n + 1 :]:
                total = self.h[a] + self.h[b]
                if total >= least:
                    break
                if (min(a, b), max(a, b)) not in nested:
                    best, least = (a, b), total
                    break
        return best

    # -- the score

    def integration_minutes(self, i: int, j: int, k: int) -> int:
        d = self.d
        return (
            self.integration.get(i * d + j, 0)
            + self.integration.get(i * d + k, 0)
            + self.integration.get(j * d + k, 0)
        )

    def parts(self, i: int, j: int, k: int) -> Parts | None:
        """(cell, conventionality, novelty, feasibility, integration); None without evidence,
        or when a new area bridges to none of the person's areas in the stack."""
        a, b, c = self.strength(i, j), self.strength(i, k), self.strength(j, k)
        if self.void_set and (self.void_pair(i, j) or self.void_pair(i, k) or self.void_pair(j, k)):
            return None
        own = self.is_owned
        if not (
            (own[i] or (own[j] and a > 0.0) or (own[k] and b > 0.0))
            and (own[j] or (own[i] and a > 0.0) or (own[k] and c > 0.0))
            and (own[k] or (own[i] and b > 0.0) or (own[j] and c > 0.0))
        ):
            return None
        low = min(a, b, c)
        mid = max(min(a, b), min(max(a, b), c))
        if low < 0.0 < mid:
            cell = SWEET_SPOT
        elif mid > 0.0:
            cell = CONVENTIONAL_CORE
        elif low < 0.0:
            cell = RARE_PAIR
        else:
            return None
        weeks = self.stack_hours(i, j, k) / self.rate
        feasibility = FEASIBILITY_WEIGHT * (1.0 - weeks / self.horizon)
        minutes = self.integration_minutes(i, j, k)
        integration = INTEGRATION_WEIGHT * min(minutes / INTEGRATION_FULL_MINUTES, 1.0)
        return (
            cell,
            STRENGTH_WEIGHT * max(mid, 0.0),
            STRENGTH_WEIGHT * max(-low, 0.0),
            feasibility,
            integration,
        )

    def score(self, i: int, j: int, k: int) -> float | None:
        """The sum of ``parts``; None for a stack that is not suggested."""
        parts = self.parts(i, j, k)
        if parts is None:
            return None
        cell, conventionality, novelty, feasibility, integration = parts
        return cell + conventionality + novelty + feasibility + integration

    # -- pieces of the pruned search

    @cached_property
    def rank(self) -> list[int]:
        ranks = np.empty(self.d, dtype=np.int64)
        ranks[np.argsort(np.array(self.stats.areas, dtype=object), kind="stable")] = np.arange(
            self.d
        )
        return ranks.tolist()

    @cached_property
    def owned_minutes(self) -> dict[int, FloatArray]:
        """Integration minutes of each owned area with every area (0 for areas not owned)."""
        rows: dict[int, FloatArray] = {}
        d = self.d
        for key, minutes in self.integration.items():
            a, b = divmod(key, d)
            for x, y in ((a, b), (b, a)):
                rows.setdefault(x, np.zeros(d))[y] += minutes
        return rows

    def thirds_mask(self, u: int, v: int, thirds: IntArray) -> NDArray[np.bool_]:
        """Which ``thirds`` complete the family pair (u, v) into a candidate stack."""
        distinct = (thirds != u) & (thirds != v)
        for end in (u, v):
            inside = self.nested_with.get(end)
            if inside is not None:
                distinct &= ~np.isin(thirds, inside)
        if self.new == 1:
            owned = int(self.is_owned[u]) + int(self.is_owned[v])
            if owned == 2:
                return distinct & self.is_new[thirds]
            p = u if self.is_owned[u] else v
            if self.is_root[p]:
                return distinct & self.is_owned[thirds]
            return distinct & self.is_root[thirds]
        if self.is_new[u] and self.is_new[v]:
            return distinct & self.is_root[thirds]
        return distinct & self.is_new[thirds]

    def third_pool(self, u: int, v: int) -> IntArray:
        """Every area that could complete the family pair (u, v)."""
        if self.new == 1:
            pool = self.new_areas if self.is_owned[u] and self.is_owned[v] else self.owned_array
        elif self.is_new[u] and self.is_new[v]:
            pool = self.roots_array
        else:
            pool = self.new_areas
        return pool[self.thirds_mask(u, v, pool)]

    @cached_property
    def owned_array(self) -> IntArray:
        return np.array(self.owned, dtype=np.int64)

    @cached_property
    def roots_array(self) -> IntArray:
        return np.array(self.roots, dtype=np.int64)

    def extra_bound(self, u: NDArray[np.int64], v: NDArray[np.int64]) -> FloatArray:
        """Best feasibility plus integration any completion of each pair (u, v) can have."""
        hours = self.hours
        least_new = float(hours[self.new_areas].min()) if len(self.new_areas) else math.inf
        least_owned = float(hours[self.owned].min())
        least_root = float(hours[self.roots].min())
        both_new = self.is_new[u] & self.is_new[v]
        both_owned = self.is_owned[u] & self.is_owned[v]
        if self.new == 1:
            third = np.where(both_owned, least_new, least_owned)
        else:
            third = np.where(both_new, least_root, least_new)
        weeks = (hours[u] + hours[v] + third) / self.rate
        feasibility = FEASIBILITY_WEIGHT * (1.0 - weeks / self.horizon)
        minutes = np.zeros(len(u))
        if self.new == 1 and self.integration:
            best = np.zeros(self.d)
            for area, row in self.owned_minutes.items():
                best[area] = row.max()
            d = self.d
            pair = np.array(
                [
                    self.integration.get(min(a, b) * d + max(a, b), 0)
                    for a, b in zip(u.tolist(), v.tolist(), strict=True)
                ],
                dtype=np.float64,
            )
            minutes = np.where(both_owned, pair, np.maximum(best[u], best[v]))
        integration = INTEGRATION_WEIGHT * np.minimum(minutes / INTEGRATION_FULL_MINUTES, 1.0)
        return feasibility + integration

    def vector_scores(self, u: int, v: int, thirds: IntArray) -> FloatArray:
        """Scores of (u, v, w) for many w: ``score`` up to rounding, -inf past the horizon."""
        a = self.strength(u, v)
        b = self.strengths(u, thirds)
        c = self.strengths(v, thirds)
        low = np.minimum(a, np.minimum(b, c))
        mid = np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))
        cell = np.where(
            low < 0.0,
            np.where(mid > 0.0, SWEET_SPOT, RARE_PAIR),
            np.where(mid > 0.0, CONVENTIONAL_CORE, _NEG_INF),
        )
        own_u, own_v, own_w = bool(self.is_owned[u]), bool(self.is_owned[v]), self.is_owned[thirds]
        adjacent = (
            (own_u | (own_v & (a > 0.0)) | (own_w & (b > 0.0)))
            & (own_v | (own_u & (a > 0.0)) | (own_w & (c > 0.0)))
            & (own_w | (own_u & (b > 0.0)) | (own_v & (c > 0.0)))
        )
        if self.void_set:
            for end in (u, v):
                partners = self.void_with.get(end)
                if partners is not None:
                    adjacent &= ~np.isin(thirds, partners)
            if self.void_pair(u, v):
                adjacent[:] = False
        cell = np.where(adjacent, cell, _NEG_INF)
        hours = self.hours[u] + self.hours[v] + self.hours[thirds]
        feasibility = FEASIBILITY_WEIGHT * (1.0 - hours / self.rate / self.horizon)
        d = self.d
        minutes = np.full(len(thirds), float(self.integration.get(min(u, v) * d + max(u, v), 0)))
        for end in (u, v):
            row = self.owned_minutes.get(end)
            if row is not None:
                minutes = minutes + row[thirds]
        integration = INTEGRATION_WEIGHT * np.minimum(minutes / INTEGRATION_FULL_MINUTES, 1.0)
        scores = (
            cell
            + STRENGTH_WEIGHT * (np.maximum(mid, 0.0) + np.maximum(-low, 0.0))
            + feasibility
            + integration
        )
        return np.where(hours <= self.max_hours * (1.0 + 1e-12), scores, _NEG_INF)


def _segment_max(values: FloatArray, indptr: IntArray, d: int) -> FloatArray:
    """The largest of each row's values (0 for an empty row)."""
    result = np.zeros(d)
    starts = indptr[:-1]
    filled = indptr[1:] > starts
    if len(values):
        result[filled] = np.maximum.reduceat(values, starts[filled])
    return result


class TopK:
    """The k best stacks by (score, then area names ascending)."""

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


def search_exhaustive(query: Query, k: int) -> list[tuple[float, int, int, int]]:
    """Score every candidate (the reference the pruned search must equal)."""
    top = TopK(k, query.rank)
    for i, j, m in query.all_triples():
        score = query.score(i, j, m)
        if score is not None:
            top.offer(score, i, j, m)
    return top.best()


class _Pruned:
    """The three phases of the exact pruned search (see the module docstring)."""

    def __init__(self, query: Query, k: int) -> None:
        self.q = query
        self.k = k
        self.top = TopK(k, query.rank)
        self.seen: set[int] = set()

    def offer(self, p: int, q: int, w: int) -> None:
        i, j, m = sorted((p, q, w))
        d = self.q.d
        key = (i * d + j) * d + m
        if key in self.seen:
            return
        self.seen.add(key)
        if self.q.fits(i, j, m):
            score = self.q.score(i, j, m)
            if score is not None:
                self.top.offer(score, i, j, m)

    def complete(self, u: int, v: int, thirds: IntArray) -> None:
        """Offer the completions of (u, v) among ``thirds`` (distinct) that can still enter the
        top k: those at or above the threshold and among the k best of these thirds."""
        if len(thirds) == 0:
            return
        scores = self.q.vector_scores(u, v, thirds)
        cutoff = self.top.threshold()
        if len(scores) > self.k:
            cutoff = max(cutoff, float(np.partition(scores, len(scores) - self.k)[-self.k]))
        chosen = np.flatnonzero((scores >= cutoff - _EPS) & (scores > _NEG_INF))
        for w in thirds[chosen[np.argsort(-scores[chosen], kind="stable")]].tolist():
            self.offer(u, v, w)

    def run(self) -> list[tuple[float, int, int, int]]:
        q = self.q
        if len(q.new_areas) < q.new:
            return []
        found = q.found
        self.bridges_phase(found)
        self.atypical_phase(found)
        return self.top.best()

    def bridges_phase(self, found: Discoveries) -> None:
        """(A) stacks with two bridges: the sweet spot and the conventional core.

        A stack's conventionality (the median strength) is at most its strongest bridge among
        those touching a kept area (with two new areas, two of its three pairs touch the kept
        area), so visiting those bridges with the bound ``a`` reaches every such stack.
        """
        q = self.q
        wanted = found.strength > 0
        if q.new == 2:
            wanted &= q.is_root[found.i] | q.is_root[found.j]
        chosen = np.flatnonzero(wanted)
        if len(chosen) == 0:
            return
        u, v, a = found.i[chosen], found.j[chosen], found.strength[chosen]
        novelty = np.maximum(q.amax[u], q.amax[v])
        cell = np.where(novelty > 0, SWEET_SPOT, CONVENTIONAL_CORE)
        bound = cell + STRENGTH_WEIGHT * (a + novelty) + q.extra_bound(u, v)
        for n in np.argsort(-bound, kind="stable").tolist():
            if bound[n] + _EPS < self.top.threshold():
                break
            p, r = int(u[n]), int(v[n])
            thirds = np.unique(np.concatenate([q.bridges(p), q.bridges(r)]))
            self.complete(p, r, thirds[q.thirds_mask(p, r, thirds)])

    def atypical_phase(self, found: Discoveries) -> None:
        """(B) rare-pair stacks, each reached from its most atypical pair, by that strength."""
        q = self.q
        chosen = np.flatnonzero(found.strength < 0)
        if len(chosen) == 0:
            return
        u, v = found.i[chosen], found.j[chosen]
        bound = RARE_PAIR + STRENGTH_WEIGHT * -found.strength[chosen] + q.extra_bound(u, v)
        for n in np.argsort(-bound, kind="stable").tolist():
            if bound[n] + _EPS < self.top.threshold():
                break
            p, r = int(u[n]), int(v[n])
            self.complete(p, r, q.third_pool(p, r))


def search_pruned(query: Query, k: int) -> list[tuple[float, int, int, int]]:
    """The same top k as ``search_exhaustive``, visiting a small part of the candidates."""
    return _Pruned(query, k).run()
