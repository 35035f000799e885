"""Every action the command line takes on a person's data, done from the app's keys: each is
checked in the database through the services, undone with ``u``, and refused with the command
line's one line (writing nothing) when what is typed will not do."""

from datetime import date, datetime, time

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static
from tui_helpers import BERLIN, Clock, count, record_notifications, settle

from polymath.services import domains, goals, planner, sessions
from polymath.services.checkin import running_timer, start_timer
from polymath.services.context import Context
from polymath.services.domain_list import summaries
from polymath.tui.app import PolymathApp, make_app
from polymath.tui.dialogs.adopt import AdoptDialog
from polymath.tui.dialogs.checkin import CheckInDialog
from polymath.tui.dialogs.confirm import ConfirmDialog
from polymath.tui.dialogs.domains import (
    AddDomainDialog,
    GoalDialog,
    LevelDialog,
    MergeDomainDialog,
    RenameDomainDialog,
)
from polymath.tui.dialogs.form import FormDialog
from polymath.tui.dialogs.map_area import MapAreaDialog
from polymath.tui.dialogs.rest_week import RestWeekDialog
from polymath.tui.dialogs.stop_timer import StopTimerDialog
from polymath.tui.screens.domain_detail import DomainDetailScreen
from polymath.tui.screens.domains import DomainsScreen
from polymath.tui.screens.planner import PlannerScreen
from polymath.tui.screens.review import ReviewScreen

SIZE = (100, 36)
FIRST = "Bayesian statistics"
"""The Domains screen's first row (the list is in order of name)."""


def shown(app: PolymathApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def type_into(app: PolymathApp, field: str, text: str) -> None:
    """Replace a field's text, as selecting it all and typing would."""
    app.screen.query_one(f"#{field}", Input).value = text


def active(ctx: Context) -> list[str]:
    return [s.name for s in summaries(ctx)]


def area_of(ctx: Context, name: str) -> str | None:
    return next(s.area for s in summaries(ctx, include_archived=True) if s.name == name)


def archived(ctx: Context) -> list[str]:
    return [s.name for s in summaries(ctx, include_archived=True) if s.archived]


def timer_domain(ctx: Context) -> str | None:
    conn = ctx.connect()
    try:
        timer = running_timer(conn)
    finally:
        conn.close()
    return timer.domain if timer else None


async def on_domains(pilot: Pilot[None]) -> DomainsScreen:
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DomainsScreen)
    return screen


async def refused(pilot: Pilot[None], app: PolymathApp, expected: str) -> None:
    """Enter writes nothing: the form stays, with the command line's line below it."""
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, FormDialog)
    assert shown(app, "#form-error") == expected


def descriptions(app: PolymathApp) -> list[str]:
    """The keys on offer, as the key bar and the palette name them."""
    return [active.binding.description for active in app.screen.active_bindings.values()]


# Domain detail: a level, a weekly goal, a session's start


async def test_a_level_is_recorded_on_the_domain_screen_and_undone(demo: Context) -> None:
    before = domains.level_history(demo, FIRST)
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("enter", "a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LevelDialog)
        assert dialog.query_one("#level", Input).value == "3"  # the latest level
        await pilot.press("4", "tab", *"reads papers unaided", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DomainDetailScreen)
        history = domains.level_history(demo, FIRST)
        assert len(history) == len(before) + 1
        latest = history[-1]
        assert (latest.level, latest.day, latest.note) == (
            4,
            date(2026, 11, 27),
            "reads papers unaided",
        )
        assert "level 4 proficient" in shown(app, "#domain-summary")
        assert notes[-1][1] == (
            "Bayesian statistics: level 4 (proficient) on 2026-11-27, after 130.6 hours. "
            "u undoes it."
        )
        await pilot.press("u")
        await settle(pilot)
        assert domains.level_history(demo, FIRST) == before
        assert "level 3 competent" in shown(app, "#domain-summary")


async def test_a_bad_level_or_a_future_day_gets_the_cli_message(demo: Context) -> None:
    before = count(demo, "assessment")
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("enter", "a", "9")
        await settle(pilot)
        assert shown(app, "#level-message") == (
            "unknown level '9': use 1-5 (novice, advanced beginner, competent, proficient, expert)"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LevelDialog)
        type_into(app, "level", "competent")
        type_into(app, "day", "2026-12-01")
        await pilot.pause()
        assert shown(app, "#day-message") == "day 2026-12-01 is in the future"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LevelDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DomainDetailScreen)
    assert count(demo, "assessment") == before


