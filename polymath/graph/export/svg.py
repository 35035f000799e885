"""A self-contained SVG picture of the graph, laid out without any randomness.

Domains stand in a left column grouped by area, areas in a right column level with their
domains; integration arcs bulge to the left of the domains and area-pair arcs to the right of
the areas, so no label sits on top of a node. The same graph always gives the same bytes, and
the file needs nothing else: no scripts, no stylesheets, no fonts, no links. Every text passes
through ``characters.drawn`` and XML escaping, so a name is only ever text and the file is
well-formed whatever the name holds.
"""

import unicodedata
from dataclasses import dataclass, field
from html import escape
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
from polymath.graph.export.characters import drawn
from polymath.graph.person_graph import AREA, INTEGRATION, PAIR

SVG_NAMESPACE: Final = "http://www.w3.org/2000/svg"
_FONT: Final = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
_NAME_SIZE: Final = 13
_DETAIL_SIZE: Final = 11
_EDGE_SIZE: Final = 10
_ROW: Final = 54.0
_BOX_HEIGHT: Final = 40.0
_AREA_RY: Final = 16.0
_COLUMN_GAP: Final = 140.0
_MARGIN: Final = 24.0
_TEXT_COLOUR: Final = "#1a1a1a"


def to_svg(graph: nx.Graph) -> str:
    """The graph as a standalone SVG document (UTF-8, with a title for screen readers)."""
    nodes = node_views(graph)
    domains = [node for node in nodes if node.kind != AREA]
    areas = {node.id: node for node in nodes if node.kind == AREA}
    canvas = _Canvas()
    if nodes:
        places = _layout(graph, domains, areas)
        _draw_edges(canvas, edge_views(graph), places)
        _draw_nodes(canvas, places)
    else:
        canvas.text(0, 0, "No domains yet", size=_NAME_SIZE, anchor="start")
    _draw_legend(canvas, canvas.bottom + 36, canvas.left)
    title = f"Skill graph: {len(domains)} domains, {len(areas)} areas"
    return canvas.document(title)


@dataclass(frozen=True, slots=True)
class _Place:
    node: NodeView
    x: float
    y: float
    half_width: float
    half_height: float
    column: str

    @property
    def left(self) -> float:
        return self.x - self.half_width

    @property
    def right(self) -> float:
        return self.x + self.half_width


@dataclass
class _Canvas:
    """SVG elements plus the box they cover, so the viewBox fits whatever was drawn."""

    elements: list[str] = field(default_factory=list)
    left: float = 0.0
    top: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    _empty: bool = field(default=True, init=False)

    def cover(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if self._empty:
            self.left, self.top, self.right, self.bottom = x0, y0, x1, y1
            self._empty = False
            return
        self.left, self.top = min(self.left, x0), min(self.top, y0)
        self.right, self.bottom = max(self.right, x1), max(self.bottom, y1)

    def add(self, element: str) -> None:
        self.elements.append(element)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: int,
        anchor: str = "middle",
        colour: str = _TEXT_COLOUR,
        weight: str = "normal",
        halo: bool = False,
    ) -> None:
        width = text_width(content, size)
        x0 = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        self.cover(x0, y - size, x0 + width, y + size * 0.3)
        halo_attributes = (
            ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
            if halo
            else ""
        )
        self.add(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{colour}"{halo_attributes}>{_escape(content)}</text>'
        )

    def document(self, title: str) -> str:
        x, y = self.left - _MARGIN, self.top - _MARGIN
        width = self.right - self.left + 2 * _MARGIN
        height = self.bottom - self.top + 2 * _MARGIN
        head = (
            f'<svg xmlns="{SVG_NAMESPACE}" version="1.1" role="img" '
            f'viewBox="{x:.1f} {y:.1f} {width:.1f} {height:.1f}" '
            f'width="{width:.0f}" height="{height:.0f}">'
        )
        body = [
            head,
            f"<title>{_escape(title)}</title>",
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
            'fill="#ffffff"/>',
            f'<g font-family="{_escape(_FONT)}">',
            *self.elements,
            "</g>",
            "</svg>",
        ]
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(body) + "\n"


def text_width(text: str, size: float) -> float:
    """A generous estimate of rendered width: wide (CJK) characters count a full em."""
    if text.isascii():
        return 0.62 * len(text) * size
    ems = sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.62 for char in text)
    return ems * size


