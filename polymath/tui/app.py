"""The Polymath app and the one factory that builds it for the CLI, the demo and the tests.

The dashboard paints from one sqlite3 read; SQLAlchemy (behind the review, the domains and
editing) is imported by the workers of those screens only when they first run.

On the demo (``polymath demo``: a throw-away database whose clock stands at the persona's last
evening) the clock runs on from that evening, so a timer can be started and stopped, and nothing
the app says points at the command line, which would act on the person's own database.
"""

import asyncio
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from polymath.core.calendar import repeated_time
from polymath.core.durations import format_minutes
from polymath.core.errors import LOG_AGAIN, InvalidInput
from polymath.core.text import display
from polymath.reports.checkin import logged_line
from polymath.services.context import Context
from polymath.services.dashboard import Dashboard
from polymath.tui.commands import PolymathCommands
from polymath.tui.errors import ErrorReported, reported_to
from polymath.tui.screens.base import PolymathScreen
from polymath.tui.screens.dashboard import DashboardScreen
from polymath.tui.text import sentence

if TYPE_CHECKING:
    from polymath.services.checkin import RunningTimer
    from polymath.tui.dialogs.checkin import CheckInResult
    from polymath.tui.dialogs.form import Saved

STYLES = Path(__file__).parent / "styles"
DEMO_FOLDER_PREFIX = "polymath-demo-"
"""``polymath demo`` builds its database as ``demo.db`` in a temporary folder named so."""


class RunningClock:
    """A clock that starts at a given moment and runs on in real time (the demo's)."""

    def __init__(self, start: datetime, ticks: Callable[[], float] = time.monotonic) -> None:
        self.start = start
        self._ticks = ticks
        self._opened = ticks()

    def __call__(self) -> datetime:
        elapsed = timedelta(seconds=self._ticks() - self._opened)
        return (self.start.astimezone(UTC) + elapsed).astimezone(self.start.tzinfo)

    def __repr__(self) -> str:
        return f"RunningClock(from {self.start.isoformat()})"


def is_demo(ctx: Context) -> bool:
    """Whether ``ctx`` is the demo's throw-away database (``services.maintenance.build_demo``
    in the temporary folder ``polymath demo`` makes)."""
    path = ctx.db_path
    return path.name == "demo.db" and path.parent.name.startswith(DEMO_FOLDER_PREFIX)


def run_on(ctx: Context, ticks: Callable[[], float] = time.monotonic) -> None:
    """Let a clock that stands still (the demo's) run on from where it stands."""
    if isinstance(ctx.clock, RunningClock):
        return
    moment = ctx.clock()
    if ctx.clock() == moment:
        ctx.clock = RunningClock(moment, ticks)


def _review_screen() -> Screen[Any]:
    from polymath.tui.screens.review import ReviewScreen

    return ReviewScreen()


def _domains_screen() -> Screen[Any]:
    from polymath.tui.screens.domains import DomainsScreen

    return DomainsScreen()


def _planner_screen() -> Screen[Any]:
    from polymath.tui.screens.planner import PlannerScreen

    return PlannerScreen()


def _graph_screen() -> Screen[Any]:
    from polymath.tui.screens.graph import GraphScreen

    return GraphScreen()


