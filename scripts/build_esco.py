"""Build polymath/data/esco_skills.pop, the ESCO skills population, from the two ESCO packages.

    .venv/bin/python scripts/build_esco.py [--raw DIR] [--classification ZIP] [--relations ZIP]
                                           [--out POP]

What is derived, and the decisions behind it:

- **Units** are the 3,007 occupations of ``occupations_en.csv``, by URI. Relation rows that point
  at an occupation missing from it (67 in v1.1.1) are counted and dropped, and the report says so.
- **Membership**: an occupation uses a *skill* (or knowledge concept) when it has an essential or
  optional relation to it, and a *skill group* when it uses any skill below the group through
  ``broaderRelationsSkillPillar`` (skill -> broader skill -> ... -> group).
- **Planning nodes (areas)**: skills used by at least 5 occupations (5,483 in v1.1.1) and skill
  groups used by at least 5, except the hierarchy's roots ("skills", "knowledge", ...), which say
  nothing, and groups that repeat a broader group's label ("management skills" S4 / S4.0 / S4.0.0:
  the broadest is kept). A skill whose label is also a group's is named with its kind:
  "statistics" is the group, "statistics (knowledge)" the concept. Every concept keeps its
  labels, alternative labels and place in the hierarchy for mapping a person's domains.
- **Hierarchy among the areas**: each area's broader areas through any path of the skill
  hierarchy, and which areas are skill groups (``AreaHierarchy``): a plan adds groups and never
  pairs nested concepts (``polymath.graph.plan_view``).
- **Essential only** is not a second file: the relations are stored with their type, and
  ``polymath.graph.esco.esco_population(essential_only=True)`` derives that membership (same areas)
  at load time.
- **Randomised null**: computed here, at build time, for the pairs of skill groups (the level that
  carries evidence; DESIGN.md): the occupation x group membership is randomised with a sparse
  global curveball keeping every occupation's and every group's count fixed (randomising the
  skills and deriving the groups would not: a group's skills would spread over more occupations
  and every group pair would look atypical). 200 samples, one global round apart, after 50
  rounds of burn-in, seed 2013. Pairs involving a single skill have
  no null (``PairStats.null_z`` is None): with E around 1, the exact tails say more.
- **Correlations** for rarity are phi of the 0/1 columns; the shrinkage intensity over all pairs
  is computed here once and stored.
  Hierarchy rows naming a concept that is in neither package (7 in v1.1.1) are dropped too.
- **Format**: a population file (``polymath.graph.popfile``): JSON, text-line and little-endian
  array sections with no timestamps, so rebuilding from the same packages gives the same bytes
  (a test does; a build takes 20 to 40 s, most of it the null). Pair statistics are computed on
  demand from the sparse membership (300,184 memberships; the 2.1 million co-occurring pairs are
  not stored). 7.1 MB installed; the wheel is 2.98 MiB in all.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from polymath.graph.atypicality import NullModel, phi_shrinkage_intensity
from polymath.graph.esco import (
    ESCO_ATTRIBUTION,
    ESCO_NAME,
    SUPPORT,
    area_membership,
    esco_sections,
)
from polymath.graph.hierarchy import AreaHierarchy
from polymath.graph.popfile import write_sections
from polymath.graph.population import Membership, PopulationStats

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "esco"
DEFAULT_OUT = ROOT / "polymath" / "data" / "esco_skills.pop"
CLASSIFICATION = "esco-v1.1.1-classification-en-csv.zip"
RELATIONS = "esco-v1.1.1-relations-csv.zip"
NULL_SAMPLES = 200
NULL_ROUNDS = 1
NULL_BURN_IN = 50
NULL_SEED = 2013


# ---------------------------------------------------------------------------- the packages


def _member(archive: zipfile.ZipFile, names: Sequence[str]) -> str:
    """The member whose base name is one of ``names`` (v1.1.x or v1.2.x spelling)."""
    for info in archive.infolist():
        if info.filename.rsplit("/", 1)[-1] in names:
            return info.filename
    raise SystemExit(f"{archive.filename}: none of {', '.join(names)} in the package")


def read_table(
    archive: zipfile.ZipFile, names: Sequence[str], columns: Sequence[str]
) -> Iterator[dict[str, str]]:
    """Rows of a CSV member, with the named columns only (labels hold newlines and commas)."""
    member = _member(archive, names)
    with archive.open(member) as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{member}: missing column {missing[0]!r}")
        for row in reader:
            yield {c: (row[c] or "").strip() for c in columns}


@dataclass
class Packages:
    """What the derivation reads from the two packages, and what it had to drop."""

    occupations: dict[str, str]
    concepts: dict[str, tuple[str, str, list[str]]]
    """uri -> (preferred label, kind: knowledge | skill | group, alternative labels)"""
    relations: list[tuple[str, str, bool]]
    """(occupation uri, skill uri, essential)"""
    broader: list[tuple[str, str]]
    dropped: dict[str, int]
    essential: int
    optional: int


def _alt_labels(text: str, preferred: str) -> list[str]:
    seen = {preferred.casefold()}
    labels = []
    for label in text.split("\n"):
        label = " ".join(label.split())
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            labels.append(label)
    return labels


def read_packages(classification: Path, relations: Path) -> Packages:
    """Read occupations, skills, groups, relations and the skill hierarchy."""
    with zipfile.ZipFile(classification) as archive:
        occupations = {
            row["conceptUri"]: " ".join(row["preferredLabel"].split())
            for row in read_table(archive, ["occupations_en.csv"], ["conceptUri", "preferredLabel"])
        }
        concepts: dict[str, tuple[str, str, list[str]]] = {}
        for row in read_table(
            archive,
            ["skills_en.csv"],
            ["conceptUri", "skillType", "preferredLabel", "altLabels"],
        ):
            label = " ".join(row["preferredLabel"].split())
            kind = "knowledge" if row["skillType"] == "knowledge" else "skill"
            concepts[row["conceptUri"]] = (label, kind, _alt_labels(row["altLabels"], label))
        for row in read_table(
            archive, ["skillGroups_en.csv"], ["conceptUri", "preferredLabel", "altLabels"]
        ):
            label = " ".join(row["preferredLabel"].split())
            concepts[row["conceptUri"]] = (label, "group", _alt_labels(row["altLabels"], label))
    dropped = {"occupation": 0, "skill": 0, "repeated": 0, "hierarchy": 0}
    counts = {"essential": 0, "optional": 0}
    found: dict[tuple[str, str], bool] = {}
    with zipfile.ZipFile(relations) as archive:
        for row in read_table(
            archive,
            ["occupationSkillRelations.csv", "occupationSkillRelations_en.csv"],
            ["occupationUri", "relationType", "skillUri"],
        ):
            kind = row["relationType"]
            if kind in counts:
                counts[kind] += 1
            if row["occupationUri"] not in occupations:
                dropped["occupation"] += 1
                continue
            if concepts.get(row["skillUri"], ("", "group", []))[1] == "group":
                dropped["skill"] += 1
                continue
            key = (row["occupationUri"], row["skillUri"])
            if key in found:
                dropped["repeated"] += 1
            found[key] = found.get(key, False) or kind == "essential"
        broader = []
        for row in read_table(
            archive,
            ["broaderRelationsSkillPillar.csv", "broaderRelationsSkillPillar_en.csv"],
            ["conceptUri", "broaderUri"],
        ):
            if row["conceptUri"] in concepts and row["broaderUri"] in concepts:
                broader.append((row["conceptUri"], row["broaderUri"]))
            else:
                dropped["hierarchy"] += 1
    return Packages(
        occupations=occupations,
        concepts=concepts,
        relations=[(o, s, e) for (o, s), e in found.items()],
        broader=sorted(set(broader)),
        dropped=dropped,
        essential=counts["essential"],
        optional=counts["optional"],
    )


# ---------------------------------------------------------------------------- derivation


@dataclass
class Derived:
    """The shipped population's content, before it is written."""

    stats: PopulationStats
    sections: dict[str, Any]
    report: list[str]


