"""Export and import: our files round-trip, Watson and Timewarrior files come in, twice is once."""

import json
import shutil
from pathlib import Path

import pytest

from tests.unit.cli.support import PEERS, Run

WATSON_FRAMES = PEERS / "watson" / "autocompletion-frames.json"
WATSON_CONFLICT = PEERS / "watson" / "frames-with-conflict.json"


@pytest.fixture
def varied(cli: Run) -> Run:
    """A history with every kind of row an export must carry."""
    steps = [
        ("domains", "add", "Jazz piano", "--area", "play musical instruments"),
        ("log", "1h", "Jazz piano", "--on", "2026-11-10", "--at", "07:30", "-k", "exp"),
        ("log", "45m", "Statistics", "--create", "--on", "2026-11-17", "-n", 'a "quoted", note'),
        ("log", "30m", "Jazz piano", "--on", "mon", "-w", "Statistics", "-n", "line 1\nline 2"),
        ("log", "20m", "Épistémologie", "--create", "-k", "reflect", "-n", "ça marche \u266b"),
        ("log", "15m", "Old hobby", "--create", "--on", "2026-11-02"),
        ("domains", "archive", "Old hobby"),
        ("level", "Jazz piano", "2", "--on", "2026-11-10", "--note", "knows the shapes"),
        ("level", "Jazz piano", "3"),
        ("rest", "--week", "2026-W52", "--note", "holiday"),
    ]
    for step in steps:
        assert cli(*step).code == 0, step
    return cli


def sessions_without_ids(cli: Run, *flags: str) -> list[dict[str, object]]:
    """What a user sees of the sessions; ids are the database's own, not part of the history."""
    listed = cli("sessions", "--limit", "1000", "--json", *flags).json()
    return [{k: v for k, v in s.items() if k != "id"} for s in listed]


def test_json_export_then_import_into_a_fresh_database_is_lossless(
    varied: Run, tmp_path: Path, template_db: Path
) -> None:
    cli = varied
    first = tmp_path / "first.json"
    result = cli("export", "sessions", "--format", "json", "-o", str(first))
    assert result.out.strip() == f"wrote 5 sessions to {first}"
    fresh = tmp_path / "fresh.db"
    shutil.copyfile(template_db, fresh)
    imported = cli("import", str(first), "--db", str(fresh), "--json").json()
    assert imported["added"] == {"domains": 4, "sessions": 5, "assessments": 2, "rest_weeks": 1}
    assert imported["duplicates"] == 0
    again = cli("export", "sessions", "--db", str(fresh)).out
    assert again == first.read_text(encoding="utf-8")
    document = json.loads(again)
    assert {d["name"]: d["archived"] for d in document["domains"]}["Old hobby"] is True
    assert {d["name"]: d["area"] for d in document["domains"]}[
        "Jazz piano"
    ] == "play musical instruments"
    assert sessions_without_ids(cli) == sessions_without_ids(cli, "--db", str(fresh))
    assert cli("review", "--json").json() == cli("review", "--db", str(fresh), "--json").json()


def test_csv_export_then_import_round_trips_the_sessions(
    varied: Run, tmp_path: Path, template_db: Path
) -> None:
    cli = varied
    text = cli("export", "sessions", "--format", "csv").out
    assert text.splitlines()[0] == "started_at,minutes,domain,kind,note,with,area"
    path = tmp_path / "sessions.csv"
    path.write_text(text, encoding="utf-8", newline="")
    fresh = tmp_path / "fresh.db"
    shutil.copyfile(template_db, fresh)
    result = cli("import", str(path), "--db", str(fresh))
    assert result.out.startswith("added 5 sessions, 4 domains, 0 assessments, 0 rest weeks")
    assert cli("export", "sessions", "-f", "csv", "--db", str(fresh)).out == text
    assert sessions_without_ids(cli) == sessions_without_ids(cli, "--db", str(fresh))


