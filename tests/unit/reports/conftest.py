"""Fixtures for the review's page: the demo persona's week with a stack adopted, built once, on
the demo's evening (a clock that stands still)."""

from pathlib import Path

import pytest

from polymath.services.context import Context
from polymath.services.weekly_report import WeeklyReport
from tests.conftest import FixedClock

STACK = ["Spanish", "Jazz piano", "UX design"]
"""The stack the demo persona adopts here (the demo ships none)."""


@pytest.fixture(scope="session")
def demo_context(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """The demo database (``sample_data/demo.json``) with ``STACK`` adopted, at the demo's
    evening."""
    from polymath.services.maintenance import build_demo, demo_evening
    from polymath.services.planner import adopt_stack

    built = build_demo(tmp_path_factory.mktemp("demo-report"))
    ctx = Context(Path(built.db_path), built.settings, clock=FixedClock(demo_evening()))
    adopt_stack(ctx, STACK, 3)
    return ctx


@pytest.fixture(scope="session")
def demo_report(demo_context: Context) -> WeeklyReport:
    from polymath.services.weekly_report import weekly_report

    return weekly_report(demo_context)


@pytest.fixture(scope="session")
def demo_page(demo_report: WeeklyReport) -> str:
    from polymath.reports.review_html import review_page

    return review_page(demo_report)
