"""Make the database a previous release leaves behind, for the upgrade tests and the release check.

Checks out the release's commit in a temporary worktree, installs it into its own virtual
environment, and drives its command line the way a person does: the demo history imported,
sessions logged (one with a note and an integration), a level recorded, a rest week planned,
a stack adopted, a setting changed. The database is then checkpointed into one file and
written to ``tests/data/releases/polymath-<version>.db``, with the reviews of three weeks as
that release printed them (``.reviews.json``).

    python scripts/make_release_fixture.py [--rev 0fcf93b] [--version 0.1.0] [--venv DIR]

``--venv`` reuses an environment that already has the release installed (editable, from the
same commit). Needs git and network access to the package index, as any install does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASES = {"0.1.0": "0fcf93b"}
"""Each release's commit (the last commit before the round that followed it)."""


def run(*command: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command], env=env, cwd=cwd, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{done.stderr or done.stdout}")
    return done.stdout


def drive(polymath: Path, database: Path, source: Path) -> None:
    """A person's first weeks with the release, through its own command line."""
    env = {**os.environ, "POLYMATH_DB": str(database), "POLYMATH_TIMEZONE": "Europe/Berlin"}
    steps = [
        ["import", source / "sample_data" / "demo.json"],
        [
            "log",
            "45m",
            "Jazz piano",
            "--kind",
            "experiment",
            "--on",
            "2026-11-23",
            "--at",
            "19:00",
            "--note",
            "shell voicings",
            "--with",
            "Bayesian statistics",
        ],
        ["log", "30m", "Spanish", "--on", "2026-11-24", "--at", "07:30"],
        ["log", "1h", "Woodworking", "--kind", "experiment", "--on", "2026-11-25", "--create"],
        ["level", "Woodworking", "1", "--note", "first joints"],
        ["rest", "--week", "2026-W52", "--note", "holidays"],
        ["stack", "adopt", "Jazz piano", "Bayesian statistics", "Spanish"],
    ]
    for step in steps:
        run(polymath, *step, env=env)


WEEKS = ("2026-W46", "2026-W47", "2026-W48")
"""Weeks whose review the release printed: an upgrade must give the same figures."""


def reviews(polymath: Path, database: Path) -> dict[str, object]:
    env = {**os.environ, "POLYMATH_DB": str(database), "POLYMATH_TIMEZONE": "Europe/Berlin"}
    return {
        week: json.loads(run(polymath, "review", "--week", week, "--json", env=env))
        for week in WEEKS
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--version", default="0.1.0", choices=sorted(RELEASES))
    parser.add_argument("--venv", type=Path, help="an environment with the release installed")
    args = parser.parse_args()
    rev = RELEASES[args.version]
    out = ROOT / "tests" / "data" / "releases" / f"polymath-{args.version}.db"
    with tempfile.TemporaryDirectory(prefix="polymath-release-") as folder:
        tree = Path(folder) / "tree"
        run("git", "-C", ROOT, "worktree", "add", "--detach", tree, rev)
        try:
            venv = args.venv
            if venv is None:
                venv = Path(folder) / "venv"
                run(sys.executable, "-m", "venv", venv)
                run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", tree)
            database = Path(folder) / "polymath.db"
            drive(venv / "bin" / "polymath", database, tree)
            printed = reviews(venv / "bin" / "polymath", database)
            with sqlite3.connect(database) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode = DELETE")
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(database, out)
            out.with_suffix(".reviews.json").write_text(
                json.dumps(printed, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
        finally:
            run("git", "-C", ROOT, "worktree", "remove", "--force", tree)
    with sqlite3.connect(out) as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        sessions = conn.execute("SELECT count(*) FROM learning_session").fetchone()[0]
    print(f"wrote {out.relative_to(ROOT)}: schema {revision}, {sessions} sessions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
