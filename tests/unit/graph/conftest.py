"""Fixtures for the population, statistics and planner tests."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from polymath.core.records import DomainProfile
from polymath.graph.population import (
    Population,
    PopulationStats,
    default_population,
    population_from_memberships,
    read_onet_csv,
    synthetic_population,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
ONET_DIR = REPO_ROOT / "data" / "raw" / "onet"
ONET_CSV = ONET_DIR / "knowledge_importance.csv"


@pytest.fixture(scope="session")
def onet_csv() -> Path:
    """The raw O*NET Knowledge file, kept in the repository with its provenance."""
    return ONET_CSV


@pytest.fixture(scope="session")
def onet_population(onet_csv: Path) -> Population:
    return read_onet_csv(onet_csv)


@pytest.fixture(scope="session")
def onet_stats(onet_population: Population) -> PopulationStats:
    """Statistics computed from the raw file (without the slow randomised null)."""
    return PopulationStats.from_units(onet_population)


@pytest.fixture(scope="session")
def shipped() -> PopulationStats:
    """The statistics shipped in polymath/data."""
    return default_population()


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in tmp_path and return its path."""

    def write(content: str | bytes, name: str = "population.csv") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    return write


def random_stats(seed: int, n_domains: int) -> PopulationStats:
    """A random population of one of three shapes: clustered sparse, dense, very sparse."""
    rng = np.random.default_rng(seed)
    shape = seed % 3
    if shape == 0:
        population = synthetic_population(
            n_domains,
            n_units=int(rng.integers(n_domains // 2 + 5, 3 * n_domains + 10)),
            community_size=int(rng.integers(3, 15)),
            domains_per_unit=int(rng.integers(1, 5)),
            outside_rate=float(rng.random()),
            seed=seed,
        )
        return PopulationStats.from_units(population)
    n_units = int(rng.integers(5, 200))
    p = rng.random(n_domains) * (0.6 if shape == 1 else 0.1)
    uses = rng.random((n_units, n_domains)) < p
    memberships = {f"u{u}": [f"a{d:03d}" for d in np.flatnonzero(uses[u])] for u in range(n_units)}
    memberships = {unit: domains for unit, domains in memberships.items() if domains}
    if not memberships:
        memberships = {"u0": ["a000", "a001"]}
    return PopulationStats.from_units(population_from_memberships(memberships))


def random_person(
    stats: PopulationStats, rng: np.random.Generator, *, at_most: int = 5
) -> list[DomainProfile]:
    """Two to ``at_most`` domains on distinct areas, with random levels and rates."""
    d = len(stats.areas)
    owned = rng.choice(d, int(rng.integers(2, min(at_most, d - 2) + 1)), replace=False)
    return [
        DomainProfile(
            name=f"domain {n}",
            area=stats.areas[int(a)],
            level=int(rng.integers(1, 6)) if rng.random() < 0.8 else None,
            total_minutes=int(rng.integers(0, 10_000)),
            recent_weekly_minutes=float(rng.integers(0, 400)),
        )
        for n, a in enumerate(owned)
    ]


@pytest.fixture(name="random_stats")
def random_stats_fixture() -> Callable[[int, int], PopulationStats]:
    return random_stats


@pytest.fixture(name="random_person")
def random_person_fixture() -> Callable[..., list[DomainProfile]]:
    return random_person


# ---------------------------------------------------------------------------- ESCO

ESCO_DIR = REPO_ROOT / "data" / "raw" / "esco"


def load_script(name: str) -> Any:
    """A script of scripts/ as a module (the build scripts are not part of the package)."""
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def esco_script() -> Any:
    """scripts/build_esco.py as a module."""
    return load_script("build_esco")


@pytest.fixture(scope="session")
def esco_dir() -> Path:
    """The raw ESCO packages, kept in the repository with their provenance."""
    return ESCO_DIR


@pytest.fixture(scope="session")
def esco_build(esco_script: Any) -> Any:
    """The ESCO population derived from the raw packages by the build script, once a session."""
    return esco_script.build(ESCO_DIR)


@pytest.fixture(scope="session")
def esco_stats() -> PopulationStats:
    """The shipped ESCO population."""
    from polymath.graph.esco import esco_population

    return esco_population()
