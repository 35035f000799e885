"""Our own JSON and CSV files: an export reads back as the same history, a bad file is named."""

import json
import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.kinds import KINDS
from polymath.core.records import (
    AssessmentRecord,
    Dataset,
    DomainRecord,
    RestWeekRecord,
    SessionRecord,
)
from polymath.importers.native import dump_csv, dump_json, load_csv, load_json

EXAMPLE = """
{"format": "polymath", "version": 1,
 "domains": [{"name": "Jazz piano", "area": "Fine Arts", "archived": false}],
 "sessions": [{"started_at": "2026-11-20T07:30:00Z", "minutes": 45, "domain": "Jazz piano",
               "kind": "experiment", "note": "ii-V-I voicings", "with": ["Statistics"]}],
 "assessments": [{"domain": "Jazz piano", "level": 3, "on": "2026-01-05", "note": null}],
 "rest_weeks": [{"week": "2026-W52", "note": "holiday"}]}
"""
HEADER = "started_at,minutes,domain,kind,note,with\n"

domain_names = (
    st.text(min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda name: bool(name) and ";" not in name)
)
notes = st.none() | st.text(min_size=1, max_size=200)
utc_seconds = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
sessions = st.builds(
    SessionRecord,
    started_at=utc_seconds,
    minutes=st.integers(1, 1440),
    domain=domain_names,
    kind=st.sampled_from(KINDS),
    note=notes,
    with_domains=st.lists(domain_names, max_size=3).map(tuple),
)
domains = st.builds(
    DomainRecord, name=domain_names, area=st.none() | st.text(min_size=1), archived=st.booleans()
)
assessments = st.builds(
    AssessmentRecord,
    domain=domain_names,
    level=st.integers(1, 5),
    assessed_on=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
    note=notes,
)
week_labels = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)).map(
    lambda day: f"{day.isocalendar().year:04d}-W{day.isocalendar().week:02d}"
)
datasets = st.builds(
    Dataset,
    domains=st.lists(domains, max_size=4, unique_by=lambda domain: domain.name).map(tuple),
    sessions=st.lists(sessions, max_size=6).map(tuple),
    assessments=st.lists(assessments, max_size=3).map(tuple),
    rest_weeks=st.lists(
        st.builds(RestWeekRecord, week=week_labels, note=notes),
        max_size=3,
        unique_by=lambda rest: rest.week,
    ).map(tuple),
)


def session_json(**fields: object) -> str:
    """A one-session file whose session has ``fields`` over a valid one."""
    session = {"started_at": "2026-11-20T07:30:00Z", "minutes": 45, "domain": "Jazz piano"}
    session |= {"kind": "read", **fields}
    return json.dumps({"format": "polymath", "version": 1, "sessions": [session]})


def document_json(**lists: object) -> str:
    return json.dumps({"format": "polymath", "version": 1, **lists})


# --- round trips ------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(datasets)
def test_json_export_reads_back_as_the_same_history(dataset: Dataset) -> None:
    result = load_json(dump_json(dataset))
    assert result.dataset == dataset
    assert (result.skipped, result.warnings) == (0, ())


@settings(max_examples=50, deadline=None)
@given(st.lists(sessions, max_size=6))
def test_csv_export_reads_back_as_the_same_sessions(records: list[SessionRecord]) -> None:
    result = load_csv(dump_csv(records))
    assert result.dataset == Dataset(sessions=tuple(records))


def test_csv_keeps_commas_quotes_newlines_and_unicode_in_notes() -> None:
    note = 'Chopin, "Nocturne" op. 9\r\nthen\rscales\n— 練習 🎹,'
    record = SessionRecord(
        started_at=datetime(2026, 11, 20, 7, 30, tzinfo=UTC),
        minutes=45,
        domain="Jazz piano",
        kind="experiment",
        note=note,
        with_domains=("Statistics", "Música"),
    )
    text = dump_csv([record])
    assert text.startswith(HEADER.replace("\n", "\r\n"))
    assert "Statistics; Música" in text
    assert load_csv(text).dataset.sessions == (record,)


def test_json_keeps_a_domain_with_a_semicolon_that_csv_refuses() -> None:
    record = SessionRecord(
        started_at=datetime(2026, 11, 20, 7, 30, tzinfo=UTC),
        minutes=45,
        domain="Jazz piano",
        kind="read",
        with_domains=("Rock; roll",),
    )
    assert load_json(dump_json(Dataset(sessions=(record,)))).dataset.sessions == (record,)
    with pytest.raises(InvalidInput, match="export JSON instead"):
        dump_csv([record])


def test_json_writes_times_in_utc_with_z_to_the_second() -> None:
    record = SessionRecord(
        started_at=datetime(2026, 11, 20, 7, 30, 5, 999, tzinfo=UTC),
        minutes=45,
        domain="Jazz piano",
        kind="read",
    )
    assert '"started_at": "2026-11-20T07:30:05Z"' in dump_json(Dataset(sessions=(record,)))


