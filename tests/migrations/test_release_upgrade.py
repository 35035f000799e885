"""A database the previous release made, opened by this one: backed up, upgraded, every figure kept.

The fixture was written by release 0.1.0's own command line (``scripts/make_release_fixture.py``),
with the reviews that release printed for three weeks beside it.
"""

import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from polymath.cli import common, main
from polymath.store.migrate import head_revision

RELEASES = Path(__file__).resolve().parents[1] / "data" / "releases"
FIXTURE = RELEASES / "polymath-0.1.0.db"
PRINTED = json.loads((RELEASES / "polymath-0.1.0.reviews.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
"""After everything the fixture holds, whatever day the suite runs."""


@pytest.fixture
def polymath(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> "Polymath":
    db = tmp_path / "polymath.db"
    shutil.copyfile(FIXTURE, db)
    monkeypatch.setenv("POLYMATH_DB", str(db))
    monkeypatch.setenv("POLYMATH_TIMEZONE", "Europe/Berlin")
    monkeypatch.setattr(common, "clock", lambda: NOW)
    return Polymath(db, capsys)


class Polymath:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys

    def __call__(self, *args: str) -> str:
        self.capsys.readouterr()
        code = main(list(args))
        captured = self.capsys.readouterr()
        assert code == 0, captured.err
        return captured.out


def schema(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_the_fixture_is_the_previous_releases_schema() -> None:
    assert schema(FIXTURE) == "0002"
    assert head_revision() != "0002"


def test_every_review_the_release_printed_is_printed_again(polymath: Polymath) -> None:
    for week, before in PRINTED.items():
        after = json.loads(polymath("review", "--week", week, "--json"))
        assert after["total_minutes"] == before["total_minutes"], week
        assert {d["domain"]: d["minutes"] for d in after["domains"]} == {
            d["domain"]: d["minutes"] for d in before["domains"]
        }, week
        assert after["kinds"] == before["kinds"], week
        assert [(d["day"], d["minutes"]) for d in after["days"]] == [
            (d["day"], d["minutes"]) for d in before["days"]
        ], week
        assert after["rest_week"] == before["rest_week"], week
    assert schema(polymath.db) == head_revision()


def test_the_upgrade_keeps_a_named_backup_and_the_database_checks_out(polymath: Polymath) -> None:
    examined = polymath("doctor")
    assert "revision 0002 (this Polymath upgrades it to" in examined
    assert schema(polymath.db) == "0002"  # doctor looks, it never writes
    polymath("status")
    assert schema(polymath.db) == head_revision()
    assert json.loads(polymath("doctor", "--json"))["ok"] is True
    backups = sorted((polymath.db.parent / "backups").glob("polymath.before-migration.*.db"))
    assert len(backups) == 1
    assert schema(backups[0]) == "0002"


def test_what_the_person_recorded_is_still_theirs(polymath: Polymath) -> None:
    assert "first joints" in polymath("level", "Woodworking")
    assert "2026-W52" in polymath("rest")
    stack = polymath("stack")
    for member in ("Jazz piano", "Bayesian statistics", "Spanish"):
        assert member in stack
    sessions = json.loads(
        polymath("sessions", "--json", "--domain", "Jazz piano", "--limit", "200")
    )
    noted = [s for s in sessions if s["note"] == "shell voicings"]
    assert len(noted) == 1
    assert noted[0]["with"] == ["Bayesian statistics"]


def test_the_upgraded_database_takes_a_check_in_and_undoes_it(polymath: Polymath) -> None:
    before = json.loads(polymath("review", "--week", "2026-W49", "--json"))["total_minutes"]
    polymath("log", "20m", "Spanish")
    assert json.loads(polymath("review", "--week", "2026-W49", "--json"))["total_minutes"] == (
        before + 20
    )
    polymath("undo")
    assert json.loads(polymath("review", "--week", "2026-W49", "--json"))["total_minutes"] == before