def test_importing_our_own_export_twice_adds_nothing(varied: Run, tmp_path: Path) -> None:
    cli = varied
    path = tmp_path / "all.json"
    cli("export", "sessions", "-o", str(path))
    before = cli("export", "sessions").out
    report = cli("import", str(path), "--json").json()
    assert report["added"] == {"domains": 0, "sessions": 0, "assessments": 0, "rest_weeks": 0}
    exported = json.loads(path.read_text(encoding="utf-8"))
    records = ("sessions", "assessments", "rest_weeks")
    assert report["unchanged"] == sum(len(exported[key]) for key in records)
    assert report["updated"] == {"domains": 0, "sessions": 0, "assessments": 0}
    assert cli("export", "sessions").out == before
    assert not cli("undo").out.startswith("undone: import"), "an import adding nothing is no change"


def test_our_export_carries_ids_and_a_fresh_database_keeps_them(
    varied: Run, tmp_path: Path, template_db: Path
) -> None:
    cli = varied
    document = json.loads(cli("export", "sessions").out)
    for key in ("domains", "sessions", "assessments"):
        ids = [item["id"] for item in document[key]]
        assert len(set(ids)) == len(ids) == len(document[key]) > 0
    path = tmp_path / "all.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    shutil.copyfile(template_db, fresh)
    cli("import", str(path), "--db", str(fresh))
    assert json.loads(cli("export", "sessions", "--db", str(fresh)).out) == document


def week_minutes(cli: Run, week: str) -> int:
    return int(cli("review", "--week", week, "--json").json()["total_minutes"])


def test_reimporting_an_edited_export_updates_instead_of_doubling(
    varied: Run, tmp_path: Path
) -> None:
    cli = varied
    document = json.loads(cli("export", "sessions").out)
    before = week_minutes(cli, "2026-W47")
    [edited] = [s for s in document["sessions"] if s["started_at"].startswith("2026-11-17")]
    edited["minutes"] += 46
    edited["note"] = "longer than I logged"
    [level] = [a for a in document["assessments"] if a["on"] == "2026-11-10"]
    level["note"] = "knows the shapes in two keys"
    for item in document["domains"] + document["sessions"]:
        for key in ("name", "domain"):
            if item.get(key) == "Old hobby":
                item[key] = "Older hobby"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    report = cli("import", str(path), "--json").json()

    assert report["added"] == {"domains": 0, "sessions": 0, "assessments": 0, "rest_weeks": 0}
    assert report["updated"] == {"domains": 1, "sessions": 1, "assessments": 1}
    assert week_minutes(cli, "2026-W47") == before + 46
    assert len(cli("sessions", "--limit", "100", "--json").json()) == len(document["sessions"])
    assert "Older hobby" in [d["name"] for d in cli("domains", "--all", "--json").json()]
    line = cli("import", str(path)).lines[0]
    assert line.startswith("added 0 sessions, 0 domains, 0 assessments, 0 rest weeks; ")
    listed = sum(len(document[key]) for key in ("sessions", "assessments", "rest_weeks"))
    assert line.endswith(f"; {listed} unchanged")
    assert cli("undo").out.startswith("undone: import edited.json")


def frames_minutes(path: Path) -> list[int]:
    frames = json.loads(path.read_text(encoding="utf-8"))
    return [int((stop - start) / 60 + 0.5) for start, stop, *_ in frames if stop - start >= 30]


def test_watson_frames_import_once(cli: Run, tmp_path: Path) -> None:
    frames = tmp_path / "frames"
    shutil.copyfile(WATSON_FRAMES, frames)
    result = cli("import", str(frames), "--json")
    assert result.code == 0, result
    report = result.json()
    assert report["added"]["sessions"] == 10
    assert report["added"]["domains"] == 5
    assert sorted(d["name"] for d in cli("domains", "--json").json()) == [
        "project1",
        "project2",
        "project3-A",
        "project3-B",
        "project4",
    ]
    listed = cli("sessions", "--limit", "100", "--json").json()
    assert sum(s["minutes"] for s in listed) == sum(frames_minutes(WATSON_FRAMES))
    assert listed[0]["started_at"] == "2018-10-16T11:46:15+02:00"
    assert {s["note"] for s in listed} == {"tags: tag1", "tags: tag2", "tags: tag3"}
    assert {s["kind"] for s in listed} == {"read"}
    second = cli("import", str(frames), "--from", "watson", "--json").json()
    assert second["added"]["sessions"] == 0
    assert second["duplicates"] == 10
    assert len(cli("sessions", "--limit", "100", "--json").json()) == 10


