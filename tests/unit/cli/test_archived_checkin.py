"""Logging time in an archived domain brings it back, and says so."""

from pathlib import Path

import pytest

from polymath.cli import main


def test_a_check_in_restores_an_archived_domain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POLYMATH_DB", str(tmp_path / "p.db"))
    monkeypatch.setenv("POLYMATH_CONFIG", str(tmp_path / "none.toml"))
    assert main(["log", "30m", "Woodworking", "--create"]) == 0
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
