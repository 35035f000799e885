"""Fixtures for the app's tests: the demo database on its fixed evening, and an empty one."""

import sqlite3
from pathlib import Path

import pytest
from tui_helpers import BERLIN, DEMO_EVENING, Clock

from polymath.config import Settings
from polymath.services.context import Context


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """The demo database, built once per run (building it takes a second or two)."""
    from polymath.services.maintenance import build_demo

    return build_demo(tmp_path_factory.mktemp("demo-template"))


@pytest.fixture
def clock() -> Clock:
    return Clock(DEMO_EVENING)


@pytest.fixture
def demo(demo_template: Context, tmp_path: Path, clock: Clock) -> Context:
    """A copy of the demo database of the test's own, on the demo's settings and a movable clock."""
    assert demo_template.now() == DEMO_EVENING
    target = tmp_path / "demo.db"
    source = sqlite3.connect(demo_template.db_path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return Context(target, demo_template.settings, clock=clock)


@pytest.fixture
def empty(tmp_path: Path, clock: Clock) -> Context:
    """A database that does not exist yet: the app creates it on first use."""
    return Context(tmp_path / "x.db", Settings(zone=BERLIN, zone_name="Europe/Berlin"), clock=clock)
