"""Our own JSON file: the documented shape reads as records, the stack comes along, a bad or
hostile file is refused in one line that says where, and a large one is read a record at a time."""

import io
import json
import re
from datetime import UTC, date, datetime

import pytest

from polymath.core.errors import ImportFailed
from polymath.core.records import (
    AssessmentRecord,
    Dataset,
    DomainRecord,
    RestWeekRecord,
    SessionRecord,
    StackRecord,
)
from polymath.importers import Source
from polymath.importers.native import dump_json, load_json

EXAMPLE = """
{"format": "polymath", "version": 1,
 "domains": [{"name": "Jazz piano", "area": "Fine Arts", "archived": false},
             {"name": "Statistics"}, {"name": "Spanish", "area": "Foreign Language"}],
 "sessions": [{"started_at": "2026-11-20T07:30:00Z", "minutes": 45, "domain": "Jazz piano",
               "kind": "experiment", "note": "ii-V-I voicings", "with": ["Statistics"]}],
 "assessments": [{"domain": "Jazz piano", "level": 3, "on": "2026-01-05", "note": null}],
 "rest_weeks": [{"week": "2026-W52", "note": "holiday"}],
 "stack": {"members": ["Jazz piano", "Statistics", "Spanish"], "target_level": 4}}
"""
SESSION = SessionRecord(datetime(2026, 11, 20, 7, 30, tzinfo=UTC), 45, "Jazz piano", "read")


def session_json(**fields: object) -> str:
    """A one-session file whose session has ``fields`` over a valid one."""
    session = {"started_at": "2026-11-20T07:30:00Z", "minutes": 45, "domain": "Jazz piano"}
    session |= {"kind": "read", **fields}
    return json.dumps({"format": "polymath", "version": 1, "sessions": [session]})


def document_json(**lists: object) -> str:
    return json.dumps({"format": "polymath", "version": 1, **lists})


THREE = [{"name": "A"}, {"name": "B"}, {"name": "C"}]


# --- writing ----------------------------------------------------------------------------------


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


def test_the_adopted_stack_is_written_and_read_back() -> None:
    dataset = load_json(EXAMPLE).dataset
    document = json.loads(dump_json(dataset))
    assert document["stack"] == {
        "members": ["Jazz piano", "Statistics", "Spanish"],
        "target_level": 4,
    }
    assert load_json(dump_json(dataset)).dataset == dataset


def test_a_history_without_a_stack_says_so() -> None:
    assert json.loads(dump_json(Dataset()))["stack"] is None
    assert load_json(dump_json(Dataset())).dataset.stack is None


# --- reading ----------------------------------------------------------------------------------


