"""The check-in fast path (sqlite3) and the SQLModel path read and write the very same rows."""

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from polymath.config import Settings
from polymath.core.calendar import day_bounds_utc, week_of
from polymath.core.records import (
    AssessmentRecord,
    Dataset,
    DomainRecord,
    RestWeekRecord,
    SessionRecord,
)
from polymath.core.rules import Targets
from polymath.services import checkin
from polymath.services.context import Context
from polymath.services.transfer import export_dataset, import_dataset
from polymath.store import checkin as checkin_rows
from polymath.store import direct, queries
from polymath.store.engine import make_engine, reading
from polymath.store.models import Domain

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Wednesday evening, with seconds and microseconds so that no digit of a timestamp goes unchecked.
NOW = datetime(2026, 11, 25, 20, 0, 7, 123456, tzinfo=BERLIN)


@pytest.fixture
def ctx(db_path: Path) -> Context:
    return Context(db_path, Settings(zone=BERLIN, zone_name="Europe/Berlin"), clock=lambda: NOW)


def test_a_fast_path_check_in_reads_back_identically_through_sqlmodel(ctx: Context) -> None:
    conn = ctx.connect()
    try:
        logged = checkin.log_session(
            conn,
            now=NOW,
            minutes=45,
            domain="Jazz piano",
            kind="exp",
            note="  ii-V-I voicings  ",
            with_domains=["Statistics", "jazz  PIANO", "Harmony"],
            create=True,
        )
        backfilled = checkin.log_session(
            conn, now=NOW, minutes=30, domain="statistics", day=date(2026, 11, 20), at=time(7, 5)
        )
    finally:
        conn.close()
    assert logged.created_domains == ("Jazz piano", "Statistics", "Harmony")
    assert logged.with_domains == ("Statistics", "Harmony")  # itself and repeats left out

    with reading(ctx.engine) as session:
        rows = {row.id: row for row in queries.list_sessions(session=session)}
        names = {d.id: d.name for d in queries.list_domains(session=session)}
        links = queries.links_by_session(session=session)
    first, second = rows[logged.session_id], rows[backfilled.session_id]
    assert first.started_at == datetime(2026, 11, 25, 18, 15, 7, 123456, tzinfo=UTC)
    assert first.started_at == logged.started_at
    assert (first.minutes, first.kind, first.note) == (45, "experiment", "ii-V-I voicings")
    assert names[first.domain_id] == "Jazz piano"
    assert sorted(names[i] for i in links[logged.session_id]) == ["Harmony", "Statistics"]
    assert second.started_at == datetime(2026, 11, 20, 6, 5, tzinfo=UTC)
    assert (second.minutes, second.kind, second.note) == (30, "read", None)
    assert names[second.domain_id] == "Statistics"
    assert backfilled.session_id not in links
    assert first.created_at.tzinfo is not None

    exported = {s.minutes: s for s in export_dataset(ctx).sessions}
    assert exported[45] == SessionRecord(
        started_at=logged.started_at,
        minutes=45,
        domain="Jazz piano",
        kind="experiment",
        note="ii-V-I voicings",
        with_domains=("Harmony", "Statistics"),
    )


def test_a_timer_session_reads_back_through_sqlmodel(ctx: Context) -> None:
    conn = ctx.connect()
    try:
        checkin.start_timer(
            conn, now=NOW, domain="Law", kind="reflect", note="contracts", create=True
        )
        stopped_at = NOW.replace(hour=20, minute=50)
        logged = checkin.stop_timer(conn, now=stopped_at, note="consideration")
    finally:
        conn.close()
    assert logged.minutes == 50
    with reading(ctx.engine) as session:
        [row] = queries.list_sessions(session=session)
    assert row.started_at == NOW
    assert (row.minutes, row.kind, row.note) == (50, "reflect", "contracts\nconsideration")


