"""Choosing the loader, and the promise that no file, however broken, shows a traceback."""

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.records import Dataset, SessionRecord
from polymath.importers import (
    FORMATS,
    ImportResult,
    dump_csv,
    dump_json,
    guess_format,
    load,
    load_csv,
    load_json,
    load_timewarrior,
    load_watson,
)

SESSION = SessionRecord(datetime(2026, 11, 20, 7, 30, tzinfo=UTC), 45, "Jazz piano", "read")
WATSON = json.dumps([[1_763_623_800, 1_763_626_500, "piano", "a1", ["practice"], 1_763_626_500]])
TIMEW = json.dumps(
    [{"id": 1, "start": "20251120T073000Z", "end": "20251120T081500Z", "tags": ["piano"]}]
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


# --- no traceback, whatever the file holds ----------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)
SESSION_KEYS = ["started_at", "minutes", "domain", "kind", "note", "with", "name", "level", "on"]
near_sessions = st.dictionaries(
    st.sampled_from(SESSION_KEYS),
    json_values | st.sampled_from(["2026-11-20T07:30:00Z", "read", "2026-W53", "2026-01-05"]),
)
near_documents = st.fixed_dictionaries(
    {"format": st.just("polymath"), "version": st.just(1)},
    optional={
        key: st.lists(near_sessions, max_size=3) | json_values
        for key in ("domains", "sessions", "assessments", "rest_weeks")
    },
)
near_frames = st.lists(
    st.lists(json_values | st.integers(0, 2_000_000_000), max_size=7) | json_values, max_size=3
)
near_intervals = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "start", "end", "tags", "annotation"]),
        json_values | st.sampled_from(["20261118T063000Z", "20261118T071500Z"]),
    ),
    max_size=3,
)
LOADERS: list[Callable[[str], ImportResult]] = [
    load_json,
    load_csv,
    load_watson,
    load_timewarrior,
]


def assert_refused_in_one_line_or_read(loader: Callable[[str], ImportResult], text: str) -> None:
    try:
        result = loader(text)
    except ImportFailed as refused:
        message = str(refused)
        assert message
        assert "\n" not in message
        assert "\r" not in message
    else:
        assert isinstance(result, ImportResult)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=200), st.sampled_from(LOADERS))
def test_any_text_is_read_or_refused_in_one_line(
    text: str, loader: Callable[..., ImportResult]
) -> None:
    assert_refused_in_one_line_or_read(loader, text)


@settings(max_examples=50, deadline=None)
@given(json_values, st.sampled_from(LOADERS))
def test_any_json_is_read_or_refused_in_one_line(
    value: object, loader: Callable[..., ImportResult]
) -> None:
    assert_refused_in_one_line_or_read(loader, json.dumps(value))


@settings(max_examples=50, deadline=None)
@given(near_documents)
def test_nearly_valid_polymath_files_are_read_or_refused_in_one_line(document: object) -> None:
    assert_refused_in_one_line_or_read(load_json, json.dumps(document))


@settings(max_examples=50, deadline=None)
@given(near_frames)
def test_nearly_valid_watson_files_are_read_or_refused_in_one_line(document: object) -> None:
    assert_refused_in_one_line_or_read(load_watson, json.dumps(document))


@settings(max_examples=50, deadline=None)
@given(near_intervals)
def test_nearly_valid_timew_exports_are_read_or_refused_in_one_line(document: object) -> None:
    assert_refused_in_one_line_or_read(load_timewarrior, json.dumps(document))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(max_size=12) | st.sampled_from(["2026-11-20T07:30:00Z", "45", "read"]),
            min_size=6,
            max_size=6,
        ),
        max_size=3,
    )
)
def test_nearly_valid_csv_files_are_read_or_refused_in_one_line(rows: list[list[str]]) -> None:
    lines = ["started_at,minutes,domain,kind,note,with"] + [",".join(row) for row in rows]
    assert_refused_in_one_line_or_read(load_csv, "\n".join(lines))
