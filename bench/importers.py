"""Benchmark the import loaders alone (no database): records a second and peak memory.

The targets (speed issue, the parsing part): at least 50,000 sessions a second from a Watson
frames file and from our JSON, and a 100,000-frame import under 100 MiB. Each reading runs in a
fresh process, so its peak memory (``ru_maxrss``) is its own, round-robin with its baselines
(one run of each per round, after a warm-up round) so that machine load touches all alike:

- ``json.load``: the standard library parsing the same file into one tree, the least any
  reader that holds the whole file does (and what the loaders did before reading in pieces);
- ``watson Frames``: Watson reading its own frames file (``Frames(json.load(...))``), when
  td-watson is installed (``make bench`` installs it).

    .venv/bin/python bench/importers.py [--records 100000] [--runs 5] [--keep]

Prints, per reading, the median wall and CPU time, records a second by each, the peak resident
memory (``VmHWM`` on Linux) and its growth over the interpreter with the modules loaded, and the
ratios to ``json.load``. Always exits 0: it reports, it does not judge the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from polymath.core.kinds import KINDS
from polymath.core.records import Dataset, DomainRecord, SessionRecord
from polymath.importers import dump_json

EMPTY_DB = "empty.db"
"""An empty database at the current schema, beside the files, copied for each import."""
RECORDS_TARGET = 50_000
MEMORY_TARGET_MIB = 100.0
MIB = 1024 * 1024


@dataclass
class Reading:
    """One way of reading one file, measured in a child process per run."""

    name: str
    mode: str
    path: Path
    target: bool = False
    """Whether the issue's targets apply (the baselines have none)."""
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    growths: list[float] = field(default_factory=list)
    records: int = 0
    failure: str = ""

    def run(self) -> None:
        done = subprocess.run(
            [sys.executable, __file__, "--child", self.mode, str(self.path)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            self.failure = (done.stderr or done.stdout).strip().splitlines()[-1:][0]
            return
        figures = json.loads(done.stdout)
        self.walls.append(figures["wall"])
        self.cpus.append(figures["cpu"])
        self.peaks.append(figures["peak"])
        self.growths.append(figures["peak"] - figures["start"])
        self.records = figures["records"]


# --- the files ------------------------------------------------------------------------------


def write_frames(path: Path, count: int, seed: int = 3) -> None:
    """A Watson frames file as Watson writes it (indent 1), a frame every few hours."""
    rng = random.Random(seed)
    projects = [f"project {i:02d}" for i in range(40)]
    tags = [[], ["read"], ["practice", "chords"], ["review"], ["bebop"]]
    start = int(datetime(1990, 1, 1, tzinfo=UTC).timestamp())  # 100,000 frames end in 2024
    frames = []
    for _ in range(count):
        stop = start + rng.randint(10, 120) * 60
        frames.append(
            [start, stop, rng.choice(projects), os.urandom(16).hex(), rng.choice(tags), stop]
        )
        start = stop + rng.randint(1, 3) * 3600
    path.write_text(json.dumps(frames, indent=1, ensure_ascii=False), encoding="utf-8")


def write_history(path: Path, count: int, seed: int = 4) -> None:
    """Our JSON export of ``count`` sessions in 40 domains, a third with notes or integrations."""
    rng = random.Random(seed)
    names = [f"domain {i:02d}" for i in range(40)]
    moment = datetime(1995, 1, 1, 7, 30, tzinfo=UTC)  # 100,000 sessions end in 2023
    sessions = []
    for number in range(count):
        moment += timedelta(hours=rng.randint(1, 4))
        sessions.append(
            SessionRecord(
                started_at=moment,
                minutes=rng.choice((15, 20, 30, 45, 60, 90)),
                domain=rng.choice(names),
                kind=rng.choice(KINDS),
                note=f"chapter {number % 40} notes" if number % 3 == 0 else None,
                with_domains=(rng.choice(names),) if number % 10 == 0 else (),
            )
        )
    domains = tuple(DomainRecord(name, "Mathematics") for name in names)
    path.write_text(dump_json(Dataset(domains=domains, sessions=tuple(sessions))), "utf-8")


# --- one measured reading, in a child process -----------------------------------------------


def child(mode: str, path: Path) -> None:
    """Read ``path`` one way and print the figures as JSON (memory in MiB)."""
    import gc

    from polymath.importers import load_file

    if mode == "watson-own":
        from watson.frames import Frames  # the bench extra: td-watson
    if mode.startswith("import-"):
        from polymath.services import transfer  # noqa: F401 (its modules load before the clock)
    gc.collect()
    start_rss = _max_rss_mib()
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "polymath-watson":
        records = len(load_file(path, "watson").dataset.sessions)
    elif mode == "polymath-json":
        records = len(load_file(path, "json").dataset.sessions)
    elif mode == "json.load":
        with path.open(encoding="utf-8") as stream:
            document = json.load(stream)
        records = len(document["sessions"] if isinstance(document, dict) else document)
    elif mode == "watson-own":
        with path.open(encoding="utf-8") as stream:
            records = len(Frames(json.load(stream)))
    elif mode in ("import-watson", "import-json"):
        records = _import(path, mode.removeprefix("import-"))
    else:
        raise SystemExit(f"unknown mode {mode}")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": cpu,
                "records": records,
                "start": start_rss,
                "peak": _max_rss_mib(),
            }
        )
    )