class PolymathApp(App[None]):
    """Keyboard first: every action has a key, shown in the footer and in the command palette."""

    TITLE = "Polymath"
    CSS_PATH = [STYLES / "app.tcss", STYLES / "dashboard.tcss"]  # noqa: RUF012
    """The other screens bring their own stylesheets, read when they first open."""
    MODES: ClassVar[dict[str, Any]] = {
        "dashboard": DashboardScreen,
        "review": _review_screen,
        "domains": _domains_screen,
        "planner": _planner_screen,
        "graph": _graph_screen,
    }
    DEFAULT_MODE = "dashboard"
    COMMANDS = App.COMMANDS | {PolymathCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "check_in", "Check in"),
        Binding("s", "toggle_timer", "Timer"),
        Binding("S", "stop_timer_at", "Stop at"),
        Binding("c", "cancel_timer", "Cancel timer"),
        Binding("h", "show('dashboard')", "Dashboard", show=False),
        Binding("r", "show('review')", "Review"),
        Binding("d", "show('domains')", "Domains"),
        Binding("p", "show('planner')", "Planner"),
        Binding("g", "show('graph')", "Graph"),
        Binding("u", "undo", "Undo"),
        Binding("y", "sync_now", "Sync now", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit", show=False),
    ]
    NAVIGATION: ClassVar[frozenset[str]] = frozenset(
        {
            "check_in",
            "toggle_timer",
            "stop_timer_at",
            "cancel_timer",
            "show",
            "undo",
            "help",
            "sync_now",
        }
    )
    """Actions that a dialog on top of the screen holds back."""
    TIMER_ACTIONS: ClassVar[frozenset[str]] = frozenset({"stop_timer_at", "cancel_timer"})
    """Actions offered only while a timer runs."""

    dashboard: var[Dashboard | None] = var(None, always_update=True)
    """The latest dashboard figures; also the source of domain names and the running timer."""
    data_generation: var[int] = var(0)
    """Counts changes to the data; screens reload when theirs is behind."""
    sync_state: var[str] = var("")
    """Where syncing with other devices stands, for the key bar ("" when this one does not)."""

    @dataclass
    class DashboardLoaded(Message):
        dashboard: Dashboard

    @dataclass
    class Written(Message):
        """A change made here was saved: say so, and show the new figures."""

        text: str

    @dataclass
    class LoggedAlready(Message):
        """The check-in matches a session logged already: ask before logging it twice."""

        result: "CheckInResult"
        text: str

    class DataChanged(Message):
        """Another process wrote to the database; several in a row reload once."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, PolymathApp.DataChanged)

    def __init__(self, ctx: Context, *, watch: bool = True, demo: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.demo = demo
        """The demo's throw-away database: no syncing, no hint that names a command."""
        if demo:
            self.title = "Polymath demo"
        self.watch_enabled = watch
        self.watcher = ctx.data_watcher()
        self._watching = False
        self.dashboard_painted = asyncio.Event()
        """Set once the first dashboard with data has been painted (benchmarks wait on it)."""

    def on_load(self) -> None:
        # What is loaded by now (Textual, the stylesheets' parsers) lives as long as the app:
        # spare the cyclic garbage collector walking it again and again while the first screen
        # is built. On a 10-year history that was a fifth of the time to the first paint.
        gc.freeze()

    def on_mount(self) -> None:
        self.load_dashboard()
        if self.watch_enabled:
            self.set_interval(1.0, self.poll_data_version, name="data-version")

    def on_unmount(self) -> None:
        self.watcher.close()
        gc.unfreeze()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        dialog = isinstance(self.screen, ModalScreen) and not isinstance(
            self.screen, CommandPalette
        )
        if action in self.NAVIGATION and dialog:
            return False
        if action in self.TIMER_ACTIONS:
            return self.running_timer() is not None
        if action == "sync_now":
            return not self.demo
        return True

    def running_timer(self) -> "RunningTimer | None":
        return self.dashboard.timer if self.dashboard is not None else None

    # Loading and watching

    @work(thread=True, exclusive=True, group="dashboard")
    def load_dashboard(self) -> None:
        """Read the dashboard figures with a connection of the worker's own."""
        from polymath.services.dashboard import load_dashboard

        worker = get_current_worker()
        with reported_to(self, "cannot load the dashboard"):
            conn = self.ctx.connect()
            try:
                data = load_dashboard(conn, self.ctx.settings, self.ctx.now())
            finally:
                conn.close()
            if not worker.is_cancelled:
                self.post_message(self.DashboardLoaded(data))

    def on_polymath_app_dashboard_loaded(self, message: DashboardLoaded) -> None:
        self.dashboard = message.dashboard
        self.refresh_bindings()  # the timer's keys come and go with the timer
        if not self._watching:
            self._watching = True
            with reported_to(self):
                self.watcher.sync()
        if not self.dashboard_painted.is_set():
            self.call_after_refresh(self._first_painted)
        else:
            self.load_sync_state()

    def _first_painted(self) -> None:
        self.dashboard_painted.set()
        self.load_sync_state()  # after the first paint: it need not compete with it

    def poll_data_version(self) -> bool:
        """Reload if another connection committed since the last poll; True if one did."""
        if not self._watching:
            return False
        try:
            changed = self.watcher.changed()
        except Exception:  # a vanished or locked file: try again on the next tick
            return False
        if changed:
            self.post_message(self.DataChanged())
        elif self.dashboard is not None and self.dashboard.today != self.ctx.today():
            self.data_changed()  # midnight passed: a new today, maybe a new week
        return changed

    def on_polymath_app_data_changed(self, _message: DataChanged) -> None:
        self.data_changed()

    def data_changed(self) -> None:
        """The data changed: reload the dashboard and the current screen (others on resume)."""
        self.data_generation += 1
        self.load_dashboard()
        for screen in self.screen_stack:
            if isinstance(screen, PolymathScreen) and screen.is_current:
                screen.reload()

    def wrote(self, text: str) -> None:
        """After a write of ours: notify, accept the new data version, reload at once."""
        if self._watching:
            with reported_to(self):
                self.watcher.sync()
        self.notify(text, markup=False)
        self.data_changed()

    def on_polymath_app_written(self, message: Written) -> None:
        self.wrote(message.text)

    def on_error_reported(self, message: ErrorReported) -> None:
        self.notify(message.text, severity="error", markup=False, timeout=8)

    # Navigation

    def action_show(self, mode: str) -> None:
        """Go to a screen (a mode keeps its own stack, so the review remembers its week)."""
        self.switch_mode(mode)

    def open_domain(self, name: str) -> None:
        from polymath.tui.screens.domain_detail import DomainDetailScreen

        self.push_screen(DomainDetailScreen(name))

    def action_help(self) -> None:
        from polymath.tui.dialogs.help import HelpScreen

        self.push_screen(HelpScreen(self.ctx, demo=self.demo))

    def selected_domain(self) -> str | None:
        screen = self.screen
        return screen.selected_domain() if isinstance(screen, PolymathScreen) else None

    def domain_names(self) -> list[str]:
        return [d.name for d in self.dashboard.domains] if self.dashboard else []

    # Check-in, timer, undo

    def action_check_in(self) -> None:
        from polymath.tui.dialogs.checkin import CheckInDialog

        self.push_screen(
            CheckInDialog(self.ctx, self.domain_names(), domain=self.selected_domain()),
            self._checked_in,
        )

    def on_polymath_app_logged_already(self, message: LoggedAlready) -> None:
        from polymath.tui.dialogs.confirm import ConfirmDialog

        def answered(again: bool | None) -> None:
            if again:
                self.save_check_in(message.result, again=True)

        question = f"{message.text[:1].upper()}{message.text[1:]}. Log it a second time?"
        self.push_screen(
            ConfirmDialog(
                question, yes="Log again", no="Keep one", title="Logged already", default_yes=False
            ),
            answered,
        )

    def _checked_in(self, result: "CheckInResult | None") -> None:
        if result is not None:
            self.save_check_in(result)

    @work(thread=True, group="write")
    def save_check_in(self, result: "CheckInResult", *, again: bool = False) -> None:
        """Log ``result``; the same session logged already is asked about, and with ``again``
        logged a second time (the command line's ``log --again``)."""
        from polymath.services.checkin import log_session

        with reported_to(self, "check-in not saved"):
            conn = self.ctx.connect()
            try:
                logged = log_session(
                    conn,
                    now=self.ctx.now(),
                    minutes=result.minutes,
                    domain=result.domain,
                    kind=result.kind,
                    note=result.note,
                    day=result.day,
                    at=result.at,
                    with_domains=result.with_domains,
                    create=True,
                    again=again,
                )
            except InvalidInput as exc:
                if exc.fix != LOG_AGAIN:
                    raise
                self.post_message(self.LoggedAlready(result, display(str(exc))))
                return
            finally:
                conn.close()
            said = f"{sentence(logged_line(logged))} u undoes it."
            if result.at is not None and repeated_time(
                result.day, result.at, self.ctx.settings.zone
            ):
                said += (
                    f" The clocks showed {result.at:%H:%M} twice that day; this is the first, "
                    f"at {logged.started_at.isoformat()[-6:]}."
                )
            self.post_message(self.Written(said))

    def action_toggle_timer(self) -> None:
        """Stop the running timer (logging its session), or start one on the selected domain."""
        if self.dashboard is not None and self.dashboard.timer is not None:
            self.stop_timer()
            return
        domain = self.selected_domain()
        if domain is None:
            self.notify(
                "Highlight a domain first (on the dashboard or the Domains screen).",
                severity="warning",
            )
            return
        self.start_timer(domain)

    @work(thread=True, group="write")
    def start_timer(self, domain: str) -> None:
        from polymath.services.checkin import start_timer

        with reported_to(self, "timer not started"):
            conn = self.ctx.connect()
            try:
                timer = start_timer(conn, now=self.ctx.now(), domain=domain)
            finally:
                conn.close()
            self.post_message(
                self.Written(f"Timer started on {timer.domain} ({timer.kind}). s stops it.")
            )

    @work(thread=True, group="write")
    def stop_timer(self) -> None:
        from polymath.services.checkin import stop_timer

        with reported_to(self, "timer not stopped"):
            conn = self.ctx.connect()
            try:
                logged = stop_timer(conn, now=self.ctx.now())
            finally:
                conn.close()
            self.post_message(self.Written(f"Timer stopped: {logged_line(logged)}. u undoes it."))

    def action_stop_timer_at(self) -> None:
        """End the running timer at the time the person stopped (``polymath stop --at``)."""
        timer = self.running_timer()
        if timer is None:
            return
        from polymath.tui.dialogs.stop_timer import StopTimerDialog

        self.push_screen(StopTimerDialog(self.ctx, timer), self._saved)

    def _saved(self, saved: "Saved | None") -> None:
        if saved is not None:
            self.wrote(saved.text)

    @work(thread=True, group="write")
    def action_cancel_timer(self) -> None:
        """Discard the running timer; nothing is logged (``polymath cancel``)."""
        from polymath.services.checkin import cancel_timer

        with reported_to(self, "timer not cancelled"):
            conn = self.ctx.connect()
            try:
                timer = cancel_timer(conn)
            finally:
                conn.close()
            elapsed = format_minutes(timer.elapsed_minutes(self.ctx.now()))
            self.post_message(
                self.Written(
                    f"Timer on {display(timer.domain)} cancelled after {elapsed}; nothing logged. "
                    "u undoes it."
                )
            )

    @work(thread=True, group="write")
    def action_undo(self) -> None:
        """Revert the latest change of any kind (a check-in, an edit, a deletion...)."""
        from polymath.services.sessions import undo

        with reported_to(self, "nothing undone"):
            description = undo(self.ctx)
            self.post_message(self.Written(f"Undone: {description}."))

    # Sync with the other devices

    @work(thread=True, exclusive=True, group="sync-state")
    def load_sync_state(self) -> None:
        """Read where syncing stands (it lists the folder: a worker's job, never the UI's)."""
        if not self.ctx.syncs():
            state = ""
        else:
            from polymath.core.errors import PolymathError
            from polymath.reports.sync import state_line
            from polymath.services.sync import sync_status

            try:
                state = state_line(sync_status(self.ctx), self.ctx.now())
            except (PolymathError, OSError):
                state = ""  # a hint only: the dashboard reports the data's own errors
        self.call_from_thread(setattr, self, "sync_state", state)

    def watch_sync_state(self, _state: str) -> None:
        for bar in self.query("KeyBar"):
            bar.refresh()

    @work(thread=True, exclusive=True, group="write")
    def action_sync_now(self) -> None:
        """Read the other devices' changes, merge them, write this one's (``polymath sync``)."""
        if self.demo:
            return
        from polymath.reports.sync import report_lines
        from polymath.services.sync import sync_now

        with reported_to(self, "not synced"):
            report = sync_now(self.ctx)
            lines = report_lines(report, self.ctx.settings.zone)
            self.post_message(self.Written(sentence("; ".join(lines))))


def make_app(ctx: Context, *, watch: bool = True, demo: bool | None = None) -> PolymathApp:
    """The app on ``ctx``'s database, settings and clock; ``watch`` polls for outside writes.

    ``demo`` (None: whether ``ctx`` is the demo's database) lets the demo's clock run on from
    its fixed evening and keeps the command line out of what the app says.
    """
    if demo is None:
        demo = is_demo(ctx)
    if demo:
        run_on(ctx)
    return PolymathApp(ctx, watch=watch, demo=demo)
