"""ESCO's skills as a population: the shipped file, its catalogue of concepts, essential-only.

The file (``polymath/data/esco_skills.pop``, built by ``scripts/build_esco.py``) holds the
population statistics (areas, the sparse occupation membership, occupation names, the null for
skill-group pairs) and a catalogue of every ESCO concept: URI, label, kind, alternative labels,
broader concepts, how many occupations use it, and the areas a relation to it counts toward.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from polymath.core.errors import NotFound
from polymath.core.text import display
from polymath.graph.popfile import Lines, PopulationFile
from polymath.graph.population import (
    Membership,
    PopulationStats,
    shipped_path,
    shipped_population,
)

ESCO_NAME = "ESCO skills (v1.1.1)"
ESCO_ESSENTIAL_NAME = "ESCO skills, essential relations only (v1.1.1)"
SUPPORT = 5
"""A concept is a planning node (an area) when at least this many occupations use it."""
ESCO_ATTRIBUTION = (
    "This product uses the ESCO classification of the European Commission (ESCO v1.1.1). "
    "Polymath has modified it: skill co-occurrence statistics derived from occupation-skill "
    "relations."
)
"""The acknowledgement ESCO's reuse terms ask for (README and ``polymath about``)."""


def area_membership(
    rel_indptr: NDArray[np.int64],
    rel_concept: NDArray[np.int64],
    ca_indptr: NDArray[np.int64],
    ca_areas: NDArray[np.int64],
    *,
    n_areas: int,
    keep: NDArray[np.bool_] | None = None,
) -> Membership:
    """Occupations x areas membership from occupation x concept relations.

    A relation to a concept counts toward each area in its ``concept_areas`` list (the concept's
    own area, and the areas of the groups above it); ``keep`` selects relations (essential only).
    """
    n_units = len(rel_indptr) - 1
    units = np.repeat(np.arange(n_units, dtype=np.int64), np.diff(rel_indptr))
    concepts = rel_concept
    if keep is not None:
        units, concepts = units[keep], concepts[keep]
    lengths = ca_indptr[concepts + 1] - ca_indptr[concepts]
    starts = np.repeat(ca_indptr[concepts] - np.cumsum(lengths) + lengths, lengths)
    areas = ca_areas[np.arange(int(lengths.sum())) + starts]
    units = np.repeat(units, lengths)
    key = np.unique(areas * n_units + units)
    areas, units = key // n_units, key % n_units
    indptr = np.zeros(n_areas + 1, dtype=np.int64)
    np.cumsum(np.bincount(areas, minlength=n_areas), out=indptr[1:])
    return Membership(indptr=indptr, units=units.astype(np.int32), n_units=n_units)


ESCO_URI = "http://data.europa.eu/esco/"
_KIND_LETTERS = {"skill": "s", "knowledge": "k", "group": "g"}
_LETTER_KINDS = {letter: kind for kind, letter in _KIND_LETTERS.items()}


def _short_uri(uri: str) -> str:
    return uri.removeprefix(ESCO_URI) if uri.startswith(ESCO_URI) else "=" + uri


def _full_uri(short: str) -> str:
    return short[1:] if short.startswith("=") else ESCO_URI + short