def test_sqlmodel_writes_are_counted_by_the_fast_path_status(ctx: Context) -> None:
    import_dataset(
        ctx,
        Dataset(
            domains=(DomainRecord("Jazz piano", area="Fine Arts"),),
            sessions=(
                SessionRecord(datetime(2026, 11, 25, 6, 0, tzinfo=UTC), 40, "Jazz piano", "read"),
                SessionRecord(datetime(2026, 11, 23, 6, 0, tzinfo=UTC), 120, "Law", "reflect"),
                # 2026-W43 met the rule, W44 was a holiday, W45 to W47 met it again
                *(
                    SessionRecord(datetime(2026, month, day, 6, 0, tzinfo=UTC), 300, "Law", "read")
                    for month, day in ((10, 19), (11, 2), (11, 9), (11, 16))
                ),
                SessionRecord(datetime(2026, 10, 26, 6, 0, tzinfo=UTC), 10, "Law", "read"),
            ),
            rest_weeks=(RestWeekRecord("2026-W44", "holiday"),),
        ),
    )
    conn = ctx.connect()
    try:
        status = checkin.status(conn, ctx.settings, NOW)
        assert checkin.find_domain(conn, "JAZZ piano") == checkin.Domain(1, "Jazz piano")
        assert checkin.default_kind(conn, 2) == "reflect"  # Law's latest session
    finally:
        conn.close()
    assert status.today_minutes == 40
    assert status.week_minutes == 160
    assert status.weekly_streak == 4  # the rest week neither breaks nor extends it
    assert status.line() == "today 40m · week 2h40/5h · streak 4w"


def test_sqlmodel_and_the_fast_path_sum_the_same_week(ctx: Context) -> None:
    conn = ctx.connect()
    try:
        for day, minutes in [(22, 30), (23, 45), (25, 60), (29, 15), (30, 90)]:
            checkin.log_session(
                conn,
                now=datetime(2026, 11, 30, 23, 0, tzinfo=BERLIN),
                minutes=minutes,
                domain="Jazz",
                day=date(2026, 11, day),
                at=time(0, 30),
                create=True,
            )
        week = week_of(date(2026, 11, 25))
        since, until = day_bounds_utc(week.start, week.end, BERLIN)
        fast = checkin_rows.minutes_between(conn, since, until)
    finally:
        conn.close()
    with reading(ctx.engine) as session:
        slow = queries.domain_minutes(
            session=session, since=since.replace(tzinfo=UTC), until=until.replace(tzinfo=UTC)
        )
    assert fast == sum(slow.values()) == 45 + 60 + 15


def test_a_late_sunday_session_in_new_york_counts_in_its_local_week(db_path: Path) -> None:
    settings = Settings(targets=Targets(), zone=NEW_YORK, zone_name="America/New_York")
    sunday_night = datetime(2026, 11, 29, 23, 50, tzinfo=NEW_YORK)  # Monday 04:50 in UTC
    conn = direct.connect(db_path)
    try:
        checkin.log_session(conn, now=sunday_night, minutes=5, domain="Jazz", create=True)
        stored = conn.execute("SELECT started_at FROM learning_session").fetchone()[0]
        assert stored == "2026-11-30 04:45:00.000000"
        status = checkin.status(conn, settings, sunday_night)
        monday = checkin.status(conn, settings, datetime(2026, 11, 30, 8, 0, tzinfo=NEW_YORK))
    finally:
        conn.close()
    assert (status.today_minutes, status.week_minutes) == (5, 5)
    assert (monday.today_minutes, monday.week_minutes) == (0, 0)


def test_an_export_imports_into_a_fresh_database_as_the_same_history(
    ctx: Context, tmp_path: Path
) -> None:
    conn = ctx.connect()
    try:
        checkin.log_session(
            conn,
            now=NOW,
            minutes=45,
            domain="Jazz",
            note="scales",
            with_domains=["Law"],
            create=True,
        )
        checkin.log_session(conn, now=NOW, minutes=20, domain="Law", kind="reflect")
    finally:
        conn.close()
    import_dataset(
        ctx,
        Dataset(
            assessments=(AssessmentRecord("Jazz", 3, date(2026, 11, 1), "comping"),),
            rest_weeks=(RestWeekRecord("2026-W52"),),
        ),
    )
    original = export_dataset(ctx)

    copy = Context(tmp_path / "copy.db", ctx.settings, clock=lambda: NOW)
    report = import_dataset(copy, original)
    assert (report.sessions, report.domains, report.assessments, report.rest_weeks) == (2, 2, 1, 1)
    assert export_dataset(copy) == original
    again = import_dataset(copy, original)
    assert (again.sessions, again.duplicates) == (0, 4)
    assert export_dataset(copy) == original


def test_make_engine_opens_the_file_at_the_current_schema(db_path: Path) -> None:
    engine = make_engine(db_path)
    try:
        with reading(engine) as session:
            assert queries.list_domains(session=session) == []
            assert session.get(Domain, 1) is None
    finally:
        engine.dispose()
    conn = direct.connect(db_path)
    try:
        assert direct.schema_revision(conn) == direct.SCHEMA_REVISION
    finally:
        conn.close()
