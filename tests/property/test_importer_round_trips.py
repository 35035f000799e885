"""Our exports read back as the same history, however the file is cut into pieces on the way."""

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from polymath.core.names import name_key
from polymath.core.records import Dataset, DomainRecord
from polymath.importers import Source, load
from polymath.importers.native import dump_csv, dump_json, load_csv, load_json
from tests.property.importer_records import datasets


@settings(max_examples=60, deadline=None)
@given(datasets())
def test_json_export_reads_back_as_the_same_history(dataset: Dataset) -> None:
    result = load_json(dump_json(dataset))
    assert result.dataset == dataset
    assert (result.skipped, result.warnings) == (0, ())


def areas_carried(dataset: Dataset) -> tuple[DomainRecord, ...]:
    """What a CSV file says of domains: the area of each that has one and a session of its own."""
    areas = {name_key(domain.name): domain.area for domain in dataset.domains}
    carried: dict[str, DomainRecord] = {}
    for session in dataset.sessions:
        key = name_key(session.domain)
        if areas.get(key) and key not in carried:
            carried[key] = DomainRecord(session.domain, areas[key])
    return tuple(carried.values())


@settings(max_examples=60, deadline=None)
@given(datasets())
def test_csv_export_reads_back_as_the_same_sessions_and_areas(dataset: Dataset) -> None:
    result = load_csv(dump_csv(dataset))
    assert result.dataset.sessions == dataset.sessions
    assert result.dataset.domains == areas_carried(dataset)


def pieces(text: str, size: int) -> Source:
    """The file as a slow pipe hands it over: ``size`` characters at a time."""
    return Source(io.BytesIO(text.encode("utf-8", "surrogatepass")), "the file", chunk=size)


@settings(max_examples=40, deadline=None)
@given(datasets(), st.integers(1, 40), st.sampled_from(["json", "csv"]))
def test_a_file_read_in_pieces_gives_what_the_whole_text_gives(
    dataset: Dataset, size: int, fmt: str
) -> None:
    text = dump_json(dataset) if fmt == "json" else dump_csv(dataset)
    assert load(pieces(text, size), fmt) == load(text, fmt)


frames = st.lists(
    st.tuples(
        st.integers(0, 2_000_000_000),
        st.integers(0, 86_400),
        st.sampled_from(["piano", "stats", "Rock; roll"]),
        st.lists(st.sampled_from(["read", "chords", "practice", "1.5e3"]), max_size=3),
    ),
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(frames, st.integers(1, 40), st.integers(0, 2))
def test_watson_frames_read_in_pieces_give_what_the_whole_text_gives(
    rows: list[tuple[int, int, str, list[str]]], size: int, indent: int
) -> None:
    frames = [
        [start, start + length, project, "id", tags, 0] for start, length, project, tags in rows
    ]
    text = json.dumps(frames, indent=indent or None)
    assert load(pieces(text, size), "watson") == load(text, "watson")
