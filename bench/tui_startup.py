"""Time from process start to the first painted dashboard, beside a trivial Textual app.

Issue 3's target: on a 10-year history (about 20,000 sessions, 40 domains) the dashboard paints
within 1.6x the time a trivial app (one Static) takes, both measured the same way, in one run.
Each run is a fresh process (``python -c``), timed from spawn to exit; the app exits as soon as
its first screen with data has been painted (``PolymathApp.dashboard_painted``), the trivial app
right after its first refresh. Runs are interleaved round-robin so load hits all alike.

    .venv/bin/python bench/tui_startup.py [--runs 11]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checkin import build_database  # the same 10-year history as the check-in bench

TARGET = 1.6

TRIVIAL = """
from textual.app import App
from textual.widgets import Static

class Trivial(App[None]):
    def compose(self):
        yield Static("Hello")

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)

Trivial().run(headless=True, size=(100, 36))
"""

DASHBOARD = """
import asyncio, sys
from pathlib import Path
from zoneinfo import ZoneInfo
from polymath.config import Settings
from polymath.services.context import Context
from polymath.tui.app import make_app

app = make_app(Context(Path(sys.argv[1]), Settings(zone=ZoneInfo("Europe/Berlin"))), watch=False)

async def main() -> None:
    running = asyncio.create_task(app.run_async(headless=True, size=(100, 36)))
    await app.dashboard_painted.wait()
    app.exit()
    await running

asyncio.run(main())
"""


def time_child(code: str, *args: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return (time.perf_counter() - start) * 1000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)
    from polymath.services.maintenance import build_demo

    with tempfile.TemporaryDirectory(prefix="polymath-bench-") as folder:
        demo_ctx = build_demo(Path(folder) / "demo")
        demo_ctx.engine.dispose()
        history = Path(folder) / "history.db"
        build_database(history, sessions=20_000, domains=40)
        cases = {
            "trivial app (one Static)": (TRIVIAL,),
            "dashboard, demo (663 sessions)": (DASHBOARD, str(demo_ctx.db_path)),
            "dashboard, 10 years (20,000 sessions)": (DASHBOARD, str(history)),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for case in cases.values():  # warm-up: bytecode, page cache
            time_child(*case)
        for _ in range(args.runs):
            for name, case in cases.items():
                times[name].append(time_child(*case))
    base = statistics.median(times["trivial app (one Static)"])
    print(f"process start to first paint, median of {args.runs} runs, interleaved")
    print(f"{'case':<40} {'median ms':>10} {'min ms':>8} {'x trivial':>10}  target")
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / base
        verdict = (
            "(baseline)"
            if name.startswith("trivial")
            else (f"<= {TARGET}x {'pass' if ratio <= TARGET else 'FAIL'}")
        )
        print(f"{name:<40} {median:>10.0f} {min(values):>8.0f} {ratio:>10.2f}  {verdict}")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1) / 2:
        print(f"note: load average {load:.1f}; wall times are inflated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
