"""No file, however broken or hostile, gets past a loader as anything but storable records or one
line that is safe to print.

The contract for every loader and for ``guess_format``: the outcome is an ``ImportResult`` whose
records the database can hold as they are (names and notes already follow the stored-text rule,
minutes within a day, times in UTC to the second), or ``ImportFailed``/``InvalidInput`` whose
message is one line with nothing a terminal would obey (no escape, no direction mark, no lone
surrogate: it prints, and it encodes as UTF-8 for a JSON report).
"""

import io
import json
from collections.abc import Callable
from datetime import UTC

from hypothesis import given, settings
from hypothesis import strategies as st

from polymath.core.durations import MAX_SESSION_MINUTES
from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.kinds import KINDS
from polymath.core.names import name_key
from polymath.core.text import MAX_NOTE_LENGTH, clean_name, clean_note, display
from polymath.importers import (
    FORMATS,
    ImportResult,
    Source,
    guess_format,
    load_csv,
    load_json,
    load_timewarrior,
    load_watson,
    load_watson_log,
)
from tests.property.importer_records import HOSTILE_TEXT, hostile_text, json_values

Loader = Callable[[str | Source], ImportResult]
LOADERS: dict[str, Loader] = {
    "json": load_json,
    "csv": load_csv,
    "watson": load_watson,
    "watson log": load_watson_log,
    "timewarrior": load_timewarrior,
}


def assert_safe_line(message: str) -> None:
    assert message
    assert display(message) == message, f"unsafe characters in {message!r}"
    message.encode("utf-8")


def assert_storable(result: ImportResult) -> None:
    """Every record is what the database would store, unchanged by the stored-text rule."""
    dataset = result.dataset
    names = [domain.name for domain in dataset.domains]
    names += [domain.area for domain in dataset.domains if domain.area is not None]
    for session in dataset.sessions:
        names += [session.domain, *session.with_domains]
        assert session.kind in KINDS
        assert 1 <= session.minutes <= MAX_SESSION_MINUTES
        assert session.started_at.tzinfo is UTC
        assert session.started_at.microsecond == 0
    names += [assessment.domain for assessment in dataset.assessments]
    if dataset.stack is not None:
        names += list(dataset.stack.members)
        assert len({name_key(name) for name in dataset.stack.members}) == 3
    for name in names:
        assert clean_name(name) == name
    notes = [session.note for session in dataset.sessions]
    notes += [assessment.note for assessment in dataset.assessments]
    notes += [rest.note for rest in dataset.rest_weeks]
    for note in notes:
        assert note is None or (clean_note(note) == note and len(note) <= MAX_NOTE_LENGTH)
    for warning in result.warnings:
        assert_safe_line(warning)


def assert_records_or_one_line(loader: Loader, data: str | Source) -> None:
    try:
        result = loader(data)
    except (ImportFailed, InvalidInput) as refused:
        assert_safe_line(str(refused))
    else:
        assert isinstance(result, ImportResult)
        assert_storable(result)


# --- any text at all --------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200) | hostile_text, st.sampled_from(sorted(LOADERS)))
def test_any_text_is_read_or_refused_in_one_line(text: str, fmt: str) -> None:
    assert_records_or_one_line(LOADERS[fmt], text)


@settings(max_examples=150, deadline=None)
@given(json_values, st.booleans(), st.sampled_from(sorted(LOADERS)))
def test_any_json_is_read_or_refused_in_one_line(value: object, ascii_only: bool, fmt: str) -> None:
    """``ensure_ascii`` writes lone surrogates as ``\\ud800`` escapes, which JSON allows."""
    assert_records_or_one_line(LOADERS[fmt], json.dumps(value, ensure_ascii=ascii_only))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.integers(1, 64), st.sampled_from(sorted(LOADERS)))
def test_any_bytes_from_a_file_are_read_or_refused_in_one_line(
    raw: bytes, piece: int, fmt: str
) -> None:
    assert_records_or_one_line(LOADERS[fmt], Source(io.BytesIO(raw), "in.txt", chunk=piece))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30) | st.sampled_from(HOSTILE_TEXT), st.text(max_size=300) | hostile_text)
def test_guessing_a_format_names_one_or_asks_in_one_line(path_name: str, text: str) -> None:
    try:
        assert guess_format(path_name, text) in FORMATS
    except ImportFailed as refused:
        assert_safe_line(str(refused))


# --- nearly valid files with hostile values ---------------------------------------------------

