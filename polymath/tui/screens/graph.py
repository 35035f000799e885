"""The person's skill graph: their domains under the areas they map to, and how those connect.

The worker builds the graph with ``services.planner.person_graph`` (NetworkX, the population)
and reads it into plain rows (``GraphView``), so the screen draws without touching NetworkX.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Header, Static, Tree
from textual.widgets.tree import TreeNode
from textual.worker import get_current_worker

from polymath.core.errors import PolymathError
from polymath.core.text import display
from polymath.tui.errors import error_text
from polymath.tui.screens.base import STYLES, PolymathScreen
from polymath.tui.screens.planner import fit_pair
from polymath.tui.text import escape, format_minutes, level_label
from polymath.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    import networkx as nx

GAP = "  "
MUTED = "$foreground-muted"
STACK_STYLE = "bold $text-accent"
STACK_MARK = "★"
PAIR_COLUMNS = (("Kind", 12), ("O", 4), ("E", 6), ("z", 6), ("Lift", 5))
"""The figures of an area pair after its names: header and width of each."""


@dataclass(frozen=True)
class DomainRow:
    name: str
    hours: float
    level: int | None
    in_stack: bool


@dataclass(frozen=True)
class AreaRow:
    """An area and the person's domains mapped to it (``name`` None: not mapped yet)."""

    name: str | None
    domains: tuple[DomainRow, ...]


@dataclass(frozen=True)
class PairRow:
    """Two of the person's areas as the population combines them: O against E, z, lift."""

    a: str
    b: str
    observed: int
    expected: float | None
    z: float | None
    lift: float | None
    in_stack: bool
    label: str = ""


@dataclass(frozen=True)
class LinkRow:
    """Minutes of sessions that linked two of the person's domains."""

    a: str
    b: str
    minutes: int
    in_stack: bool


@dataclass(frozen=True)
class GraphView:
    """What the screen draws, read once from the graph in the worker."""

    areas: tuple[AreaRow, ...]
    pairs: tuple[PairRow, ...]
    links: tuple[LinkRow, ...]
    stack: tuple[str, ...]

    @property
    def domain_count(self) -> int:
        return sum(len(area.domains) for area in self.areas)


def graph_view(graph: "nx.Graph") -> GraphView:
    """Plain rows from ``person_graph``: areas by name, pairs by z descending, links by time."""
    nodes: dict[str, dict[str, Any]] = dict(graph.nodes(data=True))
    by_area: dict[str | None, list[DomainRow]] = {}
    for node, data in nodes.items():
        if data.get("kind") != "domain":
            continue
        areas = [
            nodes[other]["label"]
            for other in graph.neighbors(node)
            if nodes[other].get("kind") == "area"
        ]
        row = DomainRow(
            data["label"], float(data["hours"]), data.get("level"), bool(data["in_stack"])
        )
        by_area.setdefault(areas[0] if areas else None, []).append(row)
    area_rows = [
        AreaRow(name, tuple(sorted(rows, key=lambda r: r.name.casefold())))
        for name, rows in sorted(
            by_area.items(), key=lambda item: (item[0] is None, (item[0] or "").casefold())
        )
    ]
    pairs, links = [], []
    for u, v, data in graph.edges(data=True):
        a, b = sorted((nodes[u]["label"], nodes[v]["label"]), key=str.casefold)
        if data["kind"] == "pair":
            pairs.append(
                PairRow(
                    a,
                    b,
                    int(data["observed"]),
                    data.get("expected"),
                    data.get("z"),
                    data.get("lift"),
                    bool(data["in_stack"]),
                    str(data.get("label", "")),
                )
            )
        elif data["kind"] == "integration":
            links.append(LinkRow(a, b, int(data["minutes"]), bool(data["in_stack"])))
    pairs.sort(key=lambda p: (-(p.z if p.z is not None else -math.inf), p.a, p.b))
    links.sort(key=lambda link: (-link.minutes, link.a, link.b))
    stack = tuple(sorted(d["label"] for d in nodes.values() if d.get("in_stack")))
    return GraphView(tuple(area_rows), tuple(pairs), tuple(links), stack)


@dataclass(frozen=True)
class TreeEntry:
    """How a tree line is styled: the name (the first ``name_length`` cells), then muted figures."""

    name_length: int
    in_stack: bool