def esco_sections(
    *,
    uris: Sequence[str],
    labels: Sequence[str],
    kinds: Sequence[str],
    alt_labels: Sequence[Sequence[str]],
    parents: Sequence[Sequence[int]],
    support: NDArray[np.int64],
    area_concepts: NDArray[np.int64],
    concept_areas: tuple[NDArray[np.int64], NDArray[np.int64]],
    relations: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]],
) -> dict[str, Any]:
    """The catalogue's sections of the population file (written by the build script)."""
    parents_indptr = np.zeros(len(parents) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parents], out=parents_indptr[1:])
    flat: list[str] = []
    owner: list[int] = []
    for concept, (label, alternatives) in enumerate(zip(labels, alt_labels, strict=True)):
        for text in (label, *alternatives):
            if "\n" in text:
                raise ValueError(f"a label holds a line break: {text!r}")
            flat.append(text)
            owner.append(concept)
    return {
        "concept_uris": Lines(_short_uri(uri) for uri in uris),
        "concept_kinds": "".join(_KIND_LETTERS[kind] for kind in kinds),
        "labels": Lines(flat),
        "label_concepts": np.array(owner, dtype="<i2" if len(uris) < 2**15 else "<i4"),
        "parents_indptr": parents_indptr.astype("<i4"),
        "parents": np.array([p for ps in parents for p in ps], dtype="<i4"),
        "concept_support": support.astype("<i4"),
        "area_concepts": area_concepts.astype("<i4"),
        "concept_areas_indptr": concept_areas[0].astype("<i4"),
        "concept_areas": concept_areas[1].astype("<i4"),
        "relations_indptr": relations[0].astype("<i4"),
        "relations_concepts": relations[1].astype("<i2" if len(uris) < 2**15 else "<i4"),
        "relations_essential": relations[2].astype("<u1"),
    }


@dataclass(frozen=True, eq=False)
class Concept:
    """One ESCO concept (skill, knowledge or skill group) as the catalogue knows it."""

    index: int
    uri: str
    label: str
    kind: str
    """``skill``, ``knowledge`` or ``group``"""
    occupations: int
    """Occupations that use it (a group: through any skill below it)."""
    area: str | None
    """Its name as an area of the population, when it is one."""


