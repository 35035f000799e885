"""Suggesting an area for a freely named domain."""

from __future__ import annotations

import pytest

from polymath.graph.areas import suggest_area
from polymath.graph.population import PopulationStats


@pytest.mark.parametrize(
    ("name", "area"),
    [
        ("jazz piano", "Fine Arts"),
        ("Bayesian statistics", "Mathematics"),
        ("Spanish", "Foreign Language"),
        ("psychology", "Psychology"),
        ("organic chemistry", "Chemistry"),
        ("Mathematic", "Mathematics"),
        ("machine learning", "Computers and Electronics"),
        ("public speaking", "Communications and Media"),
        ("Law and government", "Law and Government"),
    ],
)
def test_names_map_to_onet_areas(shipped: PopulationStats, name: str, area: str) -> None:
    assert suggest_area(name, shipped.areas) == area


@pytest.mark.parametrize("name", ["zzzz", "", "   ", "xq-7"])
def test_nothing_close_gives_none(shipped: PopulationStats, name: str) -> None:
    assert suggest_area(name, shipped.areas) is None


def test_keywords_only_point_at_areas_on_offer() -> None:
    assert suggest_area("jazz piano", ["Music", "Maths"]) is None
    assert suggest_area("piano", ["Fine Arts", "Music"]) == "Fine Arts"
    assert suggest_area("music", ["Music", "Maths"]) == "Music"
