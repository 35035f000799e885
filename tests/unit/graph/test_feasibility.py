"""Hours bands, calibration by the person's history, and weeks as a range."""

from __future__ import annotations

import pytest

from polymath.core.errors import InvalidInput
from polymath.graph.feasibility import (
    CEFR_BANDS,
    HoursBands,
    Progress,
    budget_sentence,
    calibration_factor,
    estimate_weeks,
    hours_per_year,
    weekly_hours,
)


def test_default_bands_are_cumulative_hours_per_level() -> None:
    bands = HoursBands()
    assert [bands.hours_to_reach(level) for level in range(1, 6)] == [0, 20, 200, 1000, 5000]
    assert bands.hours_between(None, 3) == 200
    assert bands.hours_between(3, 5) == 4800
    assert bands.hours_between(4, 3) == 0


def test_language_bands_are_about_200_hours_a_level() -> None:
    bands = HoursBands(CEFR_BANDS)
    assert bands.hours_between(2, 3) == 200


@pytest.mark.parametrize(
    "cumulative",
    [{2: 20.0}, {1: 0.0, 2: 20.0, 4: 100.0}, {1: 5.0, 2: 20.0}, {1: 0.0, 2: 50.0, 3: 40.0}],
)
def test_malformed_bands_are_refused(cumulative: dict[int, float]) -> None:
    with pytest.raises(InvalidInput):
        HoursBands(cumulative)


def test_no_history_means_no_calibration() -> None:
    assert calibration_factor([]) == 1.0
    assert calibration_factor([Progress(hours=50, from_level=2, to_level=2)]) == 1.0


def test_a_fast_learner_is_calibrated_down_but_one_gain_is_not_trusted_fully() -> None:
    once = calibration_factor([Progress(90, 2, 3)])  # half the 180 hours of the bands
    many = calibration_factor([(90, 2, 3)] * 20)
    assert 0.5 < once < 1.0
    assert many < once
    assert many == pytest.approx(0.5, abs=0.05)


def test_calibration_is_bounded() -> None:
    assert calibration_factor([(1, 1, 5)] * 50) == 0.5
    assert calibration_factor([(100_000, 1, 3)] * 50) == 2.0


def test_weekly_rate_defaults_to_the_five_hour_budget() -> None:
    assert weekly_hours(None) == 5.0
    assert weekly_hours(0) == 5.0
    assert weekly_hours(120) == 2.0
    assert weekly_hours(0, budget_minutes=600) == 10.0


def test_weeks_are_a_range_around_hours_over_rate() -> None:
    estimate = estimate_weeks(200, 5.0)
    assert estimate.weeks == 40
    assert estimate.weeks_low < estimate.weeks < estimate.weeks_high
    assert estimate.describe() == "about 40 weeks (20-80) at 5 h a week, about 260 hours a year"
    assert estimate_weeks(2000, 2.0).describe() == (
        "about 19 years (9.6-38) at 2 h a week, about 104 hours a year"
    )
    assert estimate_weeks(0, 5.0).describe() == "already there"
    with pytest.raises(InvalidInput):
        estimate_weeks(10, 0)


def test_five_hours_a_week_is_about_260_hours_a_year() -> None:
    assert hours_per_year(300) == 260
    assert budget_sentence() == "At 5 h a week you have about 260 hours a year to learn."
