"""Bad input: one line on stderr, exit status 2, no traceback, the database exactly as it was."""

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.unit.cli.support import Result, Run, assert_one_line_error, snapshot

LONG_NAME = "n" * 10_240


def polymath_file(*sessions: dict[str, object]) -> str:
    return json.dumps({"format": "polymath", "version": 1, "sessions": list(sessions)})


GOOD = {"started_at": "2026-11-20T07:00:00Z", "minutes": 30, "domain": "Chess", "kind": "read"}

FILES: dict[str, str | bytes] = {
    "junk.json": "this is not JSON {",
    "shape.json": json.dumps({"sessions": []}),
    "frames": json.dumps({"frames": []}),
    "frame-text.json": json.dumps([["yesterday", 1700000000, "chess", "id", [], 1700000000]]),
    "minus.json": polymath_file({**GOOD, "minutes": -3}),
    "words.json": polymath_file({**GOOD, "minutes": "ten"}),
    "too-long.json": polymath_file({**GOOD, "minutes": 2000}),
    "half.json": polymath_file(GOOD, {**GOOD, "minutes": 0}),
    "good.json": polymath_file(GOOD),
    "minutes.csv": "started_at,minutes,domain,kind\n2026-11-20T07:00:00Z,ten,Chess,read\n",
    "timew.json": json.dumps([{"start": "2026-11-20 07:00", "tags": ["chess"]}]),
    "binary.json": b"\xff\xfe\x00\x01junk",
    "notes.txt": "what I learned this week",
}
"""Malformed import files, written to the test's folder as ``{files}/NAME``."""


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    says: str
    """A piece of the one line the user reads."""
    database: str = "seeded"
    """seeded, corrupt (junk bytes), foreign (another program's SQLite file), newer or locked."""
    prefix: str = "polymath: "
    """argparse's usage errors name the subcommand: ``polymath log: error: ...``."""