class EscoCatalogue:
    """Every ESCO concept with its labels and place in the hierarchy, read from the shipped file.

    Sections are read when first needed: mapping a name reads the labels, not the membership.
    """

    def __init__(self, file: PopulationFile) -> None:
        self.file = file

    @cached_property
    def uris(self) -> list[str]:
        return [_full_uri(u) for u in self.file.lines("concept_uris")]

    @cached_property
    def kinds(self) -> list[str]:
        return [_LETTER_KINDS[letter] for letter in str(self.file.json("concept_kinds"))]

    @cached_property
    def all_labels(self) -> tuple[list[str], NDArray[np.int64]]:
        """Every label (each concept's preferred label, then its alternatives) and its concept."""
        return self.file.lines("labels"), self.file.array("label_concepts").astype(np.int64)

    @cached_property
    def _first_label(self) -> NDArray[np.int64]:
        owner = self.all_labels[1]
        return np.searchsorted(owner, np.arange(len(self.uris) + 1))

    @cached_property
    def labels(self) -> list[str]:
        """Preferred labels, by concept."""
        flat = self.all_labels[0]
        return [flat[int(k)] for k in self._first_label[:-1]]

    def alt_labels_of(self, concept: int) -> list[str]:
        first = self._first_label
        return self.all_labels[0][int(first[concept]) + 1 : int(first[concept + 1])]

    @cached_property
    def support(self) -> list[int]:
        return self.file.array("concept_support").tolist()

    @cached_property
    def _parents(self) -> tuple[list[int], list[int]]:
        return (
            self.file.array("parents_indptr").tolist(),
            self.file.array("parents").tolist(),
        )

    @cached_property
    def area_names(self) -> list[str]:
        return [str(a) for a in self.file.json("areas")]

    @cached_property
    def area_concepts(self) -> list[int]:
        return self.file.array("area_concepts").tolist()

    @cached_property
    def _area_of(self) -> dict[int, str]:
        return {c: self.area_names[a] for a, c in enumerate(self.area_concepts)}

    @cached_property
    def _by_uri(self) -> dict[str, int]:
        return {uri: k for k, uri in enumerate(self.uris)}

    @cached_property
    def _by_area(self) -> dict[str, int]:
        return {name.casefold(): c for c, name in self._area_of.items()}

    @cached_property
    def broader_areas(self) -> list[frozenset[int]]:
        """For each area (by index), the areas above it in the hierarchy.

        A skill and a group above it always co-occur (the group is defined by its skills), so
        such a pair says nothing about combining fields: a planner should not pair them.
        """
        indptr = self.file.array("concept_areas_indptr").tolist()
        areas = self.file.array("concept_areas").tolist()
        return [
            frozenset(a for a in areas[indptr[c] : indptr[c + 1]] if a != index)
            for index, c in enumerate(self.area_concepts)
        ]

    def nested(self, a: str, b: str) -> bool:
        """Whether one area lies inside the other ("play musical instruments" in "music and
        performing arts"), by area name."""
        index = {name: k for k, name in enumerate(self.area_names)}
        i, j = index[a], index[b]
        return j in self.broader_areas[i] or i in self.broader_areas[j]

    def parents(self, concept: int) -> list[int]:
        indptr, parents = self._parents
        return parents[indptr[concept] : indptr[concept + 1]]

    def concept(self, index: int) -> Concept:
        return Concept(
            index=index,
            uri=self.uris[index],
            label=self.labels[index],
            kind=self.kinds[index],
            occupations=int(self.support[index]),
            area=self.area_of(index),
        )

    def area_of(self, concept: int) -> str | None:
        """The concept's name as an area, when it is one."""
        return self._area_of.get(concept)

    def area_concept(self, concept: int) -> int | None:
        """The concept itself when it is an area, or the broader group that repeats its label
        ("management skills" S4.0 is planned as S4); None otherwise."""
        if concept in self._area_of:
            return concept
        if self.kinds[concept] == "group":
            twin = self._by_area.get(self.labels[concept].casefold())
            if twin is not None and self.kinds[twin] == "group":
                return twin
        return None

    def by_uri(self, uri: str) -> Concept:
        found = self._by_uri.get(uri.strip())
        if found is None:
            raise NotFound(f"no ESCO concept {display(repr(uri))}")
        return self.concept(found)

    def by_area(self, area: str) -> Concept | None:
        """The concept behind an area name (ignoring case)."""
        found = self._by_area.get(area.strip().casefold())
        return None if found is None else self.concept(found)

    def planning_path(self, concept: int) -> list[int]:
        """From a concept up to the nearest planning node: itself when it is one.

        Up the hierarchy one level at a time; among the nodes first reached, the most specific
        (fewest occupations, at least ``SUPPORT``) wins, then the label. Empty when none is.
        """
        came_from: dict[int, int] = {concept: -1}
        level = [concept]
        while level:
            reached = [c for c in level if self.area_concept(c) is not None]
            if reached:
                best = min(
                    reached,
                    key=lambda c: (self.support[self.area_concept(c) or c], self.labels[c]),
                )
                path = [best]
                while came_from[path[-1]] != -1:
                    path.append(came_from[path[-1]])
                path.reverse()
                twin = self.area_concept(best)
                return path if twin == best or twin is None else [*path, twin]
            following: list[int] = []
            for c in level:
                for p in self.parents(c):
                    if p not in came_from:
                        came_from[p] = c
                        following.append(p)
            level = following
        return []


@cache
def esco_catalogue() -> EscoCatalogue:
    """The shipped ESCO catalogue, opened once (sections are read when first needed)."""
    return EscoCatalogue(PopulationFile(shipped_path("esco")))


@cache
def esco_population(*, essential_only: bool = False) -> PopulationStats:
    """The shipped ESCO population; ``essential_only`` counts essential relations only.

    Essential-only keeps the same areas (so a person's mappings stay valid) and derives the
    membership from the stored relations at load time; it has no randomised null.
    """
    stats = shipped_population("esco")
    if not essential_only:
        return stats
    file = esco_catalogue().file
    membership = area_membership(
        file.array("relations_indptr").astype(np.int64),
        file.array("relations_concepts").astype(np.int64),
        file.array("concept_areas_indptr").astype(np.int64),
        file.array("concept_areas").astype(np.int64),
        n_areas=len(stats.areas),
        keep=file.array("relations_essential").astype(bool),
    )
    return PopulationStats(
        areas=stats.areas,
        n_units=stats.n_units,
        membership=membership,
        unit_names=stats.unit_names,
        unit_label=stats.unit_label,
        correlation_method=stats.correlation_method,
        shrinkage=stats.shrinkage,
        name=ESCO_ESSENTIAL_NAME,
        source=stats.source,
    )
