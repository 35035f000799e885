"""Which areas of a population lie inside which: ESCO's skills inside their skill groups.

A population whose areas come at several levels (a skill, the group above it, the broader group
above that) needs two facts the planner cannot see in the counts. A skill and a group above it
always co-occur, because the group is defined by its skills, so the pair says nothing about
combining fields: nested areas never form a pair. And single skills are too sparse to carry
evidence while groups carry it (DESIGN.md), so the areas a plan adds are the groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class AreaHierarchy:
    """For each area, the areas above it (compressed rows), and which areas are groups.

    ``broader[indptr[a]:indptr[a + 1]]`` lists, ascending, every area above area ``a`` through
    any path; ``groups[a]`` says whether ``a`` is a grouping of other concepts (an ESCO skill
    group) rather than a single skill.
    """

    indptr: IntArray
    broader: IntArray
    groups: NDArray[np.bool_]

    def __post_init__(self) -> None:
        d = len(self.groups)
        if len(self.indptr) != d + 1 or int(self.indptr[-1]) != len(self.broader):
            raise ValueError("the hierarchy does not match the areas")
        if len(self.broader) and (self.broader.min() < 0 or self.broader.max() >= d):
            raise ValueError("the hierarchy names an area that does not exist")

    @property
    def n_areas(self) -> int:
        return len(self.groups)

    def above(self, area: int) -> IntArray:
        """The areas above ``area``, ascending."""
        return self.broader[self.indptr[area] : self.indptr[area + 1]]

    @cached_property
    def _below(self) -> tuple[IntArray, IntArray]:
        rows = np.repeat(np.arange(self.n_areas, dtype=np.int64), np.diff(self.indptr))
        order = np.lexsort((rows, self.broader))
        indptr = np.zeros(self.n_areas + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.broader, minlength=self.n_areas), out=indptr[1:])
        return indptr, rows[order]

    def below(self, area: int) -> IntArray:
        """The areas inside ``area`` (for a group: its skills and narrower groups), ascending."""
        indptr, rows = self._below
        return rows[indptr[area] : indptr[area + 1]]

    def nested(self, a: int, b: int) -> bool:
        """Whether one of the two areas lies inside the other."""
        return bool(np.isin(b, self.above(a)) or np.isin(a, self.above(b)))

    def related(self, areas: IntArray) -> NDArray[np.bool_]:
        """Every area nested with any of ``areas`` (above or below one of them), as a mask."""
        mask = np.zeros(self.n_areas, dtype=bool)
        for area in np.asarray(areas, dtype=np.int64).tolist():
            mask[self.above(area)] = True
            mask[self.below(area)] = True
        return mask

    def nested_pairs(self, areas: IntArray) -> tuple[IntArray, IntArray]:
        """The nested pairs among ``areas`` (indices into ``areas``, i < j)."""
        chosen = np.asarray(areas, dtype=np.int64)
        position = np.full(self.n_areas, -1, dtype=np.int64)
        position[chosen] = np.arange(len(chosen))
        first: list[int] = []
        second: list[int] = []
        for k, area in enumerate(chosen.tolist()):
            above = position[self.above(area)]
            for other in above[above >= 0].tolist():
                first.append(min(k, other))
                second.append(max(k, other))
        return np.array(first, dtype=np.int64), np.array(second, dtype=np.int64)

    def subset(self, areas: Sequence[int] | IntArray) -> AreaHierarchy:
        """The hierarchy among ``areas`` only, renumbered in their order."""
        chosen = np.asarray(areas, dtype=np.int64)
        position = np.full(self.n_areas, -1, dtype=np.int64)
        position[chosen] = np.arange(len(chosen))
        rows = [np.sort(position[self.above(a)][position[self.above(a)] >= 0]) for a in chosen]
        indptr = np.zeros(len(chosen) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        broader = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        return AreaHierarchy(indptr, broader.astype(np.int64), self.groups[chosen].copy())
