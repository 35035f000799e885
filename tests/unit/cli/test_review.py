"""``today`` and ``review``: the figures match what was logged (the clock: Wed 25 Nov 2026 20:00).

The history: week 2026-W47 meets the 5 hours on Tuesday 17 November; this week (W48) has
1h30 on Monday, 45m on Tuesday and 40m today, with a level change and an integration session.
"""

import pytest

from tests.unit.cli.support import Run


@pytest.fixture
def history(cli: Run) -> Run:
    steps = [
        ("log", "3h", "Jazz piano", "--create", "--on", "2026-11-17", "-k", "experiment"),
        ("log", "2h", "Statistics", "--create", "--on", "2026-11-17", "-k", "read"),
        ("level", "Jazz piano", "2", "--on", "2026-11-10"),
        ("log", "1h30", "Jazz piano", "--on", "mon", "--at", "07:00", "-k", "experiment"),
        ("log", "45m", "Statistics", "--on", "tue", "-k", "read"),
        ("log", "40m", "Jazz piano", "-k", "reflect", "--with", "Statistics"),
        ("level", "Jazz piano", "competent", "--on", "tue", "--note", "can comp standards"),
    ]
    for step in steps:
        assert cli(*step).code == 0, step
    return cli


NO_GOAL = {"goal_minutes": None, "goal_met": None}
"""A domain without a weekly goal, as the review's JSON says it."""


def test_review_of_this_week_adds_up_what_was_logged(history: Run) -> None:
    review = history("review", "--format", "json").json()
    assert review["week"] == "2026-W48"
    assert (review["start"], review["end"]) == ("2026-11-23", "2026-11-29")
    assert review["in_progress"] is True
    assert (review["total_minutes"], review["target_minutes"], review["met"]) == (175, 300, False)
    # Compared with the first three days of W47 only: the person began on Tuesday 17th.
    assert review["trend"] == {"weeks": 1, "days": 3}
    assert review["domains"] == [
        {
            "domain": "Jazz piano",
            "minutes": 130,
            "average_before": 180.0,
            "change": -50.0,
            **NO_GOAL,
        },
        {
            "domain": "Statistics",
            "minutes": 45,
            "average_before": 120.0,
            "change": -75.0,
            **NO_GOAL,
        },
    ]
    assert review["kinds"] == {"read": 45, "reflect": 40, "experiment": 90}
    assert review["missing_kinds"] == []
    assert [(d["minutes"], d["guideline_kept"], d["status"]) for d in review["days"]] == [
        (90, True, "kept"),
        (45, False, "missed"),
        (40, None, "under way"),
        (0, None, "ahead"),
        (0, None, "ahead"),
        (0, None, "weekend"),
        (0, None, "weekend"),
    ]
    assert review["streaks"] == {"weekly": 1, "longest_weekly": 1, "daily": 3, "longest_daily": 3}
    assert review["level_changes"] == [
        {
            "domain": "Jazz piano",
            "before": 2,
            "after": 3,
            "day": "2026-11-24",
            "note": "can comp standards",
        }
    ]
    assert review["integration"] == [{"a": "Jazz piano", "b": "Statistics", "minutes": 40}]
    assert review["focus"][0] == (
        "125 minutes to reach the weekly target over the 5 days left, today included."
    )


@pytest.mark.parametrize("week", ["last", "2026-W47", "2026-w47", "2026-11-18", "2026-11-22"])
def test_review_of_another_week(history: Run, week: str) -> None:
    review = history("review", "--week", week, "--json").json()
    assert review["week"] == "2026-W47"
    assert review["total_minutes"] == 300
    assert review["met"] is True
    assert review["in_progress"] is False
    assert review["kinds"] == {"read": 120, "reflect": 0, "experiment": 180}
    assert review["missing_kinds"] == ["reflect"]


def test_review_as_text(history: Run) -> None:
    result = history("review")
    assert result.code == 0, result
    text = result.out
    lines = text.splitlines()
    assert text.startswith("Week 2026-W48 (Mon 23 Nov - Sun 29 Nov 2026), in progress\n")
    assert "2h55 of 5h (58%), 2h05 to go" in text
    assert "Jazz piano" in text and "2h10  (-50m)" in text
    assert "By domain (change vs the first 3 days of the previous week, on average):" in lines
    assert any(line.split()[:3] == ["Mon", "23", "1h30"] and "kept" in line for line in lines)
    assert any(line.split()[:3] == ["Tue", "24", "45m"] and "missed" in line for line in lines)
    (today,) = [line for line in lines if line.split()[:2] == ["Wed", "25"]]
    assert today.endswith("so far") and "missed" not in today
    assert "weekly: 1 (longest 1)" in text
    assert "Jazz piano: 2 -> 3 (competent): can comp standards" in text
    assert "Jazz piano + Statistics: 40m" in text
    for heading in ("total", "by domain", "by kind", "by day", "streaks", "competence", "next"):
        assert any(line.lower().startswith(heading) for line in lines), heading


