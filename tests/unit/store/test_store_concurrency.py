"""Several processes writing one file lose nothing, and a process killed mid-write loses only
what it had not yet acknowledged."""

import sqlite3
import subprocess
import sys
from pathlib import Path

from polymath.store import direct

# A writer process: it imports, says "ready", waits for "go", then opens the (possibly new) file
# and writes, printing each acknowledged row's id. Arguments: path, mode, tag, count.
WRITER = """
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from polymath.config import Settings
from polymath.services.checkin import log_session
from polymath.services.context import Context
from polymath.services.sessions import add_rest_week
from polymath.store.direct import connect

path, mode, tag, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
zone = ZoneInfo("Europe/Berlin")
now = datetime(2026, 11, 25, 20, 0, tzinfo=zone)
print("ready", flush=True)
sys.stdin.readline()
if mode == "fast":
    conn = connect(path)
    for i in range(count):
        logged = log_session(
            conn,
            now=now,
            minutes=1 + i % 90,
            domain="Shared",
            note=f"{tag}-{i}",
            create=True,
            again=True,
        )
        print(logged.session_id, flush=True)
    conn.close()
else:
    ctx = Context(path, Settings(zone=zone), clock=lambda: now)
    for i in range(count):
        week = add_rest_week(ctx, f"{2000 + i // 50}-W{i % 50 + 1:02d}", f"{tag}-{i}")
        print(week.label, flush=True)
"""


def start_writer(path: Path, mode: str, tag: str, count: int) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), mode, tag, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    return process


def run_together(*writers: subprocess.Popen[str]) -> list[list[str]]:
    """Release the writers at once; wait for each and return the lines it acknowledged."""
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outputs = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert err == ""
        outputs.append(out.split())
    return outputs


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def test_two_processes_checking_in_at_once_lose_nothing(db_path: Path) -> None:
    count = 2000
    first, second = (start_writer(db_path, "fast", tag, count) for tag in ("a", "b"))
    acknowledged = run_together(first, second)  # both open the brand-new file at the same moment

    assert integrity(db_path) == "ok"
    conn = direct.connect(db_path)
    try:
        notes = [note for (note,) in conn.execute("SELECT note FROM learning_session")]
        ids = {row_id for (row_id,) in conn.execute("SELECT id FROM learning_session")}
        assert conn.execute("SELECT name FROM domain").fetchall() == [("Shared",)]
        assert conn.execute("SELECT count(*) FROM change").fetchone()[0] == direct.UNDO_DEPTH
        assert not conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    assert len(notes) == 2 * count
    assert set(notes) == {f"{tag}-{i}" for tag in ("a", "b") for i in range(count)}
    assert {int(i) for lines in acknowledged for i in lines} == ids


def test_the_fast_path_and_sqlmodel_write_side_by_side(db_path: Path) -> None:
    direct.connect(db_path).close()
    fast = start_writer(db_path, "fast", "f", 600)
    slow = start_writer(db_path, "sqlmodel", "s", 300)
    fast_lines, slow_lines = run_together(fast, slow)

    assert integrity(db_path) == "ok"
    conn = direct.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM learning_session").fetchone()[0] == 600
        weeks = {week for (week,) in conn.execute("SELECT week FROM rest_week")}
    finally:
        conn.close()
    assert len(fast_lines) == 600
    assert weeks == set(slow_lines)
    assert len(weeks) == 300


def test_a_writer_killed_mid_write_leaves_a_sound_file_with_every_acknowledged_row(
    db_path: Path,
) -> None:
    direct.connect(db_path).close()
    writer = start_writer(db_path, "fast", "k", 1_000_000)
    assert writer.stdin is not None and writer.stdout is not None
    writer.stdin.write("go\n")
    writer.stdin.flush()
    acknowledged: list[int] = []
    while len(acknowledged) < 300:
        line = writer.stdout.readline()
        assert line, writer.stderr.read() if writer.stderr else "the writer stopped"
        acknowledged.append(int(line))
    writer.kill()  # SIGKILL: no cleanup, no rollback, no closing of the connection
    # Read on through the buffer readline filled: communicate() would read the pipe beneath it
    # and drop the acknowledgements already read ahead.
    rest = writer.stdout.read()
    writer.wait(timeout=30)
    acknowledged += [int(line) for line in rest.split()]
    assert writer.returncode == -9

    assert integrity(db_path) == "ok"
    conn = direct.connect(db_path)
    try:
        stored = {row_id for (row_id,) in conn.execute("SELECT id FROM learning_session")}
        assert set(acknowledged) <= stored
        assert len(stored) - len(acknowledged) <= 1  # at most the one committed as it died
        assert direct.undo_last(conn).startswith("log ")
    finally:
        conn.close()
