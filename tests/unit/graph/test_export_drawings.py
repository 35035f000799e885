"""Drawn exports (DOT, Mermaid, SVG, HTML) parse in the tool that reads them and show every name."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import networkx as nx
import pytest

from polymath.core.records import DomainProfile, IntegrationLink
from polymath.graph.export import export_graph
from polymath.graph.export.dot import quote
from polymath.graph.export.mermaid import mermaid_ids
from polymath.graph.person_graph import PairFigures, build_person_graph

HACK = '<script>alert(1)</script> & "quotes"'
MUSIC = "Música & <Ton>"
STATS = '統計学 "stats"'
SLASH = "Back\\slash\nsecond line"
ENDS_IN_SLASH = "C:\\"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def _sample() -> nx.Graph:
    domains = [
        DomainProfile(MUSIC, "Arts & Humanities", 3, 755, {"read": 300, "reflect": 155}),
        DomainProfile(STATS, "Ciências <exatas>", None, 120, {"experiment": 120}),
        DomainProfile(HACK, 'Computing "CS"', 2, 45, {"read": 15, "experiment": 30}),
        DomainProfile(SLASH, 'Computing "CS"', 1, 30),
        DomainProfile(ENDS_IN_SLASH, "end", None, 10),
        DomainProfile("Loose", None, None, 0),
    ]
    links = [IntegrationLink(MUSIC, STATS, 90), IntegrationLink(HACK, SLASH, 20)]

    def pairs(a: str, b: str) -> PairFigures | None:
        if "end" in (a, b):
            return None
        z = 1.25 if "Computing" in a + b else -2.04
        return PairFigures(observed=7, expected=3.5, z=z, lift=2.0)

    return build_person_graph(domains, links, pairs, stack=(MUSIC, STATS))


def _labels(graph: nx.Graph) -> list[str]:
    return [str(data["label"]) for _, data in graph.nodes(data=True)]


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


# DOT -------------------------------------------------------------------------------------------


def _dot(*args: str, source: str) -> str:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz)")
    done = subprocess.run(
        ["dot", *args], input=source.encode(), capture_output=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    assert not done.stderr.strip(), done.stderr.decode()
    return done.stdout.decode()


def test_dot_renders_to_svg_showing_every_name() -> None:
    graph = _sample()

    svg = _dot("-Tsvg", source=export_graph(graph, "dot"))

    texts = [element.text or "" for element in ET.fromstring(svg).iter(f"{{{SVG_NAMESPACE}}}text")]
    for label in _labels(graph):
        for line in label.splitlines():
            assert line in texts, line
    assert "z=+1.2" in texts
    assert "z=-2.0" in texts
    assert "Legend" in texts


def test_dot_is_read_by_graphviz_as_the_same_nodes_and_edges() -> None:
    graph = _sample()

    layout = json.loads(_dot("-Tjson", source=export_graph(graph, "dot")))

    objects = [obj for obj in layout["objects"] if "nodes" not in obj]
    names = {obj["_gvid"]: obj["name"] for obj in objects}
    drawn = {name for name in names.values() if not name.startswith("legend:")}
    assert drawn == {_dot_name(node) for node in graph.nodes}
    edges = {
        frozenset((names[edge["tail"]], names[edge["head"]]))
        for edge in layout["edges"]
        if not names[edge["tail"]].startswith("legend:")
    }
    assert edges == {frozenset(map(_dot_name, edge)) for edge in graph.edges}
    shapes = {obj["name"]: obj["shape"] for obj in objects}
    assert shapes[_dot_name(f"domain:{HACK}")] == "box"
    assert shapes[_dot_name('area:Computing "CS"')] == "ellipse"
    legend = [obj for obj in layout["objects"] if obj["name"] == "cluster_legend"]
    assert legend and legend[0]["label"] == "Legend"


def _dot_name(node: str) -> str:
    """The name Graphviz keeps for a quoted id: only ``\\"`` is unescaped by its lexer."""
    return quote(node)[1:-1].replace('\\"', '"')


