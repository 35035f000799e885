"""Build polymath/data/onet_knowledge.pop, the shipped O*NET population, from the O*NET file.

Only derived statistics are written (per-area counts, pair co-occurrences, shrunk correlations,
the randomised null with its seed), never the raw rows, together with the attribution the
CC BY 4.0 licence asks for and a statement of what was changed. The file is a population file
(``polymath.graph.popfile``) in its pairs form: per-area counts, the O of every co-occurring pair,
the shrunk Pearson correlations (6 decimals) and the randomised null (4 decimals), the same
figures the JSON of earlier versions held, byte-reproducible from the raw file.

    .venv/bin/python scripts/build_population.py [--source CSV] [--provenance MD] [--out POP]
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from polymath.graph.population import (
    DEFAULT_THRESHOLD,
    PopulationStats,
    read_onet_csv,
)

ROOT = Path(__file__).resolve().parent.parent
ONET_DIR = ROOT / "data" / "raw" / "onet"
DEFAULT_SOURCE = ONET_DIR / "knowledge_importance.csv"
DEFAULT_OUT = ROOT / "polymath" / "data" / "onet_knowledge.pop"
NAME = "O*NET Knowledge (Importance)"
NULL_SAMPLES = 1000
NULL_ROUNDS = 2
NULL_BURN_IN = 100
NULL_SEED = 2013


def attribution(provenance: str) -> str:
    """The quoted attribution paragraph of PROVENANCE.md, as one line."""
    quoted = [line[1:].strip() for line in provenance.splitlines() if line.startswith(">")]
    if not quoted:
        raise SystemExit("PROVENANCE.md has no quoted attribution block")
    return " ".join(quoted)


def source_block(csv_path: Path, provenance_path: Path, threshold: float) -> dict[str, str]:
    """Where the statistics come from, under which licence, and what was changed."""
    digest = hashlib.sha256(csv_path.read_bytes()).hexdigest()
    return {
        "name": "O*NET Database, Knowledge, Importance scale (release 25.0 or earlier)",
        "file": f"{csv_path.name} (sha256 {digest})",
        "origin": "Knowledge.csv of github.com/AlfonsoGauna/CPSOcupaciones at commit "
        "69be89cf8e4b4ce0ec3eff444e779a9cb6eb97d4",
        "licence": "CC BY 4.0, U.S. Department of Labor, Employment and Training Administration",
        "attribution": attribution(provenance_path.read_text(encoding="utf-8")),
        "changes": (
            f"Thresholded at Importance >= {threshold:.1f} (an occupation uses an area when it "
            "rates it Important) and reduced to per-area counts, pair co-occurrence counts, "
            "shrunk Pearson correlations of Importance and randomised-null z-scores; "
            "no raw rows are included."
        ),
    }


def build(
    csv_path: Path = DEFAULT_SOURCE,
    provenance_path: Path | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> PopulationStats:
    """Read the O*NET file with the product's loader and compute its statistics."""
    provenance = provenance_path or csv_path.with_name("PROVENANCE.md")
    return PopulationStats.from_units(
        read_onet_csv(csv_path, threshold=threshold),
        null_samples=NULL_SAMPLES,
        null_rounds=NULL_ROUNDS,
        null_burn_in=NULL_BURN_IN,
        null_seed=NULL_SEED,
        keep_membership=False,
        name=NAME,
        source=source_block(csv_path, provenance, threshold),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--provenance", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args(argv)
    stats = build(args.source, args.provenance, threshold=args.threshold)
    stats.save(args.out)
    print(
        f"wrote {args.out}: {stats.n_units} {stats.unit_label}, {len(stats.areas)} areas, "
        f"{len(stats.pair_observed)} co-occurring pairs, {args.out.stat().st_size:,} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
