"""The Planner and Graph screens on the demo persona, as a user would notice them.

The screens bring their stylesheet themselves (``CSS_PATH`` on the screen, read when it is first
pushed), so the tests push them onto the app the factory builds and need nothing else.
Regenerate the snapshots with ``pytest tests/tui/test_planner_screens.py --snapshot-update``.
"""

import sqlite3
import subprocess
import sys
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList, Static
from tui_helpers import settle

from polymath.services import planner
from polymath.services.context import Context
from polymath.tui.app import PolymathApp, make_app
from polymath.tui.screens.base import STYLES
from polymath.tui.screens.dashboard import DashboardScreen
from polymath.tui.screens.graph import DomainTree, GraphScreen, WidthTable
from polymath.tui.screens.planner import PlannerScreen

SIZE = (100, 36)
Compare = Callable[..., bool]
DEMO_DOMAINS = [
    "Bayesian statistics",
    "Behavioural economics",
    "Cognitive psychology",
    "Jazz piano",
    "Spanish",
    "UX design",
]
STACK = ["Bayesian statistics", "UX design", "Cognitive psychology"]


async def opened(pilot: Pilot[None], screen: Screen[None]) -> None:
    """The dashboard first (as the app starts), then ``screen`` on top with its data."""
    await settle(pilot)
    pilot.app.push_screen(screen)
    await settle(pilot)


