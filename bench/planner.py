"""Benchmark the stack planner: bound-and-prune search against the exhaustive reference.

Synthetic sparse populations (each domain co-occurs with about ten others) at 33, 1,000 and
10,000 domains; a person with four domains (two of them related); top 10 with one and with two
new areas. Prints median wall times of ``suggest_stacks`` and ``suggest_stacks_exhaustive`` (both
end to end, after one warm-up call that builds the lookup tables and the rarity cache), their
ratio and whether the two top-10 lists are identical; then the same for the search alone (without
building the ten suggestions: pair statistics, copula rarity, sentences), which is where the two
differ. The exhaustive search is skipped where it
would take too long; its time is then estimated from its measured speed per candidate.

    .venv/bin/python bench/planner.py [--repeats 5] [--budget 60]
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

from polymath.core.records import DomainProfile
from polymath.graph.atypicality import atypicality_z
from polymath.graph.planner import (
    PlanOptions,
    Suggestion,
    _Query,
    _search_exhaustive,
    _search_pruned,
    prepare,
    suggest_stacks,
    suggest_stacks_exhaustive,
)
from polymath.graph.population import PopulationStats, synthetic_population

SIZES = (33, 1_000, 10_000)
OWNED = 4
TOP = 10


def make_person(stats: PopulationStats, seed: int) -> list[DomainProfile]:
    """Four domains: one area, a conventional neighbour of it, and two areas at random."""
    rng = np.random.default_rng(seed)
    n = stats.counts
    z = atypicality_z(stats.pair_observed, n[stats.pair_i], n[stats.pair_j], stats.n_units)
    positive = np.flatnonzero(z > 0)
    edge = int(rng.choice(positive))
    chosen = [int(stats.pair_i[edge]), int(stats.pair_j[edge])]
    while len(chosen) < OWNED:
        area = int(rng.integers(len(stats.areas)))
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
    search: Callable[[_Query, int], list[Any]],
    stats: PopulationStats,
    person: list[DomainProfile],
    new: int,
) -> list[Any]:
    """The ranking alone, without building suggestions (private API, for this bench only)."""
    query = _Query(
        stats, person, anchor=None, new=new, target_level=3, integration=(), options=PlanOptions()
    )
    return search(query, TOP)


def candidates(n_domains: int, new: int) -> int:
    free = n_domains - OWNED
    if new == 1:
        return math.comb(OWNED, 2) * free
    return OWNED * math.comb(free, 2)


def median_time(call: Callable[[], list[Any]], repeats: int) -> tuple[float, list[Any]]:
    times = []
    result: list[Any] = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def signature(suggestions: list[Suggestion]) -> list[tuple[tuple[str, str, str], float]]:
    return [(s.areas, s.score) for s in suggestions]


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description="planner: pruned vs exhaustive")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of the pruned search")
    parser.add_argument("--budget", type=float, default=60.0, help="skip exhaustive runs over this")
    args = parser.parse_args()

    seconds_per_candidate = 5e-6  # replaced by the measured figure after the first exhaustive run
    rows = []
    for n_domains in SIZES:
        started = time.perf_counter()
        stats = PopulationStats.from_units(synthetic_population(n_domains, seed=n_domains))
        prepare(stats)
        setup = time.perf_counter() - started
        degree = 2 * len(stats.pair_observed) / n_domains
        person = make_person(stats, seed=n_domains)
        for new in (1, 2):
            count = candidates(n_domains, new)

            fast = partial(suggest_stacks, stats, person, new=new, top=TOP)
            slow = partial(suggest_stacks_exhaustive, stats, person, new=new, top=TOP)
            fast_search = partial(search_alone, _search_pruned, stats, person, new)
            slow_search = partial(search_alone, _search_exhaustive, stats, person, new)
            fast()  # warm-up: lookup tables and the rarity cache
            pruned, fast_result = median_time(fast, args.repeats)
            pruned_search, _ = median_time(fast_search, args.repeats)
            estimate = count * seconds_per_candidate
            if estimate <= args.budget:
                runs = 3 if estimate * 3 <= args.budget else 1
                exhaustive, slow_result = median_time(slow, runs)
                exhaustive_search, _ = median_time(slow_search, runs)
                seconds_per_candidate = max(exhaustive_search / count, 1e-7)
                exhaustive_text = milliseconds(exhaustive)
                search_text = milliseconds(exhaustive_search)
                same = "yes" if signature(fast_result) == signature(slow_result) else "NO"
            else:
                exhaustive = exhaustive_search = estimate
                exhaustive_text = search_text = f"~{milliseconds(estimate)} (est.)"
                same = "not run"
            rows.append(
                (
                    f"{n_domains:,}",
                    f"{degree:.1f}",
                    str(new),
                    f"{count:,}",
                    milliseconds(pruned),
                    exhaustive_text,
                    f"{exhaustive / pruned:,.0f}x",
                    same,
                    milliseconds(pruned_search),
                    search_text,
                    f"{exhaustive_search / pruned_search:,.0f}x",
                    milliseconds(setup),
                )
            )
            print(f"  done: {n_domains:,} domains, {new} new", flush=True)

    header = (
        "domains",
        "degree",
        "new",
        "candidates",
        "pruned",
        "exhaustive",
        "ratio",
        "same top-10",
        "search: pruned",
        "exhaustive",
        "ratio",
        "built once",
    )
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(header)]
    print()
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nmedians of {args.repeats} pruned runs and 3 exhaustive runs (1 if slow); "
        f"exhaustive runs estimated over {args.budget:.0f} s are not run but estimated from "
        f"the measured time per candidate; load average {load:.2f}"
    )


if __name__ == "__main__":
    main()
