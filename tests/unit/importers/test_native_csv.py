"""Our CSV file of sessions: each domain's area comes along, no cell runs as a spreadsheet
formula, any domain name survives the with column, and a bad file is refused in one line."""

import csv
import io
from datetime import UTC, datetime

import pytest

from polymath.core.errors import ImportFailed
from polymath.core.records import Dataset, DomainRecord, SessionRecord
from polymath.importers import Source
from polymath.importers.native import dump_csv, load_csv

HEADER = "started_at,minutes,domain,kind,note,with\n"
AT = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)


def test_csv_keeps_commas_quotes_newlines_and_unicode_in_notes() -> None:
    note = 'Chopin, "Nocturne" op. 9\nthen\nscales\n— 練習 🎹,'
    record = SessionRecord(AT, 45, "Jazz piano", "experiment", note, ("Statistics", "Música"))
    text = dump_csv([record])
    assert text.startswith("started_at,minutes,domain,kind,note,with,area\r\n")
    assert "Statistics; Música" in text
    assert load_csv(text).dataset.sessions == (record,)


def test_a_note_with_bare_carriage_returns_is_stored_with_line_feeds() -> None:
    text = HEADER + '2026-11-20T07:30:00Z,45,Jazz piano,read,"one\rtwo\r\nthree",\n'
    assert load_csv(text).dataset.sessions[0].note == "one\ntwo\nthree"


def test_a_csv_export_keeps_each_domains_area_so_the_planner_can_use_it() -> None:
    dataset = Dataset(
        domains=(DomainRecord("Jazz piano", "Fine Arts"), DomainRecord("Statistics")),
        sessions=(
            SessionRecord(AT, 45, "Jazz piano", "read"),
            SessionRecord(AT.replace(day=21), 30, "Statistics", "read"),
            SessionRecord(AT.replace(day=22), 20, "Jazz piano", "read"),
        ),
    )
    text = dump_csv(dataset)
    assert text.splitlines()[:3] == [
        "started_at,minutes,domain,kind,note,with,area",
        "2026-11-20T07:30:00Z,45,Jazz piano,read,,,Fine Arts",
        "2026-11-21T07:30:00Z,30,Statistics,read,,,",
    ]
    assert load_csv(text).dataset.domains == (DomainRecord("Jazz piano", "Fine Arts"),)


def test_a_csv_of_bare_sessions_has_an_empty_area_column() -> None:
    record = SessionRecord(AT, 45, "Jazz piano", "read")
    assert dump_csv([record]).splitlines()[1] == "2026-11-20T07:30:00Z,45,Jazz piano,read,,,"


def test_a_csv_from_before_the_area_column_still_reads() -> None:
    result = load_csv(HEADER + "2026-11-20T07:30:00Z,45,Jazz piano,read,,\n")
    assert (len(result.dataset.sessions), result.dataset.domains) == (1, ())


def test_rows_naming_two_areas_for_one_domain_are_refused() -> None:
    text = (
        "started_at,minutes,domain,kind,area\n"
        "2026-11-20T07:30:00Z,45,Jazz piano,read,Fine Arts\n"
        "2026-11-21T07:30:00Z,45,jazz piano,read,\n"
        "2026-11-22T07:30:00Z,45,Jazz  Piano,read,fine arts\n"
        "2026-11-23T07:30:00Z,45,Jazz piano,read,Music\n"
    )
    with pytest.raises(ImportFailed) as refused:
        load_csv(text)
    assert str(refused.value) == (
        "line 5: domain 'Jazz piano' has area 'Music' here but 'Fine Arts' on line 2"
    )


def test_a_semicolon_or_backslash_in_an_integrated_domain_survives_csv() -> None:
    record = SessionRecord(AT, 45, "Jazz piano", "read", None, ("Rock; roll", "AC\\DC", "x\\"))
    text = dump_csv([record])
    assert text.splitlines()[1].endswith(r",Rock\; roll; AC\\DC; x\\,")
    assert load_csv(text).dataset.sessions == (record,)


def test_a_backslash_in_a_with_cell_written_by_hand_is_kept() -> None:
    text = HEADER + "2026-11-20T07:30:00Z,45,Jazz piano,read,,C\\C++; Rust\n"
    assert load_csv(text).dataset.sessions[0].with_domains == ("C\\C++", "Rust")


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-- a list", "'-- a list"),
        ("@here", "'@here"),
        ("'=1", "''=1"),
        ("''", "'''"),
        ("'twas", "'twas"),
        ("'", "'"),
        ("plain", "plain"),
    ],
)
def test_no_text_cell_runs_as_a_formula_and_each_reads_back(text: str, cell: str) -> None:
    record = SessionRecord(AT, 45, text, "read", text, (text,))
    dataset = Dataset(domains=(DomainRecord(text, text),), sessions=(record,))
    written = dump_csv(dataset)
    row = next(csv.reader(io.StringIO(written.splitlines()[1])))
    assert row == ["2026-11-20T07:30:00Z", "45", cell, "read", cell, cell, cell]
    back = load_csv(written).dataset
    assert (back.sessions, back.domains) == ((record,), (DomainRecord(text, text),))


def test_a_quote_before_a_formula_in_a_hand_written_csv_is_read_as_the_text() -> None:
    text = HEADER + "2026-11-20T07:30:00Z,45,Jazz piano,read,'=1+1,\n"
    assert load_csv(text).dataset.sessions[0].note == "=1+1"


