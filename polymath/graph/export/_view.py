"""A read-only view of the person graph for the hand-written exporters (DOT, Mermaid, SVG, HTML).

The drawing exporters agree on what a node shows, how a z-score is written and which colour a
sign gets, so a DOT file, a Mermaid chart and the web page of the same graph tell the same story.
Names and notes are shown as the terminal shows them (``characters.drawn``): no control
character or direction mark in a name reaches a picture, whatever the database holds.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import networkx as nx

from polymath.graph.export.characters import drawn
from polymath.graph.person_graph import DOMAIN, INTEGRATION, MAPS_TO, PAIR

Z_POSITIVE: Final = "#2166ac"
Z_NEGATIVE: Final = "#d95f02"
Z_NEUTRAL: Final = "#777777"
STACK: Final = "#c99700"
DOMAIN_FILL: Final = "#e8f0fb"
STACK_FILL: Final = "#fff2c2"
AREA_FILL: Final = "#f1f1f1"
MAPS_TO_COLOUR: Final = "#9a9a9a"
INTEGRATION_COLOUR: Final = "#333333"

LEGEND_Z_POSITIVE: Final = "z > 0: areas paired more often than chance"
LEGEND_Z_NEGATIVE: Final = "z < 0: areas paired less often than chance (atypical)"


@dataclass(frozen=True, slots=True)
class NodeView:
    """One node as the drawings show it: ``id`` as the graph holds it, ``label`` as drawn."""

    id: str
    kind: str
    label: str
    data: Mapping[str, object]

    @property
    def in_stack(self) -> bool:
        return bool(self.data.get("in_stack", False))

    @property
    def detail(self) -> str:
        """The line under a domain's name: hours and level, or empty for other nodes."""
        if self.kind != DOMAIN:
            return ""
        parts = []
        hours = self.data.get("hours")
        if isinstance(hours, int | float):
            parts.append(f"{hours:.1f} h")
        level = self.data.get("level")
        if isinstance(level, int):
            parts.append(f"level {level}")
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class EdgeView:
    """One edge as the drawings show it."""

    a: str
    b: str
    kind: str
    data: Mapping[str, object]

    @property
    def in_stack(self) -> bool:
        return bool(self.data.get("in_stack", False))

    @property
    def z(self) -> float | None:
        z = self.data.get("z")
        return float(z) if isinstance(z, int | float) else None

    @property
    def label(self) -> str:
        """``z=+1.2`` on a pair, ``45 min`` on an integration, nothing on a mapping."""
        if self.kind == PAIR:
            return z_label(self.z)
        minutes = self.data.get("minutes")
        if self.kind == INTEGRATION and isinstance(minutes, int):
            return f"{minutes} min"
        return ""

    @property
    def colour(self) -> str:
        if self.kind == PAIR:
            return z_colour(self.z)
        if self.kind == INTEGRATION:
            return INTEGRATION_COLOUR
        return MAPS_TO_COLOUR


def node_views(graph: nx.Graph) -> list[NodeView]:
    """Every node in graph order; a node without ``kind`` or ``label`` falls back to its id."""
    return [
        NodeView(
            id=str(node),
            kind=str(data.get("kind", "")),
            label=drawn(str(data.get("label", node))),
            data=data,
        )
        for node, data in graph.nodes(data=True)
    ]


def edge_views(graph: nx.Graph) -> list[EdgeView]:
    """Every edge, mappings first, then integration, then pairs, so drawings layer sensibly."""
    order = {MAPS_TO: 0, INTEGRATION: 1, PAIR: 2}
    views = [
        EdgeView(a=str(a), b=str(b), kind=str(data.get("kind", "")), data=data)
        for a, b, data in graph.edges(data=True)
    ]
    return sorted(views, key=lambda edge: order.get(edge.kind, 3))


def z_label(z: float | None) -> str:
    return "z=?" if z is None else f"z={z:+.1f}"


def z_colour(z: float | None) -> str:
    """Blue for a conventional pair, orange for an atypical one: both survive colour blindness."""
    if z is None or round(z, 1) == 0:
        return Z_NEUTRAL
    return Z_POSITIVE if z > 0 else Z_NEGATIVE