def test_watson_frames_edited_or_remapped_update_the_same_sessions(
    cli: Run, tmp_path: Path
) -> None:
    frames = json.loads(WATSON_FRAMES.read_text(encoding="utf-8"))
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames), encoding="utf-8")
    cli("import", str(path))
    total = sum(s["minutes"] for s in cli("sessions", "--limit", "100", "--json").json())
    # `watson edit` keeps a frame's id: here it moves the first frame's stop 30 minutes on
    frames[0][1] += 30 * 60
    path.write_text(json.dumps(frames), encoding="utf-8")
    edited = cli("import", str(path), "--json").json()
    assert (edited["added"]["sessions"], edited["updated"]["sessions"]) == (0, 1)
    listed = cli("sessions", "--limit", "100", "--json").json()
    assert (len(listed), sum(s["minutes"] for s in listed)) == (10, total + 30)
    remapped = cli("import", str(path), "--map", "project1=Piano", "--json").json()
    assert remapped["added"]["sessions"] == 0
    assert remapped["updated"]["sessions"] == sum(1 for f in frames if f[2] == "project1") > 0
    listed = cli("sessions", "--limit", "100", "--json").json()
    assert len(listed) == 10
    assert "project1" not in {s["domain"] for s in listed}


def test_timewarrior_intervals_remapped_update_the_same_sessions(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "timew.json"
    path.write_text(json.dumps(TIMEW_EXPORT), encoding="utf-8")
    cli("import", str(path), "--map", "Jazz piano=Jazz piano")
    again = cli("import", str(path), "--map", "Jazz piano=Piano", "--json").json()
    assert (again["added"]["sessions"], again["updated"]["sessions"]) == (0, 1)
    assert sorted(s["domain"] for s in cli("sessions", "--json").json()) == ["Piano", "statistics"]


def test_watson_import_maps_projects_and_tags(cli: Run) -> None:
    result = cli(
        "import",
        str(WATSON_FRAMES),
        "--from",
        "watson",
        "--map",
        "project1=Jazz piano",
        "--kind-map",
        "tag2=experiment",
        "--default-kind",
        "reflect",
        "--json",
    )
    assert result.code == 0, result
    listed = cli("sessions", "--limit", "100", "--json").json()
    jazz = [s for s in listed if s["domain"] == "Jazz piano"]
    assert len(jazz) == 3
    assert {s["kind"] for s in listed if s["note"] is None} == {"experiment"}
    assert {s["kind"] for s in listed if s["note"] is not None} == {"reflect"}


def test_watson_frames_too_short_are_skipped_and_counted(cli: Run) -> None:
    assert cli("graph", "use", "onet").code == 0  # where no area's name is like "bar"
    result = cli("import", str(WATSON_CONFLICT), "--from", "watson")
    assert result.code == 0, result
    assert result.lines == [
        "added 2 sessions, 1 domain, 0 assessments, 0 rest weeks; 1 skipped",
        "warning: skipped 1 frame shorter than 30 seconds",
    ]


TIMEW_EXPORT = [
    {
        "id": 4,
        "start": "20261120T063000Z",
        "end": "20261120T074500Z",
        "tags": ["Jazz piano", "experiment", "voicings"],
        "annotation": "ii-V-I in all keys",
    },
    {"id": 3, "start": "20261121T090000Z", "end": "20261121T094000Z", "tags": ["statistics"]},
    {"id": 2, "start": "20261122T100000Z", "end": "20261122T101000Z"},
    {"id": 1, "start": "20261125T180000Z", "tags": ["Jazz piano"]},
]
"""``timew export``: UTC times as YYYYMMDDTHHMMSSZ, tags, an annotation; the last still running."""


def test_timewarrior_export_import_once(cli: Run, tmp_path: Path) -> None:
    """timew keeps tags sorted: an interval tagged with two names waits for the user to map one."""
    path = tmp_path / "timew.json"
    path.write_text(json.dumps(TIMEW_EXPORT, indent=1), encoding="utf-8")
    result = cli("import", str(path), "--json")
    assert result.code == 0, result
    report = result.json()
    assert report["added"]["sessions"] == 1
    assert report["skipped"] == 3
    assert report["warnings"] == [
        "skipped 1 interval still running",
        "skipped 1 interval with no tag naming a domain",
        "skipped 1 interval (1h15) with several tags that could each name the domain: "
        "'Jazz piano' + 'voicings' (1); map the tag that names the domain",
    ]
    mapped = cli("import", str(path), "--map", "jazz piano=Jazz piano", "--json").json()
    assert (mapped["added"]["sessions"], mapped["duplicates"], mapped["skipped"]) == (1, 1, 2)
    listed = cli("sessions", "--json").json()
    assert [{k: v for k, v in s.items() if k != "id"} for s in listed] == [
        {
            "started_at": "2026-11-20T07:30:00+01:00",
            "day": "2026-11-20",
            "minutes": 75,
            "domain": "Jazz piano",
            "kind": "experiment",
            "note": "ii-V-I in all keys\ntags: voicings",
            "with": [],
        },
        {
            "started_at": "2026-11-21T10:00:00+01:00",
            "day": "2026-11-21",
            "minutes": 40,
            "domain": "statistics",
            "kind": "read",
            "note": None,
            "with": [],
        },
    ]
    second = cli("import", str(path), "--from", "timewarrior", "--map", "Jazz piano=Jazz piano")
    assert second.lines[0] == (
        "added 0 sessions, 0 domains, 0 assessments, 0 rest weeks; 2 unchanged; 2 skipped"
    )
    assert cli("sessions", "--json").json() == listed


def test_timewarrior_import_maps_tags(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "timew.json"
    path.write_text(json.dumps(TIMEW_EXPORT), encoding="utf-8")
    cli(
        "import",
        str(path),
        "--from",
        "timewarrior",
        "--map",
        "statistics=Statistics",
        "--map",
        "Jazz piano=Jazz piano",
    )
    assert [d["name"] for d in cli("domains", "--json").json()] == ["Jazz piano", "Statistics"]


def test_export_to_a_file_writes_it_whole(varied: Run, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    varied("export", "sessions", "-f", "csv", "--output", str(target))
    text = varied("export", "sessions", "-f", "csv").out
    assert target.read_bytes().decode("utf-8") == text
    assert text.count("\r\n") == 6
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []


def test_our_json_round_trips_the_adopted_stack(
    varied: Run, tmp_path: Path, template_db: Path
) -> None:
    cli = varied
    assert cli("stack", "adopt", "Jazz piano", "Statistics", "Épistémologie").code == 0
    exported = tmp_path / "with-stack.json"
    assert cli("export", "sessions", "-o", str(exported)).code == 0
    assert json.loads(exported.read_text(encoding="utf-8"))["stack"] == {
        "members": ["Jazz piano", "Statistics", "Épistémologie"],
        "target_level": 3,
    }
    fresh = tmp_path / "fresh.db"
    shutil.copyfile(template_db, fresh)
    report = cli("import", str(exported), "--db", str(fresh), "--json").json()
    assert report["stack_adopted"] == ["Jazz piano", "Statistics", "Épistémologie"]
    mine = cli("stack", "--json").json()
    theirs = cli("stack", "--db", str(fresh), "--json").json()
    assert theirs["members"] == mine["members"]
    assert theirs["target_level"] == mine["target_level"]
    assert cli("export", "sessions", "--db", str(fresh)).out == exported.read_text("utf-8")


def test_an_import_never_replaces_a_stack_already_adopted(
    varied: Run, tmp_path: Path, template_db: Path
) -> None:
    cli = varied
    assert cli("stack", "adopt", "Jazz piano", "Statistics", "Épistémologie").code == 0
    exported = tmp_path / "with-stack.json"
    assert cli("export", "sessions", "-o", str(exported)).code == 0
    fresh = tmp_path / "fresh.db"
    shutil.copyfile(template_db, fresh)
    assert cli("import", str(exported), "--db", str(fresh)).code == 0
    assert (
        cli("stack", "adopt", "Jazz piano", "Statistics", "Old hobby", "--db", str(fresh)).code == 0
    )
    again = cli("import", str(exported), "--db", str(fresh))
    assert "warning: kept the adopted stack Jazz piano + Statistics + Old hobby" in again.out
    assert cli("stack", "--db", str(fresh), "--json").json()["members"][2] == "Old hobby"


def test_csv_round_trip_keeps_every_domains_area_so_the_planner_still_works(
    varied: Run, tmp_path: Path, template_db: Path
) -> None:
    cli = varied
    assert cli("domains", "map", "Statistics", "statistics").code == 0
    exported = tmp_path / "sessions.csv"
    assert cli("export", "sessions", "--format", "csv", "-o", str(exported)).code == 0
    fresh = tmp_path / "fresh.db"
    shutil.copyfile(template_db, fresh)
    assert cli("import", str(exported), "--db", str(fresh)).code == 0
    areas = {d["name"]: d["area"] for d in cli("domains", "--db", str(fresh), "--json").json()}
    assert areas["Jazz piano"] == "play musical instruments"
    assert areas["Statistics"] == "statistics"
    suggested = cli("suggest", "--db", str(fresh), "--anchor", "Jazz piano", "--json")
    assert suggested.code == 0, suggested.err
    assert suggested.json()


def test_a_csv_without_areas_maps_new_domains_by_their_names(cli: Run, tmp_path: Path) -> None:
    old = tmp_path / "old.csv"
    old.write_text(
        "started_at,minutes,domain,kind,note,with\n"
        "2026-11-16T07:30:00+00:00,45,Spanish,experiment,,\n"
        "2026-11-17T07:30:00+00:00,30,Contract law,read,,\n"
        "2026-11-18T07:30:00+00:00,20,Qwxz,read,,\n",
        encoding="utf-8",
    )
    result = cli("import", str(old))
    assert result.code == 0, result.err
    assert "mapped 2 new domains to an area by name" in result.out
    areas = {d["name"]: d["area"] for d in cli("domains", "--json").json()}
    assert areas == {
        "Contract law": "contract law",
        "Spanish": "mastering languages",
        "Qwxz": None,
    }


def test_a_dash_imports_standard_input_and_exports_to_standard_output(
    real_cli: Run, tmp_path: Path
) -> None:
    """`polymath export sessions -o -` piped into `polymath import -` on another database."""
    source = (PEERS / "watson" / "autocompletion-frames.json").read_text(encoding="utf-8")
    added = real_cli("import", "-", "--from", "watson", stdin=source)
    assert added.code == 0, added.err
    assert added.out.startswith("added ")
    exported = real_cli("export", "sessions", "--format", "json", "-o", "-")
    assert exported.code == 0
    other = tmp_path / "other.db"
    copied = real_cli("--db", str(other), "import", "-", stdin=exported.out)
    assert copied.code == 0, copied.err
    again = real_cli("--db", str(other), "export", "sessions", "--format", "json", "-o", "-")
    assert json.loads(again.out)["sessions"] == json.loads(exported.out)["sessions"]
    empty = real_cli("import", "-", stdin="")
    assert (empty.code, empty.out) == (2, "")
    assert empty.err.count("\n") == 1 and "standard input" in empty.err
