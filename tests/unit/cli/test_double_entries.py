"""The same session logged twice is refused; one that overlaps another is logged and named."""

from pathlib import Path

from polymath.config import load_settings
from polymath.services.context import Context
from tests.conftest import FixedClock
from tests.unit.cli.support import Run, assert_one_line_error, snapshot


def test_an_exact_duplicate_is_refused_and_again_insists(cli: Run, db: Path) -> None:
    first = cli("log", "30m", "Jazz piano", "--create", "--at", "07:30")
    assert first.code == 0, first
    before = snapshot(db)
    line = assert_one_line_error(cli("log", "30m", "jazz piano", "--at", "07:30"))
    assert line == (
        "polymath: 30m in Jazz piano from Wed 25 Nov 07:30 is logged already (#1); "
        "to log it once more all the same, add --again"
    )
    assert snapshot(db) == before
    again = cli("log", "30m", "Jazz piano", "--at", "07:30", "--again", "--json")
    assert again.code == 0, again
    assert again.json()["logged"]["id"] == 2
    assert [o["id"] for o in again.json()["logged"]["overlaps"]] == [1]


def test_eleven_sessions_at_the_same_minute_are_one(cli: Run) -> None:
    codes = [cli("log", "20m", "Chess", "--create", "--at", "09:00").code for _ in range(11)]
    assert codes == [0] + [2] * 10
    assert len(cli("sessions", "--json").json()) == 1


def test_a_duplicate_logged_as_it_ends_a_few_seconds_later_is_refused(
    cli: Run, clock: FixedClock
) -> None:
    cli("log", "45m", "Jazz piano", "--create")
    clock.advance(seconds=20)
    assert "logged already (#1)" in assert_one_line_error(cli("log", "45m", "Jazz piano"))


def test_not_a_duplicate_when_domain_length_or_minute_differ(cli: Run) -> None:
    cli("log", "30m", "Jazz piano", "--create", "--at", "07:30")
    assert cli("log", "30m", "Statistics", "--create", "--at", "07:30").code == 0
    assert cli("log", "31m", "Jazz piano", "--at", "07:30").code == 0
    assert cli("log", "30m", "Jazz piano", "--at", "07:31").code == 0
    assert cli("log", "30m", "Jazz piano", "--at", "07:30", "--on", "yesterday").code == 0


def test_an_overlap_is_logged_with_a_warning(cli: Run) -> None:
    cli("log", "1h", "Jazz piano", "--create", "--at", "18:00")
    result = cli("log", "45m", "Statistics", "--create", "--at", "18:30")
    assert result.code == 0, result
    assert result.lines[0].endswith("[overlaps #1 Jazz piano 18:00-19:00 by 30m]")
    after = cli("log", "30m", "Statistics", "--at", "19:00")  # touches #1, overlaps #2
    assert after.lines[0].endswith("[overlaps #2 Statistics 18:30-19:15 by 15m]")
    apart = cli("log", "20m", "Statistics", "--at", "19:30")
    assert "overlaps" not in apart.out
    yesterday = cli("log", "1h", "Law", "--create", "--on", "yesterday", "--at", "23:30")
    assert "overlaps" not in yesterday.out
    crossing = cli("log", "2h", "Law", "--on", "yesterday", "--at", "22:45")
    assert "[overlaps #5 Law 23:30-00:30 by 1h]" in crossing.out


def test_a_timer_stopped_over_a_logged_session_says_so(cli: Run, clock: FixedClock) -> None:
    cli("start", "Jazz piano", "--create")
    clock.advance(minutes=40)
    assert cli("log", "20m", "Statistics", "--create", "--at", "20:05").code == 0
    result = cli("stop", "--json")
    assert result.json()["logged"]["overlaps"] == [
        {
            "id": 1,
            "domain": "Statistics",
            "started_at": "2026-11-25T20:05:00+01:00",
            "minutes": 20,
            "shared_minutes": 20,
        }
    ]


def test_the_doctors_service_lists_every_overlap(cli: Run, clock: FixedClock, db: Path) -> None:
    for args in (
        ("1h", "Jazz piano", "--create", "--at", "18:00"),
        ("45m", "Statistics", "--create", "--at", "18:30"),
        ("1h", "Jazz piano", "--at", "18:00", "--again"),
        ("10m", "Law", "--create", "--at", "19:30"),
    ):
        assert cli("log", *args).code == 0
    from polymath.services.sessions import find_overlaps

    overlaps = find_overlaps(Context(db, load_settings(), clock=clock))
    assert [(o.first.id, o.second.id, o.shared_minutes) for o in overlaps] == [
        (1, 3, 60),
        (1, 2, 30),
        (3, 2, 30),
    ]
    assert overlaps[0].first.domain == "Jazz piano"
    assert overlaps[1].to_dict()["shared_minutes"] == 30
    assert overlaps[1].second.to_dict()["started_at"] == "2026-11-25T18:30:00+01:00"


def test_a_long_session_that_began_hours_before_is_named_too(cli: Run) -> None:
    cli("log", "5h", "Jazz piano", "--create", "--at", "13:00")  # until 18:00
    result = cli("log", "30m", "Statistics", "--create", "--at", "17:40")
    assert result.lines[0].endswith("[overlaps #1 Jazz piano 13:00-18:00 by 20m]")
    assert "overlaps" not in cli("log", "30m", "Statistics", "--at", "18:10").out
