"""Data exports, read back by the tool that consumes them, give the very graph that was written."""

import io
import json

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
