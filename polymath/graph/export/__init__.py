"""Exports of the person's skill graph to the formats graph tools, Markdown and browsers read.

``FORMATS`` maps each format's name to its file suffix and writer, so the CLI can offer the
names as choices and pick a file name; ``export_graph`` is the one call that writes any of them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import networkx as nx

from polymath.core.errors import InvalidInput
from polymath.graph.export.dot import to_dot
from polymath.graph.export.exchange import to_gexf, to_graphml
from polymath.graph.export.json_formats import to_cytoscape_json, to_node_link_json
from polymath.graph.export.mermaid import to_mermaid
from polymath.graph.export.page import to_html
from polymath.graph.export.svg import to_svg


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """How one format is written and the suffix its files conventionally carry."""

    suffix: str
    write: Callable[[nx.Graph], str]


FORMATS: Mapping[str, ExportFormat] = MappingProxyType(
    {
        "graphml": ExportFormat(".graphml", to_graphml),
        "gexf": ExportFormat(".gexf", to_gexf),
        "json": ExportFormat(".json", to_node_link_json),
        "cytoscape": ExportFormat(".cyjs", to_cytoscape_json),
        "dot": ExportFormat(".dot", to_dot),
        "mermaid": ExportFormat(".mmd", to_mermaid),
        "svg": ExportFormat(".svg", to_svg),
        "html": ExportFormat(".html", to_html),
    }
)


def export_graph(graph: nx.Graph, fmt: str) -> str:
    """The graph written in format ``fmt`` (a key of ``FORMATS``, any case)."""
    chosen = FORMATS.get(fmt.strip().lower())
    if chosen is None:
        raise InvalidInput(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    return chosen.write(graph)


__all__ = ["FORMATS", "ExportFormat", "export_graph"]
