"""Looking after the history: domains, levels, sessions, edits, deletes, undo and rest weeks."""

from pathlib import Path

import pytest

from tests.conftest import FixedClock
from tests.unit.cli.support import Run, assert_one_line_error, snapshot


def domain_names(cli: Run, *flags: str) -> list[str]:
    return [d["name"] for d in cli("domains", *flags, "--json").json()]


def minutes_by_domain(cli: Run) -> dict[str, int]:
    totals: dict[str, int] = {}
    for s in cli("sessions", "--limit", "1000", "--json").json():
        totals[s["domain"]] = totals.get(s["domain"], 0) + s["minutes"]
    return totals


# --- domains --------------------------------------------------------------------------------


def test_domains_list_shows_hours_week_level_and_last_day(cli: Run) -> None:
    assert "no domains yet" in cli("domains").out
    cli("domains", "add", "Jazz piano", "--area", "Play musical instruments")
    cli("log", "2h", "Jazz piano", "--on", "2026-11-17")
    cli("log", "45m", "Jazz piano", "--on", "mon")
    cli("level", "Jazz piano", "3")
    cli("domains", "add", "Statistics")
    listed = cli("domains", "--json").json()
    assert listed[0] == {
        "name": "Jazz piano",
        "area": "play musical instruments",
        "archived": False,
        "total_hours": 2.8,
        "week_minutes": 45,
        "level": 3,
        "level_name": "competent",
        "last_session": "2026-11-23",
    }
    assert listed[1]["name"] == "Statistics"
    assert listed[1]["total_hours"] == 0
    assert listed[1]["last_session"] is None
    header, jazz, _ = cli("domains").lines
    assert header.split() == ["domain", "hours", "this", "week", "level", "last", "area"]
    assert jazz.split() == [
        *("Jazz", "piano", "2.8", "45m", "3", "competent", "2026-11-23"),
        *("play", "musical", "instruments"),
    ]


def test_domains_add_refuses_a_second_domain_of_the_same_name(cli: Run, db: Path) -> None:
    result = cli("domains", "add", "Jazz piano")
    assert result.code == 0, result
    assert result.out.startswith("added domain Jazz piano")
    before = snapshot(db)
    line = assert_one_line_error(cli("domains", "add", "  jazz   PIANO "))
    assert line == "polymath: domain 'Jazz piano' already exists"
    assert snapshot(db) == before


def test_domains_rename_keeps_the_sessions(cli: Run, db: Path) -> None:
    cli("log", "1h", "Jazz piano", "--create")
    cli("domains", "add", "Statistics")
    result = cli("domains", "rename", "jazz piano", "Jazz")
    assert result.out.strip() == "renamed jazz piano to Jazz"
    assert minutes_by_domain(cli) == {"Jazz": 60}
    assert cli("log", "10m", "jazz", "--json").json()["logged"]["domain"] == "Jazz"
    before = snapshot(db)
    line = assert_one_line_error(cli("domains", "rename", "Jazz", "statistics"))
    assert "already exists; merge into it instead" in line
    assert snapshot(db) == before


def test_domains_merge_moves_sessions_links_and_levels(cli: Run) -> None:
    cli("log", "1h", "Piano", "--create")
    cli("log", "30m", "Jazz piano", "--create")
    cli("log", "20m", "Statistics", "--create", "--with", "piano")
    cli("level", "Piano", "2", "--on", "mon")
    result = cli("domains", "merge", "Piano", "Jazz piano")
    assert result.out.strip() == "merged Piano into Jazz piano (1 sessions moved)"
    assert domain_names(cli, "--all") == ["Jazz piano", "Statistics"]
    assert minutes_by_domain(cli) == {"Jazz piano": 90, "Statistics": 20}
    stats = [s for s in cli("sessions", "--json").json() if s["domain"] == "Statistics"]
    assert stats[0]["with"] == ["Jazz piano"]
    assert [p["level"] for p in cli("level", "Jazz piano", "--json").json()] == [2]
    assert "cannot merge a domain into itself" in assert_one_line_error(
        cli("domains", "merge", "Jazz piano", "jazz piano")
    )


def test_domains_archive_and_restore(cli: Run) -> None:
    cli("log", "1h", "Jazz piano", "--create")
    cli("domains", "add", "Statistics")
    assert cli("domains", "archive", "statistics").out.strip() == "archived Statistics"
    assert domain_names(cli) == ["Jazz piano"]
    assert domain_names(cli, "--all") == ["Jazz piano", "Statistics"]
    assert "Statistics (archived)" in cli("domains", "--all").out
    assert cli("domains", "restore", "Statistics").out.strip() == "restored Statistics"
    assert domain_names(cli) == ["Jazz piano", "Statistics"]