def test_the_documented_example_reads_as_records() -> None:
    dataset = load_json(EXAMPLE).dataset
    assert dataset == Dataset(
        domains=(
            DomainRecord("Jazz piano", "Fine Arts", False),
            DomainRecord("Statistics"),
            DomainRecord("Spanish", "Foreign Language"),
        ),
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
        stack=StackRecord(("Jazz piano", "Statistics", "Spanish"), 4),
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


def test_an_unknown_top_level_key_is_reported_not_fatal() -> None:
    text = document_json(sesions=[])
    assert load_json(text).warnings == ("ignored unknown key 'sesions'",)


def test_an_empty_note_is_no_note() -> None:
    assert load_json(session_json(note="")).dataset.sessions[0].note is None


def test_a_year_with_53_iso_weeks_accepts_w53() -> None:
    rest = load_json(document_json(rest_weeks=[{"week": "2026-W53"}])).dataset.rest_weeks
    assert rest == (RestWeekRecord("2026-W53"),)


def test_keys_may_come_in_any_order_as_jq_sort_keys_writes_them() -> None:
    sorted_text = json.dumps(json.loads(EXAMPLE), sort_keys=True)
    assert sorted_text.index('"format"') > sorted_text.index('"domains"')
    assert load_json(sorted_text).dataset == load_json(EXAMPLE).dataset


def test_a_stack_without_a_target_level_aims_at_competent() -> None:
    text = document_json(domains=THREE, stack={"members": ["A", "b", "C"]})
    assert load_json(text).dataset.stack == StackRecord(("A", "b", "C"), 3)


def test_a_stack_member_may_be_a_domain_only_a_session_names() -> None:
    session = {"started_at": "2026-11-20T07:30:00Z", "minutes": 45, "domain": "D", "kind": "r"}
    text = document_json(domains=THREE[:2], sessions=[session], stack={"members": ["A", "B", "D"]})
    assert load_json(text).dataset.stack == StackRecord(("A", "B", "D"), 3)


def test_a_large_file_read_from_disk_a_piece_at_a_time_gives_the_same_history() -> None:
    sessions = tuple(
        SessionRecord(
            datetime(2020, 1, 1, tzinfo=UTC).replace(hour=hour % 24, minute=hour % 60),
            1 + hour % 90,
            f"domain {hour % 7}",
            "reflect",
            f"note {hour}" if hour % 3 else None,
        )
        for hour in range(3_000)
    )
    text = dump_json(Dataset(sessions=sessions))
    stream = Source(io.BytesIO(text.encode("utf-8")), "big.json", chunk=1_000)
    assert load_json(stream).dataset.sessions == sessions


def test_notes_drop_control_characters_surrogates_and_direction_marks() -> None:
    note = "\x1b[31mred\x1b[0m \u202eevil \ud800 ok\rline\x07"
    for text in (session_json(note=note), json.dumps(json.loads(session_json(note=note)))):
        assert load_json(text).dataset.sessions[0].note == "[31mred[0m evil  ok\nline"


HOSTILE_NAMES = [
    ("\ud800", "U+D800"),
    ("Jazz\x1b[2Jpiano", "U+001B"),
    ("\u202eonaip", "U+202E"),
    ("bell\x07", "U+0007"),
]


@pytest.mark.parametrize(("name", "code"), HOSTILE_NAMES)
@pytest.mark.parametrize(
    ("build", "where"),
    [
        (lambda name: session_json(domain=name), "session 1: domain"),
        (lambda name: session_json(**{"with": ["A", name]}), "session 1: with domain"),
        (lambda name: document_json(domains=[{"name": "A"}, {"name": name}]), "domain 2: domain"),
        (
            lambda name: document_json(domains=[{"name": "A", "area": name}]),
            "domain 1: area",
        ),
        (
            lambda name: document_json(
                assessments=[{"domain": name, "level": 2, "on": "2026-01-05"}]
            ),
            "assessment 1: domain",
        ),
        (
            lambda name: document_json(domains=THREE, stack={"members": ["A", "B", name]}),
            "stack: member",
        ),
    ],
)
def test_a_name_holding_what_a_terminal_obeys_is_refused_where_it_is(
    build: object, where: str, name: str, code: str
) -> None:
    for ascii_only in (True, False):
        text = json.dumps(json.loads(build(name)), ensure_ascii=ascii_only)  # type: ignore[operator]
        with pytest.raises(ImportFailed) as refused:
            load_json(text)
        message = str(refused.value)
        assert message.startswith(f"{where} ")
        assert message.endswith(
            f": a domain name cannot hold control characters or direction marks ({code})"
        )
        assert "\x1b" not in message and "\ud800" not in message and "\u202e" not in message


def test_a_note_is_held_to_the_limit_the_command_line_uses() -> None:
    assert load_json(session_json(note="x" * 2000)).dataset.sessions[0].note == "x" * 2000
    for note in ("x" * 2001, "é" * 2001, "x" * 45_000_000):
        with pytest.raises(ImportFailed) as refused:
            load_json(session_json(note=note))
        assert str(refused.value) == "session 1: a note is at most 2,000 characters"


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
    (session_json(domain=" "), "session 1: domain ' ': a domain name cannot be empty"),
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
    (session_json(**{"with": [""]}), "session 1: with domain '': a domain name cannot be empty"),
    (session_json(note=5), "session 1: note 5 is not text"),
    (
        document_json(domains=[{"name": "Jazz piano"}, {"name": "jazz  Piano"}]),
        "domain 2: 'jazz Piano' is listed twice",
    ),
    (
        '{"format": "polymath", "version": 1, "format": "polymath"}',
        "the key 'format' is given twice",
    ),
    ('{"format": "polymath", "version": 1} []', "not valid JSON: Extra data at line 1 column 38"),
    (
        '{"format": "polymath", "version": 1, "sessions": [}',
        "not valid JSON: Expecting value at line 1 column 51",
    ),
    (document_json(stack=["A", "B", "C"]), 'stack: ["A", "B", "C"] is not a JSON object'),
    (
        document_json(domains=THREE, stack={"members": ["A", "B"]}),
        'stack: members ["A", "B"] is not a list of three domains',
    ),
    (
        document_json(domains=THREE, stack={"members": ["A", "B", "a"]}),
        "stack: a stack has three different domains",
    ),
    (
        document_json(domains=THREE, stack={"members": ["A", "B", "Z"]}),
        "stack: 'Z' is not a domain of the file",
    ),
    (
        document_json(domains=THREE, stack={"members": ["A", "B", "C"], "target_level": 6}),
        "stack: level 6 is not a whole number from 1 to 5",
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
    assert re.fullmatch(r"session 1: domain 'x+…: a domain name is at most 200 characters", message)
    assert "x" * 100 not in message


def test_a_200_character_domain_name_is_accepted() -> None:
    assert load_json(session_json(domain="x" * 200)).dataset.sessions[0].domain == "x" * 200


def test_a_domain_name_is_stored_with_its_spaces_collapsed() -> None:
    assert load_json(session_json(domain="  Jazz \t piano ")).dataset.sessions[0].domain == (
        "Jazz piano"
    )


def test_bad_json_after_many_good_records_is_placed_where_json_loads_places_it() -> None:
    good = {"started_at": "2026-11-20T07:30:00Z", "minutes": 45, "domain": "A", "kind": "read"}
    document = {"format": "polymath", "version": 1, "sessions": [good] * 2_000}
    text = json.dumps(document, indent=1).replace("\n ]", "\n ], ")
    with pytest.raises(json.JSONDecodeError) as standard:
        json.loads(text)
    for piece in (7, 97, 4096):
        stream = Source(io.BytesIO(text.encode()), "f.json", chunk=piece)
        with pytest.raises(ImportFailed) as refused:
            load_json(stream)
        assert str(refused.value) == (
            f"not valid JSON: {standard.value.msg} "
            f"at line {standard.value.lineno} column {standard.value.colno}"
        )
    assert standard.value.lineno > 10_000
