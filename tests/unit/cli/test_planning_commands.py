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
    assert main(["graph", "use", "onet"]) == 0
    pair = run_json(capsys, "graph", "pair", "Mechanical", "psychology")
    assert isinstance(pair, dict)
    assert pair["observed"] == 14
    assert round(pair["expected"], 1) == 63.9
    assert round(pair["z"], 2) == -8.47
    assert pair["label"]["label"] == "atypical" and pair["label"]["p_value"] < 1e-10
    therapy = run_json(capsys, "graph", "pair", "Psychology", "Therapy and Counseling")
    assert isinstance(therapy, dict) and round(therapy["z"], 2) == 18.76
    assert therapy["label"]["label"] == "conventional"
    english = run_json(capsys, "graph", "pair", "English Language", "Mechanical")
    assert isinstance(english, dict) and english["label"]["label"] == "near chance"


def test_pair_on_esco_skill_groups(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pair = run_json(capsys, "graph", "pair", "music and performing arts", "statistics (knowledge)")
    assert isinstance(pair, dict)
    assert (pair["observed"], round(pair["expected"], 1), round(pair["lift"], 2)) == (1, 3.8, 0.26)
    capsys.readouterr()
    assert main(["graph", "pair", "Jazz piano", "Bayesian statistics"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("music and performing arts + statistics in ESCO")
    assert "P(X <= O) = " in text


def test_suggest_keeps_the_anchor_and_explains_each_stack(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = run_json(capsys, "suggest", "--anchor", "jazz piano", "--top", "3")
    assert isinstance(found, dict)
    suggestions = found["suggestions"]
    assert 1 <= len(suggestions) <= 3
    for item in suggestions:
        assert "music and performing arts" in item["areas"]
        assert all(
            pair["label"] in ("atypical", "conventional", "near chance") for pair in item["pairs"]
        )
    assert found["pace"]["source"] == "recent average"
    capsys.readouterr()
    assert main(["suggest", "--anchor", "jazz piano", "--top", "1"]) == 0
    sentence = capsys.readouterr().out
    assert "lift" in sentence and "weeks" in sentence and "top" in sentence
    assert "Planned at " in sentence and "a week (your average over the last 4 weeks)" in sentence


def test_suggest_explain_prints_the_rule_and_its_assumptions(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["suggest", "--explain"]) == 0
    text = capsys.readouterr().out
    for phrase in ("Benjamini", "lift", "Gaussian", "horizon", "weeks"):
        assert phrase in text, phrase


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
    assert ahead["pace"]["source"] == "recent average"
    capsys.readouterr()
    assert main(["stack"]) == 0
    assert "projected: " in capsys.readouterr().out
    planned = run_json(capsys, "stack", "--hours-per-week", "10")
    assert isinstance(planned, dict) and planned["pace"]["source"] == "planned"


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
    assert not list((demo_db.parent / "populations").glob("junk*"))
    assert main(["graph", "pair", "Mechanical", "Nonsense"]) == 2
    assert main(["suggest", "--new", "3"]) == 2
    assert main(["suggest", "--free", "--anchor", "Spanish"]) == 2
    assert main(["suggest", "--hours-per-week", "0"]) == 2


def test_graph_areas_pages_and_searches(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run_json(capsys, "graph", "areas")
    assert isinstance(first, dict) and first["population"] == "esco"
    assert len(first["areas"]) == 20 and first["total"] > 5000
    music = run_json(capsys, "graph", "areas", "--search", "music")
    assert isinstance(music, dict)
    names = [a["area"] for a in music["areas"]]
    assert names and all("music" in name.casefold() for name in names)
    second = run_json(capsys, "graph", "areas", "--page", "2")
    assert isinstance(second, dict) and second["areas"][0] != first["areas"][0]


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
    listed = run_json(capsys, "graph", "list")
    assert listed == {"populations": ["esco", "esco-essential", "onet", "crafts"], "in_use": "esco"}
    assert main(["graph", "use", "crafts"]) == 0
    areas = run_json(capsys, "graph", "areas", "--all")
    assert isinstance(areas, dict) and {a["area"] for a in areas["areas"]} == {
        "Chemistry",
        "Design",
        "Fine Arts",
        "Foreign Language",
        "Law and Government",
        "Mathematics",
        "Psychology",
    }
    assert main(["domains", "map", "Jazz piano", "Fine Arts"]) == 0
    assert main(["domains", "map", "Bayesian statistics", "Mathematics"]) == 0
    found = run_json(capsys, "suggest", "--top", "2", "--free")
    assert isinstance(found, dict)
    assert all(set(s["areas"]) <= {a["area"] for a in areas["areas"]} for s in found["suggestions"])
    assert main(["undo"]) == 0
    assert main(["undo"]) == 0
    assert main(["undo"]) == 0  # back on the default population
    assert run_json(capsys, "graph", "areas")["total"] > 5000  # type: ignore[index]
    assert main(["graph", "use", "nowhere"]) == 2
