"""``polymath sync`` from the command line: setting up, joining, status, and hostile folders.

Whatever the folder holds that cannot be read safely (a segment cut short, garbage, a newer
format, another key, a device written twice) is one line on stderr and exit status 2, with the
database and the folder exactly as they were.
"""

import shutil
from pathlib import Path

import pytest

from polymath.store.sync_segment import FORMAT, MAGIC
from tests.unit.cli.support import Run, snapshot


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "Sync"
    made.mkdir()
    return made


@pytest.fixture
def other(tmp_path: Path) -> Path:
    """The second device's database, in a data folder of its own."""
    home = tmp_path / "desktop"
    home.mkdir()
    return home / "polymath.db"


@pytest.fixture
def laptop(cli: Run, folder: Path) -> str:
    """This device syncs, with a little history in the folder; returns the key."""
    assert cli("log", "45m", "Jazz piano", "--create", "-n", "ii-V-I").code == 0
    assert cli("log", "30m", "Spanish", "--create").code == 0
    result = cli("sync", "--folder", str(folder), "--name", "laptop")
    assert result.code == 0, result
    return cli("sync", "key").lines[0]


def listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_setting_up_then_joining_prints_what_happened(
    cli: Run, folder: Path, other: Path, laptop: str
) -> None:
    assert len(laptop.split()) == 12
    joined = cli(
        "sync", "--db", str(other), "--folder", str(folder), "--key", laptop, "--name", "desktop"
    )
    assert joined.code == 0, joined
    assert joined.lines == [
        f"desktop now syncs through {folder}",
        "read 1 from laptop: 4 applied, 0 already here; sent 0 changes",
    ]
    assert cli("sessions", "--db", str(other), "--json").json()[0]["note"] == "ii-V-I"
    again = cli("sync", "--json").json()
    assert again["read"] == {"desktop": 1} and again["applied"] == 0
    status = cli("sync", "status", "--json").json()
    assert status["device"] == "laptop" and status["unsent"] == 0
    assert [o["device"] for o in status["others"]] == ["desktop"]
    text = cli("sync", "status").out
    assert "device     laptop" in text and "desktop: last wrote" in text


def test_a_conflict_is_one_line_naming_both_devices(
    cli: Run, folder: Path, other: Path, laptop: str
) -> None:
    cli("sync", "--db", str(other), "--folder", str(folder), "--key", laptop, "--name", "desktop")
    cli("edit", "1", "--duration", "40m")
    cli("edit", "1", "--duration", "50m", "--db", str(other))
    cli("sync")
    result = cli("sync", "--db", str(other))
    [line] = [x for x in result.lines if "edited on both" in x]
    assert line.startswith("Jazz piano session ")
    assert "edited on both laptop and desktop; kept the desktop's, " in line
    assert line.endswith("(the other version is kept: polymath sync restore 1)")
    listed = cli("sync", "conflicts", "--db", str(other), "--json").json()
    assert listed[0]["lost"]["fields"]["minutes"] == 40
    restored = cli("sync", "restore", "1", "--db", str(other))
    assert restored.code == 0 and "polymath undo reverts it" in restored.out
    assert cli("sessions", "--db", str(other), "--json").json()[0]["minutes"] == 40


def test_a_device_that_does_not_sync_is_told_how_to_start(cli: Run) -> None:
    result = cli("sync")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "polymath: this device does not sync yet; set it up with: polymath sync --folder DIR "
        "(add --key 'WORDS' to join a device that already syncs)\n"
    )
    assert cli("sync", "key").code == 2
    assert "does not sync" in cli("sync", "status").out


def test_a_missing_folder_is_one_line(cli: Run, tmp_path: Path, db: Path) -> None:
    cli("log", "10m", "Jazz", "--create")
    before = snapshot(db)
    result = cli("sync", "--folder", str(tmp_path / "nowhere"))
    assert result.code == 2 and "does not exist" in result.err
    assert result.err.count("\n") == 1
    assert snapshot(db) == before


def refused(cli: Run, other: Path, folder: Path, *args: str) -> str:
    """Run a sync that must be refused; the database and the folder stay as they were."""
    before, files = snapshot(other), listing(folder)
    result = cli("sync", "--db", str(other), *args)
    assert result.code == 2, result
    assert result.out == "" and result.err.count("\n") == 1
    assert snapshot(other) == before
    assert listing(folder) == files
    return result.err


