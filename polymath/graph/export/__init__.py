"""Exports of the person's skill graph to the formats graph tools, Markdown and browsers read.

``FORMATS`` maps each format's name to its file suffix and writer, so the CLI can offer the
names as choices and pick a file name; ``export_graph`` is the one call that writes any of them.
A writer's module is imported only when its format is written, so naming the formats costs
nothing and one export loads one writer. Whatever names and notes hold, every file parses in
its consumer; ``characters`` says what stands in for what a format cannot hold.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from types import MappingProxyType
from typing import TYPE_CHECKING

from polymath.core.errors import InvalidInput

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """How one format is written (module and function) and the suffix its files carry."""

    suffix: str
    module: str
    function: str

    def write(self, graph: "nx.Graph") -> str:
        writer: Callable[[nx.Graph], str] = getattr(
            import_module(f"{__name__}.{self.module}"), self.function
        )
        return writer(graph)


FORMATS: Mapping[str, ExportFormat] = MappingProxyType(
    {
        "graphml": ExportFormat(".graphml", "graphml", "to_graphml"),
        "gexf": ExportFormat(".gexf", "gexf", "to_gexf"),
        "json": ExportFormat(".json", "json_formats", "to_node_link_json"),
        "cytoscape": ExportFormat(".cyjs", "json_formats", "to_cytoscape_json"),
        "dot": ExportFormat(".dot", "dot", "to_dot"),
        "mermaid": ExportFormat(".mmd", "mermaid", "to_mermaid"),
        "svg": ExportFormat(".svg", "svg", "to_svg"),
        "html": ExportFormat(".html", "page", "to_html"),
    }
)


def export_graph(graph: "nx.Graph", fmt: str) -> str:
    """The graph written in format ``fmt`` (a key of ``FORMATS``, any case)."""
    chosen = FORMATS.get(fmt.strip().lower())
    if chosen is None:
        raise InvalidInput(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    return chosen.write(graph)


__all__ = ["FORMATS", "ExportFormat", "export_graph"]