async def test_a_weekly_goal_is_set_and_undone(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("enter", "w")
        await settle(pilot)
        assert isinstance(app.screen, GoalDialog)
        await pilot.press(*"2h", "enter")
        await settle(pilot)
        assert [(g.domain, g.minutes) for g in goals.list_goals(demo)] == [(FIRST, 120)]
        assert "of a 2h goal" in shown(app, "#domain-summary")
        await pilot.press("u")
        await settle(pilot)
        assert goals.list_goals(demo) == []
        await pilot.press("w", *"200h")
        await settle(pilot)
        assert shown(app, "#goal-message") == "duration '200h' is longer than 168h"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalDialog)
    assert goals.list_goals(demo) == []


async def test_a_sessions_start_day_and_time_are_edited_and_undone(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the dashboard's highlighted domain: Spanish
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, DomainDetailScreen)
        newest = list(detail.sessions.values())[-1]
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CheckInDialog) and form.editing
        assert form.query_one("#start", Input).value == f"{newest.started_at:%H:%M}"
        type_into(app, "day", "2026-11-26")
        type_into(app, "start", "07:15")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DomainDetailScreen)
        moved = sessions.get_session(demo, newest.id)
        assert moved.started_at == datetime(2026, 11, 26, 7, 15, tzinfo=BERLIN)
        assert moved.minutes == newest.minutes
        await pilot.press("u")
        await settle(pilot)
        assert sessions.get_session(demo, newest.id).started_at == newest.started_at


async def test_a_bad_start_time_gets_the_cli_message_and_changes_nothing(demo: Context) -> None:
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        newest = list(app.screen.sessions.values())[-1]  # type: ignore[attr-defined]
        await pilot.press("e")
        await settle(pilot)
        type_into(app, "start", "7:5")
        await pilot.pause()
        assert shown(app, "#start-message") == "cannot read time '7:5': write it like 07:30"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckInDialog)
        type_into(app, "start", "23:50")  # later than the clock: it has not begun yet
        await pilot.press("enter")
        await settle(pilot)
    assert sessions.get_session(demo, newest.id).started_at == newest.started_at
    errors = [message for severity, message in notes if severity == "error"]
    assert errors[-1] == "session not changed: 2026-11-27 23:50 is in the future"


# Domains screen: add, rename, merge, map, archive and restore


