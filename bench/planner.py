"""Benchmark the stack planner: bound-and-prune search against the exhaustive reference.

Random populations with planted structure at 33, 1,000, 6,000 and 10,000 domains (communities
of about 20 domains; ten popular hubs, each favoured by its own communities, so hubs avoid one
another; connector domains shared by two communities, so they bridge two hubs: every kind of
label occurs), or any saved population with ``--population FILE``; a person with four domains
(two of them a labelled bridge); top 10 with one and with two new areas. For each it
prints, side by side in one run, the median wall and CPU times of ``plan_stacks`` pruned and
exhaustive (end to end, after one warm-up call that builds the population's tests and the
rarity cache), their ratio and whether the two top-10 lists are identical; then the same for
the search alone (without the query set-up and the ten suggestions' sentences), which is where
the two differ; and what building the population's tests once costs. An exhaustive run whose
estimate exceeds the budget is not run: its time is estimated from the measured time per
candidate and marked so.

    .venv/bin/python bench/planner.py [--repeats 5] [--budget 60] [--population FILE]

``--shipped`` instead plans for the demo persona (Maya) and the five personas of the scoring
issue on ESCO and, side by side, on O*NET (the same people, their domains on O*NET's areas):
the median wall and CPU time of ``plan_stacks`` (top 10, one and two new areas, after a warm-up
call), against the exhaustive search where it fits the budget (every one-new-area query on
ESCO; two new areas for Maya only, a sample: about 87,000 candidates).

    .venv/bin/python bench/planner.py --shipped [--repeats 5] [--budget 120]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
from scipy import sparse

from polymath.core.records import DomainProfile
from polymath.graph.labels import pair_evidence
from polymath.graph.pace import PLANNED, Pace
from polymath.graph.planner import PlanOptions, StackPlan, plan_stacks
from polymath.graph.population import Population, PopulationStats, load_population_stats
from polymath.graph.stack_search import Query, search_exhaustive, search_pruned

SIZES = (33, 1_000, 6_000, 10_000)
OWNED = 4
TOP = 10
PACE = Pace(5.0, PLANNED)
OPTIONS = PlanOptions()


def planted_population(n_domains: int, *, seed: int, units_per_domain: int = 10) -> Population:
    """Communities with hubs and connectors (see the module docstring), reproducible by seed."""
    rng = np.random.default_rng(seed)
    n_hubs = min(10, max(2, n_domains // 10))
    n_communities = max(n_hubs, n_domains // 20)
    rest = np.arange(n_hubs, n_domains)
    members, connectors = rest[: len(rest) * 3 // 4], rest[len(rest) * 3 // 4 :]
    member_of = rng.integers(0, n_communities, len(members))
    ends = rng.integers(0, n_communities, (len(connectors), 2))
    by_community = [members[member_of == c] for c in range(n_communities)]
    shared = [connectors[(ends[:, 0] == c) | (ends[:, 1] == c)] for c in range(n_communities)]
    n_units = units_per_domain * n_domains
    rows: list[int] = []
    cols: list[int] = []
    for unit, home in enumerate(rng.integers(0, n_communities, n_units).tolist()):
        chosen: set[int] = set()
        if rng.random() < 0.7:
            chosen.add(home % n_hubs)
        pool = by_community[home]
        if len(pool):
            chosen.update(rng.choice(pool, min(3, len(pool)), replace=False).tolist())
        if len(shared[home]) and rng.random() < 0.3:
            chosen.add(int(rng.choice(shared[home])))
        if rng.random() < 0.05:
            chosen.add(int(rng.integers(n_domains)))
        rows.extend([unit] * len(chosen))
        cols.extend(sorted(chosen))
    width = len(str(n_domains - 1))
    uses = sparse.csr_array(
        (np.ones(len(rows), dtype=np.int8), (np.array(rows), np.array(cols))),
        shape=(n_units, n_domains),
    )
    return Population(
        units=tuple(f"u{i}" for i in range(n_units)),
        domains=tuple(f"d{i:0{width}d}" for i in range(n_domains)),
        uses=uses,
    )


def make_person(stats: PopulationStats, seed: int) -> list[DomainProfile]:
    """Four domains on usable areas: a labelled bridge's two ends and two areas at random."""
    rng = np.random.default_rng(seed)
    evidence = pair_evidence(stats, OPTIONS.label_rule())
    bridges = np.flatnonzero(evidence.side > 0)
    chosen: list[int] = []
    if len(bridges):
        edge = int(rng.choice(bridges))
        chosen = [int(evidence.i[edge]), int(evidence.j[edge])]
    usable = np.flatnonzero(evidence.usable)
    while len(chosen) < OWNED:
        area = int(rng.choice(usable))
        if area not in chosen:
            chosen.append(area)
    return [
        DomainProfile(
            name=f"domain {k}",
            area=stats.areas[area],
            level=int(rng.integers(1, 5)),
            total_minutes=int(rng.integers(0, 20_000)),
            recent_weekly_minutes=float(rng.integers(0, 200)),
        )
        for k, area in enumerate(chosen)
    ]


