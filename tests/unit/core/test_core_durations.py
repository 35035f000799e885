"""Durations as people type them: every accepted spelling reads as the same minutes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polymath.core.durations import (
    MAX_SESSION_MINUTES,
    _plain_minutes,
    _read_minutes,
    elapsed_minutes,
    format_minutes,
    parse_duration,
)
from polymath.core.errors import InvalidInput, PolymathError


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("1h30", 90),
        ("1.5h", 90),
        ("1,5h", 90),
        ("90", 90),
        ("PT1H30M", 90),
        ("pt45m", 45),
        ("PT2H", 120),
        ("1:30", 90),
        ("0:45", 45),
        ("2h", 120),
        ("1 hour 15 minutes", 75),
        (" 45 min ", 45),
        ("24h", MAX_SESSION_MINUTES),
    ],
)
def test_accepted_spellings(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-5m", "not positive"),
        ("0", "not positive"),
        ("0m", "not positive"),
        ("PT0M", "not positive"),
        ("25h", "longer than a day"),
        ("24:01", "longer than a day"),
        ("abc", "cannot read"),
        ("", "cannot read"),
        ("   ", "cannot read"),
        ("PT", "cannot read"),
        ("h", "cannot read"),
        ("1:75", "cannot read"),
        ("5 parsecs", "cannot read"),
    ],
)
def test_rejected_with_a_message_that_says_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason) as caught:
        parse_duration(text)
    assert isinstance(caught.value, PolymathError)
    assert "\n" not in str(caught.value)


def test_the_message_shows_what_was_typed_and_how_to_write_it() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_duration("abc")
    assert "'abc'" in str(caught.value)
    assert "45m" in str(caught.value)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(45, "45m"), (60, "1h"), (95, "1h35"), (120, "2h"), (605, "10h05"), (-30, "-30m")],
)
def test_format_minutes(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


@given(st.integers(min_value=1, max_value=MAX_SESSION_MINUTES))
def test_what_is_shown_reads_back_as_the_same_minutes(minutes: int) -> None:
    assert parse_duration(format_minutes(minutes)) == minutes


@given(st.text(max_size=12))
def test_any_text_either_reads_as_valid_minutes_or_raises_invalid_input(text: str) -> None:
    try:
        minutes = parse_duration(text)
    except InvalidInput:
        return
    assert 1 <= minutes <= MAX_SESSION_MINUTES


def test_elapsed_minutes_are_the_difference_of_instants_across_clock_changes() -> None:
    berlin = ZoneInfo("Europe/Berlin")

    def local(moment: datetime) -> datetime:
        return moment.astimezone(berlin)

    spring = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert elapsed_minutes(local(spring), local(spring + timedelta(hours=1))) == 60  # 01:30-03:30
    autumn = datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # 02:00 CEST
    assert elapsed_minutes(local(autumn), local(autumn + timedelta(minutes=120))) == 120
    assert elapsed_minutes(local(autumn), local(autumn + timedelta(minutes=61))) == 61
    later = local(autumn + timedelta(minutes=120))
    autumn = local(autumn)
    assert elapsed_minutes(later, autumn) == -120  # a clock set back
    assert elapsed_minutes(autumn, autumn + timedelta(seconds=89)) == 1
    assert elapsed_minutes(autumn, autumn + timedelta(seconds=90)) == 2


DURATION_LIKE = st.text(alphabet="0123456789hmHM.,:PTS ", max_size=9) | st.sampled_from(
    ["90", "45m", "2h", "1h30", "1h30m", "1hm", "h30", "m", "1h60", "1h59", "007", "0", "1H", "30M"]
)


@given(DURATION_LIKE)
def test_everyday_forms_read_without_regular_expressions_as_with_them(text: str) -> None:
    plain = _plain_minutes(text)
    assert plain is None or plain == _read_minutes(text)


@pytest.mark.parametrize("text", ["90", "45m", "2h", "1h30", "1h30m", "1H05M"])
def test_everyday_forms_take_the_quick_reading(text: str) -> None:
    assert _plain_minutes(text) is not None
