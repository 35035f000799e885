"""The daily reads against their floor: ``today``, ``review``, ``sessions``, ``domains``.

Targets: on a 10-year history (20,000 sessions in 40 domains) each command's median CPU time is
at most 8x ``python -c pass``; on 100,000 sessions over the same ten years, at most 1.2x its
figure on 20,000: a read costs the weeks it shows, not the history. Both databases are built
with plain SQL (``bench/checkin.py``), then one ``polymath log`` on each writes the history's
summary as any person's first check-in of the day does. The commands run interleaved
round-robin (one run of each per round, after a warm-up round); CPU time is the child's user +
system time, which a shared machine inflates far less than wall time. Exits 0: it reports.

    .venv/bin/python bench/reads.py [--runs 15]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checkin import Command, build_database, find_tool, measure, percentile

PASS_FACTOR = 8.0
GROWTH_FACTOR = 1.2
READS = (("today",), ("review",), ("sessions",), ("domains",))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    polymath = find_tool("polymath")
    if polymath is None:
        print("the polymath command is not installed: run  make")
        return 0
    folder = Path(tempfile.mkdtemp(prefix="polymath-reads-"))
    try:
        skipped = ("POLYMATH_", "PYTHONDONTWRITEBYTECODE")
        base = {k: v for k, v in os.environ.items() if not k.startswith(skipped)}
        base["POLYMATH_CONFIG"] = str(folder / "config.toml")
        listed = [Command("python -c pass", [sys.executable, "-c", "pass"], base)]
        sizes = {"20k": 20_000, "100k": 100_000}
        for label, count in sizes.items():
            db = folder / f"{label}.db"
            build_database(db, sessions=count, domains=40)
            env = {**base, "POLYMATH_DB": str(db)}
            subprocess.run([polymath, "log", "1m", "domain 01"], env=env, check=True,
                           capture_output=True)  # fmt: skip
            for words in READS:
                name = f"{' '.join(words)} ({label})"
                listed.append(Command(name, [polymath, *words], env, target=True))
        print(f"python {sys.version.split()[0]}; {os.cpu_count()} CPUs; {args.runs} runs each, "
              "interleaved; cpu = the child's user + system time")  # fmt: skip
        measure(listed, args.runs)
        verdicts = report(listed)
        print("\n" + "\n".join(verdicts))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def report(listed: Sequence[Command]) -> list[str]:
    cpu = {c.name: statistics.median(c.cpu_times) for c in listed}
    wall = {c.name: statistics.median(c.times) for c in listed}
    base_cpu, base_wall = cpu["python -c pass"], wall["python -c pass"]
    header = (
        f"\n{'command':<22} {'wall ms':>8} {'p90 ms':>7} {'cpu ms':>7} {'wall x':>7} {'cpu x':>6}"
    )
    print(header)
    print("-" * (len(header) - 1))
    for c in listed:
        shown_wall, shown_cpu = wall[c.name], cpu[c.name]
        print(
            f"{c.name:<22} {shown_wall * 1000:8.1f} {percentile(c.times, 0.9) * 1000:7.1f} "
            f"{shown_cpu * 1000:7.1f} {shown_wall / base_wall:7.2f} {shown_cpu / base_cpu:6.2f}"
        )
        if c.failures:
            print(f"  failed {len(c.failures)} times: {c.failures[0]}")
    verdicts = []
    for words in READS:
        command = " ".join(words)
        small, large = f"{command} (20k)", f"{command} (100k)"
        ratio = cpu[small] / base_cpu
        growth = cpu[large] / cpu[small]
        ok = ratio <= PASS_FACTOR and not any(c.failures for c in listed if c.name == small)
        verdicts.append(
            f"target: {command:<9} 20k sessions {ratio:5.2f}x python -c pass in cpu "
            f"(wall {wall[small] / base_wall:.2f}x)  limit <= {PASS_FACTOR:g}x  "
            f"{'pass' if ok else 'FAIL'}"
        )
        grown = growth <= GROWTH_FACTOR
        verdicts.append(
            f"target: {command:<9} 100k / 20k sessions {growth:5.2f}x in cpu "
            f"(wall {wall[large] / wall[small]:.2f}x)  limit <= {GROWTH_FACTOR:g}x  "
            f"{'pass' if grown else 'FAIL'}"
        )
    return verdicts


if __name__ == "__main__":
    sys.exit(main())
