"""GraphML, the XML file yEd, Cytoscape, Gephi and igraph open, with a typed key per attribute.

Written by hand rather than with ``networkx.generate_graphml``, which imports NumPy to type its
values and writes characters XML 1.0 forbids as references no parser accepts; ``read_graphml``
reads this file back as the same graph, text rules aside (``characters``).
"""

from typing import Final

import networkx as nx

from polymath.graph.export._xml import DECLARATION, attribute, scalar, schema_type, text
from polymath.graph.export.characters import with_text_rule, xml_text

_NAMESPACE: Final = "http://graphml.graphdrawing.org/xmlns"
_SCHEMA: Final = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"


def to_graphml(graph: nx.Graph) -> str:
    """An undirected GraphML graph; booleans, integers and floats keep their types."""
    safe = with_text_rule(graph, xml_text)
    keys: dict[tuple[str, str, str], str] = {}
    body: list[str] = []

    def data_lines(scope: str, data: dict[str, object]) -> list[str]:
        lines = []
        for name, value in data.items():
            kind = schema_type(value)
            key = keys.setdefault((scope, name, kind), f"d{len(keys)}")
            lines.append(f'      <data key="{key}">{text(scalar(value))}</data>')
        return lines

    for node, data in safe.nodes(data=True):
        opening = f"    <node id={attribute(str(node))}"
        body += _element(opening, "node", data_lines("node", data))
    for a, b, data in safe.edges(data=True):
        opening = f"    <edge source={attribute(str(a))} target={attribute(str(b))}"
        body += _element(opening, "edge", data_lines("edge", data))

    head = [
        DECLARATION,
        f'<graphml xmlns="{_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{_NAMESPACE} {_SCHEMA}">',
        *(
            f'  <key id="{key}" for="{scope}" attr.name={attribute(name)} attr.type="{kind}"/>'
            for (scope, name, kind), key in keys.items()
        ),
        '  <graph edgedefault="undirected">',
    ]
    return "\n".join([*head, *body, "  </graph>", "</graphml>"]) + "\n"


def _element(opening: str, tag: str, children: list[str]) -> list[str]:
    if not children:
        return [f"{opening}/>"]
    return [f"{opening}>", *children, f"    </{tag}>"]
