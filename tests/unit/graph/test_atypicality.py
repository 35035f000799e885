"""Atypicality z, lift, exact tails, the randomised null and the correlations for rarity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import hypergeom, spearmanr

from polymath.graph.atypicality import (
    _curveball_round,
    atypicality_z,
    cooccurrence,
    expected_cooccurrence,
    hypergeometric_variance,
    lift,
    pearson_correlation,
    phi_correlation,
    phi_shrinkage_intensity,
    randomised_null,
    shrinkage_intensity,
    tail_probabilities,
)
from polymath.graph.population import PopulationStats, synthetic_population


def test_expected_variance_and_z_by_hand() -> None:
    # N = 10 units, 4 use a, 5 use b, 3 use both
    assert expected_cooccurrence(4, 5, 10) == pytest.approx(2.0)
    var = hypergeometric_variance(4, 5, 10)
    assert var == pytest.approx(4 * 5 * 6 * 5 / (100 * 9))
    assert var == pytest.approx(hypergeom(10, 4, 5).var())
    assert atypicality_z(3, 4, 5, 10) == pytest.approx((3 - 2.0) / np.sqrt(var))
    assert lift(3, 4, 5, 10) == pytest.approx(1.5)


def test_z_is_zero_without_variance() -> None:
    assert atypicality_z(0, 0, 5, 10) == 0.0  # a domain nobody uses
    assert atypicality_z(5, 10, 5, 10) == 0.0  # a domain everybody uses
    assert np.isnan(lift(0, 0, 5, 10))


def test_tails_are_exact_hypergeometric_sums() -> None:
    at_most, at_least = tail_probabilities(1, 4, 5, 10)
    pmf = hypergeom(10, 4, 5).pmf
    assert at_most == pytest.approx(pmf(0) + pmf(1))
    assert at_least == pytest.approx(sum(pmf(k) for k in range(1, 5)))


def test_onet_reference_pairs(onet_stats: PopulationStats) -> None:
    mechanical = onet_stats.pair("Mechanical", "Psychology")
    assert mechanical.observed == 14
    assert mechanical.expected == pytest.approx(63.9, abs=0.05)
    assert mechanical.z == pytest.approx(-8.47, abs=0.005)
    assert onet_stats.pair("Psychology", "Therapy and Counseling").z == pytest.approx(
        18.76, abs=0.005
    )
    assert onet_stats.pair("Design", "Engineering and Technology").z == pytest.approx(
        18.54, abs=0.005
    )
    at_most, at_least = mechanical.tails()
    assert (at_most, at_least) == tail_probabilities(14, 303, 204, 968)
    assert at_most < 1e-12 and at_least > 0.999  # so few by chance is practically impossible


def test_shipped_statistics_match_the_reference_figures(shipped: PopulationStats) -> None:
    assert shipped.n_units == 968
    assert shipped.count("English Language") == 827
    assert shipped.pair("Mechanical", "Psychology").z == pytest.approx(-8.47, abs=0.005)


def test_null_ranks_pairs_like_the_hypergeometric_z_but_is_centred(
    shipped: PopulationStats,
) -> None:
    assert shipped.null is not None
    iu = np.triu_indices(len(shipped.areas), k=1)
    z = shipped.z_matrix()[iu]
    null_z = shipped.null.z[iu]
    rho = spearmanr(z, null_z).statistic
    assert 0.95 < rho < 0.99  # DESIGN: about 0.97
    assert abs(np.mean(null_z)) < 0.5 < np.mean(z)


def _margins(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return matrix.sum(axis=0), matrix.sum(axis=1)


@settings(max_examples=50, deadline=None)
@given(
    matrix=arrays(bool, st.tuples(st.integers(1, 12), st.integers(1, 8))),
    seed=st.integers(0, 2**32 - 1),
)
def test_curveball_keeps_every_unit_and_domain_count(matrix: np.ndarray, seed: int) -> None:
    shuffled = matrix.copy()
    rng = np.random.default_rng(seed)
    for _ in range(5):
        _curveball_round(shuffled, rng)
    columns, rows = _margins(matrix)
    new_columns, new_rows = _margins(shuffled)
    assert (columns == new_columns).all()
    assert (rows == new_rows).all()


def test_null_is_reproducible_from_its_seed() -> None:
    uses = synthetic_population(30, seed=3).uses.toarray().astype(bool)
    first = randomised_null(uses, samples=30, seed=7)
    again = randomised_null(uses, samples=30, seed=7)
    other = randomised_null(uses, samples=30, seed=8)
    assert np.array_equal(first.z, again.z)
    assert not np.array_equal(first.z, other.z)
    assert (first.seed, first.samples) == (7, 30)


def test_null_actually_mixes() -> None:
    uses = synthetic_population(30, seed=3).uses.toarray().astype(bool)
    shuffled = uses.copy()
    _curveball_round(shuffled, np.random.default_rng(0))
    assert not np.array_equal(shuffled, uses)


def test_cooccurrence_is_b_transpose_b() -> None:
    uses = np.array([[1, 1, 0], [0, 1, 1], [1, 1, 1]], dtype=bool)
    counts, observed = cooccurrence(uses)
    dense = uses.astype(int)
    assert counts.tolist() == [2, 3, 2]
    assert np.array_equal(observed.toarray(), dense.T @ dense)


def test_pearson_matches_numpy_and_handles_missing_weights() -> None:
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(50, 4))
    weights[:, 1] += weights[:, 0]
    r, n = pearson_correlation(weights)
    assert np.allclose(r, np.corrcoef(weights, rowvar=False))
    assert (n == 50).all()
    holes = weights.copy()
    holes[:10, 2] = np.nan
    r, n = pearson_correlation(holes)
    assert n[0, 2] == 40
    assert r[0, 2] == pytest.approx(np.corrcoef(weights[10:, 0], weights[10:, 2])[0, 1])


def test_phi_is_pearson_of_zero_one_columns() -> None:
    rng = np.random.default_rng(1)
    uses = rng.random((80, 5)) < 0.3
    counts, observed = cooccurrence(uses)
    o = observed.toarray()
    phi = phi_correlation(o, counts[:, None], counts[None, :], 80)
    assert np.allclose(phi, np.corrcoef(uses.astype(float), rowvar=False))


def test_shrinkage_pulls_noisy_correlations_toward_zero() -> None:
    strong = shrinkage_intensity([0.8, 0.7, 0.75], [1000, 1000, 1000])
    noisy = shrinkage_intensity([0.1, -0.05, 0.08], [20, 20, 20])
    assert 0 <= strong < 0.01
    assert noisy == 1.0


def test_closed_form_phi_shrinkage_equals_the_dense_computation() -> None:
    population = synthetic_population(60, seed=4)
    stats = PopulationStats.from_units(population)
    n = stats.counts
    o = stats.observed_matrix()
    phi = phi_correlation(o, n[:, None], n[None, :], stats.n_units)
    iu = np.triu_indices(len(n), k=1)
    valid = (n > 0) & (n < stats.n_units)
    keep = valid[iu[0]] & valid[iu[1]]
    dense = shrinkage_intensity(phi[iu][keep], np.full(keep.sum(), stats.n_units))
    closed = phi_shrinkage_intensity(
        n, stats.pair_i, stats.pair_j, stats.pair_observed, stats.n_units
    )
    assert closed == pytest.approx(dense, rel=1e-9)
    assert stats.shrinkage == pytest.approx(closed)


def test_onet_correlations_are_shrunk_pearson(onet_stats: PopulationStats) -> None:
    assert onet_stats.correlation_method == "pearson"
    assert 0 < onet_stats.shrinkage < 0.1
    assert onet_stats.correlation("Psychology", "Therapy and Counseling") > 0.5
    assert onet_stats.correlation("Mechanical", "Psychology") < 0
