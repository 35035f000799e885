"""Every export of the skill graph survives any name and note, read by the tool that consumes it.

Names and notes are drawn from all of Unicode (controls, noncharacters, lone surrogates, direction
marks) mixed with the markup, DOT and Mermaid syntax that broke exports before. Each format is read
back by its consumer and must give the names unchanged, or with the stand-in its rule documents
(``polymath.graph.export.characters``), restated here on its own so a change to the rule shows.
"""

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

import networkx as nx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from polymath.core.records import DomainProfile, IntegrationLink
from polymath.core.text import display
from polymath.graph.export import export_graph
from polymath.graph.person_graph import PairFigures, build_person_graph
from property.consumers import (
    PageContent,
    chromium_render,
    graphviz_read,
    parse_mermaid,
)

SVG = "http://www.w3.org/2000/svg"
FRAGMENTS = (
    "%%{init: {'theme':'forest'}}%%",
    "%%",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</td></tr></table>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "&amp;",
    "&#0;",
    "&#65535;",
    '"',
    "'",
    "`",
    "\\",
    '\\"',
    "\\\\",
    "\\N",
    "\\n",
    "\\l",
    "<",
    ">",
    "<br/>",
    "{",
    "}",
    ":",
    ";",
    "|",
    "#",
    "#35;",
    "#quot;",
    "\ufb02\u00b0\u00b0",
    "\u00b6\u00df",
    "---",
    "-.-",
    "===",
    "-->",
    "end",
    "graph",
    "style x fill:#f00;",
    "classDef",
    "subgraph",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x01",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\u200e",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufdd0",
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\U0010ffff",
    "\ud800",
    "\udfff",
    "\ud83d\ude00",
    "\U0001f600",
    "\u00e9",
    "e\u0301",
    "\u7d71\u8a08",
    "\uff3c",
    " ",
    "url(http://example.com/x)",
    "javascript:alert(1)",
)
"""Pieces that broke, or could break, one format or another."""

