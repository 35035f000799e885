"""GraphML and GEXF: the XML files Gephi, Cytoscape, yEd and igraph open, attributes typed."""

import networkx as nx


def to_graphml(graph: nx.Graph) -> str:
    """GraphML, with a typed ``<key>`` per attribute so tools keep numbers as numbers."""
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def to_gexf(graph: nx.Graph) -> str:
    """GEXF 1.2, Gephi's own format; node labels become GEXF labels."""
    return "\n".join(nx.generate_gexf(graph)) + "\n"
