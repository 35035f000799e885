"""What each export can hold, and what stands in for the characters it cannot.

Names stored from now on are plain (``clean_name``) and notes lose their control characters
(``clean_note``), but older databases and imports can hold any Python string, so the exporters are
the last line: every file they write parses in its consumer. One rule per family of formats:

- **JSON** (node-link, Cytoscape) carries every character but a lone surrogate, which no UTF-8
  file can hold: it becomes U+FFFD. Controls travel as JSON escapes and read back unchanged.
- **XML** (GraphML, GEXF; DOT node ids, which Graphviz copies into the SVG it renders) carries
  every character XML 1.0 allows, carriage returns and tabs included. The C0 controls it forbids
  become their Control Pictures (U+0001 -> U+2401, as the terminal shows them) and U+FFFE, U+FFFF
  and lone surrogates become U+FFFD.
- **Drawings** (SVG, the HTML page, Mermaid, DOT labels) show text as the terminal does
  (``polymath.core.text.display``): controls as Control Pictures, direction marks and
  noncharacters as U+FFFD, a line break inside a name as ``↵``.

A stand-in can make two node ids equal (``a\\x01`` and ``a\\u2401``); ``unique_ids`` keeps them
apart, and an id that needed no stand-in always keeps its own text.
"""

import re
from collections.abc import Callable, Iterable
from typing import Final

import networkx as nx

from polymath.core.text import display

REPLACEMENT: Final = "\ufffd"
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def json_text(text: str) -> str:
    """Text a UTF-8 JSON file can hold: lone surrogates become U+FFFD, nothing else changes."""
    return _SURROGATE.sub(REPLACEMENT, text) if _SURROGATE.search(text) else text


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: forbidden controls as Control Pictures, non-characters as U+FFFD."""
    return _NOT_XML.sub(_xml_stand_in, text) if _NOT_XML.search(text) else text


def _xml_stand_in(match: re.Match[str]) -> str:
    code = ord(match[0])
    return chr(0x2400 + code) if code < 0x20 else REPLACEMENT


def drawn(text: str) -> str:
    """Text as a drawing shows it: the terminal's ``display``, on one line.

    Printable text (``str.isprintable``: no control, format, surrogate, unassigned or line
    separator character, so nothing ``display`` would change) is returned at C speed.
    """
    return text if text.isprintable() else display(text)


def unique_ids(
    ids: Iterable[str], rule: Callable[[str], str], *, reserved: Iterable[str] = ()
) -> dict[str, str]:
    """Each id under ``rule``; ids the rule changed give way to ids it kept, with `` (2)`` ...

    The suffix is plain ASCII, so it holds in every format; ``reserved`` ids are never handed out.
    """
    ruled = {node: rule(node) for node in ids}
    taken = set(reserved)
    chosen: dict[str, str] = {}
    for node, safe in ruled.items():
        if safe == node and safe not in taken:
            chosen[node] = safe
            taken.add(safe)
    for node, safe in ruled.items():
        if node in chosen:
            continue
        candidate, count = safe, 1
        while candidate in taken:
            count += 1
            candidate = f"{safe} ({count})"
        chosen[node] = candidate
        taken.add(candidate)
    return {node: chosen[node] for node in ruled}


def with_text_rule(graph: nx.Graph, rule: Callable[[str], str]) -> nx.Graph:
    """The graph itself when ``rule`` changes none of its text, else a copy with every id and
    string value under the rule (ids kept unique). The graph passed in is never modified."""
    ids = unique_ids((str(node) for node in graph), rule)
    nodes_change = any(ids[str(node)] != node for node in graph)
    values_change = any(
        isinstance(value, str) and rule(value) != value
        for data in _attribute_maps(graph)
        for value in data.values()
    )
    if not (nodes_change or values_change):
        return graph
    copy = nx.Graph()
    copy.graph.update(_ruled(graph.graph, rule))
    copy.add_nodes_from(
        (ids[str(node)], _ruled(data, rule)) for node, data in graph.nodes(data=True)
    )
    copy.add_edges_from(
        (ids[str(a)], ids[str(b)], _ruled(data, rule)) for a, b, data in graph.edges(data=True)
    )
    return copy


def _attribute_maps(graph: nx.Graph) -> Iterable[dict[str, object]]:
    yield graph.graph
    yield from (data for _, data in graph.nodes(data=True))
    yield from (data for _, _, data in graph.edges(data=True))


def _ruled(data: dict[str, object], rule: Callable[[str], str]) -> dict[str, object]:
    return {
        rule(str(key)): rule(value) if isinstance(value, str) else value
        for key, value in data.items()
    }
