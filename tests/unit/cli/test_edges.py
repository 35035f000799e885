"""Edges a careful user finds: empty paths, missing folders, far-off dates, archived anchors."""

import json
import sqlite3
from pathlib import Path

import pytest

from polymath.cli import main
from polymath.config import load_settings
from tests.conftest import DEMO_FILE as DEMO
from tests.conftest import FixedClock


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "p.db"
    monkeypatch.setenv("POLYMATH_DB", str(path))
    monkeypatch.setenv("POLYMATH_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("POLYMATH_TIMEZONE", "Europe/Berlin")
    return path


def one_error(capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("polymath: ") and "\n" not in err, err
    assert says in err, err


def test_an_empty_db_flag_is_refused_not_read_as_the_default(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_error(capsys, ["status", "--db", ""], "--db needs a file name")


def test_exports_into_a_missing_folder_or_onto_a_folder_say_so(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "30m", "Jazz piano", "--create"]) == 0
    missing = str(tmp_path / "nope" / "x.svg")
    one_error(capsys, ["export", "graph", "-f", "svg", "-o", missing], "does not exist")
    one_error(capsys, ["export", "sessions", "-o", str(tmp_path / "nope" / "x.csv")], "nope")
    one_error(capsys, ["export", "graph", "-f", "html", "-o", str(tmp_path)], "is a folder")
    assert not (tmp_path / "nope").exists()


def test_far_off_dates_are_refused_everywhere(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "30m", "Jazz piano", "--create"]) == 0
    one_error(capsys, ["log", "30m", "Jazz piano", "--on", "0999-12-31"], "before 1900")
    one_error(capsys, ["rest", "--week", "0999-W01"], "before 1900")
    one_error(capsys, ["log", "1h61", "Jazz piano"], "cannot read duration")
    for started in ("0001-01-01T00:00:00Z", "2099-01-01T00:00:00Z"):
        path = tmp_path / "far.json"
        session = {"started_at": started, "minutes": 30, "domain": "Jazz piano", "kind": "read"}
        path.write_text(json.dumps({"format": "polymath", "version": 1, "sessions": [session]}))
        one_error(capsys, ["import", str(path)], "outside the history")
    capsys.readouterr()
    assert main(["sessions", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_a_weekly_target_may_exceed_a_day(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLYMATH_WEEKLY_TARGET", "25h")
    assert load_settings(tmp_path / "none.toml").targets.weekly_minutes == 1500


def test_planning_around_archived_or_merged_domains_explains_itself(
    db: Path, capsys: pytest.CaptureFixture[str], demo_clock: FixedClock
) -> None:
    assert main(["import", str(DEMO)]) == 0
    one_error(capsys, ["suggest", "--anchor", "Woodworking"], "domains restore")
    assert main(["stack", "adopt", "Spanish", "Jazz piano", "UX design"]) == 0
    assert main(["domains", "merge", "Spanish", "Jazz piano"]) == 0
    capsys.readouterr()
    assert main(["stack"]) == 0
    assert "warning: Spanish is no longer an active domain" in capsys.readouterr().out


def test_merging_two_integrated_domains_leaves_no_link_to_itself(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "30m", "Spanish", "--create", "--with", "Jazz piano"]) == 0
    assert main(["log", "20m", "Jazz piano", "--with", "Spanish"]) == 0
    assert main(["start", "Law", "--create", "--with", "Spanish"]) == 0
    assert main(["domains", "merge", "Spanish", "Jazz piano"]) == 0
    capsys.readouterr()
    assert main(["sessions", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(s["domain"], s["with"]) for s in listed] == [("Jazz piano", []), ("Jazz piano", [])]
    with sqlite3.connect(db) as conn:  # the running timer's integrated domain followed it
        (with_ids,) = conn.execute("SELECT with_ids FROM timer").fetchone()
        (jazz,) = conn.execute("SELECT id FROM domain WHERE name = 'Jazz piano'").fetchone()
    conn.close()
    assert with_ids == str(jazz)


def test_the_app_without_a_terminal_says_what_to_use_instead(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_error(capsys, [], "the app needs a terminal")
