"""The 5-hour rule's streaks: what keeps, breaks, or leaves a streak alone."""

from datetime import date, timedelta

from polymath.core.calendar import Week, week_of
from polymath.core.rules import (
    AHEAD,
    KEPT,
    MISSED,
    RESTING,
    UNDER_WAY,
    WEEKEND,
    Streak,
    Targets,
    daily_streak,
    longest_weekly_streak,
    missing_kinds,
    weekday_guideline,
    weekly_streak,
)

TARGETS = Targets()  # 300 minutes a week, weeks from Monday, 15 minutes for a streak day
TODAY = date(2026, 11, 25)  # Wednesday of 2026-W48
THIS = week_of(TODAY).start  # Monday 23 November


def week_start(weeks_ago: int) -> date:
    return THIS - timedelta(weeks=weeks_ago)


def streak(totals: dict[date, int], rests: tuple[date, ...] = ()) -> int:
    earliest = min(totals) if totals else None
    return weekly_streak(lambda start: totals.get(start, 0), rests, TODAY, earliest, TARGETS)


# --- weekly ---------------------------------------------------------------------------------


def test_a_week_under_way_below_target_does_not_break_the_streak() -> None:
    totals = {week_start(3): 300, week_start(2): 320, week_start(1): 400, THIS: 100}
    assert streak(totals) == 3


def test_the_current_week_counts_once_it_meets_the_target() -> None:
    totals = {week_start(3): 300, week_start(2): 320, week_start(1): 400, THIS: 300}
    assert streak(totals) == 4


def test_a_missed_past_week_breaks_the_streak() -> None:
    totals = {week_start(3): 300, week_start(2): 300, week_start(1): 299, THIS: 50}
    assert streak(totals) == 0
    totals[THIS] = 310
    assert streak(totals) == 1


def test_a_week_with_nothing_logged_breaks_the_streak() -> None:
    totals = {week_start(3): 300, week_start(1): 300}
    assert streak(totals) == 1


def test_a_rest_week_neither_breaks_nor_extends_the_streak() -> None:
    totals = {week_start(3): 300, week_start(1): 300, THIS: 0}
    assert streak(totals, rests=(week_start(2),)) == 2
    # Time logged in a rest week does not extend the streak either.
    totals[week_start(2)] = 600
    assert streak(totals, rests=(week_start(2),)) == 2


def test_a_current_rest_week_does_not_count_even_when_met() -> None:
    totals = {week_start(1): 300, THIS: 500}
    assert streak(totals, rests=(THIS,)) == 1


def test_no_history_means_no_streak() -> None:
    assert streak({}) == 0
    assert weekly_streak(lambda _: 0, (), TODAY, None, TARGETS) == 0
    assert weekly_streak(lambda _: 300, (), TODAY, None, TARGETS) == 1


def test_the_streak_counts_back_to_the_first_week_logged() -> None:
    totals = {week_start(n): 300 for n in range(6)}
    assert streak(totals) == 6


def test_a_lower_target_is_the_users_to_set() -> None:
    totals = {week_start(1): 120, THIS: 30}
    assert streak(totals) == 0
    lenient = Targets(weekly_minutes=120)
    assert weekly_streak(lambda s: totals.get(s, 0), (), TODAY, week_start(1), lenient) == 1


def test_longest_weekly_streak() -> None:
    # met met met | missed | met met | this week under way
    totals = {week_start(n): 300 for n in (7, 6, 5, 3, 2)}
    totals[week_start(4)] = 100
    totals[THIS] = 50
    assert longest_weekly_streak(totals, (), TODAY, TARGETS) == 3
    # A rest week in place of the miss joins the two runs without counting itself.
    assert longest_weekly_streak(totals, (week_start(4),), TODAY, TARGETS) == 5
    assert longest_weekly_streak({}, (), TODAY, TARGETS) == 0


def test_longest_weekly_streak_counts_the_current_week_once_met() -> None:
    totals = {week_start(1): 300, THIS: 300}
    assert longest_weekly_streak(totals, (), TODAY, TARGETS) == 2


# --- daily ----------------------------------------------------------------------------------

FRI, SAT, SUN = date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 22)
MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), TODAY