def test_domains_commands_name_an_unknown_domain(cli: Run, db: Path) -> None:
    cli("domains", "add", "Jazz piano")
    before = snapshot(db)
    for argv in (
        ("domains", "rename", "Jaz piano", "Jazz"),
        ("domains", "merge", "Jazz piano", "Jaz pian"),
        ("domains", "archive", "jazz pian"),
        ("domains", "restore", "nothing like it"),
    ):
        line = assert_one_line_error(cli(*argv))
        assert line.startswith("polymath: no domain"), argv
    assert "did you mean 'Jazz piano'?" in cli("domains", "archive", "jazz pian").err
    assert snapshot(db) == before


# --- levels ---------------------------------------------------------------------------------


def test_level_history_against_cumulative_hours(cli: Run) -> None:
    cli("log", "2h", "Jazz piano", "--create", "--on", "2026-11-10")
    cli("log", "3h", "Jazz piano", "--on", "2026-11-17")
    cli("log", "1h", "Jazz piano", "--on", "2026-11-19")
    result = cli("level", "jazz piano", "2", "--on", "2026-11-10", "--note", "knows the shapes")
    assert result.out.strip() == (
        "jazz piano: level 2 (advanced beginner) on 2026-11-10, after 2.0 hours"
    )
    cli("level", "Jazz piano", "comp", "--on", "2026-11-18", "--note", "can comp standards")
    cli("level", "Jazz piano", "proficient")
    history = cli("level", "Jazz piano", "--json").json()
    assert history == [
        {
            "on": "2026-11-10",
            "level": 2,
            "level_name": "advanced beginner",
            "note": "knows the shapes",
            "cumulative_hours": 2.0,
        },
        {
            "on": "2026-11-18",
            "level": 3,
            "level_name": "competent",
            "note": "can comp standards",
            "cumulative_hours": 5.0,
        },
        {
            "on": "2026-11-25",
            "level": 4,
            "level_name": "proficient",
            "note": None,
            "cumulative_hours": 6.0,
        },
    ]
    rows = [line.split()[:4] for line in cli("level", "Jazz piano").lines[1:]]
    assert rows == [
        ["2026-11-10", "2", "advanced", "beginner"],
        ["2026-11-18", "3", "competent", "5.0"],
        ["2026-11-25", "4", "proficient", "6.0"],
    ]


def test_level_of_a_domain_never_assessed(cli: Run) -> None:
    cli("domains", "add", "Jazz piano")
    assert "no assessments of Jazz piano yet" in cli("level", "Jazz piano").out
    assert cli("level", "Jazz piano", "--json").json() == []


# --- sessions, edit, delete, undo -------------------------------------------------------------


@pytest.fixture
def three_sessions(cli: Run, clock: FixedClock) -> Run:
    cli("log", "1h", "Jazz piano", "--create", "--on", "2026-11-17", "-k", "experiment")
    cli("log", "45m", "Statistics", "--create", "--on", "mon", "-k", "read", "-n", "chapter 3")
    cli("log", "30m", "Jazz piano", "-k", "reflect")
    return cli


def test_sessions_lists_ids_oldest_first(three_sessions: Run) -> None:
    cli = three_sessions
    listed = cli("sessions", "--json").json()
    assert [(s["id"], s["day"], s["minutes"], s["domain"]) for s in listed] == [
        (1, "2026-11-17", 60, "Jazz piano"),
        (2, "2026-11-23", 45, "Statistics"),
        (3, "2026-11-25", 30, "Jazz piano"),
    ]
    assert [s["id"] for s in cli("sessions", "--week", "this", "--json").json()] == [2, 3]
    assert [s["id"] for s in cli("sessions", "--week", "2026-W47", "--json").json()] == [1]
    assert [s["id"] for s in cli("sessions", "--domain", "jazz piano", "--json").json()] == [1, 3]
    assert [s["id"] for s in cli("sessions", "--limit", "1", "--json").json()] == [3]
    header, *rows = cli("sessions").lines
    assert header.split() == ["id", "started", "time", "kind", "domain", "with", "note"]
    assert rows[1].split() == [
        *("2", "2026-11-23", "12:00", "45m", "read", "Statistics", "chapter", "3")
    ]


