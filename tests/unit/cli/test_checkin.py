"""Check-ins and the timer: log, start, stop, cancel, status (the clock: Wed 25 Nov 20:00)."""

import re
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FixedClock
from tests.unit.cli.support import Run, assert_one_line_error, snapshot

STATUS_LINE = re.compile(
    r"^today (?P<today>\S+) \u00b7 week (?P<week>\S+)/(?P<target>\S+) \u00b7 "
    r"streak (?P<streak>\d+)w(?: \u00b7 \u25b6 (?P<timer>.+) (?P<elapsed>\S+))?$"
)


def status(cli: Run) -> re.Match[str]:
    result = cli("status")
    assert result.code == 0, result
    match = STATUS_LINE.match(result.out.strip())
    assert match, result.out
    return match


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("45m", 45),
        ("1h30", 90),
        ("1.5h", 90),
        ("90", 90),
        ("PT1H30M", 90),
        ("1h", 60),
        ("2h 15min", 135),
    ],
)
def test_log_reads_durations_as_people_write_them(cli: Run, written: str, minutes: int) -> None:
    result = cli("log", written, "Jazz piano", "--create", "--json")
    assert result.code == 0, result
    assert result.json()["logged"]["minutes"] == minutes
    assert result.json()["status"]["today_minutes"] == minutes


def test_log_prints_what_it_wrote_then_the_status_line(cli: Run) -> None:
    result = cli("log", "45m", "Jazz piano", "--create", "--kind", "experiment", "--note", "ii-V-I")
    assert result.code == 0, result
    first, second = result.lines
    assert first == (
        "logged 45m of experiment in Jazz piano on Wed 25 Nov 19:15 (#1) "
        "[new domain: Jazz piano, area play musical instruments]"
    )
    assert second == "today 45m \u00b7 week 45m/5h \u00b7 streak 0w"
    listed = cli("sessions", "--json").json()
    assert listed == [
        {
            "id": 1,
            "started_at": "2026-11-25T19:15:00+01:00",
            "day": "2026-11-25",
            "minutes": 45,
            "domain": "Jazz piano",
            "kind": "experiment",
            "note": "ii-V-I",
            "with": [],
        }
    ]


@pytest.mark.parametrize(
    ("on", "started_at"),
    [
        ("yesterday", "2026-11-24T12:00:00+01:00"),
        ("mon", "2026-11-23T12:00:00+01:00"),
        ("monday", "2026-11-23T12:00:00+01:00"),
        ("thu", "2026-11-19T12:00:00+01:00"),
        ("2026-11-20", "2026-11-20T12:00:00+01:00"),
        ("today", "2026-11-25T19:30:00+01:00"),
    ],
)
def test_log_on_a_day_backfills_it(cli: Run, on: str, started_at: str) -> None:
    result = cli("log", "30m", "Jazz piano", "--create", "--on", on, "--json")
    assert result.code == 0, result
    assert result.json()["logged"]["started_at"] == started_at


def test_log_at_a_time_and_day(cli: Run) -> None:
    result = cli("log", "1h", "Jazz piano", "--create", "--at", "07:30", "--json")
    assert result.json()["logged"]["started_at"] == "2026-11-25T07:30:00+01:00"
    result = cli("log", "1h", "Jazz piano", "--on", "mon", "--at", "6.45", "--json")
    assert result.json()["logged"]["started_at"] == "2026-11-23T06:45:00+01:00"
    assert cli("status", "--json").json()["week_minutes"] == 120


def test_log_at_a_time_still_to_come_is_refused(cli: Run, db: Path) -> None:
    cli("domains", "add", "Jazz piano")
    before = snapshot(db)
    line = assert_one_line_error(cli("log", "30m", "Jazz piano", "--at", "21:00"))
    assert "in the future" in line
    assert snapshot(db) == before


