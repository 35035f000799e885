"""Vertical bars against a target line: the last weeks on the dashboard, the days of a review."""

from collections.abc import Sequence
from typing import NamedTuple

from textual.content import Content
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
TARGET_LINE = "─"


class Bar(NamedTuple):
    label: str
    minutes: int
    note: str = ""
    """A second label under the bar (a day's minutes), shown when the bar is wide enough."""
    current: bool = False
    """The week or day still under way: its label is emphasised."""


class TargetBars(Widget):
    """Bars that reach the target turn green; the target is a line across the chart."""

    DEFAULT_CSS = """
    TargetBars {
        height: 9;
        width: 1fr;
    }
    """

    def __init__(
        self,
        *,
        note_row: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._bars: Sequence[Bar] = ()
        self._target = 0
        self._note_row = note_row

    def show(self, bars: Sequence[Bar], target: int) -> None:
        self._bars, self._target = bars, target
        self.refresh()

    def render(self) -> Content:
        if not self._bars:
            return Content("")
        width = self.content_size.width or 36
        label_rows = 2 if self._note_row else 1
        rows = max(2, (self.content_size.height or 9) - label_rows)
        slot = max(2, width // len(self._bars))
        bar_width = slot - 1 if slot < 5 else slot - 2
        top = max(max(b.minutes for b in self._bars), self._target) * 1.1 or 1
        unit = top / rows
        target_row = min(rows - 1, int(self._target / unit)) if self._target else -1
        lines: list[Content] = []
        for row in range(rows - 1, -1, -1):
            parts: list[Content | tuple[str, str] | str] = []
            for bar in self._bars:
                eighths = max(0, min(8, round((bar.minutes - row * unit) / unit * 8)))
                met = self._target and bar.minutes >= self._target
                style = "$success" if met else "$primary"
                if eighths:
                    parts.append((EIGHTHS[eighths] * bar_width, style))
                elif row == target_row:
                    parts.append((TARGET_LINE * bar_width, "$warning"))
                else:
                    parts.append(" " * bar_width)
                gap = slot - bar_width
                if row == target_row:
                    parts.append((TARGET_LINE * gap, "$warning"))
                else:
                    parts.append(" " * gap)
            lines.append(Content.assemble(*parts))
        lines.append(self._labels([b.label for b in self._bars], slot, bar_width, emphasis=True))
        if self._note_row:
            lines.append(self._labels([b.note for b in self._bars], slot, bar_width))
        return Content("\n").join(lines)

    def _labels(
        self, texts: list[str], slot: int, bar_width: int, emphasis: bool = False
    ) -> Content:
        parts: list[tuple[str, str]] = []
        for bar, text in zip(self._bars, texts, strict=True):
            cell = text[:slot].center(bar_width) if len(text) <= bar_width else text[:slot]
            style = "bold $text" if emphasis and bar.current else "$foreground-muted"
            parts.append((cell.ljust(slot), style))
        return Content.assemble(*parts)
