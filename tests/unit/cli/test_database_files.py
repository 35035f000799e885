"""The database file itself: damaged, read-only, mistyped, oddly named, and its rolling backups."""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FixedClock
from tests.unit.cli.support import Run, assert_one_line_error, snapshot

PAGE = 4096


def damage(db: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk would."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = db.stat().st_size
    with db.open("r+b") as handle:
        for page in range(2, size // PAGE):
            handle.seek(page * PAGE)
            handle.write(b"\xa5" * PAGE)


@pytest.fixture
def history(cli: Run) -> Run:
    for day in ("2026-11-16", "2026-11-17", "2026-11-18"):
        assert cli("log", "40m", "Jazz piano", "--create", "--on", day).code == 0
    assert cli("log", "20m", "Statistics", "--create", "--on", "2026-11-19").code == 0
    return cli


# Damage -----------------------------------------------------------------------------------------


def test_doctor_reports_damage_names_the_newest_backup_and_restore_brings_it_back(
    history: Run, db: Path, clock: FixedClock
) -> None:
    kept = history("sessions", "--json").json()
    clock.advance(days=1)  # the next day's first write backs up the four sessions first
    assert history("log", "15m", "Jazz piano").code == 0
    damage(db)
    report = history("doctor")
    assert report.code == 2, report
    lines = {line.split()[0]: line for line in report.lines}
    assert lines["integrity"].startswith("integrity    FAILED: ")
    assert "3 usable of 3; newest polymath.daily.2026-11-26.db" in lines["backups"]
    assert lines["to"] == (
        "to restore   polymath backup restore polymath.daily.2026-11-26.db  "
        "(the damaged file is backed up first)"
    )
    assert history("doctor", "--json").json()["ok"] is False
    restored = history("backup", "restore", "polymath.daily.2026-11-26.db")
    assert restored.code == 0, restored
    assert "what was there before is kept as polymath.before-restore." in restored.out
    assert history("doctor").code == 0
    assert history("sessions", "--json").json() == kept


@pytest.mark.parametrize(
    "argv",
    [
        ("log", "30m", "Jazz piano"),
        ("status",),
        ("review",),
        ("sessions",),
        ("domains", "add", "Chess"),
        ("undo",),
    ],
)
def test_every_command_meeting_a_damaged_database_says_so_and_writes_nothing(
    history: Run, db: Path, argv: tuple[str, ...]
) -> None:
    damage(db)
    before = db.read_bytes()
    line = assert_one_line_error(history(*argv))
    assert "damaged" in line
    assert db.read_bytes() == before


def test_an_empty_file_is_never_taken_for_a_new_database(cli: Run, db: Path) -> None:
    db.write_bytes(b"")
    for argv in (("status",), ("log", "30m", "Jazz piano", "--create")):
        assert "an empty file, not a Polymath database" in assert_one_line_error(cli(*argv))
    assert db.read_bytes() == b""


# Mistyped paths -----------------------------------------------------------------------------------


def test_a_read_command_never_creates_a_database(cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "polymath.db"
    for argv in (("status",), ("today",), ("review",), ("domains",), ("sessions",), ("doctor",)):
        line = assert_one_line_error(cli(*argv, "--db", str(missing)))
        assert f"no database at {missing}" in line
    assert not missing.parent.exists()
    beside = tmp_path / "typo.db"
    assert "no database at" in assert_one_line_error(cli("status", "--db", str(beside)))
    assert not beside.exists()


def test_a_write_creates_a_database_only_in_a_folder_that_exists(cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "polymath.db"
    line = assert_one_line_error(cli("log", "30m", "Jazz", "--create", "--db", str(missing)))
    assert "the folder" in line and "does not exist" in line
    assert not missing.parent.exists()
    fresh = tmp_path / "fresh.db"
    assert cli("log", "30m", "Jazz", "--create", "--db", str(fresh)).code == 0
    assert cli("status", "--db", str(fresh)).out.startswith("today 30m")


def test_an_empty_polymath_db_is_refused_like_an_empty_db_flag(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLYMATH_DB", "")
    assert "POLYMATH_DB is set but empty" in assert_one_line_error(cli("status"))
    assert "--db needs a file name" in assert_one_line_error(cli("status", "--db", ""))


def test_a_database_path_under_a_regular_file_is_one_clean_line(cli: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "hostname"
    blocker.write_text("not a folder\n")
    under = blocker / "p.db"
    assert "no database at" in assert_one_line_error(cli("status", "--db", str(under)))
    line = assert_one_line_error(cli("log", "5m", "x", "--create", "--db", str(under)))
    assert "is not a folder" in line


@pytest.mark.parametrize(
    "name", ["what?.db", "hash#tag.db", "100%.db", "with space.db", "données 学习.db", "a?b#c%d.db"]
)
def test_one_file_whatever_its_name_holds(cli: Run, tmp_path: Path, name: str) -> None:
    folder = tmp_path / name.replace(".db", "")
    folder.mkdir()
    path = folder / name
    steps = [
        ("log", "30m", "Jazz piano", "--create"),
        ("domains", "add", "Statistics"),
        ("level", "Jazz piano", "2"),
        ("graph", "use", "onet"),
        ("backup",),
    ]
    for step in steps:
        result = cli(*step, "--db", str(path))
        assert result.code == 0, (step, result)
    assert cli("review", "--db", str(path), "--json").json()["total_minutes"] == 30
    assert {d["name"] for d in cli("domains", "--db", str(path), "--json").json()} == {
        "Jazz piano",
        "Statistics",
    }
    assert cli("doctor", "--db", str(path)).code == 0
    database_files = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert database_files == sorted([name, f"{name}-shm", f"{name}-wal"]) or database_files == [
        name
    ]


# Read-only -----------------------------------------------------------------------------------


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's own are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="polymath-ro-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_as(
    argv: list[str], env: dict[str, str], *, prefix: list[str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "polymath", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_only_env(db: Path, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLYMATH_")}
    env.update(POLYMATH_DB=str(db), POLYMATH_CONFIG=str(folder / "none.toml"), TZ="Europe/Berlin")
    return env


def filled(folder: Path, template_db: Path) -> Path:
    db = folder / "polymath.db"
    shutil.copyfile(template_db, db)
    env = read_only_env(db, folder)
    done = run_as(["log", "45m", "Jazz piano", "--create", "--on", "2026-11-16"], env, prefix=[])
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


def test_a_read_only_file_reads_and_refuses_writes_in_one_line(
    shared_folder: Path, template_db: Path
) -> None:
    if os.geteuid() != 0:  # as another user the file below is simply not ours to write
        prefix: list[str] = []
    else:
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    db = filled(shared_folder, template_db)
    db.chmod(0o644)
    env = read_only_env(db, shared_folder)
    before = db.read_bytes()
    for argv in (
        ["status"],
        ["review", "--week", "2026-11-16"],
        ["sessions"],
        ["export", "sessions"],
    ):
        done = run_as(argv, env, prefix=prefix)
        assert done.returncode == 0, (argv, done.stderr)
    for argv in (
        ["log", "30m", "Jazz piano"],
        ["start", "Jazz piano"],
        ["undo"],
        ["domains", "add", "X"],
    ):
        done = run_as(argv, env, prefix=prefix)
        assert done.returncode == 2, (argv, done.stderr)
        assert done.stderr.count("\n") == 1 and "read-only; nothing was written" in done.stderr
    assert db.read_bytes() == before


def test_a_read_only_file_system_still_reads(shared_folder: Path, template_db: Path) -> None:
    db = filled(shared_folder, template_db)
    env = read_only_env(db, shared_folder)
    script = (
        f"mount --bind -o ro {shared_folder} {shared_folder} && "
        f"{sys.executable} -m polymath status && "
        f"{sys.executable} -m polymath sessions --json && "
        f"{sys.executable} -m polymath log 5m x --create"
    )
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.startswith("today 0m"), done
    assert '"minutes": 45' in done.stdout
    assert done.returncode == 2
    assert done.stderr.strip().endswith("read-only; nothing was written"), done.stderr


# Rolling backups ----------------------------------------------------------------------------


def test_the_first_write_of_each_day_keeps_a_rolling_backup(
    cli: Run, db: Path, clock: FixedClock
) -> None:
    folder = db.parent / "backups"
    for _ in range(12):
        assert cli("log", "20m", "Jazz piano", "--create").code == 0
        assert cli("status").code == 0  # reads make no backup
        clock.advance(days=1)
    dailies = sorted(p.name for p in folder.glob("polymath.daily.*.db"))
    weeklies = sorted(p.name for p in folder.glob("polymath.weekly.*.db"))
    assert dailies == ["polymath.daily.2026-11-30.db"] + [
        f"polymath.daily.2026-12-{day:02d}.db" for day in range(1, 7)
    ]
    assert weeklies == ["polymath.weekly.2026-W48.db", "polymath.weekly.2026-W49.db"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder.iterdir())
    listed = cli("backup", "list", "--json").json()
    assert len(listed) == 9 and all(b["usable"] for b in listed)


def test_a_copy_cut_short_is_never_a_backup_and_is_cleared_next_time(
    cli: Run, db: Path, clock: FixedClock
) -> None:
    assert cli("log", "20m", "Jazz piano", "--create").code == 0
    folder = db.parent / "backups"
    partial = folder / "polymath.daily.2026-11-26.db.partial"
    partial.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    listed = sorted(b["file"] for b in cli("backup", "list", "--json").json())
    assert listed == ["polymath.daily.2026-11-25.db", "polymath.weekly.2026-W48.db"]
    clock.advance(days=1)
    assert cli("log", "20m", "Jazz piano").code == 0
    assert not partial.exists()
    assert (folder / "polymath.daily.2026-11-26.db").is_file()


def test_backup_list_says_which_backups_can_be_restored(cli: Run, db: Path) -> None:
    assert cli("log", "20m", "Jazz piano", "--create").code == 0
    broken = db.parent / "backups" / "polymath.manual.20261101T000000Z.db"
    broken.write_bytes(b"")
    listed = {b["file"]: b for b in cli("backup", "list", "--json").json()}
    assert listed["polymath.daily.2026-11-25.db"]["usable"] is True
    assert listed[broken.name]["usable"] is False
    assert listed[broken.name]["problem"] == "empty file"
    text = cli("backup", "list").out
    assert "NOT usable: empty file" in text
    line = assert_one_line_error(cli("backup", "restore", broken.name))
    assert "cannot be restored: empty file" in line
    assert snapshot(db) is not None


def test_exit_statuses_are_documented(cli: Run) -> None:
    text = cli("--help").out
    assert "exit status" in text
    assert "75" in text