def test_a_csv_file_read_a_piece_at_a_time_gives_the_same_sessions() -> None:
    records = [
        SessionRecord(
            AT.replace(minute=minute), 1 + minute, f"d{minute % 3}", "read", f"n\n{minute}"
        )
        for minute in range(60)
    ]
    text = dump_csv(records)
    stream = Source(io.BytesIO(("\ufeff" + text).encode()), "s.csv", chunk=5)
    assert load_csv(stream).dataset.sessions == tuple(records)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "2026-11-20T07:30:00Z,45,\x1b[31mJazz,read,,",
            "line 2: domain '\\x1b[31mJazz': a domain name cannot hold control characters "
            "or direction marks (U+001B)",
        ),
        (
            "2026-11-20T07:30:00Z,45,Jazz,read,,A; \u202eB",
            "line 2: with domain ' \\u202eB': a domain name cannot hold control characters "
            "or direction marks (U+202E)",
        ),
        (
            "2026-11-20T07:30:00Z,45,Jazz,read," + "x" * 2001 + ",",
            "line 2: a note is at most 2,000 characters",
        ),
    ],
)
def test_hostile_cells_are_refused_where_they_are(row: str, message: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        load_csv(HEADER + row + "\n")
    assert str(refused.value) == message


def test_controls_in_a_note_are_dropped() -> None:
    text = HEADER + "2026-11-20T07:30:00Z,45,Jazz,read,\x1b[31mred\x07 \u202eok,\n"
    assert load_csv(text).dataset.sessions[0].note == "[31mred ok"


def test_csv_columns_may_come_in_any_order_and_unknown_ones_are_ignored() -> None:
    text = (
        "Kind,Domain,Minutes,Started_At,source\n"
        "reading,Jazz piano,45,2026-11-20T07:30:00Z,phone\n"
        "\n"
    )
    result = load_csv(text)
    assert result.dataset.sessions == (
        SessionRecord(datetime(2026, 11, 20, 7, 30, tzinfo=UTC), 45, "Jazz piano", "read"),
    )
    assert result.warnings == ("ignored column 'source'",)


def test_a_csv_with_only_a_header_lists_no_sessions() -> None:
    result = load_csv(HEADER)
    assert result.dataset == Dataset()
    assert result.warnings == ("the file lists no sessions",)


# --- malformed files --------------------------------------------------------------------------

BAD_CSV = [
    ("", "the file is empty"),
    (
        "started_at,minutes,domain\n",
        "line 1: the header has no kind column "
        "(expected started_at,minutes,domain,kind,note,with,area)",
    ),
    (
        "2026-11-20T07:30:00Z,45,Jazz piano,read,,\n",
        "line 1: the header has no started_at column "
        "(expected started_at,minutes,domain,kind,note,with,area)",
    ),
    (
        "started_at,minutes,domain,kind,note,Note\n",
        "line 1: column 'note' appears twice in the header",
    ),
    (
        HEADER + "2026-11-20T07:30:00Z,abc,Jazz piano,read,,\n",
        "line 2: minutes 'abc' is not a whole number",
    ),
    (
        HEADER + "2026-11-20T07:30:00Z,1_0,Jazz piano,read,,\n",
        "line 2: minutes '1_0' is not a whole number",
    ),
    (
        HEADER + "2026-11-20T07:30:00Z,\u0661\u0660,Jazz piano,read,,\n",
        "line 2: minutes '\u0661\u0660' is not a whole number",
    ),
    (
        HEADER + "2026-11-20T07:30:00Z,99999999999999999999,Jazz piano,read,,\n",
        "line 2: minutes '99999999999999999999' is not between 1 and 1440",
    ),
    (
        HEADER + "2026-11-20T07:30:00Z,0,Jazz piano,read,,\n",
        "line 2: minutes 0 is not between 1 and 1440",
    ),
    (HEADER + "2026-11-20T07:30:00Z,45,Jazz piano\n", "line 2: 3 fields where the header has 6"),
    (
        HEADER + "2026-11-20T07:30:00Z,45,Jazz piano,nap,,\n",
        "line 2: unknown kind 'nap': use read, reflect or experiment",
    ),
    (
        HEADER + "2026-11-20T07:30:00Z,45,,read,,\n",
        "line 2: domain '': a domain name cannot be empty",
    ),
    ("\n  \n", "the file is empty"),
    (
        "\n\nstarted_at,minutes,domain\n",
        "line 3: the header has no kind column "
        "(expected started_at,minutes,domain,kind,note,with,area)",
    ),
    (
        HEADER + "20/11/2026 07:30,45,Jazz piano,read,,\n",
        "line 2: started_at '20/11/2026 07:30' is not an ISO 8601 time "
        "such as 2026-11-20T07:30:00Z",
    ),
    (
        HEADER + '2026-11-20T07:30:00Z,45,Jazz piano,read,"open,\n',
        "line 2: not valid CSV: unexpected end of data",
    ),
    (
        HEADER
        + '2026-11-20T07:30:00Z,45,Jazz piano,read,"three\nline\nnote",\n'
        + "2026-11-20T08:30:00Z,4x5,Jazz piano,read,,\n",
        "line 5: minutes '4x5' is not a whole number",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_CSV)
def test_a_malformed_csv_file_is_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        load_csv(text)
    assert str(refused.value) == message