CASES = {
    # durations
    "duration -5m": Case(("log", "-5m", "Jazz piano"), "duration '-5m' is not positive"),
    "duration -- -5m": Case(("log", "--", "-5m", "Jazz piano"), "is not positive"),
    "duration 0": Case(("log", "0", "Jazz piano"), "duration '0' is not positive"),
    "duration 0m": Case(("log", "0m", "Jazz piano"), "is not positive"),
    "duration 25h": Case(("log", "25h", "Jazz piano"), "duration '25h' is longer than a day"),
    "duration 1441": Case(("log", "1441", "Jazz piano"), "longer than a day"),
    "duration abc": Case(("log", "abc", "Jazz piano"), "cannot read duration 'abc'"),
    "duration empty": Case(("log", "", "Jazz piano"), "cannot read duration"),
    "edit duration 0": Case(("edit", "1", "--duration", "0"), "is not positive"),
    "edit duration -5m": Case(("edit", "1", "-d", "-5m"), "is not positive"),
    # days, times and weeks
    "log on tomorrow": Case(("log", "30m", "Jazz piano", "--on", "2026-11-26"), "in the future"),
    "log on next year": Case(("log", "30m", "Jazz piano", "--on", "2027-01-01"), "in the future"),
    "log on nonsense": Case(("log", "30m", "Jazz piano", "--on", "someday"), "cannot read day"),
    "log on 31 Feb": Case(("log", "30m", "Jazz piano", "--on", "2026-02-31"), "cannot read day"),
    "log at 25:00": Case(("log", "30m", "Jazz piano", "--at", "25:00"), "cannot read time"),
    "level on tomorrow": Case(("level", "Jazz piano", "2", "--on", "2026-11-26"), "in the future"),
    "edit on tomorrow": Case(("edit", "1", "--on", "2026-11-26"), "in the future"),
    "review 2025-W53": Case(("review", "--week", "2025-W53"), "2025 has no week 53"),
    "review 2026-W00": Case(("review", "--week", "2026-W00"), "has no week 0"),
    "review week ahead": Case(("review", "--week", "2026-W50"), "has not started yet"),
    "review bad week": Case(("review", "--week", "fortnight"), "cannot read day"),
    "sessions 2025-W53": Case(("sessions", "--week", "2025-W53"), "2025 has no week 53"),
    # clock changes and timers
    "log at a skipped time": Case(
        ("log", "30m", "Jazz piano", "--on", "2021-03-28", "--at", "02:30"), "never happened here"
    ),
    "edit to a skipped time": Case(
        ("edit", "1", "--on", "2026-03-29", "--at", "02:15"), "(did you mean 03:15?)"
    ),
    "fold without at": Case(("log", "30m", "Jazz piano", "--fold"), "give one with --at"),
    "stop on without at": Case(("stop", "--on", "mon"), "give the time too, with --at"),
    "stop at 25:00": Case(("stop", "--at", "25:00"), "cannot read time '25:00'"),
    "stop at without a timer": Case(("stop", "--at", "21:00"), "no timer is running"),
    # the same session twice
    "log it again": Case(("log", "30m", "jazz piano", "--on", "mon"), "logged already (#1)"),
    "rest 2025-W53": Case(("rest", "--week", "2025-W53"), "2025 has no week 53"),
    # names, kinds, levels, notes
    "empty domain": Case(("log", "30m", "", "--create"), "a domain name cannot be empty"),
    "blank domain": Case(("start", "   ", "--create"), "a domain name cannot be empty"),
    "add empty domain": Case(("domains", "add", ""), "a domain name cannot be empty"),
    "rename to empty": Case(("domains", "rename", "Jazz piano", " "), "cannot be empty"),
    "10 kB domain": Case(("log", "30m", LONG_NAME, "--create"), "at most 200 characters"),
    "10 kB with": Case(("log", "30m", "Jazz piano", "-w", LONG_NAME, "--create"), "at most 200"),
    "add 10 kB domain": Case(("domains", "add", LONG_NAME), "at most 200 characters"),
    "start 10 kB domain": Case(("start", LONG_NAME, "--create"), "at most 200 characters"),
    "control characters": Case(("log", "30m", "a\x1b[2Jb", "--create"), "control characters"),
    "unknown domain": Case(("log", "30m", "Jaz piano"), "did you mean 'Jazz piano'?"),
    "ambiguous kind": Case(("log", "30m", "Jazz piano", "-k", "re"), "unknown kind 're'"),
    "unknown kind": Case(("log", "30m", "Jazz piano", "-k", "nap"), "unknown kind 'nap'"),
    "level 7": Case(("level", "Jazz piano", "7"), "unknown level '7'"),
    "10 kB note": Case(("log", "30m", "Jazz piano", "-n", LONG_NAME), "at most 2,000 characters"),
    "limit 0": Case(("sessions", "--limit", "0"), "--limit must be at least 1"),
    # import files
    "import not JSON": Case(("import", "{files}/junk.json", "--from", "json"), "not valid JSON"),
    "import junk guessed": Case(("import", "{files}/junk.json"), "cannot tell the format"),
    "import wrong shape": Case(("import", "{files}/shape.json"), "not a Polymath JSON file"),
    "import watson shape": Case(("import", "{files}/frames", "--from", "watson"), "Watson"),
    "import watson text time": Case(
        ("import", "{files}/frame-text.json", "--from", "watson"), "frame 1"
    ),
    "import minutes -3": Case(("import", "{files}/minus.json"), "session 1: minutes -3"),
    "import minutes text": Case(("import", "{files}/words.json"), "session 1: minutes 'ten'"),
    "import minutes 2000": Case(("import", "{files}/too-long.json"), "minutes 2000"),
    "import half good": Case(("import", "{files}/half.json"), "session 2: minutes 0"),
    "import csv minutes": Case(("import", "{files}/minutes.csv"), "line 2: minutes 'ten'"),
    "import timew time": Case(
        ("import", "{files}/timew.json", "--from", "timewarrior"), "interval 1"
    ),
    "import binary": Case(("import", "{files}/binary.json"), "is not UTF-8 text"),
    "import unknown format": Case(("import", "{files}/notes.txt"), "cannot tell the format"),
    "import missing file": Case(("import", "{files}/nowhere.json"), "no such file"),
    "import a folder": Case(("import", "{files}"), "is a folder, not a file"),
    "import bad map": Case(("import", "{files}/frames", "--map", "chess"), "--map takes"),
    "import bad kind": Case(
        ("import", "{files}/frames", "--from", "watson", "--default-kind", "nap"), "unknown kind"
    ),
    # the database file
    "corrupt status": Case(("status",), "is not a Polymath database, or it is damaged", "corrupt"),
    "corrupt log": Case(("log", "30m", "Jazz piano", "--create"), "damaged", "corrupt"),
    "corrupt review": Case(("review",), "damaged", "corrupt"),
    "corrupt domains": Case(("domains", "add", "Chess"), "damaged", "corrupt"),
    "corrupt import": Case(("import", "{files}/good.json"), "damaged", "corrupt"),
    "corrupt undo": Case(("undo",), "damaged", "corrupt"),
    "foreign log": Case(("log", "30m", "Chess", "--create"), "not a Polymath database", "foreign"),
    "foreign review": Case(("review",), "not a Polymath database", "foreign"),
    "newer schema": Case(("status",), "written by a newer Polymath", "newer"),
    "locked log": Case(("log", "30m", "Jazz piano"), "locked", "locked"),
    "locked start": Case(("start", "Jazz piano"), "locked", "locked"),
    "locked domains add": Case(("domains", "add", "Chess"), "locked", "locked"),
    "locked level": Case(("level", "Jazz piano", "3"), "locked", "locked"),
    "locked import": Case(("import", "{files}/good.json"), "locked", "locked"),
    "locked undo": Case(("undo",), "locked", "locked"),
    "locked delete": Case(("delete", "1"), "locked", "locked"),
    # usage errors from argparse
    "log without domain": Case(("log", "30m"), "required: domain", prefix="polymath log: error:"),
    "review as pdf": Case(
        ("review", "--format", "pdf"), "invalid choice", prefix="polymath review: error:"
    ),
    "edit id words": Case(("edit", "one"), "invalid int value", prefix="polymath edit: error:"),
    "unknown command": Case(("frobnicate",), "invalid choice", prefix="polymath: error:"),
}


