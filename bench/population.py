"""Benchmark the population layer: shipped populations, one pair, mapping a name, a 1M-row CSV.

Every case runs in a fresh interpreter (end to end: imports, reading the file, the work), the
cases interleaved round robin after a warm-up round, so they share the machine's state. Prints,
per case, the median wall and CPU time (user + system of the child: less inflated on a busy
machine), the peak resident memory, and ratios to its baseline measured in the same run:

- ``python -c pass`` for everything;
- loading O*NET for loading ESCO; O*NET's pair for ESCO's pair;
- a plain ``csv`` pass over the same file for the 1,000,000-row load (100,000 units, 5,000
  domains, built in a temporary folder), which reads, checks, interns, builds the membership,
  computes the statistics and writes the population file.

The command line end to end (``--cli``; the installed ``polymath`` minus the console-script
shim), on two databases imported from ``sample_data/demo.json`` in a temporary folder: Maya on
ESCO (the default) and Maya on O*NET (``graph use onet``, her domains mapped to O*NET's areas):
``graph pair``, ``domains map`` and ``suggest --top 3`` with one and two new areas, each against
the same command on O*NET.

Then the size of the wheel (``pip wheel . --no-deps``), unless ``--no-wheel``.

    .venv/bin/python bench/population.py [--runs 7] [--no-wheel] [--cli]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASES: dict[str, str] = {
    "python -c pass": "pass",
    "O*NET area names": (
        "from polymath.graph.shipped import shipped_area_names; shipped_area_names('onet')"
    ),
    "ESCO area names": (
        "from polymath.graph.shipped import shipped_area_names; shipped_area_names('esco')"
    ),
    "load O*NET": (
        "from polymath.graph.population import shipped_population; shipped_population('onet')"
    ),
    "load ESCO": (
        "from polymath.graph.population import shipped_population; shipped_population('esco')"
    ),
    "O*NET pair": (
        "from polymath.graph.population import shipped_population\n"
        "shipped_population('onet').pair('Mechanical', 'Psychology')"
    ),
    "ESCO pair": (
        "from polymath.graph.population import shipped_population\n"
        "shipped_population('esco').pair('music and performing arts', 'statistics')"
    ),
    "ESCO pair + exact tails": (
        "from polymath.graph.population import shipped_population\n"
        "shipped_population('esco').pair('music and performing arts', 'statistics').tails()"
    ),
    "ESCO match_skills": (
        "from polymath.graph.skill_match import match_skills; match_skills('jazz piano')"
    ),
    "ESCO essential-only": (
        "from polymath.graph.esco import esco_population\n"
        "esco_population(essential_only=True).pair('music and performing arts', 'statistics')"
    ),
}
ONET_AREAS = {
    "Jazz piano": "Fine Arts",
    "Bayesian statistics": "Mathematics",
    "Cognitive psychology": "Psychology",
    "UX design": "Design",
    "Behavioural economics": "Economics and Accounting",
    "Spanish": "Foreign Language",
}
CLI_CASES: dict[str, tuple[str, list[str]]] = {
    "CLI graph pair, ESCO": ("esco", ["graph", "pair", "music and performing arts", "statistics"]),
    "CLI graph pair, O*NET": ("onet", ["graph", "pair", "Mechanical", "Psychology"]),
    "CLI domains map, ESCO": ("esco", ["domains", "map", "Jazz piano", "play musical instruments"]),
    "CLI domains map, O*NET": ("onet", ["domains", "map", "Jazz piano", "Fine Arts"]),
    "CLI suggest, ESCO": ("esco", ["suggest", "--top", "3"]),
    "CLI suggest, O*NET": ("onet", ["suggest", "--top", "3"]),
    "CLI suggest --new 2, ESCO": ("esco", ["suggest", "--top", "3", "--new", "2"]),
    "CLI suggest --new 2, O*NET": ("onet", ["suggest", "--top", "3", "--new", "2"]),
}
BASELINE = {
    "CLI graph pair, ESCO": "CLI graph pair, O*NET",
    "CLI domains map, ESCO": "CLI domains map, O*NET",
    "CLI suggest, ESCO": "CLI suggest, O*NET",
    "CLI suggest --new 2, ESCO": "CLI suggest --new 2, O*NET",
    "load ESCO": "load O*NET",
    "ESCO pair": "O*NET pair",
    "ESCO pair + exact tails": "ESCO pair",
    "ESCO match_skills": "python -c pass",
    "1M rows: load, stats, save": "1M rows: plain csv pass",
}
LOAD_LIMIT_S = 10.0
LOAD_LIMIT_MIB = 400
"""The speed issue's bounds for reading, summing and saving the 1,000,000-row population."""


