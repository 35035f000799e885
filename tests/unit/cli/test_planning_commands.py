"""The skill-graph commands through the real CLI entry point, on the demo persona's history."""

import json
from pathlib import Path

import networkx as nx
import pytest

from polymath.cli import main
from tests.conftest import DEMO_FILE as DEMO
from tests.conftest import FixedClock


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_clock: FixedClock) -> Path:
    db = tmp_path / "p.db"
    monkeypatch.setenv("POLYMATH_DB", str(db))
    monkeypatch.setenv("POLYMATH_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("POLYMATH_TIMEZONE", "Europe/Berlin")
    assert main(["import", str(DEMO), "--from", "json"]) == 0
    return db


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_pair_reproduces_the_reference_figures(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pair = run_json(capsys, "graph", "pair", "Mechanical", "psychology")
    assert isinstance(pair, dict)
    assert pair["observed"] == 14
    assert round(pair["expected"], 1) == 63.9
    assert round(pair["z"], 2) == -8.47
    therapy = run_json(capsys, "graph", "pair", "Psychology", "Therapy and Counseling")
    assert isinstance(therapy, dict) and round(therapy["z"], 2) == 18.76


def test_suggest_keeps_the_anchor_and_explains_each_stack(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suggestions = run_json(capsys, "suggest", "--anchor", "jazz piano", "--top", "3")
    assert isinstance(suggestions, list) and len(suggestions) == 3
    for item in suggestions:
        assert "Fine Arts" in item["areas"]
    capsys.readouterr()
    assert main(["suggest", "--anchor", "jazz piano", "--top", "1"]) == 0
    sentence = capsys.readouterr().out
    assert "z = " in sentence and "weeks" in sentence and "top" in sentence


def test_adopted_stack_shows_progress(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stack", "adopt", "Jazz piano", "Bayesian statistics", "UX design"]) == 0
    progress = run_json(capsys, "stack")
    assert isinstance(progress, dict)
    assert progress["members"] == ["Jazz piano", "Bayesian statistics", "UX design"]
    assert all(d["hours"] > 0 for d in progress["domains"])
    assert progress["projected"] is None  # the demo persona is competent in all three already
    assert (
        main(
            [
                "stack",
                "adopt",
                "Jazz piano",
                "Bayesian statistics",
                "UX design",
                "--target-level",
                "proficient",
            ]
        )
        == 0
    )
    ahead = run_json(capsys, "stack")
    assert isinstance(ahead, dict) and ahead["remaining_hours"] > 0
    dates = ahead["projected"]
    assert dates["earliest"] < dates["likely"] < dates["latest"]
    capsys.readouterr()
    assert main(["stack"]) == 0
    assert "projected: " in capsys.readouterr().out


def test_graph_export_reads_back_in_networkx(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    assert main(["export", "graph", "--format", "graphml", "-o", str(out)]) == 0
    graph = nx.read_graphml(out)
    assert "domain:Jazz piano" in graph
    assert graph.nodes["domain:Jazz piano"]["hours"] > 100


def test_bad_graph_input_is_one_line(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01garbage" * 100)
    capsys.readouterr()
    assert main(["graph", "load", str(junk), "--name", "junk"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("polymath: ") and "\n" not in err
    assert not (demo_db.parent / "populations" / "junk.json").exists()
    assert main(["graph", "pair", "Mechanical", "Nonsense"]) == 2
    assert main(["suggest", "--new", "3"]) == 2


def test_a_loaded_population_is_listed_used_and_planned_on(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "crafts.csv"
    rows = ["unit,domain"]
    for unit in range(40):
        uses = ["Fine Arts", "Mathematics"] if unit % 4 else ["Fine Arts", "Psychology"]
        uses += ["Design"] if unit % 3 else ["Foreign Language"]
        uses += ["Chemistry"] if unit % 5 == 0 else ["Law and Government"] if unit % 7 == 0 else []
        rows += [f"person {unit},{area}" for area in uses]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    loaded = run_json(capsys, "graph", "load", str(table), "--name", "crafts")
    assert loaded == {"name": "crafts", "units": 40, "areas": 7}
    assert run_json(capsys, "graph", "list") == ["onet", "crafts"]
    assert main(["graph", "use", "crafts"]) == 0
    areas = run_json(capsys, "graph", "areas")
    assert isinstance(areas, list) and {a["area"] for a in areas} == {
        "Chemistry",
        "Design",
        "Fine Arts",
        "Foreign Language",
        "Law and Government",
        "Mathematics",
        "Psychology",
    }
    suggestions = run_json(capsys, "suggest", "--top", "2")
    assert isinstance(suggestions, list) and suggestions
    assert all(set(s["areas"]) <= {a["area"] for a in areas} for s in suggestions)
    assert main(["undo"]) == 0  # back on the default population
    assert len(run_json(capsys, "graph", "areas")) == 33  # type: ignore[arg-type]
    assert main(["graph", "use", "nowhere"]) == 2
