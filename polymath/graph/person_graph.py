"""The person's skill graph: their domains, the areas those map to, and how the pieces connect.

This is the one shape every export reads, so attribute values are kept to plain scalars
(str, int, float, bool) that GraphML, GEXF and JSON all carry; a missing value is an absent
attribute, never ``None``. Notes are private and only enter the graph when asked for. Names and
notes are kept exactly as stored, whatever an older database holds: each exporter decides what
its format can carry (``polymath.graph.export.characters``).
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Final

import networkx as nx

from polymath.core.kinds import KINDS
from polymath.core.records import DomainProfile, IntegrationLink

DOMAIN: Final = "domain"
AREA: Final = "area"
MAPS_TO: Final = "maps_to"
INTEGRATION: Final = "integration"
PAIR: Final = "pair"


@dataclass(frozen=True, slots=True)
class PairFigures:
    """How often two areas are combined in the population against what chance predicts."""

    observed: int
    expected: float
    z: float
    lift: float
    label: str = ""
    """The planner's word for the pair (atypical, conventional, near chance; ``graph.labels``)."""


def domain_node(name: str) -> str:
    """Node id of a domain; prefixed so a domain and an area may share a name."""
    return f"{DOMAIN}:{name}"


def area_node(name: str) -> str:
    """Node id of a population area."""
    return f"{AREA}:{name}"


def build_person_graph(
    domains: list[DomainProfile],
    integration: list[IntegrationLink],
    pair_stats: Callable[[str, str], PairFigures | None],
    *,
    stack: tuple[str, ...] = (),
    notes: dict[str, str] | None = None,
    include_notes: bool = False,
) -> nx.Graph:
    """Build the undirected graph of the person's domains, areas, integration and area pairs.

    ``pair_stats(a, b)`` is called once per pair of distinct areas with ``a < b``; a ``None``
    answer (no population figures) leaves that pair out. Integration links that name a domain
    missing from ``domains`` are skipped, and links given twice for one pair are summed.
    Every edge carries ``in_stack``: true when both ends belong to the adopted ``stack``.
    """
    graph = nx.Graph()
    stack_names = set(stack)
    notes_by_domain = notes if include_notes and notes else {}

    for profile in domains:
        graph.add_node(
            domain_node(profile.name),
            **_domain_attributes(
                profile,
                in_stack=profile.name in stack_names,
                note=notes_by_domain.get(profile.name),
            ),
        )

    area_names = sorted({profile.area for profile in domains if profile.area is not None})
    for area in area_names:
        graph.add_node(area_node(area), kind=AREA, label=area)

    for profile in domains:
        if profile.area is not None:
            graph.add_edge(
                domain_node(profile.name),
                area_node(profile.area),
                kind=MAPS_TO,
                in_stack=profile.name in stack_names,
            )

    known = {profile.name for profile in domains}
    for (a, b), minutes in _integration_minutes(integration, known).items():
        graph.add_edge(
            domain_node(a),
            domain_node(b),
            kind=INTEGRATION,
            minutes=minutes,
            in_stack=a in stack_names and b in stack_names,
        )

    stack_areas = {p.area for p in domains if p.name in stack_names and p.area is not None}
    for a, b in combinations(area_names, 2):
        figures = pair_stats(a, b)
        if figures is None:
            continue
        graph.add_edge(
            area_node(a),
            area_node(b),
            kind=PAIR,
            **_finite(
                z=float(figures.z),
                lift=float(figures.lift),
                expected=float(figures.expected),
            ),
            observed=int(figures.observed),
            **({"label": figures.label} if figures.label else {}),
            in_stack=a in stack_areas and b in stack_areas,
        )
    return graph


def _domain_attributes(
    profile: DomainProfile, *, in_stack: bool, note: str | None
) -> dict[str, str | int | float | bool]:
    """Scalar attributes of a domain node; level and note are left out when unknown."""
    attributes: dict[str, str | int | float | bool] = {
        "kind": DOMAIN,
        "label": profile.name,
        "hours": round(profile.total_minutes / 60, 1),
    }
    if profile.level is not None:
        attributes["level"] = int(profile.level)
    for kind in KINDS:
        attributes[f"{kind}_minutes"] = int(profile.kind_minutes.get(kind, 0))
    attributes["in_stack"] = in_stack
    if note:
        attributes["note"] = note
    return attributes


def _integration_minutes(
    links: Iterable[IntegrationLink], known: set[str]
) -> dict[tuple[str, str], int]:
    """Positive integration minutes per unordered pair of known, distinct domains."""
    totals: dict[tuple[str, str], int] = {}
    for link in links:
        if link.a == link.b or link.a not in known or link.b not in known:
            continue
        key = (link.a, link.b) if link.a <= link.b else (link.b, link.a)
        totals[key] = totals.get(key, 0) + link.minutes
    return {key: minutes for key, minutes in totals.items() if minutes > 0}


def _finite(**values: float) -> dict[str, float]:
    """Drop infinite or NaN figures (a lift over zero expectation): JSON cannot carry them."""
    return {name: value for name, value in values.items() if math.isfinite(value)}
