"""Hours bands, calibration by the person's history, and weeks as a range."""

from __future__ import annotations

import math

import pytest

from polymath.core.errors import InvalidInput
from polymath.graph.feasibility import (
    CEFR_BANDS,
    DEFAULT_LANGUAGE_AREAS,
    DEFAULT_SIGMA,
    Z_80,
    HoursBands,
    Progress,
    budget_sentence,
    calibration_factor,
    estimate_weeks,
    hours_per_year,
    is_language_area,
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


def test_an_interval_without_a_gain_is_censored_not_dropped() -> None:
    # 50 hours at level 2 tell little against a 180-hour band; 400 hours say "slower"
    assert calibration_factor([Progress(hours=50, from_level=2, to_level=2)]) == pytest.approx(
        1.0, abs=0.01
    )
    assert calibration_factor([Progress(400, 2, 2)]) > 1.3
    assert calibration_factor([Progress(90, 2, 3), Progress(200, 3, 3)]) > calibration_factor(
        [Progress(90, 2, 3)]
    )


def test_a_fast_learner_is_calibrated_down_but_one_gain_is_not_trusted_fully() -> None:
    once = calibration_factor([Progress(90, 2, 3)])  # half the 180 hours of the bands
    many = calibration_factor([(90, 2, 3)] * 20)
    assert 0.5 < once < 1.0
    assert many < once
    assert many == pytest.approx(0.5, abs=0.05)


def test_calibration_is_bounded() -> None:
    assert calibration_factor([(1, 1, 5)] * 50) == 0.25
    assert calibration_factor([(100_000, 1, 3)] * 50) == 4.0


def test_weekly_rate_defaults_to_the_five_hour_budget() -> None:
    assert weekly_hours(None) == 5.0
    assert weekly_hours(0) == 5.0
    assert weekly_hours(120) == 2.0
    assert weekly_hours(0, budget_minutes=600) == 10.0


def test_the_default_range_is_half_to_twice_as_an_80_percent_interval() -> None:
    estimate = estimate_weeks(200, 5.0)
    assert (estimate.weeks_low, estimate.weeks_high) == pytest.approx((20, 80))
    assert math.exp(Z_80 * DEFAULT_SIGMA) == pytest.approx(2.0)
    narrow = estimate_weeks(200, 5.0, sigma=0.2)
    assert 20 < narrow.weeks_low < 40 < narrow.weeks_high < 80
    assert estimate_weeks(200, 5.0, spread=(0.9, 1.1)).weeks_high == pytest.approx(44)


def test_the_pace_words_can_say_where_the_pace_came_from() -> None:
    text = estimate_weeks(200, 5.0).describe("5 h a week (your weekly target)")
    assert (
        text == "about 40 weeks (20-80) at 5 h a week (your weekly target), about 260 hours a year"
    )


def test_language_areas_are_recognised_by_name() -> None:
    assert is_language_area("foreign language", DEFAULT_LANGUAGE_AREAS)
    assert is_language_area("languages", DEFAULT_LANGUAGE_AREAS)
    assert not is_language_area("English Language", DEFAULT_LANGUAGE_AREAS)
    assert not is_language_area(None, DEFAULT_LANGUAGE_AREAS)


def test_weeks_are_a_range_around_hours_over_rate() -> None:
    estimate = estimate_weeks(200, 5.0)
    assert estimate.weeks == 40
    assert estimate.weeks_low < estimate.weeks < estimate.weeks_high
    assert estimate.describe() == "about 40 weeks (20-80) at 5 h a week, about 260 hours a year"
    assert estimate_weeks(2000, 2.0).describe() == (
        "about 19 years (9.6-38) at 2 h a week, about 104 hours a year"
    )
    assert estimate_weeks(0, 5.0).describe() == "already there"
    assert estimate_weeks(600, 7.5).describe() == (
        "about 80 weeks (40 weeks to 3.1 years) at 7.5 h a week, about 390 hours a year"
    )
    assert estimate_weeks(10, 5.0).describe().startswith("about 2 weeks (1-4)")
    with pytest.raises(InvalidInput):
        estimate_weeks(10, 0)


def test_five_hours_a_week_is_about_260_hours_a_year() -> None:
    assert hours_per_year(300) == 260
    assert budget_sentence() == "At 5 h a week you have about 260 hours a year to learn."
