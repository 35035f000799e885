"""A Mermaid flowchart, for pasting the graph into Markdown on GitHub, GitLab or a wiki.

A name is only ever a label. Mermaid ids are limited to ``[A-Za-z0-9_]`` and kept clear of its
keywords; labels are quoted, shown as drawn (``characters.drawn``) and every character Mermaid
reads as syntax is written as an entity code (``#quot;``, ``#37;`` ...): quotes, markup, the
``%%{init: ...}%%`` directive anywhere in the text (``%``, ``{``, ``}``, ``:``), link and
statement characters, and the ``ﬂ°``/``¶ß`` markers Mermaid uses for entities internally.
Mermaid turns each code back into its character, so the chart shows the name unchanged.
"""

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

import networkx as nx

from polymath.graph.export._view import (
    AREA_FILL,
    DOMAIN_FILL,
    STACK,
    STACK_FILL,
    EdgeView,
    NodeView,
    edge_views,
    node_views,
)
from polymath.graph.export.characters import drawn
from polymath.graph.person_graph import AREA, DOMAIN, INTEGRATION, PAIR

_UNDERSCORES = re.compile(r"_+")
_KEYWORDS: Final = frozenset(
    {
        "end",
        "graph",
        "flowchart",
        "subgraph",
        "class",
        "classdef",
        "click",
        "call",
        "href",
        "style",
        "linkstyle",
        "interpolate",
        "direction",
        "default",
        "acctitle",
        "accdescr",
    }
)
_NAMED: Final = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
_CODED: Final = "#%{}:;'`|\u00b6\ufb02\u2028\u2029"
"""Characters written as decimal entity codes: syntax, and line breaks to JavaScript."""
_ENTITIES: Final = str.maketrans(_NAMED | {char: f"#{ord(char)};" for char in _CODED})
_LINKS: Final = {INTEGRATION: "===", PAIR: "-.-"}


def to_mermaid(graph: nx.Graph) -> str:
    """``flowchart LR``: domains as boxes, areas as stadiums, integration thick, pairs dotted."""
    nodes = node_views(graph)
    ids = mermaid_ids(node.id for node in nodes)
    lines = ["flowchart LR"]
    lines += [f"  {ids[node.id]}{_shape(node)}" for node in nodes]
    edges = edge_views(graph)
    for edge in edges:
        link = _LINKS.get(edge.kind, "---")
        text = f'|"{escape_label(edge.label)}"|' if edge.label else ""
        lines.append(f"  {ids[edge.a]} {link}{text} {ids[edge.b]}")
    lines += [
        f"  classDef domainNode fill:{DOMAIN_FILL},stroke:#5b7db1",
        f"  classDef areaNode fill:{AREA_FILL},stroke:#8a8a8a",
        f"  classDef stackNode fill:{STACK_FILL},stroke:{STACK},stroke-width:3px",
    ]
    for css_class, kind in (("domainNode", DOMAIN), ("areaNode", AREA)):
        members = [ids[node.id] for node in nodes if node.kind == kind and not node.in_stack]
        if members:
            lines.append(f"  class {','.join(members)} {css_class}")
    stacked = [ids[node.id] for node in nodes if node.in_stack]
    if stacked:
        lines.append(f"  class {','.join(stacked)} stackNode")
    lines += [
        f"  linkStyle {index} {_link_style(edge)}"
        for index, edge in enumerate(edges)
        if _link_style(edge)
    ]
    return "\n".join(lines) + "\n"


def mermaid_ids(node_ids: Iterable[str]) -> dict[str, str]:
    """Readable, unique ``[A-Za-z0-9_]`` ids; a clash after sanitising gets ``_2``, ``_3`` ..."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for node_id in node_ids:
        base = _ascii_id(node_id)
        if not base[0].isalpha() or base[0] in "oxOX" or base.lower() in _KEYWORDS:
            base = f"n_{base}"
        candidate, suffix = base, 1
        while candidate in taken:
            suffix += 1
            candidate = f"{base}_{suffix}"
        taken.add(candidate)
        ids[node_id] = candidate
    return ids


def _ascii_id(text: str) -> str:
    """Accents dropped (``Música`` -> ``Musica``), other letters as code points, the rest ``_``."""
    parts = []
    for char in unicodedata.normalize("NFKD", text):
        if char.isascii() and char.isalnum():
            parts.append(char)
        elif unicodedata.combining(char):
            continue
        elif char.isalnum():
            parts.append(f"_u{ord(char):x}_")
        else:
            parts.append("_")
    return _UNDERSCORES.sub("_", "".join(parts)).strip("_") or "node"


def escape_label(text: str) -> str:
    """Text shown as drawn inside a quoted Mermaid label, with entity codes for its syntax."""
    return drawn(text).translate(_ENTITIES)


def _shape(node: NodeView) -> str:
    label = escape_label(node.label)
    if node.detail:
        label += "<br/>" + escape_label(node.detail)
    if node.kind == DOMAIN:
        return f'["{label}"]'
    if node.kind == AREA:
        return f'(["{label}"])'
    return f'("{label}")'


def _link_style(edge: EdgeView) -> str:
    if edge.kind == PAIR:
        width = "4px" if edge.in_stack else "1.5px"
        return f"stroke:{edge.colour},stroke-width:{width},color:{edge.colour}"
    if edge.in_stack:
        return f"stroke:{STACK},stroke-width:4px"
    return ""
