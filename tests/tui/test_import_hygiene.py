"""Layers point one way, and the dashboard paints before SQLAlchemy is imported (STYLE.md)."""

import subprocess
import sys
import textwrap

from polymath.services.context import Context

LOWER_LAYERS = """
import importlib, pkgutil, sys
import polymath.core, polymath.store, polymath.graph
for package in (polymath.core, polymath.store, polymath.graph):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
import polymath.services.checkin, polymath.services.dashboard
print(sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")))
"""

FIRST_PAINT = """
import asyncio, sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from polymath.config import Settings
from polymath.services.context import Context
from polymath.tui.app import make_app

zone = ZoneInfo("Europe/Berlin")
evening = datetime(2026, 11, 27, 21, 30, tzinfo=zone)
ctx = Context(Path(sys.argv[1]), Settings(zone=zone), clock=lambda: evening)
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "networkx", "scipy")


async def main() -> None:
    app = make_app(ctx, watch=False)
    async with app.run_test(size=(100, 36)):
        await app.dashboard_painted.wait()
        assert app.dashboard is not None and app.dashboard.week_minutes == 315
        print(sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY)))


asyncio.run(main())
"""


def run(code: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_core_store_graph_and_the_fast_services_never_load_textual() -> None:
    assert run(LOWER_LAYERS) == "[]"


def test_the_dashboard_paints_before_sqlalchemy_loads(demo: Context) -> None:
    assert run(FIRST_PAINT, str(demo.db_path)) == "[]"