async def test_a_domain_is_added_with_its_area_and_undone(demo: Context) -> None:
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_domains(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AddDomainDialog)
        await pilot.press(*"Graphic design", "tab", *"graphic design", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert area_of(demo, "Graphic design") == "graphic design"
        assert "Graphic design" in screen.rows
        assert notes[-1][1] == "Added domain Graphic design (area: graphic design). u undoes it."
        await pilot.press("u")
        await settle(pilot)
        assert "Graphic design" not in active(demo)
        assert "Graphic design" not in screen.rows


async def test_adding_a_domain_that_exists_or_an_unknown_area_is_refused(demo: Context) -> None:
    before = count(demo, "domain")
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("a", "enter")
        await settle(pilot)
        assert shown(app, "#name-message") == "a domain name cannot be empty"
        await pilot.press(*"jazz piano")
        await refused(pilot, app, "domain 'Jazz piano' already exists")
        type_into(app, "name", "Pottery")
        type_into(app, "area", "claywork")
        await refused(
            pilot,
            app,
            "unknown area 'claywork'; the map dialog (m on the domains screen) offers the "
            "areas that match",
        )
    assert count(demo, "domain") == before


async def test_a_domain_is_renamed_and_undone(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_domains(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RenameDomainDialog)
        assert dialog.query_one("#new", Input).value == FIRST
        await pilot.press(*"Statistics", "enter")  # typing replaces the selected name
        await settle(pilot)
        assert "Statistics" in active(demo) and FIRST not in active(demo)
        assert "Statistics" in screen.rows
        await pilot.press("u")
        await settle(pilot)
        assert FIRST in active(demo) and "Statistics" not in active(demo)


async def test_renaming_onto_another_domain_points_at_merging(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("n", *"spanish")
        await refused(
            pilot,
            app,
            "domain 'Spanish' already exists; merge into it instead (j on the domains screen)",
        )
    assert FIRST in active(demo)


async def test_a_domain_is_merged_into_another_and_undone(demo: Context) -> None:
    before = {s.name: s.total_minutes for s in summaries(demo)}
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("down", "j")  # Behavioural economics
        await settle(pilot)
        assert isinstance(app.screen, MergeDomainDialog)
        await pilot.press(*"Cognitive psychology", "enter")
        await settle(pilot)
        after = {s.name: s.total_minutes for s in summaries(demo)}
        assert "Behavioural economics" not in after
        assert after["Cognitive psychology"] == (
            before["Cognitive psychology"] + before["Behavioural economics"]
        )
        assert notes[-1][1].startswith("Merged Behavioural economics into Cognitive psychology (")
        await pilot.press("u")
        await settle(pilot)
        assert {s.name: s.total_minutes for s in summaries(demo)} == before


async def test_merging_into_a_misspelt_domain_or_itself_is_refused(demo: Context) -> None:
    before = count(demo, "domain")
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("j", *"Cognitiv psychology")
        await refused(
            pilot, app, "no domain 'Cognitiv psychology' (did you mean 'Cognitive psychology'?)"
        )
        type_into(app, "into", "bayesian statistics")
        await refused(pilot, app, "cannot merge a domain into itself")
    assert count(demo, "domain") == before


async def test_a_domain_is_mapped_to_a_typed_area_and_undone(demo: Context) -> None:
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("m")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MapAreaDialog)
        assert dialog.query_one("#area", Input).value == "statistics"
        assert dialog.candidates, "ESCO offers matches for the domain's name"
        await pilot.press(*"mathematics", "enter")
        await settle(pilot)
        assert area_of(demo, FIRST) == "mathematics"
        assert notes[-1][1] == "Mapped Bayesian statistics to mathematics. u undoes it."
        await pilot.press("u")
        await settle(pilot)
        assert area_of(demo, FIRST) == "statistics"


async def test_a_domain_is_mapped_to_a_match_offered(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("down", "down", "down", "m")  # Jazz piano
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MapAreaDialog)
        offered = domains.area_candidates(demo, "Jazz piano", limit=6)
        assert [c.area for c in dialog.candidates] == [c.area for c in offered]
        await pilot.press("down")
        assert dialog.query_one("#matches", OptionList).has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert area_of(demo, "Jazz piano") == offered[0].area
        await pilot.press("u")
        await settle(pilot)
        assert area_of(demo, "Jazz piano") == "music and performing arts"


async def test_typing_offers_other_matches_and_an_unknown_area_is_refused(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await on_domains(pilot)
        await pilot.press("m", *"graphic design")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MapAreaDialog)
        assert dialog.candidates[0].area == "graphic design"
        assert shown(app, "#matches-title") == "Matches for graphic design"
        type_into(app, "area", "qqqq zzzz")
        await settle(pilot)
        await refused(
            pilot,
            app,
            "unknown area 'qqqq zzzz'; the map dialog (m on the domains screen) offers the "
            "areas that match",
        )
    assert area_of(demo, FIRST) == "statistics"


async def test_a_domain_is_archived_shown_restored_and_each_undone(demo: Context) -> None:
    before = archived(demo)
    assert before == ["Woodworking"]  # the demo persona gave up woodworking
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_domains(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert archived(demo) == [FIRST, "Woodworking"]
        assert FIRST not in screen.rows
        assert notes[-1][1] == (
            "Archived Bayesian statistics. v shows archived domains; u undoes it."
        )
        await pilot.press("u")
        await settle(pilot)
        assert archived(demo) == before
        table = screen.query_one(DataTable)
        assert screen.selected_domain() == "Behavioural economics"  # where the cursor went
        await pilot.press("up", "x", "v")
        await settle(pilot)
        assert screen.archived_shown and table.row_count == 7
        assert str(table.border_title) == "Domains · 5 active · 2 archived"
        await pilot.press("up")
        assert screen.selected_domain() == FIRST
        assert "Restore" in descriptions(app)
        await pilot.press("x")  # on an archived domain, x restores it
        await settle(pilot)
        assert archived(demo) == before
        assert notes[-1][1] == "Restored Bayesian statistics. u undoes it."
        await pilot.press("u")
        await settle(pilot)
        assert archived(demo) == [FIRST, "Woodworking"]
        await pilot.press("v")
        await settle(pilot)
        assert not screen.archived_shown and FIRST not in screen.rows


# Review: a rest week


async def test_the_week_shown_is_planned_as_a_rest_week_and_undone(demo: Context) -> None:
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r", "left_square_bracket")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, RestWeekDialog)
        await pilot.press(*"conference", "enter")
        await settle(pilot)
        assert [(r.week, r.note) for r in sessions.list_rest_weeks(demo)][-1] == (
            "2026-W47",
            "conference",
        )
        assert review.review is not None and review.review.rest_week
        assert "planned rest week" in shown(app, "#review-title")
        assert notes[-1][1] == (
            "2026-W47 (16 Nov - 22 Nov) is a planned rest week: streaks neither break nor "
            "grow. u undoes it."
        )
        await pilot.press("u")
        await settle(pilot)
        assert "2026-W47" not in [r.week for r in sessions.list_rest_weeks(demo)]
        assert not review.review.rest_week


async def test_a_rest_week_is_cancelled_after_asking_and_undone(demo: Context) -> None:
    sessions.add_rest_week(demo, "2026-W48", "holiday")
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert "2026-W48" in [r.week for r in sessions.list_rest_weeks(demo)]
        await pilot.press("w", "y")
        await settle(pilot)
        assert "2026-W48" not in [r.week for r in sessions.list_rest_weeks(demo)]
        await pilot.press("u")
        await settle(pilot)
        assert ("2026-W48", "holiday") in [(r.week, r.note) for r in sessions.list_rest_weeks(demo)]


async def test_a_rest_weeks_note_is_held_to_the_cli_limit(demo: Context) -> None:
    before = len(sessions.list_rest_weeks(demo))
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r", "w")
        await settle(pilot)
        type_into(app, "note", "x" * 2001)
        await pilot.pause()
        assert shown(app, "#note-message") == "a note is at most 2,000 characters"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RestWeekDialog)
    assert len(sessions.list_rest_weeks(demo)) == before


# Planner: adopt a suggestion


async def test_a_suggestion_is_adopted_with_its_new_area_as_a_domain_and_undone(
    demo: Context,
) -> None:
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlannerScreen)
        first = screen.suggestions[0]
        (new_area,) = first.new_areas
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AdoptDialog)
        assert dialog.query_one("#area-1", Input).value == new_area[:1].upper() + new_area[1:]
        await pilot.press(*"Media production", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert area_of(demo, "Media production") == new_area
        members = planner.read_person(demo).stack_members
        owned = [first.domains[a][0] for a in first.areas if a not in first.new_areas]
        assert sorted(members) == sorted([*owned, "Media production"])
        assert "Media production" in shown(app, "#stack")
        assert notes[-1][1].startswith(
            f"Added domain Media production (area: {new_area}); adopted stack: "
        )
        await pilot.press("u")  # one change: the stack and the new domain go together
        await settle(pilot)
        assert planner.read_person(demo).stack_members == []
        assert "Media production" not in active(demo)
        assert shown(app, "#stack").startswith("None yet.")


async def test_where_two_domains_share_an_area_the_stack_takes_the_one_chosen(
    demo: Context,
) -> None:
    domains.map_area(demo, "Behavioural economics", "statistics")  # beside Bayesian statistics
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlannerScreen)
        index, shared = next(
            (n, area)
            for n, s in enumerate(screen.suggestions)
            for area, names in s.domains.items()
            if len(names) == 2
        )
        screen.query_one("#suggestions", OptionList).highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AdoptDialog)
        position = dialog.suggestion.areas.index(shared)
        choice = dialog.query_one(f"#area-{position}", Select)
        assert choice.value == "Bayesian statistics"
        choice.value = "Behavioural economics"  # refused unless it is one of the choices
        await pilot.press("ctrl+s")
        await settle(pilot)
        members = planner.read_person(demo).stack_members
        assert "Behavioural economics" in members and "Bayesian statistics" not in members
        await pilot.press("u")
        await settle(pilot)
        assert planner.read_person(demo).stack_members == []


