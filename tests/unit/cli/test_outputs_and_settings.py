"""Where output goes and what settings say: nothing a path or a setting holds can destroy data."""

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

from tests.unit.cli.support import Run, assert_one_line_error, snapshot


@pytest.fixture
def some(cli: Run) -> Run:
    assert cli("log", "1h", "Jazz piano", "--create", "--on", "mon").code == 0
    return cli


@pytest.mark.parametrize("what", [("sessions",), ("graph", "--format", "svg")])
@pytest.mark.parametrize("side", ["", "-wal", "-shm", "-journal"])
def test_an_export_never_lands_on_the_database_or_its_side_files(
    some: Run, db: Path, what: tuple[str, ...], side: str
) -> None:
    before = snapshot(db)
    target = db.with_name(db.name + side)
    line = assert_one_line_error(some("export", *what, "-o", str(target), "--force"))
    assert "is your database or one of its backups" in line
    assert snapshot(db) == before


def test_an_export_never_lands_on_a_backup_or_the_database_by_another_name(
    some: Run, db: Path, tmp_path: Path
) -> None:
    backup = next((db.parent / "backups").glob("*.db"))
    before = backup.read_bytes()
    line = assert_one_line_error(some("export", "sessions", "-o", str(backup), "--force"))
    assert "is your database or one of its backups" in line
    assert backup.read_bytes() == before
    alias = tmp_path / "alias.db"
    alias.symlink_to(db)
    assert "your database" in assert_one_line_error(
        some("export", "sessions", "-o", str(alias), "--force")
    )
    dotted = db.parent / "." / ".." / db.parent.name / db.name
    assert "your database" in assert_one_line_error(
        some("export", "graph", "-o", str(dotted), "--force")
    )


def test_an_existing_file_is_replaced_only_with_force(some: Run, tmp_path: Path) -> None:
    target = tmp_path / "history.json"
    target.write_text("mine\n")
    line = assert_one_line_error(some("export", "sessions", "-o", str(target)))
    assert "already exists; add --force to replace it" in line
    assert target.read_text() == "mine\n"
    assert some("export", "sessions", "-o", str(target), "--force").code == 0
    assert target.read_text().startswith("{")
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_symbolic_link_is_never_replaced(some: Run, tmp_path: Path) -> None:
    real = tmp_path / "real.svg"
    real.write_text("old\n")
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    assert "already exists" in assert_one_line_error(
        some("export", "graph", "--format", "svg", "-o", str(link))
    )
    assert some("export", "graph", "--format", "svg", "-o", str(link), "--force").code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text().startswith("<?xml") or real.read_text().startswith("<svg")


def test_special_files_are_written_through_or_refused(some: Run, tmp_path: Path) -> None:
    assert some("export", "sessions", "-o", "/dev/null").code == 0
    dash = some("export", "sessions", "-o", "-")
    assert dash.code == 0 and dash.out.startswith("{")
    folder = tmp_path / "a folder"
    folder.mkdir()
    assert "is a folder" in assert_one_line_error(some("export", "sessions", "-o", str(folder)))


def test_a_block_or_character_device_is_never_a_target(some: Run) -> None:
    line = assert_one_line_error(some("export", "sessions", "-o", "/dev/zero", "--force"))
    assert "not a regular file" in line


def real_polymath(
    args: list[str],
    db: Path,
    tmp_path: Path,
    *,
    stdout: int | IO[Any] = subprocess.PIPE,
    **extra: str,
) -> subprocess.CompletedProcess[bytes]:
    """The real command on ``db``; ``extra`` adds environment variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLYMATH_")}
    env.update(POLYMATH_DB=str(db), POLYMATH_CONFIG=str(tmp_path / "none.toml"), **extra)
    return subprocess.run(
        [sys.executable, "-m", "polymath", *args],
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,
    )


@pytest.mark.parametrize(
    "argv", [["export", "sessions"], ["review"], ["sessions"], ["--help"], ["export", "graph"]]
)
def test_output_to_a_full_device_is_one_line_and_status_2(
    some: Run, db: Path, tmp_path: Path, argv: list[str]
) -> None:
    with open("/dev/full", "wb") as full:
        done = real_polymath(argv, db, tmp_path, stdout=full)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.count("\n") == 1 and "No space left on device" in err
    assert "Traceback" not in err


def test_exports_are_utf8_whatever_the_terminal_encoding(
    some: Run, db: Path, tmp_path: Path
) -> None:
    assert some("log", "5m", "Música", "--create").code == 0
    done = real_polymath(
        ["export", "graph", "--format", "mermaid"], db, tmp_path, PYTHONIOENCODING="ascii"
    )
    assert done.returncode == 0, done.stderr
    assert "Música".encode() in done.stdout


def test_invalid_utf8_in_arguments_is_one_line(some: Run, db: Path, tmp_path: Path) -> None:
    before = snapshot(db)
    for args in (["log", "5m", "bad\udcff"], ["log", "5m", "Jazz piano", "--note", "x\udcffy"]):
        raw = [os.fsencode(a) for a in args]
        env = {k: v for k, v in os.environ.items() if not k.startswith("POLYMATH_")}
        env.update(POLYMATH_DB=str(db), POLYMATH_CONFIG=str(tmp_path / "none.toml"))
        done = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"polymath", *raw],
            env=env,
            capture_output=True,
            timeout=60,
        )
        err = done.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err
        if args[2] == "bad\udcff":
            assert done.returncode == 2 and err.count("\n") == 1, err
            assert "U+DCFF" in err
        else:
            assert done.returncode == 0, err
    assert snapshot(db) != before  # the note lost its stray byte and the session was kept


# Settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ("folder", "is not a regular file"),
        ("/dev/zero", "is not a regular file"),
        ("weekly_target = 99999999999999999999\n", "weekly_target"),
        ("weekly_target = '99999999999999999999'\n", "weekly_target"),
        ("weekday_minutes = 1441\n", "it must be 1 to 1440"),
        ("backup_days = -1\n", "backup_days must be a whole number"),
        ("weekly_target = '5h\\u001b[2J'\n", "weekly_target"),
    ],
)
def test_a_setting_that_cannot_be_right_is_one_line(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, says: str
) -> None:
    if config == "folder":
        path = tmp_path / "config-folder"
        path.mkdir()
    elif config.startswith("/dev/"):
        path = Path(config)
    else:
        path = tmp_path / "config.toml"
        path.write_text(config)
    monkeypatch.setenv("POLYMATH_CONFIG", str(path))
    line = assert_one_line_error(cli("status"))
    assert says in line
    assert "\x1b" not in line
