"""Graphviz DOT, written by hand so the picture carries our styling and a legend.

``dot -Tsvg skills.dot > skills.svg`` renders it, and Graphviz reads back exactly the ids and
labels written, whatever a name holds:

- a node id is the graph's own id (``domain:Jazz piano``) as a quoted DOT string, in which only
  ``\\"`` is an escape and every other backslash stands for itself. A name whose backslash DOT
  cannot end a string with (an odd run of backslashes before a quote, a line break or the end) is
  written as an HTML-like ``<...>`` id instead, which DOT reads verbatim; only a name that also
  has unbalanced ``<``/``>`` gets that backslash shown as a fullwidth one (U+FF3C). Ids follow
  the XML rule of ``characters``, since Graphviz copies them into the SVG it renders;
- a label is the name as drawn (``characters.drawn``) in an escString, so ``\\N`` or ``\\l`` in a
  name is shown, never obeyed; every ``&`` is written ``&amp;``, since Graphviz decodes HTML
  entities in any label and ``&lt;`` in a name would otherwise show as ``<``.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

import networkx as nx

from polymath.graph.export._view import (
    AREA_FILL,
    DOMAIN_FILL,
    INTEGRATION_COLOUR,
    LEGEND_Z_NEGATIVE,
    LEGEND_Z_POSITIVE,
    MAPS_TO_COLOUR,
    STACK,
    STACK_FILL,
    Z_NEGATIVE,
    Z_POSITIVE,
    EdgeView,
    NodeView,
    edge_views,
    node_views,
)
from polymath.graph.export.characters import unique_ids, xml_text
from polymath.graph.person_graph import AREA, DOMAIN, INTEGRATION, PAIR

_FONT: Final = "Helvetica"
_LONE_BACKSLASH: Final = re.compile(r'(?<!\\)(?:\\\\)*\\(?=["\n]|\Z)')
"""An odd run of backslashes before a quote, a line break or the end: no DOT string ends so."""
_WIDE_BACKSLASH: Final = "\uff3c"
_LEGEND_EDGES: Final = ("integration", "z-positive", "z-negative")
LEGEND_IDS: Final = (
    "legend:domain",
    "legend:area",
    "legend:stack",
    *(f"legend:{edge}:{end}" for edge in _LEGEND_EDGES for end in "ab"),
)


def to_dot(graph: nx.Graph) -> str:
    """An undirected DOT graph: domains as boxes, areas as ellipses, the stack in gold."""
    nodes = node_views(graph)
    names = dot_names((node.id for node in nodes), reserved=LEGEND_IDS)
    ids = {node: id_token(name) for node, name in names.items()}
    lines = [
        "graph skills {",
        f"  graph [fontname={quote(_FONT)}, rankdir=LR, nodesep=0.3, ranksep=1.2];",
        f"  node [fontname={quote(_FONT)}, fontsize=11];",
        f"  edge [fontname={quote(_FONT)}, fontsize=9];",
    ]
    lines += [f"  {ids[node.id]} [{_attributes(_node_style(node))}];" for node in nodes]
    lines += [
        f"  {ids[edge.a]} -- {ids[edge.b]} [{_attributes(_edge_style(edge))}];"
        for edge in edge_views(graph)
    ]
    lines += _legend()
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_names(node_ids: Iterable[str], *, reserved: Iterable[str] = ()) -> dict[str, str]:
    """The name Graphviz reads for each node: its id, but for the stand-ins the module names."""
    return unique_ids(node_ids, _dot_name, reserved=reserved)


def _dot_name(node_id: str) -> str:
    name = xml_text(node_id)
    if _LONE_BACKSLASH.search(name) is None or _balanced(name):
        return name
    return _LONE_BACKSLASH.sub(lambda run: run[0][:-1] + _WIDE_BACKSLASH, name)


def _balanced(name: str) -> bool:
    """Whether ``<name>`` is one HTML-like DOT string: every ``>`` closes an earlier ``<``."""
    depth = 0
    for char in name:
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def id_token(name: str) -> str:
    """``name`` as a DOT id that Graphviz reads back verbatim (``dot_names`` made it possible)."""
    if _LONE_BACKSLASH.search(name) is None:
        return '"' + name.replace('"', '\\"') + '"'
    return f"<{name}>"


def quote(text: str) -> str:
    """A DOT escString: backslashes, quotes and ``&`` escaped, line breaks as centred ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def _attributes(attributes: Mapping[str, str]) -> str:
    return ", ".join(f"{name}={quote(value)}" for name, value in attributes.items())


def _node_style(node: NodeView) -> dict[str, str]:
    label = f"{node.label}\n{node.detail}" if node.detail else node.label
    if node.kind == DOMAIN:
        style = {"label": label, "shape": "box", "style": "rounded,filled"}
        if node.in_stack:
            return style | {"fillcolor": STACK_FILL, "color": STACK, "penwidth": "3"}
        return style | {"fillcolor": DOMAIN_FILL}
    if node.kind == AREA:
        return {"label": label, "shape": "ellipse", "style": "filled", "fillcolor": AREA_FILL}
    return {"label": label, "shape": "ellipse"}


def _edge_style(edge: EdgeView) -> dict[str, str]:
    style = {"color": edge.colour}
    if edge.label:
        style["label"] = edge.label
    if edge.kind == INTEGRATION:
        style["style"] = "bold"
        style["penwidth"] = "2.5"
    if edge.kind == PAIR:
        style["fontcolor"] = edge.colour
        style["style"] = "dashed"
    if edge.in_stack:
        style["penwidth"] = "4"
        if edge.kind != PAIR:
            style["color"] = STACK
    return style


def _legend() -> Iterator[str]:
    """A dashed cluster of sample nodes and edges explaining shapes and colours."""
    yield "  subgraph cluster_legend {"
    yield f"    label={quote('Legend')}; fontsize=10; style={quote('rounded,dashed')};"
    yield f"    color={quote(MAPS_TO_COLOUR)};"
    samples = {
        "legend:domain": {
            "label": "domain\nhours · level",
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": DOMAIN_FILL,
        },
        "legend:area": {
            "label": "population area",
            "shape": "ellipse",
            "style": "filled",
            "fillcolor": AREA_FILL,
        },
        "legend:stack": {
            "label": "in the adopted stack",
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": STACK_FILL,
            "color": STACK,
            "penwidth": "3",
        },
    }
    for node_id, style in samples.items():
        yield f"    {quote(node_id)} [{_attributes(style)}];"
    edges = {
        "integration": {
            "label": "integration minutes",
            "style": "bold",
            "penwidth": "2.5",
            "color": INTEGRATION_COLOUR,
        },
        "z-positive": {
            "label": LEGEND_Z_POSITIVE,
            "style": "dashed",
            "color": Z_POSITIVE,
            "fontcolor": Z_POSITIVE,
        },
        "z-negative": {
            "label": LEGEND_Z_NEGATIVE,
            "style": "dashed",
            "color": Z_NEGATIVE,
            "fontcolor": Z_NEGATIVE,
        },
    }
    point = _attributes({"shape": "point", "width": "0.06", "label": ""})
    for name, style in edges.items():
        ends = quote(f"legend:{name}:a"), quote(f"legend:{name}:b")
        yield f"    {ends[0]} [{point}];"
        yield f"    {ends[1]} [{point}];"
        yield f"    {ends[0]} -- {ends[1]} [{_attributes(style)}];"
    yield "  }"