async def test_adopting_under_a_name_that_exists_is_refused_whole(demo: Context) -> None:
    before = count(demo, "domain")
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        type_into(app, "area-1", "spanish")
        await refused(pilot, app, "domain 'Spanish' already exists")
        type_into(app, "area-1", "")
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, "#area-1-message") == "a domain name cannot be empty"
    assert count(demo, "domain") == before
    assert planner.read_person(demo).stack_members == []


# The timer: cancel, and stop at a time


async def test_the_running_timer_is_cancelled_and_undone(demo: Context, clock: Clock) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Cancel timer" not in descriptions(app)
        await pilot.press("down", "s")  # Cognitive psychology
        await settle(pilot)
        assert "Cancel timer" in [
            b.binding.description for b in app.screen.active_bindings.values()
        ]
        clock.advance(minutes=12)
        await pilot.press("c")
        await settle(pilot)
        assert timer_domain(demo) is None
        assert notes[-1][1] == (
            "Timer on Cognitive psychology cancelled after 12m; nothing logged. u undoes it."
        )
        await pilot.press("u")
        await settle(pilot)
        assert timer_domain(demo) == "Cognitive psychology"
    assert count(demo) == before


async def test_the_timer_is_stopped_at_a_time_and_undone(demo: Context, clock: Clock) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "s")
        await settle(pilot)
        clock.advance(minutes=50)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StopTimerDialog)
        await pilot.press(*"22:00", "enter")
        await settle(pilot)
        assert timer_domain(demo) is None
        latest = sessions.list_sessions(demo, limit=1)[0]
        assert (latest.domain, latest.minutes) == ("Cognitive psychology", 30)
        assert latest.started_at.time() == time(21, 30)
        await pilot.press("u")
        await settle(pilot)
        assert timer_domain(demo) == "Cognitive psychology"
        assert count(demo) == before


