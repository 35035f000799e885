"""ESCO's skills as a population: the shipped file, its catalogue of concepts, essential-only.

The file (``polymath/data/esco_skills.pop``, built by ``scripts/build_esco.py``) holds the
population statistics (areas, the sparse occupation membership, occupation names, the null for
skill-group pairs) and a catalogue of every ESCO concept: URI, label, kind, alternative labels,
broader concepts, how many occupations use it, and the areas a relation to it counts toward.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from polymath.graph.esco_catalogue import (
    _KIND_LETTERS,
    ESCO_ATTRIBUTION,
    ESCO_ESSENTIAL_NAME,
    ESCO_NAME,
    ESCO_URI,
    SUPPORT,
    Concept,
    EscoCatalogue,
    _short_uri,
    esco_catalogue,
)
from polymath.graph.popfile import Lines
from polymath.graph.population import Membership, PopulationStats, shipped_population

__all__ = [
    "ESCO_ATTRIBUTION",
    "ESCO_ESSENTIAL_NAME",
    "ESCO_NAME",
    "ESCO_URI",
    "SUPPORT",
    "Concept",
    "EscoCatalogue",
    "area_membership",
    "esco_catalogue",
    "esco_population",
    "esco_sections",
    "skills_to_start",
]


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


@cache
def _relations() -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each occupation's related concepts (compressed rows), as stored in the shipped file."""
    file = esco_catalogue().file
    return (
        file.array("relations_indptr").astype(np.int64),
        file.array("relations_concepts").astype(np.int64),
    )


def skills_to_start(
    stats: PopulationStats, group: str, alongside: Sequence[str] = (), limit: int = 3
) -> list[str]:
    """The skills inside an ESCO group a person can act on first, by their preferred labels.

    Any skill or knowledge concept below the group counts, not only those common enough to be
    areas: the music therapist uses "therapy and rehabilitation" through "music therapy
    processes". Ranked by how many of the occupations that combine the group with all of
    ``alongside`` relate to them, then by how many of those combining it with any one of them
    do, then by how many occupations relate to them at all.
    """
    catalogue = esco_catalogue()
    concept = catalogue.by_area(group)
    if concept is None or stats.membership is None or limit < 1:
        return []
    below = catalogue.skills_below(concept.index)
    if not below:
        return []
    membership = stats.membership
    g = stats.index_of(group)
    others = [stats.index_of(area) for area in alongside if area != group]
    every = membership.units_using_all([g, *others])
    some = np.unique(
        np.concatenate(
            [membership.units_using_all([g, other]) for other in others]
            or [np.zeros(0, dtype=np.int32)]
        )
    )
    indptr, concepts = _relations()

    def used_by(units: NDArray[np.int32]) -> NDArray[np.int64]:
        units = units.astype(np.int64)
        lengths = indptr[units + 1] - indptr[units]
        starts = np.repeat(indptr[units] - np.cumsum(lengths) + lengths, lengths)
        related = concepts[np.arange(int(lengths.sum())) + starts]
        return np.bincount(related, minlength=len(catalogue.uris))

    in_every, in_some = used_by(every), used_by(some)
    support, labels = catalogue.support, catalogue.labels
    ranked = sorted(
        below, key=lambda c: (-int(in_every[c]), -int(in_some[c]), -support[c], labels[c])
    )
    return [labels[c] for c in ranked[:limit]]


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
        hierarchy=stats.hierarchy,
    )