def _import(path: Path, fmt: str) -> int:
    """The whole of ``polymath import``: read, check, write in one transaction, sum the
    history; into a copy of an empty database at the current schema (made once by ``main``, as
    a person's database exists before they import: no migration in the figures)."""
    from polymath.config import load_settings
    from polymath.services.context import Context
    from polymath.services.transfer import import_file

    folder = Path(tempfile.mkdtemp(prefix="polymath-bench-import-"))
    try:
        shutil.copyfile(path.parent / EMPTY_DB, folder / "polymath.db")
        ctx = Context(folder / "polymath.db", load_settings())
        return import_file(ctx, path, fmt=fmt).sessions
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _max_rss_mib() -> float:
    """The process's peak resident memory so far, in MiB.

    Linux's ``VmHWM`` starts afresh at exec, while ``ru_maxrss`` keeps the high-water mark of
    the process that forked this one (here, the parent that built 100,000 records).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024


# --- the report -----------------------------------------------------------------------------


def has_watson() -> bool:
    try:
        import watson.frames  # noqa: F401
    except ImportError:
        return False
    return True


def report(readings: list[Reading], baselines: dict[str, Reading]) -> None:
    header = (
        f"{'reading':<28}{'records':>9}{'wall ms':>9}{'cpu ms':>9}{'rec/s wall':>12}"
        f"{'rec/s cpu':>11}{'peak MiB':>10}{'growth':>8}{'x json.load wall':>18}{'x mem':>7}"
    )
    print(header)
    print("-" * len(header))
    for reading in readings:
        if reading.failure:
            print(f"{reading.name:<28}failed: {reading.failure}")
            continue
        wall, cpu = statistics.median(reading.walls), statistics.median(reading.cpus)
        peak, growth = max(reading.peaks), max(reading.growths)
        base = baselines.get(reading.path.name)
        ratio = memory = ""
        if base is not None and base is not reading and base.walls:
            ratio = f"{wall / statistics.median(base.walls):.2f}"
            memory = f"{growth / max(base.growths):.2f}"
        print(
            f"{reading.name:<28}{reading.records:>9,}{wall * 1000:>9.0f}{cpu * 1000:>9.0f}"
            f"{reading.records / wall:>12,.0f}{reading.records / cpu:>11,.0f}{peak:>10.1f}"
            f"{growth:>8.1f}{ratio:>18}{memory:>7}"
        )
    print()
    for reading in readings:
        if reading.target and reading.walls:
            wall, cpu = statistics.median(reading.walls), statistics.median(reading.cpus)
            rate_ok = reading.records / cpu >= RECORDS_TARGET
            memory_ok = max(reading.peaks) < MEMORY_TARGET_MIB
            print(
                f"target: {reading.name:<26} {reading.records / cpu:>9,.0f} records/s by CPU "
                f"({reading.records / wall:,.0f} by wall)  limit >= {RECORDS_TARGET:,}  "
                f"{'pass' if rate_ok else 'FAIL'}"
            )
            print(
                f"target: {reading.name:<26} peak {max(reading.peaks):6.1f} MiB  "
                f"limit < {MEMORY_TARGET_MIB:.0f} MiB  {'pass' if memory_ok else 'FAIL'}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the files and say where")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0

    folder = Path(tempfile.mkdtemp(prefix="polymath-bench-importers-"))
    try:
        frames, history = folder / "frames", folder / "history.json"
        write_frames(frames, args.records)
        write_history(history, args.records)
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from polymath.config import load_settings; "
                "from polymath.services.context import Context; "
                "Context(Path(sys.argv[1]), load_settings()).engine.dispose()",
                str(folder / EMPTY_DB),
            ],
            check=True,
        )
        print(
            f"files: {frames.name} {frames.stat().st_size / MIB:.1f} MiB "
            f"({args.records:,} frames), {history.name} {history.stat().st_size / MIB:.1f} MiB "
            f"({args.records:,} sessions); {args.runs} runs each, medians; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        readings = [
            Reading("polymath load_file watson", "polymath-watson", frames, target=True),
            Reading("json.load frames", "json.load", frames),
            Reading("polymath load_file json", "polymath-json", history, target=True),
            Reading("json.load history", "json.load", history),
            Reading("polymath import watson", "import-watson", frames, target=True),
            Reading("polymath import json", "import-json", history, target=True),
        ]
        if has_watson():
            readings.insert(2, Reading("watson Frames(json.load)", "watson-own", frames))
        else:
            print("(install td-watson, the `bench` extra, to compare with Watson's own reading)")
        if os.getloadavg()[0] > (os.cpu_count() or 1) / 2:
            print("warning: the machine is busy; wall times include waiting for the CPU")
        for reading in readings:  # warm-up: compiled bytecode, file cache
            reading.run()
            reading.walls.clear(), reading.cpus.clear(), reading.peaks.clear()
            reading.growths.clear()
        for _ in range(args.runs):
            for reading in readings:
                reading.run()
        baselines = {r.path.name: r for r in readings if r.mode == "json.load"}
        print()
        report(readings, baselines)
    finally:
        if args.keep:
            print(f"files kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