def test_dumping_a_naive_time_is_a_programming_error() -> None:
    record = SessionRecord(
        started_at=datetime(2026, 11, 20, 7, 30), minutes=45, domain="Jazz piano", kind="read"
    )
    with pytest.raises(ValueError, match="no time zone"):
        dump_json(Dataset(sessions=(record,)))


# --- reading ----------------------------------------------------------------------------------


def test_the_documented_example_reads_as_records() -> None:
    dataset = load_json(EXAMPLE).dataset
    assert dataset == Dataset(
        domains=(DomainRecord("Jazz piano", "Fine Arts", False),),
        sessions=(
            SessionRecord(
                started_at=datetime(2026, 11, 20, 7, 30, tzinfo=UTC),
                minutes=45,
                domain="Jazz piano",
                kind="experiment",
                note="ii-V-I voicings",
                with_domains=("Statistics",),
            ),
        ),
        assessments=(AssessmentRecord("Jazz piano", 3, date(2026, 1, 5)),),
        rest_weeks=(RestWeekRecord("2026-W52", "holiday"),),
    )


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("2026-11-20T07:30:00Z", datetime(2026, 11, 20, 7, 30, tzinfo=UTC)),
        ("2026-11-20T07:30:00+00:00", datetime(2026, 11, 20, 7, 30, tzinfo=UTC)),
        ("2026-11-20T08:30:00+01:00", datetime(2026, 11, 20, 7, 30, tzinfo=UTC)),
        ("2026-11-19T23:30:00-08:00", datetime(2026, 11, 20, 7, 30, tzinfo=UTC)),
        ("2026-11-20T07:30:00.75Z", datetime(2026, 11, 20, 7, 30, tzinfo=UTC)),
    ],
)
def test_times_with_any_offset_are_read_as_utc(written: str, utc: datetime) -> None:
    started_at = load_json(session_json(started_at=written)).dataset.sessions[0].started_at
    assert started_at == utc
    assert started_at.tzinfo is UTC


def test_sessions_may_name_domains_the_file_does_not_list() -> None:
    dataset = load_json(session_json(domain="Statistics")).dataset
    assert dataset.domains == ()
    assert dataset.sessions[0].domain == "Statistics"


def test_kinds_are_stored_in_their_canonical_spelling() -> None:
    assert load_json(session_json(kind="Practice")).dataset.sessions[0].kind == "experiment"


def test_a_byte_order_mark_is_ignored() -> None:
    assert load_json("\ufeff" + EXAMPLE).dataset == load_json(EXAMPLE).dataset
    csv_text = "\ufeff" + HEADER + "2026-11-20T07:30:00Z,45,Jazz piano,read,,\n"
    assert len(load_csv(csv_text).dataset.sessions) == 1


def test_an_unknown_top_level_key_is_reported_not_fatal() -> None:
    text = document_json(sesions=[])
    assert load_json(text).warnings == ("ignored unknown key 'sesions'",)


def test_an_empty_note_is_no_note() -> None:
    assert load_json(session_json(note="")).dataset.sessions[0].note is None


def test_a_year_with_53_iso_weeks_accepts_w53() -> None:
    rest = load_json(document_json(rest_weeks=[{"week": "2026-W53"}])).dataset.rest_weeks
    assert rest == (RestWeekRecord("2026-W53"),)


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

