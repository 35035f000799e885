"""What the command-line tests share: the fixed clock, a command's result, database snapshots."""

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE_NAME = "Europe/Berlin"
ZONE = ZoneInfo(ZONE_NAME)
NOW = datetime(2026, 11, 25, 20, 0, tzinfo=ZONE)
"""The in-process clock: Wednesday of ISO week 2026-W48 (Mon 23 - Sun 29 November)."""

REPO = Path(__file__).resolve().parents[3]
PEERS = REPO / "tests" / "data" / "peers"


@dataclasses.dataclass(frozen=True)
class Result:
    """What a user sees from one command: its exit status and both streams."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


Run = Callable[..., Result]


def snapshot(path: Path) -> list[str] | bytes | None:
    """The database's content: its SQL dump, its bytes when SQLite cannot read it, or None."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return path.read_bytes()


def assert_one_line_error(result: Result, prefix: str = "polymath: ", *, code: int = 2) -> str:
    """A user error: exit status 2 (75 when the database is busy), one line on stderr starting
    ``prefix``, no traceback."""
    assert result.code == code, result
    assert "Traceback" not in result.err, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(prefix), result.err
    return lines[0]