def test_log_with_other_domains_records_the_integration(cli: Run) -> None:
    result = cli(
        "log", "1h", "Jazz piano", "--with", "Statistics", "-w", "harmony", "--create", "--json"
    )
    logged = result.json()["logged"]
    assert logged["with"] == ["Statistics", "harmony"]
    assert logged["created_domains"] == ["Jazz piano", "Statistics", "harmony"]
    assert "with Statistics on" in cli("log", "20m", "jazz piano", "-w", "statistics").out
    review = cli("review", "--format", "json").json()
    assert {"a": "Jazz piano", "b": "Statistics", "minutes": 80} in review["integration"]
    assert {"a": "Jazz piano", "b": "harmony", "minutes": 60} in review["integration"]


def test_log_names_a_domain_in_any_case_and_spacing(cli: Run, clock: FixedClock) -> None:
    cli("log", "10m", "Jazz piano", "--create")
    clock.advance(minutes=10)
    result = cli("log", "10m", "  JAZZ   Piano ", "--json")
    assert result.json()["logged"]["domain"] == "Jazz piano"
    assert result.json()["logged"]["created_domains"] == []
    assert len(cli("domains", "--json").json()) == 1


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("read", "read"),
        ("rea", "read"),
        ("r", "read"),
        ("ref", "reflect"),
        ("refl", "reflect"),
        ("e", "experiment"),
        ("exp", "experiment"),
        ("EXPERIMENT", "experiment"),
        ("practice", "experiment"),
    ],
)
def test_log_kind_takes_prefixes_and_aliases(cli: Run, typed: str, kind: str) -> None:
    result = cli("log", "20m", "Jazz piano", "--create", "--kind", typed, "--json")
    assert result.json()["logged"]["kind"] == kind


def test_log_without_a_kind_repeats_the_domains_last_kind(cli: Run, clock: FixedClock) -> None:
    assert cli("log", "20m", "Jazz piano", "--create", "--json").json()["logged"]["kind"] == "read"
    clock.advance(minutes=30)
    cli("log", "20m", "Jazz piano", "-k", "reflect")
    clock.advance(minutes=30)
    assert cli("log", "20m", "Jazz piano", "--json").json()["logged"]["kind"] == "reflect"


def test_log_on_an_unknown_domain_suggests_the_close_one(cli: Run, db: Path) -> None:
    cli("log", "30m", "Jazz piano", "--create")
    before = snapshot(db)
    line = assert_one_line_error(cli("log", "30m", "jazz pianno"))
    assert line == (
        "polymath: no domain 'jazz pianno' (did you mean 'Jazz piano'?); add it with --create"
    )
    assert snapshot(db) == before
    line = assert_one_line_error(cli("log", "30m", "Jazz piano", "--with", "Statistcs"))
    assert "no domain 'Statistcs'" in line
    assert snapshot(db) == before


def test_log_with_create_adds_the_new_domain(cli: Run) -> None:
    cli("log", "30m", "Jazz piano", "--create")
    result = cli("log", "15m", "jazz pianno", "--create")
    assert "[new domain: jazz pianno]" in result.out  # a typo matches no skill: left unmapped
    assert [d["name"] for d in cli("domains", "--json").json()] == ["jazz pianno", "Jazz piano"]


def test_a_note_may_start_with_a_minus_sign(cli: Run) -> None:
    result = cli("log", "30m", "Gym", "--create", "--note", "-5 kg since May", "--json")
    assert result.code == 0, result
    assert cli("sessions", "--json").json()[0]["note"] == "-5 kg since May"


