"""Time from process start to the first painted dashboard, beside a trivial Textual app.

Targets: the dashboard paints within 1.3x the CPU time a trivial app (one Static) takes on a
10-year history (20,000 sessions, 40 domains), and within 1.4x on 100,000 sessions over the same
years; both measured the same way, in one run, wall time printed beside. The histories get their
summary from one check-in first, as any day's history has.
Each run is a fresh process (``python -c``), timed from spawn to exit; the app exits as soon as
its first screen with data has been painted (``PolymathApp.dashboard_painted``), the trivial app
right after its first refresh. Runs are interleaved round-robin so load hits all alike.

    .venv/bin/python bench/tui_startup.py [--runs 11]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checkin import build_database  # the same 10-year history as the check-in bench

TARGETS = {"dashboard, 10 years (20,000 sessions)": 1.3, "dashboard, 100,000 sessions": 1.4}

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


def time_child(code: str, *args: str) -> tuple[float, float]:
    """(wall ms, cpu ms) of one fresh process running ``code``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime) * 1000
    return wall, cpu


def summarised(db: Path) -> None:
    """One check-in, as a person's day has: it writes the history's summary."""
    polymath = Path(sys.executable).parent / "polymath"
    env = {**os.environ, "POLYMATH_DB": str(db), "POLYMATH_CONFIG": str(db) + ".none.toml"}
    env["POLYMATH_TIMEZONE"] = "Europe/Berlin"  # the app's zone below
    subprocess.run([str(polymath), "log", "1m", "domain 01"], env=env, check=True,
                   capture_output=True)  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)
    from polymath.services.maintenance import build_demo

    with tempfile.TemporaryDirectory(prefix="polymath-bench-") as folder:
        demo_ctx = build_demo(Path(folder) / "demo")
        demo_ctx.engine.dispose()
        cases: dict[str, tuple[str, ...]] = {
            "trivial app (one Static)": (TRIVIAL,),
            "dashboard, demo (663 sessions)": (DASHBOARD, str(demo_ctx.db_path)),
        }
        for label, count in (("10 years (20,000 sessions)", 20_000), ("100,000 sessions", 100_000)):
            history = Path(folder) / f"history-{count}.db"
            build_database(history, sessions=count, domains=40)
            summarised(history)
            cases[f"dashboard, {label}"] = (DASHBOARD, str(history))
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for case in cases.values():  # warm-up: bytecode, page cache
            time_child(*case)
        for _ in range(args.runs):
            for name, case in cases.items():
                times[name].append(time_child(*case))
    wall = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    base = "trivial app (one Static)"
    print(f"process start to first paint, median of {args.runs} runs, interleaved; cpu = user+sys")
    print(f"{'case':<40} {'wall ms':>8} {'cpu ms':>8} {'wall x':>7} {'cpu x':>6}  target (cpu)")
    verdicts = []
    for name in times:
        ratio, wall_ratio = cpu[name] / cpu[base], wall[name] / wall[base]
        target = TARGETS.get(name)
        verdict = "(baseline)" if name == base else ""
        if target is not None:
            verdict = f"<= {target}x {'pass' if ratio <= target else 'FAIL'}"
            verdicts.append(
                f"target: first paint, {name.removeprefix('dashboard, ')}: {ratio:.2f}x the "
                f"trivial app in cpu (wall {wall_ratio:.2f}x)  limit <= {target}x  "
                f"{'pass' if ratio <= target else 'FAIL'}"
            )
        print(f"{name:<40} {wall[name]:>8.0f} {cpu[name]:>8.0f} {wall_ratio:>7.2f} {ratio:>6.2f}  "
              f"{verdict}")  # fmt: skip
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1) / 2:
        print(f"note: load average {load:.1f}; wall times are inflated")
    print("\n" + "\n".join(verdicts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
