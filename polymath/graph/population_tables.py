"""Populations of units and the domains each uses, read from CSV tables with stated limits.

A population file is a CSV with a header ``unit,domain`` or ``unit,domain,weight`` (a unit uses a
domain when its weight reaches the threshold), or the O*NET layout ``O*NET-SOC Code,Element Name,
Data Value``. Any line ending works (LF, CRLF, bare CR). Files are checked before they are read in
full: a file over 50 MB, a binary file or a first line that is not the expected header is refused
at once, so 200 MB of junk costs nothing.

Memory follows the data present: names are interned once, rows are kept as small integer arrays,
and nothing is sized by domains x domains. Populations beyond the limits below are refused with a
one-line reason. Every message that quotes the file goes through ``display``.
"""

from __future__ import annotations

import csv
import math
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from polymath.core.errors import ImportFailed, InvalidInput, NotFound
from polymath.core.text import display, unsafe

if TYPE_CHECKING:
    from scipy import sparse

DEFAULT_THRESHOLD = 3.0
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5_000_000
MAX_UNITS = 1_000_000
MAX_DOMAINS = 20_000
MAX_NAME_CHARS = 200
MAX_PAIR_WORK = 25_000_000
"""At most this many unit-level pairs (the sum over units of domains used squared): it bounds
the memory of the co-occurrence counts."""
_HEADER_BYTES = 64 * 1024
_DENSE_CELLS = 20_000_000
ONET_COLUMNS = ("O*NET-SOC Code", "Element Name", "Data Value")


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
        if len(self.units) * len(self.domains) > _DENSE_CELLS:
            raise InvalidInput("this population is too large for a dense weight matrix")
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


def _shown(file: Path) -> str:
    return display(file.name)


def _read_header(file: Path) -> tuple[list[str], str]:
    """Check size and the first line without reading the rest of the file."""
    if not file.is_file():
        raise NotFound(f"population file {display(str(file))} does not exist")
    size = file.stat().st_size
    if size == 0:
        raise ImportFailed(f"{_shown(file)} is empty")
    if size > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{_shown(file)} is {size / 2**20:.0f} MB; a population file may be at most "
            f"{MAX_FILE_BYTES // 2**20} MB"
        )
    with file.open("rb") as handle:
        head = handle.read(_HEADER_BYTES)
    if b"\x00" in head:
        raise ImportFailed(f"{_shown(file)} is a binary file, not a CSV")
    ends = [at for at in (head.find(b"\n"), head.find(b"\r")) if at >= 0]
    if not ends and len(head) == _HEADER_BYTES:
        raise ImportFailed(f"{_shown(file)} does not start with a CSV header line")
    first = head[: min(ends)] if ends else head
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(f"{_shown(file)} is not UTF-8 text") from None
    delimiter = "\t" if "\t" in text and "," not in text else ","
    try:
        header = next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:
        header = []
    if not any(name.strip() for name in header):
        raise ImportFailed(f"{_shown(file)} does not start with a CSV header line")
    return header, delimiter


def _require_columns(
    file: Path,
    names: list[str],
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    strict: bool,
) -> None:
    expected = ",".join(required) + "".join(f"[,{name}]" for name in optional)
    missing = [name for name in required if name not in names]
    if missing:
        found = display(",".join(names)[:80])
        raise ImportFailed(
            f"{_shown(file)}: missing column {missing[0]!r}; expected {expected}, found {found}"
        )
    duplicated = sorted({name for name in names if names.count(name) > 1 and name})
    if duplicated:
        raise ImportFailed(f"{_shown(file)}: column {display(repr(duplicated[0]))} appears twice")
    if strict:
        extra = [name for name in names if name not in (*required, *optional)]
        if extra:
            raise ImportFailed(
                f"{_shown(file)}: unexpected column {display(repr(extra[0][:80]))}; "
                f"expected {expected}"
            )