def _ancestors(parents: list[list[int]]) -> list[frozenset[int]]:
    """Every concept's ancestors (through any path), memoised."""
    memo: list[frozenset[int] | None] = [None] * len(parents)

    def of(c: int, trail: frozenset[int]) -> frozenset[int]:
        done = memo[c]
        if done is not None:
            return done
        found: set[int] = set()
        for p in parents[c]:
            if p in trail:
                continue  # a cycle in the data: stop rather than loop
            found.add(p)
            found |= of(p, trail | {c})
        memo[c] = frozenset(found)
        return memo[c]  # type: ignore[return-value]

    return [of(c, frozenset()) for c in range(len(parents))]


def derive(packages: Packages, *, source: dict[str, str]) -> Derived:
    """Areas, names, membership, null and the catalogue sections, deterministically."""
    uris = sorted(packages.concepts)
    index = {uri: k for k, uri in enumerate(uris)}
    labels = [packages.concepts[u][0] for u in uris]
    kinds = [packages.concepts[u][1] for u in uris]
    unit_uris = sorted(packages.occupations)
    unit_index = {uri: k for k, uri in enumerate(unit_uris)}
    parents: list[list[int]] = [[] for _ in uris]
    for child, parent in packages.broader:
        parents[index[child]].append(index[parent])
    for plist in parents:
        plist.sort()
    ancestors = _ancestors(parents)
    rel_unit = np.array([unit_index[o] for o, _, _ in packages.relations], dtype=np.int64)
    rel_concept = np.array([index[s] for _, s, _ in packages.relations], dtype=np.int64)
    rel_essential = np.array([e for _, _, e in packages.relations], dtype=bool)
    order = np.lexsort((rel_concept, rel_unit))
    rel_unit, rel_concept, rel_essential = (
        rel_unit[order],
        rel_concept[order],
        rel_essential[order],
    )

    # support of every concept: a skill's own occupations, a group's through what is below it
    n_concepts = len(uris)
    groups = [k for k in range(n_concepts) if kinds[k] == "group"]
    below: dict[int, list[int]] = {g: [] for g in groups}
    for c in range(n_concepts):
        if kinds[c] != "group":
            for a in ancestors[c]:
                if kinds[a] == "group":
                    below[a].append(c)
    users: list[set[int]] = [set() for _ in range(n_concepts)]
    for u, c in zip(rel_unit.tolist(), rel_concept.tolist(), strict=True):
        users[c].add(u)
    support = np.zeros(n_concepts, dtype=np.int64)
    for c in range(n_concepts):
        if kinds[c] == "group":
            support[c] = len(set().union(*(users[s] for s in below[c])))
        else:
            support[c] = len(users[c])

    # planning nodes, and their names
    skills = [c for c in range(n_concepts) if kinds[c] != "group" and support[c] >= SUPPORT]
    candidates = [
        g for g in groups if support[g] >= SUPPORT and parents[g] and below[g]
    ]  # not a root
    by_label: dict[str, list[int]] = {}
    for g in candidates:
        by_label.setdefault(labels[g].casefold(), []).append(g)
    kept_groups = sorted(
        min(same, key=lambda g: (-support[g], len(ancestors[g]), uris[g]))
        for same in by_label.values()
    )
    group_labels = {labels[g].casefold() for g in kept_groups}
    names: dict[int, str] = {g: labels[g] for g in kept_groups}
    for c in skills:
        clash = labels[c].casefold() in group_labels
        names[c] = f"{labels[c]} ({kinds[c]})" if clash else labels[c]
    if len({n.casefold() for n in names.values()}) != len(names):
        raise SystemExit("area names are not unique; the naming rule needs another look")
    area_concepts = sorted(names, key=lambda c: (names[c].casefold(), names[c]))
    area_of = np.full(n_concepts, -1, dtype=np.int64)
    area_of[area_concepts] = np.arange(len(area_concepts))

    # which areas a relation to each concept counts toward: its own, and its groups'
    concept_areas: list[list[int]] = []
    for c in range(n_concepts):
        hit = {int(area_of[a]) for a in ancestors[c] if area_of[a] >= 0 and kinds[a] == "group"}
        if area_of[c] >= 0:
            hit.add(int(area_of[c]))
        concept_areas.append(sorted(hit))
    ca_indptr = np.zeros(n_concepts + 1, dtype=np.int64)
    np.cumsum([len(a) for a in concept_areas], out=ca_indptr[1:])
    ca_areas = np.array([a for areas in concept_areas for a in areas], dtype=np.int64)
    hierarchy = _area_hierarchy(area_concepts, area_of, ancestors, kinds)
    rel_indptr = np.zeros(len(unit_uris) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rel_unit, minlength=len(unit_uris)), out=rel_indptr[1:])

    membership = area_membership(
        rel_indptr, rel_concept, ca_indptr, ca_areas, n_areas=len(area_concepts)
    )
    null_areas = np.array(
        [area_of[g] for g in sorted(kept_groups, key=lambda g: area_of[g])], dtype=np.int64
    )
    null = curveball_group_null(membership, null_areas)
    pair_i, pair_j, pair_o = membership.all_pairs()
    counts = membership.counts()
    shrinkage = phi_shrinkage_intensity(counts, pair_i, pair_j, pair_o, len(unit_uris))
    stats = PopulationStats(
        areas=[names[c] for c in area_concepts],
        n_units=len(unit_uris),
        membership=membership,
        unit_names=[packages.occupations[u] for u in unit_uris],
        unit_label="occupations",
        correlation_method="phi",
        shrinkage=shrinkage,
        null=null,
        null_areas=null_areas,
        name=ESCO_NAME,
        source=source,
        hierarchy=hierarchy,
    )
    sections = stats.file_sections()
    sections.update(
        esco_sections(
            uris=uris,
            labels=labels,
            kinds=kinds,
            alt_labels=[packages.concepts[u][2] for u in uris],
            parents=parents,
            support=support,
            area_concepts=np.array(area_concepts, dtype=np.int64),
            concept_areas=(ca_indptr, ca_areas),
            relations=(rel_indptr, rel_concept, rel_essential),
        )
    )
    n_groups_20 = sum(1 for g in groups if support[g] >= 20)
    report = [
        f"{len(unit_uris):,} occupations, {sum(k != 'group' for k in kinds):,} skills, "
        f"{len(groups):,} skill groups",
        f"{packages.essential + packages.optional:,} relations "
        f"({packages.essential:,} essential, {packages.optional:,} optional)",
        f"DROPPED {packages.dropped['occupation']} relation rows that point at an occupation "
        "missing from occupations_en.csv",
        f"dropped {packages.dropped['skill']} relation rows to an unknown skill, "
        f"{packages.dropped['repeated']} repeated, {packages.dropped['hierarchy']} hierarchy "
        "rows to an unknown concept",
        f"{sum(1 for c in range(n_concepts) if kinds[c] != 'group' and support[c] >= SUPPORT):,}"
        f" skills used by >= {SUPPORT} occupations; "
        f"{sum(1 for g in groups if support[g] > 0)} skill groups used "
        f"({n_groups_20} by >= 20)",
        f"{len(area_concepts):,} areas: {len(skills):,} skills and {len(kept_groups)} groups",
        f"{len(pair_o):,} co-occurring pairs (computed on demand at run time, not stored)",
    ]
    return Derived(stats=stats, sections=sections, report=report)