def test_edit_then_undo_step_by_step(three_sessions: Run) -> None:
    cli = three_sessions
    original = cli("sessions", "--json").json()
    result = cli("edit", "2", "--duration", "1h30", "--kind", "reflect", "--note", "chapter 4")
    assert result.out.strip() == "session #2: 1h30 reflect in Statistics on Mon 23 Nov 12:00"
    cli("edit", "2", "--on", "tue", "--at", "08:15")
    cli("edit", "2", "--domain", "jazz piano", "--with", "Statistics")
    edited = cli("sessions", "--json").json()[1]
    assert edited == {
        "id": 2,
        "started_at": "2026-11-24T08:15:00+01:00",
        "day": "2026-11-24",
        "minutes": 90,
        "domain": "Jazz piano",
        "kind": "reflect",
        "note": "chapter 4",
        "with": ["Statistics"],
    }
    deleted = cli("delete", "3")
    assert deleted.out.strip() == (
        "deleted session #3 (30m in Jazz piano); polymath undo brings it back"
    )
    assert [s["id"] for s in cli("sessions", "--json").json()] == [1, 2]

    assert cli("undo").out.strip() == "undone: delete session 3"
    assert [s["id"] for s in cli("sessions", "--json").json()] == [1, 2, 3]
    assert cli("undo").out.strip() == "undone: edit session 2"
    assert cli("sessions", "--json").json()[1]["domain"] == "Statistics"
    assert cli("sessions", "--json").json()[1]["with"] == []
    cli("undo")
    assert cli("sessions", "--json").json()[1]["day"] == "2026-11-23"
    cli("undo")
    assert cli("sessions", "--json").json() == original
    assert cli("undo", "--json").json() == {"undone": "log 30m Jazz piano"}
    cli("undo")
    cli("undo")
    assert cli("sessions", "--json").json() == []
    assert cli("domains", "--json").json() == []
    assert assert_one_line_error(cli("undo")) == "polymath: nothing to undo"


def test_undo_reverts_domain_changes_and_rest_weeks(three_sessions: Run) -> None:
    cli = three_sessions
    before = cli("sessions", "--json").json()
    cli("domains", "merge", "Statistics", "Jazz piano")
    cli("rest", "--week", "2026-W52")
    assert cli("undo").out.strip() == "undone: rest week 2026-W52"
    assert cli("rest", "--json").json() == []
    assert cli("undo").out.strip() == "undone: merge domain Statistics into Jazz piano"
    assert cli("sessions", "--json").json() == before


def test_edit_and_delete_refuse_what_cannot_be(three_sessions: Run, db: Path) -> None:
    cli = three_sessions
    before = snapshot(db)
    assert "nothing to change" in assert_one_line_error(cli("edit", "2"))
    assert "no session 99" in assert_one_line_error(cli("edit", "99", "--note", "x"))
    assert "no session 99" in assert_one_line_error(cli("delete", "99"))
    assert "no domain" in assert_one_line_error(cli("edit", "2", "--domain", "Chess"))
    assert "in the future" in assert_one_line_error(cli("edit", "2", "--on", "2026-12-01"))
    assert "not positive" in assert_one_line_error(cli("edit", "2", "--duration", "-5m"))
    assert "not positive" in assert_one_line_error(cli("edit", "2", "-d", "-5m"))
    assert assert_one_line_error(cli("delete", "two"), prefix="polymath delete: error:")
    assert snapshot(db) == before


# --- rest weeks -----------------------------------------------------------------------------


def test_rest_weeks_are_planned_listed_and_removed(cli: Run) -> None:
    assert "no rest weeks" in cli("rest").out
    result = cli("rest", "--week", "2026-W52", "--note", "holiday")
    assert result.out.strip() == (
        "2026-W52 (21 Dec - 27 Dec) is a planned rest week: streaks neither break nor grow"
    )
    assert cli("rest", "--week", "next", "--json").json() == {"rest_week": "2026-W49", "note": None}
    cli("rest", "--week", "last")
    assert cli("rest", "--json").json() == [
        {"week": "2026-W47", "note": None},
        {"week": "2026-W49", "note": None},
        {"week": "2026-W52", "note": "holiday"},
    ]
    assert cli("rest").lines == ["2026-W47", "2026-W49", "2026-W52  holiday"]
    result = cli("rest", "--week", "2026-12-23", "--remove")
    assert result.out.strip() == "2026-W52 is no longer a rest week"
    assert [r["week"] for r in cli("rest", "--json").json()] == ["2026-W47", "2026-W49"]


def test_rest_remove_needs_a_rest_week(cli: Run, db: Path) -> None:
    before = snapshot(db)
    assert "say which rest week" in assert_one_line_error(cli("rest", "--remove"))
    assert "is not a rest week" in assert_one_line_error(
        cli("rest", "--week", "2026-W50", "--remove")
    )
    assert snapshot(db) == before