async def test_a_stop_time_to_come_or_unreadable_gets_the_cli_message(
    demo: Context, clock: Clock
) -> None:
    before = count(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "s")
        await settle(pilot)
        clock.advance(minutes=50)
        await pilot.press("S", *"25:00")
        await settle(pilot)
        assert shown(app, "#at-message") == "cannot read time '25:00': write it like 07:30"
        type_into(app, "at", "23:00")
        await refused(pilot, app, "Fri 27 Nov 23:00 is still to come")
        assert timer_domain(demo) == "Cognitive psychology"
    assert count(demo) == before


async def test_a_forgotten_timer_points_at_the_apps_keys(demo: Context, clock: Clock) -> None:
    conn = demo.connect()
    try:
        start_timer(conn, now=demo.now(), domain="Spanish")
    finally:
        conn.close()
    clock.advance(hours=30)
    app = make_app(demo, watch=False)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        errors = [message for severity, message in notes if severity == "error"]
        assert errors[-1].endswith("S ends it at the time you stopped (c cancels it)")
        await pilot.press("S", *"23:00", "tab", *"2026-11-27", "enter")
        await settle(pilot)
        assert timer_domain(demo) is None
        latest = sessions.list_sessions(demo, limit=1)[0]
        assert (latest.domain, latest.minutes) == ("Spanish", 90)