class DomainTree(Tree[TreeEntry]):
    """A Tree whose lines are styled from the theme through component classes (labels are Rich
    text, which cannot name theme variables)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "domain-tree--detail",
        "domain-tree--stack",
    }

    def render_label(self, node: TreeNode[TreeEntry], base_style: Style, style: Style) -> Text:
        entry = node.data
        if entry is None:
            return super().render_label(node, base_style, style)
        label = self.process_label(node.label)
        if entry.in_stack:
            label.stylize(self.get_component_rich_style("domain-tree--stack"), 0, entry.name_length)
        label.stylize(self.get_component_rich_style("domain-tree--detail"), entry.name_length)
        label.stylize(style)
        prefix = (
            (self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE, base_style)
            if node.allow_expand
            else ("", base_style)
        )
        return Text.assemble(prefix, label)


class WidthTable(Widget):
    """A panel of aligned rows drawn for its own width when painted, so the columns follow
    every change of layout (a breakpoint, a resize) without the screen measuring anything."""

    def __init__(self, *, id: str, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self._draw: Callable[[int], Content] = lambda _width: Content("")

    def draw(self, draw: Callable[[int], Content]) -> None:
        """Draw with ``draw(width)`` from now on."""
        self._draw = draw
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._draw(width).wrap(max(1, width)))  # a long line (a message) takes several

    def render(self) -> Content:
        return self._draw(self.content_size.width)


class GraphScreen(PolymathScreen):
    """``services.planner.person_graph`` as a tree of areas and two tables of connections."""

    CSS_PATH = STYLES / "planner.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False),
    ]

    @dataclass
    class Loaded(Message):
        view: GraphView | None
        error: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.view: GraphView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="graph-body"):
            yield Static(id="graph-summary")
            with Horizontal(id="graph-top"):
                tree: DomainTree = DomainTree("Your domains", id="domain-tree", classes="panel")
                tree.border_title = "Areas and your domains"
                tree.show_root = False
                tree.can_focus = False
                yield tree
                yield self._panel("link-table", "Integration: sessions linking two domains")
            yield self._panel("pair-table", "Area pairs in the population, most conventional first")
        yield KeyBar()

    @staticmethod
    def _panel(id: str, title: str) -> WidthTable:
        panel = WidthTable(id=id, classes="panel")
        panel.border_title = title
        return panel

    def on_mount(self) -> None:
        self.sub_title = "Graph"
        self.query_one("#graph-body").focus()

    # Loading

    def reload(self) -> None:
        super().reload()
        self.query_one("#graph-body").loading = True
        self.load()

    @work(thread=True, exclusive=True, group="graph")
    def load(self) -> None:
        """Build the graph in this thread: NetworkX and the population load here."""
        from polymath.services.planner import person_graph

        worker = get_current_worker()
        try:
            loaded = self.Loaded(graph_view(person_graph(self.ctx)))
        except PolymathError as exc:
            loaded = self.Loaded(None, error_text(exc))
        except OSError as exc:
            loaded = self.Loaded(None, exc.strerror or str(exc))
        if not worker.is_cancelled:
            self.post_message(loaded)

    def on_graph_screen_loaded(self, message: Loaded) -> None:
        self.query_one("#graph-body").loading = False
        self.view = message.view
        if message.error is not None:
            self.query_one("#graph-summary", Static).update(
                Content.from_markup(
                    f"[$text-warning]Cannot draw the graph: {escape(message.error)}[/]"
                )
            )
            return
        self._show()

    # Drawing

    def _show(self) -> None:
        view = self.view
        if view is None:
            return
        self._summary(view)
        self._tree(view)
        self.query_one("#link-table", WidthTable).draw(partial(_links, view.links))
        pairs = self.query_one("#pair-table", WidthTable)
        pairs.border_subtitle = "O observed together, E expected by chance; z > 0 conventional"
        pairs.draw(partial(_pairs, view.pairs))

    def _summary(self, view: GraphView) -> None:
        mapped = [a for a in view.areas if a.name is not None]
        conventional = sum(1 for p in view.pairs if p.label == "conventional")
        atypical = sum(1 for p in view.pairs if p.label == "atypical")
        minutes = sum(link.minutes for link in view.links)
        stack = (
            f"[{STACK_STYLE}]{STACK_MARK} stack: {escape(' + '.join(view.stack))}[/]"
            if view.stack
            else f"[{MUTED}]no stack adopted (see the Planner)[/]"
        )
        self.query_one("#graph-summary", Static).update(
            Content.from_markup(
                f"[b]{view.domain_count}[/b] domains in [b]{len(mapped)}[/b] areas · "
                f"[b]{len(view.pairs)}[/b] area pairs ([$text-success]{conventional} "
                f"conventional[/], [$text-warning]{atypical} atypical[/], "
                f"{len(view.pairs) - conventional - atypical} near chance) · "
                f"[b]{format_minutes(minutes)}[/b] of integration · {stack}"
            )
        )

    def _tree(self, view: GraphView) -> None:
        tree = self.query_one(DomainTree)
        tree.clear()
        if not view.areas:
            tree.root.add_leaf("No domains yet: press l to check in your first session.")
            return
        for area in view.areas:
            name = display(area.name) if area.name else "not mapped to an area"
            count = len(area.domains)
            detail = f"  {count} domain{'s' if count != 1 else ''}"
            in_stack = any(d.in_stack for d in area.domains)
            branch = tree.root.add(
                Text(name + detail), data=TreeEntry(len(name), in_stack), expand=True
            )
            for domain in area.domains:
                mark = f"{STACK_MARK} " if domain.in_stack else ""
                level = level_label(domain.level)
                label = f"{mark}{display(domain.name)}"
                branch.add_leaf(
                    Text(f"{label}  {domain.hours:,.1f} h · {level}"),
                    data=TreeEntry(len(label), domain.in_stack),
                )


def _links(links: Sequence[LinkRow], width: int) -> Content:
    """Domain pairs by the minutes of sessions linking them, the adopted stack's marked."""
    if not links:
        return Content.styled("No session has linked two domains yet.", MUTED)
    longest = max(len(link.a) + len(link.b) + 3 for link in links)
    name_width = max(12, min(longest, width - 2 - len(GAP) - 6))
    lines = [
        Content.styled(
            "  " + "Domains".ljust(name_width) + GAP + "Time".rjust(6), "bold $text-primary"
        )
    ]
    for link in links:
        style = STACK_STYLE if link.in_stack else ""
        lines.append(
            Content.assemble(
                (f"{STACK_MARK} " if link.in_stack else "  ", style),
                _pair_names(link.a, link.b, name_width, style, joint=" + "),
                GAP,
                format_minutes(link.minutes).rjust(6),
            )
        )
    return Content("\n").join(line.truncate(width) for line in lines)


