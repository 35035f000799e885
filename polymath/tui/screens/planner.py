"""Suggested skill stacks with their reasons, and progress toward the adopted stack.

The planner (SQLAlchemy, NumPy, SciPy) is imported by the screen's worker when it first runs.
Enter adopts the highlighted stack: a stack is three of the person's *domains*, while a
suggestion names population *areas*, some of them new, which become domains first (the
adopt dialog asks their names).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from polymath.core.errors import PolymathError
from polymath.core.levels import level_name
from polymath.core.text import cell_width, display
from polymath.tui.errors import error_text
from polymath.tui.screens.base import STYLES, PolymathScreen
from polymath.tui.text import escape, format_minutes, hours
from polymath.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from polymath.graph.planner import Suggestion
    from polymath.services.planner import StackProgress
    from polymath.tui.dialogs.form import Saved

MIN_LEVEL, MAX_LEVEL = 2, 5
ATYPICAL, CONVENTIONAL = "atypical", "conventional"
"""The planner's labels of a pair (``graph.labels``), as the rows mark them."""
TOP = 10
GAP = "  "
MUTED = "$foreground-muted"
NEW_STYLE = "$text-success"
COLUMNS = (("Rarity", 9), ("Bridge", 6), ("Rare", 5), ("Weeks", 7), ("Integr.", 7))
"""The figures of a suggestion after its areas: header and width of each. Bridge is the weaker
bridge's lift (how many times chance), Rare the rare pair's lift (share of chance)."""
HINT = "+ new area · enter adopts the highlighted stack"
COMPUTING = "computing suggestions…"
WIDE_AREAS = 56
"""Below this width for the areas, the figures move to the second line of a suggestion."""


@dataclass(frozen=True)
class PlanRequest:
    """The options of one search; an answer to an older request is dropped when it lands."""

    new: int = 1
    anchor: str | None = None
    target_level: int = 3

    def describe(self, kept: Sequence[str] = (), *, room: int = 1000) -> str:
        """The options in words, in ``room`` cells when a shorter wording fits there."""
        areas = "1 new area" if self.new == 1 else "2 new areas"
        anchor = display(self.anchor or (", ".join(kept) if kept else "your defining domain"))
        level = f"level {self.target_level} {level_name(self.target_level)}"
        long = f"{areas} · keeping {anchor} · target {level}"
        if cell_width(long) <= room:
            return long
        return f"{self.new} new · {anchor} · level {self.target_level}"