def million_rows(folder: Path, *, units: int = 100_000, domains: int = 5_000) -> Path:
    """A 1,000,000-row ``unit,domain`` CSV: each unit uses 10 domains, clustered by unit."""
    import numpy as np

    rng = np.random.default_rng(7)
    path = folder / "million.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("unit,domain\n")
        for unit in range(units):
            home = int(rng.integers(domains))
            chosen = {(home + int(step)) % domains for step in rng.integers(0, 60, size=10)}
            while len(chosen) < 10:
                chosen.add(int(rng.integers(domains)))
            handle.writelines(f"unit{unit},skill{d}\n" for d in sorted(chosen))
    return path


def run(code: str) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one fresh interpreter running ``code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code + "\nimport resource, sys\n"
            "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"case failed:\n{code}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, int(done.stdout.strip().splitlines()[-1]) / 1024


def cli_databases(folder: Path) -> dict[str, Path]:
    """Maya's history imported twice: planning on ESCO, and on O*NET with O*NET areas."""
    databases = {}
    for population in ("esco", "onet"):
        db = folder / f"{population}.db"
        steps = [["import", str(ROOT / "sample_data" / "demo.json")]]
        if population == "onet":
            steps.append(["graph", "use", "onet"])
            steps += [["domains", "map", name, area] for name, area in ONET_AREAS.items()]
        for step in steps:
            subprocess.run(
                [sys.executable, "-c", f"from polymath.cli import main; main({step!r})"],
                check=True,
                capture_output=True,
                env=cli_environment(folder, db),
            )
        databases[population] = db
    return databases


def cli_environment(folder: Path, db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "POLYMATH_DB": str(db),
        "POLYMATH_CONFIG": str(folder / "none.toml"),
        "TZ": "Europe/Berlin",
    }


def cli_code(folder: Path, db: Path, argv: list[str]) -> str:
    """A fresh interpreter running the command line on ``db`` (the console script's work)."""
    environment = {
        "POLYMATH_DB": str(db),
        "POLYMATH_CONFIG": str(folder / "none.toml"),
        "TZ": "Europe/Berlin",
    }
    return (
        f"import os\nos.environ.update({environment!r})\n"
        "import contextlib, io\nfrom polymath.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    assert main({argv!r}) == 0\n"
    )


def wheel_size() -> str:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", str(ROOT), "-w", folder, "--no-deps", "-q"],
            check=True,
            capture_output=True,
        )
        wheel = next(Path(folder).glob("*.whl"))
        return f"{wheel.name}: {wheel.stat().st_size / 2**20:.2f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-wheel", action="store_true")
    parser.add_argument("--cli", action="store_true", help="also the command line end to end")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1) * 0.75:
        print(f"note: load average {load:.1f} on {os.cpu_count()} CPUs: wall times include waiting")
    with tempfile.TemporaryDirectory() as folder:
        csv_path = million_rows(Path(folder))
        out = Path(folder) / "million.pop"
        cases = dict(CASES)
        cases["1M rows: plain csv pass"] = (
            f"import csv\nfor row in csv.reader(open({str(csv_path)!r}, newline='')): pass"
        )
        cases["1M rows: load, stats, save"] = (
            "from polymath.graph.population import PopulationStats, read_population_csv\n"
            f"population = read_population_csv({str(csv_path)!r})\n"
            "stats = PopulationStats.from_units(population, keep_membership=True)\n"
            f"stats.save({str(out)!r})"
        )
        if args.cli:
            databases = cli_databases(Path(folder))
            for name, (population, command) in CLI_CASES.items():
                cases[name] = cli_code(Path(folder), databases[population], command)
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in cases}
        for round_number in range(args.runs + 1):
            for name, code in cases.items():
                measured = run(code)
                if round_number:
                    results[name].append(measured)
        saved = out.stat().st_size
    print(f"{'case':30} {'wall ms':>9} {'cpu ms':>9} {'peak MiB':>9}  ratio (wall, cpu) to")
    medians = {
        name: tuple(statistics.median(m[k] for m in runs) for k in range(3))
        for name, runs in results.items()
    }
    for name, (wall, cpu, peak) in medians.items():
        base = BASELINE.get(name, "python -c pass")
        ratio = ""
        if name != base:
            b_wall, b_cpu, _ = medians[base]
            ratio = f"{wall / b_wall:5.1f}x, {cpu / max(b_cpu, 1e-9):5.1f}x  {base}"
        print(f"{name:30} {wall * 1000:9.0f} {cpu * 1000:9.0f} {peak:9.0f}  {ratio}")
    print(f"1M-row population file: {saved / 2**20:.1f} MiB")
    wall, cpu, peak = medians["1M rows: load, stats, save"]
    print(
        f"\ntarget: 1M-row population load: {cpu:.2f} s cpu (wall {wall:.2f} s)  limit < "
        f"{LOAD_LIMIT_S:g} s  {'pass' if cpu < LOAD_LIMIT_S else 'FAIL'}"
    )
    print(
        f"target: 1M-row population load: peak {peak:.0f} MiB  limit < {LOAD_LIMIT_MIB} MiB  "
        f"{'pass' if peak < LOAD_LIMIT_MIB else 'FAIL'}"
    )
    if not args.no_wheel:
        print("wheel:", wheel_size())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
