"""A session in time: the local days its minutes fall on, and what it overlaps."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from polymath.core.spans import (
    DayPart,
    Span,
    day_parts,
    midnight,
    minutes_before,
    overlap_minutes,
    overlapping_pairs,
)

BERLIN = ZoneInfo("Europe/Berlin")
SUNDAY, MONDAY = date(2026, 11, 22), date(2026, 11, 23)


def berlin(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


def test_a_session_within_a_day_is_one_part() -> None:
    assert day_parts(berlin(2026, 11, 25, 19, 0), 45, BERLIN) == (DayPart(date(2026, 11, 25), 45),)


def test_a_session_across_midnight_counts_each_minute_on_the_day_it_was_spent() -> None:
    parts = day_parts(berlin(2026, 11, 22, 23, 30), 75, BERLIN)
    assert parts == (DayPart(SUNDAY, 30), DayPart(MONDAY, 45))


def test_a_session_ending_at_midnight_stays_on_its_day() -> None:
    assert day_parts(berlin(2026, 11, 22, 23, 0), 60, BERLIN) == (DayPart(SUNDAY, 60),)
    assert day_parts(berlin(2026, 11, 23, 0, 0), 60, BERLIN) == (DayPart(MONDAY, 60),)


def test_stored_naive_utc_and_aware_starts_split_alike() -> None:
    aware = berlin(2026, 11, 22, 23, 30)
    naive = aware.astimezone(UTC).replace(tzinfo=None)
    assert day_parts(naive, 75, BERLIN) == day_parts(aware, 75, BERLIN)


def test_a_minute_straddling_midnight_goes_to_the_day_that_holds_its_middle() -> None:
    late = berlin(2026, 11, 22, 23, 59, 40)  # its first minute is 20 s Sunday, 40 s Monday
    assert day_parts(late, 2, BERLIN) == (DayPart(MONDAY, 2),)
    early = berlin(2026, 11, 22, 23, 59, 20)  # 40 s Sunday, 20 s Monday
    assert day_parts(early, 2, BERLIN) == (DayPart(SUNDAY, 1), DayPart(MONDAY, 1))


def test_a_day_session_over_a_23_hour_day_touches_three_days() -> None:
    # Saturday 23:30 for 24 hours in Berlin: Sunday 29 March 2026 has only 23 hours.
    parts = day_parts(berlin(2026, 3, 28, 23, 30), 24 * 60, BERLIN)
    assert parts == (
        DayPart(date(2026, 3, 28), 30),
        DayPart(date(2026, 3, 29), 23 * 60),
        DayPart(date(2026, 3, 30), 30),
    )


def test_midnights_follow_each_days_offset() -> None:
    assert midnight(date(2026, 3, 29), BERLIN) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert midnight(date(2026, 3, 30), BERLIN) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)


@given(
    start=st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    minutes=st.integers(min_value=1, max_value=24 * 60),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]),
)
def test_parts_keep_every_minute_on_consecutive_local_days(
    start: datetime, minutes: int, zone: str
) -> None:
    tz = ZoneInfo(zone)
    parts = day_parts(start, minutes, tz)
    assert sum(part.minutes for part in parts) == minutes
    assert all(part.minutes > 0 for part in parts)
    days = [part.day for part in parts]
    assert days == sorted(days) and len(set(days)) == len(days)
    assert days[-1] - days[0] <= timedelta(days=2)
    # the first minute counts on the day that holds its middle (23:59:31 + 30 s is tomorrow)
    assert days[0] <= (start + timedelta(seconds=30)).astimezone(tz).date()
    for part in parts[:-1]:  # each part ends at its day's midnight, to the rounding
        boundary = midnight(part.day + timedelta(days=1), tz)
        spent = minutes_before(start, minutes, boundary)
        assert spent == sum(p.minutes for p in parts if p.day <= part.day)


def test_overlap_counts_whole_minutes_shared() -> None:
    a = Span(berlin(2026, 11, 25, 19, 0), 60)
    assert overlap_minutes(a, Span(berlin(2026, 11, 25, 19, 30), 60)) == 30
    assert overlap_minutes(a, Span(berlin(2026, 11, 25, 20, 0), 30)) == 0  # back to back
    assert overlap_minutes(a, Span(berlin(2026, 11, 25, 19, 59, 30), 30)) == 0  # 30 s: rounding
    assert overlap_minutes(a, Span(berlin(2026, 11, 25, 19, 10), 10)) == 10  # inside


def test_overlapping_pairs_names_every_pair_once_in_order_of_start() -> None:
    at = berlin(2026, 11, 25, 7, 30)
    eleven = [(n, Span(at, 30)) for n in range(1, 12)]  # eleven sessions at the same minute
    pairs = overlapping_pairs(eleven)
    assert len(pairs) == 55
    assert pairs[0] == (1, 2, 30)
    spans = [
        (1, Span(berlin(2026, 11, 25, 19, 0), 60)),
        (3, Span(berlin(2026, 11, 25, 21, 0), 10)),
        (2, Span(berlin(2026, 11, 25, 19, 45), 30)),
        (4, Span(berlin(2026, 11, 25, 18, 0), 24 * 60)),
    ]
    assert overlapping_pairs(spans) == [(4, 1, 60), (4, 2, 30), (1, 2, 15), (4, 3, 10)]
    assert overlapping_pairs([]) == []
