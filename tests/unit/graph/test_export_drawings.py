"""Drawn exports (DOT, Mermaid, SVG, HTML) parse in the tool that reads them and show every name.

Names are shown as the terminal shows them (``display``): a line break in an old name reads ``↵``.
"""

import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from property.consumers import PageContent, graphviz, graphviz_read, parse_mermaid

from polymath.core.records import DomainProfile, IntegrationLink
from polymath.core.text import display
from polymath.graph.export import export_graph
from polymath.graph.export.dot import dot_names, id_token, quote
from polymath.graph.export.mermaid import escape_label, mermaid_ids
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
    """Every node's name as a drawing shows it."""
    return [display(str(data["label"])) for _, data in graph.nodes(data=True)]


# DOT -------------------------------------------------------------------------------------------


def test_dot_renders_to_svg_showing_every_name() -> None:
    graph = _sample()

    svg = graphviz(export_graph(graph, "dot"), "svg")

    texts = [element.text or "" for element in ET.fromstring(svg).iter(f"{{{SVG_NAMESPACE}}}text")]
    for label in _labels(graph):
        assert label in texts, label
    assert "Back\\slash ↵ second line" in texts
    assert {"z=+1.2", "z=-2.0", "Legend"} <= set(texts)


def test_dot_is_read_by_graphviz_as_the_very_ids_and_edges() -> None:
    graph = _sample()

    nodes, edges = graphviz_read(export_graph(graph, "dot"))

    drawn = {name for name in nodes if not name.startswith("legend:")}
    assert drawn == set(graph.nodes)
    assert {edge for edge in edges if not any(n.startswith("legend:") for n in edge)} == {
        frozenset(edge) for edge in graph.edges
    }
    assert nodes[f"domain:{HACK}"].shape == "box"
    assert nodes['area:Computing "CS"'].shape == "ellipse"
    assert nodes[f"domain:{ENDS_IN_SLASH}"].lines == ["C:\\", "0.2 h"]
    assert nodes[f"domain:{MUSIC}"].lines == [MUSIC, "12.6 h · level 3"]


def test_dot_styles_kinds_signs_and_the_stack() -> None:
    dot = export_graph(_sample(), "dot")

    def line_of(a: str, b: str | None = None) -> str:
        """The statement for a node or an edge (an old name's line break spans two lines)."""
        head = "  " + id_token(a) + (f" -- {id_token(b)}" if b else "") + " ["
        assert dot.count(head) == 1, head
        start = dot.index(head)
        return dot[start : dot.index("];\n", start)]

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
        ("&lt; & &amp;", '"&amp;lt; &amp; &amp;amp;"'),
    ],
)
def test_dot_labels_escape_quotes_backslashes_entities_and_line_breaks(
    text: str, quoted: str
) -> None:
    assert quote(text) == quoted


