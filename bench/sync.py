"""Benchmark sync against its targets: 10 years of history (20,000 sessions) into an empty
device in under 5 s, an incremental sync of 10 new sessions in under 200 ms, and the size of the
sync folder.

The history is built as ``bench/checkin.py`` builds it (plain SQL, so the log triggers write
the change log as any check-in would). The baseline, measured in the same run, is how people
moved a history before sync: our JSON export on one device and its import on another.

Each figure is the median of ``--runs`` runs, wall time and CPU time (user + system) of this
process, so a busy machine shows as a gap between the two. Then the same work once more through
the command line (``polymath sync`` in a child process: start-up and imports included).

    .venv/bin/python bench/sync.py [--runs 5] [--sessions 20000] [--keep]

Always exits 0: it reports, it does not judge the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkin import build_database

from polymath.config import Settings
from polymath.services import sync
from polymath.services.checkin import log_session
from polymath.services.context import Context
from polymath.services.transfer import export_sessions, import_file

BIN = Path(sys.executable).parent
TARGET_FULL_S = 5.0
TARGET_INCREMENTAL_S = 0.200


def timed(work: Callable[..., object], *args: object, **kwargs: object) -> tuple[float, float]:
    cpu = time.process_time()
    wall = time.perf_counter()
    work(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu


def context(path: Path) -> Context:
    return Context(path, Settings(backup_days=0, backup_weeks=0))


def cli_time(db: Path) -> float:
    """Wall time of ``polymath sync`` in a child process."""
    env = {**os.environ, "POLYMATH_DB": str(db), "POLYMATH_CONFIG": str(db.parent / "none.toml")}
    env["POLYMATH_BACKUP_DAYS"] = env["POLYMATH_BACKUP_WEEKS"] = "0"
    wall = time.perf_counter()
    done = subprocess.run([str(BIN / "polymath"), "sync"], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - wall
    if done.returncode:
        print(f"  polymath sync failed: {done.stderr.strip()}")
    return elapsed


def folder_bytes(folder: Path) -> tuple[int, int]:
    files = list(folder.rglob("*.seg"))
    return len(files), sum(p.stat().st_size for p in files)


def log_ten(ctx: Context, domain: str) -> None:
    conn = ctx.connect()
    now = datetime.now().astimezone()
    try:
        for index in range(10):
            log_session(conn, now=now, minutes=10 + index, domain=domain, note=f"new {index}")
    finally:
        conn.close()


def baseline(laptop: Context, fresh: Context, exported: Path) -> None:
    """How a history moved before sync: our JSON export here, its import there."""
    exported.write_text(export_sessions(laptop, "json")[0], encoding="utf-8")
    import_file(fresh, exported)


def one_run(source: Path, base: Path) -> dict[str, tuple[float, float]]:
    figures: dict[str, tuple[float, float]] = {}
    folder = base / "Sync"
    folder.mkdir(parents=True)
    for name in ("laptop", "desktop", "cli"):
        (base / name).mkdir()
    shutil.copyfile(source, base / "laptop" / "polymath.db")
    laptop = context(base / "laptop" / "polymath.db")
    figures["write"] = timed(sync.sync_now, laptop, folder=folder, name="laptop")
    files, size = folder_bytes(folder)
    figures["folder"] = (float(files), float(size))
    key = sync.sync_key(laptop)
    desktop = context(base / "desktop" / "polymath.db")
    figures["full"] = timed(sync.sync_now, desktop, folder=folder, key=key, name="desktop")
    fresh = context(base / "fresh.db")
    figures["baseline"] = timed(baseline, laptop, fresh, base / "all.json")
    log_ten(laptop, "domain 01")
    sync.sync_now(laptop)
    figures["incremental"] = timed(sync.sync_now, desktop)
    cli_db = base / "cli" / "polymath.db"
    sync.sync_now(context(cli_db), folder=folder, key=key, name="cli")
    log_ten(laptop, "domain 02")
    sync.sync_now(laptop)
    figures["cli incremental"] = (cli_time(cli_db), 0.0)
    figures["cli idle"] = (cli_time(cli_db), 0.0)
    for ctx in (laptop, desktop, fresh):
        if "engine" in vars(ctx):
            ctx.engine.dispose()
    return figures


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run(args: argparse.Namespace, root: Path) -> None:
    source = root / "source.db"
    print(f"building {args.sessions:,} sessions over 10 years ...", flush=True)
    build_database(source, sessions=args.sessions, domains=40)
    runs = [one_run(source, root / f"run{number}") for number in range(args.runs)]

    def wall(key: str) -> float:
        return median([r[key][0] for r in runs])

    def cpu(key: str) -> float:
        return median([r[key][1] for r in runs])

    rows = [
        ("full sync into an empty device", "full", TARGET_FULL_S),
        ("  baseline: JSON export + import", "baseline", None),
        ("first sync writing the history", "write", None),
        ("incremental sync, 10 new sessions", "incremental", TARGET_INCREMENTAL_S),
    ]
    print(f"\n{args.sessions:,} sessions, median of {args.runs} runs (in this process)")
    print(f"{'work':36} {'wall s':>8} {'cpu s':>8}  target")
    for name, key, target in rows:
        verdict = ""
        if target is not None:
            verdict = f"< {target:g} s: {'met' if wall(key) < target else 'NOT met'}"
        print(f"{name:36} {wall(key):8.3f} {cpu(key):8.3f}  {verdict}")
    print(f"full sync / baseline (wall): {wall('full') / wall('baseline'):.2f}x")
    print("\nthrough the command line (python start-up and imports included), wall s:")
    print(f"  polymath sync, 10 new sessions to read {wall('cli incremental'):8.3f}")
    print(f"  polymath sync, nothing new             {wall('cli idle'):8.3f}")
    for name, key, target in rows:
        if target is not None:
            print(
                f"target: sync, {name.strip()}: {wall(key):.3f} s wall ({cpu(key):.3f} s cpu)  "
                f"limit < {target:g} s  {'pass' if wall(key) < target else 'FAIL'}"
            )
    files, size = runs[-1]["folder"]
    print(
        f"\nsync folder for the whole history: {files:.0f} segment files, {size:,.0f} bytes "
        f"({size / max(args.sessions, 1):.0f} bytes a session), compressed and encrypted"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="polymath-bench-sync-"))
    try:
        run(args, root)
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