def text(app: PolymathApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def table(app: PolymathApp, selector: str) -> list[str]:
    return str(app.screen.query_one(selector, WidthTable).render()).splitlines()


def rows(app: PolymathApp) -> list[str]:
    """The suggestions as listed, one string each (both lines, trailing blanks dropped)."""
    options = app.screen.query_one("#suggestions", OptionList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return ["\n".join(line.rstrip() for line in p.splitlines()) for p in prompts]


def unmap_every_domain(ctx: Context) -> None:
    conn = sqlite3.connect(ctx.db_path)
    try:
        with conn:
            conn.execute("UPDATE domain SET area = NULL")
    finally:
        conn.close()


def test_opening_the_screens_module_loads_no_heavy_library() -> None:
    """SQLAlchemy, NetworkX, NumPy and SciPy load in the screens' workers, not on import."""
    code = (
        "import sys, polymath.tui.screens.planner, polymath.tui.screens.graph\n"
        "heavy = {'sqlalchemy', 'sqlmodel', 'networkx', 'numpy', 'scipy'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# Planner


def shown(area: str, new_areas: tuple[str, ...]) -> str:
    return f"+{area}" if area in new_areas else area


async def test_planner_lists_the_suggestions_and_explains_the_highlighted_one(
    demo: Context,
) -> None:
    expected = planner.suggest(demo, new=1, target_level=3, top=10).suggestions
    assert expected, "the demo persona has suggestions on the default population"
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, PlannerScreen())
        screen = app.screen
        assert isinstance(screen, PlannerScreen)
        assert app.stylesheet.has_source(str(STYLES / "planner.tcss"), "")
        listed = rows(app)
        assert len(listed) == len(expected)
        first = expected[0]
        end_a, bridge, end_b = first.areas
        head = f" 1  {shown(end_a, first.new_areas)} ↔ {shown(end_b, first.new_areas)}"
        assert listed[0].startswith(head[: len(head) - 2])  # long names may be shortened
        assert f"via {shown(bridge, first.new_areas)}"[:20] in listed[0]
        title = str(screen.query_one("#suggestion-panel").border_title)
        assert "1 new area" in title and "keeping " in title
        subtitle = str(screen.query_one("#suggestion-panel").border_subtitle)
        assert subtitle.startswith("At ") and "a week" in subtitle
        assert str(screen.query_one("#suggestion-detail").border_title) == (
            f"Why #1 · score {first.score:.2f}"
        )
        detail = text(app, "#detail-text")
        assert " ".join(first.sentence().split()) in " ".join(detail.split())
        assert f"Score {first.score:.2f} = cell " in detail
        for pair, label in zip(first.pairs, first.labels, strict=True):
            assert f"{pair.a} + {pair.b}: {label.label} (O {pair.observed} vs E" in detail
        assert f"Enter adopts it, with target level {first.target_level}" in detail
        assert text(app, "#stack").startswith("None yet.")

        if len(expected) > 1:
            await pilot.press("down")
            assert str(screen.query_one("#suggestion-detail").border_title).startswith("Why #2 ")
            assert expected[1].sentence()[:40] in " ".join(text(app, "#detail-text").split())


async def test_n_toggles_between_one_and_two_new_areas(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, screen := PlannerScreen())
        assert {len(s.new_areas) for s in screen.suggestions} == {1}

        await pilot.press("n")
        await settle(pilot)
        assert screen.request.new == 2
        assert screen.suggestions
        assert {len(s.new_areas) for s in screen.suggestions} == {2}
        expected = planner.suggest(demo, new=2, target_level=3, top=10).suggestions
        assert [s.areas for s in screen.suggestions] == [s.areas for s in expected]
        assert "2 new areas" in str(screen.query_one("#suggestion-panel").border_title)

        await pilot.press("n")
        await settle(pilot)
        assert {len(s.new_areas) for s in screen.suggestions} == {1}


async def test_a_cycles_the_anchor_through_the_mapped_domains(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, screen := PlannerScreen())
        assert list(screen.anchors) == DEMO_DOMAINS
        for anchor in DEMO_DOMAINS:
            await pilot.press("a")
            await settle(pilot)
            assert screen.request.anchor == anchor
            assert screen.suggestions
            for suggestion in screen.suggestions:
                owned = [name for names in suggestion.domains.values() for name in names]
                assert anchor in owned
            assert f"keeping {anchor}" in str(screen.query_one("#suggestion-panel").border_title)
        await pilot.press("a")
        await settle(pilot)
        assert screen.request.anchor is None


async def test_plus_and_minus_move_the_target_level_from_2_to_5(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, screen := PlannerScreen())
        seen = []
        for key in ("plus", "plus", "plus", "minus", "minus", "minus", "minus"):
            await pilot.press(key)
            await settle(pilot)
            level = screen.request.target_level
            seen.append(level)
            if screen.suggestions:
                assert {s.target_level for s in screen.suggestions} == {level}
            else:  # every stack at this level lies beyond the horizon: the screen says so
                assert "set aside" in text(app, "#planner-message"), level
        assert seen == [4, 5, 5, 4, 3, 2, 2]
        assert "target level 2 advanced beginner" in str(
            screen.query_one("#suggestion-panel").border_title
        )
        assert "Reaching advanced beginner" in text(app, "#detail-text")


async def test_the_list_shows_a_loading_indicator_while_it_searches(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, screen := PlannerScreen())
        options = screen.query_one("#suggestions", OptionList)
        assert not options.loading
        panel = screen.query_one("#suggestion-panel")
        screen.action_toggle_new()
        assert options.loading  # until the answer lands
        assert str(panel.border_subtitle) == "computing suggestions…"
        await settle(pilot)
        assert not options.loading
        assert "computing" not in str(panel.border_subtitle)
        assert {len(s.new_areas) for s in screen.suggestions} == {2}


async def test_the_title_says_the_options_in_full_or_shorter_at_80_columns(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, screen := PlannerScreen())
        panel = screen.query_one("#suggestion-panel")
        title = str(panel.border_title)
        assert title == "Suggestions · 1 new · Bayesian statistics · level 3"
        assert len(title) + len("╭─  ─╮") <= panel.size.width
        await pilot.resize_terminal(120, 32)
        await settle(pilot)
        assert str(panel.border_title) == (
            "Suggestions · 1 new area · keeping Bayesian statistics · target level 3 competent"
        )


async def test_planner_says_why_there_is_nothing_to_suggest(demo: Context) -> None:
    unmap_every_domain(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, screen := PlannerScreen())
        assert screen.has_class("-failed")
        assert not screen.query_one("#suggestions").display
        message = text(app, "#planner-message")
        assert message.startswith("None of your domains is mapped to an area yet")
        assert message.endswith("map one on the domains screen (d, then m)")
        assert text(app, "#detail-text") == "Nothing to explain yet."

        await pilot.press("a", "n", "plus")  # nothing to cycle, and no traceback either
        await settle(pilot)
        assert screen.has_class("-failed")


async def test_planner_shows_progress_toward_the_adopted_stack(demo: Context) -> None:
    planner.adopt_stack(demo, STACK, 4)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, PlannerScreen())
        title = str(app.screen.query_one("#stack").border_title)
        assert title == "Adopted stack · target level 4 proficient"
        progress = " ".join(text(app, "#stack").split())
        assert "Bayesian statistics level 3→4 130.6 h" in progress
        assert "UX design level 4 ✓ 60.0 h" in progress
        assert "Cognitive psychology level 3→4 72.5 h" in progress
        assert "integration 12h59" in progress


async def test_escape_leaves_the_planner(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, PlannerScreen())
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


# Graph


async def test_graph_shows_every_domain_under_its_area_and_both_tables(demo: Context) -> None:
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, GraphScreen())
        tree = app.screen.query_one(DomainTree)
        areas = {
            str(node.label).split("  ")[0]: [str(leaf.label) for leaf in node.children]
            for node in tree.root.children
        }
        assert list(areas) == [
            "economics",
            "mastering languages",
            "music and performing arts",
            "psychology",
            "software interaction design",
            "statistics",
        ]
        assert areas["statistics"] == ["Bayesian statistics  130.6 h · 3 competent"]
        leaves = sorted(label.split("  ")[0] for labels in areas.values() for label in labels)
        assert leaves == DEMO_DOMAINS

        summary = " ".join(text(app, "#graph-summary").split())
        assert summary.startswith(
            "6 domains in 6 areas · 15 area pairs (2 conventional, 1 atypical, 12 near chance)"
        )
        assert "no stack adopted" in summary

        pairs = table(app, "#pair-table")
        assert len(pairs) == 1 + 15
        assert pairs[0].split() == ["Pair", "of", "areas", "Kind", "O", "E", "z", "Lift"]
        assert pairs[1].split() == [
            "economics", "↔", "statistics", "conventional", "37", "6.1", "+13.29", "6.10"
        ]  # fmt: skip
        # a large lift on tiny counts is no evidence: near chance, whatever its z
        assert pairs[3].split()[-6:] == ["near", "chance", "2", "0.2", "+4.05", "9.83"]
        z = [float(line.split()[-2]) for line in pairs[1:]]
        assert z == sorted(z, reverse=True)

        links = table(app, "#link-table")
        assert len(links) == 1 + 10
        assert links[1].split() == ["Cognitive", "psychology", "+", "Jazz", "piano", "6h42"]
        assert links[-1].split()[-1] == "40m"


