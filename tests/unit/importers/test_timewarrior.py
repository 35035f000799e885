"""``timew export`` files, written here in the documented format (newest interval has id 1)."""

import json
from datetime import UTC, datetime

import pytest

from polymath.core.errors import ImportFailed
from polymath.core.records import SessionRecord
from polymath.importers.timewarrior import load_timewarrior

EXPORT = """[
{"id":6,"start":"20261118T063000Z","end":"20261118T071500Z","tags":["piano","practice"]},
{"id":5,"start":"20261118T190000Z","end":"20261118T194500Z","tags":["Statistics"],\
"annotation":"Bayes chapter 3"},
{"id":4,"start":"20261119T063000Z","end":"20261119T070000Z",\
"tags":["journal","review","piano","late"],"annotation":"what the voicings taught me"},
{"id":3,"start":"20261119T120000Z","end":"20261119T121000Z"},
{"id":2,"start":"20261119T180000Z","end":"20261119T180020Z","tags":["piano"]},
{"id":1,"start":"20261120T073000Z","tags":["piano","experiment"]}
]
"""


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_an_export_becomes_sessions_and_says_what_it_left_out() -> None:
    result = load_timewarrior(EXPORT, domain_map={"piano": "Jazz piano", "journal": "Writing"})
    assert result.dataset.sessions == (
        SessionRecord(at(18, 6, 30), 45, "Jazz piano", "experiment"),
        SessionRecord(at(18, 19, 0), 45, "Statistics", "read", note="Bayes chapter 3"),
        SessionRecord(
            at(19, 6, 30),
            30,
            "Writing",
            "reflect",
            note="what the voicings taught me\ntags: piano, late",
        ),
    )
    assert result.skipped == 3
    assert result.warnings == (
        "skipped 1 interval still running",
        "skipped 1 interval with no tag naming a domain",
        "skipped 1 interval shorter than 30 seconds",
    )


def test_a_mapped_domain_tag_is_never_read_as_a_kind() -> None:
    text = json.dumps(
        [{"start": "20261118T063000Z", "end": "20261118T071500Z", "tags": ["Reading", "x"]}]
    )
    session = load_timewarrior(text, domain_map={"Reading": "Literature"}).dataset.sessions[0]
    assert (session.domain, session.kind) == ("Literature", "experiment")


def test_the_kind_map_and_the_default_kind_apply() -> None:
    text = json.dumps(
        [
            {"start": "20261118T063000Z", "end": "20261118T071500Z", "tags": ["piano", "gig"]},
            {"start": "20261118T080000Z", "end": "20261118T081500Z", "tags": ["piano"]},
        ]
    )
    result = load_timewarrior(text, kind_map={"gig": "experiment"}, default_kind="reflect")
    assert [s.kind for s in result.dataset.sessions] == ["experiment", "reflect"]


def test_what_timew_prints_when_nothing_is_tracked_is_an_empty_history() -> None:
    result = load_timewarrior("[\n]\n")
    assert (result.dataset.sessions, result.skipped, result.warnings) == ((), 0, ())


def interval(**fields: object) -> str:
    base = {"id": 1, "start": "20261118T063000Z", "end": "20261118T071500Z", "tags": ["piano"]}
    return json.dumps([base | fields])


BAD_EXPORTS = [
    ("", "the file is empty"),
    ("[{]", "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 3"),
    (
        '{"start": "20261118T063000Z"}',
        "not a Timewarrior export (expected the JSON list that timew export prints)",
    ),
    ('["piano"]', "interval 1: 'piano' is not a JSON object"),
    ('[{"end": "20261118T071500Z"}]', 'interval 1: no "start"'),
    (
        interval(start="2026-11-18T06:30:00Z"),
        "interval 1: start '2026-11-18T06:30:00Z' is not a time such as 20261120T073000Z",
    ),
    (interval(end="20261318T071500Z"), "interval 1: end '20261318T071500Z' is not a valid time"),
    (interval(end="20261118T060000Z"), "interval 1: end is before start"),
    (interval(tags="piano"), "interval 1: tags 'piano' is not a list of text"),
    (interval(tags=[""]), "interval 1: tag name is empty"),
    (interval(annotation=["a"]), 'interval 1: annotation ["a"] is not text'),
    (
        interval(end="20261119T063100Z"),
        "interval 1: lasts 1441 minutes, more than a day (1440)",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_EXPORTS)
def test_a_malformed_export_is_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        load_timewarrior(text)
    assert str(refused.value) == message


def test_the_bad_interval_is_named_by_its_place_in_the_file() -> None:
    text = EXPORT.replace('"20261119T120000Z","end":"20261119T121000Z"', '"tomorrow"')
    with pytest.raises(ImportFailed, match=r"^interval 4: start 'tomorrow' is not a time"):
        load_timewarrior(text)
