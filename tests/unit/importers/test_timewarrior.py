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
"tags":["journal","late","piano","review"],"annotation":"what the voicings taught me"},
{"id":3,"start":"20261119T120000Z","end":"20261119T121000Z"},
{"id":2,"start":"20261119T180000Z","end":"20261119T180020Z","tags":["piano"]},
{"id":1,"start":"20261120T073000Z","tags":["experiment","piano"]}
]
"""


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_an_export_becomes_sessions_and_says_what_it_left_out() -> None:
    result = load_timewarrior(EXPORT, domain_map={"piano": "Jazz piano"})
    assert result.dataset.sessions == (
        SessionRecord(at(18, 6, 30), 45, "Jazz piano", "experiment"),
        SessionRecord(at(18, 19, 0), 45, "Statistics", "read", note="Bayes chapter 3"),
        SessionRecord(
            at(19, 6, 30),
            30,
            "Jazz piano",
            "reflect",
            note="what the voicings taught me\ntags: journal, late",
        ),
    )
    assert result.skipped == 3
    assert result.warnings == (
        "skipped 1 interval still running",
        "skipped 1 interval with no tag naming a domain",
        "skipped 1 interval shorter than 30 seconds",
    )


def evenings(*tag_sets: list[str]) -> str:
    """Intervals of an hour, one a day, as timew export writes them: tags sorted."""
    return json.dumps(
        [
            {
                "id": len(tag_sets) - day,
                "start": f"202611{10 + day}T190000Z",
                "end": f"202611{10 + day}T200000Z",
                "tags": sorted(tags),
            }
            for day, tags in enumerate(tag_sets)
        ]
    )


MANDARIN = evenings(
    ["mandarin", "read", "evening"],
    ["mandarin", "read", "evening"],
    ["mandarin", "experiment", "evening"],
    ["mandarin"],
    ["late", "piano"],
)


def test_sorted_tags_never_put_a_session_in_a_domain_named_after_the_wrong_tag() -> None:
    """``mandarin read evening`` is kept as [evening, mandarin, read]: order says nothing."""
    result = load_timewarrior(MANDARIN)
    assert [(s.domain, s.kind) for s in result.dataset.sessions] == [("mandarin", "read")]
    assert result.skipped == 4
    assert result.warnings == (
        "skipped 4 intervals (4h) with several tags that could each name the domain: "
        "'evening' + 'mandarin' (3), 'late' + 'piano' (1); map the tag that names the domain",
    )


def test_a_tag_named_in_the_domain_map_names_the_domain() -> None:
    result = load_timewarrior(MANDARIN, domain_map={"Mandarin": "Mandarin", "piano": "Jazz piano"})
    assert [(s.domain, s.kind, s.note) for s in result.dataset.sessions] == [
        ("Mandarin", "read", "tags: evening"),
        ("Mandarin", "read", "tags: evening"),
        ("Mandarin", "experiment", "tags: evening"),
        ("Mandarin", "read", None),
        ("Jazz piano", "read", "tags: late"),
    ]
    assert (result.skipped, result.warnings) == (0, ())


def test_a_tag_mapped_to_a_kind_is_no_longer_a_candidate_for_the_domain() -> None:
    result = load_timewarrior(evenings(["evening", "mandarin"]), kind_map={"evening": "reflect"})
    assert [(s.domain, s.kind) for s in result.dataset.sessions] == [("mandarin", "reflect")]


def test_tags_mapped_to_two_different_domains_leave_the_interval_unclear() -> None:
    text = evenings(["mandarin", "piano"], ["mandarin", "Mandarin"])
    result = load_timewarrior(text, domain_map={"mandarin": "Mandarin", "piano": "Jazz piano"})
    assert [(s.domain, s.note) for s in result.dataset.sessions] == [("Mandarin", None)]
    assert result.warnings == (
        "skipped 1 interval (1h) with several tags that could each name the domain: "
        "'mandarin' + 'piano' (1); map the tag that names the domain",
    )


def test_the_warning_names_the_most_frequent_sets_of_unclear_tags_and_counts_the_rest() -> None:
    sets = (
        [["ant", "bee"]] * 3
        + [["cat", "dog"]] * 2
        + [["elk", "fox"], ["gnu", "hen"], ["owl", "yak"]]
    )
    (warning,) = load_timewarrior(evenings(*sets)).warnings
    assert warning == (
        "skipped 8 intervals (8h) with several tags that could each name the domain: "
        "'ant' + 'bee' (3), 'cat' + 'dog' (2), 'elk' + 'fox' (1) and 2 more sets; "
        "map the tag that names the domain"
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
    (interval(tags=[""]), "interval 1: tag '': a domain name cannot be empty"),
    (
        interval(tags=["\x1b[2J"]),
        "interval 1: tag '\\x1b[2J': a domain name cannot hold control characters "
        "or direction marks (U+001B)",
    ),
    (
        interval(tags=["\ud800piano"]),
        "interval 1: tag '\\ud800piano': a domain name cannot hold control characters "
        "or direction marks (U+D800)",
    ),
    (
        interval(annotation="x" * 1995, tags=["piano", "read", "reading"]),
        "interval 1: a note is at most 2,000 characters",
    ),
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


def test_escapes_in_an_annotation_or_a_leftover_tag_are_dropped_from_the_note() -> None:
    text = interval(annotation="\x1b[31mred\x1b[0m", tags=["piano", "\u202elate"])
    result = load_timewarrior(text, domain_map={"piano": "Jazz piano"})
    assert result.dataset.sessions[0].note == "[31mred[0m\ntags: late"


def test_two_spellings_of_one_name_are_one_domain_not_a_doubt() -> None:
    result = load_timewarrior(evenings(["Mandarin", "mandarin", "read"]))
    assert [(s.domain, s.note) for s in result.dataset.sessions] == [("Mandarin", None)]
