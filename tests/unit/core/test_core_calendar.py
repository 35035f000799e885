"""Local days and weeks: what "yesterday", "fri" or "2026-W47" mean where the person lives."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from polymath.core.calendar import (
    Week,
    day_bounds_utc,
    first_time_after,
    local_day,
    local_instant,
    local_midnight_utc,
    parse_clock,
    parse_day,
    parse_week,
    repeated_time,
    resolve_start,
    to_utc_naive,
    week_from_label,
    week_of,
    week_start_index,
)
from polymath.core.errors import InvalidInput

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TODAY = date(2026, 11, 25)  # a Wednesday, in ISO week 2026-W48 (Monday 23rd to Sunday 29th)
MONDAY, SUNDAY = 0, 6


# --- days -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", TODAY),
        ("", TODAY),
        ("Yesterday", date(2026, 11, 24)),
        ("mon", date(2026, 11, 23)),
        ("wednesday", TODAY),  # the latest Wednesday is today
        ("thu", date(2026, 11, 19)),  # the latest Thursday is last week's
        ("su", date(2026, 11, 22)),
        ("2026-11-20", date(2026, 11, 20)),
        ("2025-02-28", date(2025, 2, 28)),
    ],
)
def test_parse_day(text: str, day: date) -> None:
    assert parse_day(text, TODAY) == day


def test_a_future_day_is_refused_unless_allowed() -> None:
    with pytest.raises(InvalidInput, match="2026-11-26 is in the future"):
        parse_day("2026-11-26", TODAY)
    assert parse_day("2026-11-26", TODAY, allow_future=True) == date(2026, 11, 26)


@pytest.mark.parametrize("text", ["banana", "2026-13-01", "s", "31/12/2026"])
def test_an_unreadable_day_says_how_to_write_one(text: str) -> None:
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_day(text, TODAY)


# --- weeks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "label"),
    [
        ("this", date(2026, 11, 23), "2026-W48"),
        ("last", date(2026, 11, 16), "2026-W47"),
        ("2026-W47", date(2026, 11, 16), "2026-W47"),
        ("2026w47", date(2026, 11, 16), "2026-W47"),
        ("2026-11-18", date(2026, 11, 16), "2026-W47"),
        ("fri", date(2026, 11, 16), "2026-W47"),
        ("2026-11-27", date(2026, 11, 23), "2026-W48"),  # later this week: the week has begun
        ("2026-W01", date(2025, 12, 29), "2026-W01"),  # ISO week 1 may start in December
    ],
)
def test_parse_week(text: str, start: date, label: str) -> None:
    week = parse_week(text, TODAY)
    assert week == Week(start)
    assert week.label == label


def test_a_week_that_has_not_started_is_refused() -> None:
    with pytest.raises(InvalidInput, match="2026-W49 has not started yet"):
        parse_week("2026-W49", TODAY)
    with pytest.raises(InvalidInput, match="has not started"):
        parse_week("2026-12-01", TODAY)


def test_a_week_has_seven_days_and_holds_only_them() -> None:
    week = Week(date(2026, 11, 23))
    assert week.days == [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]
    assert week.end == date(2026, 11, 30)
    assert date(2026, 11, 23) in week
    assert date(2026, 11, 29) in week
    assert date(2026, 11, 30) not in week
    assert date(2026, 11, 22) not in week
    assert "2026-11-24" not in week
    assert week.shifted(-1) == Week(date(2026, 11, 16))


def test_iso_week_53_exists_only_in_long_years() -> None:
    week = week_from_label("2026-W53")
    assert week.start == date(2026, 12, 28)
    assert week.label == "2026-W53"
    assert week.shifted(1).label == "2027-W01"
    assert week_of(date(2027, 1, 3)).label == "2026-W53"  # early January, previous ISO year
    with pytest.raises(InvalidInput, match="2025 has no week 53"):
        week_from_label("2025-W53")
    assert week_of(date(2025, 12, 31)).label == "2026-W01"


@pytest.mark.parametrize("label", ["2026-W00", "2026-W54", "W47", "2026-47", "last week"])
def test_an_impossible_or_unreadable_label_is_refused(label: str) -> None:
    with pytest.raises(InvalidInput):
        week_from_label(label)


def test_weeks_starting_on_sunday_are_labelled_by_the_iso_week_of_their_monday() -> None:
    sunday = date(2026, 11, 29)
    week = week_of(sunday, SUNDAY)
    assert week.start == sunday
    assert week.label == "2026-W49"  # Monday 30 November is in ISO week 49
    assert date(2026, 12, 5) in week  # the Saturday
    assert date(2026, 12, 6) not in week
    assert date(2026, 11, 28) not in week
    assert week_from_label("2026-W49", SUNDAY) == week
    # The same Sunday closes the ISO week when weeks start on Monday.
    assert week_of(sunday, MONDAY).label == "2026-W48"
    assert parse_week("this", sunday, SUNDAY) == week
    assert parse_week("last", sunday, SUNDAY) == Week(date(2026, 11, 22))


def test_every_day_lies_in_the_week_that_week_of_gives_for_any_week_start() -> None:
    for week_start in range(7):
        for offset in range(30):
            day = date(2026, 12, 10) + timedelta(days=offset)
            week = week_of(day, week_start)
            assert day in week
            assert week.start.weekday() == week_start
            assert week_from_label(week.label, week_start) == week


@pytest.mark.parametrize(
    ("name", "index"), [("monday", 0), ("Sun", 6), ("sa", 5), (" Thursday ", 3)]
)
def test_week_start_index(name: str, index: int) -> None:
    assert week_start_index(name) == index


@pytest.mark.parametrize("name", ["s", "funday", ""])
def test_an_unknown_week_start_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput, match="week start"):
        week_start_index(name)


# --- time zones -----------------------------------------------------------------------------


def test_the_week_of_the_spring_dst_change_is_an_hour_short_in_utc() -> None:
    week = week_of(date(2026, 3, 29))  # Sunday 29 March 2026: Berlin moves from +01 to +02
    since, until = day_bounds_utc(week.start, week.end, BERLIN)
    assert since == datetime(2026, 3, 22, 23, 0)
    assert until == datetime(2026, 3, 29, 22, 0)
    assert until - since == timedelta(days=7) - timedelta(hours=1)


def test_the_week_of_the_autumn_dst_change_is_an_hour_long_in_utc() -> None:
    week = week_of(date(2026, 10, 25))
    since, until = day_bounds_utc(week.start, week.end, BERLIN)
    assert until - since == timedelta(days=7, hours=1)


def test_a_late_sunday_session_counts_in_its_local_week_though_utc_says_monday() -> None:
    local = datetime(2026, 11, 29, 23, 50, tzinfo=NEW_YORK)  # Sunday evening in New York
    stored = to_utc_naive(local)
    assert stored == datetime(2026, 11, 30, 4, 50)  # already Monday in UTC
    assert stored.weekday() == MONDAY
    day = local_day(stored, NEW_YORK)
    assert day == date(2026, 11, 29)
    week = week_of(day)
    assert week.label == "2026-W48"
    since, until = day_bounds_utc(week.start, week.end, NEW_YORK)
    assert since <= stored < until
    next_since, _ = day_bounds_utc(week.end, week.end + timedelta(days=7), NEW_YORK)
    assert stored < next_since
    assert local_day(stored, UTC) == date(2026, 11, 30)


def test_local_midnight_is_converted_at_the_offset_of_that_day() -> None:
    assert local_midnight_utc(date(2026, 1, 15), BERLIN) == datetime(2026, 1, 14, 23, 0)
    assert local_midnight_utc(date(2026, 7, 15), BERLIN) == datetime(2026, 7, 14, 22, 0)
    assert local_midnight_utc(date(2026, 7, 15), NEW_YORK) == datetime(2026, 7, 15, 4, 0)


# --- when a logged session began ------------------------------------------------------------

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=BERLIN)


def test_a_session_logged_today_ended_now() -> None:
    assert resolve_start(TODAY, None, 45, NOW) == datetime(2026, 11, 25, 19, 15, tzinfo=BERLIN)


def test_a_session_longer_than_today_so_far_is_refused() -> None:
    early = datetime(2026, 11, 25, 0, 30, tzinfo=BERLIN)
    with pytest.raises(InvalidInput, match="90 minutes have not passed yet today"):
        resolve_start(TODAY, None, 90, early)


def test_a_session_may_not_end_in_the_future() -> None:
    morning = datetime(2026, 11, 25, 8, 8, tzinfo=BERLIN)
    with pytest.raises(InvalidInput, match="would end at 2026-11-25 10:00"):
        resolve_start(TODAY, time(7, 0), 180, morning)
    assert resolve_start(TODAY, time(7, 0), 68, morning) == datetime(
        2026, 11, 25, 7, 0, tzinfo=BERLIN
    )


def test_days_and_weeks_before_1900_are_refused() -> None:
    with pytest.raises(InvalidInput, match="before 1900"):
        parse_day("0999-12-31", TODAY)
    with pytest.raises(InvalidInput, match="before 1900"):
        week_from_label("0999-W01")
    assert Week(date(1900, 1, 1)).label == "1900-W01"


def test_a_backfilled_session_sits_at_noon_on_its_day() -> None:
    start = resolve_start(date(2026, 11, 20), None, 60, NOW)
    assert start == datetime(2026, 11, 20, 12, 0, tzinfo=BERLIN)


def test_a_session_with_a_start_time_begins_then_and_not_in_the_future() -> None:
    assert resolve_start(TODAY, time(7, 30), 60, NOW) == datetime(
        2026, 11, 25, 7, 30, tzinfo=BERLIN
    )
    with pytest.raises(InvalidInput, match="in the future"):
        resolve_start(TODAY, time(21, 0), 30, NOW)


def test_ended_now_counts_elapsed_time_across_the_spring_gap() -> None:
    now = datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN)  # 01:30 UTC; 02:00-03:00 never happened
    start = resolve_start(now.date(), None, 60, now)
    assert start.astimezone(UTC) == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)


def test_ended_now_in_the_repeated_autumn_hour_is_not_in_the_future() -> None:
    now = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=BERLIN)  # the second 02:10, 01:10 UTC
    start = resolve_start(now.date(), None, 30, now)
    assert start.astimezone(UTC) == datetime(2026, 10, 25, 0, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "clock"), [("07:30", time(7, 30)), ("7.30", time(7, 30)), ("7", time(7, 0))]
)
def test_parse_clock(text: str, clock: time) -> None:
    assert parse_clock(text) == clock


@pytest.mark.parametrize("text", ["24:00", "7:60", "noon", ""])
def test_an_impossible_clock_time_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="07:30"):
        parse_clock(text)


# --- clock changes: times that never happened or happened twice ----------------------------


def test_a_local_time_the_clocks_skipped_is_refused_with_what_was_meant() -> None:
    with pytest.raises(InvalidInput) as refused:
        local_instant(date(2026, 3, 29), time(2, 30), BERLIN)
    assert str(refused.value) == (
        "02:30 on Sun 29 Mar 2026 never happened here: the clocks went forward from 02:00 to "
        "03:00 (did you mean 03:30?)"
    )
    with pytest.raises(InvalidInput, match="from 02:00 to 03:00"):
        resolve_start(date(2026, 3, 29), time(2, 30), 30, NOW)


def test_a_skipped_time_elsewhere_names_that_zones_jump() -> None:
    with pytest.raises(InvalidInput, match=r"from 02:00 to 03:00 \(did you mean 03:15\?\)"):
        local_instant(date(2026, 3, 8), time(2, 15), NEW_YORK)
    samoa = ZoneInfo("Pacific/Apia")  # skipped Friday 30 December 2011 altogether
    with pytest.raises(InvalidInput, match="from Fri 30 Dec 00:00 to Sat 31 Dec 00:00"):
        local_instant(date(2011, 12, 30), time(10, 0), samoa)


def test_a_repeated_local_time_is_the_first_unless_fold_asks_for_the_second() -> None:
    day, at = date(2026, 10, 25), time(2, 30)
    assert repeated_time(day, at, BERLIN)
    assert not repeated_time(day, time(3, 30), BERLIN)
    assert not repeated_time(date(2026, 3, 29), time(1, 30), BERLIN)
    first = local_instant(day, at, BERLIN)
    second = local_instant(day, at, BERLIN, fold=1)
    assert first.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert second.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert resolve_start(day, at, 30, NOW).isoformat() == "2026-10-25T02:30:00+02:00"
    assert resolve_start(day, at, 30, NOW, fold=1).isoformat() == "2026-10-25T02:30:00+01:00"


def test_the_first_time_after_a_start_is_the_end_of_a_timer_stopped_then() -> None:
    monday = datetime(2026, 11, 23, 20, 0, tzinfo=BERLIN)
    assert first_time_after(monday, time(21, 30), BERLIN) == monday + timedelta(minutes=90)
    assert first_time_after(monday, time(9, 0), BERLIN).isoformat() == "2026-11-24T09:00:00+01:00"
    on_wednesday = first_time_after(monday, time(9, 0), BERLIN, date(2026, 11, 25))
    assert on_wednesday.isoformat() == "2026-11-25T09:00:00+01:00"
    with pytest.raises(InvalidInput, match="not after the start"):
        first_time_after(monday, time(19, 0), BERLIN, date(2026, 11, 23))


def test_the_first_time_after_a_start_knows_the_repeated_and_the_skipped_hour() -> None:
    autumn = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)  # the first 02:30
    assert first_time_after(autumn, time(2, 20), BERLIN).isoformat() == (
        "2026-10-25T02:20:00+01:00"  # the second 02:20, 50 minutes later
    )
    spring = datetime(2026, 3, 29, 4, 0, tzinfo=BERLIN)
    assert first_time_after(spring, time(2, 30), BERLIN).isoformat() == "2026-03-30T02:30:00+02:00"
    evening = datetime(2026, 3, 28, 22, 0, tzinfo=BERLIN)
    with pytest.raises(InvalidInput, match="never happened"):
        first_time_after(evening, time(2, 30), BERLIN)


@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "America/Havana", "America/Santiago", "Pacific/Apia", "UTC"]
)
def test_local_midnight_is_where_the_clocks_read_it_even_when_they_change_at_midnight(
    zone: str,
) -> None:
    tz = ZoneInfo(zone)
    for n in range(0, 3 * 366):
        day = date(2011, 1, 1) + timedelta(days=n)
        expected = datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
        assert local_midnight_utc(day, tz) == expected, day
