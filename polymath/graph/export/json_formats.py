"""Node-link and Cytoscape JSON: what D3, Cytoscape.js and networkx's ``json_graph`` load.

JSON carries every character a UTF-8 file can hold; only lone surrogates are replaced
(``characters.json_text``).
"""

import json

import networkx as nx

from polymath.graph.export.characters import json_text, with_text_rule


def to_node_link_json(graph: nx.Graph) -> str:
    """Node-link JSON, edges under ``"edges"``: networkx 3.6's default, named so it stays put."""
    return _dumps(nx.node_link_data(with_text_rule(graph, json_text), edges="edges"))


def to_cytoscape_json(graph: nx.Graph) -> str:
    """Cytoscape.js elements JSON (``.cyjs``), also imported by Cytoscape desktop."""
    return _dumps(nx.cytoscape_data(with_text_rule(graph, json_text)))


def _dumps(data: object) -> str:
    """Strict JSON (no NaN/Infinity, which many parsers reject), readable when opened by hand."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
