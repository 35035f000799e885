"""The nudge: one line and exit 1 while today's guideline is missing or a timer was forgotten;
the status line flags a timer left running past ``timer_warn_hours``."""

import json
from datetime import datetime

import pytest

from tests.conftest import BERLIN, FixedClock
from tests.unit.cli.support import Run


def test_a_weekday_below_the_guideline_is_nudged_until_it_is_kept(cli: Run) -> None:
    first = cli("nudge")  # Wednesday 20:00, nothing logged
    assert first.code == 1
    assert first.out == "today 0m of the 1h guideline: 1h to go (polymath log, or polymath start)\n"
    cli("log", "40m", "Spanish", "--create")
    assert cli("nudge").out.startswith("today 40m of the 1h guideline: 20m to go")
    cli("log", "20m", "Spanish")
    kept = cli("nudge")
    assert (kept.code, kept.out) == (0, "today's guideline is kept: 1h\n")


def test_the_nudge_is_quiet_before_its_time_and_says_the_rest_after(cli: Run) -> None:
    quiet = cli("nudge", "--by", "21:00")  # 20:00 now
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    late = cli("nudge", "--by", "19:30")
    assert late.code == 1 and "to go" in late.out


@pytest.mark.parametrize(
    ("moment", "code", "line"),
    [
        (
            datetime(2026, 11, 28, 20, 0, tzinfo=BERLIN),
            0,
            "weekend: no guideline today (0m so far)",
        ),
        (datetime(2026, 11, 25, 20, 0, tzinfo=BERLIN), 0, "a planned rest week"),
    ],
)
def test_weekends_and_rest_weeks_have_no_guideline(
    cli: Run, clock: FixedClock, moment: datetime, code: int, line: str
) -> None:
    clock.moment = moment
    if moment.day == 25:
        cli("rest", "--week", "this")
    result = cli("nudge")
    assert (result.code, result.out.startswith(line)) == (code, True)


def test_a_forgotten_timer_is_flagged_by_status_and_nudged(cli: Run, clock: FixedClock) -> None:
    cli("start", "Spanish", "--create")
    clock.advance(hours=3, minutes=59)
    assert "forgot" not in cli("status").out
    clock.advance(minutes=2)
    line = cli("status").out
    assert "\u25b6 Spanish 4h01 since Wed 20:00: forgot to stop? polymath stop --at HH:MM" in line
    assert json.loads(cli("status", "--json").out)["timer"]["forgotten"] is True
    nudged = cli("nudge")
    assert nudged.code == 1
    assert nudged.out.startswith("Spanish 4h01 since Wed 20:00: forgot to stop?")


def test_the_warning_follows_the_setting(
    cli: Run, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLYMATH_TIMER_WARN_HOURS", "1")
    cli("start", "Spanish", "--create")
    clock.advance(minutes=61)
    assert "forgot to stop?" in cli("status").out


def test_notify_without_a_notification_program_still_prints_the_line(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    result = cli("nudge", "--notify")
    assert result.code == 1 and "to go" in result.out and result.err == ""
