"""A sync killed (SIGKILL) anywhere leaves the database and the folder usable, and the next sync
completes: the device neither loses a change nor mistakes its own half-written segment for
another device's.

The sync runs in a child process that kills itself at a chosen step (the step is reached, not
timed): in the middle of the merge (the read side), and at each step of writing a segment.
"""

import signal
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from polymath.store import sync_folder
from tests.conftest import BERLIN, FixedClock
from tests.unit.services.test_sync_devices import Device, settle

CHILD = """
import os, signal, sys
from pathlib import Path
from polymath.config import Settings
from polymath.services import sync
from polymath.services.context import Context
from polymath.store import sync_device, sync_folder, sync_log, sync_merge

step, db = sys.argv[1], Path(sys.argv[2])
calls = {"n": 0}

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def after(real, count=1):
    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == count:
            die()
        return result
    return wrapped

if step == "merge":
    real_apply = sync_merge._Applier.apply
    def apply(self, item):
        calls["n"] += 1
        if calls["n"] == 40:
            die()
        return real_apply(self, item)
    sync_merge._Applier.apply = apply
elif step == "device-file-noted":
    sync.save_device = after(sync_device.save_device)
elif step == "segment-half-written":
    os.link = die
elif step == "segment-linked":
    sync_folder.write_segment = after(sync_folder.write_segment)
elif step == "device-file-updated":
    sync.save_device = after(sync_device.save_device, 2)
elif step == "database-noted":
    sync_log.record_segment_written = after(sync_log.record_segment_written)
sync.sync_now(Context(db, Settings()))
print("finished without being killed")
"""


def killed_during(step: str, device: Device) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, step, str(device.ctx.db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr or done.stdout


def sound(device: Device) -> None:
    conn = sqlite3.connect(device.ctx.db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Device, Device]:
    clock = FixedClock(datetime(2026, 11, 25, 20, 0, tzinfo=BERLIN))
    folder = tmp_path / "Sync"
    folder.mkdir()
    laptop = Device(tmp_path, "laptop", folder, clock)
    desktop = Device(tmp_path, "desktop", folder, clock)
    laptop.sync()
    desktop.sync(laptop.key())
    return laptop, desktop


def test_killed_while_merging_leaves_the_database_as_it_was(pair: tuple[Device, Device]) -> None:
    laptop, desktop = pair
    for number in range(60):
        laptop.log(10 + number, f"Domain {number % 5}", note=f"n{number}")
    laptop.sync()
    before = desktop.export()
    killed_during("merge", desktop)
    sound(desktop)
    assert desktop.export() == before
    report = desktop.sync()
    assert report.applied == 65
    settle(laptop, desktop)
    assert desktop.export() == laptop.export()


@pytest.mark.parametrize(
    "step",
    [
        "device-file-noted",
        "segment-half-written",
        "segment-linked",
        "device-file-updated",
        "database-noted",
    ],
)
def test_killed_while_writing_its_segment_the_next_sync_completes(
    pair: tuple[Device, Device], step: str
) -> None:
    laptop, desktop = pair
    laptop.log(30, "Jazz piano", note="before")
    laptop.sync()
    laptop.log(45, "Jazz piano", note="the change being written")
    killed_during(step, laptop)
    sound(laptop)
    mine = laptop.folder / laptop.device_id()
    for number in sync_folder.segment_numbers(mine):  # every segment there is whole
        assert sync_folder.read_segment(mine, number)
    report = laptop.sync()
    assert [
        p.name for p in mine.iterdir() if not p.name.endswith(".seg")
    ] == []  # no "another device writes as this one": it knows its own write
    assert report.segments_written <= 1
    settle(laptop, desktop)
    assert desktop.export() == laptop.export()
    assert ("Jazz piano", 45, "the change being written") in desktop.sessions()