@pytest.fixture
def seeded(cli: Run, db: Path, tmp_path: Path) -> Run:
    assert cli("log", "30m", "Jazz piano", "--create", "--on", "mon").code == 0
    files = tmp_path / "files"
    files.mkdir()
    for name, content in FILES.items():
        path = files / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return cli


@pytest.fixture
def prepared(
    request: pytest.FixtureRequest,
    seeded: Run,
    db: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[str]:
    """The database in the state the case names; yields that name."""
    state: str = request.param
    if state == "corrupt":
        db.write_bytes(bytes(range(256)) * 16)
    elif state == "foreign":
        db.unlink()
        with sqlite3.connect(db) as other:
            other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        other.close()
    elif state == "newer":
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.close()
    if state != "locked":
        yield state
        return
    monkeypatch.setattr("polymath.store.direct.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield state
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def run_case(cli: Run, case: Case, folder: Path) -> Result:
    return cli(*(arg.replace("{files}", str(folder / "files")) for arg in case.argv))


@pytest.mark.parametrize(
    ("case", "prepared"),
    [pytest.param(case, case.database, id=name) for name, case in CASES.items()],
    indirect=["prepared"],
)
def test_bad_input_is_one_line_status_2_and_changes_nothing(
    case: Case, prepared: str, seeded: Run, db: Path, tmp_path: Path
) -> None:
    before = snapshot(db) if prepared != "locked" else None
    result = run_case(seeded, case, tmp_path)
    busy = prepared == "locked"
    line = assert_one_line_error(result, case.prefix, code=75 if busy else 2)
    assert case.says in line
    assert result.out == ""
    if busy:
        return
    assert snapshot(db) == before


def test_a_locked_database_is_unchanged_once_released(
    seeded: Run, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(db)
    monkeypatch.setattr("polymath.store.direct.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for argv in (("log", "30m", "Jazz piano"), ("domains", "add", "Chess"), ("undo",)):
            assert "locked" in assert_one_line_error(seeded(*argv), code=75)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert snapshot(db) == before
    assert seeded("log", "30m", "Jazz piano").code == 0


REAL_CASES = [
    "duration -5m",
    "duration abc",
    "log on next year",
    "review 2025-W53",
    "log at a skipped time",
    "10 kB domain",
    "import not JSON",
    "corrupt status",
    "log without domain",
]


@pytest.mark.parametrize("name", REAL_CASES)
def test_bad_input_through_the_real_command(
    name: str, seeded: Run, real_cli: Run, db: Path, tmp_path: Path
) -> None:
    case = CASES[name]
    if case.database == "corrupt":
        db.write_bytes(bytes(range(256)) * 16)
    before = snapshot(db)
    argv = [arg.replace("{files}", str(tmp_path / "files")) for arg in case.argv]
    if name == "log on next year":
        argv[-1] = "2099-01-01"
    result = real_cli(*argv)
    assert case.says in assert_one_line_error(result, case.prefix)
    assert snapshot(db) == before
