"""Benchmark the check-in path against its targets: polymath log, status, start and stop.

The targets: on a database with 10 years of history, each command's median CPU time (the child's
user + system time, which a busy machine inflates far less than wall time) is at most 3x
``python -c pass`` and at most 0.25x Watson's ``watson add`` on a 5,000-frame file, measured side
by side in one run; wall times and ratios are printed beside them. The commands run round-robin
(one of each per round, after one warm-up round), so drifts in machine load touch every command
alike. Then ``python -X importtime`` shows which modules ``polymath status`` spends its start-up
on.

The database is built with plain SQL through ``polymath.store.direct`` (20,000 sessions over
40 domains, assessments, rest weeks, integration links); Watson's frames file is written directly
in its own format. Both live in a temporary folder, removed at the end unless ``--keep``.

    .venv/bin/python bench/checkin.py [--runs 15] [--sessions 20000] [--domains 40]
        [--frames 5000] [--keep] [--against OTHER/bin/polymath]

With ``--against``, another build's ``polymath`` (an older commit installed in its own virtual
environment) runs ``log`` and ``status`` in the same rounds on a copy of the same database, and a
last table compares the two builds command by command: "no slower than before", measured.

Always exits 0: it reports, it does not judge the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from polymath.store import direct

YEARS = 10
PASS_FACTOR = 3.0
WATSON_FACTOR = 0.25
KINDS = ("read", "reflect", "experiment")
BIN = Path(sys.executable).parent


@dataclass
class Command:
    """One command line to time, with untimed work to do before each run."""

    name: str
    argv: list[str]
    env: dict[str, str]
    before: Callable[[], None] | None = None
    target: bool = False
    """Whether the issue's targets apply (the baselines have none)."""
    times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)
    """User plus system time of the child: what a busy machine does not inflate as much."""
    failures: list[str] = field(default_factory=list)

    def run(self) -> tuple[float, float]:
        if self.before is not None:
            self.before()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(self.argv, env=self.env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
        if done.returncode != 0:
            self.failures.append((done.stderr or done.stdout).strip().splitlines()[-1:][0])
        return elapsed, cpu


# --- the data -------------------------------------------------------------------------------


def build_database(
    path: Path, *, sessions: int, domains: int, seed: int = 2, existing: bool = False
) -> None:
    """Ten years of history ending now, written with plain SQL in one transaction.

    The file is created at this build's schema, or, ``existing``, filled as another build made
    it (the same rows, whatever its schema revision).
    """
    rng = random.Random(seed)
    # a new file is created and migrated to this build's schema; an existing one kept as it is
    conn = sqlite3.connect(path, isolation_level=None) if existing else direct.connect(path)
    now = datetime.now(UTC)
    first = now - timedelta(days=365 * YEARS)
    span = (now - first).total_seconds() - 3 * 3600
    try:
        conn.execute("BEGIN IMMEDIATE")
        created = direct.stamp(first)
        names = [f"domain {i:02d}" for i in range(1, domains + 1)]
        conn.executemany(
            "INSERT INTO domain (name, name_key, area, archived, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(n, n, None, int(i % 10 == 9), created) for i, n in enumerate(names)],
        )
        starts = sorted(first + timedelta(seconds=rng.uniform(0, span)) for _ in range(sessions))
        rows = [
            (
                rng.randint(1, domains),
                direct.stamp(start),
                rng.choice((15, 20, 30, 45, 60, 90, 120)),
                rng.choice(KINDS),
                rng.choice((None, None, "chapter notes", "drills")),
                direct.stamp(start),
            )
            for start in starts
        ]
        conn.executemany(
            "INSERT INTO learning_session (domain_id, started_at, minutes, kind, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        links = {
            (session_id, rng.randint(1, domains))
            for session_id in rng.sample(range(1, sessions + 1), sessions // 10)
        }
        conn.executemany(
            "INSERT INTO session_link (session_id, domain_id) VALUES (?, ?)",
            sorted((s, d) for s, d in links if rows[s - 1][0] != d),
        )
        assessments = []
        for domain_id in range(1, domains + 1):
            for level in range(1, rng.randint(2, 5) + 1):
                day = (first + timedelta(days=rng.uniform(0, 365 * YEARS))).date()
                assessments.append((domain_id, level, day.isoformat(), None, created))
        conn.executemany(
            "INSERT INTO assessment (domain_id, level, assessed_on, note, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            assessments,
        )
        rests = set()
        for year in range(first.year, now.year):
            for _ in range(2):
                rests.add(f"{year}-W{rng.randint(1, 52):02d}")
        conn.executemany(
            "INSERT INTO rest_week (week, note) VALUES (?, NULL)", [(w,) for w in sorted(rests)]
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


def write_watson_frames(folder: Path, frames: int, seed: int = 3) -> Path:
    """Watson's ``frames`` file: ``[start, stop, project, id, [tags], updated_at]`` per frame."""
    rng = random.Random(seed)
    now = int(time.time()) - 6 * 3600
    first = now - 365 * 86400 * 3
    starts = sorted(rng.randint(first, now) for _ in range(frames))
    items = []
    for start in starts:
        stop = start + rng.randint(10, 120) * 60
        tags = rng.sample(["read", "reflect", "experiment", "notes", "drill"], rng.randint(0, 2))
        items.append([start, stop, f"project-{rng.randint(1, 40)}", uuid.uuid4().hex, tags, stop])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "frames"
    path.write_text(json.dumps(items, indent=1, ensure_ascii=False), encoding="utf-8")
    (folder / "state").write_text("", encoding="utf-8")
    return path


# --- the commands ---------------------------------------------------------------------------


def find_tool(name: str) -> str | None:
    beside = BIN / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def rewind_timer(db: Path, minutes: int = 30) -> Callable[[], None]:
    """Move the running timer's start back, so ``stop`` logs a real session rather than refusing."""

    def rewind() -> None:
        started = direct.stamp(datetime.now(UTC) - timedelta(minutes=minutes))
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE timer SET started_at = ?", (started,))
        conn.close()

    return rewind


def restore_file(pristine: Path, target: Path) -> Callable[[], None]:
    """Put back Watson's frames file, so every ``watson add`` reads and writes 5,000 frames."""

    def restore() -> None:
        shutil.copyfile(pristine, target)

    return restore


def fresh_log(name: str, argv: list[str], env: dict[str, str], *, target: bool = False) -> Command:
    """``log`` with a new duration each run: the same session logged twice is refused."""
    command = Command(name, argv, env, target=target)
    runs = iter(range(1, 10_000))

    def vary() -> None:
        command.argv[2] = f"{next(runs) % 600 + 1}m"

    command.before = vary
    return command


def commands(
    polymath: str,
    watson: str | None,
    db: Path,
    folder: Path,
    against: str | None = None,
    *,
    sessions: int = 20_000,
    domains: int = 40,
) -> list[Command]:
    # An installed package has its bytecode compiled (pip does it, as it did for Watson), so the
    # children may write theirs: the warm-up round then leaves every run a compiled cache.
    skipped = ("POLYMATH_", "WATSON_", "PYTHONDONTWRITEBYTECODE")
    base = {k: v for k, v in os.environ.items() if not k.startswith(skipped)}
    env = {**base, "POLYMATH_DB": str(db), "POLYMATH_CONFIG": str(folder / "config.toml")}
    listed = [Command("python -c pass", [sys.executable, "-c", "pass"], base)]
    if watson is not None:
        frames = folder / "watson" / "frames"
        pristine = folder / "frames.pristine"
        shutil.copyfile(frames, pristine)
        listed.append(
            Command(
                "watson add (5,000 frames)",
                [watson, "add", "-f", "00:05", "-t", "00:35", "project-1", "+read"],
                {**base, "WATSON_DIR": str(folder / "watson")},
                before=restore_file(pristine, frames),
            )
        )
    listed += [
        fresh_log("polymath log", [polymath, "log", "30m", "domain 01"], env, target=True),
        Command("polymath status", [polymath, "status"], env, target=True),
        Command("polymath start", [polymath, "start", "domain 02"], env, target=True),
        Command("polymath stop", [polymath, "stop"], env, before=rewind_timer(db), target=True),
    ]
    if against is not None:
        other_db = folder / "against.db"
        other = {**env, "POLYMATH_DB": str(other_db)}
        # the other build makes its own file (its own schema), then gets the same rows
        subprocess.run([against, "domains", "add", "seed"], env=other, check=True)
        with sqlite3.connect(other_db) as conn:
            conn.execute("DELETE FROM domain")
            conn.execute("DELETE FROM change")
        conn.close()
        build_database(other_db, sessions=sessions, domains=domains, existing=True)
        listed += [
            fresh_log("against: polymath log", [against, "log", "30m", "domain 01"], other),
            Command("against: polymath status", [against, "status"], other),
        ]
    return listed


def compare(listed: Sequence[Command]) -> None:
    """This build against the other one, command by command (medians of the same rounds)."""
    by_name = {c.name: c for c in listed}
    print(f"\n{'this build / against':<26} {'wall':>7} {'cpu':>7}")
    for name in ("polymath log", "polymath status"):
        ours, theirs = by_name[name], by_name.get(f"against: {name}")
        if theirs is None:
            continue
        wall = statistics.median(ours.times) / statistics.median(theirs.times)
        cpu = statistics.median(ours.cpu_times) / statistics.median(theirs.cpu_times)
        print(f"{name:<26} {wall:7.2f} {cpu:7.2f}")


def measure(listed: Sequence[Command], runs: int) -> None:
    """One warm-up round, then ``runs`` rounds of one run of each command, in turn."""
    for command in listed:
        command.run()
        command.failures.clear()
    for _ in range(runs):
        for command in listed:
            elapsed, cpu = command.run()
            command.times.append(elapsed)
            command.cpu_times.append(cpu)


# --- the report -----------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = fraction * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def report(listed: Sequence[Command], runs: int) -> list[str]:
    """The table, and one ``target:`` line per target (the ratios judged are CPU ratios)."""
    base_wall = statistics.median(listed[0].times)
    base_cpu = statistics.median(listed[0].cpu_times)
    watson = next((c for c in listed if c.name.startswith("watson")), None)
    watson_cpu = statistics.median(watson.cpu_times) if watson else None
    print(
        f"\n{runs} runs each, interleaved round-robin; cpu is the child's user+sys; the targets "
        "judge cpu ratios (a shared machine inflates wall time)\n"
    )
    header = (
        f"{'command':<26} {'wall ms':>7} {'p90 ms':>7} {'cpu ms':>7} {'wall x':>7} "
        f"{'cpu x':>6} {'cpu x watson':>12}  {'target (cpu)':<27} result"
    )
    print(header)
    print("-" * len(header))
    verdicts = []
    for command in listed:
        wall = statistics.median(command.times)
        cpu = statistics.median(command.cpu_times)
        ratio_cpu = cpu / base_cpu
        ratio_watson = cpu / watson_cpu if watson_cpu else None
        shown_watson = f"{ratio_watson:12.2f}" if ratio_watson is not None else f"{'n/a':>12}"
        if command.target:
            goal = f"<= {PASS_FACTOR:g}x pass" + (
                f", <= {WATSON_FACTOR:g}x watson" if watson_cpu else ""
            )
            ok = ratio_cpu <= PASS_FACTOR and (
                ratio_watson is None or ratio_watson <= WATSON_FACTOR
            )
            verdict = "pass" if ok and not command.failures else "FAIL"
            against_watson = "" if ratio_watson is None else f", {ratio_watson:.2f}x watson add"
            verdicts.append(
                f"target: {command.name:<22} {ratio_cpu:5.2f}x python -c pass in cpu "
                f"(wall {wall / base_wall:.2f}x){against_watson}  limit {goal}  {verdict}"
            )
        else:
            goal, verdict = "(baseline)", ""
        print(
            f"{command.name:<26} {wall * 1000:7.1f} {percentile(command.times, 0.9) * 1000:7.1f} "
            f"{cpu * 1000:7.1f} {wall / base_wall:7.2f} {ratio_cpu:6.2f} {shown_watson}  "
            f"{goal:<27} {verdict}"
        )
    for command in listed:
        if command.failures:
            print(f"\n{command.name} failed {len(command.failures)} times: {command.failures[0]}")
    if watson is None:
        print("\nwatson not found: install it with  .venv/bin/pip install -e '.[bench]'")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1) * 0.5:
        print(f"\nnote: load average {load:.1f} on {os.cpu_count()} CPUs; wall times are inflated")
    return verdicts


def import_times(polymath: str, env: dict[str, str], repeats: int = 5, top: int = 10) -> None:
    """The modules ``polymath status`` imports, slowest first (the best of ``repeats`` runs)."""
    best: dict[str, tuple[int, int, int]] = {}
    totals = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", polymath, "status"],
            env=env,
            capture_output=True,
            text=True,
        )
        total = 0
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line or "self" in line:
                continue
            own, cumulative, name = (part.strip() for part in line[12:].split("|"))
            depth = (len(line[12:].split("|")[2]) - len(name) - 1) // 2
            if depth == 0:
                total += int(cumulative)
            entry = (int(own), int(cumulative), depth)
            if name not in best or entry[0] < best[name][0]:
                best[name] = entry
        totals.append(total)
    print(
        f"\npython -X importtime: polymath status imports for {min(totals) / 1000:.1f} ms "
        f"(best of {repeats}); the {top} slowest modules by own time:\n"
    )
    print(f"{'own ms':>7} {'cumulative ms':>14}  module")
    ranked = sorted(best.items(), key=lambda item: -item[1][0])[:top]
    for module, (own_us, cumulative_us, _depth) in ranked:
        print(f"{own_us / 1000:7.1f} {cumulative_us / 1000:14.1f}  {module}")
    print(f"\n{'cumulative ms':>14}  top-level imports")
    roots = sorted(
        ((module, entry) for module, entry in best.items() if entry[2] == 0),
        key=lambda item: -item[1][1],
    )[:top]
    for module, (_own, cumulative_us, _depth) in roots:
        print(f"{cumulative_us / 1000:14.1f}  {module}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command")
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--domains", type=int, default=40)
    parser.add_argument("--frames", type=int, default=5_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--against", metavar="POLYMATH", help="another build's polymath command to compare with"
    )
    args = parser.parse_args(argv)

    polymath = find_tool("polymath")
    if polymath is None:
        print("the polymath command is not installed: run  make  (or pip install -e .)")
        return 0
    watson = find_tool("watson")
    folder = Path(tempfile.mkdtemp(prefix="polymath-bench-"))
    try:
        db = folder / "polymath.db"
        started = time.perf_counter()
        build_database(db, sessions=args.sessions, domains=args.domains)
        write_watson_frames(folder / "watson", args.frames)
        print(
            f"built {args.sessions:,} sessions over {YEARS} years in {args.domains} domains "
            f"({db.stat().st_size / 1e6:.1f} MB) and {args.frames:,} Watson frames "
            f"in {time.perf_counter() - started:.1f} s"
        )
        print(f"python {sys.version.split()[0]} at {sys.executable}; {os.cpu_count()} CPUs")
        listed = commands(
            polymath,
            watson,
            db,
            folder,
            args.against,
            sessions=args.sessions,
            domains=args.domains,
        )
        measure(listed, args.runs)
        verdicts = report(listed, args.runs)
        if args.against:
            compare(listed)
        import_times(polymath, next(c.env for c in listed if c.name == "polymath status"))
        with sqlite3.connect(db) as conn:
            count = conn.execute("SELECT count(*) FROM learning_session").fetchone()[0]
        conn.close()
        print(f"\nthe database now holds {count:,} sessions\n")
        print("\n".join(verdicts))
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
