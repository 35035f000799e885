"""Choosing the loader, guessing a file's format, and reading a file from disk a piece at a time.

(The promise that no file, however broken, shows a traceback is in tests/property.)
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.records import Dataset, DomainRecord, SessionRecord
from polymath.importers import (
    FORMATS,
    GUESS_CHARS,
    ImportResult,
    Tally,
    dump_csv,
    dump_json,
    guess_format,
    iter_records,
    load,
    load_file,
)
from polymath.importers.source import CHUNK_CHARS

SESSION = SessionRecord(datetime(2026, 11, 20, 7, 30, tzinfo=UTC), 45, "Jazz piano", "read")
WATSON = json.dumps([[1_763_623_800, 1_763_626_500, "piano", "a1", ["practice"], 1_763_626_500]])
TIMEW = json.dumps(
    [{"id": 1, "start": "20251120T073000Z", "end": "20251120T081500Z", "tags": ["piano"]}]
)
WATSON_LOG = json.dumps(
    [
        {
            "id": "a1",
            "project": "piano",
            "start": "2025-11-20T08:30:00+01:00",
            "stop": "2025-11-20T09:15:00+01:00",
            "tags": ["practice"],
        }
    ],
    indent=4,
    sort_keys=True,
)
SAMPLES = {
    "csv": dump_csv([SESSION]),
    "json": dump_json(Dataset(sessions=(SESSION,))),
    "watson": WATSON,
    "timewarrior": TIMEW,
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_read_by_its_loader(fmt: str) -> None:
    result = load(SAMPLES[fmt], fmt, domain_map={"piano": "Jazz piano"})
    assert isinstance(result, ImportResult)
    assert [(s.domain, s.minutes) for s in result.dataset.sessions] == [("Jazz piano", 45)]


def test_format_names_are_forgiving_about_case_and_the_timew_alias() -> None:
    assert load(TIMEW, " TimeW ").dataset == load(TIMEW, "timewarrior").dataset


def test_the_maps_reach_the_other_trackers_loaders() -> None:
    result = load(WATSON, "watson", domain_map={"piano": "Jazz"}, kind_map={"practice": "read"})
    assert (result.dataset.sessions[0].domain, result.dataset.sessions[0].kind) == ("Jazz", "read")


def test_an_unknown_format_is_the_users_input() -> None:
    with pytest.raises(InvalidInput) as refused:
        load("[]", "toggl")
    assert str(refused.value) == "unknown import format 'toggl': use csv, json, watson, timewarrior"


@pytest.mark.parametrize(
    ("path_name", "text", "fmt"),
    [
        ("export.json", SAMPLES["json"], "json"),
        ("backup.txt", "\ufeff" + SAMPLES["json"], "json"),
        ("sessions.csv", SAMPLES["csv"], "csv"),
        ("sessions.txt", SAMPLES["csv"], "csv"),
        ("anything.csv", "", "csv"),
        ("/home/me/.config/watson/frames", WATSON, "watson"),
        ("history.json", WATSON, "watson"),
        ("/home/me/.config/watson/frames", "[]", "watson"),
        ("frames", "[[1, 2", "watson"),
        ("week.json", TIMEW, "timewarrior"),
        ("log.json", WATSON_LOG, "watson"),
        ("frames", WATSON[:40], "watson"),
        ("timew-2026.json", "[\n]\n", "timewarrior"),
    ],
)
def test_the_format_is_guessed_from_content_then_name(path_name: str, text: str, fmt: str) -> None:
    assert guess_format(path_name, text) == fmt


@pytest.mark.parametrize(("path_name", "text"), [("notes.txt", "hello"), ("data.json", "[]")])
def test_a_file_that_could_be_anything_asks_for_the_format(path_name: str, text: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        guess_format(path_name, text)
    assert str(refused.value) == (
        f"cannot tell the format of {path_name!r}: name it (csv, json, watson, timewarrior)"
    )


def test_a_watson_log_is_read_as_watson() -> None:
    result = load(WATSON_LOG, "watson", domain_map={"piano": "Jazz piano"})
    assert [(s.domain, s.minutes, s.kind) for s in result.dataset.sessions] == [
        ("Jazz piano", 45, "experiment")
    ]


def test_records_come_one_at_a_time_and_the_tally_is_complete_at_the_end() -> None:
    text = json.dumps(
        [
            [1_763_623_800 + hour * 3600, 1_763_623_800 + hour * 3600 + 20, "p", "id"]
            for hour in range(3)
        ]
        + [[1_763_623_800, 1_763_626_500, "piano", "a1"]]
    )
    tally = Tally()
    records = iter_records(text, "watson", tally)
    assert tally.skipped == 0
    assert [record.domain for record in records] == ["piano"]  # type: ignore[union-attr]
    assert (tally.skipped, tally.warnings) == (3, ["skipped 3 frames shorter than 30 seconds"])


def test_an_unknown_format_is_refused_before_any_reading() -> None:
    with pytest.raises(InvalidInput):
        iter_records("[]", "toggl", Tally())


# --- files on disk ----------------------------------------------------------------------------


def test_a_file_is_read_with_its_format_guessed(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    history = Dataset(domains=(DomainRecord("Jazz piano", "Fine Arts"),), sessions=(SESSION,))
    path.write_bytes(("\ufeff" + dump_json(history)).encode("utf-8"))
    assert load_file(path).dataset == history


def test_a_large_file_is_guessed_from_its_start_and_read_whole(tmp_path: Path) -> None:
    frames = [
        [1_600_000_000 + i * 7200, 1_600_000_000 + i * 7200 + 3600, "p", "id"]
        for i in range(20_000)
    ]
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames, indent=1), encoding="utf-8")
    assert path.stat().st_size > 3 * CHUNK_CHARS > GUESS_CHARS
    result = load_file(path, domain_map={"p": "Piano"})
    assert len(result.dataset.sessions) == 20_000
    assert result.dataset.sessions[-1].domain == "Piano"


def test_a_csv_file_keeps_its_line_ends_whatever_they_are(tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    path.write_bytes(
        b'started_at,minutes,domain,kind,note\r2026-11-20T07:30:00Z,45,Jazz piano,read,"a\rb"\r'
    )
    assert load_file(path).dataset.sessions[0].note == "a\nb"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: None, "no such file: {path}"),
        (lambda path: path.mkdir(), "{path} is a folder, not a file"),
        (lambda path: path.write_bytes(b"[\xff]"), "{path} is not UTF-8 text"),
        (
            lambda path: path.write_bytes(b"x" * 2_000_000),
            "{path} is 2 MB; imports take at most 1 MB",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_one_line(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "frames"
    make(path)  # type: ignore[operator]
    with pytest.raises(ImportFailed) as refused:
        load_file(path, max_bytes=1 << 20)
    assert str(refused.value) == message.format(path=path)


def test_bytes_that_are_not_utf8_deep_in_a_large_file_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    good = dump_json(Dataset(sessions=(SESSION,) * 5_000)).encode("utf-8")
    path.write_bytes(good[:-200] + b"\xc3\x28" + good[-200:])
    with pytest.raises(ImportFailed) as refused:
        load_file(path, "json")
    assert str(refused.value) == f"{path} is not UTF-8 text"


def test_a_path_is_shown_safely_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[2J.json"
    with pytest.raises(ImportFailed) as refused:
        load_file(path)
    assert "\x1b" not in str(refused.value)
    assert str(refused.value).endswith("evil\u241b[2J.json")
