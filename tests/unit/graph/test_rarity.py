"""Rarity of a stack under a Gaussian copula, checked against DESIGN's figures."""

from __future__ import annotations

import numpy as np
import pytest

from polymath.core.errors import InvalidInput
from polymath.graph.rarity import (
    DEFAULT_LEVEL_QUANTILES,
    RARITY_DEFINITION,
    Rarity,
    _orthant,
    joint_top_probability,
    rarity_assumptions,
    stack_rarity,
    top_fraction,
    valid_correlation,
)


def equicorrelated(rho: float, size: int = 3) -> np.ndarray:
    matrix = np.full((size, size), rho)
    np.fill_diagonal(matrix, 1.0)
    return matrix


@pytest.mark.parametrize(
    ("rho", "expected", "tolerance"),
    [(0.0, 0.015625, 1e-6), (0.3, 0.045, 0.001), (0.5, 0.073, 0.001)],
)
def test_three_top_quarter_skills(rho: float, expected: float, tolerance: float) -> None:
    # DESIGN: 1.5625% if independent, about 4.5% at 0.3 and 7.3% at 0.5
    assert joint_top_probability([0.25] * 3, equicorrelated(rho)) == pytest.approx(
        expected, abs=tolerance
    )


def test_top_one_percent_needs_about_top_21_5_percent_in_each() -> None:
    assert joint_top_probability([0.215] * 3, np.eye(3)) == pytest.approx(0.01, abs=1e-4)


def test_correlation_erodes_rarity() -> None:
    values = [joint_top_probability([0.25, 0.1, 0.5], equicorrelated(r)) for r in (0, 0.2, 0.4)]
    assert values == sorted(values)


def test_deterministic_even_without_the_cache() -> None:
    first = joint_top_probability([0.25, 0.1, 0.02], equicorrelated(0.35))
    _orthant.cache_clear()
    assert joint_top_probability([0.25, 0.1, 0.02], equicorrelated(0.35)) == first


def test_novice_members_impose_nothing() -> None:
    both = joint_top_probability([0.25, 0.25], equicorrelated(0.3, 2))
    assert joint_top_probability([1.0, 0.25, 0.25], equicorrelated(0.3)) == pytest.approx(both)
    assert joint_top_probability([1.0, 0.1, 1.0], equicorrelated(0.3)) == 0.1
    assert joint_top_probability([1.0, 1.0, 1.0], equicorrelated(0.3)) == 1.0


def test_level_mapping_defaults_and_edits() -> None:
    assert [top_fraction(level) for level in range(1, 6)] == [1.0, 0.5, 0.25, 0.1, 0.02]
    assert top_fraction(None) == 1.0
    custom = dict(DEFAULT_LEVEL_QUANTILES) | {3: 0.3}
    assert top_fraction(3, custom) == 0.3
    with pytest.raises(InvalidInput):
        top_fraction(6)


def test_range_brackets_the_estimate_and_independence_is_the_product() -> None:
    corr = equicorrelated(0.3)
    rarity = stack_rarity([0.25, 0.1, 0.25], corr)
    assert rarity.low <= rarity.estimate <= rarity.high
    assert rarity.low < rarity.high
    assert rarity.independent == pytest.approx(0.25 * 0.1 * 0.25)
    assert rarity.describe().startswith("top ")
    assert set(rarity.to_dict()) == {"estimate", "low", "high", "independent", "top"}


def test_impossible_correlations_are_made_positive_definite() -> None:
    impossible = np.array([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]])
    fixed = valid_correlation(impossible)
    assert np.linalg.eigvalsh(fixed)[0] > 0
    assert np.allclose(np.diag(fixed), 1.0)
    rarity = stack_rarity([0.25, 0.25, 0.25], impossible)
    assert 0 <= rarity.low <= rarity.high <= 0.25


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(InvalidInput):
        joint_top_probability([0.25, 0.25], np.eye(3))
    with pytest.raises(InvalidInput):
        joint_top_probability([0.0, 0.25, 0.5], np.eye(3))


def test_figures_below_a_hundredth_of_a_percent_are_not_given_false_precision() -> None:
    assert Rarity(2e-72, 1e-75, 7.6e-3, 1e-70, (0.02,) * 3).describe() == (
        "top < 0.01% to 0.76% (below 0.01%)"
    )
    assert Rarity(0.001, 5e-5, 0.0076, 0.001, (0.02,) * 3).describe() == (
        "top < 0.01% to 0.76% (about 0.1%)"
    )
    assert Rarity(1e-6, 1e-7, 5e-5, 1e-6, (0.02,) * 3).describe() == "top < 0.01%"
    assert "e-" not in Rarity(3e-4, 1e-4, 9e-4, 3e-4, (0.1,) * 3).describe()


def test_the_assumptions_state_the_definition_and_the_editable_mapping() -> None:
    lines = rarity_assumptions({1: 1.0, 2: 0.5, 3: 0.3, 4: 0.1, 5: 0.02}, 0.1)
    assert lines[0] == RARITY_DEFINITION
    assert "competent = top 30%" in lines[1] and "(editable)" in lines[1]
    assert any("Gaussian copula" in line for line in lines)
    assert any("-/+0.1" in line for line in lines)
