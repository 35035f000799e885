"""A real sync engine carries the folder: two Syncthing instances on 127.0.0.1 (no discovery, no
relays, each with its own home) between two Polymath databases.

Waiting is event-driven and bounded: Syncthing's own log says when its API listens, and its
event stream (a long poll) says when files arrive. Needs the Debian package ``syncthing``, which
``.ci/run`` installs.
"""

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import pytest

from tests.conftest import BERLIN, FixedClock
from tests.unit.services.test_sync_devices import Device

FOLDER_ID = "polymath"
DEADLINE_S = 90.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Syncthing:
    """One Syncthing instance: its home, its ports, the folder it shares."""

    def __init__(self, home: Path, folder: Path) -> None:
        self.home, self.folder = home, folder
        self.listen, self.gui = free_port(), free_port()
        self.api_key = f"polymath-test-{self.gui}"
        made = subprocess.run(
            ["syncthing", "generate", f"--home={home}", "--no-default-folder"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        line = next(x for x in (made.stdout + made.stderr).splitlines() if "Device ID:" in x)
        self.device_id = line.split("Device ID:")[1].strip()
        self.process: subprocess.Popen[str] | None = None
        self.since = 0

    def configure(self, peer: "Syncthing") -> None:
        """Loopback only, no discovery or relays; the peer known by address; one folder."""
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        options = root.find("options")
        assert options is not None
        settings = {
            "listenAddress": f"tcp://127.0.0.1:{self.listen}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "startBrowser": "false",
            "urAccepted": "-1",
            "crashReportingEnabled": "false",
            "autoUpgradeIntervalH": "0",
        }
        for name, value in settings.items():
            element = options.find(name)
            if element is None:
                element = ET.SubElement(options, name)
            element.text = value
        gui = root.find("gui")
        assert gui is not None
        gui.find("address").text = f"127.0.0.1:{self.gui}"  # type: ignore[union-attr]
        gui.find("apikey").text = self.api_key  # type: ignore[union-attr]
        device = ET.SubElement(root, "device", id=peer.device_id, name="peer")
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{peer.listen}"
        folder = ET.SubElement(
            root,
            "folder",
            id=FOLDER_ID,
            label="Polymath",
            path=str(self.folder),
            type="sendreceive",
            rescanIntervalS="3600",
            fsWatcherEnabled="true",
            fsWatcherDelayS="1",
        )
        for member in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", id=member)
        tree.write(path)
        (self.folder / ".stfolder").mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        env = {
            **os.environ,
            "HOME": str(self.home),
            "STNODEFAULTFOLDER": "1",
            "STNOUPGRADE": "1",
        }
        self.process = subprocess.Popen(
            ["syncthing", "serve", f"--home={self.home}", "--no-browser", "--no-restart"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        listening = threading.Event()
        threading.Thread(target=_watch, args=(self.process.stdout, listening), daemon=True).start()
        assert listening.wait(DEADLINE_S), "Syncthing's API did not come up"

    def request(self, method: str, path: str, timeout: float = 10) -> Any:
        call = urllib.request.Request(
            f"http://127.0.0.1:{self.gui}{path}",
            method=method,
            headers={"X-API-Key": self.api_key},
        )
        with urllib.request.urlopen(call, timeout=timeout) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def scan(self) -> None:
        self.request("POST", f"/rest/db/scan?folder={FOLDER_ID}")

    def wait_for(self, wanted: Path) -> None:
        """Follow this instance's events until ``wanted`` is in its folder (bounded)."""
        deadline = time.monotonic() + DEADLINE_S
        while not wanted.exists():
            left = deadline - time.monotonic()
            assert left > 0, f"{wanted.name} did not arrive within {DEADLINE_S:.0f} s"
            events = self.request(
                "GET", f"/rest/events?since={self.since}&timeout={min(5, int(left) + 1)}", 30
            )
            assert isinstance(events, list)
            for event in events:
                self.since = max(self.since, int(event["id"]))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


def _watch(stream: IO[str], listening: threading.Event) -> None:
    for line in stream:
        if "GUI and API listening on" in line:
            listening.set()


@pytest.fixture
def engines(tmp_path: Path) -> Iterator[tuple[Syncthing, Syncthing]]:
    if shutil.which("syncthing") is None:
        pytest.fail(
            "this test needs Syncthing (Debian package syncthing; .ci/run installs it): "
            "apt-get install syncthing"
        )
    one = Syncthing(tmp_path / "st-laptop", tmp_path / "laptop-Sync")
    two = Syncthing(tmp_path / "st-desktop", tmp_path / "desktop-Sync")
    one.configure(two)
    two.configure(one)
    try:
        one.start()
        two.start()
        yield one, two
    finally:
        one.stop()
        two.stop()


def newest_segment(folder: Path, device: Device) -> Path:
    mine = folder / device.device_id()
    return sorted(mine.glob("*.seg"))[-1]


def test_two_syncthing_instances_carry_one_history_between_two_databases(
    engines: tuple[Syncthing, Syncthing], tmp_path: Path
) -> None:
    one, two = engines
    clock = FixedClock(datetime(2026, 11, 25, 20, 0, tzinfo=BERLIN))
    laptop = Device(tmp_path, "laptop", one.folder, clock)
    desktop = Device(tmp_path, "desktop", two.folder, clock)

    laptop.log(45, "Jazz piano", note="shell voicings")
    laptop.log(30, "Spanish", note="podcast")
    laptop.sync()
    one.scan()
    two.wait_for(two.folder / newest_segment(one.folder, laptop).relative_to(one.folder))
    joined = desktop.sync(laptop.key())
    assert joined.read == {"laptop": 1} and joined.applied == 4

    desktop.log(20, "Spanish", note="from the desktop")
    desktop.sync()
    two.scan()
    one.wait_for(one.folder / newest_segment(two.folder, desktop).relative_to(two.folder))
    assert laptop.sync().read == {"desktop": 2}  # the one it wrote on joining, and this one

    assert laptop.export() == desktop.export()
    assert ("Spanish", 20, "from the desktop") in laptop.sessions()
    conflicts = [p for p in one.folder.rglob("*") if "sync-conflict" in p.name]
    assert conflicts == []  # one writer per file: the engine never had to choose
