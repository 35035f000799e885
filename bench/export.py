"""Exporting a person's skill graph, each format, against ``python -c "import networkx"``.

The speed issue's target: ``polymath export graph`` (any format) costs at most 1.5x the CPU of
importing networkx, and nothing on the export path imports SciPy. This measures the part the
exporters own: a fresh process that imports the person graph and the exporters, builds a graph
(from records, without a database or a population file) and writes it to a file. Two sizes: 12
nodes (6 domains on 6 areas, like the demo) and 500 nodes (450 domains on 50 areas, every area
pair with figures: 1,225 pair edges). Runs are interleaved round-robin with the baseline, after a
warm-up round, so load hits all alike; each row gives the median CPU (user + system of the child)
and wall time and their ratios to the baseline's medians.

    .venv/bin/python bench/export.py [--runs 11]
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

TARGET = 1.5
SIZES = {"12 nodes": (6, 6), "500 nodes": (450, 50)}
FORMATS = ("graphml", "gexf", "json", "cytoscape", "dot", "mermaid", "svg", "html")

BASELINE = "import networkx"
COMMAND = "import sys; from polymath.cli import main; sys.exit(main(sys.argv[1:]))"
"""The whole command, as a person runs it: the database read, the population, the labels."""

EXPORT = """
import sys
from pathlib import Path

from polymath.core.records import DomainProfile, IntegrationLink
from polymath.graph.export import export_graph
from polymath.graph.person_graph import PairFigures, build_person_graph

n_domains, n_areas, fmt, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
areas = [f"Area {i}" for i in range(n_areas)]
profiles = [
    DomainProfile(
        f"Domain {i}",
        areas[i % n_areas],
        i % 5 + 1,
        90 * i + 45,
        {"read": 30 * i, "reflect": 10 * i, "experiment": 50 * i + 45},
    )
    for i in range(n_domains)
]
links = [
    IntegrationLink(f"Domain {i}", f"Domain {(7 * i + 3) % n_domains}", 30)
    for i in range(n_domains)
]
index = {area: i for i, area in enumerate(areas)}


def figures(a, b):
    z = ((31 * index[a] + 17 * index[b]) % 200 - 100) / 10
    return PairFigures(observed=index[a] % 9, expected=4.5, z=z, lift=1.0 + z / 20)


graph = build_person_graph(profiles, links, figures, stack=("Domain 0", "Domain 1", "Domain 2"))
Path(out).write_text(export_graph(graph, fmt), encoding="utf-8", newline="")
heavy = {name.split(".")[0] for name in sys.modules} & {"scipy", "numpy"}
if heavy:
    raise SystemExit(f"the export path imported {sorted(heavy)}")
"""


def run_child(code: str, *args: str) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one fresh interpreter running ``code``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args], check=True, env=env, stdout=subprocess.DEVNULL
    )
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)

    from polymath.services.maintenance import build_demo

    with tempfile.TemporaryDirectory(prefix="polymath-bench-export-") as folder:
        demo = build_demo(Path(folder) / "demo")
        os.environ["POLYMATH_DB"] = str(demo.db_path)
        os.environ["POLYMATH_CONFIG"] = str(Path(folder) / "none.toml")
        cases: dict[str, tuple[str, ...]] = {"python -c 'import networkx'": (BASELINE,)}
        for fmt in ("graphml", "html"):
            out = str(Path(folder) / f"demo.{fmt}")
            cases[f"polymath export graph, {fmt}"] = (
                COMMAND,
                "export",
                "graph",
                "-f",
                fmt,
                "-o",
                out,
                "--force",
            )
        for size, (domains, areas) in SIZES.items():
            for fmt in FORMATS:
                out = str(Path(folder) / f"{size.split()[0]}.{fmt}")
                cases[f"{fmt}, {size}"] = (EXPORT, str(domains), str(areas), fmt, out)
        walls: dict[str, list[float]] = {name: [] for name in cases}
        cpus: dict[str, list[float]] = {name: [] for name in cases}
        for case in cases.values():  # warm-up: bytecode, page cache
            run_child(*case)
        for _ in range(args.runs):
            for name, case in cases.items():
                wall, cpu = run_child(*case)
                walls[name].append(wall)
                cpus[name].append(cpu)
            sizes = {
                name: os.path.getsize(case[-1] if case[-1] != "--force" else case[-2])
                for name, case in cases.items()
                if len(case) > 1
            }

    base_cpu = statistics.median(cpus["python -c 'import networkx'"])
    base_wall = statistics.median(walls["python -c 'import networkx'"])
    print(f"fresh process: build the person graph and write one export; median of {args.runs}")
    print(
        f"{'case':<28} {'CPU ms':>7} {'x CPU':>6} {'wall ms':>8} {'x wall':>7} {'file KiB':>9}"
        f"  CPU target"
    )
    for name in cases:
        cpu, wall = statistics.median(cpus[name]), statistics.median(walls[name])
        ratio = cpu / base_cpu
        if name in sizes:
            verdict = f"<= {TARGET}x {'pass' if ratio <= TARGET else 'FAIL'}"
            size = f"{sizes[name] / 1024:>9.0f}"
        else:
            verdict, size = "(baseline)", f"{'':>9}"
        print(
            f"{name:<28} {cpu:>7.0f} {ratio:>6.2f} {wall:>8.0f} {wall / base_wall:>7.2f} {size}"
            f"  {verdict}"
        )
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1) / 2:
        print(f"note: load average {load:.1f}; wall times are inflated, CPU times less so")
    print()
    for name in cases:
        if name.startswith("polymath export graph"):
            ratio = statistics.median(cpus[name]) / base_cpu
            wall_ratio = statistics.median(walls[name]) / base_wall
            print(
                f"target: {name} (demo): {ratio:.2f}x import networkx in cpu (wall "
                f"{wall_ratio:.2f}x)  limit <= {TARGET}x  {'pass' if ratio <= TARGET else 'FAIL'}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
