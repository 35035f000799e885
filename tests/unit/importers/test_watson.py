"""Watson frames files, the real ones from Watson's own tests and small ones written here."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.records import SessionRecord
from polymath.importers.watson import load_watson

WATSON_FILES = Path(__file__).resolve().parents[2] / "data" / "peers" / "watson"
START = 1_763_623_800  # 2025-11-20T07:30:00Z


def peer_file(name: str) -> str:
    return (WATSON_FILES / name).read_text(encoding="utf-8")


def frames(*rows: list[object]) -> str:
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
        ({"domain_map": {"piano": " "}}, "domain map 'piano': domain name is empty"),
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
    ('{"frames": []}', "not a Watson frames file (expected a JSON list of frames)"),
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
    (frames(frame(600, project="")), "frame 1: project name is empty"),
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