BAD_JSON = [
    ("", "the file is empty"),
    ("  \n\t", "the file is empty"),
    ("\ufeff", "the file is empty"),
    ("nope", "not valid JSON: Expecting value at line 1 column 1"),
    ("{", "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
    ('{"a": ' + "1" * 5000 + "}", "not valid JSON: a number has too many digits"),
    ("[" * 100_000, "not valid JSON: nested too deeply"),
    ("[]", 'not a Polymath JSON file (no "format": "polymath")'),
    ('{"format": "toggl"}', 'not a Polymath JSON file (no "format": "polymath")'),
    ('{"format": "polymath"}', 'not a Polymath JSON file (no "version")'),
    ('{"format": "polymath", "version": "1"}', "unknown Polymath JSON version '1'"),
    (
        '{"format": "polymath", "version": 2}',
        "written by a newer Polymath (version 2); this one reads version 1: upgrade Polymath",
    ),
    (document_json(sessions={}), '"sessions" is not a list'),
    (document_json(sessions=[1]), "session 1: 1 is not a JSON object"),
    (
        document_json(sessions=[{"minutes": 45, "domain": "Jazz piano", "kind": "read"}]),
        'session 1: no "started_at"',
    ),
    (session_json(minutes="abc"), "session 1: minutes 'abc' is not a whole number"),
    (session_json(minutes=45.5), "session 1: minutes 45.5 is not a whole number"),
    (session_json(minutes=True), "session 1: minutes true is not a whole number"),
    (session_json(minutes=0), "session 1: minutes 0 is not between 1 and 1440"),
    (session_json(minutes=1441), "session 1: minutes 1441 is not between 1 and 1440"),
    (session_json(kind="nap"), "session 1: unknown kind 'nap': use read, reflect or experiment"),
    (session_json(kind="re"), "session 1: unknown kind 're': use read, reflect or experiment"),
    (session_json(kind=None), "session 1: kind null is not text"),
    (session_json(domain=" "), "session 1: domain name is empty"),
    (session_json(domain=5), "session 1: domain 5 is not text"),
    (
        session_json(started_at="2026-11-20T07:30:00"),
        "session 1: started_at '2026-11-20T07:30:00' has no time zone (add Z for UTC)",
    ),
    (
        session_json(started_at="yesterday"),
        "session 1: started_at 'yesterday' is not an ISO 8601 time such as 2026-11-20T07:30:00Z",
    ),
    (
        session_json(started_at="2026-02-30T07:30:00Z"),
        "session 1: started_at '2026-02-30T07:30:00Z' is not an ISO 8601 time such as "
        "2026-11-20T07:30:00Z",
    ),
    (
        session_json(**{"with": "Statistics"}),
        "session 1: with 'Statistics' is not a list of domains",
    ),
    (session_json(**{"with": [""]}), "session 1: with domain name is empty"),
    (session_json(note=5), "session 1: note 5 is not text"),
    (
        document_json(domains=[{"name": "Jazz piano"}, {"name": "Jazz piano"}]),
        "domain 2: 'Jazz piano' is listed twice",
    ),
    (document_json(domains=[{"area": "Fine Arts"}]), 'domain 1: no "name"'),
    (
        document_json(domains=[{"name": "Jazz piano", "archived": "no"}]),
        "domain 1: archived 'no' is not true or false",
    ),
    (
        document_json(assessments=[{"domain": "Jazz piano", "level": 6, "on": "2026-01-05"}]),
        "assessment 1: level 6 is not a whole number from 1 to 5",
    ),
    (
        document_json(assessments=[{"domain": "Jazz piano", "level": "3", "on": "2026-01-05"}]),
        "assessment 1: level '3' is not a whole number from 1 to 5",
    ),
    (
        document_json(assessments=[{"domain": "Jazz piano", "level": 3, "on": "2026-02-30"}]),
        "assessment 1: on '2026-02-30' is not a valid date",
    ),
    (
        document_json(assessments=[{"domain": "Jazz piano", "level": 3, "on": "05/01/2026"}]),
        "assessment 1: on '05/01/2026' is not a date such as 2026-01-05",
    ),
    (
        document_json(rest_weeks=[{"week": "2027-W53"}]),
        "rest week 1: week '2027-W53' does not exist (2027 has 52 weeks)",
    ),
    (
        document_json(rest_weeks=[{"week": "2026-W00"}]),
        "rest week 1: week '2026-W00' does not exist (2026 has 53 weeks)",
    ),
    (
        document_json(rest_weeks=[{"week": "2026W52"}]),
        "rest week 1: week '2026W52' is not an ISO week such as 2026-W52",
    ),
    (
        document_json(rest_weeks=[{"week": "2026-W52"}, {"week": "2026-W52"}]),
        "rest week 2: '2026-W52' is listed twice",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_JSON)
def test_a_malformed_json_file_is_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        load_json(text)
    assert str(refused.value) == message


def test_the_second_bad_session_is_named_as_the_second() -> None:
    good = {"started_at": "2026-11-20T07:30:00Z", "minutes": 45, "domain": "A", "kind": "read"}
    text = document_json(sessions=[good, good | {"minutes": -5}])
    with pytest.raises(ImportFailed, match=r"^session 2: minutes -5 is not between 1 and 1440$"):
        load_json(text)


def test_a_too_long_domain_name_is_refused_and_quoted_short() -> None:
    with pytest.raises(ImportFailed) as refused:
        load_json(session_json(domain="x" * 201))
    message = str(refused.value)
    assert re.fullmatch(
        r"session 1: domain name 'x+… is 201 characters long \(at most 200\)", message
    )
    assert "x" * 100 not in message


def test_a_200_character_domain_name_is_accepted() -> None:
    assert load_json(session_json(domain="x" * 200)).dataset.sessions[0].domain == "x" * 200


BAD_CSV = [
    ("", "the file is empty"),
    (
        "started_at,minutes,domain\n",
        "line 1: the header has no kind column (expected started_at,minutes,domain,kind,note,with)",
    ),
    (
        "2026-11-20T07:30:00Z,45,Jazz piano,read,,\n",
        "line 1: the header has no started_at column "
        "(expected started_at,minutes,domain,kind,note,with)",
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
    (HEADER + "2026-11-20T07:30:00Z,45,,read,,\n", "line 2: domain name is empty"),
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
