"""The dashboard's domains: this week's minutes (against a weekly goal), level, a sparkline of
recent weeks, total hours."""

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from polymath.core.text import cell_width, display
from polymath.services.dashboard import DomainRow
from polymath.tui.text import format_minutes, hours, level_label

BARS = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 12
GAP = "  "


def sparkline(minutes: Sequence[int]) -> Content:
    """One bar a week, scaled from zero to the domain's best week; stronger colour, more time."""
    top = max(minutes, default=0)
    parts: list[tuple[str, str]] = []
    for value in minutes:
        if value <= 0 or top <= 0:
            parts.append(("▁", "$foreground 20%"))
            continue
        ratio = value / top
        parts.append((BARS[min(7, round(ratio * 7))], f"$accent {40 + round(60 * ratio)}%"))
    return Content.assemble(*parts)


def _this_week(row: DomainRow) -> Content:
    """The week's minutes, against the domain's weekly goal when it has one (``45m/2h``, ``✓``
    once met); muted when nothing was learned."""
    week = format_minutes(row.week_minutes)
    if row.goal_minutes is None:
        return Content.styled(week, "" if row.week_minutes else "$foreground 55%")
    goal = f"/{format_minutes(row.goal_minutes)}"
    if row.week_minutes >= row.goal_minutes:
        return Content.assemble((week + goal, "$text-success"), ("✓", "$text-success"))
    return Content.assemble(
        (week, "" if row.week_minutes else "$foreground 55%"), (goal, "$foreground 55%"), " "
    )


class DomainList(Vertical):
    """A header and one line a domain; the highlighted line is the domain ``s`` and ``l`` act on.

    An OptionList of Content lines rather than a DataTable: the table's first paint (Rich
    rendering cell by cell) was the largest single cost of the dashboard's start.
    """

    DEFAULT_CSS = """
    DomainList {
        height: 1fr;
    }
    DomainList > #domain-header {
        height: 1;
        color: $text-primary;
        text-style: bold;
    }
    DomainList > OptionList {
        height: 1fr;
        max-height: 100%;
        background: transparent;
    }
    DomainList > #empty-hint {
        display: none;
        padding: 0 1;
        color: $foreground-muted;
    }
    """

    def __init__(
        self, *, empty: str = "", id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: Sequence[DomainRow] = ()
        self._shown_width = -1
        self._empty = empty
        """Markup shown inside the panel, under the header, while there is no domain."""

    def compose(self) -> ComposeResult:
        yield Static(id="domain-header")
        yield Static(self._empty, id="empty-hint")
        yield OptionList(id="domain-options", compact=True)

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def _width(self) -> int:
        """The width for the columns; before the first layout, the window's (the list spans it)."""
        return self.content_size.width or self.app.size.width - self.styles.gutter.width

    def show(self, rows: Sequence[DomainRow]) -> None:
        """Replace the lines, keeping the highlight on the same domain."""
        self._rows = rows
        self._shown_width = self._width()
        self.query_one("#empty-hint").display = not rows
        selected = self.selected_domain()
        levels = [level_label(r.level) for r in rows]
        totals = [hours(r.total_minutes) for r in rows]
        weeks = [_this_week(r) for r in rows]
        level_width = max([11, *map(len, levels)])
        total_width = max([7, *map(len, totals)])
        week_width = max([9, *(w.cell_length for w in weeks)])
        # Two margins of one, four gaps, and room for the scrollbar when the list is long.
        fixed = week_width + level_width + SPARK_WIDTH + 1 + total_width + 4 * len(GAP) + 2 + 2
        longest = max([6, *(cell_width(display(r.name)) for r in rows)])
        name_width = max(12, min(32, longest, self._shown_width - fixed))
        header = " " + GAP.join(
            [
                "Domain".ljust(name_width),
                "This week".rjust(week_width),
                "Level (1-5)".ljust(level_width),
                "Last 12 weeks",
                "Total".rjust(total_width),
            ]
        )
        self.query_one("#domain-header", Static).update(Content(header))
        options = []
        for row, level, total, week in zip(rows, levels, totals, weeks, strict=True):
            name = Content(display(row.name)).truncate(name_width, ellipsis=True, pad=True)
            line = Content.assemble(
                " ",
                name,
                GAP + " " * (week_width - week.cell_length),
                week,
                GAP,
                (level.ljust(level_width), "" if row.level else "$foreground 55%"),
                GAP,
                sparkline(row.weekly_minutes),
                " ",
                GAP,
                total.rjust(total_width),
                " ",
            )
            options.append(Option(line, id=row.name))
        option_list = self.options
        option_list.set_options(options)
        names = [r.name for r in rows]
        if options:
            option_list.highlighted = names.index(selected) if selected in names else 0

    def on_resize(self) -> None:
        if self._rows and self._width() != self._shown_width:
            self.show(self._rows)

    def selected_domain(self) -> str | None:
        option = self.options.highlighted_option
        return option.id if option is not None else None