any_text = (
    st.lists(
        st.one_of(st.characters(), st.sampled_from(FRAGMENTS), st.text(max_size=4)),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(bool)
)
"""Any non-empty text: a name is never empty (``clean_name`` refuses it, as older checks did)."""


# The rules of ``characters``, restated -----------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LONE_BACKSLASH = re.compile(r'(?<!\\)(?:\\\\)*\\(?=["\n]|\Z)')


def json_rule(text: str) -> str:
    """JSON: a lone surrogate becomes U+FFFD, nothing else changes."""
    return _SURROGATE.sub("\ufffd", text)


def xml_rule(text: str) -> str:
    """XML 1.0: forbidden C0 controls as Control Pictures; U+FFFE, U+FFFF, surrogates U+FFFD."""
    return _NOT_XML.sub(lambda m: chr(0x2400 + ord(m[0])) if ord(m[0]) < 0x20 else "\ufffd", text)


def dot_rule(node_id: str) -> str:
    """DOT ids: the XML rule; a backslash no DOT string can hold becomes U+FF3C only when the
    name cannot be an HTML-like ``<...>`` id either (unbalanced angle brackets)."""
    name = xml_rule(node_id)
    if not _LONE_BACKSLASH.search(name) or _balanced(name):
        return name
    return _LONE_BACKSLASH.sub(lambda run: run[0][:-1] + "\uff3c", name)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"<": 1, ">": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


RULES: tuple[Callable[[str], str], ...] = (
    json_rule,
    xml_rule,
    lambda name: dot_rule(f"domain:{name}"),
    display,
)
"""Names kept distinct under every rule, so each read-back name points at one node.
(Names that a rule makes equal are kept apart by a suffix; ``test_export_data`` covers that.)"""


# A person whose names and notes could hold anything ----------------------------------------------


@dataclass(frozen=True)
class Person:
    graph: nx.Graph
    notes: dict[str, str]

    def __repr__(self) -> str:
        labels = [data["label"] for _, data in self.graph.nodes(data=True)]
        return f"Person(labels={labels!r}, notes={self.notes!r})"


def _figures(a: str, b: str) -> PairFigures:
    z = (len(a) - len(b)) / 3 or 0.75
    return PairFigures(observed=len(a) % 7, expected=2.5, z=z, lift=1.25)


def person(
    names: Sequence[str],
    areas: Sequence[str],
    *,
    area_of: Sequence[int] = (),
    notes: dict[str, str] | None = None,
    links: Sequence[tuple[int, int, int]] = (),
    stack: Sequence[int] = (),
) -> Person:
    """The graph of domains ``names`` over ``areas`` (domain i on area ``area_of[i]``, if any)."""
    profiles = [
        DomainProfile(
            name,
            areas[area_of[i] % len(areas)] if areas and i < len(area_of) else None,
            i % 5 + 1 if i % 3 else None,
            60 * i + 15,
            {"read": 10 * i, "experiment": 5},
        )
        for i, name in enumerate(names)
    ]
    integration = [IntegrationLink(names[a], names[b], m) for a, b, m in links]
    graph = build_person_graph(
        profiles,
        integration,
        _figures,
        stack=tuple(names[i] for i in stack),
        notes=notes or {},
        include_notes=True,
    )
    return Person(graph, dict(notes or {}))


@st.composite
def people(draw: st.DrawFn, *, most: int = 8) -> Person:
    names = draw(st.lists(any_text, min_size=1, max_size=most, unique_by=RULES))
    areas = draw(st.lists(any_text, max_size=4, unique_by=RULES))
    indexes = st.integers(0, len(names) - 1)
    return person(
        names,
        areas,
        area_of=draw(st.lists(st.integers(0, 8), max_size=len(names))),
        notes=draw(st.dictionaries(st.sampled_from(names), any_text, max_size=3)),
        links=draw(st.lists(st.tuples(indexes, indexes, st.integers(1, 90)), max_size=5)),
        stack=draw(st.lists(indexes, max_size=3, unique=True)),
    )


WORST = person(
    [
        "%%{init: {'theme':'forest'}}%%",
        "a\x01b\uffff",
        "C:\\",
        'x\\"y',
        "<b>\\",
        "<\\",
        "\u202eevil",
    ],
    ["\ufffe<area>", "Graph \\N \\l end"],
    area_of=[0, 1, 0, 1, 1, 0],
    notes={"a\x01b\uffff": "line one\r\nline\x00two\ud800", "C:\\": "</td><script>x</script>"},
    links=[(0, 1, 30), (2, 3, 15)],
    stack=[0, 1],
)
"""The issue's own examples in one graph, always checked first."""

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""Consumers in this process: many examples. No deadline: this suite times nothing."""


def _typed(data: dict[str, object], rule: Callable[[str], str]) -> dict[str, tuple[type, object]]:
    return {
        key: (type(value), rule(value) if isinstance(value, str) else value)
        for key, value in data.items()
    }


def _assert_read_back(
    written: nx.Graph,
    read: nx.Graph,
    rule: Callable[[str], str],
    *,
    extra_edge: frozenset[str] = frozenset(),
) -> None:
    """``read`` is ``written`` with every id and string value under ``rule``, types kept."""
    assert set(read.nodes) == {rule(node) for node in written}
    for node, data in written.nodes(data=True):
        assert _typed(read.nodes[rule(node)], str) == _typed(data, rule), repr(node)
    assert {frozenset(edge) for edge in read.edges} == {
        frozenset((rule(a), rule(b))) for a, b in written.edges
    }
    for a, b, data in written.edges(data=True):
        got = {k: v for k, v in read.edges[rule(a), rule(b)].items() if k not in extra_edge}
        assert _typed(got, str) == _typed(data, rule)


# Data formats ------------------------------------------------------------------------------------


@FAST
@given(people())
@example(WORST)
def test_graphml_and_gexf_are_well_formed_and_read_back_as_written(someone: Person) -> None:
    graph = someone.graph
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        data = export_graph(graph, fmt).encode("utf-8")
        ET.fromstring(data)  # expat: strict XML 1.0
        extra = frozenset({"id"}) if fmt == "gexf" else frozenset()
        _assert_read_back(graph, read(io.BytesIO(data)), xml_rule, extra_edge=extra)


@FAST
@given(people())
@example(WORST)
def test_json_formats_are_strict_json_and_read_back_as_written(someone: Person) -> None:
    graph = someone.graph

    def reject(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    node_link = json.loads(export_graph(graph, "json").encode("utf-8"), parse_constant=reject)
    _assert_read_back(graph, nx.node_link_graph(node_link, edges="edges"), json_rule)
    cytoscape = json.loads(export_graph(graph, "cytoscape").encode("utf-8"), parse_constant=reject)
    read = nx.cytoscape_graph(cytoscape)
    for _, data in read.nodes(data=True):
        for added in ("id", "value", "name"):
            data.pop(added)
    _assert_read_back(graph, read, json_rule, extra_edge=frozenset({"source", "target"}))


# Drawings ----------------------------------------------------------------------------------------

_SHAPE = {"domain": "box", "area": "stadium"}


@FAST
@given(people())
@example(WORST)
def test_mermaid_keeps_every_name_a_label(someone: Person) -> None:
    graph = someone.graph

    chart = parse_mermaid(export_graph(graph, "mermaid"))

    shown = sorted((shape, lines[0]) for shape, lines in chart.nodes.values())
    assert shown == sorted(
        (_SHAPE[data["kind"]], display(data["label"])) for _, data in graph.nodes(data=True)
    )
    id_of = {(shape, lines[0]): node_id for node_id, (shape, lines) in chart.nodes.items()}

    def mermaid_id(node: str) -> str:
        data = graph.nodes[node]
        return id_of[_SHAPE[data["kind"]], display(data["label"])]

    assert sorted(tuple(sorted((a, b))) for a, b, _, _ in chart.edges) == sorted(
        tuple(sorted((mermaid_id(a), mermaid_id(b)))) for a, b in graph.edges
    )
    stacked = {mermaid_id(node) for node, data in graph.nodes(data=True) if data.get("in_stack")}
    assert chart.classes.get("stackNode", set()) == stacked


@FAST
@given(people())
@example(WORST)
def test_svg_is_well_formed_self_contained_and_shows_every_name(someone: Person) -> None:
    graph = someone.graph
    svg = export_graph(graph, "svg")

    root = ET.fromstring(svg.encode("utf-8"))

    texts = [element.text or "" for element in root.iter(f"{{{SVG}}}text")]
    for _, data in graph.nodes(data=True):
        assert display(data["label"]) in texts
    drawing = ("svg", "title", "g", "rect", "ellipse", "path", "text")
    assert {element.tag for element in root.iter()} <= {f"{{{SVG}}}{tag}" for tag in drawing}
    for element in root.iter():
        for name, value in element.attrib.items():
            assert "href" not in name and not name.startswith("on"), name
            assert "url(" not in value


def _assert_page_shows_only_text(page: PageContent, graph: nx.Graph, notes: dict[str, str]) -> None:
    """No element that runs or fetches anything; every name and note shown as text."""
    names = [tag for tag, _ in page.tags]
    assert not {"script", "iframe", "object", "embed", "link", "base", "img", "image", "use"} & set(
        names
    )
    assert "foreignobject" not in {name.lower() for name in names}
    for _, attributes in page.tags:
        for name, value in attributes.items():
            assert not name.startswith("on") and name not in ("src", "href", "xlink:href"), name
            assert "url(" not in (value or "")
    refresh = [a for tag, a in page.tags if tag == "meta" and a.get("http-equiv") == "refresh"]
    assert not refresh
    cells = [text for css, text in page.cells if css == ""]
    notes_shown = [text for css, text in page.cells if css == "note"]
    for _, data in graph.nodes(data=True):
        label = display(data["label"])
        assert label in page.svg_text
        if data["kind"] == "domain":
            assert label in cells
    for note in notes.values():
        assert display(note, one_line=False) in notes_shown


@FAST
@given(people())
@example(WORST)
def test_html_shows_every_name_and_note_as_text(someone: Person) -> None:
    html = export_graph(someone.graph, "html")
    html.encode("utf-8")

    _assert_page_shows_only_text(PageContent(html), someone.graph, someone.notes)


# Graphviz and Chromium, batched: one program run per example -------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(most=12))
@example(WORST)
def test_graphviz_reads_back_every_dot_id_and_label(someone: Person) -> None:
    graph = someone.graph

    nodes, edges = graphviz_read(export_graph(graph, "dot"))

    drawn = {name: node for name, node in nodes.items() if not name.startswith("legend:")}
    assert set(drawn) == {dot_rule(node) for node in graph}
    for node, data in graph.nodes(data=True):
        assert drawn[dot_rule(node)].lines[0] == display(data["label"]), repr(node)
    drawn_edges = {edge for edge in edges if not any(n.startswith("legend:") for n in edge)}
    assert drawn_edges == {frozenset((dot_rule(a), dot_rule(b))) for a, b in graph.edges}


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(most=40))
@example(WORST)
def test_chromium_builds_the_page_with_names_as_text_and_fetches_nothing(someone: Person) -> None:
    with TemporaryDirectory(prefix="polymath-page-") as folder:
        rendered = chromium_render(export_graph(someone.graph, "html"), Path(folder))

    assert rendered.page_requests == []
    _assert_page_shows_only_text(PageContent(rendered.dom), someone.graph, someone.notes)


def test_the_request_check_sees_a_page_that_fetches(tmp_path: Path) -> None:
    """The check above can fail: a page with a remote image is caught asking for it."""
    page = '<!DOCTYPE html><html><body><img src="http://example.invalid/x.png"></body></html>'

    rendered = chromium_render(page, tmp_path)

    assert rendered.page_requests == ["http://example.invalid/x.png"]