def test_review_as_markdown(history: Run) -> None:
    text = history("review", "--week", "last", "--format", "markdown").out
    lines = text.splitlines()
    assert lines[0] == "# Week 2026-W47 (Mon 16 Nov - Sun 22 Nov 2026)"

    def table_after(heading: str) -> list[str]:
        """The lines from the heading to the blank line that ends its table."""
        start = lines.index(heading)
        assert lines[start + 1] == "", heading  # a table starts after a blank line
        end = lines.index("", start + 2)
        return lines[start + 2 : end]

    assert table_after("## By domain (no earlier week to compare with yet)") == [
        "| domain | time |",
        "|---|---:|",
        "| Jazz piano | 3h |",
        "| Statistics | 2h |",
    ]
    assert table_after("## By kind") == [
        "| kind | time |",
        "|---|---:|",
        "| read | 2h |",
        "| reflect | 0m |",
        "| experiment | 3h |",
    ]
    after_kinds = lines.index("| experiment | 3h |")
    assert lines[after_kinds + 1 : after_kinds + 3] == ["", "- missing: reflect"]
    days = table_after("## By day (weekday guideline 1h)")
    assert days[:2] == ["| day | time | of 1h | guideline |", "|---|---:|---|---|"]
    assert days[2:4] == [
        "| Mon 16 | 0m | \u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591 | missed |",
        "| Tue 17 | 5h | \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588 | kept |",
    ]
    assert len(days) == 2 + 7
    assert "- weekly: 1 (longest 1)" in lines  # the other sections stay lists


def test_a_markdown_table_keeps_a_pipe_in_a_name_inside_its_cell(cli: Run) -> None:
    assert cli("log", "1h", "R|D lab", "--create", "--on", "mon").code == 0
    lines = cli("review", "--format", "markdown").out.splitlines()
    assert "| R\\|D lab | 1h |" in lines


def test_review_json_flag_and_format_agree(history: Run) -> None:
    this_week = history("review", "--week", "this", "--format", "json").json()
    assert history("review", "--json").json() == this_week
    assert history("review", "--week", "2026-11-25", "--json").json() == this_week


def test_review_of_an_empty_week(cli: Run) -> None:
    review = cli("review", "--json").json()
    assert review["total_minutes"] == 0
    assert review["domains"] == []
    assert "no sessions" in cli("review").out


def test_today_lists_todays_sessions_and_the_week(history: Run) -> None:
    result = history("today")
    assert result.lines[0] == "Today Wed 25 Nov: 40m (weekday guideline 1h)"
    assert result.lines[2].split() == ["19:20", "40m", "reflect", "Jazz", "piano"]
    assert result.lines[-1] == "This week: 2h55 of 5h; weekly streak 1"
    data = history("today", "--json").json()
    assert data["today_minutes"] == 40
    assert [s["domain"] for s in data["sessions"]] == ["Jazz piano"]
    assert data["sessions"][0]["with"] == ["Statistics"]
    assert data["week"]["total_minutes"] == 175


def test_a_rest_week_keeps_the_weekly_streak(cli: Run) -> None:
    for day in ("2026-11-03", "2026-11-17"):  # W45 and W47 meet the target, W46 is empty
        cli("log", "5h", "Jazz piano", "--create", "--on", day)
    cli("log", "5h", "Jazz piano")
    assert cli("status", "--json").json()["weekly_streak"] == 2
    cli("rest", "--week", "2026-W46", "--note", "holiday")
    assert cli("status", "--json").json()["weekly_streak"] == 3
    assert cli("review", "--week", "2026-W46", "--json").json()["rest_week"] is True
    assert "Planned rest week." in cli("review", "--week", "2026-W46").out


def test_a_first_week_is_compared_with_nothing(cli: Run) -> None:
    cli("log", "1h", "Jazz piano", "--create", "--on", "mon")
    review = cli("review", "--json").json()
    assert review["trend"] == {"weeks": 0, "days": 3}
    assert review["domains"] == [
        {"domain": "Jazz piano", "minutes": 60, "average_before": None, "change": None, **NO_GOAL}
    ]
    text = cli("review").out
    assert "By domain (no earlier week to compare with yet):" in text
    assert "  Jazz piano                       1h\n" in text


def test_a_finished_week_is_compared_with_whole_weeks(history: Run) -> None:
    text = history("review", "--week", "last").out
    assert "By domain (no earlier week to compare with yet):" in text
    history("log", "1h", "Jazz piano", "--on", "2026-11-10")  # the person began a week earlier
    text = history("review", "--week", "last").out
    assert "By domain (change vs the previous week, on average):" in text
    assert "Jazz piano                       3h  (+2h)" in text


def test_a_rest_weeks_days_are_not_missed_and_its_time_does_not_extend_the_daily_streak(
    cli: Run,
) -> None:
    for day in ("2026-11-19", "2026-11-20"):  # Thursday and Friday of W47 meet the minimum
        cli("log", "30m", "Jazz piano", "--create", "--on", day)
    for day in ("mon", "tue"):  # and so do Monday and Tuesday of this week, declared for rest
        cli("log", "30m", "Jazz piano", "--on", day)
    cli("rest", "--week", "this")
    review = cli("review", "--json").json()
    assert review["streaks"]["daily"] == 2
    assert {d["status"] for d in review["days"]} == {"rest"}
    text = cli("review").out
    assert "missed" not in text
    assert "Planned rest week." in text
