"""The stack planner: what a person is offered, why, how long it takes, and that the fast search
is exact."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polymath.core.errors import InvalidInput, NotFound, PolymathError
from polymath.core.records import DomainProfile, IntegrationLink
from polymath.graph.calibration import Calibration
from polymath.graph.explain import explain
from polymath.graph.hierarchy import AreaHierarchy
from polymath.graph.labels import ATYPICAL, CONVENTIONAL, NEAR_CHANCE, pair_evidence
from polymath.graph.pace import PLANNED, RECENT_AVERAGE, WEEKLY_TARGET, Pace
from polymath.graph.plan_errors import (
    AreaTooSparse,
    DomainNotLinked,
    NoLinkedDomains,
    PopulationTooSmall,
    TooFewLinkedAreas,
    UnknownDomain,
)
from polymath.graph.planner import (
    PlanOptions,
    Suggestion,
    plan_stacks,
    stack_feasibility,
    suggest_stacks,
    suggest_stacks_exhaustive,
)
from polymath.graph.population import (
    PopulationStats,
    population_from_memberships,
    synthetic_population,
)
from polymath.graph.stack_search import CONVENTIONAL_CORE, RARE_PAIR, SWEET_SPOT

RandomStats = Callable[[int, int], PopulationStats]

DEVELOPER = [
    DomainProfile("python", "Computers and Electronics", 4, 30_000, recent_weekly_minutes=150),
    DomainProfile("jazz piano", "Fine Arts", 3, 9_000, recent_weekly_minutes=90),
    DomainProfile("statistics", "Mathematics", 2, 3_000, recent_weekly_minutes=60),
    DomainProfile("journaling", None, None, 600),
]
OWNED = {"Computers and Electronics", "Fine Arts", "Mathematics"}
PERMISSIVE = PlanOptions(min_units=2, min_area_units=1)


def key(suggestions: list[Suggestion]) -> list[tuple[tuple[str, str, str], float]]:
    return [(s.areas, s.score) for s in suggestions]


def roles_rest_on_labels(s: Suggestion) -> bool:
    """Whatever the sentence calls rare is atypical; whatever it calls a bridge, conventional."""
    left, right, rare = (label.label for label in s.labels)
    if s.cell == "sweet spot":
        return (left, right, rare) == (CONVENTIONAL, CONVENTIONAL, ATYPICAL)
    if s.cell == "conventional core":
        return left == right == CONVENTIONAL and rare != ATYPICAL
    return rare == ATYPICAL and [left, right].count(CONVENTIONAL) <= 1


# ---------------------------------------------------------------------------- what is offered


@pytest.mark.parametrize("new", [1, 2])
def test_every_stack_has_the_persons_areas_and_exactly_new_new_ones(
    shipped: PopulationStats, new: int
) -> None:
    suggestions = suggest_stacks(shipped, DEVELOPER, new=new, top=10)
    assert len(suggestions) == 10
    for s in suggestions:
        assert len(set(s.areas)) == 3
        assert len(s.new_areas) == new
        assert set(s.areas) - set(s.new_areas) <= OWNED
        assert not set(s.new_areas) & OWNED
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("new", [1, 2])
def test_the_sweet_spot_comes_first_and_every_claim_rests_on_a_label(
    shipped: PopulationStats, new: int
) -> None:
    suggestions = suggest_stacks(shipped, DEVELOPER, new=new, top=1305)
    cells = [s.cell for s in suggestions]
    order = {"sweet spot": 0, "conventional core": 1, "rare pair": 2}
    assert [order[c] for c in cells] == sorted(order[c] for c in cells)
    assert cells[0] == ("sweet spot" if new == 2 else "conventional core")
    # two new areas each bridge to the kept one, so only one new area leaves room for a stack
    # with a rare pair and no second bridge
    assert ("rare pair" in cells) == (new == 1)
    for s in suggestions:
        assert roles_rest_on_labels(s), s.sentence()
        assert s.sweet_spot == (s.cell == "sweet spot")


@pytest.mark.parametrize("new", [1, 2])
def test_every_new_area_bridges_to_one_of_the_persons_areas_in_its_stack(
    shipped: PopulationStats, new: int
) -> None:
    for s in suggest_stacks(shipped, DEVELOPER, new=new, top=200):
        owned = [a for a in s.areas if a not in s.new_areas]
        for area in s.new_areas:
            bridged = [
                label.label == CONVENTIONAL
                for pair, label in zip(s.pairs, s.labels, strict=True)
                if area in (pair.a, pair.b) and {pair.a, pair.b} & set(owned)
            ]
            assert any(bridged), s.sentence()


def test_no_stack_rests_on_a_pair_no_unit_combines(shipped: PopulationStats) -> None:
    for new in (1, 2):
        for s in suggest_stacks(shipped, DEVELOPER, new=new, top=200):
            for pair, label in zip(s.pairs, s.labels, strict=True):
                assert not (label.label == ATYPICAL and pair.observed == 0), s.sentence()


def test_a_sweet_spot_reads_as_a_sentence_with_its_numbers(shipped: PopulationStats) -> None:
    best = suggest_stacks(shipped, DEVELOPER, new=2, top=1)[0]
    end_a, bridge, end_b = best.areas
    assert best.bridge == bridge and best.rare_pair == (end_a, end_b)
    rare, label = best.pairs[2], best.labels[2]
    sentence = best.sentence()
    assert f"{end_a} and {end_b} are an unusual pair ({rare.observed} of 968 occupations" in (
        sentence
    )
    assert (
        f"where {rare.expected:.1f} would by chance: z = {rare.z:+.2f}, lift {rare.lift:.2f}"
        in (sentence)
    )
    assert f"at most {label.lift_bound:.2f} at 95%" in sentence
    assert f"{bridge} bridges them" in sentence
    assert best.pace.describe() in sentence
    assert best.rarity.describe() in sentence
    assert "polymath" not in sentence


def test_words_never_call_a_near_chance_pair_unusual(shipped: PopulationStats) -> None:
    for new in (1, 2):
        for s in suggest_stacks(shipped, DEVELOPER, new=new, top=30):
            sentence = s.sentence()
            if s.labels[2].label != ATYPICAL:
                assert "unusual pair (" not in sentence
            if s.cell != "sweet spot":
                assert "bridges them" not in sentence


def test_score_is_the_sum_of_its_shown_parts(shipped: PopulationStats) -> None:
    cells = {
        "sweet spot": SWEET_SPOT,
        "conventional core": CONVENTIONAL_CORE,
        "rare pair": RARE_PAIR,
    }
    for s in suggest_stacks(shipped, DEVELOPER, new=2, top=30):
        parts = s.score_parts
        assert s.score == pytest.approx(sum(parts.values()))
        assert parts["cell"] == cells[s.cell]
        strengths = sorted(label.strength for label in s.labels)
        assert parts["conventionality"] == pytest.approx(max(strengths[1], 0.0))
        assert parts["novelty"] == pytest.approx(max(-strengths[0], 0.0))
        weeks = s.feasibility.weeks
        assert parts["feasibility"] == pytest.approx(1 - weeks / (3 * 52))
        assert 0 <= parts["conventionality"] < 1 and 0 <= parts["novelty"] < 1


def test_strong_bridges_do_not_tie_weak_ones(shipped: PopulationStats) -> None:
    """z clipped at 10 once made a z = 17 bridge tie a z = 11 one; strength keeps them apart."""
    strengths = {
        s.labels[0].strength
        for s in suggest_stacks(shipped, DEVELOPER, new=2, top=40)
        if s.labels[0].label == CONVENTIONAL
    }
    assert len(strengths) > 10


def test_every_pair_in_json_carries_its_label_and_deciding_p(shipped: PopulationStats) -> None:
    data = [s.to_dict() for s in suggest_stacks(shipped, DEVELOPER, new=2, top=5)]
    again = json.loads(json.dumps(data, allow_nan=False))
    assert again == data
    first = again[0]
    assert first["sentence"].startswith("Add ")
    assert {"rarity", "feasibility", "score_parts", "pairs", "bridge", "cell", "pace"} <= set(first)
    for pair in first["pairs"]:
        assert pair["label"] in (ATYPICAL, CONVENTIONAL, NEAR_CHANCE)
        tail = pair["p_at_most"] if pair["tail"] == "lower" else pair["p_at_least"]
        assert pair["p_value"] == pytest.approx(tail, rel=1e-9)
        if pair["label"] != NEAR_CHANCE:
            assert pair["p_value"] <= pair["cutoff"]
    rare = first["pairs"][2]
    assert rare["label"] == ATYPICAL and rare["tail"] == "lower" and rare["lift"] <= 0.67


def test_the_plan_reports_its_family_and_labels(shipped: PopulationStats) -> None:
    plan = plan_stacks(shipped, DEVELOPER, new=2, top=5)
    data = json.loads(json.dumps(plan.to_dict(), allow_nan=False))
    # two new areas from 30, kept areas any of the 3: 3 x 30 + C(30, 2) pairs
    assert plan.family_pairs == 3 * 30 + 435 == data["family_tests"] // 2
    assert 0 < plan.cutoff <= 0.05
    assert plan.conventional_pairs > 50 and plan.atypical_pairs > 20
    assert plan.candidates == 3 * 435 and plan.beyond_horizon == 0


# ---------------------------------------------------------------------------- the person stays


def test_the_kept_domain_is_in_every_stack(shipped: PopulationStats) -> None:
    for new in (1, 2):
        plan = plan_stacks(shipped, DEVELOPER, keep=["Jazz Piano"], new=new, top=10)
        assert plan.keep == ("jazz piano",)
        for s in plan.suggestions:
            assert s.domains["Fine Arts"] == ("jazz piano",)


def test_several_kept_domains_mean_one_of_them_in_each_stack(shipped: PopulationStats) -> None:
    plan = plan_stacks(shipped, DEVELOPER, keep=["jazz piano", "statistics"], new=2, top=20)
    for s in plan.suggestions:
        assert {"Fine Arts", "Mathematics"} & set(s.areas)
    free = plan_stacks(shipped, DEVELOPER, new=2, top=30)
    assert any("Computers and Electronics" in s.areas for s in free.suggestions)


def test_anchor_is_the_one_domain_kept(shipped: PopulationStats) -> None:
    anchored = suggest_stacks(shipped, DEVELOPER, anchor="statistics", new=1)
    kept = suggest_stacks(shipped, DEVELOPER, keep=["statistics"], new=1)
    assert key(anchored) == key(kept)
    assert all("Mathematics" in s.areas for s in anchored)


# ---------------------------------------------------------------------------- time


def test_time_uses_the_pace_and_says_where_it_came_from(shipped: PopulationStats) -> None:
    recent = suggest_stacks(shipped, DEVELOPER, new=2, top=1)[0]
    assert recent.pace == Pace(5.0, RECENT_AVERAGE)  # 150 + 90 + 60 minutes a week
    assert recent.feasibility.weekly_hours == 5.0
    assert recent.feasibility.weeks == pytest.approx(recent.feasibility.hours / 5.0)
    planned = suggest_stacks(
        shipped, DEVELOPER, new=2, top=1, options=PlanOptions(planned_hours_per_week=8)
    )[0]
    assert planned.pace.source == PLANNED and planned.feasibility.weekly_hours == 8
    quiet = [DomainProfile(p.name, p.area, p.level, p.total_minutes) for p in DEVELOPER]
    target = suggest_stacks(shipped, quiet, new=2, top=1)[0]
    assert target.pace.source == WEEKLY_TARGET and target.pace.hours_per_week == 5.0


def test_a_suggestion_and_its_stack_agree_on_the_weeks(shipped: PopulationStats) -> None:
    pace = Pace(3.6, RECENT_AVERAGE)
    options = PlanOptions().with_calibration(Calibration(0.8, 0.4, 3, 1))
    for s in suggest_stacks(shipped, DEVELOPER, new=1, top=5, pace=pace, options=options):
        members = [(area, s.levels[area] if area not in s.new_areas else None) for area in s.areas]
        again = stack_feasibility(members, s.target_level, pace, options)
        assert again == s.feasibility


def test_stacks_beyond_the_horizon_are_set_aside_and_counted(shipped: PopulationStats) -> None:
    pace = Pace(2.0, PLANNED)
    options = PlanOptions(horizon_weeks=120)  # 240 hours at 2 h a week
    plan = plan_stacks(shipped, DEVELOPER, new=1, top=100, pace=pace, options=options)
    everything = plan_stacks(
        shipped, DEVELOPER, new=1, top=100, pace=pace, options=PlanOptions(horizon_weeks=1e9)
    )
    too_long = [s for s in everything.suggestions if s.feasibility.weeks > 120]
    assert plan.candidates == everything.candidates == 3 * 30
    assert too_long and plan.beyond_horizon >= len(too_long)
    assert all(s.feasibility.weeks <= 120 for s in plan.suggestions)
    assert plan.set_aside_sentence().startswith(f"{plan.beyond_horizon} of 90 stacks would take")
    assert "120 weeks at 2 h a week (the hours you planned)" in plan.set_aside_sentence()


def test_set_aside_counts_match_a_brute_force_count(shipped: PopulationStats) -> None:
    pace = Pace(1.5, PLANNED)
    for new in (1, 2):
        for horizon in (100, 180, 300):
            options = PlanOptions(horizon_weeks=horizon)
            plan = plan_stacks(shipped, DEVELOPER, new=new, pace=pace, options=options)
            from polymath.graph.stack_search import Query

            query = Query(
                shipped, DEVELOPER, keep=(), new=new, target_level=3, integration=(),
                options=PlanOptions(horizon_weeks=1e9), pace=pace,
            )  # fmt: skip
            slow = sum(1 for t in query.all_triples() if query.stack_hours(*t) / 1.5 > horizon)
            assert plan.beyond_horizon == slow


def test_a_stack_out_of_reach_is_said_so_with_the_quickest_time(shipped: PopulationStats) -> None:
    plan = plan_stacks(shipped, DEVELOPER, new=2, pace=Pace(0.5, PLANNED))
    assert plan.suggestions == () and plan.out_of_reach
    assert plan.quickest is not None and plan.quickest.weeks > 3 * 52
    assert "The quickest would take about" in plan.set_aside_sentence()


def test_languages_cost_cefr_hours(shipped: PopulationStats) -> None:
    person = [
        DomainProfile("spanish", "Foreign Language", 2, 0),
        DomainProfile("python", "Computers and Electronics", 4, 0),
    ]
    suggestions = suggest_stacks(shipped, person, new=1, top=5)
    # spanish 2 -> 3 (CEFR: 200), python already there, the new area 1 -> 3 (200)
    assert {s.feasibility.hours for s in suggestions} == {200 + 0 + 200}
    plain = PlanOptions(language_areas=())
    assert {s.feasibility.hours for s in suggest_stacks(shipped, person, top=5, options=plain)} == {
        180 + 200
    }


def test_the_persons_history_calibrates_the_hours(shipped: PopulationStats) -> None:
    options = PlanOptions(calibration=0.6, horizon_weeks=1e6)
    plain = {s.areas: s for s in suggest_stacks(shipped, DEVELOPER, new=2, top=20)}
    calibrated = suggest_stacks(shipped, DEVELOPER, new=2, top=20, options=options)
    both = [s for s in calibrated if s.areas in plain]
    assert both
    for s in both:
        assert s.feasibility.hours == pytest.approx(plain[s.areas].feasibility.hours * 0.6)


def test_integration_already_logged_counts(shipped: PopulationStats) -> None:
    link = IntegrationLink("statistics", "python", 300)
    plain = {s.areas: s.score for s in suggest_stacks(shipped, DEVELOPER, new=1, top=90)}
    linked = suggest_stacks(shipped, DEVELOPER, new=1, top=90, integration=[link])
    both = {"Computers and Electronics", "Mathematics"}
    raised = 0
    for s in linked:
        expected = 300 if both <= set(s.areas) else 0
        assert s.integration_minutes == expected
        assert s.score_parts["integration"] == pytest.approx(0.5 * expected / 600)
        if expected:
            assert s.score == pytest.approx(plain[s.areas] + 0.25)
            raised += 1
    assert raised


# ---------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("person", "kwargs", "error"),
    [
        (DEVELOPER, {"new": 3}, InvalidInput),
        (DEVELOPER, {"top": 0}, InvalidInput),
        (DEVELOPER, {"target_level": 9}, InvalidInput),
        (DEVELOPER, {"keep": ["cello"]}, UnknownDomain),
        (DEVELOPER, {"keep": ["journaling"]}, DomainNotLinked),
        ([DomainProfile("journaling", None, None, 0)], {}, NoLinkedDomains),
        ([DomainProfile("knitting", "Knitting", 2, 0)], {}, NoLinkedDomains),
        (DEVELOPER[:1], {"new": 1}, TooFewLinkedAreas),
    ],
)
def test_impossible_requests_are_refused_in_words_that_name_no_command(
    shipped: PopulationStats,
    person: list[DomainProfile],
    kwargs: dict[str, object],
    error: type[PolymathError],
) -> None:
    with pytest.raises(error) as caught:
        plan_stacks(shipped, person, **kwargs)  # type: ignore[arg-type]
    assert "polymath" not in str(caught.value) and "\n" not in str(caught.value)
    assert isinstance(caught.value, InvalidInput | NotFound)


def test_a_population_too_small_to_say_anything_is_refused() -> None:
    memberships = {f"u{k}": ["a", "b"] if k % 3 else ["c"] for k in range(29)}
    stats = PopulationStats.from_units(population_from_memberships(memberships))
    person = [DomainProfile("x", "a", 2, 0), DomainProfile("y", "c", 2, 0)]
    with pytest.raises(PopulationTooSmall, match="29 units; at least 30"):
        plan_stacks(stats, person)


def test_an_area_too_sparse_is_left_out_with_its_reason() -> None:
    memberships = {f"u{k}": [f"a{k % 6}", f"a{(k + 1) % 6}"] for k in range(60)}
    memberships |= {"rare1": ["lute"], "rare2": ["lute", "a0"]}
    stats = PopulationStats.from_units(population_from_memberships(memberships))
    person = [
        DomainProfile("lute", "lute", 3, 0),
        DomainProfile("x", "a0", 2, 0),
        DomainProfile("y", "a3", 2, 0),
    ]
    plan = plan_stacks(stats, person, new=1, top=50)
    assert [(item.domain, item.units) for item in plan.left_out] == [("lute", 2)]
    assert all("lute" not in s.areas for s in plan.suggestions)
    with pytest.raises(AreaTooSparse, match="'lute' is linked to 'lute', which 2 units use"):
        plan_stacks(stats, person, keep=["lute"])


def test_no_nan_reaches_a_user_even_on_a_degenerate_population() -> None:
    memberships = {f"u{k}": ["all", f"a{k % 8}", f"a{(k * 3) % 8}"] for k in range(80)}
    stats = PopulationStats.from_units(population_from_memberships(memberships))
    person = [DomainProfile("x", "all", 3, 0), DomainProfile("y", "a1", 2, 0)]
    plan = plan_stacks(stats, person, new=2, top=10)
    assert [item.area for item in plan.left_out] == ["all"]  # used by every unit
    text = json.dumps(plan.to_dict(), allow_nan=False)
    assert "nan" not in text.lower()


def test_the_rule_is_explained_with_the_settings_in_force() -> None:
    text = explain(PlanOptions(alpha=0.01, horizon_weeks=104, bridge_lift=2.0))
    assert "Benjamini-Hochberg at 1%" in text and "at least 2" in text
    assert "longer than 2 years" in text and "Gaussian copula" in text
    assert "x0.5-x2" in text and "polymath" not in text


# ---------------------------------------------------------------------------- exactness


def usable_person(
    stats: PopulationStats, rng: np.random.Generator, options: PlanOptions
) -> list[DomainProfile] | None:
    """Two to five domains on distinct usable areas, with random levels and rates."""
    usable = np.flatnonzero(pair_evidence(stats, options.label_rule()).usable)
    if len(usable) < 6:
        return None
    owned = rng.choice(usable, int(rng.integers(2, min(5, len(usable) - 3) + 1)), replace=False)
    return [
        DomainProfile(
            name=f"domain {n}",
            area=stats.areas[int(a)],
            level=int(rng.integers(1, 6)) if rng.random() < 0.8 else None,
            total_minutes=int(rng.integers(0, 10_000)),
            recent_weekly_minutes=float(rng.integers(0, 400)),
        )
        for n, a in enumerate(owned)
    ]


@pytest.mark.parametrize("new", [1, 2])
@pytest.mark.parametrize("keep", [(), ("statistics",), ("python", "jazz piano")])
def test_pruned_equals_exhaustive_on_onet(
    shipped: PopulationStats, new: int, keep: tuple[str, ...]
) -> None:
    links = [IntegrationLink("statistics", "jazz piano", 200)]
    kwargs = {"keep": keep, "new": new, "top": 25, "integration": links}
    fast = suggest_stacks(shipped, DEVELOPER, **kwargs)  # type: ignore[arg-type]
    slow = suggest_stacks_exhaustive(shipped, DEVELOPER, **kwargs)  # type: ignore[arg-type]
    assert key(fast) == key(slow)
    assert [s.to_dict() for s in fast] == [s.to_dict() for s in slow]


def test_pruned_equals_exhaustive_on_random_populations_up_to_300_domains(
    random_stats: RandomStats,
) -> None:
    checked = 0
    for seed in range(45):
        rng = np.random.default_rng(seed)
        n_domains = 300 if seed % 15 == 0 else int(rng.integers(5, 120))
        stats = random_stats(seed, n_domains)
        options = PlanOptions(
            min_units=2,
            min_area_units=1,
            alpha=float(rng.choice([0.05, 0.2])),
            horizon_weeks=float(rng.choice([40, 120, 156, 1e6])),
        )
        person = usable_person(stats, rng, options)
        if person is None:
            continue
        keep = {0: (), 1: (person[0].name,), 2: (person[0].name, person[-1].name)}[seed % 3]
        links = [IntegrationLink(person[0].name, person[1].name, int(rng.integers(1, 900)))]
        kwargs = {
            "keep": keep,
            "new": 1 + seed % 2,
            "top": int(rng.integers(1, 15)),
            "target_level": int(rng.integers(1, 6)),
            "integration": links,
            "options": options,
        }
        fast = suggest_stacks(stats, person, **kwargs)  # type: ignore[arg-type]
        slow = suggest_stacks_exhaustive(stats, person, **kwargs)  # type: ignore[arg-type]
        assert key(fast) == key(slow), f"seed {seed}"
        checked += 1
    assert checked >= 35


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    n_domains=st.integers(6, 40),
    new=st.sampled_from([1, 2]),
    top=st.integers(1, 40),
    keep_first=st.booleans(),
)
def test_pruned_equals_exhaustive_property(
    random_stats: RandomStats, seed: int, n_domains: int, new: int, top: int, keep_first: bool
) -> None:
    stats = random_stats(seed, n_domains)
    person = usable_person(stats, np.random.default_rng(seed), PERMISSIVE)
    if person is None:
        return
    keep = (person[-1].name,) if keep_first else ()
    options = PERMISSIVE
    fast = suggest_stacks(stats, person, keep=keep, new=new, top=top, options=options)
    slow = suggest_stacks_exhaustive(stats, person, keep=keep, new=new, top=top, options=options)
    assert key(fast) == key(slow)


def test_pruned_equals_exhaustive_with_the_default_rule_on_clustered_populations() -> None:
    offered = 0
    pace = Pace(5.0, PLANNED)
    for seed in range(6):
        stats = PopulationStats.from_units(
            synthetic_population(150, n_units=900, domains_per_unit=3, seed=seed)
        )
        person = usable_person(stats, np.random.default_rng(seed), PlanOptions())
        assert person is not None
        for new in (1, 2):
            fast = suggest_stacks(stats, person, new=new, top=12, pace=pace)
            slow = suggest_stacks_exhaustive(stats, person, new=new, top=12, pace=pace)
            assert key(fast) == key(slow), f"seed {seed}, new {new}"
            offered += len(fast)
    assert offered > 50


def planted_memberships(n_domains: int, seed: int) -> dict[str, list[str]]:
    """Communities whose popular hubs avoid one another and connectors shared by two of them:
    every kind of label, many ties and overlapping bridges."""
    rng = np.random.default_rng(seed)
    n_hubs, n_communities = 4, max(4, n_domains // 6)
    rest = np.arange(n_hubs, n_domains)
    members, connectors = rest[: len(rest) * 3 // 4], rest[len(rest) * 3 // 4 :]
    member_of = rng.integers(0, n_communities, len(members))
    ends = rng.integers(0, n_communities, (len(connectors), 2))
    memberships = {}
    for unit in range(12 * n_domains):
        home = int(rng.integers(n_communities))
        chosen = {home % n_hubs} if rng.random() < 0.7 else set()
        pool = members[member_of == home]
        chosen.update(rng.choice(pool, min(2, len(pool)), replace=False).tolist())
        shared = connectors[(ends[:, 0] == home) | (ends[:, 1] == home)]
        if len(shared) and rng.random() < 0.3:
            chosen.add(int(rng.choice(shared)))
        if chosen:
            memberships[f"u{unit}"] = [f"d{x:02d}" for x in sorted(chosen)]
    return memberships


@pytest.mark.parametrize("seed", range(8))
def test_pruned_equals_exhaustive_where_bridges_overlap(seed: int) -> None:
    stats = PopulationStats.from_units(population_from_memberships(planted_memberships(33, seed)))
    rng = np.random.default_rng(seed)
    person = usable_person(stats, rng, PlanOptions())
    assert person is not None
    pace = Pace(5.0, PLANNED)
    for new in (1, 2):
        for top in (3, 10, 25):
            fast = suggest_stacks(stats, person, new=new, top=top, pace=pace)
            slow = suggest_stacks_exhaustive(stats, person, new=new, top=top, pace=pace)
            assert key(fast) == key(slow), f"new {new}, top {top}"


def test_ties_are_broken_by_names_identically() -> None:
    # six identical clusters: in each, A and C meet once where chance predicts many, and B
    # bridges them
    memberships: dict[str, list[str]] = {}
    for k in range(6):
        memberships[f"ac{k}"] = [f"A{k}", f"C{k}"]
        for u in range(40):
            memberships[f"ab{k}-{u}"] = [f"A{k}", f"B{k}"]
            memberships[f"bc{k}-{u}"] = [f"B{k}", f"C{k}"]
        for u in range(30):
            memberships[f"a{k}-{u}"] = [f"A{k}"]
            memberships[f"c{k}-{u}"] = [f"C{k}"]
    stats = PopulationStats.from_units(population_from_memberships(memberships))
    person = [DomainProfile(f"b{k}", f"B{k}", 2, 0) for k in range(6)]
    fast = suggest_stacks(stats, person, new=2, top=25)
    slow = suggest_stacks_exhaustive(stats, person, new=2, top=25)
    assert key(fast) == key(slow)
    sweet = [s for s in fast if s.sweet_spot]
    assert len(sweet) == 6 and len({s.score for s in sweet}) == 1
    assert [s.areas for s in sweet] == sorted(
        (s.areas for s in sweet), key=lambda areas: tuple(sorted(areas))
    )


def test_large_sparse_population_is_exact_for_one_new_area() -> None:
    stats = PopulationStats.from_units(synthetic_population(3000, seed=11))
    rng = np.random.default_rng(11)
    person = usable_person(stats, rng, PlanOptions())
    assert person is not None
    fast = suggest_stacks(stats, person, new=1)
    assert key(fast) == key(suggest_stacks_exhaustive(stats, person, new=1))
    assert not any(math.isnan(s.score) for s in fast)


def with_levels(stats: PopulationStats, rng: np.random.Generator) -> PopulationStats:
    """The same population with a random hierarchy: half the areas group others, sparsely."""
    d = len(stats.areas)
    groups = rng.random(d) < 0.5
    rows = []
    for area in range(d):
        above = rng.choice(np.flatnonzero(groups), size=min(int(groups.sum()), 2), replace=False)
        rows.append(sorted({int(a) for a in above if a != area and rng.random() < 0.15}))
    indptr = np.zeros(d + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    broader = np.array([a for r in rows for a in r], dtype=np.int64)
    assert stats.membership is not None
    return PopulationStats(
        areas=stats.areas,
        n_units=stats.n_units,
        membership=stats.membership,
        unit_names=stats.unit_names,
        hierarchy=AreaHierarchy(indptr, broader, groups),
    )


def bridged_person(
    stats: PopulationStats, rng: np.random.Generator, options: PlanOptions
) -> list[DomainProfile]:
    """Up to four domains on the ends of labelled bridges (so new areas can bridge to them)."""
    evidence = pair_evidence(stats, options.label_rule())
    bridges = np.flatnonzero(evidence.side > 0)
    chosen: list[int] = []
    for edge in rng.choice(bridges, size=min(3, len(bridges)), replace=False).tolist():
        for area in (int(evidence.i[edge]), int(evidence.j[edge])):
            if area not in chosen and len(chosen) < 4:
                chosen.append(area)
    return [
        DomainProfile(f"domain {k}", stats.areas[a], int(rng.integers(1, 5)), 6_000, {}, 100.0)
        for k, a in enumerate(chosen)
    ]


def test_pruned_equals_exhaustive_on_populations_with_levels() -> None:
    options = PlanOptions(min_units=2, min_area_units=1, min_new_area_units=1)
    offered = 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        n = int(rng.integers(40, 100))
        population = synthetic_population(
            n, n_units=30 * n, community_size=8, domains_per_unit=3, outside_rate=0.5, seed=seed
        )
        stats = with_levels(PopulationStats.from_units(population), rng)
        person = bridged_person(stats, rng, options)
        hierarchy = stats.hierarchy
        assert hierarchy is not None
        mine = [stats.index_of(p.area) for p in person if p.area]
        for new in (1, 2):
            fast = plan_stacks(stats, person, new=new, top=8, options=options)
            slow = plan_stacks(stats, person, new=new, top=8, options=options, exhaustive=True)
            assert key(list(fast.suggestions)) == key(list(slow.suggestions)), f"seed {seed}"
            for s in fast.suggestions:
                index = [stats.index_of(a) for a in s.areas]
                for x, y in ((0, 1), (1, 2), (0, 2)):
                    assert not hierarchy.nested(index[x], index[y])
                for area in s.new_areas:
                    assert hierarchy.groups[stats.index_of(area)]
                    assert not any(hierarchy.nested(stats.index_of(area), m) for m in mine)
            offered += len(fast.suggestions)
    assert offered >= 200  # measured: 295 over the 40 plans
