"""GEXF 1.2, Gephi's own format: node labels as GEXF labels, other attributes typed.

Written by hand rather than with ``networkx.generate_gexf``, which imports NumPy, stamps the day's
date (so two exports of one graph differ) and writes characters XML 1.0 forbids; ``read_gexf``
reads this file back as the same graph, text rules aside (``characters``).
"""

from typing import Final

import networkx as nx

from polymath.graph.export._xml import DECLARATION, attribute, scalar, schema_type
from polymath.graph.export.characters import with_text_rule, xml_text

_NAMESPACE: Final = "http://www.gexf.net/1.2draft"
_SCHEMA: Final = "http://www.gexf.net/1.2draft/gexf.xsd"


def to_gexf(graph: nx.Graph) -> str:
    """An undirected, static GEXF graph; every edge carries an id, as Gephi expects."""
    safe = with_text_rule(graph, xml_text)
    columns: dict[tuple[str, str, str], str] = {}

    def values(scope: str, data: dict[str, object], indent: str) -> list[str]:
        lines = []
        for name, value in data.items():
            if scope == "node" and name == "label":
                continue
            kind = schema_type(value)
            column = columns.setdefault((scope, name, kind), str(len(columns)))
            lines.append(f'{indent}  <attvalue for="{column}" value={attribute(scalar(value))}/>')
        return [f"{indent}<attvalues>", *lines, f"{indent}</attvalues>"] if lines else []

    nodes: list[str] = []
    for node, data in safe.nodes(data=True):
        opening = f"      <node id={attribute(str(node))}"
        if "label" in data:
            opening += f" label={attribute(scalar(data['label']))}"
        nodes += _element(opening, "node", values("node", data, "        "))
    edges: list[str] = []
    for index, (a, b, data) in enumerate(safe.edges(data=True)):
        opening = f'      <edge id="{index}" source={attribute(str(a))} target={attribute(str(b))}'
        edges += _element(opening, "edge", values("edge", data, "        "))

    lines = [
        DECLARATION,
        f'<gexf xmlns="{_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{_NAMESPACE} {_SCHEMA}" version="1.2">',
        "  <meta>",
        "    <creator>Polymath</creator>",
        "  </meta>",
        '  <graph defaultedgetype="undirected" mode="static">',
    ]
    for scope in ("node", "edge"):
        declared = [
            f'      <attribute id="{column}" title={attribute(name)} type="{kind}"/>'
            for (owner, name, kind), column in columns.items()
            if owner == scope
        ]
        if declared:
            lines += [
                f'    <attributes class="{scope}" mode="static">',
                *declared,
                "    </attributes>",
            ]
    lines += ["    <nodes>", *nodes, "    </nodes>", "    <edges>", *edges, "    </edges>"]
    lines += ["  </graph>", "</gexf>"]
    return "\n".join(lines) + "\n"


def _element(opening: str, tag: str, children: list[str]) -> list[str]:
    if not children:
        return [f"{opening}/>"]
    return [f"{opening}>", *children, f"      </{tag}>"]