def test_weekends_are_optional_by_default() -> None:
    days = {FRI: 30, MON: 30, TUE: 30, WED: 30}
    assert daily_streak(days, (), TODAY, TARGETS) == Streak(4, 4)


def test_a_weekend_day_that_is_met_still_counts() -> None:
    days = {FRI: 30, SAT: 20, MON: 30, TUE: 30, WED: 30}
    assert daily_streak(days, (), TODAY, TARGETS) == Streak(5, 5)


def test_when_weekends_count_an_empty_weekend_breaks_the_streak() -> None:
    strict = Targets(weekends_count=True)
    days = {FRI: 30, SAT: 20, MON: 30, TUE: 30, WED: 30}
    assert daily_streak(days, (), TODAY, strict) == Streak(3, 3)


def test_today_does_not_break_the_daily_streak_while_under_way() -> None:
    days = {FRI: 30, MON: 30, TUE: 30}
    assert daily_streak(days, (), TODAY, TARGETS) == Streak(3, 3)


def test_a_missed_weekday_or_too_few_minutes_breaks_it() -> None:
    assert daily_streak({FRI: 30, MON: 30, WED: 30}, (), TODAY, TARGETS) == Streak(1, 2)
    assert daily_streak({FRI: 30, MON: 14, TUE: 30}, (), TODAY, TARGETS) == Streak(1, 1)


def test_the_days_of_a_rest_week_neither_break_nor_extend_the_daily_streak() -> None:
    days = {FRI: 30, WED: 30}  # Monday and Tuesday empty, but the week was declared for rest
    assert daily_streak(days, (THIS,), TODAY, TARGETS) == Streak(1, 1)
    assert daily_streak(days, (), TODAY, TARGETS) == Streak(1, 1)
    thu, last_week = date(2026, 11, 19), week_start(1)
    days = {thu: 30, FRI: 30, MON: 30, TUE: 30}  # Mon and Tue of a rest week have time too
    assert daily_streak(days, (THIS,), TODAY, TARGETS) == Streak(2, 2)
    assert daily_streak(days, (), TODAY, TARGETS) == Streak(4, 4)
    # A run carries over a rest week unchanged, however much was done in it.
    before = week_start(2)
    days = {before + timedelta(days=3): 30, before + timedelta(days=4): 30, MON: 30, TUE: 30}
    days |= {last_week + timedelta(days=n): 30 for n in range(7)}
    assert daily_streak(days, (last_week,), TODAY, TARGETS) == Streak(4, 4)
    assert daily_streak(days, (), TODAY, TARGETS) == Streak(11, 11)


def test_no_days_logged_means_no_daily_streak() -> None:
    assert daily_streak({}, (), TODAY, TARGETS) == Streak(0, 0)


# --- the guideline and balance --------------------------------------------------------------


def test_weekday_guideline_is_judged_on_weekdays_that_are_over() -> None:
    statuses = weekday_guideline({MON: 60, TUE: 59}, Week(THIS), TODAY, TARGETS, rest=False)
    sat, sun = date(2026, 11, 28), date(2026, 11, 29)
    thu, fri = date(2026, 11, 26), date(2026, 11, 27)
    assert statuses == {
        MON: KEPT,
        TUE: MISSED,
        WED: UNDER_WAY,  # today, with no time yet: not missed while it lasts
        thu: AHEAD,
        fri: AHEAD,
        sat: WEEKEND,
        sun: WEEKEND,
    }
    kept_today = weekday_guideline({WED: 60}, Week(THIS), TODAY, TARGETS, rest=False)
    assert kept_today[WED] == KEPT


def test_a_rest_week_has_no_weekday_guideline() -> None:
    statuses = weekday_guideline({MON: 10}, Week(THIS), TODAY, TARGETS, rest=True)
    assert set(statuses.values()) == {RESTING}


def test_missing_kinds_names_the_kinds_absent_from_a_week() -> None:
    assert missing_kinds({"read": 30, "experiment": 20}) == ["reflect"]
    assert missing_kinds({"read": 30, "reflect": 0, "experiment": 0}) == ["reflect", "experiment"]
    assert missing_kinds({"read": 1, "reflect": 1, "experiment": 1}) == []
