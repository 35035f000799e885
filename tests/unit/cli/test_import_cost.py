"""The check-in commands load no heavy library: they run from shell prompts, many times a day."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual", "networkx", "numpy", "scipy")

RUN_AND_LIST = """
import sys
from polymath.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print("loaded:", ",".join(heavy), file=sys.stderr)
sys.exit(code)
""".replace("HEAVY", repr(HEAVY))


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
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    loaded = done.stderr.strip().splitlines()[-1]
    assert loaded == "loaded:", (argv, done.stderr)
