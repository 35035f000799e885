"""The statistics the planner reads from a population: counts, pairs, correlations, the null.

``PopulationStats`` is what survives of a population. It comes in two forms that answer the same
questions:

- **membership** (ESCO, populations loaded by the user): the sparse units x areas membership
  itself, about as small as the data. Counts are column lengths and a pair's O is the overlap of
  two columns, computed when asked; the full list of co-occurring pairs (millions on ESCO) is
  only formed if a caller reads ``pair_i``/``pair_j``/``pair_observed``.
- **pairs** (the shipped O*NET file, older JSON files): per-area counts and the O of every pair
  that co-occurs, with no raw rows.

Both are stored in the population file (``polymath.graph.popfile``: byte-reproducible, the area
names readable without NumPy) or, for files written by earlier versions, JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from polymath.core.errors import ImportFailed, InvalidInput, NotFound
from polymath.core.text import display
from polymath.graph.atypicality import (
    NullModel,
    atypicality_z,
    expected_cooccurrence,
    hypergeometric_variance,
    lift,
    phi_correlation,
    phi_shrinkage_intensity,
    tail_probabilities,
)
from polymath.graph.hierarchy import AreaHierarchy
from polymath.graph.membership import Membership
from polymath.graph.popfile import PopulationFile, is_population_file, write_sections
from polymath.graph.population_tables import (
    DEFAULT_THRESHOLD,
    MAX_DOMAINS,
    MAX_FILE_BYTES,
    MAX_NAME_CHARS,
    MAX_PAIR_WORK,
    MAX_ROWS,
    MAX_UNITS,
    ONET_COLUMNS,
    Population,
    population_from_memberships,
    read_onet_csv,
    read_population,
    read_population_csv,
    synthetic_population,
)
from polymath.graph.shipped import (
    DEFAULT_NAME,
    SHIPPED_FILES,
    SHIPPED_NAMES,
    area_names,
    loaded_names,
    population_area_names,
    population_file,
    shipped_area_names,
    shipped_path,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "DEFAULT_NAME",
    "DEFAULT_THRESHOLD",
    "MAX_DOMAINS",
    "MAX_FILE_BYTES",
    "MAX_NAME_CHARS",
    "MAX_PAIR_WORK",
    "MAX_ROWS",
    "MAX_UNITS",
    "ONET_COLUMNS",
    "SHIPPED_FILES",
    "SHIPPED_NAMES",
    "Membership",
    "PairStats",
    "Population",
    "PopulationStats",
    "area_names",
    "default_population",
    "load_population_stats",
    "loaded_names",
    "population_area_names",
    "population_by_name",
    "population_file",
    "population_from_memberships",
    "read_onet_csv",
    "read_population",
    "read_population_csv",
    "shipped_area_names",
    "shipped_path",
    "shipped_population",
    "synthetic_population",
]

STATS_FORMAT = "polymath-population-stats"
STATS_VERSION = 1
FILE_VERSION = 2
_PEARSON_AREAS = 200
_PEARSON_CELLS = 2_000_000


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


class PopulationStats:
    """Derived statistics of a population: all the planner needs.

    ``pair_i < pair_j`` index the pairs with O > 0 (pairs not listed have O = 0). Correlations
    for rarity are Pearson of the weights when a small population had weights (``correlations``
    holds the shrunk D x D matrix), else phi of the 0/1 columns computed from the counts; both
    are multiplied by (1 - ``shrinkage``). ``null`` is the randomised null over ``null_areas``
    (all areas when None). ``unit_names`` name the units when the population shows examples.
    ``hierarchy`` says which areas lie inside which, when the areas come at several levels
    (ESCO's skills and skill groups).
    """

    def __init__(
        self,
        *,
        areas: Sequence[str],
        n_units: int,
        counts: NDArray[np.int64] | None = None,
        pair_i: NDArray[np.int64] | None = None,
        pair_j: NDArray[np.int64] | None = None,
        pair_observed: NDArray[np.int64] | None = None,
        membership: Membership | None = None,
        unit_names: Sequence[str] | None = None,
        threshold: float | None = None,
        unit_label: str = "units",
        correlation_method: str = "phi",
        shrinkage: float = 0.0,
        correlations: NDArray[np.float64] | None = None,
        null: NullModel | None = None,
        null_areas: NDArray[np.int64] | None = None,
        name: str = "population",
        source: Mapping[str, str] | None = None,
        hierarchy: AreaHierarchy | None = None,
    ) -> None:
        self.areas = tuple(areas)
        self.n_units = int(n_units)
        self.membership = membership
        self.unit_names = None if unit_names is None else tuple(unit_names)
        self.threshold = threshold
        self.unit_label = unit_label
        self.correlation_method = correlation_method
        self.shrinkage = float(shrinkage)
        self.correlations = correlations
        self.null = null
        self.null_areas = null_areas
        self.name = name
        self.source: dict[str, str] = dict(source or {})
        if hierarchy is not None and hierarchy.n_areas != len(self.areas):
            raise InvalidInput("the hierarchy does not match the areas")
        self.hierarchy = hierarchy
        if counts is None:
            if membership is None:
                raise InvalidInput("population statistics need counts or a membership")
            counts = membership.counts()
        self.counts: NDArray[np.int64] = np.asarray(counts, dtype=np.int64)
        if (pair_i is None) != (pair_observed is None) or (pair_j is None) != (pair_i is None):
            raise InvalidInput("pairs need i, j and O together")
        if pair_i is None and membership is None:
            raise InvalidInput("population statistics need pairs or a membership")
        self._pairs = (
            None
            if pair_i is None or pair_j is None or pair_observed is None
            else (np.asarray(pair_i), np.asarray(pair_j), np.asarray(pair_observed))
        )
        arrays: list[np.ndarray] = [self.counts]
        if self._pairs is not None:
            arrays.extend(self._pairs)
        if correlations is not None:
            arrays.append(correlations)
        if null is not None:
            arrays.extend((null.z, null.mean, null.sd))
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
        keep_membership: bool = True,
    ) -> PopulationStats:
        """Compute the statistics of a population; ``null_samples > 0`` adds the randomised null.

        Correlations are Pearson of the weights when there are weights and the population is
        small (at most 200 domains and 2 million units x domains cells), else phi, whose
        shrinkage needs only the pair counts. The statistics keep the membership (compact, pairs
        computed when asked); ``keep_membership=False`` keeps the list of co-occurring pairs
        instead, and no unit names (the shipped O*NET file: no raw rows).
        """
        from polymath.graph.atypicality import (
            pearson_correlation,
            randomised_null,
            shrinkage_intensity,
        )

        membership = Membership.from_sparse(population.uses)
        counts = membership.counts()
        n_units, n_domains = population.n_units, len(population.domains)
        pairs: dict[str, Any] = {"membership": membership, "unit_names": population.units}
        if not keep_membership:
            pair_i, pair_j, pair_o = membership.all_pairs()
            pairs = {"pair_i": pair_i, "pair_j": pair_j, "pair_observed": pair_o}
        correlations = None
        method = "phi"
        small = n_domains <= _PEARSON_AREAS and n_units * n_domains <= _PEARSON_CELLS
        if population.weights is not None and small:
            r, n_obs = pearson_correlation(population.weight_matrix())
            iu = np.triu_indices(n_domains, k=1)
            lam = shrinkage_intensity(r[iu], n_obs[iu])
            correlations = r * (1.0 - lam)
            np.fill_diagonal(correlations, 1.0)
            method = "pearson"
        elif keep_membership:
            lam = membership.phi_shrinkage()
        else:
            lam = phi_shrinkage_intensity(counts, pair_i, pair_j, pair_o, n_units)
        null = None
        if null_samples > 0:
            if n_units * n_domains > _PEARSON_CELLS * 10:
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
            threshold=population.threshold,
            unit_label=population.unit_label,
            correlation_method=method,
            shrinkage=lam,
            correlations=correlations,
            null=null,
            name=name,
            source=dict(source or {}),
            **pairs,
        )

    # -- pairs, formed only when asked for

    def _all_pairs(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        if self._pairs is None:
            assert self.membership is not None
            pairs = self.membership.all_pairs()
            for array in pairs:
                array.setflags(write=False)
            self._pairs = pairs
        return self._pairs

    @property
    def pair_i(self) -> NDArray[np.int64]:
        return self._all_pairs()[0]

    @property
    def pair_j(self) -> NDArray[np.int64]:
        return self._all_pairs()[1]

    @property
    def pair_observed(self) -> NDArray[np.int64]:
        return self._all_pairs()[2]

    def subset(self, areas: Sequence[int]) -> PopulationStats:
        """The same units with only ``areas`` (indices, in that order): every count, O, E and
        correlation is unchanged, and pairs among a few hundred areas cost milliseconds.

        A planner works on such a view of a population with thousands of areas; the randomised
        null is left out (``null_z`` is None on the view).
        """
        if self.membership is None:
            raise InvalidInput("only a population that keeps its membership has views")
        chosen = [int(a) for a in areas]
        return PopulationStats(
            areas=[self.areas[a] for a in chosen],
            n_units=self.n_units,
            membership=self.membership.subset(chosen),
            unit_names=self.unit_names,
            threshold=self.threshold,
            unit_label=self.unit_label,
            correlation_method=self.correlation_method,
            shrinkage=self.shrinkage,
            name=self.name,
            source=self.source,
            hierarchy=None if self.hierarchy is None else self.hierarchy.subset(chosen),
        )

    # -- lookups

    @cached_property
    def _index(self) -> dict[str, int]:
        return {area: i for i, area in enumerate(self.areas)}

    @cached_property
    def _observed_lookup(self) -> dict[int, int]:
        pair_i, pair_j, pair_o = self._all_pairs()
        keys = pair_i * len(self.areas) + pair_j
        return dict(zip(keys.tolist(), pair_o.tolist(), strict=True))

    @cached_property
    def _null_position(self) -> dict[int, int] | None:
        if self.null is None:
            return None
        if self.null_areas is None:
            return {i: i for i in range(len(self.areas))}
        return {int(area): k for k, area in enumerate(self.null_areas)}

    def index_of(self, area: str) -> int:
        """Index of an area, by exact name."""
        try:
            return self._index[area]
        except KeyError:
            raise NotFound(
                f"area {display(repr(area))} is not in the population {display(repr(self.name))}"
            ) from None

    def has_area(self, area: str) -> bool:
        return area in self._index

    def count(self, area: str) -> int:
        return int(self.counts[self.index_of(area)])

    def observed(self, a: str | int, b: str | int) -> int:
        """O: units using both areas."""
        i, j = self._pair_indices(a, b)
        if i == j:
            return int(self.counts[i])
        if self._pairs is None and self.membership is not None:
            return self.membership.overlap(i, j)
        lo, hi = min(i, j), max(i, j)
        return self._observed_lookup.get(lo * len(self.areas) + hi, 0)

    @cached_property
    def pair_rows(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Every co-occurring pair as symmetric compressed rows: (indptr, areas, O).

        Row i lists the areas that co-occur with i (ascending) and their O; built once, with
        array operations only (no per-pair Python objects), for a planner that walks rows.
        """
        pair_i, pair_j, pair_o = self._all_pairs()
        rows = np.concatenate([pair_i, pair_j])
        cols = np.concatenate([pair_j, pair_i])
        values = np.concatenate([pair_o, pair_o])
        order = np.lexsort((cols, rows))
        indptr = np.zeros(len(self.areas) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(self.areas)), out=indptr[1:])
        result = (indptr, cols[order], values[order])
        for array in result:
            array.setflags(write=False)
        return result

    def observed_row(self, a: str | int) -> NDArray[np.int64]:
        """O of one area with every area, in area order (its own count at its index).

        Cheap in the membership form (the units of one area and what they use), so a planner
        can work one area at a time on thousands of areas without forming every pair.
        """
        i = a if isinstance(a, int) else self.index_of(a)
        if self._pairs is None and self.membership is not None:
            return self.membership.observed_row(int(i))
        pair_i, pair_j, pair_o = self._all_pairs()
        row = np.zeros(len(self.areas), dtype=np.int64)
        row[pair_j[pair_i == i]] = pair_o[pair_i == i]
        row[pair_i[pair_j == i]] = pair_o[pair_j == i]
        row[i] = self.counts[i]
        return row

    def null_z(self, a: str | int, b: str | int) -> float | None:
        """The randomised-null z of a pair, when the null covers both areas."""
        positions = self._null_position
        if positions is None or self.null is None:
            return None
        i, j = self._pair_indices(a, b)
        if i not in positions or j not in positions:
            return None
        return float(self.null.z[positions[i], positions[j]])

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
            null_z=self.null_z(i, j),
            correlation=self.correlation(i, j),
        )

    def observed_matrix(self) -> NDArray[np.int64]:
        """Dense D x D O with the counts on the diagonal (for small populations and tests)."""
        d = len(self.areas)
        pair_i, pair_j, pair_o = self._all_pairs()
        matrix = np.zeros((d, d), dtype=np.int64)
        matrix[pair_i, pair_j] = pair_o
        matrix[pair_j, pair_i] = pair_o
        matrix[np.arange(d), np.arange(d)] = self.counts
        return matrix

    def z_matrix(self) -> NDArray[np.float64]:
        """Dense D x D hypergeometric z (diagonal 0)."""
        n = self.counts
        z = atypicality_z(self.observed_matrix(), n[:, None], n[None, :], self.n_units)
        np.fill_diagonal(z, 0.0)
        return z

    def units_using(self, areas: Sequence[str | int]) -> list[str]:
        """Names of the units that use every one of the areas (empty when units are unnamed)."""
        if self.membership is None or self.unit_names is None:
            return []
        indices = [a if isinstance(a, int) else self.index_of(a) for a in areas]
        return [self.unit_names[u] for u in self.membership.units_using_all(indices)]

    def _pair_indices(self, a: str | int, b: str | int) -> tuple[int, int]:
        i = a if isinstance(a, int) else self.index_of(a)
        j = b if isinstance(b, int) else self.index_of(b)
        return int(i), int(j)

    # -- JSON (files written by earlier versions, and a readable dump)

    def to_json(self) -> dict[str, Any]:
        """A JSON document of the pairs form; floats rounded so a rebuild compares equal."""
        d = len(self.areas)
        iu = np.triu_indices(d, k=1)
        pair_i, pair_j, pair_o = self._all_pairs()
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
                for i, j, o in zip(pair_i.tolist(), pair_j.tolist(), pair_o.tolist(), strict=True)
            ],
            "correlation": {
                "method": self.correlation_method,
                "shrinkage": round(self.shrinkage, 6),
            },
        }
        if self.correlations is not None:
            data["correlation"]["values"] = _rounded(self.correlations[iu], 6)
        if self.null is not None and self.null_areas is None:
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

    # -- the population file

    def file_meta(self) -> dict[str, Any]:
        """What the population file's header says about these statistics."""
        meta: dict[str, Any] = {
            "format": STATS_FORMAT,
            "version": FILE_VERSION,
            "name": self.name,
            "unit_label": self.unit_label,
            "units": self.n_units,
            "threshold": self.threshold,
            "form": "pairs" if self.membership is None else "membership",
            "correlation": {
                "method": self.correlation_method,
                "shrinkage": round(self.shrinkage, 6),
            },
            "source": dict(self.source),
        }
        if self.null is not None:
            meta["null"] = {
                "seed": self.null.seed,
                "samples": self.null.samples,
                "rounds": self.null.rounds,
                "burn_in": self.null.burn_in,
            }
        return meta

    def file_sections(self) -> dict[str, Any]:
        """The sections of the population file (areas first: the cheap read takes only them)."""
        sections: dict[str, Any] = {"areas": list(self.areas)}
        if self.membership is None:
            pair_i, pair_j, pair_o = self._all_pairs()
            sections["counts"] = self.counts.astype("<i4")
            sections["pairs"] = np.stack([pair_i, pair_j, pair_o], axis=1).astype("<i4")
        else:
            sections["area_indptr"] = self.membership.indptr.astype("<i4")
            small = self.n_units <= np.iinfo(np.int16).max
            sections["area_units"] = self.membership.units.astype("<i2" if small else "<i4")
            if self.unit_names is not None:
                sections["unit_names"] = list(self.unit_names)
        if self.hierarchy is not None:
            sections["hierarchy_indptr"] = self.hierarchy.indptr.astype("<i4")
            sections["hierarchy_broader"] = self.hierarchy.broader.astype("<i4")
            sections["hierarchy_groups"] = self.hierarchy.groups.astype("<u1")
        if self.correlations is not None:
            iu = np.triu_indices(len(self.areas), k=1)
            sections["correlations"] = np.round(self.correlations[iu], 6).astype("<f8")
        if self.null is not None:
            if self.null_areas is not None:
                sections["null_areas"] = np.asarray(self.null_areas).astype("<i4")
            k = self.null.z.shape[0]
            iu = np.triu_indices(k, k=1)
            for key in ("z", "mean", "sd"):
                values = np.round(getattr(self.null, key)[iu], 4)
                sections[f"null_{key}"] = values.astype("<f8" if k <= 200 else "<f4")
        return sections

    def save(self, path: str | Path) -> None:
        """Write the population file (``.json``: the JSON document of earlier versions)."""
        target = Path(path)
        if target.suffix == ".json":
            lines = [
                f" {json.dumps(key)}: {json.dumps(value)}" for key, value in self.to_json().items()
            ]
            target.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
            return
        write_sections(target, self.file_meta(), self.file_sections())

    @classmethod
    def from_file(cls, file: PopulationFile) -> PopulationStats:
        """Read the statistics of a population file (written by ``save``)."""
        meta = file.meta
        shown = display(file.path.name)
        if meta.get("format") != STATS_FORMAT or meta.get("version") != FILE_VERSION:
            raise ImportFailed(f"{shown} is not a population file this version can read")
        try:
            areas = [str(a) for a in file.json("areas")]
            d = len(areas)
            n_units = int(meta["units"])
            correlation = dict(meta["correlation"])
            kwargs: dict[str, Any] = {}
            if meta.get("form") == "membership":
                indptr = file.array("area_indptr").astype(np.int64)
                units = file.array("area_units").astype(np.int32)
                if len(indptr) != d + 1 or indptr[-1] != len(units) or np.any(np.diff(indptr) < 0):
                    raise ValueError("membership does not match the areas")
                if len(units) and (units.min() < 0 or units.max() >= n_units):
                    raise ValueError("unit index out of range")
                kwargs["membership"] = Membership(indptr, units, n_units)
                if file.has("unit_names"):
                    kwargs["unit_names"] = [str(u) for u in file.json("unit_names")]
            else:
                kwargs["counts"] = file.array("counts").astype(np.int64)
                pairs = file.array("pairs").astype(np.int64).reshape(-1, 3)
                if len(kwargs["counts"]) != d or (
                    len(pairs) and (pairs[:, :2].max() >= d or pairs[:, :2].min() < 0)
                ):
                    raise ValueError("indices out of range")
                kwargs.update(
                    pair_i=pairs[:, 0].copy(),
                    pair_j=pairs[:, 1].copy(),
                    pair_observed=pairs[:, 2].copy(),
                )
            if file.has("hierarchy_indptr"):
                kwargs["hierarchy"] = AreaHierarchy(
                    file.array("hierarchy_indptr").astype(np.int64),
                    file.array("hierarchy_broader").astype(np.int64),
                    file.array("hierarchy_groups").astype(bool),
                )
            if file.has("correlations"):
                kwargs["correlations"] = _from_upper(file.array("correlations"), d, diagonal=1.0)
            if "null" in meta:
                block = meta["null"]
                null_areas = None
                k = d
                if file.has("null_areas"):
                    null_areas = file.array("null_areas").astype(np.int64)
                    k = len(null_areas)
                kwargs["null_areas"] = null_areas
                kwargs["null"] = NullModel(
                    z=_from_upper(file.array("null_z"), k, diagonal=0.0),
                    mean=_from_upper(file.array("null_mean"), k, diagonal=0.0),
                    sd=_from_upper(file.array("null_sd"), k, diagonal=0.0),
                    seed=int(block["seed"]),
                    samples=int(block["samples"]),
                    rounds=int(block["rounds"]),
                    burn_in=int(block["burn_in"]),
                )
            return cls(
                areas=areas,
                n_units=n_units,
                threshold=None if meta.get("threshold") is None else float(meta["threshold"]),
                unit_label=str(meta.get("unit_label", "units")),
                correlation_method=str(correlation["method"]),
                shrinkage=float(correlation["shrinkage"]),
                name=str(meta.get("name", "population")),
                source={str(k): str(v) for k, v in dict(meta.get("source", {})).items()},
                **kwargs,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ImportFailed(f"{shown} is malformed ({display(str(error))})") from None


def _rounded(values: NDArray[np.float64], digits: int) -> list[float]:
    return [round(float(v), digits) + 0.0 for v in values]


def _from_upper(
    values: Sequence[float] | NDArray[Any], d: int, *, diagonal: float
) -> NDArray[np.float64]:
    iu = np.triu_indices(d, k=1)
    if len(values) != len(iu[0]):
        raise ValueError(f"expected {len(iu[0])} pair values, found {len(values)}")
    matrix = np.full((d, d), diagonal)
    flat = np.asarray(values, dtype=np.float64)
    matrix[iu] = flat
    matrix[(iu[1], iu[0])] = flat
    return matrix


def load_population_stats(path: str | Path) -> PopulationStats:
    """Read statistics written by ``PopulationStats.save`` (a population file, or JSON)."""
    file = Path(path)
    if not file.is_file():
        raise NotFound(f"population statistics file {display(str(file))} does not exist")
    if is_population_file(file):
        return PopulationStats.from_file(PopulationFile(file))
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportFailed(f"{display(file.name)} is not a JSON file") from None
    return PopulationStats.from_json(data)


@cache
def shipped_population(name: str) -> PopulationStats:
    """A shipped population by name (``onet``, ``esco``), read once per process."""
    return PopulationStats.from_file(PopulationFile(shipped_path(name)))


def population_by_name(name: str, loaded_dir: Path | None = None) -> PopulationStats:
    """A population by the name ``graph use`` takes: ``esco``, ``esco-essential``, ``onet``, or
    one loaded into ``loaded_dir`` (``NAME.pop``, or ``NAME.json`` from earlier versions).

    Shipped populations are read once per process; ESCO loads in tens of milliseconds.
    """
    if name == "esco-essential":
        from polymath.graph.esco import esco_population

        return esco_population(essential_only=True)
    if name in SHIPPED_FILES:
        return shipped_population(name)
    return load_population_stats(population_file(name, loaded_dir))


def default_population() -> PopulationStats:
    """The shipped O*NET Knowledge population (968 occupations, 33 areas), read once."""
    return shipped_population("onet")