def _pairs(pairs: Sequence[PairRow], width: int) -> Content:
    """Area pairs with O against E, z and lift; conventional and atypical in their colours."""
    if not pairs:
        return Content.styled(
            "No area pairs: map two or more domains to different areas "
            "(d for the domains, then m on one).",
            MUTED,
        )
    longest = max(len(pair.a) + len(pair.b) + 3 for pair in pairs)
    name_width = max(16, min(longest, width - 2 - sum(len(GAP) + w for _, w in PAIR_COLUMNS)))
    header = "  " + "Pair of areas".ljust(name_width)
    header += "".join(GAP + title.rjust(w) for title, w in PAIR_COLUMNS)
    lines = [Content.styled(header, "bold $text-primary")]
    kind_w, observed_w, expected_w, z_w, lift_w = (w for _, w in PAIR_COLUMNS)
    for pair in pairs:
        style = STACK_STYLE if pair.in_stack else ""
        kind, kind_style = _kind(pair.label)
        lines.append(
            Content.assemble(
                (f"{STACK_MARK} " if pair.in_stack else "  ", style),
                _pair_names(pair.a, pair.b, name_width, style, joint=" ↔ "),
                GAP,
                (kind.rjust(kind_w), kind_style),
                GAP,
                str(pair.observed).rjust(observed_w),
                GAP,
                _number(pair.expected, "{:.1f}").rjust(expected_w),
                GAP,
                (_number(pair.z, "{:+.2f}").rjust(z_w), kind_style),
                GAP,
                _number(pair.lift, "{:.2f}").rjust(lift_w),
            )
        )
    return Content("\n").join(line.truncate(width) for line in lines)


def _kind(label: str) -> tuple[str, str]:
    """The planner's label, in its colour: only significant, substantial pairs get a word."""
    styles = {"conventional": "$text-success", "atypical": "$text-warning"}
    return (label or "near chance"), styles.get(label, "")


def _number(value: float | None, template: str) -> str:
    return "-" if value is None or not math.isfinite(value) else template.format(value)


def _pair_names(a: str, b: str, width: int, style: str, *, joint: str) -> Content:
    """'A ↔ B' in ``width`` cells, the longer name shortened first."""
    a, b = fit_pair(display(a), display(b), width - len(joint))
    return Content.assemble((a, style), (joint, MUTED), (b, style)).truncate(width, pad=True)
