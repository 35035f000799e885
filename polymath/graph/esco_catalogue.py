"""The ESCO catalogue: every concept's URI, labels, kind, support and place in the hierarchy.

Read from the shipped ESCO population file without NumPy or SciPy, so mapping a domain's name
(``polymath.graph.skill_match``) costs the labels and rapidfuzz, not the statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from polymath.core.errors import NotFound
from polymath.core.text import display
from polymath.graph.popfile import PopulationFile
from polymath.graph.shipped import shipped_path

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


ESCO_URI = "http://data.europa.eu/esco/"
_KIND_LETTERS = {"skill": "s", "knowledge": "k", "group": "g"}
_LETTER_KINDS = {letter: kind for kind, letter in _KIND_LETTERS.items()}


def _short_uri(uri: str) -> str:
    return uri.removeprefix(ESCO_URI) if uri.startswith(ESCO_URI) else "=" + uri


def _full_uri(short: str) -> str:
    return short[1:] if short.startswith("=") else ESCO_URI + short


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
    def all_labels(self) -> tuple[list[str], list[int]]:
        """Every label (each concept's preferred label, then its alternatives) and its concept."""
        return self.file.lines("labels"), self.file.ints("label_concepts")

    @cached_property
    def _first_label(self) -> list[int]:
        """Where each concept's labels start in ``all_labels`` (and where the last ends)."""
        owner = self.all_labels[1]
        first = [0] * (len(self.uris) + 1)
        first[-1] = len(owner)
        previous = -1
        for k, concept in enumerate(owner):
            if concept != previous:
                first[concept] = k
                previous = concept
        return first

    @cached_property
    def labels(self) -> list[str]:
        """Preferred labels, by concept."""
        flat = self.all_labels[0]
        return [flat[k] for k in self._first_label[:-1]]

    def alt_labels_of(self, concept: int) -> list[str]:
        first = self._first_label
        return self.all_labels[0][first[concept] + 1 : first[concept + 1]]

    @cached_property
    def support(self) -> list[int]:
        return self.file.ints("concept_support")

    @cached_property
    def _parents(self) -> tuple[list[int], list[int]]:
        return self.file.ints("parents_indptr"), self.file.ints("parents")

    @cached_property
    def area_names(self) -> list[str]:
        return [str(a) for a in self.file.json("areas")]

    @cached_property
    def area_concepts(self) -> list[int]:
        return self.file.ints("area_concepts")

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
        indptr = self.file.ints("concept_areas_indptr")
        areas = self.file.ints("concept_areas")
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

    @cached_property
    def _children(self) -> dict[int, list[int]]:
        children: dict[int, list[int]] = {}
        for concept in range(len(self.uris)):
            for parent in self.parents(concept):
                children.setdefault(parent, []).append(concept)
        return children

    def skills_below(self, concept: int) -> list[int]:
        """Every skill and knowledge concept below a group, through any path, ascending."""
        found: set[int] = set()
        pending = [concept]
        while pending:
            for child in self._children.get(pending.pop(), ()):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return sorted(c for c in found if self.kinds[c] != "group")

    def parents(self, concept: int) -> list[int]:
        indptr, parents = self._parents
        return parents[indptr[concept] : indptr[concept + 1]]

    def concept(self, index: int) -> Concept:
        return Concept(
            index=index,
            uri=self.uris[index],
            label=self.labels[index],
            kind=self.kinds[index],
            occupations=self.support[index],
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
