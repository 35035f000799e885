"""Populations of units and the domains each uses, and the statistics the planner reads from them.

A population file is a CSV with a header ``unit,domain`` or ``unit,domain,weight`` (a unit uses a
domain when its weight reaches the threshold), or the O*NET layout ``O*NET-SOC Code,Element Name,
Data Value``. Files are checked before they are read in full: a file over 50 MB, a binary file or a
first line that is not the expected header is refused at once, so 200 MB of junk costs nothing.

``PopulationStats`` is what survives of a population: per-area counts, pair co-occurrences,
correlations and (optionally) the randomised null. It is immutable, round-trips through JSON, and
the default one (O*NET Knowledge) ships in ``polymath/data/onet_knowledge.json``.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from polymath.core.errors import ImportFailed, InvalidInput, NotFound
from polymath.graph.atypicality import (
    NullModel,
    atypicality_z,
    cooccurrence,
    expected_cooccurrence,
    hypergeometric_variance,
    lift,
    pearson_correlation,
    phi_correlation,
    phi_shrinkage_intensity,
    randomised_null,
    shrinkage_intensity,
    tail_probabilities,
)

DEFAULT_THRESHOLD = 3.0
MAX_FILE_BYTES = 50 * 1024 * 1024
_HEADER_BYTES = 64 * 1024
_DENSE_CELLS = 20_000_000  # above this many units x domains, no dense matrices are formed
_DENSE_AREAS = 3_000  # above this many domains, no D x D correlation matrix is formed
STATS_FORMAT = "polymath-population-stats"
STATS_VERSION = 1
ONET_COLUMNS = ("O*NET-SOC Code", "Element Name", "Data Value")
DEFAULT_STATS_FILE = "onet_knowledge.json"


@dataclass(frozen=True, eq=False)
class Population:
    """Units and the domains each uses (``uses`` is a units x domains 0/1 sparse matrix).

    ``weights`` keeps the raw ratings (unit index, domain index, weight) when the file had them,
    for correlations; units whose weights are all below the threshold still count in N.
    """

    units: tuple[str, ...]
    domains: tuple[str, ...]
    uses: sparse.csr_array
    threshold: float | None = None
    weights: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]] | None = None
    unit_label: str = "units"

    @property
    def n_units(self) -> int:
        return len(self.units)

    def weight_matrix(self) -> NDArray[np.float64]:
        """Dense units x domains weights, NaN where a unit gave a domain no weight."""
        if self.weights is None:
            raise InvalidInput("this population has no weights")
        rows, cols, values = self.weights
        matrix = np.full((len(self.units), len(self.domains)), np.nan)
        matrix[rows, cols] = values
        return matrix


# ---------------------------------------------------------------------------- reading files


def read_population(path: str | Path, *, threshold: float = DEFAULT_THRESHOLD) -> Population:
    """Read a population file, recognising the O*NET layout by its header."""
    header, _ = _read_header(Path(path))
    names = {name.strip().lower() for name in header}
    if {column.lower() for column in ONET_COLUMNS} <= names:
        return read_onet_csv(path, threshold=threshold)
    return read_population_csv(path, threshold=threshold)


def read_population_csv(path: str | Path, *, threshold: float = DEFAULT_THRESHOLD) -> Population:
    """Read ``unit,domain[,weight]`` rows; below ``threshold`` a unit does not use the domain."""
    file = Path(path)
    header, delimiter = _read_header(file)
    names = [name.strip().lower() for name in header]
    _require_columns(file, names, required=("unit", "domain"), optional=("weight",), strict=True)
    columns = {"unit": names.index("unit"), "domain": names.index("domain")}
    if "weight" in names:
        columns["weight"] = names.index("weight")
    return _load(file, delimiter, columns, threshold=threshold, unit_label="units")


def read_onet_csv(path: str | Path, *, threshold: float = DEFAULT_THRESHOLD) -> Population:
    """Read O*NET ``O*NET-SOC Code,Element Name,Data Value`` rows (UTF-8 BOM and CRLF are fine).

    A full O*NET file also has a ``Scale ID`` column; only its Importance (IM) rows are read.
    """
    file = Path(path)
    header, delimiter = _read_header(file)
    names = [name.strip().lower() for name in header]
    required = tuple(column.lower() for column in ONET_COLUMNS)
    _require_columns(file, names, required=required, optional=(), strict=False)
    columns = {
        "unit": names.index(required[0]),
        "domain": names.index(required[1]),
        "weight": names.index(required[2]),
    }
    if "scale id" in names:
        columns["scale"] = names.index("scale id")
    return _load(file, delimiter, columns, threshold=threshold, unit_label="occupations")


def _read_header(file: Path) -> tuple[list[str], str]:
    """Check size and the first line without reading the rest of the file."""
    if not file.is_file():
        raise NotFound(f"population file {file} does not exist")
    size = file.stat().st_size
    if size == 0:
        raise ImportFailed(f"{file.name} is empty")
    if size > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{file.name} is {size / 2**20:.0f} MB; a population file may be at most "
            f"{MAX_FILE_BYTES // 2**20} MB"
        )
    with file.open("rb") as handle:
        head = handle.read(_HEADER_BYTES)
    if b"\x00" in head:
        raise ImportFailed(f"{file.name} is a binary file, not a CSV")
    first, newline, _ = head.partition(b"\n")
    if not newline and len(head) == _HEADER_BYTES:
        raise ImportFailed(f"{file.name} does not start with a CSV header line")
    try:
        text = first.decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError:
        raise ImportFailed(f"{file.name} is not UTF-8 text") from None
    delimiter = "\t" if "\t" in text and "," not in text else ","
    header = next(csv.reader([text], delimiter=delimiter), [])
    if not any(name.strip() for name in header):
        raise ImportFailed(f"{file.name} does not start with a CSV header line")
    return header, delimiter


def _require_columns(
    file: Path,
    names: list[str],
    *,
    required: Sequence[str],
    optional: Sequence[str],
    strict: bool,
) -> None:
    expected = ",".join(required) + "".join(f"[,{name}]" for name in optional)
    missing = [name for name in required if name not in names]
    if missing:
        found = ",".join(names)[:80]
        raise ImportFailed(
            f"{file.name}: missing column {missing[0]!r}; expected {expected}, found {found}"
        )
    duplicated = sorted({name for name in names if names.count(name) > 1 and name})
    if duplicated:
        raise ImportFailed(f"{file.name}: column {duplicated[0]!r} appears twice")
    if strict:
        extra = [name for name in names if name not in (*required, *optional)]
        if extra:
            raise ImportFailed(f"{file.name}: unexpected column {extra[0]!r}; expected {expected}")


def _load(
    file: Path,
    delimiter: str,
    columns: Mapping[str, int],
    *,
    threshold: float,
    unit_label: str,
) -> Population:
    """Parse every row into (unit, domain, weight) and build the population; one line per error."""
    if not math.isfinite(threshold):
        raise InvalidInput(f"threshold {threshold} is not a number")
    width = max(columns.values()) + 1
    weighted = "weight" in columns
    seen: dict[tuple[str, str], int] = {}
    rows: list[tuple[str, str, float]] = []
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            next(reader)
            for row in reader:
                line = reader.line_num
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if len(row) < width:
                    raise ImportFailed(
                        f"{file.name} line {line}: expected {width} fields, found {len(row)}"
                    )
                if "scale" in columns and row[columns["scale"]].strip().upper() != "IM":
                    continue
                unit = row[columns["unit"]].strip()
                domain = row[columns["domain"]].strip()
                if not unit:
                    raise ImportFailed(f"{file.name} line {line}: empty unit")
                if not domain:
                    raise ImportFailed(f"{file.name} line {line}: empty domain")
                weight = _parse_weight(file, line, row[columns["weight"]]) if weighted else 1.0
                first = seen.setdefault((unit, domain), line)
                if first != line:
                    if weighted:
                        raise ImportFailed(
                            f"{file.name} line {line}: unit {unit!r} lists domain {domain!r} "
                            f"twice (first on line {first})"
                        )
                    continue
                rows.append((unit, domain, weight))
    except UnicodeDecodeError:
        raise ImportFailed(f"{file.name} is not UTF-8 text") from None
    except csv.Error as error:
        raise ImportFailed(f"{file.name}: not a readable CSV ({error})") from None
    if not rows:
        raise ImportFailed(f"{file.name} has a header but no rows")
    return _build_population(
        rows,
        threshold=threshold if weighted else None,
        keep_weights=weighted,
        unit_label=unit_label,
        source=file.name,
    )


def _parse_weight(file: Path, line: int, text: str) -> float:
    try:
        weight = float(text)
    except ValueError:
        weight = math.nan
    if not math.isfinite(weight):
        raise ImportFailed(f"{file.name} line {line}: weight {text.strip()!r} is not a number")
    return weight


def _build_population(
    rows: Sequence[tuple[str, str, float]],
    *,
    threshold: float | None,
    keep_weights: bool,
    unit_label: str,
    source: str = "population",
) -> Population:
    units = tuple(sorted({unit for unit, _, _ in rows}))
    domains = tuple(sorted({domain for _, domain, _ in rows}))
    unit_index = {name: i for i, name in enumerate(units)}
    domain_index = {name: i for i, name in enumerate(domains)}
    r = np.fromiter((unit_index[row[0]] for row in rows), dtype=np.int64, count=len(rows))
    c = np.fromiter((domain_index[row[1]] for row in rows), dtype=np.int64, count=len(rows))
    w = np.fromiter((row[2] for row in rows), dtype=np.float64, count=len(rows))
    used = w >= threshold if threshold is not None else np.ones(len(rows), dtype=bool)
    if not used.any():
        raise ImportFailed(f"{source}: no unit uses any domain at weight >= {threshold}")
    uses = sparse.csr_array(
        (np.ones(int(used.sum()), dtype=np.int8), (r[used], c[used])),
        shape=(len(units), len(domains)),
    )
    return Population(
        units=units,
        domains=domains,
        uses=uses,
        threshold=threshold,
        weights=(r, c, w) if keep_weights else None,
        unit_label=unit_label,
    )


def population_from_memberships(
    memberships: Mapping[str, Iterable[str]], *, unit_label: str = "units"
) -> Population:
    """Build a population in memory from ``{unit: domains}`` (tests, other importers)."""
    rows = [(unit, domain, 1.0) for unit, domains in memberships.items() for domain in domains]
    if not rows:
        raise InvalidInput("a population needs at least one unit using a domain")
    return _build_population(rows, threshold=None, keep_weights=False, unit_label=unit_label)


def synthetic_population(
    n_domains: int,
    *,
    n_units: int | None = None,
    community_size: int = 12,
    domains_per_unit: int = 3,
    outside_rate: float = 0.25,
    seed: int = 0,
) -> Population:
    """A sparse population for benchmarks and tests: units draw domains mostly from one community.

    With the defaults each domain co-occurs with about ten others, like fields that cluster, with
    enough cross-community units to give both conventional and atypical pairs.
    """
    rng = np.random.default_rng(seed)
    units_total = n_units if n_units is not None else 2 * n_domains
    n_communities = max(1, n_domains // community_size)
    community = rng.integers(0, n_communities, size=n_domains)
    members = [np.flatnonzero(community == k) for k in range(n_communities)]
    members = [m for m in members if len(m)]
    rows_r: list[int] = []
    rows_c: list[int] = []
    for unit in range(units_total):
        home = members[int(rng.integers(len(members)))]
        take = min(len(home), domains_per_unit)
        chosen = set(rng.choice(home, size=take, replace=False).tolist())
        if rng.random() < outside_rate:
            chosen.add(int(rng.integers(n_domains)))
        rows_r.extend([unit] * len(chosen))
        rows_c.extend(sorted(chosen))
    width = len(str(n_domains - 1))
    domains = tuple(f"d{i:0{width}d}" for i in range(n_domains))
    units = tuple(f"u{i}" for i in range(units_total))
    uses = sparse.csr_array(
        (np.ones(len(rows_r), dtype=np.int8), (np.array(rows_r), np.array(rows_c))),
        shape=(units_total, n_domains),
    )
    return Population(units=units, domains=domains, uses=uses)


# ---------------------------------------------------------------------------- statistics


@dataclass(frozen=True, slots=True)
class PairStats:
    """What the population says about one pair of areas."""

    a: str
    b: str
    n_a: int
    n_b: int
    n_units: int
    observed: int
    expected: float
    variance: float
    z: float
    lift: float
    null_z: float | None
    correlation: float

    def tails(
        self, n_units: int | None = None, n_a: int | None = None, n_b: int | None = None
    ) -> tuple[float, float]:
        """Exact (P[X <= O], P[X >= O]) under the hypergeometric model: evidence of a rare pair
        and of a conventional one. Computed on demand, as SciPy's exact sums are not free.

        The pair knows its counts; the arguments are only accepted for callers written against
        the first version, which passed them.
        """
        return tail_probabilities(
            self.observed,
            self.n_a if n_a is None else n_a,
            self.n_b if n_b is None else n_b,
            self.n_units if n_units is None else n_units,
        )


@dataclass(frozen=True, eq=False)
class PopulationStats:
    """Derived statistics of a population: all the planner needs, none of the raw rows.

    ``pair_i < pair_j`` index the pairs with O > 0 (pairs not listed have O = 0). Correlations
    for rarity are Pearson of the weights when the population had weights (``correlations`` holds
    the shrunk D x D matrix), else phi of the 0/1 columns computed on demand from the counts; both
    are multiplied by (1 - ``shrinkage``) as set by ``shrinkage_intensity``.
    """

    areas: tuple[str, ...]
    n_units: int
    counts: NDArray[np.int64]
    pair_i: NDArray[np.int64]
    pair_j: NDArray[np.int64]
    pair_observed: NDArray[np.int64]
    threshold: float | None = None
    unit_label: str = "units"
    correlation_method: str = "phi"
    shrinkage: float = 0.0
    correlations: NDArray[np.float64] | None = None
    null: NullModel | None = None
    name: str = "population"
    source: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        arrays: list[np.ndarray] = [self.counts, self.pair_i, self.pair_j, self.pair_observed]
        if self.correlations is not None:
            arrays.append(self.correlations)
        if self.null is not None:
            arrays.extend((self.null.z, self.null.mean, self.null.sd))
        for array in arrays:
            array.setflags(write=False)

    # -- building

    @classmethod
    def from_units(
        cls,
        population: Population,
        *,
        null_samples: int = 0,
        null_seed: int = 2013,
        null_rounds: int = 2,
        null_burn_in: int = 100,
        name: str = "population",
        source: Mapping[str, str] | None = None,
    ) -> PopulationStats:
        """Compute the statistics of a population; ``null_samples > 0`` adds the randomised null.

        Correlations are Pearson of the weights when there are weights and the dense matrices
        stay small (at most 3,000 domains and 20 million units x domains cells), else phi.
        """
        counts, observed = cooccurrence(population.uses)
        upper = sparse.triu(observed, k=1).tocoo()
        order = np.lexsort((upper.col, upper.row))
        pair_i = upper.row[order].astype(np.int64)
        pair_j = upper.col[order].astype(np.int64)
        pair_o = upper.data[order].astype(np.int64)
        n_units, n_domains = population.n_units, len(population.domains)
        correlations = None
        method = "phi"
        dense = n_units * n_domains <= _DENSE_CELLS and n_domains <= _DENSE_AREAS
        if population.weights is not None and dense:
            r, n_obs = pearson_correlation(population.weight_matrix())
            iu = np.triu_indices(n_domains, k=1)
            lam = shrinkage_intensity(r[iu], n_obs[iu])
            correlations = r * (1.0 - lam)
            np.fill_diagonal(correlations, 1.0)
            method = "pearson"
        else:
            lam = phi_shrinkage_intensity(counts, pair_i, pair_j, pair_o, n_units)
        null = None
        if null_samples > 0:
            if n_units * n_domains > _DENSE_CELLS:
                raise InvalidInput(
                    f"the randomised null needs a dense {n_units} x {n_domains} matrix; too large"
                )
            null = randomised_null(
                population.uses.toarray().astype(bool),
                samples=null_samples,
                rounds=null_rounds,
                burn_in=null_burn_in,
                seed=null_seed,
            )
        return cls(
            areas=population.domains,
            n_units=n_units,
            counts=counts,
            pair_i=pair_i,
            pair_j=pair_j,
            pair_observed=pair_o,
            threshold=population.threshold,
            unit_label=population.unit_label,
            correlation_method=method,
            shrinkage=lam,
            correlations=correlations,
            null=null,
            name=name,
            source=dict(source or {}),
        )

    # -- lookups

    @cached_property
    def _index(self) -> dict[str, int]:
        return {area: i for i, area in enumerate(self.areas)}

    @cached_property
    def _observed_lookup(self) -> dict[int, int]:
        keys = self.pair_i * len(self.areas) + self.pair_j
        return dict(zip(keys.tolist(), self.pair_observed.tolist(), strict=True))

    def index_of(self, area: str) -> int:
        """Index of an area, by exact name."""
        try:
            return self._index[area]
        except KeyError:
            raise NotFound(f"area {area!r} is not in the population {self.name!r}") from None

    def has_area(self, area: str) -> bool:
        return area in self._index

    def count(self, area: str) -> int:
        return int(self.counts[self.index_of(area)])

    def observed(self, a: str | int, b: str | int) -> int:
        """O: units using both areas."""
        i, j = self._pair_indices(a, b)
        if i == j:
            return int(self.counts[i])
        lo, hi = min(i, j), max(i, j)
        return self._observed_lookup.get(lo * len(self.areas) + hi, 0)

    def correlation(self, a: str | int, b: str | int) -> float:
        """The shrunk correlation used for rarity."""
        i, j = self._pair_indices(a, b)
        if i == j:
            return 1.0
        if self.correlations is not None:
            return float(self.correlations[i, j])
        phi = phi_correlation(self.observed(i, j), self.counts[i], self.counts[j], self.n_units)
        return float(phi) * (1.0 - self.shrinkage)

    def pair(self, a: str | int, b: str | int) -> PairStats:
        """O, E, Var, z, lift, null z and correlation of one pair."""
        i, j = self._pair_indices(a, b)
        o = self.observed(i, j)
        n_a, n_b, big_n = self.counts[i], self.counts[j], self.n_units
        return PairStats(
            a=self.areas[i],
            b=self.areas[j],
            n_a=int(n_a),
            n_b=int(n_b),
            n_units=big_n,
            observed=o,
            expected=float(expected_cooccurrence(n_a, n_b, big_n)),
            variance=float(hypergeometric_variance(n_a, n_b, big_n)),
            z=float(atypicality_z(o, n_a, n_b, big_n)),
            lift=float(lift(o, n_a, n_b, big_n)),
            null_z=None if self.null is None else float(self.null.z[i, j]),
            correlation=self.correlation(i, j),
        )

    def observed_matrix(self) -> NDArray[np.int64]:
        """Dense D x D O with the counts on the diagonal (for small populations and tests)."""
        d = len(self.areas)
        matrix = np.zeros((d, d), dtype=np.int64)
        matrix[self.pair_i, self.pair_j] = self.pair_observed
        matrix[self.pair_j, self.pair_i] = self.pair_observed
        matrix[np.arange(d), np.arange(d)] = self.counts
        return matrix

    def z_matrix(self) -> NDArray[np.float64]:
        """Dense D x D hypergeometric z (diagonal 0)."""
        n = self.counts
        z = atypicality_z(self.observed_matrix(), n[:, None], n[None, :], self.n_units)
        np.fill_diagonal(z, 0.0)
        return z

    def _pair_indices(self, a: str | int, b: str | int) -> tuple[int, int]:
        i = a if isinstance(a, int) else self.index_of(a)
        j = b if isinstance(b, int) else self.index_of(b)
        return int(i), int(j)

    # -- JSON

    def to_json(self) -> dict[str, Any]:
        """A small JSON document; floats rounded so a rebuild compares equal."""
        d = len(self.areas)
        iu = np.triu_indices(d, k=1)
        data: dict[str, Any] = {
            "format": STATS_FORMAT,
            "version": STATS_VERSION,
            "name": self.name,
            "unit_label": self.unit_label,
            "units": self.n_units,
            "threshold": self.threshold,
            "areas": list(self.areas),
            "counts": self.counts.tolist(),
            "pairs": [
                [int(i), int(j), int(o)]
                for i, j, o in zip(self.pair_i, self.pair_j, self.pair_observed, strict=True)
            ],
            "correlation": {
                "method": self.correlation_method,
                "shrinkage": round(self.shrinkage, 6),
            },
        }
        if self.correlations is not None:
            data["correlation"]["values"] = _rounded(self.correlations[iu], 6)
        if self.null is not None:
            data["null"] = {
                "seed": self.null.seed,
                "samples": self.null.samples,
                "rounds": self.null.rounds,
                "burn_in": self.null.burn_in,
                "z": _rounded(self.null.z[iu], 4),
                "mean": _rounded(self.null.mean[iu], 4),
                "sd": _rounded(self.null.sd[iu], 4),
            }
        data["source"] = dict(self.source)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PopulationStats:
        """Rebuild from ``to_json`` output; a malformed document raises ImportFailed."""
        if not isinstance(data, Mapping) or data.get("format") != STATS_FORMAT:
            raise ImportFailed("not a Polymath population statistics file")
        if data.get("version") != STATS_VERSION:
            raise ImportFailed(f"population statistics version {data.get('version')} unsupported")
        try:
            areas = tuple(str(a) for a in data["areas"])
            d = len(areas)
            counts = np.array(data["counts"], dtype=np.int64)
            pairs = np.array(data["pairs"], dtype=np.int64).reshape(-1, 3)
            correlation = data["correlation"]
            correlations = None
            if "values" in correlation:
                correlations = _from_upper(correlation["values"], d, diagonal=1.0)
            null = None
            if "null" in data:
                block = data["null"]
                null = NullModel(
                    z=_from_upper(block["z"], d, diagonal=0.0),
                    mean=_from_upper(block["mean"], d, diagonal=0.0),
                    sd=_from_upper(block["sd"], d, diagonal=0.0),
                    seed=int(block["seed"]),
                    samples=int(block["samples"]),
                    rounds=int(block["rounds"]),
                    burn_in=int(block["burn_in"]),
                )
            stats = cls(
                areas=areas,
                n_units=int(data["units"]),
                counts=counts,
                pair_i=pairs[:, 0].copy(),
                pair_j=pairs[:, 1].copy(),
                pair_observed=pairs[:, 2].copy(),
                threshold=None if data.get("threshold") is None else float(data["threshold"]),
                unit_label=str(data.get("unit_label", "units")),
                correlation_method=str(correlation["method"]),
                shrinkage=float(correlation["shrinkage"]),
                correlations=correlations,
                null=null,
                name=str(data.get("name", "population")),
                source={str(k): str(v) for k, v in dict(data.get("source", {})).items()},
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ImportFailed(f"population statistics file is malformed ({error})") from None
        if len(counts) != d or (len(pairs) and (pairs[:, :2].max() >= d or pairs[:, :2].min() < 0)):
            raise ImportFailed("population statistics file is malformed (indices out of range)")
        return stats

    def save(self, path: str | Path) -> None:
        """Write ``to_json`` with one top-level key per line (small, and diffs stay readable)."""
        lines = [
            f" {json.dumps(key)}: {json.dumps(value)}" for key, value in self.to_json().items()
        ]
        Path(path).write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def _rounded(values: NDArray[np.float64], digits: int) -> list[float]:
    return [round(float(v), digits) + 0.0 for v in values]


def _from_upper(values: Sequence[float], d: int, *, diagonal: float) -> NDArray[np.float64]:
    iu = np.triu_indices(d, k=1)
    if len(values) != len(iu[0]):
        raise ValueError(f"expected {len(iu[0])} pair values, found {len(values)}")
    matrix = np.full((d, d), diagonal)
    matrix[iu] = values
    matrix[(iu[1], iu[0])] = values
    return matrix


def load_population_stats(path: str | Path) -> PopulationStats:
    """Read statistics written by ``PopulationStats.save``."""
    file = Path(path)
    if not file.is_file():
        raise NotFound(f"population statistics file {file} does not exist")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportFailed(f"{file.name} is not a JSON file") from None
    return PopulationStats.from_json(data)


@cache
def default_population() -> PopulationStats:
    """The shipped O*NET Knowledge population (968 occupations, 33 areas), read once."""
    text = resources.files("polymath.data").joinpath(DEFAULT_STATS_FILE).read_text("utf-8")
    return PopulationStats.from_json(json.loads(text))