def _escape(text: str) -> str:
    """Text as drawn, on one line (SVG text does not break lines by itself), XML-escaped."""
    return escape(drawn(text), quote=True)


def _layout(
    graph: nx.Graph, domains: list[NodeView], areas: dict[str, NodeView]
) -> dict[str, _Place]:
    """Domains grouped under their area's order; each area level with the middle of its domains."""
    area_of: dict[str, str] = {}
    for domain in domains:
        mapped = sorted(n for n in graph.neighbors(domain.id) if n in areas)
        if mapped:
            area_of[domain.id] = mapped[0]
    area_order = {area_id: index for index, area_id in enumerate(areas)}
    ordered = sorted(
        domains,
        key=lambda d: (area_order.get(area_of.get(d.id, ""), len(areas)), d.label.casefold()),
    )

    box_half = (
        max(
            (
                max(text_width(d.label, _NAME_SIZE), text_width(d.detail, _DETAIL_SIZE))
                for d in domains
            ),
            default=60.0,
        )
        / 2
        + 12
    )
    area_half = max((text_width(a.label, _NAME_SIZE) for a in areas.values()), default=40.0) / 2
    area_half += 16
    area_x = box_half + _COLUMN_GAP + area_half

    places: dict[str, _Place] = {}
    rows: dict[str, list[float]] = {}
    for index, domain in enumerate(ordered):
        y = index * _ROW
        places[domain.id] = _Place(domain, 0.0, y, box_half, _BOX_HEIGHT / 2, "left")
        if domain.id in area_of:
            rows.setdefault(area_of[domain.id], []).append(y)

    free_row = len(ordered) * _ROW
    for area_id, area in areas.items():
        ys = rows.get(area_id)
        if ys:
            y = sum(ys) / len(ys)
        else:
            y, free_row = free_row, free_row + _ROW
        places[area_id] = _Place(area, area_x, y, area_half, _AREA_RY, "right")
    return places


def _draw_edges(canvas: _Canvas, edges: list[EdgeView], places: dict[str, _Place]) -> None:
    for edge in edges:
        a, b = places[edge.a], places[edge.b]
        if a.column == b.column:
            _draw_arc(canvas, edge, a, b)
        else:
            _draw_link(canvas, edge, a, b)


def _stroke(edge: EdgeView) -> str:
    colour, width, dash = edge.colour, 1.4, ""
    if edge.kind == INTEGRATION:
        width = 3.0
    if edge.kind == PAIR:
        dash = ' stroke-dasharray="6 4"'
    if edge.in_stack:
        width = 4.0
        if edge.kind != PAIR:
            colour = STACK
    return f'fill="none" stroke="{colour}" stroke-width="{width:.1f}"{dash}'


def _draw_link(canvas: _Canvas, edge: EdgeView, a: _Place, b: _Place) -> None:
    """An S-curve from the right side of the left node to the left side of the right node."""
    start, end = (a, b) if a.x <= b.x else (b, a)
    x1, x2 = start.right, end.left
    middle = (x1 + x2) / 2
    canvas.add(
        f'<path d="M {x1:.1f} {start.y:.1f} C {middle:.1f} {start.y:.1f} {middle:.1f} '
        f'{end.y:.1f} {x2:.1f} {end.y:.1f}" {_stroke(edge)}/>'
    )
    if edge.label:
        canvas.text(middle, (start.y + end.y) / 2 - 4, edge.label, size=_EDGE_SIZE, halo=True)


def _draw_arc(canvas: _Canvas, edge: EdgeView, a: _Place, b: _Place) -> None:
    """A bow outside the column (left of domains, right of areas), wider for rows further apart."""
    top, bottom = (a, b) if a.y <= b.y else (b, a)
    side = -1.0 if a.column == "left" else 1.0
    x_top = top.left if side < 0 else top.right
    x_bottom = bottom.left if side < 0 else bottom.right
    edge_x = min(x_top, x_bottom) if side < 0 else max(x_top, x_bottom)
    reach = 30.0 + 0.9 * (bottom.y - top.y)
    control = edge_x + side * reach
    canvas.add(
        f'<path d="M {x_top:.1f} {top.y:.1f} C {control:.1f} {top.y:.1f} {control:.1f} '
        f'{bottom.y:.1f} {x_bottom:.1f} {bottom.y:.1f}" {_stroke(edge)}/>'
    )
    apex = edge_x + side * 0.75 * reach
    middle = (top.y + bottom.y) / 2
    if edge.label:
        anchor = "end" if side < 0 else "start"
        colour = edge.colour if edge.kind == PAIR else _TEXT_COLOUR
        canvas.text(
            apex + side * 3,
            middle + 4,
            edge.label,
            size=_EDGE_SIZE,
            anchor=anchor,
            colour=colour,
            halo=True,
        )
    canvas.cover(min(apex, edge_x), top.y, max(apex, edge_x), bottom.y)