def test_timer_start_status_stop(cli: Run, clock: FixedClock) -> None:
    cli("domains", "add", "Jazz piano")
    result = cli("start", "jazz piano", "--kind", "exp", "--note", "voicings")
    assert result.code == 0, result
    assert result.out.strip() == "timer started: experiment in Jazz piano at 20:00"
    clock.advance(minutes=25)
    line = status(cli)
    assert line["timer"] == "Jazz piano"
    assert line["elapsed"] == "25m"
    timer = cli("status", "--json").json()["timer"]
    assert timer == {
        "domain": "Jazz piano",
        "kind": "experiment",
        "started_at": "2026-11-25T20:00:00+01:00",
        "elapsed_minutes": 25,
        "forgotten": False,
    }
    clock.advance(minutes=25)
    result = cli("stop", "--note", "shell voicings")
    assert result.out.strip() == "logged 50m of experiment in Jazz piano on Wed 25 Nov 20:00 (#1)"
    line = status(cli)
    assert (line["today"], line["week"], line["timer"]) == ("50m", "50m", None)
    assert cli("sessions", "--json").json()[0]["note"] == "voicings\nshell voicings"


def test_timer_survives_between_commands_and_keeps_integrations(
    cli: Run, clock: FixedClock
) -> None:
    cli("start", "Jazz piano", "--with", "Statistics", "--create")
    clock.advance(minutes=90)
    result = cli("stop", "--json")
    assert result.json()["logged"]["with"] == ["Statistics"]
    assert result.json()["logged"]["minutes"] == 90


def test_only_one_timer_runs(cli: Run, clock: FixedClock, db: Path) -> None:
    cli("start", "Jazz piano", "--create")
    clock.advance(minutes=5)
    before = snapshot(db)
    line = assert_one_line_error(cli("start", "Statistics", "--create"))
    assert line == (
        "polymath: a timer is already running on Jazz piano since 20:00; stop or cancel it first"
    )
    assert snapshot(db) == before


def test_cancel_discards_the_timer(cli: Run, clock: FixedClock) -> None:
    cli("start", "Jazz piano", "--create")
    clock.advance(minutes=10)
    result = cli("cancel")
    assert result.out.strip() == "timer on Jazz piano cancelled after 10m; nothing logged"
    assert cli("sessions", "--json").json() == []
    assert status(cli)["timer"] is None


def test_stop_or_cancel_without_a_timer(cli: Run, db: Path) -> None:
    before = snapshot(db)
    assert "no timer is running" in assert_one_line_error(cli("stop"))
    assert "no timer is running" in assert_one_line_error(cli("cancel"))
    assert snapshot(db) == before


def test_stop_within_a_minute_keeps_the_timer(cli: Run, db: Path) -> None:
    cli("start", "Jazz piano", "--create")
    before = snapshot(db)
    assert "less than a minute" in assert_one_line_error(cli("stop"))
    assert snapshot(db) == before


def test_status_line_counts_today_the_week_and_the_streak(cli: Run) -> None:
    assert status(cli).groupdict() == {
        "today": "0m",
        "week": "0m",
        "target": "5h",
        "streak": "0",
        "timer": None,
        "elapsed": None,
    }
    for week_day in ("2026-11-10", "2026-11-17"):  # weeks W46 and W47 meet the 5 hours
        cli("log", "3h", "Jazz piano", "--create", "--on", week_day)
        cli("log", "2h", "Statistics", "--create", "--on", week_day)
    cli("log", "1h30", "Jazz piano", "--on", "mon")
    cli("log", "40m", "Jazz piano")
    assert status(cli).groupdict() == {
        "today": "40m",
        "week": "2h10",
        "target": "5h",
        "streak": "2",
        "timer": None,
        "elapsed": None,
    }
    data = cli("status", "--json").json()
    assert data == {
        "today_minutes": 40,
        "week_minutes": 130,
        "weekly_target": 300,
        "weekly_streak": 2,
        "timer": None,
    }


def test_status_follows_the_configured_target(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text('weekly_target = "3h"\n')
    cli("log", "1h", "Jazz piano", "--create")
    assert status(cli)["target"] == "3h"


def test_status_answers_while_another_program_writes(cli: Run, db: Path) -> None:
    cli("log", "1h", "Jazz piano", "--create")
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        assert status(cli)["today"] == "1h"
    finally:
        other.execute("ROLLBACK")
        other.close()
