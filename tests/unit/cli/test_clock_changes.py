"""Clocks that change: daylight saving, times that never happened or happened twice, timers
left running and clocks set back (the zone: Europe/Berlin)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import BERLIN, FixedClock
from tests.unit.cli.support import Run, assert_one_line_error, snapshot


def at_utc(clock: FixedClock, month: int, day: int, hour: int, minute: int) -> None:
    """Set the clock to a UTC instant of 2026, read in Berlin."""
    clock.moment = datetime(2026, month, day, hour, minute, tzinfo=UTC).astimezone(BERLIN)


def timer_minutes(cli: Run) -> int:
    timer = cli("status", "--json").json()["timer"]
    return int(timer["elapsed_minutes"])


# --- a timer across a daylight-saving change logs elapsed minutes ----------------------------


def test_a_timer_across_the_spring_change_logs_the_hour_that_passed(
    cli: Run, clock: FixedClock
) -> None:
    at_utc(clock, 3, 29, 0, 30)  # 01:30 CET; at 02:00 the clocks jump to 03:00
    assert cli("start", "Jazz piano", "--create").code == 0
    clock.advance(minutes=60)  # 03:30 CEST by the clock, one hour later
    assert timer_minutes(cli) == 60
    logged = cli("stop", "--json").json()["logged"]
    assert logged["minutes"] == 60
    assert cli("status", "--json").json()["today_minutes"] == 60


@pytest.mark.parametrize("minutes", [120, 61])
def test_a_timer_across_the_autumn_change_logs_the_minutes_that_passed(
    cli: Run, clock: FixedClock, minutes: int
) -> None:
    at_utc(clock, 10, 25, 0, 30)  # 02:30 CEST; at 03:00 the clocks go back to 02:00
    cli("start", "Jazz piano", "--create")
    clock.advance(minutes=minutes)
    assert timer_minutes(cli) == minutes
    assert cli("stop", "--json").json()["logged"]["minutes"] == minutes


# --- local times that never happened, or happened twice --------------------------------------


def test_a_start_time_the_clocks_skipped_is_refused_with_a_suggestion(cli: Run, db: Path) -> None:
    cli("domains", "add", "Jazz piano")
    before = snapshot(db)
    line = assert_one_line_error(
        cli("log", "30m", "Jazz piano", "--on", "2026-03-29", "--at", "02:30")
    )
    assert line == (
        "polymath: 02:30 on Sun 29 Mar 2026 never happened here: the clocks went forward from "
        "02:00 to 03:00 (did you mean 03:30?)"
    )
    assert snapshot(db) == before


def test_a_repeated_start_time_takes_the_first_and_says_so(cli: Run) -> None:
    result = cli("log", "30m", "Jazz piano", "--create", "--on", "2026-10-25", "--at", "02:30")
    assert result.code == 0, result
    assert result.lines[0].startswith("logged 30m of read in Jazz piano on Sun 25 Oct 02:30 (#1)")
    assert result.lines[1] == (
        "note: the clocks showed 02:30 twice on Sun 25 Oct (they went back): this is the first, "
        "at +02:00; --fold takes the second"
    )
    listed = cli("sessions", "--json").json()
    assert listed[0]["started_at"] == "2026-10-25T02:30:00+02:00"


def test_fold_takes_the_second_of_a_repeated_time(cli: Run) -> None:
    result = cli(
        "log", "30m", "Jazz piano", "--create", "--on", "2026-10-25", "--at", "02:30", "--fold"
    )
    assert "this is the second, at +01:00" in result.out
    assert cli("sessions", "--json").json()[0]["started_at"] == "2026-10-25T02:30:00+01:00"
    edited = cli("edit", "1", "--at", "02:40", "--json").json()
    assert edited["started_at"] == "2026-10-25T02:40:00+02:00"
    edited = cli("edit", "1", "--at", "02:40", "--fold", "--json").json()
    assert edited["started_at"] == "2026-10-25T02:40:00+01:00"


def test_an_unrepeated_time_gets_no_note_and_fold_needs_a_time(cli: Run) -> None:
    result = cli("log", "30m", "Jazz piano", "--create", "--at", "07:30")
    assert "note:" not in result.out
    line = assert_one_line_error(cli("log", "30m", "Jazz piano", "--fold"))
    assert "give one with --at" in line


# --- a timer left running, a clock set back --------------------------------------------------


def test_a_timer_forgotten_for_more_than_a_day_is_saved_with_stop_at(
    cli: Run, clock: FixedClock, db: Path
) -> None:
    clock.moment = datetime(2026, 11, 23, 20, 0, tzinfo=BERLIN)  # Monday evening
    cli("start", "Jazz piano", "--create")
    clock.moment = datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)  # Wednesday morning
    before = snapshot(db)
    line = assert_one_line_error(cli("stop"))
    assert line == (
        "polymath: the timer started Mon 23 Nov 20:00 and has run for 37h, over a day: a session "
        "lasts 24h at most, so it must end by Tue 24 Nov 20:00; end it when you stopped with: "
        "polymath stop --at HH:MM (or discard it: polymath cancel)"
    )
    assert snapshot(db) == before
    result = cli("stop", "--at", "21:30")
    assert result.code == 0, result
    assert result.out.strip() == "logged 1h30 of read in Jazz piano on Mon 23 Nov 20:00 (#1)"
    assert cli("status", "--json").json()["timer"] is None


def test_stop_at_on_a_day_that_would_make_it_longer_than_a_day_is_refused(
    cli: Run, clock: FixedClock, db: Path
) -> None:
    clock.moment = datetime(2026, 11, 23, 20, 0, tzinfo=BERLIN)
    cli("start", "Jazz piano", "--create")
    clock.moment = datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)
    before = snapshot(db)
    line = assert_one_line_error(cli("stop", "--at", "08:00", "--on", "wed"))
    assert "would last 36h, over a day: a session lasts 24h at most" in line
    line = assert_one_line_error(cli("stop", "--at", "10:00", "--on", "wed"))
    assert "Wed 25 Nov 10:00 is still to come" in line
    line = assert_one_line_error(cli("stop", "--on", "tue"))
    assert "give the time too, with --at" in line
    assert snapshot(db) == before
    result = cli("stop", "--at", "19:00", "--on", "tue", "--json")
    assert result.json()["logged"]["minutes"] == 23 * 60


def test_a_clock_set_back_shows_no_negative_time_and_stop_says_why(
    cli: Run, clock: FixedClock, db: Path
) -> None:
    cli("start", "Jazz piano", "--create")  # 20:00
    clock.moment = datetime(2026, 11, 25, 19, 0, tzinfo=BERLIN)  # the clock went back an hour
    line = cli("status").out.strip()
    assert "-1h" not in line
    assert line.endswith("\u25b6 Jazz piano from 20:00, ahead of the clock")
    assert cli("status", "--json").json()["timer"]["elapsed_minutes"] is None
    before = snapshot(db)
    refused = assert_one_line_error(cli("stop"))
    assert refused == (
        "polymath: the timer started at Wed 25 Nov 20:00, later than the clock says it is now "
        "(Wed 25 Nov 19:00): the clock has gone back; cancel it with: polymath cancel"
    )
    assert "the clock has gone back" in assert_one_line_error(cli("stop", "--at", "18:30"))
    assert snapshot(db) == before


def test_a_clock_set_back_by_seconds_only_makes_the_timer_shorter_than_a_minute(
    cli: Run, clock: FixedClock, db: Path
) -> None:
    cli("start", "Jazz piano", "--create")  # 20:00
    clock.moment = datetime(2026, 11, 25, 19, 59, 40, tzinfo=BERLIN)  # a time server's correction
    before = snapshot(db)
    line = assert_one_line_error(cli("stop"))
    assert line == (
        "polymath: the timer ran for less than a minute; cancel it with: polymath cancel"
    )
    assert snapshot(db) == before
    clock.moment = datetime(2026, 11, 25, 19, 59, 20, tzinfo=BERLIN)  # set back 40 seconds
    assert "the clock has gone back" in assert_one_line_error(cli("stop"))