def test_dot_styles_kinds_signs_and_the_stack() -> None:
    dot = export_graph(_sample(), "dot")

    def line_of(a: str, b: str | None = None) -> str:
        head = quote(a) + (f" -- {quote(b)}" if b else "") + " ["
        (line,) = [line for line in dot.splitlines() if line.strip().startswith(head)]
        return line

    assert 'shape="box"' in line_of(f"domain:{HACK}")
    assert 'shape="ellipse"' in line_of("area:end")
    assert 'penwidth="3"' in line_of(f"domain:{MUSIC}")
    assert 'style="bold"' in line_of(f"domain:{HACK}", f"domain:{SLASH}")
    positive = line_of("area:Ciências <exatas>", 'area:Computing "CS"')
    negative = line_of("area:Arts & Humanities", "area:Ciências <exatas>")
    assert 'label="z=+1.2"' in positive
    assert 'label="z=-2.0"' in negative
    assert re.search(r'color="(#\w+)"', positive) != re.search(r'color="(#\w+)"', negative)
    assert 'penwidth="4"' in negative  # both areas hold a stack member
    assert "subgraph cluster_legend {" in dot


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('say "hi"', '"say \\"hi\\""'),
        ("a\\b", '"a\\\\b"'),
        ("ends in \\", '"ends in \\\\"'),
        ("two\nlines\r\nthree", '"two\\nlines\\nthree"'),
        ("graph", '"graph"'),
    ],
)
def test_dot_quoting_escapes_quotes_backslashes_and_line_breaks(text: str, quoted: str) -> None:
    assert quote(text) == quoted


# Mermaid ---------------------------------------------------------------------------------------

_NODE = re.compile(
    r'^  (?P<id>\w+)(?P<open>\(\["|\["|\(")(?P<label>[^"]*)(?P<close>"\]\)|"\]|"\))$'
)
_EDGE = re.compile(r'^  (?P<a>\w+) (?P<link>---|===|-\.-)(?:\|"(?P<label>[^"]*)"\|)? (?P<b>\w+)$')
_CLASS = re.compile(r"^  class (?P<ids>\w+(?:,\w+)*) (?P<name>\w+)$")
_STYLING = re.compile(r"^  (classDef \w+ |linkStyle \d+ )[\w#:,.\-]+$")
_SHAPES = {('(["', '"])'): "area", ('["', '"]'): "domain"}
_LINKS = {"---": "maps_to", "===": "integration", "-.-": "pair"}
_NAMED = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}


def _unescape(label: str) -> str:
    def entity(match: re.Match[str]) -> str:
        code = match.group(1)
        return chr(int(code)) if code.isdigit() else _NAMED[code]

    return re.sub(r"#(\w+);", entity, label)


