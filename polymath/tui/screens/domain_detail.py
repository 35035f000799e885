"""One domain: its level history against the hours behind it, and its sessions to edit or delete;
a level or a weekly goal to record."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from polymath.core.errors import NotFound
from polymath.core.text import cell_width, display
from polymath.tui.errors import ErrorReported, reported_to
from polymath.tui.screens.base import STYLES, PolymathScreen
from polymath.tui.text import escape, fit, format_minutes, hours, level_label
from polymath.tui.widgets.key_bar import KeyBar
from polymath.tui.widgets.level_chart import LevelChart
from polymath.tui.widgets.table_room import table_room

if TYPE_CHECKING:
    from polymath.services.domain_list import DomainSummary
    from polymath.services.domains import LevelPoint
    from polymath.services.goals import Goal
    from polymath.services.sessions import SessionView
    from polymath.tui.dialogs.checkin import CheckInResult
    from polymath.tui.dialogs.form import Saved

NOTE_WIDTH = 20


class DomainDetailScreen(PolymathScreen):
    """Pushed over the dashboard or the domains list; escape goes back."""

    CSS_PATH = STYLES / "domains.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_session", "Edit"),
        Binding("x,delete", "delete_session", "Delete", key_display="x"),
        Binding("a", "record_level", "Level"),
        Binding("w", "set_goal", "Goal"),
        Binding("escape", "back", "Back"),
    ]

    @dataclass
    class Loaded(Message):
        summary: "DomainSummary | None"
        levels: "Sequence[LevelPoint]"
        sessions: "Sequence[SessionView]"
        goal: "Goal | None" = None

    def __init__(self, name: str) -> None:
        super().__init__()
        self.domain = name
        self.sessions: dict[int, SessionView] = {}
        self.summary: DomainSummary | None = None
        self.goal: Goal | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="domain-summary")
        with Vertical(id="level-panel", classes="panel") as panel:
            panel.border_title = "Level against hours logged"
            yield LevelChart(id="level-chart")
        table: DataTable[object] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        table.border_title = "Sessions, newest first"
        table.border_subtitle = "e edits · x deletes · u undoes · a records a level"
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"Domain · {self.domain}"
        self.query_one("#sessions").focus()

    def selected_domain(self) -> str | None:
        return self.domain

    def reload(self) -> None:
        super().reload()
        self.load()

    @work(thread=True, exclusive=True, group="domain")
    def load(self) -> None:
        from polymath.services.domain_list import summaries
        from polymath.services.domains import level_history
        from polymath.services.goals import list_goals
        from polymath.services.sessions import list_sessions

        try:
            listed = summaries(self.ctx, include_archived=True)
            summary = next((s for s in listed if s.name == self.domain), None)
            levels = level_history(self.ctx, self.domain)
            sessions = list_sessions(self.ctx, domain=self.domain)
        except NotFound as exc:  # renamed, merged or deleted by another process
            self.app.post_message(ErrorReported(str(exc)))
            self.app.call_from_thread(self.dismiss_if_current)
            return
        with reported_to(self.app, "cannot load the domain"):
            goal = next((g for g in list_goals(self.ctx) if g.domain == self.domain), None)
            self.post_message(self.Loaded(summary, levels, sessions, goal))

    def dismiss_if_current(self) -> None:
        if self.is_current:
            self.app.pop_screen()

    def on_domain_detail_screen_loaded(self, message: Loaded) -> None:
        summary = self.summary = message.summary
        goal = self.goal = message.goal
        total = summary.total_minutes if summary else 0
        week = format_minutes(summary.week_minutes if summary else 0)
        facts = [
            f"level [b]{level_label(summary.level if summary else None)}[/b]",
            f"[b]{hours(total)}[/b] logged in total",
            f"[b]{week}[/b] this week"
            + (f" of a {format_minutes(goal.minutes)} goal" if goal else ""),
            f"{len(message.sessions)} sessions",
            f"area: {escape(display(summary.area))}"
            if summary and summary.area
            else "area: not mapped",
        ]
        if summary and summary.archived:
            facts.append("[$text-warning]archived[/]")
        self.query_one("#domain-summary", Static).update(
            Content.from_markup(
                f"[b $text-primary]{escape(display(self.domain))}[/] · " + " · ".join(facts)
            )
        )
        self.query_one(LevelChart).show(message.levels, total / 60)
        if message.levels:
            self.query_one("#level-panel").border_subtitle = " · ".join(
                f"level {p.level} on {p.day:%d %b %Y} after {p.cumulative_hours:,.0f} h"
                for p in message.levels[-2:]
            )
        self._fill(message.sessions)

    def _fill(self, sessions: Sequence["SessionView"]) -> None:
        table = self.query_one("#sessions", DataTable)
        selected = self._selected_id()
        self.sessions = {s.id: s for s in sessions}
        table.clear(columns=True)
        integrates = [display(", ".join(s.with_domains)) for s in sessions]
        with_width = min(22, max([10, *map(cell_width, integrates)]))
        room = table_room(table, rows=len(sessions), columns=6)
        day_format, day_width = "%a %d %b %Y", 15
        if room - (day_width + 5 + 6 + 10 + with_width) < NOTE_WIDTH:
            # Narrow: a shorter day and integrations leave the note room to be read.
            day_format, day_width, with_width = "%d %b %y", 9, min(with_width, 14)
        note_width = max(NOTE_WIDTH, room - (day_width + 5 + 6 + 10 + with_width))
        table.add_column("Day", width=day_width)
        table.add_column("Start", width=5)
        table.add_column("Length", width=6)
        table.add_column("Kind", width=10)
        table.add_column("Integrates", width=with_width)
        table.add_column("Note", width=note_width)
        for session, linked in zip(reversed(sessions), reversed(integrates), strict=True):
            table.add_row(
                f"{session.started_at:{day_format}}",
                f"{session.started_at:%H:%M}",
                Text(format_minutes(session.minutes), justify="right"),
                session.kind,
                fit(linked, with_width),
                fit(session.note or "", note_width),
                key=str(session.id),
            )
        if selected is not None and selected in self.sessions:
            table.move_cursor(row=table.get_row_index(str(selected)), animate=False)

    def on_resize(self) -> None:
        if self.sessions:  # the columns are laid out for a width
            self._fill(list(self.sessions.values()))

    def _selected_id(self) -> int | None:
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def _selected(self) -> "SessionView | None":
        session_id = self._selected_id()
        return self.sessions.get(session_id) if session_id is not None else None

    # Edit and delete

    def action_edit_session(self) -> None:
        session = self._selected()
        if session is None:
            return
        from polymath.tui.dialogs.checkin import CheckInDialog, CheckInResult

        initial = CheckInResult(
            domain=session.domain,
            minutes=session.minutes,
            kind=session.kind,
            day=session.started_at.date(),
            with_domains=session.with_domains,
            note=session.note,
            at=_minute(session.started_at.time()),
        )
        self.app.push_screen(
            CheckInDialog(self.ctx, self.papp.domain_names(), initial=initial),
            partial(self._edited, session),
        )

    def _edited(self, session: "SessionView", result: "CheckInResult | None") -> None:
        if result is not None:
            self.edit(session, result)

    @work(thread=True, group="write")
    def edit(self, session: "SessionView", result: "CheckInResult") -> None:
        from polymath.services.sessions import edit_session

        with reported_to(self.app, "session not changed"):
            edited = edit_session(
                self.ctx,
                session.id,
                minutes=result.minutes,
                domain=result.domain,
                kind=result.kind,
                note=result.note or "",
                day=result.day if result.day != session.started_at.date() else None,
                at=result.at if result.at != _minute(session.started_at.time()) else None,
                with_domains=list(result.with_domains),
            )
            self.papp.post_message(
                self.papp.Written(
                    f"Session changed: {format_minutes(edited.minutes)} of {edited.kind} in "
                    f"{edited.domain} on {edited.started_at:%a %d %b %H:%M}. u undoes it."
                )
            )

    def action_delete_session(self) -> None:
        session = self._selected()
        if session is None:
            return
        from polymath.tui.dialogs.confirm import ConfirmDialog

        question = (
            f"Delete the session of {format_minutes(session.minutes)} ({session.kind}) on "
            f"{session.started_at:%a %d %b %Y} at {session.started_at:%H:%M} in "
            f"{session.domain}? u undoes it."
        )
        self.app.push_screen(
            ConfirmDialog(
                question, yes="Delete", no="Keep", title="Delete session", default_yes=False
            ),
            partial(self._confirmed_delete, session),
        )

    def _confirmed_delete(self, session: "SessionView", yes: bool | None) -> None:
        if yes:
            self.delete(session)

    @work(thread=True, group="write")
    def delete(self, session: "SessionView") -> None:
        from polymath.services.sessions import delete_session

        with reported_to(self.app, "session not deleted"):
            deleted = delete_session(self.ctx, session.id)
            self.papp.post_message(
                self.papp.Written(
                    f"Deleted {format_minutes(deleted.minutes)} of {deleted.kind} on "
                    f"{deleted.started_at:%a %d %b}. u undoes it."
                )
            )

    # Level and goal

    def action_record_level(self) -> None:
        from polymath.tui.dialogs.domains import LevelDialog

        level = self.summary.level if self.summary else None
        self.app.push_screen(LevelDialog(self.ctx, self.domain, level), self._saved)

    def action_set_goal(self) -> None:
        from polymath.tui.dialogs.domains import GoalDialog

        minutes = self.goal.minutes if self.goal else None
        self.app.push_screen(GoalDialog(self.ctx, self.domain, minutes), self._saved)

    def _saved(self, saved: "Saved | None") -> None:
        if saved is not None:
            self.papp.wrote(saved.text)


def _minute(moment: time) -> time:
    """A start time as the form shows it: to the minute."""
    return moment.replace(second=0, microsecond=0, tzinfo=None)
