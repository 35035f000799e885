"""Whatever a file holds, ``polymath import`` and ``polymath graph load`` either take it whole or
answer with one line and exit status 2, and the database stays as it was.

The loaders' own contract is tested beside them (``tests/property``); this drives the real
command in-process, on a database with history, so the saving side (one transaction, nothing
half-written) is held too.
"""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polymath.cli import main
from tests.conftest import FixedClock
from tests.property.importer_records import HOSTILE_TEXT
from tests.unit.cli.support import snapshot

FRAME = st.tuples(
    st.integers(min_value=1_600_000_000, max_value=1_760_000_000),
    st.integers(min_value=0, max_value=90_000),
    st.sampled_from(["piano", "Jazz piano", "", " ", *HOSTILE_TEXT]),
    st.text(max_size=8),
    st.lists(st.sampled_from(["read", "exp", "x", "\x1b[2J", "\ud800", "\r"]), max_size=3),
)
PLACES = ["20251120T073000Z", "2025-11-20", "x", ""]
TAGS = ["piano", "read", "\x1b", "\ud800", ""]
FIELDS = ["started_at", "minutes", "domain", "kind", "note", "with"]
VALUES = st.one_of(st.text(max_size=12), st.integers(-5, 2000), st.none())
HEADER = "started_at,minutes,domain,kind,note,with"
SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """A file in one of the formats, broken a little or a lot."""
    kind = draw(st.sampled_from(["watson", "timewarrior", "json", "csv", "bytes", "text"]))
    if kind == "watson":
        frames = draw(st.lists(FRAME, max_size=5))
        return encoded(json.dumps([[s, s + n, p, i, t, s] for s, n, p, i, t in frames]))
    if kind == "timewarrior":
        intervals = [
            {
                "id": n,
                "start": draw(st.sampled_from(PLACES)),
                "end": draw(st.sampled_from([*PLACES, None])),
                "tags": draw(st.lists(st.sampled_from(TAGS), max_size=3)),
            }
            for n in range(draw(st.integers(0, 4)))
        ]
        return encoded(json.dumps(intervals))
    if kind == "json":
        sessions = st.lists(st.dictionaries(st.sampled_from(FIELDS), VALUES), max_size=3)
        document = {
            "format": draw(st.sampled_from(["polymath-history", "other", 3])),
            "version": draw(st.sampled_from([1, 2, "1"])),
            "domains": [{"name": draw(st.sampled_from(["Jazz piano", *HOSTILE_TEXT]))}],
            "sessions": draw(sessions),
        }
        return encoded(json.dumps(document))
    if kind == "csv":
        rows = [HEADER, *draw(st.lists(st.text(max_size=60), max_size=4))]
        return encoded(draw(st.sampled_from(["\n", "\r\n", "\r"])).join(rows))
    if kind == "text":
        return encoded(draw(st.text(max_size=200)))
    return draw(st.binary(max_size=200))


def table(separator: str) -> st.SearchStrategy[bytes]:
    rows = st.lists(st.text(max_size=30), max_size=6)
    return rows.map(lambda lines: encoded(separator.join(["unit,domain", *lines])))


@pytest.fixture
def seeded_db(db: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from polymath.cli import common

    monkeypatch.setattr(common, "clock", clock)
    assert main(["log", "45m", "Jazz piano", "--create", "--on", "2026-11-20"]) == 0
    assert main(["level", "Jazz piano", "2"]) == 0
    yield db


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as done:  # argparse
        code = int(done.code or 0)
    return code, capsys.readouterr().err


def assert_clean(code: int, err: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err and "unexpected error" not in err, err
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("polymath: "), err
        assert not any(ch in err for ch in ("\x1b", "\r", "\x9b")), err


@SETTINGS
@given(content=files(), fmt=st.sampled_from([None, "json", "csv", "watson", "timewarrior"]))
def test_an_import_is_whole_or_one_line_and_nothing_written(
    content: bytes,
    fmt: str | None,
    seeded_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "frames"
    path.write_bytes(content)
    before = snapshot(seeded_db)
    code, err = run(["import", str(path), *(["--from", fmt] if fmt else [])], capsys)
    assert_clean(code, err)
    if code == 2:
        assert snapshot(seeded_db) == before


@SETTINGS
@given(body=st.one_of(st.binary(max_size=300), table("\n"), table("\r"), table("\r\n")))
def test_a_population_file_is_loaded_whole_or_refused_in_one_line(
    body: bytes, seeded_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "population.csv"
    path.write_bytes(body)
    before = snapshot(seeded_db)
    code, err = run(["graph", "load", str(path), "--name", "fuzz"], capsys)
    assert_clean(code, err)
    if code == 2:
        assert snapshot(seeded_db) == before
