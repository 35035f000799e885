"""This week's minutes split by kind of learning, against the weekly target."""

from collections.abc import Mapping
from typing import ClassVar

from textual.content import Content
from textual.widget import Widget

from polymath.core.durations import format_minutes
from polymath.core.kinds import KINDS

KIND_STYLES = {"read": "$primary", "reflect": "$accent", "experiment": "$success"}
"""One theme colour per kind; the dashboard's legend uses the same."""


class KindBar(Widget):
    """A bar as long as the target, filled by read, reflect and experiment in turn."""

    DEFAULT_CSS = """
    KindBar {
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._kinds: Mapping[str, int] = {}
        self._target = 0

    def show(self, kinds: Mapping[str, int], target: int) -> None:
        self._kinds, self._target = kinds, target
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width or 30
        total = sum(self._kinds.get(k, 0) for k in KINDS)
        scale = max(total, self._target) or 1
        # Largest remainders, so the segments always add up to the filled length.
        exact = {k: width * self._kinds.get(k, 0) / scale for k in KINDS}
        cells = {k: int(v) for k, v in exact.items()}
        filled = round(width * total / scale)
        for kind in sorted(KINDS, key=lambda k: exact[k] - cells[k], reverse=True):
            if sum(cells.values()) >= filled:
                break
            cells[kind] += 1
        parts: list[tuple[str, str]] = [("█" * cells[k], KIND_STYLES[k]) for k in KINDS]
        parts.append(("░" * (width - sum(cells.values())), "$foreground 25%"))
        return Content.assemble(*parts)


class KindLegend(Widget):
    """What each colour of the kind bar is, with its minutes; shortens the words when narrow."""

    DEFAULT_CSS = """
    KindLegend {
        height: 1;
        width: 1fr;
    }
    """

    NAMES: ClassVar[tuple[dict[str, str], ...]] = (
        {"read": " read", "reflect": " reflect", "experiment": " experiment"},
        {"read": " read", "reflect": " refl.", "experiment": " exp."},
        {"read": "read", "reflect": "refl.", "experiment": "exp."},
        {"read": "r", "reflect": "rf", "experiment": "x"},
    )
    """From the full words down to letters: the widest that fits is shown."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._kinds: Mapping[str, int] = {}

    def show(self, kinds: Mapping[str, int]) -> None:
        self._kinds = kinds
        self.refresh()

    def _legend(self, names: dict[str, str]) -> Content:
        parts: list[Content | tuple[str, str] | str] = []
        for kind in KINDS:
            minutes = self._kinds.get(kind, 0)
            style = "" if minutes else "$text-warning"
            if parts:
                parts.append(" ")
            parts += [("■", KIND_STYLES[kind]), (f"{names[kind]} {format_minutes(minutes)}", style)]
        return Content.assemble(*parts)

    def render(self) -> Content:
        width = self.content_size.width or 80
        for names in self.NAMES:
            legend = self._legend(names)
            if legend.cell_length <= width:
                return legend
        return legend


class Meter(Widget):
    """A single bar filled to value / target; green once the target is met."""

    DEFAULT_CSS = """
    Meter {
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._value = 0
        self._target = 0

    def show(self, value: int, target: int) -> None:
        self._value, self._target = value, target
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width or 20
        if self._target <= 0:
            return Content.styled("░" * width, "$foreground 25%")
        filled = min(width, round(width * self._value / self._target))
        style = "$success" if self._value >= self._target else "$primary"
        return Content.assemble(("█" * filled, style), ("░" * (width - filled), "$foreground 25%"))
