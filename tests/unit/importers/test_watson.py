"""Watson's frames file (the real ones from Watson's own tests, and small ones written here) and
what ``watson log --all --json`` prints: both become the same sessions."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.records import SessionRecord
from polymath.importers.watson import load_watson, load_watson_log

WATSON_FILES = Path(__file__).resolve().parents[2] / "data" / "peers" / "watson"
START = 1_763_623_800  # 2025-11-20T07:30:00Z


def peer_file(name: str) -> str:
    return (WATSON_FILES / name).read_text(encoding="utf-8")


def frames(*rows: object) -> str:
    return json.dumps(list(rows))


def frame(seconds: float, project: str = "piano", tags: list[str] | None = None) -> list[object]:
    return [START, START + seconds, project, "a1b2", tags or [], START + seconds]


def test_watson_test_suite_frames_become_sessions() -> None:
    result = load_watson(
        peer_file("autocompletion-frames.json"),
        domain_map={"project1": "Jazz piano"},
        kind_map={"tag2": "experiment"},
    )
    sessions = result.dataset.sessions
    assert (len(sessions), result.skipped, result.warnings) == (10, 0, ())
    assert sessions[0] == SessionRecord(
        started_at=datetime(2018, 10, 16, 9, 46, 15, tzinfo=UTC),
        minutes=41,  # 2,474 seconds
        domain="Jazz piano",
        kind="read",
        note="tags: tag1",
    )
    assert sessions[1].domain == "project2"
    assert sessions[1].kind == "experiment"
    assert sessions[1].note is None
    assert {session.domain for session in sessions} == {
        "Jazz piano",
        "project2",
        "project3-A",
        "project3-B",
        "project4",
    }


def test_a_frame_under_30_seconds_is_skipped_and_counted() -> None:
    result = load_watson(peer_file("frames-with-conflict.json"))
    assert [(s.domain, s.minutes) for s in result.dataset.sessions] == [("bar", 1), ("bar", 1)]
    assert result.skipped == 1
    assert result.warnings == ("skipped 1 frame shorter than 30 seconds",)


@pytest.mark.parametrize(
    ("seconds", "minutes"),
    [(30, 1), (89, 1), (90, 2), (150, 3), (2_474, 41), (86_400, 1440)],
)
def test_minutes_are_rounded_half_up(seconds: int, minutes: int) -> None:
    """Python's round() gives round(2.5) == 2 and round(0.5) == 0: a 30-second frame is 1 minute."""
    assert load_watson(frames(frame(seconds))).dataset.sessions[0].minutes == minutes


def test_a_tag_naming_a_kind_sets_it_and_other_tags_go_to_the_note() -> None:
    text = frames(
        frame(600, tags=["chords", "Practice", "bebop"]),
        frame(600, tags=["reflect", "experiment"]),
        frame(600, tags=["drill"]),
    )
    sessions = load_watson(text, kind_map={"drill": "exp"}, default_kind="reflect").dataset.sessions
    assert [(s.kind, s.note) for s in sessions] == [
        ("experiment", "tags: chords, bebop"),
        ("reflect", "tags: experiment"),
        ("experiment", None),
    ]


def test_a_frame_without_a_kind_tag_takes_the_default_kind() -> None:
    text = frames(frame(600, tags=["chords"]))
    assert load_watson(text, default_kind="Reflection").dataset.sessions[0].kind == "reflect"


def test_an_empty_frames_file_has_no_sessions() -> None:
    result = load_watson("[]")
    assert (result.dataset.sessions, result.skipped) == ((), 0)