class _Names:
    """Interned names with their first appearance; a name is checked once, when first seen."""

    def __init__(self, file: Path, what: str, limit: int) -> None:
        self.file, self.what, self.limit = file, what, limit
        self.ids: dict[str, int] = {}

    def id_of(self, name: str, line: int) -> int:
        found = self.ids.get(name)
        if found is not None:
            return found
        if not name:
            raise ImportFailed(f"{_shown(self.file)} line {line}: empty {self.what}")
        if len(name) > MAX_NAME_CHARS:
            raise ImportFailed(
                f"{_shown(self.file)} line {line}: {self.what} name longer than "
                f"{MAX_NAME_CHARS} characters"
            )
        bad = next((ch for ch in name if unsafe(ch)), None)
        if bad is not None:
            raise ImportFailed(
                f"{_shown(self.file)} line {line}: {self.what} {display(repr(name))} holds a "
                f"control character or direction mark (U+{ord(bad):04X})"
            )
        if len(self.ids) >= self.limit:
            raise ImportFailed(
                f"{_shown(self.file)}: more than {self.limit:,} {self.what}s; "
                f"a population may have at most {self.limit:,}"
            )
        self.ids[name] = len(self.ids)
        return self.ids[name]


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
    units = _Names(file, "unit", MAX_UNITS)
    domains = _Names(file, "domain", MAX_DOMAINS)
    rows_u, rows_d, rows_line = array("q"), array("q"), array("q")
    rows_w = array("d")
    line = 1
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
                        f"{_shown(file)} line {line}: expected {width} fields, found {len(row)}"
                    )
                if "scale" in columns and row[columns["scale"]].strip().upper() != "IM":
                    continue
                if len(rows_u) >= MAX_ROWS:
                    raise ImportFailed(
                        f"{_shown(file)}: more than {MAX_ROWS:,} rows; "
                        f"a population may have at most {MAX_ROWS:,}"
                    )
                rows_u.append(units.id_of(row[columns["unit"]].strip(), line))
                rows_d.append(domains.id_of(row[columns["domain"]].strip(), line))
                rows_w.append(_parse_weight(file, line, row[columns["weight"]]) if weighted else 1)
                rows_line.append(line)
    except UnicodeDecodeError:
        raise ImportFailed(f"{_shown(file)} is not UTF-8 text") from None
    except csv.Error as error:
        raise ImportFailed(
            f"{_shown(file)} line {line + 1}: not a readable CSV ({display(str(error))})"
        ) from None
    if not rows_u:
        raise ImportFailed(f"{_shown(file)} has a header but no rows")
    return _from_ids(
        file,
        units,
        domains,
        (np.frombuffer(rows_u, np.int64), np.frombuffer(rows_d, np.int64)),
        np.frombuffer(rows_w, np.float64),
        np.frombuffer(rows_line, np.int64),
        threshold=threshold if weighted else None,
        unit_label=unit_label,
    )


def _parse_weight(file: Path, line: int, text: str) -> float:
    try:
        weight = float(text)
    except ValueError:
        weight = math.nan
    if not math.isfinite(weight):
        raise ImportFailed(
            f"{_shown(file)} line {line}: weight {display(repr(text.strip()[:40]))} is not a number"
        )
    return weight


