"""The weekly review: totals, where the time went against the last four weeks, what to do next."""

from collections.abc import Sequence
from datetime import date, timedelta

from polymath.core.calendar import Week, week_of
from polymath.core.review import LevelFact, SessionFact, WeekReview, build_review
from polymath.core.rules import Targets

TARGETS = Targets()
TODAY = date(2026, 11, 25)  # Wednesday
WEEK = week_of(TODAY)  # 2026-W48, Monday 23 to Sunday 29 November
MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), TODAY


def weeks_ago(weeks: int, weekday: int = 0) -> date:
    return WEEK.start - timedelta(weeks=weeks) + timedelta(days=weekday)


SESSIONS = [
    SessionFact(date(2026, 9, 1), 60, "read", "Jazz"),  # long before: history exists
    # the four weeks before: Jazz 480 (120 a week), Statistics 120 (30), Law 60 (15)
    *(SessionFact(weeks_ago(n), 120, "experiment", "Jazz") for n in (1, 2, 3, 4)),
    SessionFact(weeks_ago(2, 1), 60, "read", "Statistics"),
    SessionFact(weeks_ago(3, 1), 60, "read", "Statistics"),
    SessionFact(weeks_ago(4, 2), 60, "reflect", "Law"),
    # this week: no reflect time
    SessionFact(MON, 90, "read", "Jazz"),
    SessionFact(TUE, 60, "experiment", "Jazz", ("Statistics",)),
    SessionFact(WED, 30, "read", "Statistics"),
]
LEVELS = [
    LevelFact("Jazz", 2, date(2026, 9, 1)),
    LevelFact("Jazz", 3, TUE, "can comp through rhythm changes"),
    LevelFact("Statistics", 1, WED),
    LevelFact("Law", 1, date(2026, 10, 1)),
]
ACTIVE = ["Jazz", "Law", "Statistics"]


def review(week: Week = WEEK, rests: Sequence[date] = ()) -> WeekReview:
    return build_review(week, TODAY, TARGETS, SESSIONS, LEVELS, rests, ACTIVE)


def test_the_week_total_and_the_target() -> None:
    result = review()
    assert result.total_minutes == 180
    assert not result.met
    assert result.minutes_left == 120
    assert result.in_progress


def test_each_domain_is_read_against_its_average_of_the_four_weeks_before() -> None:
    lines = {line.domain: line for line in review().domains}
    assert [line.domain for line in review().domains] == ["Jazz", "Statistics", "Law"]
    assert (lines["Jazz"].minutes, lines["Jazz"].average_before) == (150, 120.0)
    assert lines["Jazz"].change == 30
    assert (lines["Statistics"].minutes, lines["Statistics"].change) == (30, 0)
    assert (lines["Law"].minutes, lines["Law"].average_before, lines["Law"].change) == (0, 15, -15)


def test_time_before_the_four_week_window_is_left_out_of_the_average() -> None:
    lines = {line.domain: line for line in review().domains}
    assert lines["Jazz"].average_before == 120.0  # the September session does not count


def test_the_missing_kind_is_named() -> None:
    result = review()
    assert result.kinds == {"read": 120, "reflect": 0, "experiment": 60}
    assert result.missing_kinds == ["reflect"]
    assert "No reflect time this week: balance needs all three kinds." in result.focus()


def test_the_weekday_guideline_is_judged_day_by_day() -> None:
    days = {line.day: (line.minutes, line.guideline_kept) for line in review().days}
    assert days[MON] == (90, True)
    assert days[TUE] == (60, True)
    assert days[WED] == (30, None)  # today: under way, not missed
    assert days[date(2026, 11, 26)] == (0, None)  # still to come
    assert days[date(2026, 11, 28)] == (0, None)  # a weekend
    assert len(days) == 7


def test_today_under_the_guideline_is_under_way_and_a_rest_weeks_days_are_not_missed() -> None:
    assert [line.status for line in review().days] == [
        "kept",
        "kept",
        "under way",
        "ahead",
        "ahead",
        "weekend",
        "weekend",
    ]
    past = review(week=WEEK.shifted(-2), rests=[WEEK.shifted(-2).start])
    assert [line.status for line in past.days] == ["rest"] * 7
    assert all(line.guideline_kept is None for line in past.days)


def test_level_changes_in_the_week_show_the_level_before() -> None:
    changes = review().level_changes
    assert [(c.domain, c.before, c.after, c.day, c.note) for c in changes] == [
        ("Jazz", 2, 3, TUE, "can comp through rhythm changes"),
        ("Statistics", None, 1, WED, None),
    ]


def test_integration_minutes_are_counted_per_pair_of_domains() -> None:
    lines = review().integration
    assert [(i.a, i.b, i.minutes) for i in lines] == [("Jazz", "Statistics", 60)]


def test_focus_advice_puts_the_target_first_then_balance_then_neglect() -> None:
    assert review().focus() == [
        "120 minutes to reach the weekly target over the 5 days left, today included.",
        "No reflect time this week: balance needs all three kinds.",
        "Law has had no time for 4 weeks or more.",
    ]


def test_a_met_balanced_week_says_keep_the_rhythm() -> None:
    sessions = [
        SessionFact(MON, 120, "read", "Jazz"),
        SessionFact(TUE, 120, "reflect", "Jazz"),
        SessionFact(WED, 60, "experiment", "Jazz"),
    ]
    result = build_review(WEEK, TODAY, TARGETS, sessions, [], [], ["Jazz"])
    assert result.met
    assert result.missing_kinds == []
    assert result.focus() == ["Target met with all three kinds: keep the rhythm."]
    assert result.weekly_streak == 1
    assert result.daily_streak == 3


