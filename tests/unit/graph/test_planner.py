"""The stack planner: what a person is offered, why, and that the fast search is exact."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polymath.core.errors import InvalidInput, NotFound
from polymath.core.records import DomainProfile, IntegrationLink
from polymath.graph.feasibility import CEFR_BANDS, HoursBands, calibration_factor
from polymath.graph.planner import (
    PlanOptions,
    Suggestion,
    suggest_stacks,
    suggest_stacks_exhaustive,
)
from polymath.graph.population import (
    PopulationStats,
    population_from_memberships,
    synthetic_population,
)

RandomStats = Callable[[int, int], PopulationStats]
RandomPerson = Callable[..., list[DomainProfile]]

DEVELOPER = [
    DomainProfile("python", "Computers and Electronics", 4, 30_000, recent_weekly_minutes=150),
    DomainProfile("jazz piano", "Fine Arts", 3, 9_000, recent_weekly_minutes=90),
    DomainProfile("statistics", "Mathematics", 2, 3_000, recent_weekly_minutes=60),
    DomainProfile("journaling", None, None, 600),
]


def key(suggestions: list[Suggestion]) -> list[tuple[tuple[str, str, str], float]]:
    return [(s.areas, s.score) for s in suggestions]


# ---------------------------------------------------------------------------- what is offered


@pytest.mark.parametrize("new", [1, 2])
def test_every_stack_has_the_persons_areas_and_exactly_new_new_ones(
    shipped: PopulationStats, new: int
) -> None:
    owned = {"Computers and Electronics", "Fine Arts", "Mathematics"}
    suggestions = suggest_stacks(shipped, DEVELOPER, new=new, top=10)
    assert len(suggestions) == 10
    for s in suggestions:
        assert len(set(s.areas)) == 3
        assert len(s.new_areas) == new
        assert set(s.areas) - set(s.new_areas) <= owned
        assert not set(s.new_areas) & owned
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)


def test_sweet_spot_stacks_come_first_and_are_explained(shipped: PopulationStats) -> None:
    suggestions = suggest_stacks(shipped, DEVELOPER, new=1, top=5)
    best = suggestions[0]
    assert best.sweet_spot
    assert best.conventionality > 0 > best.novelty
    end_a, bridge, end_b = best.areas
    assert best.bridge == bridge
    assert best.rare_pair == (end_a, end_b)
    rare = best.pairs[2]
    assert rare.z == pytest.approx(best.novelty)
    assert min(best.pairs[0].z, best.pairs[1].z) > 0
    sentence = best.sentence()
    assert f"{rare.observed} of 968 occupations" in sentence
    assert f"{rare.expected:.1f}" in sentence
    assert f"z = {rare.z:+.2f}" in sentence
    assert f"{bridge} bridges them" in sentence
    assert "weeks" in sentence or "years" in sentence
    assert best.rarity.describe() in sentence


def test_score_is_the_sum_of_its_shown_parts(shipped: PopulationStats) -> None:
    for s in suggest_stacks(shipped, DEVELOPER, new=2, top=5):
        parts = s.score_parts
        assert s.score == pytest.approx(sum(parts.values()))
        assert parts["sweet_spot"] == (2.0 if s.sweet_spot else 0.0)
        assert parts["conventionality"] == pytest.approx(np.clip(s.conventionality / 10, -1, 1))
        assert parts["novelty"] == pytest.approx(np.clip(-s.novelty / 10, -1, 1))


def test_suggestions_serialise_to_json(shipped: PopulationStats) -> None:
    data = [s.to_dict() for s in suggest_stacks(shipped, DEVELOPER, top=3)]
    again = json.loads(json.dumps(data))
    assert again[0]["areas"] == data[0]["areas"]
    assert again[0]["sentence"].startswith("Add ")
    assert {"rarity", "feasibility", "score_parts", "pairs", "bridge"} <= set(again[0])
    rare = again[0]["pairs"][2]
    assert rare["z"] < 0 and rare["p_at_most"] < 0.05 < rare["p_at_least"]
    assert rare["null_z"] is not None


def test_rarity_and_feasibility_use_the_target_level(shipped: PopulationStats) -> None:
    low = suggest_stacks(shipped, DEVELOPER, new=1, target_level=3, top=1)[0]
    high = suggest_stacks(shipped, DEVELOPER, new=1, target_level=4, top=1)[0]
    assert high.rarity.estimate < low.rarity.estimate
    assert high.feasibility.hours > low.feasibility.hours
    assert low.feasibility.weekly_hours == pytest.approx(5.0)  # 150 + 90 + 60 minutes


def test_no_rate_falls_back_to_the_five_hour_budget(shipped: PopulationStats) -> None:
    person = [DomainProfile(p.name, p.area, p.level, p.total_minutes) for p in DEVELOPER]
    s = suggest_stacks(shipped, person, new=2, top=1)[0]
    assert s.feasibility.weekly_hours == 5.0
    assert s.feasibility.weeks == pytest.approx(s.feasibility.hours / 5.0)


def test_anchor_is_in_every_stack(shipped: PopulationStats) -> None:
    for new in (1, 2):
        for s in suggest_stacks(shipped, DEVELOPER, anchor="Jazz Piano", new=new):
            assert "Fine Arts" in s.areas
            assert s.domains["Fine Arts"] == ("jazz piano",)


def test_integration_already_logged_counts(shipped: PopulationStats) -> None:
    link = IntegrationLink("statistics", "python", 300)
    plain = suggest_stacks(shipped, DEVELOPER, new=1, top=30)
    linked = suggest_stacks(shipped, DEVELOPER, new=1, top=30, integration=[link])
    both = {"Computers and Electronics", "Mathematics"}
    for s in linked:
        expected = 300 if both <= set(s.areas) else 0
        assert s.integration_minutes == expected
        assert s.score_parts["integration"] == pytest.approx(0.5 * expected / 600)
    plain_scores = {s.areas: s.score for s in plain}
    raised = [s for s in linked if s.integration_minutes and s.areas in plain_scores]
    assert raised and all(s.score > plain_scores[s.areas] for s in raised)


def test_per_area_bands_change_only_that_area(shipped: PopulationStats) -> None:
    person = [
        DomainProfile("spanish", "Foreign Language", 2, 0),
        DomainProfile("python", "Computers and Electronics", 4, 0),
    ]
    options = PlanOptions(area_bands={"Foreign Language": HoursBands(CEFR_BANDS)})
    cefr = suggest_stacks(shipped, person, new=1, top=3, options=options)
    default = suggest_stacks(shipped, person, new=1, top=3)
    # spanish 2 -> 3, python already there, the new area 1 -> 3 (200 hours)
    assert {s.feasibility.hours for s in default} == {180 + 0 + 200}
    assert {s.feasibility.hours for s in cefr} == {200 + 0 + 200}


def test_the_persons_history_calibrates_the_hours(shipped: PopulationStats) -> None:
    fast_learner = calibration_factor([(90, 2, 3)] * 20)  # half the bands' 180 hours, often
    options = PlanOptions(calibration=fast_learner)
    plain = {s.areas: s for s in suggest_stacks(shipped, DEVELOPER, new=2, top=20)}
    calibrated = suggest_stacks(shipped, DEVELOPER, new=2, top=20, options=options)
    both = [s for s in calibrated if s.areas in plain]
    assert both
    for s in both:
        assert s.feasibility.hours == pytest.approx(plain[s.areas].feasibility.hours * fast_learner)
    with pytest.raises(InvalidInput):
        suggest_stacks(shipped, DEVELOPER, options=PlanOptions(calibration=0))


@pytest.mark.parametrize(
    ("person", "kwargs", "error"),
    [
        (DEVELOPER, {"new": 3}, InvalidInput),
        (DEVELOPER, {"top": 0}, InvalidInput),
        (DEVELOPER, {"target_level": 9}, InvalidInput),
        (DEVELOPER, {"anchor": "cello"}, NotFound),
        (DEVELOPER, {"anchor": "journaling"}, InvalidInput),
        ([DomainProfile("journaling", None, None, 0)], {}, InvalidInput),
        ([DomainProfile("knitting", "Knitting", 2, 0)], {}, InvalidInput),
        (DEVELOPER[:1], {"new": 1}, InvalidInput),
    ],
)
def test_impossible_requests_are_refused(
    shipped: PopulationStats,
    person: list[DomainProfile],
    kwargs: dict[str, object],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        suggest_stacks(shipped, person, **kwargs)  # type: ignore[arg-type]


def test_one_area_person_gets_two_new_areas(shipped: PopulationStats) -> None:
    suggestions = suggest_stacks(shipped, DEVELOPER[:1], new=2, top=3)
    assert all("Computers and Electronics" in s.areas for s in suggestions)


# ---------------------------------------------------------------------------- exactness


@pytest.mark.parametrize("new", [1, 2])
@pytest.mark.parametrize("anchor", [None, "statistics"])
def test_pruned_equals_exhaustive_on_onet(
    shipped: PopulationStats, new: int, anchor: str | None
) -> None:
    kwargs = {"anchor": anchor, "new": new, "top": 15}
    links = [IntegrationLink("statistics", "jazz piano", 200)]
    fast = suggest_stacks(shipped, DEVELOPER, integration=links, **kwargs)  # type: ignore[arg-type]
    slow = suggest_stacks_exhaustive(shipped, DEVELOPER, integration=links, **kwargs)  # type: ignore[arg-type]
    assert key(fast) == key(slow)
    assert [s.to_dict() for s in fast] == [s.to_dict() for s in slow]


def test_pruned_equals_exhaustive_on_random_populations_up_to_300_domains(
    random_stats: RandomStats, random_person: RandomPerson
) -> None:
    checked = 0
    for seed in range(45):
        rng = np.random.default_rng(seed)
        n_domains = 300 if seed % 15 == 0 else int(rng.integers(5, 120))
        stats = random_stats(seed, n_domains)
        if len(stats.areas) < 5:
            continue
        person = random_person(stats, rng)
        new = 1 + seed % 2
        anchor = person[0].name if seed % 3 == 0 else None
        links = [IntegrationLink(person[0].name, person[1].name, int(rng.integers(1, 900)))]
        kwargs = {
            "anchor": anchor,
            "new": new,
            "top": int(rng.integers(1, 15)),
            "target_level": int(rng.integers(1, 6)),
            "integration": links,
        }
        fast = suggest_stacks(stats, person, **kwargs)  # type: ignore[arg-type]
        slow = suggest_stacks_exhaustive(stats, person, **kwargs)  # type: ignore[arg-type]
        assert key(fast) == key(slow), f"seed {seed}"
        checked += 1
    assert checked >= 40


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    n_domains=st.integers(5, 40),
    new=st.sampled_from([1, 2]),
    top=st.integers(1, 40),
    use_anchor=st.booleans(),
)
def test_pruned_equals_exhaustive_property(
    random_stats: RandomStats,
    random_person: RandomPerson,
    seed: int,
    n_domains: int,
    new: int,
    top: int,
    use_anchor: bool,
) -> None:
    stats = random_stats(seed, n_domains)
    if len(stats.areas) < 5:
        return
    person = random_person(stats, np.random.default_rng(seed))
    anchor = person[-1].name if use_anchor else None
    fast = suggest_stacks(stats, person, anchor=anchor, new=new, top=top)
    slow = suggest_stacks_exhaustive(stats, person, anchor=anchor, new=new, top=top)
    assert key(fast) == key(slow)


def test_ties_are_broken_by_names_identically() -> None:
    # a ring: every area has the same count and the same neighbours' z, so scores tie en masse
    memberships = {f"u{u}": [f"a{u % 12:02d}", f"a{(u + 1) % 12:02d}"] for u in range(36)}
    stats = PopulationStats.from_units(population_from_memberships(memberships))
    person = [DomainProfile("x", "a00", 2, 0), DomainProfile("y", "a05", 2, 0)]
    for new in (1, 2):
        fast = suggest_stacks(stats, person, new=new, top=25)
        slow = suggest_stacks_exhaustive(stats, person, new=new, top=25)
        assert key(fast) == key(slow)
        tied = [s for s in fast if s.score == fast[-1].score]
        assert [s.areas for s in tied] == sorted(
            (s.areas for s in tied), key=lambda areas: tuple(sorted(areas))
        )


def test_large_sparse_population_is_fast_and_exact_for_one_new_area() -> None:
    stats = PopulationStats.from_units(synthetic_population(3000, seed=11))
    rng = np.random.default_rng(11)
    picks = rng.choice(3000, 4, replace=False)
    person = [DomainProfile(f"d{n}", stats.areas[int(a)], 2, 0) for n, a in enumerate(picks)]
    assert key(suggest_stacks(stats, person, new=1)) == key(
        suggest_stacks_exhaustive(stats, person, new=1)
    )
    times = []
    for _ in range(3):
        started = time.perf_counter()
        suggest_stacks(stats, person, new=2)
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 2.0  # the bench shows ~0.01 s; this only guards blow-ups