async def test_graph_marks_the_adopted_stack(demo: Context) -> None:
    planner.adopt_stack(demo, STACK, 3)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, GraphScreen())
        tree = app.screen.query_one(DomainTree)
        marked = sorted(
            str(leaf.label).split("  ")[0]
            for node in tree.root.children
            for leaf in node.children
            if leaf.data is not None and leaf.data.in_stack
        )
        assert marked == ["★ Bayesian statistics", "★ Cognitive psychology", "★ UX design"]
        starred = [line.split("  ")[0] for line in table(app, "#pair-table") if "★" in line]
        assert starred == [
            "★ software interaction design ↔ statistics",
            "★ psychology ↔ software interaction design",
            "★ psychology ↔ statistics",
        ]
        assert sum("★" in line for line in table(app, "#link-table")) == 3
        assert "★ stack: Bayesian statistics + Cognitive psychology + UX design" in " ".join(
            text(app, "#graph-summary").split()
        )


async def test_graph_without_areas_still_lists_the_domains(demo: Context) -> None:
    unmap_every_domain(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, GraphScreen())
        tree = app.screen.query_one(DomainTree)
        (branch,) = tree.root.children
        assert str(branch.label).startswith("not mapped to an area  6 domains")
        assert table(app, "#pair-table")[0].startswith("No area pairs: map two or more domains")
        assert len(table(app, "#link-table")) == 11  # integration needs no area


# Snapshots


def showing(make: Callable[[], Screen[None]]) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await opened(pilot, make())

    return run_before


def test_planner_snapshot(snap_compare: Compare, demo: Context) -> None:
    app = make_app(demo, watch=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=showing(PlannerScreen))


def test_planner_snapshot_80x24_with_a_stack(snap_compare: Compare, demo: Context) -> None:
    planner.adopt_stack(demo, STACK, 4)
    app = make_app(demo, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=showing(PlannerScreen))


def test_graph_snapshot(snap_compare: Compare, demo: Context) -> None:
    app = make_app(demo, watch=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=showing(GraphScreen))


def test_graph_snapshot_80x24_with_a_stack(snap_compare: Compare, demo: Context) -> None:
    planner.adopt_stack(demo, STACK, 3)
    app = make_app(demo, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=showing(GraphScreen))
