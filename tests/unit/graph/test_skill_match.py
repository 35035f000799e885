"""Mapping a person's freely named domains onto ESCO, with the fall back up the hierarchy."""

from __future__ import annotations

import pytest

from polymath.core.errors import InvalidInput, NotFound
from polymath.graph.esco import SUPPORT, esco_catalogue, esco_population
from polymath.graph.skill_match import match_skills, resolve_skill

PIANO_URI = "http://data.europa.eu/esco/skill/2e059433-c3a0-409a-a139-4b4e087ed366"


def test_a_rare_skill_falls_back_to_its_broader_skill() -> None:
    best = match_skills("play the piano")[0]
    assert best.matched == "play the piano"
    assert best.matched_occupations == 2
    assert best.area == "play musical instruments"
    assert best.area_occupations == 26
    assert best.fell_back
    assert best.path == ("play the piano", "play musical instruments")
    assert "fewer than 5" in best.why() and "play musical instruments" in best.why()


def test_jazz_piano_is_planned_as_playing_instruments() -> None:
    assert match_skills("Jazz piano")[0].area == "play musical instruments"


def test_an_exact_label_wins_and_the_specific_concept_comes_before_its_group() -> None:
    matches = match_skills("statistics", limit=3)
    assert [m.area for m in matches[:2]] == ["statistics (knowledge)", "statistics"]
    assert matches[0].score == 100.0
    assert not matches[0].fell_back
    assert "used by 112 occupations" in matches[0].why()


def test_alternative_labels_match_and_are_named() -> None:
    best = match_skills("Python programming")[0]
    assert best.area == "Python (computer programming)"
    found = match_skills("tree nursing", limit=1)[0]
    assert found.matched == "nurse trees"
    assert found.matched_label == "tree nursing"
    assert "(as 'tree nursing')" in found.why()


def test_every_match_is_an_area_with_enough_support() -> None:
    stats = esco_population()
    for name in ("Spanish", "violin", "UX design", "data science", "nursing", "economics"):
        matches = match_skills(name)
        assert matches, name
        assert len({m.area for m in matches}) == len(matches)
        for match in matches:
            assert stats.count(match.area) == match.area_occupations >= SUPPORT


def test_a_language_without_occupations_falls_back_to_languages() -> None:
    best = match_skills("Spanish")[0]
    assert best.matched == "Spanish"
    assert best.matched_occupations == 0
    assert best.fell_back
    assert "language" in best.area


def test_nothing_close_gives_no_match() -> None:
    assert match_skills("qzxv wvpq") == []
    assert match_skills("   ") == []
    with pytest.raises(InvalidInput):
        match_skills("music", limit=0)


def test_skill_by_uri_label_or_area_name() -> None:
    assert resolve_skill(PIANO_URI).area == "play musical instruments"
    assert resolve_skill("PLAY THE PIANO").area == "play musical instruments"
    assert resolve_skill("statistics").area == "statistics"  # an area name is taken as it is
    assert resolve_skill("statistics (knowledge)").area == "statistics (knowledge)"
    assert resolve_skill("make music with the piano").matched == "play the piano"


def test_unknown_skill_suggests_the_closest() -> None:
    with pytest.raises(NotFound, match="did you mean 'play the piano'"):
        resolve_skill("play the pianoo")
    with pytest.raises(NotFound, match="no ESCO concept"):
        resolve_skill("http://data.europa.eu/esco/skill/none")
    with pytest.raises(InvalidInput):
        resolve_skill("  ")


def test_groups_that_repeat_a_broader_label_plan_as_the_broader() -> None:
    catalogue = esco_catalogue()
    repeats = [
        c
        for c, kind in enumerate(catalogue.kinds)
        if kind == "group"
        and catalogue.area_of(c) is None
        and catalogue.area_concept(c) not in (None, c)
    ]
    assert repeats  # "management skills" S4.0 and S4.0.0 plan as S4
    for concept in repeats:
        twin = catalogue.area_concept(concept)
        assert twin is not None
        assert catalogue.labels[twin].casefold() == catalogue.labels[concept].casefold()
        assert catalogue.support[twin] >= catalogue.support[concept]


def test_mapping_a_name_loads_neither_numpy_nor_the_statistics() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from polymath.graph.skill_match import match_skills\n"
        "print(match_skills('jazz piano')[0].area)\n"
        "assert 'numpy' not in sys.modules and 'scipy' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "play musical instruments"
