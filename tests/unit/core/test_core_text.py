"""The one rule for stored text, and the one function that shows any text safely."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polymath.core.errors import InvalidInput
from polymath.core.text import (
    MAX_NOTE_LENGTH,
    cell_width,
    clean_name,
    clean_note,
    display,
    pad,
    unsafe,
)

ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF))


@pytest.mark.parametrize(
    "name",
    [
        "jazz\x1b[2J",  # C0: an escape sequence
        "jazz\x9bpiano",  # C1: a single-byte CSI
        "jazz\x85",  # C1: next line
        "evil\u202egnp.exe",  # right-to-left override
        "a\u2066b",  # left-to-right isolate
        "non\ufffe",  # noncharacter
        "lone\ud800",  # lone surrogate
    ],
)
def test_a_name_with_control_or_direction_characters_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput, match="control characters or direction marks"):
        clean_name(name)


def test_ordinary_names_in_any_script_are_kept() -> None:
    for name in ("Jazz piano", "中文", "Ελληνικά", "عربي", "🎹 piano", "naïve Bayes"):
        assert clean_name(name) == name


def test_a_note_keeps_its_lines_and_loses_controls() -> None:
    assert clean_note("one\r\ntwo\rthree\u2028four") == "one\ntwo\nthree\nfour"
    assert clean_note("\x1b]0;pwned\x07\x1b[2Jok\u202e") == "]0;pwned[2Jok"
    assert clean_note("  \x00 ") is None
    assert clean_note(None) is None


def test_a_note_over_the_limit_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at most 2,000"):
        clean_note("x" * (MAX_NOTE_LENGTH + 1))


@given(ANY_TEXT)
def test_display_never_emits_an_unsafe_character(text: str) -> None:
    shown = display(text)
    assert not any(unsafe(ch) for ch in shown)
    assert "\n" not in shown


@given(ANY_TEXT)
def test_a_cleaned_note_is_safe_and_cleaning_it_again_changes_nothing(text: str) -> None:
    try:
        note = clean_note(text)
    except InvalidInput:
        return
    assert note is None or not any(unsafe(ch) and ch not in "\n\t" for ch in note)
    assert clean_note(note) == note


def test_display_shows_what_it_neutralised() -> None:
    assert display("a\x1b[2Jb") == "a\u241b[2Jb"
    assert display("line one\nline two") == "line one \u21b5 line two"
    assert display("line one\nline two", one_line=False) == "line one\nline two"
    assert display("x\u202ey") == "x\ufffdy"


def test_cell_width_counts_terminal_columns() -> None:
    assert cell_width("Jazz") == 4
    assert cell_width("統計学") == 6
    assert cell_width("🎹 piano") == 8
    assert cell_width("naïve") == 5
    assert cell_width("e\u0301") == 1  # e + combining acute
    assert pad("統計", 6) == "統計  "
    assert pad("7", 3, right=True) == "  7"