def _draw_nodes(canvas: _Canvas, places: dict[str, _Place]) -> None:
    for place in places.values():
        node = place.node
        if node.kind == AREA:
            fill, outline = AREA_FILL, "#8a8a8a"
        else:
            fill, outline = DOMAIN_FILL, "#5b7db1"
        stroke = f'stroke="{outline}" stroke-width="1.2"'
        if node.in_stack:
            fill, stroke = STACK_FILL, f'stroke="{STACK}" stroke-width="3"'
        if node.kind == AREA:
            canvas.add(
                f'<ellipse cx="{place.x:.1f}" cy="{place.y:.1f}" rx="{place.half_width:.1f}" '
                f'ry="{place.half_height:.1f}" fill="{fill}" {stroke}/>'
            )
        else:
            canvas.add(
                f'<rect x="{place.left:.1f}" y="{place.y - place.half_height:.1f}" '
                f'width="{2 * place.half_width:.1f}" height="{2 * place.half_height:.1f}" '
                f'rx="7" fill="{fill}" {stroke}/>'
            )
        canvas.cover(
            place.left, place.y - place.half_height, place.right, place.y + place.half_height
        )
        if node.detail:
            canvas.text(place.x, place.y - 2, node.label, size=_NAME_SIZE, weight="bold")
            canvas.text(place.x, place.y + 13, node.detail, size=_DETAIL_SIZE, colour="#444444")
        else:
            canvas.text(place.x, place.y + 4.5, node.label, size=_NAME_SIZE)


def _draw_legend(canvas: _Canvas, top: float, left: float) -> None:
    """Sample shapes and strokes with what they mean, under the drawing."""
    canvas.text(left, top, "Legend", size=_NAME_SIZE, anchor="start", weight="bold")
    y = top + 24
    canvas.add(
        f'<rect x="{left:.1f}" y="{y - 11:.1f}" width="36" height="22" rx="5" '
        f'fill="{DOMAIN_FILL}" stroke="#5b7db1" stroke-width="1.2"/>'
    )
    canvas.text(left + 46, y + 4, "domain (hours · level)", size=_DETAIL_SIZE, anchor="start")
    canvas.add(
        f'<ellipse cx="{left + 218:.1f}" cy="{y:.1f}" rx="18" ry="11" fill="{AREA_FILL}" '
        'stroke="#8a8a8a" stroke-width="1.2"/>'
    )
    canvas.text(left + 246, y + 4, "population area", size=_DETAIL_SIZE, anchor="start")
    canvas.add(
        f'<rect x="{left + 380:.1f}" y="{y - 11:.1f}" width="36" height="22" rx="5" '
        f'fill="{STACK_FILL}" stroke="{STACK}" stroke-width="3"/>'
    )
    canvas.text(left + 426, y + 4, "in the adopted stack", size=_DETAIL_SIZE, anchor="start")
    canvas.cover(left, y - 11, left + 416, y + 11)
    strokes = [
        (f'stroke="{MAPS_TO_COLOUR}" stroke-width="1.4"', "domain maps to area"),
        (f'stroke="{INTEGRATION_COLOUR}" stroke-width="3"', "integration minutes"),
        (f'stroke="{Z_POSITIVE}" stroke-width="1.4" stroke-dasharray="6 4"', LEGEND_Z_POSITIVE),
        (f'stroke="{Z_NEGATIVE}" stroke-width="1.4" stroke-dasharray="6 4"', LEGEND_Z_NEGATIVE),
    ]
    for stroke, meaning in strokes:
        y += 22
        canvas.add(f'<path d="M {left:.1f} {y:.1f} H {left + 36:.1f}" fill="none" {stroke}/>')
        canvas.text(left + 46, y + 4, meaning, size=_DETAIL_SIZE, anchor="start")
