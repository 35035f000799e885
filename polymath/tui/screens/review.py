"""The weekly review on screen: the CLI's review, with a chart of the days and week navigation;
the week shown can be planned as a rest week (or no longer be one)."""

from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static

from polymath.core.calendar import Week, week_of
from polymath.core.levels import level_name
from polymath.core.review import WeekReview
from polymath.core.rules import KEPT, MISSED, RESTING, UNDER_WAY
from polymath.tui.errors import reported_to
from polymath.tui.screens.base import STYLES, PolymathScreen
from polymath.tui.text import escape, format_minutes, meter, signed
from polymath.tui.widgets.key_bar import KeyBar
from polymath.tui.widgets.kind_bar import KIND_STYLES
from polymath.tui.widgets.target_bars import Bar, TargetBars

if TYPE_CHECKING:
    from polymath.tui.dialogs.form import Saved

MUTED = "$foreground-muted"


class ReviewScreen(PolymathScreen):
    """One week at a time; ``[`` and ``]`` move, never past the current week."""

    CSS_PATH = STYLES / "review.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "previous_week", "Prev week", key_display="["),
        Binding("right_square_bracket", "next_week", "Next week", key_display="]"),
        Binding("t", "this_week", "This week", show=False),
        Binding("e", "export", "Export"),
        Binding("w", "rest_week", "Rest week"),
        Binding("escape", "app.show('dashboard')", "Back", show=False),
    ]

    @dataclass
    class Loaded(Message):
        review: WeekReview

    def __init__(self) -> None:
        super().__init__()
        self.week: Week | None = None
        self.review: WeekReview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-title")
        with VerticalScroll(id="review-body"), Horizontal(id="review-columns"):
            with Vertical(id="review-left"):
                yield self._panel("total", "Total")
                yield self._panel("by-domain", "By domain")
                yield self._panel("by-kind", "By kind")
                yield self._panel("streaks", "Streaks")
            with Vertical(id="review-right"):
                with Vertical(id="by-day-panel", classes="panel"):
                    yield TargetBars(note_row=True, id="by-day")
                    yield Static(id="by-day-marks", classes="muted")
                yield self._panel("competence", "Competence")
                yield self._panel("integration", "Integration")
                yield self._panel("next", "Next")
        yield KeyBar()

    @staticmethod
    def _panel(id: str, title: str) -> Static:
        panel = Static(id=id, classes="panel")
        panel.border_title = title
        return panel

    def on_mount(self) -> None:
        self.sub_title = "Weekly review"
        self.query_one("#review-body").focus()

    # Loading

    def reload(self) -> None:
        super().reload()
        if self.week is None:
            self.week = week_of(self.ctx.today(), self.ctx.settings.targets.week_start)
        self.load(self.week)

    @work(thread=True, exclusive=True, group="review")
    def load(self, week: Week) -> None:
        from polymath.services.review import review_week

        with reported_to(self.app, "cannot load the review"):
            self.post_message(self.Loaded(review_week(self.ctx, week)))

    def on_review_screen_loaded(self, message: Loaded) -> None:
        if message.review.week == self.week:
            self.review = message.review
            self.show(message.review)

    # Navigation

    def _current(self) -> Week:
        return week_of(self.ctx.today(), self.ctx.settings.targets.week_start)

    def action_previous_week(self) -> None:
        self.week = (self.week or self._current()).shifted(-1)
        self.load(self.week)

    def action_next_week(self) -> None:
        following = (self.week or self._current()).shifted(1)
        if following.start > self.ctx.today():
            self.notify("This is the current week: there is no review after it yet.")
            return
        self.week = following
        self.load(self.week)

    def action_this_week(self) -> None:
        self.week = self._current()
        self.load(self.week)

    # Export

    def action_export(self) -> None:
        if self.review is None:
            return
        from polymath.tui.dialogs.ask_path import AskPathDialog

        review = self.review
        self.app.push_screen(
            AskPathDialog(
                f"Save the review of {review.week.label} as Markdown to:",
                f"review-{review.week.label}.md",
            ),
            partial(self._export_to, review),
        )

    def _export_to(self, review: WeekReview, path: Path | None) -> None:
        if path is not None:
            self.export(review, path)

    @work(thread=True, group="export")
    def export(self, review: WeekReview, path: Path) -> None:
        from polymath.files import write_atomic
        from polymath.reports.review import review_text

        with reported_to(self.app, "review not exported"):
            target = path if path.is_absolute() else Path.cwd() / path
            write_atomic(review_text(review, markdown=True) + "\n", target)
            self.app.call_from_thread(
                self.notify, f"Review saved to {target}", title="Exported", markup=False
            )

    # Rest week

    def action_rest_week(self) -> None:
        """Plan the week shown as a rest week, or (asked first) make it an ordinary week again."""
        if self.review is None:
            return
        week = self.review.week
        if not self.review.rest_week:
            from polymath.tui.dialogs.rest_week import RestWeekDialog

            self.app.push_screen(RestWeekDialog(self.ctx, week), self._saved)
            return
        from polymath.tui.dialogs.confirm import ConfirmDialog

        question = (
            f"{week.label} is a planned rest week. Make it an ordinary week again? Its days "
            "count toward the streaks once more. u undoes it."
        )
        self.app.push_screen(
            ConfirmDialog(
                question, yes="Cancel rest week", no="Keep", title="Rest week", default_yes=False
            ),
            partial(self._confirmed_cancel, week),
        )

    def _saved(self, saved: "Saved | None") -> None:
        if saved is not None:
            self.papp.wrote(saved.text)

    def _confirmed_cancel(self, week: Week, yes: bool | None) -> None:
        if yes:
            self.cancel_rest_week(week)

    @work(thread=True, group="write")
    def cancel_rest_week(self, week: Week) -> None:
        from polymath.services.sessions import remove_rest_week

        with reported_to(self.app, "rest week kept"):
            removed = remove_rest_week(self.ctx, week.label)
            self.papp.post_message(
                self.papp.Written(f"{removed.label} is no longer a rest week. u undoes it.")
            )

    # Drawing

    def on_resize(self) -> None:
        if self.review is not None:  # the title line's hint fits one width, not another
            self.show(self.review)

    def _title(self, markup: str) -> None:
        """The week on the title line, with the keys that move it when the line has room (the
        key bar shows them too)."""
        title = self.query_one("#review-title", Static)
        line = Content.from_markup(markup)
        hint = Content.from_markup(
            f"   [{MUTED}][b]\\[[/b] previous · [b]][/b] next · [b]e[/b] export[/]"
        )
        room = (title.content_size.width or self.app.size.width - 2) - line.cell_length
        title.update(line + hint if hint.cell_length <= room else line)

    def show(self, review: WeekReview) -> None:
        targets = review.targets
        last = review.week.end - timedelta(days=1)
        state = ", in progress" if review.in_progress else ""
        rest = " · planned rest week" if review.rest_week else ""
        self.sub_title = f"Weekly review · {review.week.label}"
        self._title(
            f"[b]Week {review.week.label}[/b] ({review.week.start:%a %d %b} - "
            f"{last:%a %d %b %Y}){state}{rest}"
        )
        percent = round(100 * review.total_minutes / targets.weekly_minutes)
        status = (
            "[$text-success]target met ✓[/]"
            if review.met
            else f"[$text-warning]{format_minutes(review.minutes_left)} to go[/]"
        )
        total = self.query_one("#total", Static)
        total.border_title = f"Total against the {format_minutes(targets.weekly_minutes)} target"
        total.update(
            Content.from_markup(
                meter(
                    review.total_minutes,
                    targets.weekly_minutes,
                    30,
                    fill="$success" if review.met else "$primary",
                    empty="$foreground 25%",
                )
                + f"\n[b]{format_minutes(review.total_minutes)}[/b] of "
                f"{format_minutes(targets.weekly_minutes)} ({percent}%), {status}"
            )
        )
        self._domains(review)
        self._kinds(review)
        self._days(review)
        self._streaks(review)
        self._competence(review)
        self._integration(review)
        self.query_one("#next", Static).update(
            Content.from_markup("\n".join(f"• {escape(a)}" for a in review.focus()))
        )

    def _domains(self, review: WeekReview) -> None:
        panel = self.query_one("#by-domain", Static)
        panel.border_title = f"By domain · {_compared_with(review)}"
        if not review.domains:
            panel.update(Content.styled("no sessions this week", MUTED))
            return
        width = min(26, max(len(d.domain) for d in review.domains))
        lines = []
        for line in review.domains:
            name = line.domain if len(line.domain) <= width else line.domain[: width - 1] + "…"
            change = ""
            if line.change is not None:
                style = "$text-success" if line.change >= 0 else "$text-warning"
                change = f"  [{style}]{signed(line.change):>6}[/]"
            lines.append(f"{escape(name):<{width}} {format_minutes(line.minutes):>6}{change}")
        neglected = ", ".join(review.neglected)
        if neglected:
            lines.append(f"[$text-warning]no time for 4+ weeks: {escape(neglected)}[/]")
        panel.update(Content.from_markup("\n".join(lines)))

    def _kinds(self, review: WeekReview) -> None:
        panel = self.query_one("#by-kind", Static)
        total = max(1, review.total_minutes)
        lines = []
        for kind, minutes in review.kinds.items():
            if minutes:
                bar = meter(minutes, total, 16, fill=KIND_STYLES[kind], empty="$foreground 15%")
                lines.append(f"{kind:<11}{format_minutes(minutes):>6}  {bar}")
            else:
                lines.append(f"[$text-warning]{kind:<11}{'0m':>6}  missing[/]")
        if not review.missing_kinds:
            lines.append(f"[{MUTED}]balanced: all three kinds[/]")
        panel.update(Content.from_markup("\n".join(lines)))

    def _days(self, review: WeekReview) -> None:
        targets = review.targets
        panel = self.query_one("#by-day-panel")
        panel.border_title = (
            f"By day · [$warning]─[/] {format_minutes(targets.weekday_minutes)} weekday guideline"
        )
        self.query_one("#by-day", TargetBars).show(
            [
                Bar(
                    f"{d.day:%a}",
                    d.minutes,
                    note=format_minutes(d.minutes) if d.day <= review.today else "",
                    current=d.day == review.today,
                )
                for d in review.days
            ],
            targets.weekday_minutes,
        )
        if any(d.status == RESTING for d in review.days):
            self.query_one("#by-day-marks", Static).update("rest week: no guideline")
            return
        marks = []
        for status, word in ((KEPT, "kept"), (MISSED, "missed"), (UNDER_WAY, "under way")):
            days = [f"{d.day:%a}" for d in review.days if d.status == status]
            if days:
                marks.append(f"{word} {' '.join(days)}")
        self.query_one("#by-day-marks", Static).update(" · ".join(marks))

    def _streaks(self, review: WeekReview) -> None:
        targets = review.targets
        weeks = "week" if review.weekly_streak == 1 else "weeks"
        days = "day" if review.daily_streak == 1 else "days"
        self.query_one("#streaks", Static).update(
            Content.from_markup(
                f"weekly [b]{review.weekly_streak}[/b] {weeks} of "
                f"{format_minutes(targets.weekly_minutes)}+ "
                f"[{MUTED}](longest {review.longest_weekly_streak})[/]\n"
                f"daily  [b]{review.daily_streak}[/b] {days} of "
                f"{format_minutes(targets.daily_streak_minutes)}+ "
                f"[{MUTED}](longest {review.longest_daily_streak})[/]"
            )
        )

    def _competence(self, review: WeekReview) -> None:
        panel = self.query_one("#competence", Static)
        panel.border_title = "Competence (levels 1-5)"
        if not review.level_changes:
            panel.update(Content.styled("no level recorded this week", MUTED))
            return
        lines = []
        for change in review.level_changes:
            before = f"{change.before} → " if change.before else ""
            note = f" [{MUTED}]{escape(change.note)}[/]" if change.note else ""
            lines.append(
                f"{escape(change.domain)}: {before}[b]{change.after}[/b] "
                f"{level_name(change.after)} ({change.day:%a}){note}"
            )
        panel.update(Content.from_markup("\n".join(lines)))

    def _integration(self, review: WeekReview) -> None:
        panel = self.query_one("#integration", Static)
        panel.border_title = "Integration (sessions linking two domains)"
        if not review.integration:
            panel.update(Content.styled("no session linked two domains", MUTED))
            return
        panel.update(
            Content.from_markup(
                "\n".join(
                    f"{escape(i.a)} + {escape(i.b)}: [b]{format_minutes(i.minutes)}[/b]"
                    for i in review.integration
                )
            )
        )


def _compared_with(review: WeekReview) -> str:
    """What each domain's change is measured against, short enough for the panel's border."""
    weeks = review.trend_weeks
    if not weeks:
        return "first week: nothing to compare"
    before = "the week before" if weeks == 1 else f"{weeks} weeks before"
    if review.trend_days == 7:
        return f"vs {before}"
    last = review.week.start + timedelta(days=review.trend_days - 1)
    days = (
        f"{review.week.start:%a}" if review.trend_days == 1 else f"{review.week.start:%a}-{last:%a}"
    )
    return f"vs {days} of {before}"