class SuggestionList(OptionList):
    """An OptionList that says when its width changes, so the screen lays the rows out again."""

    class Resized(Message):
        """The list's width changed (several in a row are handled once)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, SuggestionList.Resized)

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class PlannerScreen(PolymathScreen):
    """Ranked stacks from ``services.planner.suggest``; the highlighted one is explained below."""

    CSS_PATH = STYLES / "planner.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "adopt", "Adopt", priority=True),
        Binding("n", "toggle_new", "1/2 new"),
        Binding("a", "next_anchor", "Anchor"),
        Binding("plus,equals_sign", "level(1)", "Level +", key_display="+"),
        Binding("minus", "level(-1)", "Level -", key_display="-"),
        Binding("escape", "back", "Back", show=False),
    ]

    @dataclass
    class Loaded(Message):
        """The search's answer, or the one-line reason it has none (``error``)."""

        request: PlanRequest
        suggestions: "Sequence[Suggestion]"
        anchors: Sequence[str]
        stack: "StackProgress | None"
        error: str | None = None
        notes: str = ""
        """The pace, and what was set aside beyond the horizon, in one line."""
        kept: Sequence[str] = ()
        """The domains every suggestion keeps (the defining domain when no anchor is chosen)."""

    def __init__(self) -> None:
        super().__init__()
        self.request = PlanRequest()
        self.suggestions: Sequence[Suggestion] = ()
        self.anchors: Sequence[str] = ()
        """The person's domains mapped to an area, in the order ``a`` cycles through them."""
        self.stack: StackProgress | None = None
        self.kept: Sequence[str] = ()
        """The domains the shown suggestions keep (the defining domain when none is chosen)."""
        self._shown_width = -1

    def compose(self) -> ComposeResult:
        yield Header()
        stack = Static(id="stack", classes="panel")
        stack.border_title = "Adopted stack"
        yield stack
        with Vertical(id="planner-body"):
            with Vertical(id="suggestion-panel", classes="panel") as panel:
                panel.border_title = "Suggestions"
                panel.border_subtitle = HINT
                yield Static(id="suggestion-header")
                yield SuggestionList(id="suggestions", compact=True)
                yield Static(id="planner-message")
            with VerticalScroll(id="suggestion-detail", classes="panel") as detail:
                detail.border_title = "Why"
                yield Static(id="detail-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Planner"
        self.query_one("#suggestions", OptionList).focus()

    # Loading

    def reload(self) -> None:
        super().reload()
        self.load_plan(self.request)

    def load_plan(self, request: PlanRequest) -> None:
        """Search again for ``request``; the list shows a loading indicator until it lands."""
        self.request = request
        panel = self.query_one("#suggestion-panel")
        panel.border_title = f"Suggestions · {request.describe(self.kept, room=self._title_room())}"
        panel.border_subtitle = COMPUTING
        self.query_one("#suggestions", OptionList).loading = True
        self.search(request)

    @work(thread=True, exclusive=True, group="planner")
    def search(self, request: PlanRequest) -> None:
        """Read the profile and search in this thread: the heavy imports happen here."""
        from polymath.services import planner

        worker = get_current_worker()
        try:
            found = planner.plan(
                self.ctx,
                anchor=request.anchor,
                new=request.new,
                target_level=request.target_level,
                top=TOP,
            )
            problem = None if found.problem is None else error_text(found.problem)
            notes, kept = "", found.kept.names if found.kept else ()
            if found.plan is not None:
                notes = " ".join(
                    part
                    for part in (
                        f"At {found.plan.pace.describe()}.",
                        found.plan.set_aside_sentence(),
                    )
                    if part
                )
            loaded = self.Loaded(
                request, found.suggestions, found.anchors, found.stack, problem, notes, kept
            )
        except PolymathError as exc:
            loaded = self.Loaded(request, [], [], None, error=error_text(exc))
        except OSError as exc:
            loaded = self.Loaded(request, [], [], None, error=exc.strerror or str(exc))
        if not worker.is_cancelled:
            self.post_message(loaded)

    def on_planner_screen_loaded(self, message: Loaded) -> None:
        if message.request != self.request:
            return
        self.anchors = message.anchors
        self.suggestions = message.suggestions
        self.kept = message.kept
        self.stack = message.stack
        self._show_stack(message.stack)
        panel = self.query_one("#suggestion-panel")
        self._show_title()
        panel.border_subtitle = message.notes or HINT
        options = self.query_one("#suggestions", OptionList)
        options.loading = False
        text = message.error
        if text is None and not message.suggestions:
            text = (
                "No stack passes the rules here: none has a significant, substantial rare pair "
                "or bridge within reach. Try another anchor (a) or two new areas (n). "
                + message.notes
            ).strip()
        self.set_class(text is not None, "-failed")
        self.refresh_bindings()  # enter adopts only while there is a suggestion
        self.query_one("#planner-message", Static).update(
            Content.from_markup(f"[$text-warning]{escape(text[:1].upper() + text[1:])}[/]")
            if text
            else ""
        )
        self._fill(highlight=0)

    # Keys

    def action_toggle_new(self) -> None:
        self.load_plan(replace(self.request, new=3 - self.request.new))

    def action_next_anchor(self) -> None:
        """None, then each mapped domain in turn, then none again."""
        if not self.anchors:
            self.notify("None of your domains is mapped to an area yet.", severity="warning")
            return
        cycle: list[str | None] = [None, *self.anchors]
        at = cycle.index(self.request.anchor) if self.request.anchor in cycle else 0
        self.load_plan(replace(self.request, anchor=cycle[(at + 1) % len(cycle)]))

    def action_level(self, step: int) -> None:
        level = self.request.target_level + step
        if not MIN_LEVEL <= level <= MAX_LEVEL:
            self.notify(f"The target level goes from {MIN_LEVEL} to {MAX_LEVEL}.")
            return
        self.load_plan(replace(self.request, target_level=level))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "adopt":
            return bool(self.suggestions) and not self.has_class("-failed")
        return True

    def action_adopt(self) -> None:
        """Adopt the highlighted stack (its new areas become domains first: the dialog asks)."""
        index = self.query_one("#suggestions", OptionList).highlighted
        if index is None or not 0 <= index < len(self.suggestions) or self.has_class("-failed"):
            return
        from polymath.tui.dialogs.adopt import AdoptDialog

        adopted = self.stack.members if self.stack is not None else ()
        self.app.push_screen(AdoptDialog(self.ctx, self.suggestions[index], adopted), self._adopted)

    def _adopted(self, saved: "Saved | None") -> None:
        if saved is not None:
            self.papp.wrote(saved.text)

    # Drawing

    def _show_title(self) -> None:
        panel = self.query_one("#suggestion-panel")
        panel.border_title = (
            f"Suggestions · {self.request.describe(self.kept, room=self._title_room())}"
        )

    def on_suggestion_list_resized(self, _message: SuggestionList.Resized) -> None:
        self._show_title()
        if self.suggestions and self._list_width() != self._shown_width:
            options = self.query_one("#suggestions", OptionList)
            self._fill(highlight=options.highlighted or 0)

    def _title_room(self) -> int:
        """Cells for the options in the suggestions' title (the border, its corners and the
        word "Suggestions" take the rest)."""
        width = self.query_one("#suggestion-panel").size.width or self.app.size.width
        return width - len("╭─ Suggestions ·  ─╮") - 1

    def _list_width(self) -> int:
        """The room for a row, always leaving the scrollbar's (ten rows of two lines scroll on
        most terminals); before the first layout, the window's width less the panel's border."""
        options = self.query_one("#suggestions", OptionList)
        outer = options.size.width - options.styles.gutter.width or self.app.size.width - 4
        return outer - options.styles.scrollbar_size_vertical

    def _fill(self, *, highlight: int) -> None:
        width = self._shown_width = self._list_width()
        area_width = max(20, width - 4 - sum(len(GAP) + w for _, w in COLUMNS) - 1)
        wide = area_width >= WIDE_AREAS
        title = "The rare pair, and the area bridging it" if wide else "Rare pair / bridge"
        header = " #  " + title[:area_width].ljust(area_width)
        header += "".join(GAP + name.rjust(w) for name, w in COLUMNS)
        self.query_one("#suggestion-header", Static).update(Content(header))
        options = self.query_one("#suggestions", OptionList)
        options.set_options(
            Option(_row(n, s, area_width, wide=wide), id=str(n))
            for n, s in enumerate(self.suggestions, 1)
        )
        if self.suggestions:
            options.highlighted = min(highlight, len(self.suggestions) - 1)
        else:
            self._show_detail(None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail(event.option_index)

    def _show_detail(self, index: int | None) -> None:
        detail = self.query_one("#suggestion-detail")
        text = self.query_one("#detail-text", Static)
        if index is None or index >= len(self.suggestions):
            detail.border_title = "Why"
            text.update(Content.styled("Nothing to explain yet.", MUTED))
            return
        suggestion = self.suggestions[index]
        detail.border_title = f"Why #{index + 1} · score {suggestion.score:.2f}"
        text.update(_explanation(suggestion))

    def _show_stack(self, progress: "StackProgress | None") -> None:
        panel = self.query_one("#stack", Static)
        if progress is None:
            panel.border_title = "Adopted stack"
            panel.update(
                Content.from_markup(
                    f"[{MUTED}]None yet. Highlight a suggestion below and press [b]enter[/b] to "
                    "adopt it; its new areas become domains of yours first.[/]"
                )
            )
            return
        target = progress.target_level
        panel.border_title = f"Adopted stack · target level {target} {level_name(target)}"
        parts = []
        for profile in progress.profiles:
            level = profile.level or 0
            reached = " [$text-success]✓[/]" if level >= target else f"→{target}"
            parts.append(
                f"[b]{escape(profile.name)}[/b] level {level or '-'}{reached} "
                f"{hours(profile.total_minutes)}"
            )
        missing = [m for m in progress.members if m not in {p.name for p in progress.profiles}]
        parts.extend(f"[$text-warning]{escape(m)}: no longer a domain[/]" for m in missing)
        parts.append(f"integration {format_minutes(progress.integration_minutes)}")
        if progress.projected is not None:
            earliest, likely, latest = progress.projected
            parts.append(
                f"reached around [b]{likely:%b %Y}[/b] ({earliest:%b %Y} to {latest:%b %Y}) "
                f"at {escape(progress.pace.describe())}"
            )
        panel.update(Content.from_markup(" · ".join(parts)))


def _row(number: int, s: "Suggestion", area_width: int, *, wide: bool) -> Content:
    """Two lines: the rare pair, then the area bridging it; the figures follow the pair when
    the list is wide, and the bridge when it is narrow, so the pair is never cut short."""
    end_a, bridge, end_b = s.areas
    left, right, rare = s.labels
    bridges = [label.lift for label in (left, right) if label.label == CONVENTIONAL]
    figures = (
        _percent_range(s.rarity.low, s.rarity.high),
        f"{min(bridges):.1f}x" if bridges else "-",
        f"{rare.lift:.2f}" if rare.label == ATYPICAL else "-",
        _weeks(s.feasibility.hours, s.feasibility.weeks_low, s.feasibility.weeks_high),
        format_minutes(s.integration_minutes) if s.integration_minutes else "-",
    )
    numbers = Content("").join(
        GAP + value.rjust(w) for value, (_, w) in zip(figures, COLUMNS, strict=True)
    )
    pair_width = area_width if wide else area_width + numbers.cell_length
    first = Content.assemble(f"{number:>2}  ", _pair(end_a, end_b, s.new_areas, pair_width))
    cell = "" if s.sweet_spot else f" · {s.cell}"
    second = Content.assemble(
        "    ",
        Content.assemble(
            ("via " if not wide else "bridged by ", MUTED),
            _area(bridge, s.new_areas),
            (cell, "$text-warning"),
        ).truncate(area_width, ellipsis=True, pad=True),
    )
    if wide:
        first += numbers
    else:
        second += numbers
    return Content("\n").join([first, second])


def _pair(a: str, b: str, new_areas: Sequence[str], width: int) -> Content:
    """'A ↔ +B' in ``width`` cells, new areas marked; long names shortened, the longer first."""
    shown = [f"+{name}" if name in new_areas else name for name in (a, b)]
    first, second = fit_pair(shown[0], shown[1], width - 3)
    return Content.assemble(
        (first, NEW_STYLE if a in new_areas else ""),
        (" ↔ ", MUTED),
        (second, NEW_STYLE if b in new_areas else ""),
    ).truncate(width, pad=True)


def fit_pair(a: str, b: str, room: int) -> tuple[str, str]:
    """Shorten two names to ``room`` cells together, the longer first, so both stay readable."""
    if len(a) + len(b) <= room:
        return a, b
    half = room // 2
    if len(a) <= half:
        return a, _cut(b, room - len(a))
    if len(b) <= half:
        return _cut(a, room - len(b)), b
    return _cut(a, half), _cut(b, room - half)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _area(name: str, new_areas: Sequence[str]) -> Content:
    return Content.styled(f"+{name}", NEW_STYLE) if name in new_areas else Content(name)


def _explanation(s: "Suggestion") -> Content:
    """The sentence, the score as its sum, the three pairs with their labels, how to adopt it."""
    parts = " ".join(
        f"{name.replace('_', ' ')} {value:+.2f}" for name, value in s.score_parts.items()
    )
    lines = [escape(display(s.sentence())), f"[b]Score {s.score:.2f}[/b] = {parts}"]
    for pair, label in zip(s.pairs, s.labels, strict=True):
        lift = f"{pair.lift:.2f}" if math.isfinite(pair.lift) else "-"
        style = {ATYPICAL: "$text-warning", CONVENTIONAL: "$text-success"}.get(label.label, MUTED)
        lines.append(
            f"  {escape(display(pair.a))} + {escape(display(pair.b))}: [{style}]{label.label}"
            f"[/] (O {pair.observed} vs E {pair.expected:.1f}, lift {lift}, "
            f"P {label.p_value:.2g})"
        )
    lines.append(f"[{MUTED}]{escape(display(_adopt_hint(s)))}[/]")
    return Content.from_markup("\n".join(lines))


def _adopt_hint(s: "Suggestion") -> str:
    """How to adopt this stack, here."""
    if not s.new_areas:
        return f"Enter adopts it, with target level {s.target_level}."
    new = " and ".join(s.new_areas)
    becomes = "becomes a domain" if len(s.new_areas) == 1 else "become domains"
    return (
        f"Enter adopts it, with target level {s.target_level}: {new} {becomes} of yours first "
        "(the dialog asks the names)."
    )


def _percent_range(low: float, high: float) -> str:
    return f"{_percent(low)}-{_percent(high)}%"


def _percent(fraction: float) -> str:
    value = 100 * fraction
    if value >= 10:
        return f"{value:.0f}"
    return f"{value:.1f}" if value >= 0.95 else f"{value:.2g}"


def _weeks(hours_needed: float, low: float, high: float) -> str:
    """'10-40' weeks, '1-4y' past two years, 'done' when the levels are already reached."""
    if hours_needed <= 0:
        return "done"
    if high >= 104:
        return f"{low / 52:.0f}-{high / 52:.0f}y"
    return f"{low:.0f}-{high:.0f}"
