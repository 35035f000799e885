"""Pair labels: exact tails, the lift one can vouch for, Benjamini-Hochberg, what gets a word."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2, hypergeom

from polymath.core.errors import InvalidInput
from polymath.graph.labels import (
    ATYPICAL,
    CONVENTIONAL,
    NEAR_CHANCE,
    NOT_SIGNIFICANT,
    SIGNIFICANT,
    UBIQUITOUS,
    WEAK_EFFECT,
    LabelRule,
    PairEvidence,
    benjamini_hochberg_cutoff,
    discover,
    exact_tail,
    label_pair,
    lift_bounds,
    pair_evidence,
    signed_strength,
)
from polymath.graph.population import (
    PopulationStats,
    population_from_memberships,
    read_onet_csv,
)

RULE = LabelRule()


@st.composite
def hypergeometric_cases(draw: st.DrawFn) -> tuple[int, int, int, int]:
    n_units = draw(st.integers(2, 4000))
    n_a = draw(st.integers(0, n_units))
    n_b = draw(st.integers(0, n_units))
    low, high = max(0, n_a + n_b - n_units), min(n_a, n_b)
    return draw(st.integers(low, high)), n_a, n_b, n_units


@settings(max_examples=300, deadline=None)
@given(case=hypergeometric_cases())
def test_exact_tails_equal_scipy(case: tuple[int, int, int, int]) -> None:
    observed, n_a, n_b, n_units = case
    upper = exact_tail(observed, n_a, n_b, n_units, upper=True)[0]
    lower = exact_tail(observed, n_a, n_b, n_units, upper=False)[0]
    expected_upper = hypergeom.sf(observed - 1, n_units, n_a, n_b)
    expected_lower = hypergeom.cdf(observed, n_units, n_a, n_b)
    for mine, theirs in ((upper, expected_upper), (lower, expected_lower)):
        if theirs > 1e-290:
            assert mine == pytest.approx(theirs, rel=1e-9, abs=1e-300)
        else:
            assert mine < 1e-280
    assert upper + lower >= 1.0 - 1e-9  # the two tails share P[X = O]


def test_tails_of_many_pairs_at_once_match_one_at_a_time(shipped: PopulationStats) -> None:
    n = shipped.counts
    i, j, o = shipped.pair_i, shipped.pair_j, shipped.pair_observed
    many = exact_tail(o, n[i], n[j], shipped.n_units, upper=False)
    one = [exact_tail(o[k], n[i[k]], n[j[k]], shipped.n_units, upper=False)[0] for k in (0, 7, 99)]
    assert list(many[[0, 7, 99]]) == one


@settings(max_examples=100, deadline=None)
@given(
    observed=st.integers(0, 5000),
    expected=st.floats(0.01, 5000),
    alpha=st.sampled_from([0.01, 0.05, 0.1]),
)
def test_lift_bounds_are_garwood_exact_poisson_bounds(
    observed: int, expected: float, alpha: float
) -> None:
    low, high = lift_bounds([observed], [expected], alpha)
    garwood_low = 0.0 if observed == 0 else chi2.ppf(alpha, 2 * observed) / 2
    garwood_high = chi2.ppf(1 - alpha, 2 * observed + 2) / 2
    assert low[0] == pytest.approx(garwood_low / expected, rel=1e-9, abs=1e-12)
    assert high[0] == pytest.approx(garwood_high / expected, rel=1e-9)
    assert low[0] <= observed / expected <= high[0]


def test_strength_is_the_share_beyond_or_missing_from_chance_at_the_bound() -> None:
    low, high = lift_bounds([40, 2], [10.0, 20.0], 0.05)
    strength = signed_strength([40, 2], [10.0, 20.0], [1, -1], 0.05)
    assert strength[0] == pytest.approx(1 - 1 / low[0])
    assert strength[1] == pytest.approx(-(1 - high[1]))
    assert 0 < strength[0] < 1 and -1 < strength[1] < 0
    # a pair too weak for its bound gets no strength, whatever its side
    assert signed_strength([11], [10.0], [1], 0.05)[0] == 0.0
    assert signed_strength([9], [10.0], [-1], 0.05)[0] == 0.0


def test_strength_settles_while_z_grows_with_the_population() -> None:
    base = {f"u{k}": ["a", "b"] for k in range(30)}  # N = 150, n_a = n_b = 50: lift 1.8
    base |= {f"v{k}": ["a"] for k in range(20)}
    base |= {f"w{k}": ["b"] for k in range(20)}
    base |= {f"x{k}": ["c"] for k in range(80)}
    small = PopulationStats.from_units(population_from_memberships(base))
    big = PopulationStats.from_units(
        population_from_memberships(
            {f"{unit}-{copy}": areas for unit, areas in base.items() for copy in range(50)}
        )
    )
    found = []
    for stats in (small, big):
        pair = stats.pair("a", "b")
        found.append((pair.z, pair.lift, label_pair(pair, RULE).strength))
    (z_small, lift_small, s_small), (z_big, lift_big, s_big) = found
    assert lift_small == pytest.approx(lift_big)
    assert z_big > 6 * z_small  # evidence grows like the square root of N
    assert 0 < s_small < s_big < 1 - 1 / lift_big + 1e-9  # strength approaches 1 - 1/lift
    assert s_big - s_small < 0.3


def test_benjamini_hochberg_cutoff_by_hand() -> None:
    p = np.array([0.001, 0.008, 0.039, 0.041])
    # 10 tests at 5%: the k-th smallest must be <= k * 0.005
    assert benjamini_hochberg_cutoff(p, 10, 0.05) == 0.008
    assert benjamini_hochberg_cutoff(p, 4, 0.05) == 0.041
    assert benjamini_hochberg_cutoff(np.array([0.2]), 10, 0.05) == 0.0
    assert benjamini_hochberg_cutoff(np.array([]), 10, 0.05) == 0.0


def test_discoveries_equal_a_full_benjamini_hochberg_over_every_pair(
    shipped: PopulationStats,
) -> None:
    """The cheap candidate list gives the same answer as testing every pair with SciPy."""
    big_n, n = shipped.n_units, shipped.counts
    observed = shipped.observed_matrix()
    pairs = list(itertools.combinations(range(len(n)), 2))
    tests = []
    for i, j in pairs:
        o, e = observed[i, j], n[i] * n[j] / big_n
        usable = max(n[i], n[j]) <= 0.8 * big_n and min(n[i], n[j]) >= 5
        lower = hypergeom.cdf(o, big_n, n[i], n[j])
        upper = hypergeom.sf(o - 1, big_n, n[i], n[j])
        tests.append((lower if usable and o <= 0.67 * e else 1.0, (i, j, -1)))
        tests.append((upper if usable and o >= 1.5 * e else 1.0, (i, j, 1)))
    tests.sort(key=lambda item: item[0])
    m = len(tests)
    passing = [k for k, (p, _) in enumerate(tests, 1) if p <= k * 0.05 / m]
    expected = {key for p, key in tests[: passing[-1]]} if passing else set()

    evidence = pair_evidence(shipped, RULE)
    found = discover(evidence, lambda i, j: np.ones(len(i), dtype=bool), len(pairs))
    got = {(int(i), int(j), int(s)) for i, j, s in zip(found.i, found.j, found.side, strict=True)}
    assert got == expected
    assert len(got) > 100  # O*NET has plenty of real signal
    assert found.tests == 2 * 528


def test_pairs_never_seen_together_are_tested_too(onet_stats: PopulationStats) -> None:
    evidence = PairEvidence(onet_stats, RULE)
    zero = {
        (int(i), int(j))
        for i, j, o in zip(evidence.i, evidence.j, evidence.observed, strict=True)
        if o == 0
    }
    n, big_n = onet_stats.counts, onet_stats.n_units
    observed = onet_stats.observed_matrix()
    expected = set()
    for i, j in itertools.combinations(range(len(n)), 2):
        labelable = min(n[i], n[j]) >= 5 and max(n[i], n[j]) <= 0.8 * big_n
        if observed[i, j] == 0 and labelable and hypergeom.pmf(0, big_n, n[i], n[j]) <= 0.05:
            expected.add((i, j))
    assert zero == expected
    assert zero  # e.g. Biology and Fine Arts: 0 where 5.0 by chance


def test_reference_pairs_get_the_labels_a_reader_expects(shipped: PopulationStats) -> None:
    evidence = pair_evidence(shipped, RULE)
    found = discover(evidence, lambda i, j: np.ones(len(i), dtype=bool), 528)

    def label(a: str, b: str) -> tuple[str, str]:
        result = label_pair(shipped.pair(a, b), RULE, cutoff=found.cutoff, family_tests=found.tests)
        return result.label, result.reason

    assert label("Mechanical", "Psychology") == (ATYPICAL, SIGNIFICANT)
    assert label("Psychology", "Therapy and Counseling") == (CONVENTIONAL, SIGNIFICANT)
    # 2 of 968 where 3.6 by chance, z = -0.90: once called "an unusual pair"
    assert label("Building and Construction", "History and Archeology") == (
        NEAR_CHANCE,
        NOT_SIGNIFICANT,
    )
    # z = +0.13 and z = -1.02: once "conventional" and "unusual"
    assert label("Economics and Accounting", "Psychology")[0] == NEAR_CHANCE
    assert label("Building and Construction", "Computers and Electronics")[0] == NEAR_CHANCE
    # huge evidence, weak effect: the "most unusual pair" of old
    english = shipped.pair("English Language", "Mechanical")
    assert english.tails()[0] < 1e-15 and english.lift > 0.8
    assert label("English Language", "Mechanical") == (NEAR_CHANCE, UBIQUITOUS)


def test_an_area_used_by_most_units_is_never_labelled(shipped: PopulationStats) -> None:
    evidence = pair_evidence(shipped, RULE)
    english = shipped.index_of("English Language")
    assert shipped.count("English Language") > 0.8 * shipped.n_units
    assert english not in set(evidence.i.tolist()) | set(evidence.j.tolist())
    strict = LabelRule(ubiquitous_share=1.0)
    pair = shipped.pair("English Language", "Mechanical")
    assert label_pair(pair, strict).reason == WEAK_EFFECT  # lift 0.83 is not <= 0.67 anyway


def test_every_label_shown_agrees_with_the_discoveries(shipped: PopulationStats) -> None:
    evidence = pair_evidence(shipped, RULE)
    found = discover(evidence, lambda i, j: np.ones(len(i), dtype=bool), 528)
    side = {(int(i), int(j)): int(s) for i, j, s in zip(found.i, found.j, found.side, strict=True)}
    for i, j in itertools.combinations(range(len(shipped.areas)), 2):
        shown = label_pair(shipped.pair(i, j), RULE, cutoff=found.cutoff, family_tests=found.tests)
        expected = {1: CONVENTIONAL, -1: ATYPICAL}.get(side.get((i, j), 0), NEAR_CHANCE)
        assert shown.label == expected, (shipped.areas[i], shipped.areas[j])
        assert (shown.strength != 0) == (shown.label != NEAR_CHANCE) or shown.strength == 0
        if shown.label != NEAR_CHANCE:
            assert shown.p_value <= shown.cutoff


def test_a_pair_alone_is_a_two_sided_test_at_alpha(shipped: PopulationStats) -> None:
    pair = shipped.pair("Mechanical", "Psychology")
    alone = label_pair(pair, RULE)
    assert alone.cutoff == 0.025 and alone.family_tests == 2
    assert alone.tail == "lower" and alone.p_value == pytest.approx(pair.tails()[0], rel=1e-9)
    assert alone.lift_bound > alone.lift  # an upper bound for a rare pair
    data = alone.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_an_area_nobody_uses_gives_no_nan() -> None:
    memberships = {f"u{k}": ["a", "b"] if k % 2 else ["a"] for k in range(40)}
    stats = PopulationStats.from_units(population_from_memberships(memberships))
    pair = stats.pair("a", "b")  # a is used by every unit: no variance
    shown = label_pair(pair, RULE)
    assert shown.label == NEAR_CHANCE
    assert not any(isinstance(v, float) and math.isnan(v) for v in shown.to_dict().values())


@pytest.mark.parametrize(
    "settings_",
    [
        {"alpha": 0.0},
        {"alpha": 0.5},
        {"atypical_lift": 1.2},
        {"bridge_lift": 0.9},
        {"ubiquitous_share": 0.0},
        {"min_area_units": 0},
    ],
)
def test_impossible_label_settings_are_refused(settings_: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        LabelRule(**settings_)  # type: ignore[arg-type]


def test_evidence_is_built_once_per_population_and_rule(shipped: PopulationStats) -> None:
    assert pair_evidence(shipped, RULE) is pair_evidence(shipped, LabelRule())
    assert pair_evidence(shipped, LabelRule(alpha=0.01)) is not pair_evidence(shipped, RULE)


def test_the_raw_file_and_the_shipped_statistics_label_alike(onet_csv: object) -> None:
    raw = PopulationStats.from_units(read_onet_csv(onet_csv))  # type: ignore[arg-type]
    from polymath.graph.population import default_population

    a, b = pair_evidence(raw, RULE), pair_evidence(default_population(), RULE)
    assert np.array_equal(a.i, b.i) and np.array_equal(a.j, b.j)
    assert np.allclose(a.p, b.p, rtol=1e-12)
