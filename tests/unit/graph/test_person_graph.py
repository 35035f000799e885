"""The person graph holds what exports promise: domains, areas, integration, pairs, the stack."""

import math

import networkx as nx
import pytest

from polymath.core.records import DomainProfile, IntegrationLink
from polymath.graph.person_graph import PairFigures, build_person_graph

MUSIC = "Música & <Ton>"
STATS = '統計学 "stats"'
HACK = '<script>alert(1)</script> & "quotes"'
LOOSE = "Loose\nends"


def _domains() -> list[DomainProfile]:
    return [
        DomainProfile(MUSIC, "Arts & Humanities", 3, 755, {"read": 300, "reflect": 155}),
        DomainProfile(STATS, "Ciências <exatas>", None, 120, {"experiment": 120}),
        DomainProfile(HACK, "Computing", 2, 45, {"read": 15, "reflect": 10, "experiment": 20}),
        DomainProfile(LOOSE, None, None, 0),
    ]


def _pairs(a: str, b: str) -> PairFigures | None:
    if {a, b} == {"Arts & Humanities", "Computing"}:
        return None
    return PairFigures(observed=4, expected=9.5, z=-1.84, lift=0.42)


def _graph(
    *,
    stack: tuple[str, ...] = (),
    notes: dict[str, str] | None = None,
    include_notes: bool = False,
) -> nx.Graph:
    links = [IntegrationLink(MUSIC, STATS, 90), IntegrationLink(HACK, MUSIC, 0)]
    return build_person_graph(
        _domains(), links, _pairs, stack=stack, notes=notes, include_notes=include_notes
    )


def test_every_domain_and_area_becomes_a_node_with_its_figures() -> None:
    graph = _graph()

    assert set(graph.nodes) == {
        f"domain:{MUSIC}",
        f"domain:{STATS}",
        f"domain:{HACK}",
        f"domain:{LOOSE}",
        "area:Arts & Humanities",
        "area:Ciências <exatas>",
        "area:Computing",
    }
    assert graph.nodes[f"domain:{MUSIC}"] == {
        "kind": "domain",
        "label": MUSIC,
        "hours": 12.6,
        "level": 3,
        "read_minutes": 300,
        "reflect_minutes": 155,
        "experiment_minutes": 0,
        "in_stack": False,
    }
    assert graph.nodes["area:Computing"] == {"kind": "area", "label": "Computing"}


def test_an_unknown_level_is_left_out_rather_than_none() -> None:
    assert "level" not in _graph().nodes[f"domain:{STATS}"]


def test_domains_map_to_their_area_and_a_domain_without_one_stands_alone() -> None:
    graph = _graph()

    assert graph.edges[f"domain:{MUSIC}", "area:Arts & Humanities"]["kind"] == "maps_to"
    assert graph.edges[f"domain:{HACK}", "area:Computing"]["kind"] == "maps_to"
    assert list(graph.neighbors(f"domain:{LOOSE}")) == []


def test_only_integration_with_minutes_links_two_domains() -> None:
    graph = _graph()

    assert graph.edges[f"domain:{MUSIC}", f"domain:{STATS}"] == {
        "kind": "integration",
        "minutes": 90,
        "in_stack": False,
    }
    assert not graph.has_edge(f"domain:{HACK}", f"domain:{MUSIC}")


def test_integration_given_twice_is_summed_and_unknown_domains_are_skipped() -> None:
    links = [
        IntegrationLink(MUSIC, STATS, 30),
        IntegrationLink(STATS, MUSIC, 15),
        IntegrationLink(MUSIC, "Archived", 60),
        IntegrationLink(MUSIC, MUSIC, 60),
    ]
    graph = build_person_graph(_domains(), links, _pairs)

    assert graph.edges[f"domain:{MUSIC}", f"domain:{STATS}"]["minutes"] == 45
    assert "domain:Archived" not in graph
    assert not graph.has_edge(f"domain:{MUSIC}", f"domain:{MUSIC}")


