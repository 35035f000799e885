"""The areas one plan works on, when a population has areas at several levels (ESCO).

Plan on the level that has evidence (DESIGN.md): on ESCO a single skill is used by a handful
of occupations, so its pairs are near chance almost always, and the rarest pairs among six
thousand skills are mostly between unrelated trades. Skill groups carry evidence. So a stack
is made of:

- the person's own areas, as they mapped them (a skill or a group);
- new areas that are **groups** used by at least ``min_new_area_units`` units, and not nested
  with any of the person's areas: a group that holds one of their domains is not new to them,
  and one inside a group they have is already theirs in part;
- and no pair of nested areas, owned or new (a skill and its group always co-occur, because the
  group is defined by its skills).

The view keeps every count, O and E of the population (the same units, fewer columns), so its
pairs are computed in milliseconds instead of the population's millions.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from polymath.graph.population import PopulationStats

IntArray = NDArray[np.int64]


def has_levels(stats: PopulationStats) -> bool:
    """Whether plans on this population are made on a view (it has a hierarchy of areas)."""
    return stats.hierarchy is not None and stats.membership is not None


def new_area_mask(
    stats: PopulationStats, owned: Iterable[int], *, min_units: int, usable: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """The areas a plan may add: usable groups with enough units, not nested with ``owned``."""
    hierarchy = stats.hierarchy
    if hierarchy is None:
        return usable.copy()
    mine = np.fromiter(owned, dtype=np.int64)
    mask = usable & hierarchy.groups & (stats.counts >= min_units)
    mask &= ~hierarchy.related(mine)
    mask[mine] = False
    return mask


def planning_view(
    stats: PopulationStats, owned: Iterable[int], *, min_units: int, usable: NDArray[np.bool_]
) -> PopulationStats:
    """The population with only the person's areas (``owned``) and the areas a plan may add."""
    mine = sorted(set(owned))
    chosen = np.flatnonzero(new_area_mask(stats, mine, min_units=min_units, usable=usable))
    return stats.subset(sorted({*mine, *chosen.tolist()}))


def nested_keys(stats: PopulationStats) -> IntArray:
    """The nested pairs of a population (or view) as sorted keys i * d + j, i < j."""
    if stats.hierarchy is None:
        return np.zeros(0, dtype=np.int64)
    d = len(stats.areas)
    first, second = stats.hierarchy.nested_pairs(np.arange(d, dtype=np.int64))
    return np.unique(first * d + second)


def is_nested(keys: IntArray, d: int, i: IntArray, j: IntArray) -> NDArray[np.bool_]:
    """Whether each pair (i, j) is among the nested ``keys`` (either order)."""
    if len(keys) == 0:
        return np.zeros(np.broadcast(i, j).shape, dtype=bool)
    a = np.minimum(i, j)
    b = np.maximum(i, j)
    return np.isin(a * d + b, keys)
