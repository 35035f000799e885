"""Check-ins and imports that meet an existing domain: archived, or missing its area."""

import json
import sqlite3
from pathlib import Path

import pytest

from polymath.cli import main
from tests.conftest import DEMO_FILE, FixedClock


def test_a_check_in_restores_an_archived_domain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POLYMATH_DB", str(tmp_path / "p.db"))
    monkeypatch.setenv("POLYMATH_CONFIG", str(tmp_path / "none.toml"))
    assert main(["log", "30m", "Woodworking", "--create"]) == 0
    assert "[new domain: Woodworking]" in capsys.readouterr().out
    assert main(["domains", "archive", "woodworking"]) == 0
    capsys.readouterr()
    assert main(["domains"]) == 0
    assert "Woodworking" not in capsys.readouterr().out
    assert main(["log", "20m", "woodworking"]) == 0
    assert "[back from the archive: Woodworking]" in capsys.readouterr().out
    assert main(["domains"]) == 0
    assert "Woodworking" in capsys.readouterr().out
    assert main(["undo"]) == 0  # one change: the session and the restoration go together
    assert main(["domains"]) == 0
    assert "Woodworking" not in capsys.readouterr().out


def test_an_import_links_an_existing_domain_to_the_area_the_file_knows(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    demo_clock: FixedClock,
) -> None:
    monkeypatch.setenv("POLYMATH_DB", str(tmp_path / "p.db"))
    monkeypatch.setenv("POLYMATH_CONFIG", str(tmp_path / "none.toml"))
    assert main(["log", "30m", "jazz piano", "--create"]) == 0
    with sqlite3.connect(tmp_path / "p.db") as conn:  # as if created before it had an area
        conn.execute("UPDATE domain SET area = NULL")
    conn.close()
    capsys.readouterr()
    assert main(["import", str(DEMO_FILE)]) == 0
    assert "linked 1 domain to an area" in capsys.readouterr().out
    assert main(["domains", "--json"]) == 0
    listed = {d["name"]: d["area"] for d in json.loads(capsys.readouterr().out)}
    assert listed["jazz piano"] == "music and performing arts"