def test_every_pair_of_distinct_areas_gets_its_figures_unless_there_are_none() -> None:
    asked: list[tuple[str, str]] = []

    def pairs(a: str, b: str) -> PairFigures | None:
        asked.append((a, b))
        return _pairs(a, b)

    graph = build_person_graph(_domains(), [], pairs)

    assert asked == [
        ("Arts & Humanities", "Ciências <exatas>"),
        ("Arts & Humanities", "Computing"),
        ("Ciências <exatas>", "Computing"),
    ]
    assert graph.edges["area:Arts & Humanities", "area:Ciências <exatas>"] == {
        "kind": "pair",
        "z": -1.84,
        "lift": 0.42,
        "expected": 9.5,
        "observed": 4,
        "in_stack": False,
    }
    assert not graph.has_edge("area:Arts & Humanities", "area:Computing")


def test_a_lift_over_zero_expectation_is_left_out_so_json_stays_valid() -> None:
    def pairs(a: str, b: str) -> PairFigures:
        return PairFigures(observed=2, expected=0.0, z=3.0, lift=math.inf)

    graph = build_person_graph(_domains(), [], pairs)

    figures = graph.edges["area:Arts & Humanities", "area:Computing"]
    assert "lift" not in figures
    assert figures["z"] == 3.0


def test_the_stack_flags_its_domains_and_the_edges_between_its_members() -> None:
    graph = _graph(stack=(MUSIC, STATS))

    assert graph.nodes[f"domain:{MUSIC}"]["in_stack"] is True
    assert graph.nodes[f"domain:{HACK}"]["in_stack"] is False
    assert graph.edges[f"domain:{MUSIC}", f"domain:{STATS}"]["in_stack"] is True
    assert graph.edges[f"domain:{MUSIC}", "area:Arts & Humanities"]["in_stack"] is True
    assert graph.edges[f"domain:{HACK}", "area:Computing"]["in_stack"] is False
    assert graph.edges["area:Arts & Humanities", "area:Ciências <exatas>"]["in_stack"] is True
    assert graph.edges["area:Ciências <exatas>", "area:Computing"]["in_stack"] is False


def test_notes_stay_out_unless_asked_for() -> None:
    notes = {MUSIC: "private: practise scales", STATS: ""}

    hidden = _graph(notes=notes)
    shown = _graph(notes=notes, include_notes=True)

    assert all("note" not in data for _, data in hidden.nodes(data=True))
    assert shown.nodes[f"domain:{MUSIC}"]["note"] == "private: practise scales"
    assert "note" not in shown.nodes[f"domain:{STATS}"]


def test_every_attribute_is_a_scalar_graphml_can_type() -> None:
    graph = _graph(stack=(MUSIC,), notes={MUSIC: "n"}, include_notes=True)

    values = [v for _, data in graph.nodes(data=True) for v in data.values()]
    values += [v for _, _, data in graph.edges(data=True) for v in data.values()]
    assert values
    assert all(type(value) in (str, int, float, bool) for value in values)


def test_a_person_with_no_domains_has_an_empty_graph() -> None:
    graph = build_person_graph([], [], _pairs)

    assert graph.number_of_nodes() == 0


@pytest.mark.parametrize("name", ["Arts", "Computing"])
def test_a_domain_and_an_area_may_share_a_name(name: str) -> None:
    graph = build_person_graph([DomainProfile(name, name, 1, 60)], [], _pairs)

    assert graph.has_edge(f"domain:{name}", f"area:{name}")


def test_names_and_notes_are_kept_exactly_as_stored_for_each_export_to_judge() -> None:
    odd = "old\x00name\u202e\ud800 \\"
    note = "line\r\nbell\x07"

    graph = build_person_graph(
        [DomainProfile(odd, "Area\uffff", 1, 60)],
        [],
        _pairs,
        notes={odd: note},
        include_notes=True,
    )

    assert graph.nodes[f"domain:{odd}"]["label"] == odd
    assert graph.nodes[f"domain:{odd}"]["note"] == note
    assert graph.has_edge(f"domain:{odd}", "area:Area\uffff")
