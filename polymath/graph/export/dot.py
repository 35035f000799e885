"""Graphviz DOT, written by hand so the picture carries our styling and a legend.

Every id and label is a quoted DOT string, so names with quotes, backslashes, newlines or DOT
keywords cannot break the file; ``dot -Tsvg skills.dot > skills.svg`` renders it.
"""

from collections.abc import Iterator, Mapping

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
from polymath.graph.person_graph import AREA, DOMAIN, INTEGRATION, PAIR

_FONT = "Helvetica"


def to_dot(graph: nx.Graph) -> str:
    """An undirected DOT graph: domains as boxes, areas as ellipses, the stack in gold."""
    lines = [
        "graph skills {",
        f"  graph [fontname={quote(_FONT)}, rankdir=LR, nodesep=0.3, ranksep=1.2];",
        f"  node [fontname={quote(_FONT)}, fontsize=11];",
        f"  edge [fontname={quote(_FONT)}, fontsize=9];",
    ]
    lines += [
        f"  {quote(node.id)} [{_attributes(_node_style(node))}];" for node in node_views(graph)
    ]
    lines += [
        f"  {quote(edge.a)} -- {quote(edge.b)} [{_attributes(_edge_style(edge))}];"
        for edge in edge_views(graph)
    ]
    lines += _legend()
    lines.append("}")
    return "\n".join(lines) + "\n"


def quote(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, line breaks as DOT's centred ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
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
