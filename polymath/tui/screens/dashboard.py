"""The home screen: today, this week against the 5-hour rule, streaks, the year, the domains."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Header, OptionList, Static

from polymath.services.dashboard import Dashboard
from polymath.tui.screens.base import PolymathScreen
from polymath.tui.text import format_minutes
from polymath.tui.widgets.domain_list import DomainList
from polymath.tui.widgets.heatmap import YearHeatmap
from polymath.tui.widgets.key_bar import KeyBar
from polymath.tui.widgets.kind_bar import KindBar, KindLegend, Meter
from polymath.tui.widgets.target_bars import Bar, TargetBars
from polymath.tui.widgets.timer_line import TimerLine


class DashboardScreen(PolymathScreen):
    """Everything from one sqlite3 read (``services.dashboard``), held by the app."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_domain", "Open domain", show=False)
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            yield from self._cards()
            with Horizontal(id="charts"):
                heatmap = YearHeatmap(id="heatmap")
                heatmap.border_title = "Minutes a day, last 12 months"
                yield heatmap
                trend = TargetBars(id="trend")
                trend.border_title = "Weeks"
                yield trend
            domains = DomainList(
                empty="No domains yet: press [b]l[/b] to check in your first session.",
                id="domains",
            )
            domains.border_title = "Domains"
            yield domains
        yield TimerLine(self.ctx.now, warn_minutes=self.ctx.settings.timer_warn_minutes, id="timer")
        yield KeyBar()

    def _cards(self) -> ComposeResult:
        with Horizontal(id="cards"):
            with Vertical(id="today-card", classes="card"):
                yield Meter(id="today-meter")
                yield Static(id="today-note", classes="muted")
            with Vertical(id="week-card", classes="card"):
                yield KindBar(id="kind-bar")
                yield KindLegend(id="kind-legend")
            with Vertical(id="streak-card", classes="card") as streaks:
                streaks.border_title = "Streaks"
                yield Static(id="streak-weeks")
                yield Static(id="streak-days")

    def on_mount(self) -> None:
        self.sub_title = "Dashboard"
        self.watch(self.papp, "dashboard", self.show, init=True)
        # Focused while still hidden, so its first paint is already in the focused style.
        self.set_focus(self.query_one(DomainList).options, scroll_visible=False)
        self.set_timer(1.0, self._reveal)  # if the first load fails, show the empty panels

    def _reveal(self) -> None:
        self.query_one("#body").display = True

    def show(self, data: Dashboard | None) -> None:
        """Fill every panel from the dashboard figures."""
        if data is None:
            self.query_one("#body").display = False  # one layout and one paint, with the figures
            return
        self.query_one("#body").display = True
        targets = self.ctx.settings.targets
        self.sub_title = f"Dashboard · {data.today:%a %d %b %Y} · week {data.week.label}"
        self._today(data)
        self._week(data)
        self._streaks(data)
        heatmap = self.query_one(YearHeatmap)
        heatmap.show(
            data.heatmap,
            first_day=data.first_day,
            today=data.today,
            week_start=targets.week_start,
            thresholds=(
                targets.daily_streak_minutes,
                targets.weekday_minutes,
                2 * targets.weekday_minutes,
            ),
        )
        trend = self.query_one(TargetBars)
        trend.border_title = (
            f"Last {len(data.weeks)} weeks · [$warning]─[/] {format_minutes(data.weekly_target)} "
            "target"
        )
        met = sum(minutes >= data.weekly_target for _, minutes in data.weeks)
        average = sum(m for _, m in data.weeks) // max(1, len(data.weeks))
        trend.border_subtitle = f"{met} met · avg {format_minutes(average)}/week"
        trend.show(
            [
                Bar(week.label[-2:], minutes, current=week == data.week)
                for week, minutes in data.weeks
            ],
            data.weekly_target,
        )
        table = self.query_one(DomainList)
        table.show(data.domains)
        table.border_subtitle = "this week/goal · level · weekly minutes · hours in total"
        self.query_one(TimerLine).timer = data.timer

    def _today(self, data: Dashboard) -> None:
        card = self.query_one("#today-card")
        weekday = data.today.weekday() < 5
        guide = data.weekday_minutes if weekday else 0
        card.border_title = f"Today · [b]{format_minutes(data.today_minutes)}[/b]"
        card.border_subtitle = _status(data.today_minutes, guide) if weekday else "weekend"
        self.query_one("#today-meter", Meter).show(data.today_minutes, guide)
        note = f"of {format_minutes(data.weekday_minutes)} a weekday" if weekday else "no guideline"
        self.query_one("#today-note", Static).update(note)

    def _week(self, data: Dashboard) -> None:
        card = self.query_one("#week-card")
        target = data.weekly_target
        percent = round(100 * data.week_minutes / target) if target else 0
        card.border_title = (
            f"This week · [b]{format_minutes(data.week_minutes)}[/b] of "
            f"{format_minutes(target)} ({percent}%)"
        )
        card.border_subtitle = "rest week" if data.rest_week else _status(data.week_minutes, target)
        self.query_one(KindBar).show(data.kinds, target)
        self.query_one(KindLegend).show(data.kinds)

    def _streaks(self, data: Dashboard) -> None:
        targets = self.ctx.settings.targets
        weeks = "week" if data.weekly_streak == 1 else "weeks"
        days = "day" if data.daily_streak == 1 else "days"
        self.query_one("#streak-weeks", Static).update(
            Content.from_markup(
                f"[b]{data.weekly_streak}[/b] {weeks} of {format_minutes(targets.weekly_minutes)}+"
            )
        )
        self.query_one("#streak-days", Static).update(
            Content.from_markup(
                f"[b]{data.daily_streak}[/b] {days} of "
                f"{format_minutes(targets.daily_streak_minutes)}+"
            )
        )
        card = self.query_one("#streak-card")
        card.border_subtitle = (
            "rest week"
            if data.rest_week
            else "Sat/Sun count"
            if targets.weekends_count
            else "Sat/Sun optional"
        )

    def selected_domain(self) -> str | None:
        return self.query_one(DomainList).selected_domain()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_domain()


def _status(minutes: int, target: int) -> str:
    if target <= 0:
        return ""
    left = target - minutes
    return "[$text-success]met ✓[/]" if left <= 0 else f"{format_minutes(left)} to go"