@pytest.mark.parametrize(
    ("node_id", "token"),
    [
        ("a\\b", '"a\\b"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("two \\\\", '"two \\\\"'),
        ("C:\\", "<C:\\>"),
        ('x\\"y', '<x\\"y>'),
        ("a\\\nb", "<a\\\nb>"),
    ],
)
def test_dot_ids_are_written_so_graphviz_reads_them_verbatim(node_id: str, token: str) -> None:
    assert id_token(dot_names([node_id])[node_id]) == token


def test_a_dot_id_no_dot_string_can_hold_shows_its_backslash_wide() -> None:
    names = dot_names(["<\\", "a>\\", "bell\x07", "legend:area"], reserved=["legend:area"])

    assert names == {
        "<\\": "<\uff3c",
        "a>\\": "a>\uff3c",
        "bell\x07": "bell\u2407",
        "legend:area": "legend:area (2)",
    }


# Mermaid ---------------------------------------------------------------------------------------

_SHAPE = {"domain": "box", "area": "stadium"}
_LINK = {"maps_to": "line", "integration": "thick", "pair": "dotted"}


def test_mermaid_parses_into_the_same_nodes_edges_and_stack() -> None:
    graph = _sample()

    chart = parse_mermaid(export_graph(graph, "mermaid"))

    assert sorted((shape, lines[0]) for shape, lines in chart.nodes.values()) == sorted(
        (_SHAPE[data["kind"]], display(data["label"])) for _, data in graph.nodes(data=True)
    )
    by_name = {(shape, lines[0]): node_id for node_id, (shape, lines) in chart.nodes.items()}

    def mermaid_id(node: str) -> str:
        data = graph.nodes[node]
        return by_name[_SHAPE[data["kind"]], display(data["label"])]

    assert sorted((*sorted((a, b)), link) for a, b, link, _ in chart.edges) == sorted(
        (*sorted((mermaid_id(a), mermaid_id(b))), _LINK[data["kind"]])
        for a, b, data in graph.edges(data=True)
    )
    assert chart.classes["stackNode"] == {
        mermaid_id(f"domain:{MUSIC}"),
        mermaid_id(f"domain:{STATS}"),
    }
    assert chart.nodes[mermaid_id(f"domain:{MUSIC}")][1] == [MUSIC, "12.6 h · level 3"]
    assert {label for *_, label in chart.edges} == {None, "z=+1.2", "z=-2.0", "90 min", "20 min"}


def test_mermaid_ids_are_plain_and_labels_carry_no_raw_markup() -> None:
    text = export_graph(_sample(), "mermaid")

    assert "<script" not in text and '"quotes"' not in text
    assert "#lt;script#gt;alert(1)#lt;/script#gt; #amp; #quot;quotes#quot;" in text
    assert '-.-|"z=+1.2"|' in text


def test_a_mermaid_directive_in_a_name_is_only_a_label() -> None:
    name = "%%{init: {'theme':'forest'}}%%"
    graph = build_person_graph([DomainProfile(name, None, None, 0)], [], lambda a, b: None)

    text = export_graph(graph, "mermaid")

    assert "%%" not in text and "{init" not in text
    assert escape_label(name) == (
        "#37;#37;#123;init#58; #123;#39;theme#39;#58;#39;forest#39;#125;#125;#37;#37;"
    )
    assert list(parse_mermaid(text).nodes.values()) == [("box", [name, "0.0 h"])]


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ('  a["%%{init: {}}%%"]', "directive"),
        ('  a["say "hi""]', "not a line"),
        ('  a["x: y"]', "raw ':'"),
        ('  a["<b>bold</b>"]', "raw '<'"),
        ('  a["a#b"]', "raw '#'"),
        ('  a["bell\x07"]', r"U\+0007"),
        ('  end["x"]', "keyword"),
        ('  ops["x"]', "link end"),
    ],
)
def test_the_mermaid_reader_refuses_what_mermaid_would_misread(line: str, complaint: str) -> None:
    with pytest.raises(AssertionError, match=complaint):
        parse_mermaid(f"flowchart LR\n{line}\n")


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
        assert label in texts
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


def _page(graph: nx.Graph) -> tuple[str, PageContent]:
    html = export_graph(graph, "html")
    return html, PageContent(html)


def _cells(page: PageContent) -> list[str]:
    return [text for _, text in page.cells]


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
    assert HACK in _cells(page)
    assert HACK in page.svg_text  # the inline SVG shows it too


def test_html_tables_list_every_domain_and_pair() -> None:
    graph = _sample()

    _, page = _page(graph)

    domain_names = [
        display(data["label"]) for _, data in graph.nodes(data=True) if data["kind"] == "domain"
    ]
    assert all(name in _cells(page) for name in domain_names)
    pair_rows = [
        (graph.nodes[a]["label"], graph.nodes[b]["label"])
        for a, b, data in graph.edges(data=True)
        if data["kind"] == "pair"
    ]
    assert len(pair_rows) == 3
    assert all(a in _cells(page) and b in _cells(page) for a, b in pair_rows)
    assert "+1.2" in _cells(page) and "-2.0" in _cells(page)


def test_html_shows_a_note_with_its_line_breaks_and_no_control_character() -> None:
    name = "Jazz\u202e piano"
    note = "voicings\nshell \x1b[31mred\x1b[0m\ttab"
    graph = build_person_graph(
        [DomainProfile(name, None, 2, 90)],
        [],
        lambda a, b: None,
        notes={name: note},
        include_notes=True,
    )

    html, page = _page(graph)

    assert ("note", "voicings\nshell \u241b[31mred\u241b[0m\ttab") in page.cells
    assert ("", "Jazz\ufffd piano") in page.cells
    assert "\x1b" not in html and "\u202e" not in html
    assert "td.note { white-space: pre-line; }" in html
