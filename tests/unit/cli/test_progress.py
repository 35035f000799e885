"""A long import shows a progress bar on a terminal, and nothing when its output is not one."""

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.unit.cli.support import Run


def frames(path: Path, count: int) -> Path:
    start = 1_500_000_000
    rows = ",".join(
        f'[{start + i * 7200}, {start + i * 7200 + 1800}, "project {i % 5}", "{i:032x}", [], 0]'
        for i in range(count)
    )
    path.write_text(f"[{rows}]", encoding="utf-8")
    return path


def test_a_terminal_sees_a_bar_that_clears_and_the_report_line(tmp_path: Path) -> None:
    source = frames(tmp_path / "frames [bold]", 30_000)
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLYMATH_")}
    env.update(POLYMATH_DB=str(tmp_path / "polymath.db"), TERM="xterm-256color", COLUMNS="200")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "polymath", "import", str(source), "--from", "watson"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            timeout=300,
        )
        os.close(follower)
        drawn = b""
        while True:
            try:
                piece = os.read(leader, 65536)
            except OSError:
                break
            if not piece:
                break
            drawn += piece
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert done.stdout.startswith("added 30000 sessions")
    shown = drawn.decode("utf-8", "replace")
    assert f"import {source}" in shown
    assert "%" in shown


def test_a_pipe_sees_no_bar(real_cli: Run, tmp_path: Path) -> None:
    source = frames(tmp_path / "frames", 3_000)
    result = real_cli("import", str(source), "--from", "watson")
    assert result.code == 0
    assert result.err == ""
    assert result.out.startswith("added 3000 sessions")
