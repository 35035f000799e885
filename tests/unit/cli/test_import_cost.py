"""The check-in commands load no heavy library: they run from shell prompts, many times a day."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual", "networkx", "numpy", "scipy")
CHECK_IN_SPARES = ("argparse", "pathlib", "typing", "re", "platformdirs", "dataclasses")
"""What a plain check-in does without: together a third of its run (``bench/checkin.py``)."""

RUN_AND_LIST = """
import sys
from polymath.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print("loaded:", ",".join(heavy), file=sys.stderr)
sys.exit(code)
"""


def run_and_list(modules: tuple[str, ...]) -> str:
    return RUN_AND_LIST.replace("HEAVY", repr(modules))


@pytest.mark.parametrize(
    "argv",
    [
        ("log", "30m", "Jazz piano", "--kind", "exp"),
        ("log", "20m", "Statistics", "--create", "--on", "yesterday", "-w", "Jazz piano"),
        ("status",),
        ("status", "--json"),
        ("start", "Jazz piano"),
        ("stop",),
    ],
)
def test_a_check_in_command_on_an_existing_database_loads_no_heavy_library(
    argv: tuple[str, ...], db: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLYMATH_")}
    env.update(POLYMATH_DB=str(db), POLYMATH_CONFIG=str(tmp_path / "none.toml"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "polymath",
            "log",
            "1h",
            "Jazz piano",
            "--create",
            "--on",
            "2020-01-06",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    if argv == ("stop",):
        subprocess.run(
            [sys.executable, "-m", "polymath", "start", "Jazz piano"],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
        with sqlite3.connect(db) as conn:  # a timer started half an hour ago
            conn.execute("UPDATE timer SET started_at = datetime(started_at, '-30 minutes')")
        conn.close()
    # Creating a domain (matching it to an area) and printing JSON may load
    # more; the everyday check-in loads none of it.
    everyday = not {"--create", "--json"} & set(argv)
    done = subprocess.run(
        [sys.executable, "-c", run_and_list(HEAVY + CHECK_IN_SPARES if everyday else HEAVY), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.strip().splitlines()[-1]
    assert loaded == "loaded:", (argv, done.stderr)


@pytest.mark.parametrize(
    "argv", [("today",), ("review",), ("review", "--week", "last"), ("sessions",), ("domains",)]
)
def test_the_daily_reads_load_no_heavy_library(
    argv: tuple[str, ...], db: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLYMATH_")}
    env.update(POLYMATH_DB=str(db), POLYMATH_CONFIG=str(tmp_path / "none.toml"))
    subprocess.run(
        [sys.executable, "-m", "polymath", "log", "1h", "Jazz piano", "--create"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    done = subprocess.run(
        [sys.executable, "-c", run_and_list(HEAVY), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "loaded:", (argv, done.stderr)
