"""Fixtures for the command line: a private database and config, the command in-process or real.

In-process runs (``cli``) call ``polymath.cli.main`` on the shared ``clock`` (Wednesday
25 November 2026, 20:00 in Berlin), so "today", "mon" and "last week" mean the same days on any
machine. Real runs (``real_cli``) start ``python -m polymath`` on the machine's clock.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FixedClock
from tests.unit.cli.support import ZONE_NAME, Result, Run


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the current schema, migrated once and copied for every test."""
    from polymath.store import direct

    path = tmp_path_factory.mktemp("template") / "template.db"
    direct.connect(path).close()
    return path


@pytest.fixture
def db(tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's database file (already migrated), named by ``POLYMATH_DB``."""
    path = tmp_path / "data" / "polymath.db"
    path.parent.mkdir()
    shutil.copyfile(template_db, path)
    for name in list(os.environ):
        if name.startswith("POLYMATH_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("POLYMATH_DB", str(path))
    monkeypatch.setenv("POLYMATH_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("TZ", ZONE_NAME)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return path


@pytest.fixture
def cli(
    db: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Run]:
    """Run ``polymath ARGS`` in this process, on ``clock``, and capture what it prints."""
    from polymath.cli import common, main

    monkeypatch.setattr(common, "clock", clock)

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse: usage errors, --help, --version
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield run


@pytest.fixture
def real_cli(db: Path, tmp_path: Path) -> Run:
    """Run the real command, ``python -m polymath ARGS``, in a child process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLYMATH_")}
    env.update(
        POLYMATH_DB=str(db),
        POLYMATH_CONFIG=str(tmp_path / "config" / "config.toml"),
        TZ=ZONE_NAME,
        TMPDIR=str(tmp_path),
    )

    def run(
        *args: str, stdin: str | None = None, extra_env: dict[str, str] | None = None
    ) -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "polymath", *args],
            env={**env, **(extra_env or {})},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run
