"""Data exports, read back by the tool that consumes them, give the very graph that was written."""

import io
import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable

import networkx as nx
import pytest

from polymath.core.errors import InvalidInput
from polymath.core.records import DomainProfile, IntegrationLink
from polymath.graph.export import FORMATS, export_graph
from polymath.graph.person_graph import PairFigures, build_person_graph

HACK = '<script>alert(1)</script> & "quotes"'
NOTE = 'private note: ask Ana about <chords> & "modes"'


def _sample(*, include_notes: bool = False) -> nx.Graph:
    domains = [
        DomainProfile("Música & <Ton>", "Arts & Humanities", 3, 755, {"read": 300, "reflect": 155}),
        DomainProfile('統計学 "stats"', "Ciências <exatas>", None, 120, {"experiment": 120}),
        DomainProfile(HACK, "Computing", 2, 45, {"read": 15, "experiment": 30}),
        DomainProfile("Back\\slash\nsecond line", "Computing", 1, 30),
        DomainProfile("Loose", None, None, 0),
    ]
    links = [IntegrationLink("Música & <Ton>", '統計学 "stats"', 90)]

    def pairs(a: str, b: str) -> PairFigures | None:
        z = 1.25 if "Computing" in (a, b) else -2.04
        return PairFigures(observed=7, expected=3.5, z=z, lift=2.0)

    return build_person_graph(
        domains,
        links,
        pairs,
        stack=("Música & <Ton>", HACK),
        notes={"Música & <Ton>": NOTE},
        include_notes=include_notes,
    )


def _assert_same_graph(
    written: nx.Graph, read: nx.Graph, *, extra_node: set[str], extra_edge: set[str]
) -> None:
    """Same nodes, edges and typed attributes, allowing the keys a format adds by itself."""
    assert not read.is_directed()
    assert set(read.nodes) == set(written.nodes)
    for node, data in written.nodes(data=True):
        assert _typed(read.nodes[node], extra_node) == _typed(data, set()), node
    assert {frozenset(edge) for edge in read.edges} == {frozenset(edge) for edge in written.edges}
    for a, b, data in written.edges(data=True):
        assert _typed(read.edges[a, b], extra_edge) == _typed(data, set()), (a, b)


def _typed(data: dict[str, object], ignored: set[str]) -> dict[str, tuple[type, object]]:
    """Values with their types, so ``True`` read back as ``1`` or ``12`` as ``12.0`` is caught."""
    return {key: (type(value), value) for key, value in data.items() if key not in ignored}


def test_graphml_reads_back_with_typed_attributes() -> None:
    graph = _sample(include_notes=True)

    read = nx.read_graphml(io.BytesIO(export_graph(graph, "graphml").encode()))

    _assert_same_graph(graph, read, extra_node=set(), extra_edge=set())


def test_gexf_reads_back_with_typed_attributes() -> None:
    graph = _sample(include_notes=True)

    read = nx.read_gexf(io.BytesIO(export_graph(graph, "gexf").encode()))

    _assert_same_graph(graph, read, extra_node=set(), extra_edge={"id"})


def test_node_link_json_reads_back() -> None:
    graph = _sample(include_notes=True)

    data = json.loads(export_graph(graph, "json"))

    assert "edges" in data
    _assert_same_graph(
        graph, nx.node_link_graph(data, edges="edges"), extra_node=set(), extra_edge=set()
    )


def test_cytoscape_json_reads_back() -> None:
    graph = _sample(include_notes=True)

    data = json.loads(export_graph(graph, "cytoscape"))

    assert {element["data"]["id"] for element in data["elements"]["nodes"]} == set(graph.nodes)
    _assert_same_graph(
        graph,
        nx.cytoscape_graph(data),
        extra_node={"id", "value", "name"},
        extra_edge={"source", "target"},
    )