def _from_ids(
    file: Path,
    units: _Names,
    domains: _Names,
    rows: tuple[NDArray[np.int64], NDArray[np.int64]],
    weights: NDArray[np.float64],
    lines: NDArray[np.int64],
    *,
    threshold: float | None,
    unit_label: str,
) -> Population:
    """Sort names, renumber the rows, drop or refuse repeated pairs, and apply the threshold."""
    unit_names = sorted(units.ids, key=units.ids.__getitem__)
    domain_names = sorted(domains.ids, key=domains.ids.__getitem__)
    unit_order = np.argsort(np.array(unit_names, dtype=object), kind="stable")
    domain_order = np.argsort(np.array(domain_names, dtype=object), kind="stable")
    unit_rank = np.empty(len(unit_names), dtype=np.int64)
    unit_rank[unit_order] = np.arange(len(unit_names))
    domain_rank = np.empty(len(domain_names), dtype=np.int64)
    domain_rank[domain_order] = np.arange(len(domain_names))
    r = unit_rank[rows[0]]
    c = domain_rank[rows[1]]
    key = r * len(domain_names) + c
    order = np.argsort(key, kind="stable")
    repeated = np.flatnonzero(np.diff(key[order]) == 0)
    if len(repeated) and threshold is not None:
        first, again = order[repeated[0]], order[repeated[0] + 1]
        unit, domain = unit_names[rows[0][first]], domain_names[rows[1][first]]
        raise ImportFailed(
            f"{_shown(file)} line {lines[again]}: unit {display(repr(unit))} lists domain "
            f"{display(repr(domain))} twice (first on line {lines[first]})"
        )
    keep = np.ones(len(key), dtype=bool)
    keep[order[repeated + 1]] = False
    r, c, w = r[keep], c[keep], weights[keep]
    return _population(
        tuple(unit_names[i] for i in unit_order),
        tuple(domain_names[i] for i in domain_order),
        r,
        c,
        w,
        threshold=threshold,
        unit_label=unit_label,
        source=_shown(file),
    )


def _population(
    units: tuple[str, ...],
    domains: tuple[str, ...],
    r: NDArray[np.int64],
    c: NDArray[np.int64],
    w: NDArray[np.float64],
    *,
    threshold: float | None,
    unit_label: str,
    source: str,
) -> Population:
    from scipy import sparse

    used = w >= threshold if threshold is not None else np.ones(len(r), dtype=bool)
    if not used.any():
        raise ImportFailed(f"{source}: no unit uses any domain at weight >= {threshold}")
    per_unit = np.bincount(r[used], minlength=len(units)).astype(np.int64)
    work = int((per_unit * per_unit).sum())
    if work > MAX_PAIR_WORK:
        raise ImportFailed(
            f"{source}: units use too many domains each ({work:,} unit-level pairs; at most "
            f"{MAX_PAIR_WORK:,}): split the population or drop its broadest domains"
        )
    uses = sparse.csr_array(
        (np.ones(int(used.sum()), dtype=np.int8), (r[used], c[used])),
        shape=(len(units), len(domains)),
    )
    return Population(
        units=units,
        domains=domains,
        uses=uses,
        threshold=threshold,
        weights=(r, c, w) if threshold is not None else None,
        unit_label=unit_label,
    )


def population_from_memberships(
    memberships: Mapping[str, Iterable[str]], *, unit_label: str = "units"
) -> Population:
    """Build a population in memory from ``{unit: domains}`` (tests, other importers)."""
    pairs = sorted({(unit, domain) for unit, domains in memberships.items() for domain in domains})
    if not pairs:
        raise InvalidInput("a population needs at least one unit using a domain")
    units = tuple(sorted({unit for unit, _ in pairs}))
    domains = tuple(sorted({domain for _, domain in pairs}))
    unit_index = {name: i for i, name in enumerate(units)}
    domain_index = {name: i for i, name in enumerate(domains)}
    r = np.fromiter((unit_index[u] for u, _ in pairs), dtype=np.int64, count=len(pairs))
    c = np.fromiter((domain_index[d] for _, d in pairs), dtype=np.int64, count=len(pairs))
    return _population(
        units,
        domains,
        r,
        c,
        np.ones(len(pairs)),
        threshold=None,
        unit_label=unit_label,
        source="population",
    )


def synthetic_population(
    n_domains: int,
    *,
    n_units: int | None = None,
    community_size: int = 10,
    domains_per_unit: int = 3,
    outside_rate: float = 0.25,
    seed: int = 0,
) -> Population:
    """A sparse population for benchmarks and tests: units draw domains mostly from one community.

    With the defaults each domain co-occurs with about ten others, like fields that cluster, with
    enough cross-community units to give both conventional and atypical pairs.
    """
    from scipy import sparse

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