SESSION_KEYS = ["started_at", "minutes", "domain", "kind", "note", "with", "name", "level", "on"]
fair_values = st.sampled_from(
    ["2026-11-20T07:30:00Z", "read", "Jazz piano", "2026-W53", "2026-01-05", 45, 3, None]
)
near_records = st.dictionaries(
    st.sampled_from([*SESSION_KEYS, "area", "archived", "week"]),
    json_values | fair_values | st.lists(hostile_text, max_size=3),
)
near_documents = st.fixed_dictionaries(
    {"format": st.just("polymath"), "version": st.just(1)},
    optional={
        **{
            key: st.lists(near_records, max_size=3) | json_values
            for key in ("domains", "sessions", "assessments", "rest_weeks")
        },
        "stack": st.fixed_dictionaries(
            {"members": st.lists(hostile_text | fair_values, max_size=4)},
            optional={"target_level": json_values},
        )
        | json_values,
    },
)


@settings(max_examples=150, deadline=None)
@given(near_documents, st.booleans())
def test_nearly_valid_polymath_files_are_read_or_refused_in_one_line(
    document: dict[str, object], ascii_only: bool
) -> None:
    assert_records_or_one_line(load_json, json.dumps(document, ensure_ascii=ascii_only))


def session_with(field: str, value: object) -> str:
    session = {"started_at": "2026-11-20T07:30:00Z", "minutes": 45, "domain": "D", "kind": "read"}
    return json.dumps({"format": "polymath", "version": 1, "sessions": [session | {field: value}]})


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["domain", "note", "with"]), hostile_text)
def test_hostile_text_in_a_session_is_refused_in_a_name_and_dropped_from_a_note(
    field: str, text: str
) -> None:
    value: object = [text] if field == "with" else text
    assert_records_or_one_line(load_json, session_with(field, value))


frame_times = st.integers(0, 2_000_000_000) | json_values
near_frames = st.lists(
    st.tuples(
        frame_times,
        st.integers(0, 90_000),
        hostile_text | fair_values,
        st.lists(hostile_text | st.sampled_from(["read", "practice"]), max_size=3) | json_values,
    ).map(
        lambda frame: [
            frame[0],
            frame[0] + frame[1] if isinstance(frame[0], int) else frame[1],
            frame[2],
            "id",
            frame[3],
            0,
        ]
    )
    | st.lists(json_values, max_size=7),
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(near_frames, st.booleans())
def test_nearly_valid_watson_frames_are_read_or_refused_in_one_line(
    frames: list[object], ascii_only: bool
) -> None:
    assert_records_or_one_line(load_watson, json.dumps(frames, ensure_ascii=ascii_only))


iso_times = st.sampled_from(
    ["2025-11-20T08:30:00+01:00", "2025-11-20T09:15:00.123456+01:00", "2025-11-21T08:30:00Z"]
)
near_log = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "id": hostile_text,
            "project": hostile_text | fair_values,
            "start": iso_times | json_values,
            "stop": iso_times | json_values,
            "tags": st.lists(hostile_text | st.sampled_from(["read", "practice"]), max_size=3)
            | json_values,
        },
    ),
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(near_log, st.booleans(), st.sampled_from(["watson", "watson log"]))
def test_nearly_valid_watson_logs_are_read_or_refused_in_one_line(
    entries: list[object], ascii_only: bool, fmt: str
) -> None:
    assert_records_or_one_line(LOADERS[fmt], json.dumps(entries, ensure_ascii=ascii_only))


timew_times = st.sampled_from(["20261118T063000Z", "20261118T071500Z", "20261119T120000Z"])
near_intervals = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "id": json_values,
            "start": timew_times | json_values,
            "end": timew_times | json_values,
            "tags": st.lists(hostile_text | st.sampled_from(["read", "piano"]), max_size=4)
            | json_values,
            "annotation": hostile_text | json_values,
        },
    ),
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(near_intervals, st.booleans())
def test_nearly_valid_timew_exports_are_read_or_refused_in_one_line(
    intervals: list[object], ascii_only: bool
) -> None:
    assert_records_or_one_line(load_timewarrior, json.dumps(intervals, ensure_ascii=ascii_only))


csv_cells = (
    st.text(max_size=12)
    | hostile_text
    | st.sampled_from(["2026-11-20T07:30:00Z", "45", "read", "Jazz piano", "'=1", '"', "\r"])
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(csv_cells, min_size=7, max_size=7), max_size=3),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_nearly_valid_csv_files_are_read_or_refused_in_one_line(
    rows: list[list[str]], line_end: str
) -> None:
    lines = ["started_at,minutes,domain,kind,note,with,area"] + [",".join(row) for row in rows]
    assert_records_or_one_line(load_csv, line_end.join(lines))
