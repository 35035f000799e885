"""Mapping a person's freely named domains onto ESCO, with the fall back up the hierarchy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from polymath.core.errors import InvalidInput, NotFound
from polymath.graph.esco import SUPPORT, esco_catalogue, esco_population
from polymath.graph.name_words import LIGHT_VERB, NARROWER, SAME_WORDS, same_word
from polymath.graph.skill_match import SkillMatch, automatic_match, match_skills, resolve_skill

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


# ---------------------------------------------------------------------------- confidence

CASES = Path(__file__).with_name("mapping_cases.tsv")


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    expected: frozenset[str]
    """Acceptable areas; empty when the name should be mapped to nothing."""


def _cases() -> list[Case]:
    rows = [
        line.split("\t")
        for line in CASES.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert rows[0] == ["name", "kind", "expected"]
    return [
        Case(name, kind, frozenset() if want == "none" else frozenset(want.split(" | ")))
        for name, kind, want in rows[1:]
    ]


@pytest.fixture(scope="module", name="offered")
def offered_fixture() -> dict[str, list[SkillMatch]]:
    return {case.name: match_skills(case.name, limit=5) for case in _cases()}


def test_the_committed_names_are_many_and_varied() -> None:
    cases = _cases()
    assert len(cases) >= 80
    assert {"hobby", "language", "instrument", "science", "craft", "profession", "software"} <= {
        case.kind for case in cases
    }
    assert sum(not case.expected for case in cases) >= 15
    stats = esco_population()
    assert all(stats.has_area(area) for case in cases for area in case.expected)


def test_automatic_mappings_are_rarely_wrong_and_often_made(
    offered: dict[str, list[SkillMatch]],
) -> None:
    cases = _cases()
    automatic = {
        c.name: offered[c.name][0] if offered[c.name] and offered[c.name][0].confident else None
        for c in cases
    }
    made = [c for c in cases if automatic[c.name] is not None]
    right = [c for c in made if automatic[c.name].area in c.expected]  # type: ignore[union-attr]
    with_area = [c for c in cases if c.expected]
    assert len(right) / len(made) >= 0.95  # measured: 63 of 65
    assert len(right) / len(with_area) >= 0.5  # measured: 63 of 115
    assert all(automatic[c.name] is None for c in cases if not c.expected)


def test_the_right_area_is_usually_among_the_candidates_offered(
    offered: dict[str, list[SkillMatch]],
) -> None:
    with_area = [c for c in _cases() if c.expected]
    found = [c for c in with_area if any(m.area in c.expected for m in offered[c.name])]
    assert len(found) / len(with_area) >= 0.75  # measured: 90 of 115


@pytest.mark.parametrize(
    "name", ["chess", "drawing", "bar", "project-1", "Kintsugi", "running", "public speaking"]
)
def test_a_name_esco_does_not_hold_is_not_mapped_without_asking(name: str) -> None:
    assert automatic_match(name) is None
    for match in match_skills(name):
        assert not match.confident


@pytest.mark.parametrize(
    ("name", "area", "why"),
    [
        ("Jazz piano", "play musical instruments", LIGHT_VERB),
        ("Statistics", "statistics (knowledge)", SAME_WORDS),
        ("Spanish", "mastering languages", SAME_WORDS),
        ("machine learning", "principles of artificial intelligence", SAME_WORDS),
        ("video editing", "perform video editing", LIGHT_VERB),
        ("Behavioural economics", "economics (knowledge)", NARROWER),
    ],
)
def test_a_name_whose_words_a_label_carries_is_mapped(name: str, area: str, why: str) -> None:
    found = automatic_match(name)
    assert found is not None and found.confident
    assert (found.area, found.basis) == (area, why)
    assert match_skills(name)[0] == found  # the automatic choice is the first one offered


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("swim", "swimming", True),
        ("dance", "dancing", True),
        ("run", "running", True),
        ("economy", "economics", True),
        ("music", "musical", True),
        ("engine", "engineering", False),
        ("pain", "painting", False),
        ("draw", "drawer", True),
        ("ux", "ux", True),
        ("art", "bar", False),
    ],
)
def test_inflected_forms_are_the_same_word(a: str, b: str, same: bool) -> None:
    assert same_word(a, b) is same
    assert same_word(b, a) is same