def _area_hierarchy(
    area_concepts: list[int],
    area_of: NDArray[np.int64],
    ancestors: list[frozenset[int]],
    kinds: list[str],
) -> AreaHierarchy:
    """Each area's broader areas (through any path of the skill hierarchy) and the groups."""
    rows = [
        sorted({int(area_of[a]) for a in ancestors[c] if area_of[a] >= 0}) for c in area_concepts
    ]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    broader = np.array([a for r in rows for a in r], dtype=np.int64)
    groups = np.array([kinds[c] == "group" for c in area_concepts], dtype=bool)
    return AreaHierarchy(indptr, broader, groups)


# ---------------------------------------------------------------------------- the null


def curveball_round(
    indptr: NDArray[np.int64], skills: NDArray[np.int64], rng: np.random.Generator
) -> NDArray[np.int64]:
    """One global curveball round on sparse rows (Carstens et al. 2016); returns the new rows.

    Units are paired at random; each pair pools the skills only one of them has and deals them
    back at random, each unit keeping its own count; every skill's count is unchanged too.
    Sorting packed integer keys (pair, skill, side) keeps a round to a few milliseconds.
    """
    n_units = len(indptr) - 1
    width = int(skills.max()) + 1 if len(skills) else 1
    if width > 1 << 16:
        raise SystemExit("more than 65,536 skills: widen the curveball's packed keys")
    degree = np.diff(indptr)
    half = n_units // 2
    perm = rng.permutation(n_units)
    first, second = perm[:half], perm[half : 2 * half]
    pair_of = np.full(n_units, -1, dtype=np.int64)
    pair_of[first] = np.arange(half)
    pair_of[second] = np.arange(half)
    side = np.zeros(n_units, dtype=np.int64)
    side[second] = 1
    unit_of = np.repeat(np.arange(n_units), degree)
    entry_pair = pair_of[unit_of]
    paired = entry_pair >= 0
    key = np.sort((entry_pair[paired] * width + skills[paired]) * 2 + side[unit_of[paired]])
    s = key % 2
    k = (key // 2) % width
    p = key // (2 * width)
    same = (key[1:] // 2) == (key[:-1] // 2)
    shared = np.zeros(len(key), dtype=bool)
    shared[1:] |= same
    shared[:-1] |= same
    pool = ~shared
    keep_first = np.bincount(p[pool & (s == 0)], minlength=half)
    noise = rng.integers(0, 1 << 24, size=int(pool.sum()), dtype=np.int64)
    dealt = np.sort((p[pool] << 40) | (noise << 16) | k[pool])
    pp, pk = dealt >> 40, dealt & 0xFFFF
    start = np.searchsorted(pp, np.arange(half))
    to_first = (np.arange(len(pp)) - start[pp]) < keep_first[pp]
    once = shared & (s == 0)
    units = np.concatenate(
        [
            first[p[once]],
            second[p[once]],
            first[pp[to_first]],
            second[pp[~to_first]],
            unit_of[~paired],
        ]
    )
    values = np.concatenate([k[once], k[once], pk[to_first], pk[~to_first], skills[~paired]])
    return np.sort(units * width + values) % width


def curveball_group_null(
    membership: Membership,
    null_areas: NDArray[np.int64],
    *,
    samples: int = NULL_SAMPLES,
    rounds: int = NULL_ROUNDS,
    burn_in: int = NULL_BURN_IN,
    seed: int = NULL_SEED,
) -> NullModel:
    """Null z of every pair of the given (group) areas, as ``atypicality.randomised_null``.

    The occupations x groups membership is randomised keeping every occupation's and every
    group's count fixed; sparse rows and a float32 product (exact for counts below 2**24) keep
    200 samples of 3,007 x 446 to seconds.
    """
    rng = np.random.default_rng(seed)
    n_units, k = membership.n_units, len(null_areas)
    units = np.concatenate([membership.column(int(a)) for a in null_areas]).astype(np.int64)
    where = np.repeat(np.arange(k), [len(membership.column(int(a))) for a in null_areas])
    order = np.lexsort((where, units))
    units, where = units[order], where[order]
    indptr = np.zeros(n_units + 1, dtype=np.int64)
    np.cumsum(np.bincount(units, minlength=n_units), out=indptr[1:])
    unit_of = units

    def cooccurrence(groups: NDArray[np.int64]) -> NDArray[np.float64]:
        matrix = np.zeros((n_units, k), dtype=np.float32)
        matrix[unit_of, groups] = 1.0
        return (matrix.T @ matrix).astype(np.float64)

    observed = cooccurrence(where)
    groups = where.copy()
    for _ in range(burn_in):
        groups = curveball_round(indptr, groups, rng)
    total = np.zeros_like(observed)
    total_sq = np.zeros_like(observed)
    for _ in range(samples):
        for _ in range(rounds):
            groups = curveball_round(indptr, groups, rng)
        o = cooccurrence(groups)
        total += o
        total_sq += o * o
    mean = total / samples
    var = np.maximum(total_sq / samples - mean * mean, 0.0) * samples / (samples - 1)
    sd = np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (observed - mean) / sd, 0.0)
    np.fill_diagonal(z, 0.0)
    return NullModel(
        z=z, mean=mean, sd=sd, seed=seed, samples=samples, rounds=rounds, burn_in=burn_in
    )


# ---------------------------------------------------------------------------- the file


def _provenance_attribution(provenance: str) -> str:
    quoted = [line[1:].strip() for line in provenance.splitlines() if line.startswith(">")]
    return " ".join(quoted) or ESCO_ATTRIBUTION


def source_block(
    raw: Path, classification: str = CLASSIFICATION, relations: str = RELATIONS
) -> dict[str, str]:
    """Where the population comes from, under which terms, and what was changed."""
    digests = {
        name: hashlib.sha256((raw / name).read_bytes()).hexdigest()
        for name in (classification, relations)
    }
    provenance = raw / "PROVENANCE.md"
    return {
        "name": "ESCO v1.1.1, classification (English) and relations",
        "file": "; ".join(f"{name} (sha256 {digest})" for name, digest in digests.items()),
        "origin": "European Commission, DG Employment, Social Affairs and Inclusion",
        "licence": "Commission Decision 2011/833/EU: reuse authorised with acknowledgement",
        "attribution": _provenance_attribution(provenance.read_text(encoding="utf-8"))
        if provenance.is_file()
        else ESCO_ATTRIBUTION,
        "changes": (
            "Occupation-skill relations (essential or optional) reduced to a sparse "
            "occupation x skill membership for skills used by at least 5 occupations and "
            "skill groups (through the skill hierarchy), with labels, alternative labels, the "
            "hierarchy, a randomised null for skill-group pairs and phi shrinkage; descriptions "
            "are not included."
        ),
    }


def build(
    raw: Path = RAW, *, classification: str = CLASSIFICATION, relations: str = RELATIONS
) -> Derived:
    """Read the packages in ``raw`` and derive the shipped population."""
    packages = read_packages(raw / classification, raw / relations)
    return derive(packages, source=source_block(raw, classification, relations))


def write(derived: Derived, out: Path) -> None:
    write_sections(out, derived.stats.file_meta(), derived.sections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--raw", type=Path, default=RAW)
    parser.add_argument("--classification", default=CLASSIFICATION, help="file name in --raw")
    parser.add_argument("--relations", default=RELATIONS, help="file name in --raw")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    derived = build(args.raw, classification=args.classification, relations=args.relations)
    write(derived, args.out)
    for line in derived.report:
        print(line)
    print(f"wrote {args.out}: {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
