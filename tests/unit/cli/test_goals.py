"""Weekly goals per domain: set, listed against the week, in the review, undone, exported,
imported, merged and synced like the rest of the person's data."""

from pathlib import Path

import pytest

from tests.unit.cli.support import Run


@pytest.fixture
def learning(cli: Run) -> Run:
    assert cli("log", "45m", "Spanish", "--create").code == 0
    assert cli("log", "30m", "Jazz piano", "--create").code == 0
    return cli


def test_a_goal_is_set_listed_against_the_week_changed_and_undone(learning: Run) -> None:
    cli = learning
    assert cli("goal").out == "no weekly goals yet: polymath goal DOMAIN 2h gives a domain one\n"
    assert cli("goal", "spanish", "2h").out == "Spanish: a weekly goal of 2h\n"
    assert cli("goal", "Spanish", "30m").out == "Spanish: a weekly goal of 30m (was 2h)\n"
    assert cli("goal", "Spanish").out == "Spanish: 45m of a 30m weekly goal this week\n"
    cli("goal", "Jazz piano", "1h30")
    assert cli("goal", "--json").json() == [
        {"domain": "Spanish", "goal_minutes": 30, "week_minutes": 45, "met": True},
        {"domain": "Jazz piano", "goal_minutes": 90, "week_minutes": 30, "met": False},
    ]
    assert "1h to go" in cli("goal").out
    assert cli("undo").out == "undone: set a 1h30 goal for Jazz piano\n"
    assert [g["domain"] for g in cli("goal", "--json").json()] == ["Spanish"]
    assert cli("goal", "Spanish", "--clear").out == "Spanish: no weekly goal (was 30m)\n"
    assert cli("goal", "--json").json() == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("Spanish", "0m"), "is not positive"),
        (("Spanish", "169h"), "is longer than 168h"),
        (("Spanish", "soon"), "soon"),
        (("Spansh", "2h"), "did you mean 'Spanish'?"),
        (("Spanish", "--clear"), "Spanish has no weekly goal to clear"),
        (("Spanish", "2h", "--clear"), "a duration or --clear, not both"),
    ],
)
def test_a_wrong_goal_is_one_line_and_changes_nothing(
    learning: Run, args: tuple[str, ...], says: str
) -> None:
    result = learning("goal", *args)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and says in result.err
    assert learning("goal", "--json").json() == []


def test_the_review_shows_each_goal_even_for_a_domain_not_learned_this_week(
    learning: Run,
) -> None:
    cli = learning
    cli("domains", "add", "Chess", "--area", "")
    cli("goal", "Chess", "1h")
    cli("goal", "Spanish", "30m")
    lines = {d["domain"]: d for d in cli("review", "--json").json()["domains"]}
    assert (lines["Chess"]["minutes"], lines["Chess"]["goal_minutes"]) == (0, 60)
    assert lines["Chess"]["goal_met"] is False
    assert lines["Spanish"]["goal_met"] is True
    assert lines["Jazz piano"]["goal_minutes"] is None and lines["Jazz piano"]["goal_met"] is None
    text = cli("review").out
    assert "goal 1h: 1h to go" in text and "goal 30m: met" in text
    markdown = cli("review", "--format", "markdown").out
    assert "| domain | time | goal |" in markdown
    assert "| Chess | 0m | goal 1h: 1h to go |" in markdown
    assert "weekly goal" in cli("review", "--format", "html").out


def test_goals_travel_in_our_json_and_an_import_sets_them(learning: Run, tmp_path: Path) -> None:
    cli = learning
    cli("goal", "Spanish", "2h")
    exported = tmp_path / "history.json"
    assert cli("export", "sessions", "-o", str(exported)).code == 0
    other = tmp_path / "other.db"
    added = cli("import", str(exported), "--db", str(other))
    assert "set 1 weekly goal" in added.out
    assert cli("goal", "--db", str(other), "--json").json()[0]["goal_minutes"] == 120
    again = cli("import", str(exported), "--db", str(other))
    assert "weekly goal" not in again.out  # the same goal: nothing to set
    cli("goal", "Spanish", "3h")
    cli("export", "sessions", "-o", str(exported), "--force")
    assert "set 1 weekly goal" in cli("import", str(exported), "--db", str(other)).out
    assert cli("goal", "--db", str(other), "--json").json()[0]["goal_minutes"] == 180


def test_a_merge_keeps_the_targets_goal_or_takes_the_sources(learning: Run) -> None:
    cli = learning
    cli("domains", "add", "Castellano", "--area", "")
    cli("goal", "Castellano", "1h")
    cli("domains", "merge", "Castellano", "Spanish")
    assert cli("goal", "--json").json() == [
        {"domain": "Spanish", "goal_minutes": 60, "week_minutes": 45, "met": False}
    ]
    cli("domains", "add", "Espanol", "--area", "")
    cli("goal", "Espanol", "5h")
    cli("domains", "merge", "Espanol", "Spanish")
    assert cli("goal", "--json").json()[0]["goal_minutes"] == 60


def test_a_goal_set_on_one_device_reaches_the_other(learning: Run, tmp_path: Path) -> None:
    cli = learning
    folder = tmp_path / "Sync"
    folder.mkdir()
    assert cli("sync", "--folder", str(folder), "--name", "laptop").code == 0
    key = cli("sync", "key").lines[0]
    other = tmp_path / "desktop" / "polymath.db"
    other.parent.mkdir()
    assert cli("sync", "--db", str(other), "--folder", str(folder), "--key", key).code == 0
    cli("goal", "Spanish", "2h")
    assert cli("sync").code == 0
    assert cli("sync", "--db", str(other)).code == 0
    assert cli("goal", "--db", str(other), "--json").json()[0]["goal_minutes"] == 120
    cli("goal", "Spanish", "--clear", "--db", str(other))
    assert cli("sync", "--db", str(other)).code == 0
    assert cli("sync").code == 0
    assert cli("goal", "--json").json() == []
