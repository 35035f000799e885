"""The real command, ``python -m polymath``, in a child process on the machine's clock."""

import json
import re
from pathlib import Path

from tests.unit.cli.support import Run, assert_one_line_error, snapshot

STATUS_LINE = re.compile(
    r"^today \S+ \u00b7 week \S+/\S+ \u00b7 streak \d+w( \u00b7 \u25b6 .+ \S+)?$"
)


def test_first_check_in_creates_the_database_then_the_day_adds_up(
    real_cli: Run, tmp_path: Path
) -> None:
    missing = tmp_path / "new folder" / "polymath.db"
    refused = real_cli(
        "log", "45m", "jazz piano", "--create", extra_env={"POLYMATH_DB": str(missing)}
    )
    assert "the folder" in assert_one_line_error(refused) and "does not exist" in refused.err
    assert not missing.parent.exists()
    fresh = tmp_path / "folder" / "polymath.db"
    fresh.parent.mkdir()
    env = {"POLYMATH_DB": str(fresh)}
    result = real_cli("log", "45m", "jazz piano", "--create", "-k", "exp", extra_env=env)
    assert result.code == 0, result
    assert result.err == ""
    logged, line = result.lines
    assert logged.startswith("logged 45m of experiment in jazz piano on ")
    assert logged.endswith("(#1) [new domain: jazz piano, area play musical instruments]")
    assert STATUS_LINE.match(line), line
    assert line.startswith("today 45m")
    assert fresh.is_file()
    status = real_cli("status", "--json", extra_env=env).json()
    assert (status["today_minutes"], status["week_minutes"], status["timer"]) == (45, 45, None)
    review = real_cli("review", "--format", "json", extra_env=env).json()
    assert review["total_minutes"] == 45
    assert review["kinds"]["experiment"] == 45
    doctor = real_cli("doctor", "--json", extra_env=env).json()
    assert doctor["ok"] is True
    assert doctor["counts"]["learning_session"] == 1


def test_timer_through_the_real_command(real_cli: Run) -> None:
    assert real_cli("start", "Jazz piano", "--create", "--kind", "read").code == 0
    line = real_cli("status").out.strip()
    assert STATUS_LINE.match(line), line
    assert "\u25b6 Jazz piano 0m" in line
    again = real_cli("start", "Statistics", "--create")
    assert "already running on Jazz piano" in assert_one_line_error(again)
    assert "less than a minute" in assert_one_line_error(real_cli("stop"))
    result = real_cli("cancel")
    assert result.out.strip() == "timer on Jazz piano cancelled after 0m; nothing logged"
    assert "\u25b6" not in real_cli("status").out


def test_an_unknown_domain_is_never_created_from_a_script(real_cli: Run, db: Path) -> None:
    assert real_cli("log", "30m", "Jazz piano", "--create").code == 0
    before = snapshot(db)
    result = real_cli("log", "30m", "jazz pianno", stdin="y\n")
    line = assert_one_line_error(result)
    assert line == (
        "polymath: no domain 'jazz pianno' (did you mean 'Jazz piano'?); add it with --create"
    )
    assert snapshot(db) == before


def test_export_then_import_into_another_database(
    real_cli: Run, tmp_path: Path, template_db: Path
) -> None:
    for argv in (
        ("log", "1h", "Jazz piano", "--create", "--on", "yesterday", "-w", "Statistics"),
        ("log", "20m", "Statistics", "-k", "reflect", "-n", "Bayes, again"),
        ("level", "Jazz piano", "2"),
    ):
        assert real_cli(*argv).code == 0, argv
    exported = tmp_path / "history.json"
    assert real_cli("export", "sessions", "-o", str(exported)).code == 0
    other = tmp_path / "other.db"
    report = real_cli("import", str(exported), "--db", str(other), "--json").json()
    assert report["added"]["sessions"] == 2
    assert real_cli("export", "sessions", "--db", str(other)).out == exported.read_text()
    twice = real_cli("import", str(exported), "--db", str(other))
    assert twice.out.startswith("added 0 sessions, 0 domains, 0 assessments, 0 rest weeks")
    csv_text = real_cli("export", "sessions", "--format", "csv").out
    assert csv_text == real_cli("export", "sessions", "--format", "csv", "--db", str(other)).out


def test_demo_and_about(real_cli: Run) -> None:
    demo = real_cli("demo")
    assert demo.code == 0, demo
    assert demo.lines[0].startswith("Demo: ")
    assert any(line.startswith("Week ") for line in demo.lines)
    about = real_cli("about", "--json").json()
    assert "O*NET" in about["attribution"]
    assert json.loads(real_cli("--json", "status").out)["today_minutes"] == 0