@pytest.mark.parametrize("fmt", ["json", "cytoscape"])
def test_json_exports_are_strict_json(fmt: str) -> None:
    def reject(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    json.loads(export_graph(_sample(), fmt), parse_constant=reject)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_notes_are_left_out_of_every_format_unless_asked_for(fmt: str) -> None:
    assert "ask Ana" not in export_graph(_sample(), fmt)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cytoscape", "html"])
def test_notes_asked_for_reach_the_data_formats_and_the_page(fmt: str) -> None:
    assert "ask Ana" in export_graph(_sample(include_notes=True), fmt)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_is_deterministic_and_handles_an_empty_graph(fmt: str) -> None:
    assert export_graph(_sample(), fmt) == export_graph(_sample(), fmt)
    empty = build_person_graph([], [], lambda a, b: None)
    assert export_graph(empty, fmt).strip()


def test_exporting_leaves_the_graph_untouched() -> None:
    graph = _sample(include_notes=True)
    before = nx.node_link_data(graph, edges="edges")

    for fmt in FORMATS:
        export_graph(graph, fmt)

    assert nx.node_link_data(graph, edges="edges") == before


def test_format_names_are_forgiving_about_case_and_an_unknown_one_is_a_user_error() -> None:
    assert export_graph(_sample(), " GraphML ") == export_graph(_sample(), "graphml")
    with pytest.raises(InvalidInput, match="unknown export format 'png'"):
        export_graph(_sample(), "png")


def test_every_format_names_a_file_suffix() -> None:
    assert list(FORMATS) == [
        "graphml",
        "gexf",
        "json",
        "cytoscape",
        "dot",
        "mermaid",
        "svg",
        "html",
    ]
    assert all(spec.suffix.startswith(".") for spec in FORMATS.values())


def _one_domain(name: str, note: str | None = None) -> nx.Graph:
    notes = {name: note} if note else {}
    return build_person_graph(
        [DomainProfile(name, None, 1, 60)], [], lambda a, b: None, notes=notes, include_notes=True
    )


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_keep_carriage_returns_tabs_and_line_breaks(fmt: str) -> None:
    note = "first\r\nsecond\rthird\tfourth\n"
    graph = _one_domain(" Jazz\tpiano\r\n", note)
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf

    back = read(io.BytesIO(export_graph(graph, fmt).encode()))

    assert back.nodes["domain: Jazz\tpiano\r\n"]["note"] == note
    assert back.nodes["domain: Jazz\tpiano\r\n"]["label"] == " Jazz\tpiano\r\n"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_show_what_xml_cannot_hold_as_visible_stand_ins(fmt: str) -> None:
    graph = _one_domain("bell\x07 \uffff end", "escape \x1b[0m \ud800")
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    text = export_graph(graph, fmt)

    ET.fromstring(text.encode())
    back = read(io.BytesIO(text.encode()))

    assert back.nodes["domain:bell\u2407 \ufffd end"]["label"] == "bell\u2407 \ufffd end"
    assert back.nodes["domain:bell\u2407 \ufffd end"]["note"] == "escape \u241b[0m \ufffd"
    assert "&#65535;" not in text and "&#7;" not in text


@pytest.mark.parametrize(
    ("fmt", "read", "names", "ids"),
    [
        (
            "graphml",
            nx.read_graphml,
            ["a\x01", "a\u2401"],
            {"domain:a\u2401 (2)": "a\u2401", "domain:a\u2401": "a\u2401"},
        ),
        (
            "gexf",
            nx.read_gexf,
            ["a\ufffe", "a\ufffd"],
            {"domain:a\ufffd (2)": "a\ufffd", "domain:a\ufffd": "a\ufffd"},
        ),
    ],
)
def test_names_a_stand_in_makes_equal_stay_two_nodes(
    fmt: str, read: Callable[[io.BytesIO], nx.Graph], names: list[str], ids: dict[str, str]
) -> None:
    graph = build_person_graph(
        [DomainProfile(name, "Area", 1, 60) for name in names], [], lambda a, b: None
    )

    back = read(io.BytesIO(export_graph(graph, fmt).encode()))

    assert {node: back.nodes[node]["label"] for node in back if node != "area:Area"} == ids
    assert back.number_of_edges() == 2


def test_json_keeps_controls_and_replaces_only_lone_surrogates() -> None:
    graph = build_person_graph(
        [DomainProfile(name, None, 1, 60) for name in ("a\ud800", "a\ufffd", "b\x00\u202e")],
        [],
        lambda a, b: None,
    )

    data = json.loads(export_graph(graph, "json").encode())

    assert [node["id"] for node in data["nodes"]] == [
        "domain:a\ufffd (2)",
        "domain:a\ufffd",
        "domain:b\x00\u202e",
    ]


def test_gexf_holds_no_date_so_an_export_is_the_same_any_day() -> None:
    assert "date" not in export_graph(_sample(), "gexf")


EXPORT_EVERY_FORMAT = """
import sys
from polymath.core.records import DomainProfile
from polymath.graph.export import FORMATS, export_graph
from polymath.graph.person_graph import PairFigures, build_person_graph

graph = build_person_graph(
    [DomainProfile("Jazz", "Fine Arts", 3, 600), DomainProfile("Stats", "Mathematics", 2, 90)],
    [],
    lambda a, b: PairFigures(5, 18.8, -4.84, 0.27),
)
for fmt in FORMATS:
    export_graph(graph, fmt)
print(sorted({name.split(".")[0] for name in sys.modules} & {"numpy", "scipy", "sqlalchemy"}))
"""


def test_exporting_every_format_loads_neither_numpy_nor_scipy() -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(EXPORT_EVERY_FORMAT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
