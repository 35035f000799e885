"""One pace per stack, stated; and the domain a suggestion keeps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from polymath.core.errors import InvalidInput
from polymath.core.records import DatedMinutes, DomainProfile
from polymath.graph.pace import (
    ADOPTED_STACK,
    PLANNED,
    RECENT_AVERAGE,
    RECENT_HOURS,
    TOTAL_HOURS,
    WEEKLY_TARGET,
    Pace,
    choose_pace,
    defining_domains,
)

TODAY = date(2031, 3, 12)  # any day: the clock is an argument


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def history(minutes_per_day: int, days: int, domain: str = "spanish") -> list[DatedMinutes]:
    return [DatedMinutes(domain, days_ago(n), minutes_per_day) for n in range(days)]


def test_planned_hours_are_the_pace_when_given() -> None:
    pace = choose_pace(history(60, 90), today=TODAY, weekly_target_minutes=300, planned_hours=6)
    assert (pace.hours_per_week, pace.source) == (6, PLANNED)
    assert pace.describe() == "6 h a week (the hours you planned)"


def test_recent_average_covers_every_domain_over_the_last_four_weeks() -> None:
    minutes = history(30, 60, "spanish") + history(15, 60, "jazz")
    minutes.append(DatedMinutes("jazz", days_ago(28), 600))  # one day before the window
    minutes.append(DatedMinutes("jazz", TODAY + timedelta(days=1), 600))  # not yet happened
    pace = choose_pace(minutes, today=TODAY, weekly_target_minutes=300)
    assert pace.source == RECENT_AVERAGE
    assert pace.hours_per_week == pytest.approx(45 * 7 / 60)
    assert pace.describe() == "5.2 h a week (your average over the last 4 weeks)"


def test_a_new_user_gets_the_weekly_target_not_a_pace_from_one_session() -> None:
    pace = choose_pace([DatedMinutes("jazz", TODAY, 30)], today=TODAY, weekly_target_minutes=300)
    assert (pace.hours_per_week, pace.source) == (5.0, WEEKLY_TARGET)
    assert pace.reason == "fewer than 4 weeks of history"
    assert pace.describe() == "5 h a week (your weekly target: fewer than 4 weeks of history)"
    assert choose_pace([], today=TODAY, weekly_target_minutes=300).source == WEEKLY_TARGET


def test_four_full_weeks_of_history_are_enough() -> None:
    assert choose_pace(history(10, 28), today=TODAY, weekly_target_minutes=300).source == (
        RECENT_AVERAGE
    )
    assert choose_pace(history(10, 27), today=TODAY, weekly_target_minutes=300).source == (
        WEEKLY_TARGET
    )


def test_nothing_logged_lately_falls_back_to_the_target_and_says_why() -> None:
    old = [DatedMinutes("jazz", days_ago(100), 90)]
    pace = choose_pace(old, today=TODAY, weekly_target_minutes=240)
    assert (pace.hours_per_week, pace.source) == (4.0, WEEKLY_TARGET)
    assert pace.reason == "nothing logged in the last 4 weeks"


@pytest.mark.parametrize(("planned", "target"), [(0, 300), (-1, 300), (None, 0)])
def test_a_pace_must_be_above_zero(planned: float | None, target: float) -> None:
    with pytest.raises(InvalidInput):
        choose_pace(
            history(10, 40), today=TODAY, weekly_target_minutes=target, planned_hours=planned
        )
    with pytest.raises(InvalidInput):
        Pace(0, PLANNED)


PROFILES = [
    DomainProfile("Python", "Computers and Electronics", 4, 90_000),
    DomainProfile("Jazz piano", "Fine Arts", 2, 3_000),
    DomainProfile("Journaling", None, None, 200_000),
]


def test_the_adopted_stack_defines_the_person() -> None:
    found = defining_domains(
        PROFILES,
        history(90, 80, "Jazz piano"),
        today=TODAY,
        adopted=["jazz PIANO", "python", "Journaling"],
    )
    assert found.names == ("Jazz piano", "Python")  # unlinked members cannot be kept
    assert found.source == ADOPTED_STACK


def test_else_the_domain_with_the_most_hours_in_the_last_12_weeks() -> None:
    minutes = [*history(20, 84, "jazz piano"), DatedMinutes("Python", days_ago(85), 10_000)]
    minutes += history(60, 84, "Journaling")  # most hours, but linked to no area
    found = defining_domains(PROFILES, minutes, today=TODAY)
    assert found.names == ("Jazz piano",)
    assert (found.source, found.minutes) == (RECENT_HOURS, 20 * 84)


def test_else_the_most_hours_ever_and_nothing_without_a_linked_domain() -> None:
    found = defining_domains(PROFILES, [], today=TODAY)
    assert (found.names, found.source, found.minutes) == (("Python",), TOTAL_HOURS, 90_000)
    empty = defining_domains([DomainProfile("x", None, None, 5)], [], today=TODAY)
    assert empty.names == () and empty.to_dict()["names"] == []
