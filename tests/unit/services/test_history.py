"""The history summary never changes an answer: after any mix of check-ins, changes to old
sessions, undo, deletions and refreshes, minutes per day and per domain read through it are the
sums of the sessions themselves, under the midnight rule."""

import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polymath.core.spans import day_parts
from polymath.services import history
from polymath.store import direct
from polymath.store import history as summary

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
TODAY = date(2026, 11, 25)
FIRST = date(2024, 3, 1)
SPAN_DAYS = (TODAY - FIRST).days


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "template.db"
    conn = direct.connect(path)
    with direct.change(conn, "domains"):
        for n in range(3):
            conn.execute(
                "INSERT INTO domain (name, name_key, area, archived, created_at) "
                "VALUES (?, ?, NULL, 0, '2024-01-01 00:00:00.000000')",
                (f"d{n}", f"d{n}"),
            )
    conn.execute("DELETE FROM change")  # the domains stay: undo in a test reverts sessions
    conn.close()
    return path


def expected_days(conn: sqlite3.Connection, zone: ZoneInfo, until: date) -> dict[date, int]:
    totals: dict[date, int] = {}
    for started, minutes in conn.execute("SELECT started_at, minutes FROM learning_session"):
        for part in day_parts(direct.parse_stamp(started), minutes, zone):
            if part.day < until:
                totals[part.day] = totals.get(part.day, 0) + part.minutes
    return totals


def expected_domains(conn: sqlite3.Connection) -> dict[int, tuple[int, datetime]]:
    rows = conn.execute(
        "SELECT domain_id, sum(minutes), max(started_at) FROM learning_session GROUP BY domain_id"
    )
    return {d: (m, direct.parse_stamp(last)) for d, m, last in rows}


def start_of(offset_minutes: int) -> str:
    moment = datetime.combine(FIRST, datetime.min.time(), tzinfo=UTC)
    return direct.stamp(moment + timedelta(minutes=offset_minutes, seconds=offset_minutes % 59))


OPERATIONS = st.one_of(
    st.tuples(
        st.just("log"),
        st.integers(0, SPAN_DAYS * 1440),
        st.sampled_from((1, 30, 61, 600, 1440)),
        st.integers(1, 3),
    ),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(-3000, 3000)),
    st.tuples(st.just("resize"), st.integers(0, 50), st.sampled_from((5, 90, 1440))),
    st.tuples(st.just("domain"), st.integers(0, 50), st.integers(1, 3)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("refresh"), st.integers(0, 60), st.sampled_from(("Berlin", "Tokyo"))),
)


def apply(conn: sqlite3.Connection, operation: tuple) -> None:
    kind = operation[0]
    ids = [row[0] for row in conn.execute("SELECT id FROM learning_session ORDER BY id")]
    if kind == "refresh":
        zone = BERLIN if operation[2] == "Berlin" else TOKYO
        history.refresh(conn, zone, TODAY - timedelta(days=operation[1]))
        return
    if kind == "undo":
        if conn.execute("SELECT 1 FROM change").fetchone():
            direct.undo_last(conn)
        return
    if kind != "log" and not ids:
        return
    with direct.change(conn, kind):
        if kind == "log":
            _, offset, minutes, domain = operation
            conn.execute(
                "INSERT INTO learning_session (domain_id, started_at, minutes, kind, note, "
                "created_at) VALUES (?, ?, ?, 'read', NULL, ?)",
                (domain, start_of(offset), minutes, start_of(offset)),
            )
            return
        target = ids[operation[1] % len(ids)]
        if kind == "move":
            (started,) = conn.execute(
                "SELECT started_at FROM learning_session WHERE id = ?", (target,)
            ).fetchone()
            moved = direct.parse_stamp(started) + timedelta(minutes=operation[2])
            conn.execute(
                "UPDATE learning_session SET started_at = ? WHERE id = ?",
                (direct.stamp(moved), target),
            )
        elif kind == "resize":
            conn.execute(
                "UPDATE learning_session SET minutes = ? WHERE id = ?", (operation[2], target)
            )
        elif kind == "domain":
            conn.execute(
                "UPDATE learning_session SET domain_id = ? WHERE id = ?", (operation[2], target)
            )
        else:
            conn.execute("DELETE FROM learning_session WHERE id = ?", (target,))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(OPERATIONS, min_size=1, max_size=40), st.sampled_from((BERLIN, TOKYO)))
