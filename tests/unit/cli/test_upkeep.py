"""Backup, doctor, demo, about, and ``--json`` on every command that prints data."""

import json
import tempfile
from pathlib import Path

import pytest

from polymath.store.direct import SCHEMA_REVISION
from tests.unit.cli.support import Run, assert_one_line_error, snapshot


@pytest.fixture
def some(cli: Run) -> Run:
    cli("log", "1h", "Jazz piano", "--create", "--on", "mon", "-w", "Statistics")
    cli("level", "Jazz piano", "2")
    cli("rest", "--week", "2026-W52")
    return cli


def test_backup_goes_to_the_backups_folder_owner_only_and_holds_the_same_rows(
    some: Run, db: Path
) -> None:
    result = some("backup", "--json")
    target = Path(result.json()["backup"])
    assert target.parent == db.parent / "backups"
    assert target.name.startswith("polymath.manual.") and target.name.endswith(".db")
    assert target.stat().st_mode & 0o777 == 0o600
    assert snapshot(target) == snapshot(db)
    assert not list(target.parent.glob("*.partial"))


def test_backup_to_a_path_or_folder_and_never_over_a_file(
    some: Run, db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "copy.db"
    assert some("backup", str(target)).out.strip() == f"backed up to {target}"
    assert snapshot(target) == snapshot(db)
    folder = tmp_path / "backups"
    folder.mkdir()
    into = Path(some("backup", str(folder), "--json").json()["backup"])
    assert into.parent == folder
    before = target.read_bytes()
    assert "already exists" in assert_one_line_error(some("backup", str(target)))
    assert target.read_bytes() == before


def test_doctor_reports_integrity_schema_paths_and_counts(some: Run, db: Path) -> None:
    result = some("doctor")
    assert result.code == 0, result
    lines = {line.split()[0]: line for line in result.lines}
    assert lines["database"].startswith(f"database     {db} (")
    assert lines["schema"] == f"schema       revision {SCHEMA_REVISION}"
    assert lines["integrity"] == "integrity    ok"
    assert "domain 2, learning_session 1, assessment 1, rest_week 1" in lines["counts"]
    health = some("doctor", "--json").json()
    assert health["ok"] is True
    assert health["integrity_check"] == "ok"
    assert health["foreign_key_errors"] == 0
    assert health["counts"]["learning_session"] == 1
    assert health["database"] == str(db)


def test_demo_prints_the_personas_weekly_review(cli: Run, db: Path) -> None:
    before = snapshot(db)
    result = cli("demo")
    assert result.code == 0, result
    assert result.lines[0].startswith("Demo: ")
    assert any(line.startswith("Week ") for line in result.lines)
    assert "weekly:" in result.out
    data = cli("demo", "--json").json()
    assert data["persona"] == "Maya"
    assert data["review"]["total_minutes"] > 0
    assert snapshot(db) == before
    assert not list(Path(tempfile.gettempdir()).glob("polymath-demo-*")), "demo left its copy"


def test_about_names_the_data_attribution(cli: Run, db: Path) -> None:
    text = cli("about").out
    assert text.startswith("polymath ")
    assert f"database {db}" in text
    assert "O*NET" in text and "USDOL/ETA" in text and "CC BY 4.0" in text
    data = cli("about", "--json").json()
    assert "O*NET Database" in data["attribution"]
    assert data["database"] == str(db)


def test_version_and_help(cli: Run) -> None:
    version = cli("--version")
    assert (version.code, version.out.split()[0]) == (0, "polymath")
    helped = cli("--help")
    assert helped.code == 0
    for command in ("log", "status", "review", "domains", "import", "export", "undo", "demo"):
        assert command in helped.out
    assert cli("log", "--help").code == 0


CHESS = (("domains", "add", "Chess"),)
TIMER = (("start", "Chess", "--create"),)
DATA_COMMANDS: list[tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]] = [
    ((), ("status",)),
    (TIMER, ("status",)),
    ((), ("log", "10m", "Jazz piano")),
    ((), ("today",)),
    ((), ("review",)),
    ((), ("review", "--week", "last")),
    ((), ("domains",)),
    ((), ("domains", "--all")),
    ((), ("domains", "add", "Chess")),
    (CHESS, ("domains", "rename", "Chess", "Go")),
    (CHESS, ("domains", "archive", "Chess")),
    ((*CHESS, ("domains", "archive", "Chess")), ("domains", "restore", "Chess")),
    (CHESS, ("domains", "merge", "Chess", "Statistics")),
    ((), ("level", "Jazz piano")),
    ((), ("level", "Jazz piano", "3")),
    ((), ("sessions",)),
    ((), ("sessions", "--week", "this")),
    ((), ("edit", "1", "--note", "changed")),
    ((), ("delete", "1")),
    ((), ("undo",)),
    ((), ("rest",)),
    ((), ("rest", "--week", "next")),
    ((), ("rest", "--week", "2026-W52", "--remove")),
    ((), ("start", "Jazz piano")),
    (TIMER, ("cancel",)),
    ((), ("backup",)),
    ((), ("doctor",)),
    ((), ("about",)),
]


@pytest.mark.parametrize(
    ("setup", "argv"), DATA_COMMANDS, ids=[" ".join(argv) for _, argv in DATA_COMMANDS]
)
def test_json_flag_prints_json(
    some: Run, setup: tuple[tuple[str, ...], ...], argv: tuple[str, ...]
) -> None:
    for step in setup:
        assert some(*step).code == 0, step
    result = some(*argv, "--json")
    assert result.code == 0, result
    json.loads(result.out)
    assert result.err == ""


def test_json_flag_before_the_command_too(some: Run) -> None:
    assert some("--json", "status").json() == some("status", "--json").json()


def test_export_and_import_print_json(some: Run, tmp_path: Path) -> None:
    exported = json.loads(some("export", "sessions").out)
    assert exported["format"] == "polymath"
    path = tmp_path / "all.json"
    path.write_text(some("export", "sessions").out, encoding="utf-8")
    report = some("import", str(path), "--json").json()
    assert report["added"]["sessions"] == 0
    assert report["duplicates"] == 3  # the session, the assessment and the rest week


def test_doctor_lists_sessions_that_share_time(cli: Run) -> None:
    assert cli("log", "1h", "Jazz piano", "--create", "--on", "mon", "--at", "19:00").code == 0
    assert cli("log", "45m", "Spanish", "--create", "--on", "mon", "--at", "19:30").code == 0
    assert cli("log", "20m", "Spanish", "--on", "tue", "--at", "08:00").code == 0
    lines = {line.split()[0]: line for line in cli("doctor").lines}
    assert lines["overlaps"] == "overlaps     1: #1 and #2 on 2026-11-23 share 30m"
    health = cli("doctor", "--json").json()
    assert health["ok"] is True  # shared time is worth a look, not damage
    [overlap] = health["overlaps"]
    assert (overlap["first"]["id"], overlap["second"]["id"], overlap["shared_minutes"]) == (
        1,
        2,
        30,
    )