def joined(cli: Run, other: Path, folder: Path, key: str) -> None:
    assert cli("sync", "--db", str(other), "--folder", str(folder), "--key", key).code == 0
    cli("log", "20m", "Chess", "--create", "-n", "new on the laptop")
    assert cli("sync").code == 0
    cli("log", "5m", "Chess", "--db", str(other), "-n", "meanwhile on the desktop")


def newest_of_the_laptop(folder: Path, cli: Run) -> Path:
    device = cli("sync", "status", "--json").json()["device_id"]
    return sorted((folder / device).glob("*.seg"))[-1]


def test_a_segment_cut_short_is_refused(cli: Run, folder: Path, other: Path, laptop: str) -> None:
    joined(cli, other, folder, laptop)
    segment = newest_of_the_laptop(folder, cli)
    segment.write_bytes(segment.read_bytes()[: len(segment.read_bytes()) // 2])
    assert "is damaged or was altered" in refused(cli, other, folder)
    segment.write_bytes(segment.read_bytes()[:5])
    assert "is cut short" in refused(cli, other, folder)


def test_garbage_in_a_segment_is_refused(cli: Run, folder: Path, other: Path, laptop: str) -> None:
    joined(cli, other, folder, laptop)
    newest_of_the_laptop(folder, cli).write_text("not what you think\n" * 20)
    assert "is not a Polymath sync file" in refused(cli, other, folder)


def test_a_segment_from_a_newer_format_is_refused(
    cli: Run, folder: Path, other: Path, laptop: str
) -> None:
    joined(cli, other, folder, laptop)
    segment = newest_of_the_laptop(folder, cli)
    blob = bytearray(segment.read_bytes())
    assert bytes(blob[: len(MAGIC)]) == MAGIC and blob[len(MAGIC)] == FORMAT
    blob[len(MAGIC)] = FORMAT + 1
    segment.write_bytes(bytes(blob))
    err = refused(cli, other, folder)
    assert f"written by a newer Polymath (sync format {FORMAT + 1}); upgrade Polymath" in err


def test_a_wrong_key_is_refused_with_the_way_to_the_right_one(
    cli: Run, folder: Path, other: Path, laptop: str, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    third = tmp_path / "third" / "polymath.db"
    third.parent.mkdir()
    cli("sync", "--db", str(third), "--folder", str(elsewhere))
    wrong = cli("sync", "key", "--db", str(third)).lines[0]
    cli("log", "5m", "Chess", "--create", "--db", str(other))
    err = refused(cli, other, folder, "--folder", str(folder), "--key", wrong)
    assert "was written with another key than this device's; nothing was written" in err
    assert err.rstrip().endswith("join with: polymath sync --key 'WORDS'")
    assert not Path(str(other) + ".sync.json").exists()


def test_a_device_written_by_two_copies_is_refused(
    cli: Run, folder: Path, other: Path, laptop: str, db: Path
) -> None:
    for path in db.parent.glob("polymath.db*"):
        shutil.copy(path, other.parent / path.name)
    cli("log", "5m", "Chess", "--create", "--db", str(other))
    assert cli("sync", "--db", str(other)).code == 0  # the copy writes as the laptop
    cli("log", "5m", "Chess", "--create")
    before = snapshot(db)
    result = cli("sync")
    assert result.code == 2
    assert "another device writes to the sync folder as this one (laptop" in result.err
    assert result.err.rstrip().endswith(
        "give this device an identity of its own with: polymath sync --new-device"
    )
    assert snapshot(db) == before
    assert cli("sync", "--new-device").code == 0
    assert cli("sync", "--db", str(other)).code == 0
    assert cli("sync").code == 0
    mine = {s["note"] for s in cli("sessions", "--json").json()}
    assert mine == {s["note"] for s in cli("sessions", "--db", str(other), "--json").json()}


def test_the_sync_folder_setting_names_the_folder(
    cli: Run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("log", "45m", "Jazz piano", "--create").code == 0
    assert cli("sync").code == 2  # no folder yet: one line that says how to set it up
    monkeypatch.setenv("POLYMATH_SYNC_FOLDER", str(folder))
    first = cli("sync", "--name", "laptop")
    assert first.code == 0, first
    assert first.lines[0].startswith(f"laptop now syncs through {folder};")
    assert any(folder.iterdir())
    monkeypatch.setenv("POLYMATH_SYNC_FOLDER", "  ")
    refused = cli("sync")
    assert refused.code == 2 and "sync_folder must name a folder" in refused.err
