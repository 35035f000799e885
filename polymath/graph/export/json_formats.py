"""Node-link and Cytoscape JSON: what D3, Cytoscape.js and networkx's ``json_graph`` load."""

import json

import networkx as nx


def to_node_link_json(graph: nx.Graph) -> str:
    """Node-link JSON, edges under ``"edges"``: networkx 3.6's default, named so it stays put."""
    return _dumps(nx.node_link_data(graph, edges="edges"))


def to_cytoscape_json(graph: nx.Graph) -> str:
    """Cytoscape.js elements JSON (``.cyjs``), also imported by Cytoscape desktop."""
    return _dumps(nx.cytoscape_data(graph))


def _dumps(data: object) -> str:
    """Strict JSON (no NaN/Infinity, which many parsers reject), readable when opened by hand."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
