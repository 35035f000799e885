"""A domain's level history drawn against the hours logged in it: how many hours each level took."""

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from textual.content import Content
from textual.widget import Widget

from polymath.core.levels import LEVEL_NAMES

LABEL_WIDTH = max(len(f"{level} {name}") for level, name in LEVEL_NAMES.items()) + 1


class LevelMark(Protocol):
    """What the chart needs of an assessment (``services.domains.LevelPoint`` fits)."""

    @property
    def day(self) -> date: ...
    @property
    def level(self) -> int: ...
    @property
    def cumulative_hours(self) -> float: ...


class LevelChart(Widget):
    """Levels 1-5 up the side, cumulative hours along the bottom, a step at each assessment."""

    DEFAULT_CSS = """
    LevelChart {
        height: 7;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._points: Sequence[LevelMark] = ()
        self._total_hours = 0.0

    def show(self, points: Sequence[LevelMark], total_hours: float) -> None:
        self._points, self._total_hours = points, total_hours
        self.refresh()

    def render(self) -> Content:
        if not self._points:
            return Content.from_markup(
                "[$foreground-muted]No level assessed yet: press [b]a[/b] to record one\n"
                "(1 novice .. 5 expert).[/]"
            )
        width = max(10, (self.content_size.width or 60) - LABEL_WIDTH - 1)
        span = max(self._total_hours, max(p.cumulative_hours for p in self._points)) or 1.0
        columns = [round(p.cumulative_hours / span * (width - 1)) for p in self._points]
        rows: dict[int, list[tuple[str, str]]] = {
            level: [(" ", "")] * width for level in LEVEL_NAMES
        }
        for index, (point, column) in enumerate(zip(self._points, columns, strict=True)):
            end = columns[index + 1] if index + 1 < len(columns) else width
            for x in range(column + 1, end):
                rows[point.level][x] = ("─", "$primary")
            rows[point.level][column] = ("●", "$accent")
        lines = []
        for level in sorted(LEVEL_NAMES, reverse=True):
            label = Content(f"{level} {LEVEL_NAMES[level]}".ljust(LABEL_WIDTH))
            lines.append(Content.assemble(label.stylize("$foreground-muted"), "│", *rows[level]))
        lines.append(Content(" " * LABEL_WIDTH + "└" + "─" * width).stylize("$foreground-muted"))
        left, right = "0 h", f"{span:,.0f} h logged"
        axis = " " * (LABEL_WIDTH + 1) + left + right.rjust(width - len(left))
        lines.append(Content(axis).stylize("$foreground-muted"))
        return Content("\n").join(lines)