def test_the_summary_never_changes_an_answer(
    template: Path, tmp_path: Path, operations: list[tuple], zone: ZoneInfo
) -> None:
    path = tmp_path / f"h{abs(hash((tuple(operations), str(zone))))}.db"
    shutil.copyfile(template, path)
    conn = direct.connect(path)
    try:
        for operation in operations:
            apply(conn, operation)
            for until in (TODAY + timedelta(days=1), TODAY - timedelta(days=40), FIRST):
                assert history.day_minutes(conn, zone, until) == expected_days(conn, zone, until)
            assert history.domain_totals(conn) == expected_domains(conn)
    finally:
        conn.close()
        path.unlink()


def test_week_minutes_are_the_days_summed_by_week(template: Path, tmp_path: Path) -> None:
    path = tmp_path / "weeks.db"
    shutil.copyfile(template, path)
    conn = direct.connect(path)
    for offset in range(0, SPAN_DAYS * 1440, 977 * 7):
        apply(conn, ("log", offset, 600, 1))
    history.refresh(conn, BERLIN, TODAY)
    until = TODAY + timedelta(days=1)
    for week_start in range(7):
        weeks = history.week_minutes(conn, BERLIN, week_start, until)
        expected: dict[date, int] = {}
        for day, minutes in expected_days(conn, BERLIN, until).items():
            start = day - timedelta(days=(day.weekday() - week_start) % 7)
            expected[start] = expected.get(start, 0) + minutes
        assert weeks == expected
        assert all(start.weekday() == week_start for start in weeks)
    conn.close()


def test_a_refresh_seals_two_weeks_back_and_reads_stay_small(
    template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "seal.db"
    shutil.copyfile(template, path)
    conn = direct.connect(path)
    for offset in range(0, SPAN_DAYS * 1440, 1500):
        apply(conn, ("log", offset, 30, 2))
    history.refresh(conn, BERLIN, TODAY)
    seal = summary.seal(conn)
    assert seal is not None and seal.zone == "Europe/Berlin"
    assert date.fromordinal(seal.day) == TODAY - timedelta(days=history.SEAL_LAG)
    # a session logged today leaves the seal; one in older history removes it
    apply(conn, ("log", SPAN_DAYS * 1440 - 60, 30, 1))
    assert summary.seal(conn) is not None
    apply(conn, ("log", 1440 * 30, 30, 1))
    assert summary.seal(conn) is None
    # the next refresh rebuilds it; a week later nothing is done, a month later it moves up
    history.refresh(conn, BERLIN, TODAY)
    assert summary.seal(conn) is not None
    history.refresh(conn, BERLIN, TODAY + timedelta(days=7))
    assert sealed_day(conn) == TODAY - timedelta(days=14)
    history.refresh(conn, BERLIN, TODAY + timedelta(days=30))
    assert sealed_day(conn) == TODAY + timedelta(days=16)
    later = TODAY + timedelta(days=31)
    assert history.day_minutes(conn, BERLIN, later) == expected_days(conn, BERLIN, later)
    assert history.domain_totals(conn) == expected_domains(conn)
    conn.close()


def sealed_day(conn: sqlite3.Connection) -> date:
    seal = summary.seal(conn)
    assert seal is not None
    return date.fromordinal(seal.day)


def test_nothing_is_kept_for_a_zone_without_a_name(template: Path, tmp_path: Path) -> None:
    path = tmp_path / "local.db"
    shutil.copyfile(template, path)
    conn = direct.connect(path)
    with open("/usr/share/zoneinfo/Europe/Berlin", "rb") as handle:
        local = ZoneInfo.from_file(handle, key="localtime")
    apply(conn, ("log", 1440 * 3, 30, 1))
    history.refresh(conn, local, TODAY)
    assert summary.seal(conn) is None
    assert history.day_minutes(conn, local, TODAY) == expected_days(conn, local, TODAY)
    conn.close()


def test_the_summary_is_not_a_change_undo_can_revert(template: Path, tmp_path: Path) -> None:
    path = tmp_path / "undo.db"
    shutil.copyfile(template, path)
    conn = direct.connect(path)
    apply(conn, ("log", 1440 * 3, 30, 1))
    changes = conn.execute("SELECT count(*) FROM change").fetchone()[0]
    history.refresh(conn, BERLIN, TODAY)
    assert conn.execute("SELECT count(*) FROM change").fetchone()[0] == changes
    assert direct.undo_last(conn) == "log"
    assert conn.execute("SELECT count(*) FROM learning_session").fetchone()[0] == 0
    assert history.day_minutes(conn, BERLIN, TODAY) == {}
    conn.close()
