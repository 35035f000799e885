"""A single self-contained HTML page to send anyone: the picture plus tables of the figures.

The page works offline and from an e-mail attachment: the SVG is inlined, the styles are in the
page, there is no script, and a Content-Security-Policy forbids fetching anything at all. Every
name and note is shown as the terminal shows it (``polymath.core.text.display``) and escaped, so a
domain called ``<script>`` is just text and no control character reaches the page.
"""

from collections.abc import Iterable, Sequence
from html import escape
from typing import Final

import networkx as nx

from polymath.core.text import display
from polymath.graph.export._view import EdgeView, NodeView, edge_views, node_views, z_label
from polymath.graph.export.characters import drawn
from polymath.graph.export.svg import to_svg
from polymath.graph.person_graph import DOMAIN, INTEGRATION, MAPS_TO, PAIR

_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE: Final = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.4; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 2rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.8rem; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
tr.stack td { background: #fff2c2; }
td.note { white-space: pre-line; }
"""


def to_html(graph: nx.Graph) -> str:
    """The page: title, the SVG drawing, then domains, area pairs and integration as tables."""
    nodes = node_views(graph)
    edges = edge_views(graph)
    svg = to_svg(graph).split("\n", 1)[1]  # drop the XML declaration, not allowed inside HTML
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Skill graph</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>Skill graph</h1>",
        f"<figure>\n{svg}</figure>",
        *_domain_table(nodes, edges),
        *_pair_table(nodes, edges),
        *_integration_table(nodes, edges),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _domain_table(nodes: list[NodeView], edges: list[EdgeView]) -> list[str]:
    domains = [node for node in nodes if node.kind == DOMAIN]
    if not domains:
        return ["<h2>Domains</h2>", "<p>No domains yet.</p>"]
    labels = {node.id: node.label for node in nodes}
    domain_ids = {node.id for node in domains}
    area_of: dict[str, list[str]] = {}
    for edge in edges:
        if edge.kind == MAPS_TO:
            domain, area = (edge.a, edge.b) if edge.a in domain_ids else (edge.b, edge.a)
            area_of.setdefault(domain, []).append(labels[area])
    with_notes = any("note" in node.data for node in domains)
    header = ["Domain", "Area", "Hours", "Level", "Read min", "Reflect min", "Experiment min"]
    header += ["In stack"] + (["Note"] if with_notes else [])
    rows = []
    for node in domains:
        data = node.data
        cells = [
            _cell(node.label),
            _cell(", ".join(area_of.get(node.id, [])) or "—"),
            _cell(f"{_number(data.get('hours')):.1f}", number=True),
            _cell(str(data.get("level", "—")), number=True),
            _cell(str(data.get("read_minutes", 0)), number=True),
            _cell(str(data.get("reflect_minutes", 0)), number=True),
            _cell(str(data.get("experiment_minutes", 0)), number=True),
            _cell("yes" if node.in_stack else ""),
        ]
        if with_notes:
            cells.append(_cell(str(data.get("note", "")), lines=True))
        rows.append(_row(cells, stack=node.in_stack))
    return ["<h2>Domains</h2>", *_table(header, rows)]


def _pair_table(nodes: list[NodeView], edges: list[EdgeView]) -> list[str]:
    labels = {node.id: node.label for node in nodes}
    pairs = [edge for edge in edges if edge.kind == PAIR]
    if not pairs:
        return []
    header = ["Area", "Area", "Observed", "Expected", "Lift", "z"]
    rows = [
        _row(
            [
                _cell(labels[edge.a]),
                _cell(labels[edge.b]),
                _cell(str(edge.data.get("observed", "—")), number=True),
                _cell(_figure(edge.data.get("expected"), ".1f"), number=True),
                _cell(_figure(edge.data.get("lift"), ".2f"), number=True),
                _cell(z_label(edge.z).removeprefix("z="), number=True),
            ],
            stack=edge.in_stack,
        )
        for edge in pairs
    ]
    caption = (
        "<p>How often people combine each pair of your areas, against chance. "
        "A negative z marks an atypical pairing.</p>"
    )
    return ["<h2>Area pairs</h2>", caption, *_table(header, rows)]


def _integration_table(nodes: list[NodeView], edges: list[EdgeView]) -> list[str]:
    labels = {node.id: node.label for node in nodes}
    links = [edge for edge in edges if edge.kind == INTEGRATION]
    if not links:
        return []
    header = ["Domain", "Domain", "Minutes"]
    rows = [
        _row(
            [
                _cell(labels[edge.a]),
                _cell(labels[edge.b]),
                _cell(str(edge.data.get("minutes", 0)), number=True),
            ],
            stack=edge.in_stack,
        )
        for edge in links
    ]
    return ["<h2>Integration</h2>", *_table(header, rows)]


def _table(header: Sequence[str], rows: Iterable[str]) -> list[str]:
    head = "".join(f'<th scope="col">{escape(title)}</th>' for title in header)
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]


def _row(cells: Sequence[str], *, stack: bool) -> str:
    opening = '<tr class="stack">' if stack else "<tr>"
    return opening + "".join(cells) + "</tr>"


def _cell(text: str, *, number: bool = False, lines: bool = False) -> str:
    """A table cell showing ``text`` as the terminal would; a note (``lines``) keeps its breaks."""
    css = ' class="number"' if number else ' class="note"' if lines else ""
    shown = display(text, one_line=False) if lines else drawn(text)
    return f"<td{css}>{escape(shown, quote=True)}</td>"


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _figure(value: object, spec: str) -> str:
    return format(value, spec) if isinstance(value, int | float) else "—"