def _parse_mermaid(
    text: str,
) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, str]], dict[str, set[str]]]:
    """The subset we emit: nodes (id -> kind, name), edges (a, b, kind) and class memberships."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: dict[str, tuple[str, str]] = {}
    edges: list[tuple[str, str, str]] = []
    classes: dict[str, set[str]] = {}
    for line in lines[1:]:
        if node := _NODE.match(line):
            assert node["id"] not in nodes
            kind = _SHAPES[node["open"], node["close"]]
            name = node["label"].split("<br/>")[0]
            nodes[node["id"]] = (kind, _unescape(name))
        elif edge := _EDGE.match(line):
            assert edge["a"] in nodes and edge["b"] in nodes
            edges.append((edge["a"], edge["b"], _LINKS[edge["link"]]))
        elif member := _CLASS.match(line):
            classes.setdefault(member["name"], set()).update(member["ids"].split(","))
        else:
            assert _STYLING.match(line), f"unexpected Mermaid line: {line!r}"
    return nodes, edges, classes


def test_mermaid_parses_into_the_same_nodes_and_edges() -> None:
    graph = _sample()

    nodes, edges, classes = _parse_mermaid(export_graph(graph, "mermaid"))

    expected_nodes = sorted(
        (str(data["kind"]), _one_line(str(data["label"]))) for _, data in graph.nodes(data=True)
    )
    assert sorted(nodes.values()) == expected_nodes
    by_name = {name: node_id for node_id, name in nodes.items()}

    def mermaid_id(node: str) -> str:
        data = graph.nodes[node]
        return by_name[str(data["kind"]), _one_line(str(data["label"]))]

    assert sorted((*sorted((a, b)), kind) for a, b, kind in edges) == sorted(
        (*sorted((mermaid_id(a), mermaid_id(b))), data["kind"])
        for a, b, data in graph.edges(data=True)
    )
    assert classes["stackNode"] == {mermaid_id(f"domain:{MUSIC}"), mermaid_id(f"domain:{STATS}")}


def test_mermaid_ids_are_plain_and_labels_carry_no_raw_markup() -> None:
    text = export_graph(_sample(), "mermaid")

    assert "<script" not in text and '"quotes"' not in text
    assert "#lt;script#gt;alert(1)#lt;/script#gt; #amp; #quot;quotes#quot;" in text
    assert '-.-|"z=+1.2"|' in text


def test_mermaid_ids_stay_unique_and_clear_of_keywords_and_link_letters() -> None:
    ids = mermaid_ids(["end", "o:ops", "x", "1st", "a b", "a_b", "Música", "統計", "", "!!"])

    assert list(ids.values()) == [
        "n_end",
        "n_o_ops",
        "n_x",
        "n_1st",
        "a_b",
        "a_b_2",
        "Musica",
        "u7d71_u8a08",
        "node",
        "node_2",
    ]


# SVG -------------------------------------------------------------------------------------------


def test_svg_parses_as_xml_and_shows_every_name() -> None:
    graph = _sample()

    root = ET.fromstring(export_graph(graph, "svg").encode())

    assert root.tag == f"{{{SVG_NAMESPACE}}}svg"
    texts = [element.text or "" for element in root.iter(f"{{{SVG_NAMESPACE}}}text")]
    for label in _labels(graph):
        assert _one_line(label) in texts
    assert {"z=+1.2", "z=-2.0", "90 min", "Legend"} <= set(texts)


def test_svg_is_self_contained() -> None:
    svg = export_graph(_sample(), "svg")
    root = ET.fromstring(svg.encode())

    tags = {element.tag.split("}")[1] for element in root.iter()}
    assert tags <= {"svg", "title", "g", "rect", "ellipse", "path", "text"}
    attributes = {name for element in root.iter() for name in element.attrib}
    assert not {name for name in attributes if "href" in name or name.startswith("on")}
    assert svg.count("http") == 1 and SVG_NAMESPACE in svg
    assert "url(" not in svg and "@import" not in svg


def test_svg_draws_everything_inside_its_view_box() -> None:
    root = ET.fromstring(export_graph(_sample(), "svg").encode())
    left, top, width, height = map(float, root.attrib["viewBox"].split())

    for element in root.iter(f"{{{SVG_NAMESPACE}}}rect"):
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        assert left <= x and x + float(element.attrib["width"]) <= left + width
        assert top <= y and y + float(element.attrib["height"]) <= top + height
    for element in root.iter(f"{{{SVG_NAMESPACE}}}text"):
        assert left <= float(element.attrib["x"]) <= left + width
        assert top <= float(element.attrib["y"]) <= top + height


# HTML ------------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects tags, attributes and text, with character references decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_cell = tag == "td"

    def handle_endtag(self, tag: str) -> None:
        self._in_cell = self._in_cell and tag != "td"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_cell:
            self.cells.append(data)


def _page(graph: nx.Graph) -> tuple[str, _Page]:
    html = export_graph(graph, "html")
    page = _Page()
    page.feed(html)
    page.close()
    return html, page


def test_html_page_works_offline_without_any_script() -> None:
    html, page = _page(_sample())

    names = [tag for tag, _ in page.tags]
    assert "script" not in names and "link" not in names and "iframe" not in names
    assert "<script src" not in html
    assert all(
        not any(name in ("src", "href", "xlink:href") for name in attrs) for _, attrs in page.tags
    )
    assert re.findall(r"https?://[^\s\"'<>]*", html) == [SVG_NAMESPACE]
    assert ("meta", {"charset": "utf-8"}) in page.tags
    csp = [attrs for tag, attrs in page.tags if attrs.get("http-equiv")]
    assert csp and "default-src 'none'" in str(csp[0]["content"])


def test_html_escapes_every_name() -> None:
    html, page = _page(_sample())

    assert "<script>alert(1)</script>" not in html
    assert ' & "quotes"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert HACK in page.cells
    assert HACK in page.text  # the inline SVG shows it too


def test_html_tables_list_every_domain_and_pair() -> None:
    graph = _sample()

    _, page = _page(graph)

    domain_names = [
        str(data["label"]) for _, data in graph.nodes(data=True) if data["kind"] == "domain"
    ]
    assert all(name in page.cells for name in domain_names)
    pair_rows = [
        (graph.nodes[a]["label"], graph.nodes[b]["label"])
        for a, b, data in graph.edges(data=True)
        if data["kind"] == "pair"
    ]
    assert len(pair_rows) == 3
    assert all(a in page.cells and b in page.cells for a, b in pair_rows)
    assert "+1.2" in page.cells and "-2.0" in page.cells