@pytest.mark.parametrize(
    ("maps", "message"),
    [
        (
            {"kind_map": {"drill": "nap"}},
            "kind map 'drill': unknown kind 'nap': use read, reflect or experiment",
        ),
        ({"domain_map": {"piano": " "}}, "domain map 'piano': a domain name cannot be empty"),
        ({"default_kind": "nap"}, "unknown kind 'nap': use read, reflect or experiment"),
    ],
)
def test_a_bad_map_is_the_users_input_not_the_files(maps: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        load_watson(frames(frame(600)), **maps)
    assert str(refused.value) == message


BAD_FRAMES = [
    ("", "the file is empty"),
    ("[[1, 2", "not valid JSON: Expecting ',' delimiter at line 1 column 7"),
    (
        '{"frames": []}',
        "not a Watson file (expected the JSON list of its frames file or of watson log --json)",
    ),
    (
        frames(frame(600), frame(600), [START + 60, START, "piano", "id", [], START]),
        "frame 3: stop is before start",
    ),
    (
        frames([START, START + 60]),
        "frame 1: [1763623800, 1763623860] is not a frame "
        "[start, stop, project, id, tags, updated_at]",
    ),
    (frames(["a"]), 'frame 1: ["a"] is not a frame [start, stop, project, id, tags, updated_at]'),
    (
        frames(["2025-11-20", START, "piano", "id"]),
        "frame 1: start '2025-11-20' is not a time in seconds since 1970",
    ),
    (
        '[[1763623800, NaN, "piano", "id"]]',
        "frame 1: stop NaN is not a time in seconds since 1970",
    ),
    (frames([1e300, 1e300 + 60, "piano", "id"]), "frame 1: start 1e+300 is out of range"),
    (frames(frame(600, project="")), "frame 1: project '': a domain name cannot be empty"),
    (
        frames(frame(600), frame(600), frame(600, project="\x1b]0;pwned\x07")),
        "frame 3: project '\\x1b]0;pwned\\x07': a domain name cannot hold control characters "
        "or direction marks (U+001B)",
    ),
    (
        '[[1763623800, 1763624400, "\\ud800", "a1b2", [], 0]]',
        "frame 1: project '\\ud800': a domain name cannot hold control characters "
        "or direction marks (U+D800)",
    ),
    (
        frames(frame(600), {"project": "p", "start": "2025-11-20T08:30:00+01:00"}),
        'frame 2: {"project": "p", "start": "2025-11-20T08:30:00+01:00"} is not a frame '
        "[start, stop, project, id, tags, updated_at]",
    ),
    (frames([START, START + 600, None, "id"]), "frame 1: project null is not text"),
    (
        frames([START, START + 600, "piano", "id", "chords"]),
        "frame 1: tags 'chords' is not a list of text",
    ),
    (frames([START, START + 600, "piano", "id", [1]]), "frame 1: tags [1] is not a list of text"),
    (frames(frame(86_430)), "frame 1: lasts 1441 minutes, more than a day (1440)"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FRAMES)
def test_a_malformed_frames_file_is_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        load_watson(text)
    assert str(refused.value) == message


def test_tags_with_controls_or_surrogates_lose_them_in_the_note() -> None:
    text = frames(frame(600, tags=["\x1b[1mbold", "ok"])).replace("ok", "\\udc00ok")
    assert load_watson(text).dataset.sessions[0].note == "tags: [1mbold, ok"


def test_a_mapped_project_is_matched_whatever_its_case_and_spacing() -> None:
    text = frames(frame(600, project="Jazz  Piano"))
    sessions = load_watson(text, domain_map={"jazz piano": "Piano"}).dataset.sessions
    assert sessions[0].domain == "Piano"


# --- watson log --all --json ------------------------------------------------------------------

BERLIN = ZoneInfo("Europe/Berlin")


def watson_log(frames_text: str) -> str:
    """What ``watson log --all --json`` prints for a frames file, in a Berlin terminal.

    Watson's ``frames_to_json``: objects with id, project, start, stop (ISO 8601, local time)
    and tags, indented by 4 with sorted keys.
    """
    entries = [
        {
            "id": frame_id,
            "start": datetime.fromtimestamp(start, BERLIN).isoformat(),
            "stop": datetime.fromtimestamp(stop, BERLIN).isoformat(),
            "project": project,
            "tags": tags,
        }
        for start, stop, project, frame_id, tags, _ in json.loads(frames_text)
    ]
    return json.dumps(entries, indent=4, sort_keys=True)


def test_watson_log_json_gives_the_sessions_its_frames_file_gives() -> None:
    frames_text = peer_file("autocompletion-frames.json")
    log = watson_log(frames_text)
    assert '"start": "2018-10-16T11:46:15+02:00"' in log
    maps: dict[str, Any] = {"domain_map": {"project1": "Jazz piano"}, "kind_map": {"tag2": "exp"}}
    from_log = load_watson(log, **maps)
    assert from_log == load_watson(frames_text, **maps)
    assert from_log == load_watson_log(log, **maps)
    assert len(from_log.dataset.sessions) == 10


def test_a_watson_log_counts_frames_too_short_to_be_sessions() -> None:
    result = load_watson(watson_log(peer_file("frames-with-conflict.json")))
    assert (len(result.dataset.sessions), result.skipped) == (2, 1)
    assert result.warnings == ("skipped 1 frame shorter than 30 seconds",)


def test_a_frame_with_fractions_of_a_second_keeps_its_exact_length() -> None:
    """``watson log --current`` stops the running frame at now, microseconds included."""
    entry = {
        "id": "c0ffee",
        "project": "piano",
        "start": "2025-11-20T08:30:00.900000+01:00",
        "stop": "2025-11-20T09:15:30+01:00",
        "tags": ["practice"],
    }
    session = load_watson(json.dumps([entry])).dataset.sessions[0]
    assert session == SessionRecord(
        datetime(2025, 11, 20, 7, 30, tzinfo=UTC), 45, "piano", "experiment"
    )  # 45 min 29.1 s: whole seconds would have made it 45 min 30 s, rounded up to 46


BAD_LOGS = [
    (
        json.dumps([[START, START + 60, "piano", "id", [], START]]),
        'frame 1: [1763623800, 1763623860, "piano", "id", [], 1763623800] is not a frame object '
        "with project, start and stop",
    ),
    (
        json.dumps([{"project": "piano", "start": "2025-11-20T08:30:00+01:00"}]),
        'frame 1: no "stop"',
    ),
    (
        json.dumps([{"project": "piano", "start": "20251120", "stop": "2025-11-20T08:30:00Z"}]),
        "frame 1: start '20251120' is not an ISO 8601 time such as 2026-11-20T07:30:00Z",
    ),
    (
        json.dumps(
            [{"project": "p", "start": "2025-11-20T08:30:00Z", "stop": "2025-11-20T08:00:00Z"}]
        ),
        "frame 1: stop is before start",
    ),
    (
        json.dumps(
            [
                {
                    "project": "\u202ep",
                    "start": "2025-11-20T08:00:00Z",
                    "stop": "2025-11-20T08:30:00Z",
                }
            ]
        ),
        "frame 1: project '\\u202ep': a domain name cannot hold control characters "
        "or direction marks (U+202E)",
    ),
    ('{"frames": []}', "not a watson log --json file (expected a JSON list of frames)"),
]


@pytest.mark.parametrize(("text", "message"), BAD_LOGS)
def test_a_malformed_log_is_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        load_watson_log(text)
    assert str(refused.value) == message