def search_alone(
    search: Callable[[Query, int], list[Any]],
    stats: PopulationStats,
    person: list[DomainProfile],
    new: int,
) -> list[Any]:
    """The ranking alone, without the query set-up or the suggestions (bench only)."""
    return search(QUERIES[(id(stats), new)], TOP)


QUERIES: dict[tuple[int, int], Query] = {}


def build_query(stats: PopulationStats, person: list[DomainProfile], new: int) -> None:
    QUERIES[(id(stats), new)] = Query(
        stats,
        person,
        keep=(),
        new=new,
        target_level=3,
        integration=(),
        options=OPTIONS,
        pace=PACE,
    )


def candidates(n_usable: int, new: int) -> int:
    free = n_usable - OWNED
    if new == 1:
        return math.comb(OWNED, 2) * free
    return OWNED * math.comb(free, 2)


def median_time(call: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of ``repeats`` calls, and the last result."""
    walls, cpus = [], []
    result: Any = None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus), result


def signature(result: StackPlan | list[Any]) -> list[Any]:
    if isinstance(result, StackPlan):
        return [(s.areas, s.score) for s in result.suggestions]
    return list(result)


def seconds(value: float) -> str:
    return f"{value * 1e3:,.1f} ms" if value < 10 else f"{value:,.1f} s"


TARGET_DOMAINS = 5_000
"""The speed issue's population: 1,000,000 rows over 100,000 units and 5,000 domains."""
SUGGEST_LIMITS = {1: 2.0, 2: 10.0}
"""Seconds of CPU a ``suggest`` may take on it, by the number of new areas."""


def populations(args: argparse.Namespace) -> list[tuple[str, PopulationStats]]:
    if args.population:
        stats = load_population_stats(args.population)
        return [(stats.name, stats)]
    return [(f"{n:,}", PopulationStats.from_units(planted_population(n, seed=n))) for n in SIZES]


# (name, defining domain, [(domain, level, weekly minutes, ESCO area, O*NET area)])
SHIPPED_PERSONAS: list[tuple[str, str, list[tuple[str, int, int, str, str]]]] = [
    (
        "Maya (demo)",
        "Bayesian statistics",
        [
            ("Bayesian statistics", 3, 90, "statistics", "Mathematics"),
            ("Jazz piano", 3, 100, "play musical instruments", "Fine Arts"),
            ("Cognitive psychology", 3, 70, "psychology", "Psychology"),
            ("UX design", 4, 60, "software interaction design", "Design"),
            ("Behavioural economics", 2, 20, "economics", "Economics and Accounting"),
            ("Spanish", 2, 70, "mastering languages", "Foreign Language"),
        ],
    ),
    (
        "developer + jazz + Spanish",
        "Python",
        [
            ("Python", 4, 180, "Python (computer programming)", "Computers and Electronics"),
            ("Jazz piano", 2, 150, "play musical instruments", "Fine Arts"),
            ("Spanish", 2, 120, "mastering languages", "Foreign Language"),
        ],
    ),
    (
        "nurse + data science",
        "Nursing practice",
        [
            ("Nursing practice", 4, 200, "nursing and midwifery", "Medicine and Dentistry"),
            ("Statistics", 2, 150, "statistics (knowledge)", "Mathematics"),
            (
                "Python for data",
                1,
                100,
                "Python (computer programming)",
                "Computers and Electronics",
            ),
        ],
    ),
    (
        "lawyer + design",
        "Contract law",
        [
            ("Contract law", 4, 150, "contract law", "Law and Government"),
            ("Graphic design", 2, 120, "graphic design", "Design"),
        ],
    ),
    (
        "mechanical engineer + psychology",
        "Mechanical engineering",
        [
            (
                "Mechanical engineering",
                4,
                200,
                "mechanical engineering",
                "Engineering and Technology",
            ),
            (
                "Machine design",
                4,
                60,
                "designing industrial materials, systems or products",
                "Mechanical",
            ),
            ("Psychology", 2, 150, "psychology (knowledge)", "Psychology"),
        ],
    ),
    (
        "violinist + economics",
        "Violin",
        [
            ("Violin", 5, 420, "play musical instruments", "Fine Arts"),
            ("Economics", 2, 150, "economics (knowledge)", "Economics and Accounting"),
        ],
    ),
]


def shipped(args: argparse.Namespace) -> None:
    """Plans on the shipped ESCO and O*NET populations for the demo persona and the five."""
    from polymath.graph.population import population_by_name

    rows = []
    for population in ("esco", "onet"):
        stats = population_by_name(population)
        for name, keep, domains in SHIPPED_PERSONAS:
            person = [
                DomainProfile(
                    domain,
                    esco if population == "esco" else onet,
                    level,
                    minutes * 40,
                    recent_weekly_minutes=minutes,
                )
                for domain, level, minutes, esco, onet in domains
            ]
            pace = Pace(sum(d[2] for d in domains) / 60.0, PLANNED)
            for new in (1, 2):
                fast = partial(
                    plan_stacks, stats, person, keep=(keep,), new=new, top=TOP, pace=pace
                )
                first = median_time(fast, 1)  # the first query also reads the population
                pruned = median_time(fast, args.repeats)
                exhaustive: tuple[float, float, Any] | None = None
                if population == "onet" or new == 1 or name.startswith("Maya"):
                    exhaustive = median_time(partial(fast, exhaustive=True), 1)
                same = (
                    "not run"
                    if exhaustive is None
                    else "yes"
                    if signature(pruned[2]) == signature(exhaustive[2])
                    else "NO"
                )
                plan: StackPlan = pruned[2]
                rows.append(
                    (
                        population,
                        name,
                        str(new),
                        f"{plan.candidates:,}",
                        f"{seconds(first[0])} / {seconds(first[1])}",
                        f"{seconds(pruned[0])} / {seconds(pruned[1])}",
                        "-" if exhaustive is None else f"{seconds(exhaustive[0])}",
                        "-"
                        if exhaustive is None
                        else f"{exhaustive[1] / max(pruned[1], 1e-9):,.0f}x",
                        same,
                    )
                )
                print(f"  done: {population}, {name}, {new} new", flush=True)
    header = (
        "population",
        "person",
        "new",
        "candidates",
        "first query wall / cpu",
        "pruned wall / cpu",
        "exhaustive wall",
        "cpu ratio",
        "same top-10",
    )
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(header)]
    print()
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nmedians of {args.repeats} runs after the first; load average {load:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description="planner: pruned vs exhaustive")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of the pruned search")
    parser.add_argument("--budget", type=float, default=60.0, help="skip exhaustive runs over this")
    parser.add_argument("--population", help="a saved population statistics file instead")
    parser.add_argument("--shipped", action="store_true", help="ESCO and O*NET, six people")
    args = parser.parse_args()
    if args.shipped:
        shipped(args)
        return

    per_candidate = 5e-6  # replaced by the measured figure after the first exhaustive run
    rows = []
    verdicts: list[str] = []
    for label, stats in populations(args):
        wall, cpu = time.perf_counter(), time.process_time()
        evidence = pair_evidence(stats, OPTIONS.label_rule())
        built = (time.perf_counter() - wall, time.process_time() - cpu)
        person = make_person(stats, seed=len(stats.areas))
        usable = int(evidence.usable.sum())
        for new in (1, 2):
            count = candidates(usable, new)
            fast = partial(plan_stacks, stats, person, new=new, top=TOP, pace=PACE)
            slow = partial(fast, exhaustive=True)
            fast()  # warm-up: the rarity cache and the population's lookups
            build_query(stats, person, new)
            pruned = median_time(fast, args.repeats)
            pruned_search = median_time(
                partial(search_alone, search_pruned, stats, person, new), args.repeats
            )
            estimate = count * per_candidate
            if estimate <= args.budget:
                runs = 3 if estimate * 3 <= args.budget else 1
                exhaustive = median_time(slow, runs)
                exhaustive_search = median_time(
                    partial(search_alone, search_exhaustive, stats, person, new), runs
                )
                per_candidate = max(exhaustive_search[1] / count, 1e-7)
                same = "yes" if signature(pruned[2]) == signature(exhaustive[2]) else "NO"
                same += f" ({len(pruned[2].suggestions)})"
                if signature(pruned_search[2]) != signature(exhaustive_search[2]):
                    same = "NO"
                marks = ("", "")
            else:
                exhaustive = (estimate, estimate, None)
                exhaustive_search = (estimate, estimate, None)
                same = "not run"
                marks = ("~", " est.")
            rows.append(
                (
                    label,
                    str(new),
                    f"{count:,}",
                    f"{seconds(pruned[0])} / {seconds(pruned[1])}",
                    f"{marks[0]}{seconds(exhaustive[0])} / {seconds(exhaustive[1])}{marks[1]}",
                    f"{exhaustive[1] / max(pruned[1], 1e-9):,.0f}x",
                    same,
                    f"{seconds(pruned_search[0])} / {seconds(pruned_search[1])}",
                    f"{marks[0]}{seconds(exhaustive_search[1])}{marks[1]}",
                    f"{exhaustive_search[1] / max(pruned_search[1], 1e-9):,.0f}x",
                    f"{seconds(built[0])} / {seconds(built[1])}",
                )
            )
            print(f"  done: {label} domains, {new} new", flush=True)
            if len(stats.areas) >= TARGET_DOMAINS:
                limit = SUGGEST_LIMITS[new]
                met = pruned[1] <= limit and not same.startswith("NO")
                verdicts.append(
                    f"target: suggest --new {new}, {label} domains: {pruned[1]:.2f} s cpu (wall "
                    f"{pruned[0]:.2f} s), same top-10 as exhaustive: {same}  limit <= {limit:g} s"
                    f"  {'pass' if met else 'FAIL'}"
                )

    header = (
        "domains",
        "new",
        "candidates",
        "pruned wall / cpu",
        "exhaustive wall / cpu",
        "cpu ratio",
        "same top-10 (found)",
        "search: pruned wall / cpu",
        "exhaustive cpu",
        "cpu ratio",
        "tests built once",
    )
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(header)]
    print()
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nmedians of {args.repeats} pruned runs and 3 exhaustive runs (1 if slow); exhaustive "
        f"runs estimated over {args.budget:.0f} s are not run but estimated from the measured "
        f"CPU time per candidate (~, est.); pace {PACE.hours_per_week:g} h a week; "
        f"load average {load:.2f}"
    )
    print("\n" + "\n".join(verdicts))


if __name__ == "__main__":
    main()
