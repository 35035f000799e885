"""A year of daily minutes as a contributions calendar: one column a week, one row a weekday."""

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

from rich.color import ColorSystem
from textual.color import Color
from textual.content import Content
from textual.widget import Widget

from polymath.core.calendar import WEEKDAYS
from polymath.tui.text import format_minutes

CELL = "■"
EMPTY_ALPHA = 0.12
ALPHAS = (0.35, 0.6, 0.85, 1.0)
"""How much of the theme's success colour each of the four levels of ``YearHeatmap.thresholds``
lays over the background, lightest first (an empty day is the foreground at ``EMPTY_ALPHA``)."""
LABEL_WIDTH = 4


ANSI_SHADES = (
    "ansi_bright_black",
    "dim ansi_green",
    "ansi_green",
    "ansi_bright_green",
    "bold ansi_bright_green",
)
"""The shades in a theme of the terminal's own 16 colours, where colours cannot be mixed: its
two greens, told apart further by dim and bold (how far depends on the terminal)."""


@lru_cache(maxsize=16)
def shades(background: str, foreground: str, success: str) -> tuple[str, ...]:
    """The five shades as colours: an empty day, then the four levels, lightest first.

    Each level starts from its share in ``ALPHAS`` and moves, a step at a time and never past
    the stronger level, until a terminal of 256 colours (tmux's default) shows it apart from
    every stronger level and from the empty day: there, two nearby greens are otherwise rounded
    to the same colour.
    """
    base, colour = Color.parse(background), Color.parse(success)
    if base.ansi is not None or colour.ansi is not None:
        return ANSI_SHADES
    empty = base.blend(Color.parse(foreground), EMPTY_ALPHA)
    taken = [_in_256(empty)]
    chosen: list[Color] = []
    ceiling = 1.01
    for nominal in reversed(ALPHAS):
        candidates = [nominal + step / 100 * sign for step in range(60) for sign in (-1, 1)]
        alpha = next(
            (
                a
                for a in candidates
                if 0.05 < a < ceiling and _in_256(base.blend(colour, a)) not in taken
            ),
            nominal,  # no distinct colour left: keep the intended one
        )
        shade = base.blend(colour, alpha)
        taken.append(_in_256(shade))
        chosen.append(shade)
        ceiling = alpha
    return (empty.hex, *(c.hex for c in reversed(chosen)))


def _in_256(colour: Color) -> int | None:
    """The colour a 256-colour terminal shows for ``colour`` (its palette index)."""
    return colour.rich_color.downgrade(ColorSystem.EIGHT_BIT).number


class YearHeatmap(Widget):
    """Daily minutes over the last year; shows as many recent weeks as the width allows."""

    DEFAULT_CSS = """
    YearHeatmap {
        height: 9;
        width: 1fr;
    }
    """

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._days: Mapping[date, int] = {}
        self._first = date.today()
        self._today = self._first
        self._week_start = 0
        self.thresholds: tuple[int, int, int] = (15, 60, 120)
        """Minutes at which a day reaches shades 2, 3 and 4 (shade 1 is any learning at all)."""

    def show(
        self,
        days: Mapping[date, int],
        *,
        first_day: date,
        today: date,
        week_start: int,
        thresholds: tuple[int, int, int],
    ) -> None:
        """Draw ``days`` (minutes per local day) from the week of ``first_day`` up to ``today``."""
        self._days, self._first, self._today = days, first_day, today
        self._week_start, self.thresholds = week_start, thresholds
        self.refresh()

    def shade(self, minutes: int) -> int:
        if minutes <= 0:
            return 0
        return 1 + sum(minutes >= t for t in self.thresholds)

    def _weeks(self, width: int) -> list[date]:
        current = self._today - timedelta(days=(self._today.weekday() - self._week_start) % 7)
        total = (current - self._first).days // 7 + 1
        shown = max(1, min(total, width - LABEL_WIDTH))
        return [current - timedelta(weeks=n) for n in range(shown - 1, -1, -1)]

    def shades(self) -> tuple[str, ...]:
        """The five shades in the current theme, over this widget's background."""
        theme = self.app.get_css_variables()
        background = self.background_colors[1]
        if background.a == 0:
            background = Color.parse(theme["background"])
        return shades(background.hex, theme["foreground"], theme["success"])

    def render(self) -> Content:
        palette = self.shades()
        weeks = self._weeks(self.content_size.width or 57)
        lines = [self._months(weeks)]
        for row in range(7):
            weekday = (self._week_start + row) % 7
            label = WEEKDAYS[weekday][:3].title() if row % 2 == 0 else ""
            cells = [Content(f"{label:<{LABEL_WIDTH}}").stylize("$foreground-muted")]
            for start in weeks:
                day = start + timedelta(days=row)
                if day > self._today:
                    cells.append(Content(" "))
                else:
                    shade = palette[self.shade(self._days.get(day, 0))]
                    cells.append(Content.styled(CELL, shade))
            lines.append(Content.assemble(*cells))
        lines.append(self._legend(palette))
        return Content("\n").join(lines)

    def _months(self, weeks: list[date]) -> Content:
        """Each month's name above the first week starting in it, where there is room."""
        text = [" "] * (LABEL_WIDTH + len(weeks) + 3)
        starts = [
            column
            for column, start in enumerate(weeks)
            if column == 0 or start.month != weeks[column - 1].month
        ]
        free_from = 0
        for index, column in enumerate(starts):
            following = starts[index + 1] if index + 1 < len(starts) else len(weeks)
            if following - column < 4 and index == 0:
                continue  # a partial first month: its name would crowd the next
            position = LABEL_WIDTH + column
            if position >= free_from and column + 3 <= len(weeks):
                text[position : position + 3] = f"{weeks[column]:%b}"
                free_from = position + 4
        return Content("".join(text).rstrip()).stylize("$foreground-muted")

    def _legend(self, palette: tuple[str, ...]) -> Content:
        """The shades with the minutes each stands for; tighter when the width is short."""
        low, mid, high = self.thresholds
        labels = (
            "none",
            f"<{format_minutes(low)}",
            f"{format_minutes(low)}+",
            f"{format_minutes(mid)}+",
            f"{format_minutes(high)}+",
        )
        width = self.content_size.width or 80
        legend = Content("")
        for space, gap, unit in ((" ", "  ", "a day"), (" ", " ", "a day"), ("", " ", "")):
            parts: list[Content | tuple[str, str] | str] = [" " * LABEL_WIDTH]
            for shade, label in zip(palette, labels, strict=True):
                parts += [(CELL, shade), f"{space}{label}{gap}"]
            parts.append((unit, "$foreground-muted"))
            legend = Content.assemble(*parts).rstrip()
            if legend.cell_length <= width:
                break
        return legend