def test_a_rest_week_review_says_so_and_nothing_else() -> None:
    result = review(rests=[WEEK.start])
    assert result.rest_week
    assert result.focus() == [
        "This is a planned rest week: it neither breaks nor extends your streak."
    ]


def test_a_past_week_is_reviewed_as_of_its_last_day() -> None:
    result = review(week=WEEK.shifted(-1))
    assert result.today == date(2026, 11, 22)
    assert not result.in_progress
    assert result.total_minutes == 120
    assert all(line.guideline_kept is not None for line in result.days if line.day.weekday() < 5)
    # The day of the week's Monday session kept the guideline; the others did not.
    assert [line.guideline_kept for line in result.days[:5]] == [True, False, False, False, False]
    assert result.focus()[0] == "180 minutes to reach the weekly target."
    assert result.level_changes == []


def test_streaks_in_the_review() -> None:
    sessions = [
        *(SessionFact(weeks_ago(n), 300, "read", "Jazz") for n in (1, 2, 3)),
        SessionFact(MON, 30, "read", "Jazz"),
        SessionFact(TUE, 30, "read", "Jazz"),
    ]
    result = build_review(WEEK, TODAY, TARGETS, sessions, [], [], ["Jazz"])
    assert result.weekly_streak == 3  # this week is under way and does not break it
    assert result.longest_weekly_streak == 3
    assert result.daily_streak == 2  # Monday and Tuesday; today is still under way
    assert result.longest_daily_streak == 2


NO_GOAL = {"goal_minutes": None, "goal_met": None}


def test_to_dict_carries_what_the_cli_prints() -> None:
    data = review().to_dict()
    assert data["trend"] == {"weeks": 4, "days": 3}
    assert data["week"] == "2026-W48"
    assert (data["start"], data["end"]) == ("2026-11-23", "2026-11-29")
    assert data["total_minutes"] == 180
    assert data["met"] is False
    assert data["missing_kinds"] == ["reflect"]
    assert data["domains"] == [
        {"domain": "Jazz", "minutes": 150, "average_before": 120.0, "change": 30.0, **NO_GOAL},
        {"domain": "Statistics", "minutes": 30, "average_before": 30.0, "change": 0.0, **NO_GOAL},
        {"domain": "Law", "minutes": 0, "average_before": 15.0, "change": -15.0, **NO_GOAL},
    ]
    assert data["level_changes"] == [
        {
            "domain": "Jazz",
            "before": 2,
            "after": 3,
            "day": "2026-11-24",
            "note": "can comp through rhythm changes",
        },
        {"domain": "Statistics", "before": None, "after": 1, "day": "2026-11-25", "note": None},
    ]
    assert data["integration"] == [{"a": "Jazz", "b": "Statistics", "minutes": 60}]
    assert data["focus"] == review().focus()


def test_the_days_left_count_today_while_the_week_is_under_way() -> None:
    saturday = date(2026, 11, 28)
    sessions = [SessionFact(MON, 200, "read", "Jazz")]
    result = build_review(WEEK, saturday, TARGETS, sessions, [], [], ["Jazz"])
    assert result.days_left == 2
    assert result.focus()[0] == (
        "100 minutes to reach the weekly target over the 2 days left, today included."
    )
    sunday = build_review(WEEK, date(2026, 11, 29), TARGETS, sessions, [], [], ["Jazz"])
    assert sunday.in_progress  # its last day is still being lived
    assert sunday.focus()[0] == "100 minutes to reach the weekly target today, the week's last day."
    over = build_review(WEEK, date(2026, 11, 30), TARGETS, sessions, [], [], ["Jazz"])
    assert (over.in_progress, over.days_left) == (False, 0)
    assert over.focus()[0] == "100 minutes to reach the weekly target."


def test_a_week_under_way_is_compared_with_the_same_days_of_the_weeks_before() -> None:
    # Each of the four weeks before had 60 minutes on Monday and 240 on Saturday.
    sessions = [
        SessionFact(weeks_ago(n, day), minutes, "read", "Jazz")
        for n in (1, 2, 3, 4)
        for day, minutes in ((0, 60), (5, 240))
    ]
    sessions += [SessionFact(MON, 60, "read", "Jazz"), SessionFact(WED, 30, "read", "Jazz")]
    result = build_review(WEEK, TODAY, TARGETS, sessions, [], [], ["Jazz"])
    (line,) = result.domains
    assert (result.trend_weeks, result.trend_days) == (4, 3)  # Monday to Wednesday of each
    assert (line.minutes, line.average_before, line.change) == (90, 60.0, 30.0)
    finished = build_review(WEEK.shifted(-1), TODAY, TARGETS, sessions, [], [], ["Jazz"])
    assert finished.trend_days == 7
    assert finished.domains[0].average_before == 300.0


def test_only_weeks_since_the_first_session_are_compared() -> None:
    sessions = [
        SessionFact(weeks_ago(1, 2), 120, "read", "Jazz"),
        SessionFact(MON, 30, "read", "Jazz"),
    ]
    last_week = build_review(WEEK.shifted(-1), TODAY, TARGETS, sessions, [], [], ["Jazz"])
    assert last_week.trend_weeks == 0  # the person's first week: nothing before it
    assert last_week.domains[0].average_before is None
    assert last_week.domains[0].change is None
    this_week = build_review(WEEK, date(2026, 11, 29), TARGETS, sessions, [], [], ["Jazz"])
    assert this_week.trend_weeks == 1
    assert this_week.domains[0].change == 30 - 120
