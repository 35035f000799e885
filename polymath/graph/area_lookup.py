"""Finding areas by text, a page at a time, and the units that already combine some areas.

``graph areas --search music`` pages through thousands of ESCO areas; a suggestion names up to
three occupations that combine its skills ("arts manager, music producer").
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from polymath.core.errors import InvalidInput
from polymath.graph.esco_catalogue import ESCO_ESSENTIAL_NAME, ESCO_NAME
from polymath.graph.population import PopulationStats

MAX_PAGE = 500
_ESCO_NAMES = frozenset({ESCO_NAME, ESCO_ESSENTIAL_NAME})


@dataclass(frozen=True, slots=True)
class AreaHit:
    area: str
    units: int
    """How many units (occupations) use the area."""


@dataclass(frozen=True, slots=True)
class AreaPage:
    """One page of areas: ``hits`` from ``offset`` on, of ``total`` that matched."""

    hits: tuple[AreaHit, ...]
    total: int
    offset: int
    limit: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total


def search_areas(
    stats: PopulationStats, text: str = "", *, offset: int = 0, limit: int = 20
) -> AreaPage:
    """Areas whose name contains ``text`` (ignoring case), best first, one page.

    An exact name comes first, then names starting with the text, then names with a word
    starting with it, then any other containing it; within each, the areas more units use.
    Without text, every area by name.
    """
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"a page holds 1 to {MAX_PAGE} areas")
    if offset < 0:
        raise InvalidInput("a page starts at 0 or later")
    wanted = " ".join(text.split()).casefold()
    counts = stats.counts.tolist()
    found: list[tuple[int, int, str, int]] = []
    for index, area in enumerate(stats.areas):
        name = area.casefold()
        if not wanted:
            found.append((0, 0, name, index))
            continue
        at = name.find(wanted)
        if at < 0:
            continue
        if name == wanted:
            rank = 0
        elif at == 0:
            rank = 1
        elif not name[at - 1].isalnum():
            rank = 2
        else:
            rank = 3
        found.append((rank, -counts[index], name, index))
    found.sort()
    page = found[offset : offset + limit]
    return AreaPage(
        hits=tuple(AreaHit(stats.areas[i], counts[i]) for *_, i in page),
        total=len(found),
        offset=offset,
        limit=limit,
    )


def example_units(stats: PopulationStats, areas: Sequence[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` units that combine the areas: all of them first, then pairs of them.

    Pairs are taken in the order given ((a, b), (b, c), (a, c)), so for a suggestion's
    (end, bridge, end) the bridge pairs come first. Among units equally placed, those using
    fewer areas in all come first: the combination is more central to them. Empty when the
    population does not name its units (O*NET's shipped statistics do not).
    """
    membership, names = stats.membership, stats.unit_names
    if membership is None or names is None or limit < 1:
        return []
    indices = [stats.index_of(area) for area in areas]
    sizes = membership.unit_sizes()
    neighbours = [[a, b] for a, b in itertools.pairwise(indices)]
    others = [[a, b] for a, b in itertools.combinations(indices, 2) if [a, b] not in neighbours]
    groups = [indices, *neighbours, *others] if len(indices) > 2 else [indices]
    chosen: list[int] = []
    for group in groups:
        units = membership.units_using_all(group).tolist()
        for unit in sorted(units, key=lambda u: (sizes[u], names[u])):
            if unit not in chosen:
                chosen.append(unit)
            if len(chosen) == limit:
                return [names[u] for u in chosen]
    return [names[u] for u in chosen]


def skills_inside(
    stats: PopulationStats, group: str, alongside: Sequence[str] = (), limit: int = 3
) -> list[str]:
    """The single skills inside a group that a person can act on first, best first.

    A group ("music and performing arts") is where the evidence is; what to learn is named by
    its skills. They are ranked by how many of the units that combine the group with all of
    ``alongside`` use them, then by how many of those combining it with any one of them do,
    then by how many units use them at all (a unit can use a group through a skill too rare to
    be an area: the music therapist's "therapy and rehabilitation"). On ESCO any skill below
    the group is named, by the occupations' own relations (``esco.skills_to_start``). Empty
    when the population has no hierarchy or the area holds no single skill.
    """
    if stats.name in _ESCO_NAMES:
        from polymath.graph.esco import skills_to_start

        return skills_to_start(stats, group, alongside, limit)
    hierarchy, membership = stats.hierarchy, stats.membership
    if hierarchy is None or membership is None or limit < 1:
        return []
    g = stats.index_of(group)
    skills = [int(a) for a in hierarchy.below(g) if not hierarchy.groups[a]]
    if not skills:
        return []
    others = [stats.index_of(area) for area in alongside if area != group]
    every = np.zeros(membership.n_units, dtype=bool)
    every[membership.units_using_all([g, *others])] = True
    some = np.zeros(membership.n_units, dtype=bool)
    for other in others:
        some[membership.units_using_all([g, other])] = True
    counts = stats.counts
    ranked = sorted(
        skills,
        key=lambda a: (
            -int(every[membership.column(a)].sum()),
            -int(some[membership.column(a)].sum()),
            -int(counts[a]),
            stats.areas[a],
        ),
    )
    return [stats.areas[a] for a in ranked[:limit]]
