"""Run every benchmark in turn, then list each target with its measured figure and verdict.

Each script prints its own table (see bench/README.md) and lines starting ``target:``; this
collects those lines at the end so that one run answers "which targets hold on this machine".
It reports, it does not judge: it exits 0 whatever the verdicts, non-zero only when a script
itself fails.

    .venv/bin/python bench/run_all.py [--quick]

``--quick`` passes fewer runs to each script (a first look, noisier figures).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPTS: list[tuple[str, list[str], list[str]]] = [
    # (script, its arguments, the arguments with --quick)
    ("checkin.py", [], ["--runs", "7"]),
    ("reads.py", [], ["--runs", "5"]),
    ("tui_startup.py", [], ["--runs", "5"]),
    ("export.py", [], ["--runs", "3"]),
    ("importers.py", [], ["--runs", "2"]),
    ("population.py", ["--no-wheel"], ["--no-wheel", "--runs", "3"]),
    ("planner.py", [], ["--repeats", "2"]),
    ("sync.py", [], ["--runs", "2"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs per script")
    args = parser.parse_args()
    targets: list[str] = []
    failed: list[str] = []
    for script, normal, quick in SCRIPTS:
        print(f"\n=== bench/{script} ===", flush=True)
        command = [sys.executable, str(HERE / script), *(quick if args.quick else normal)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, bufsize=1) as child:
            assert child.stdout is not None
            for line in child.stdout:
                print(line, end="", flush=True)
                if line.startswith("target:"):
                    targets.append(f"{script:<15} {line.removeprefix('target:').strip()}")
        if child.returncode != 0:
            failed.append(script)
    print("\n=== targets ===")
    print("\n".join(targets))
    passed = sum(line.endswith("pass") for line in targets)
    print(f"\n{passed} of {len(targets)} targets met", end="")
    print(f"; scripts that failed: {', '.join(failed)}" if failed else "")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
