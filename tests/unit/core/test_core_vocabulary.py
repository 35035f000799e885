"""The words a user types for kinds, levels and domain names."""

import pytest

from polymath.core.errors import InvalidInput
from polymath.core.kinds import EXPERIMENT, KINDS, READ, REFLECT, parse_kind
from polymath.core.levels import LEVEL_NAMES, level_name, parse_level
from polymath.core.names import clean_name, closest_name, name_key
from polymath.core.text import MAX_NAME_LENGTH


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("read", READ),
        ("READ", READ),
        ("r", READ),
        ("reading", READ),
        ("refl", REFLECT),
        ("ref", REFLECT),
        ("write", REFLECT),
        ("e", EXPERIMENT),
        ("x", EXPERIMENT),
        ("practise", EXPERIMENT),
        (" experiment ", EXPERIMENT),
    ],
)
def test_parse_kind(text: str, kind: str) -> None:
    assert parse_kind(text) == kind


@pytest.mark.parametrize("text", ["re", "", "listen", "readx"])
def test_an_unknown_or_ambiguous_kind_lists_the_three(text: str) -> None:
    with pytest.raises(InvalidInput, match="use read, reflect or experiment"):
        parse_kind(text)


def test_there_are_three_kinds() -> None:
    assert KINDS == ("read", "reflect", "experiment")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("1", 1),
        ("3", 3),
        ("5", 5),
        ("novice", 1),
        ("Advanced", 2),
        ("competent", 3),
        ("prof", 4),
        ("e", 5),
        (" Expert ", 5),
    ],
)
def test_parse_level(text: str, level: int) -> None:
    assert parse_level(text) == level


@pytest.mark.parametrize("text", ["0", "6", "", "master", "-1"])
def test_an_unknown_level_lists_the_scale(text: str) -> None:
    with pytest.raises(InvalidInput, match="1-5"):
        parse_level(text)


def test_level_names_follow_dreyfus() -> None:
    assert [level_name(n) for n in sorted(LEVEL_NAMES)] == [
        "novice",
        "advanced beginner",
        "competent",
        "proficient",
        "expert",
    ]


def test_clean_name_collapses_whitespace() -> None:
    assert clean_name("  jazz \t piano  ") == "jazz piano"
    assert clean_name("Bayesian statistics") == "Bayesian statistics"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("   ", "cannot be empty"),
        ("x" * (MAX_NAME_LENGTH + 1), "at most"),
        ("jazz\x00piano", "control characters"),
        ("jazz\x7f", "control characters"),
    ],
)
def test_a_bad_name_is_refused(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason):
        clean_name(text)


def test_names_compare_without_case_or_extra_spaces() -> None:
    assert name_key("Jazz  Piano") == name_key("jazz piano") == "jazz piano"
    assert name_key("STRASSE") == name_key("straße")


def test_closest_name_suggests_what_the_user_most_likely_meant() -> None:
    names = ["Jazz piano", "Bayesian statistics", "Contract law"]
    assert closest_name("jaz piano", names) == "Jazz piano"
    assert closest_name("bayesian statistic", names) == "Bayesian statistics"
    assert closest_name("knitting", names) is None
    assert closest_name("anything", []) is None
