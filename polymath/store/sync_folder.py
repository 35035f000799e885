"""The sync folder on disk: a folder per device, numbered segments inside, written whole.

``DIR/<device-id>/00000001.seg``, ``00000002.seg``... Each device writes only into its own
folder and only new numbers, so whatever carries the folder (Syncthing, Dropbox, a git
repository) never sees two writers on one file. A segment is written under a temporary name,
flushed to the disk, linked to its number (which fails rather than replace an existing file),
and the folder is flushed too: a reader sees a segment whole or not at all. Files with other
names (a sync engine's own, a conflict copy) are never read as segments.
"""

import hashlib
import os
import re
from pathlib import Path
from typing import Final

SUFFIX: Final = ".seg"
_SEGMENT: Final = re.compile(r"^(\d{8})\.seg$")
_DEVICE: Final = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LEFTOVER: Final = re.compile(r"^\.\d{8}\.seg\.\d+\.tmp$")
_CONFLICT_COPY: Final = re.compile(r"^\d{8}\..*conflict.*$", re.IGNORECASE)


def segment_name(number: int) -> str:
    return f"{number:08d}{SUFFIX}"


def device_folders(folder: Path) -> dict[str, Path]:
    """Every device's folder, by device id (other entries of the folder are not ours)."""
    return {
        entry.name: Path(entry.path)
        for entry in os.scandir(folder)
        if _DEVICE.match(entry.name) and entry.is_dir()
    }


def segment_numbers(device_folder: Path) -> list[int]:
    """The numbers of a device's segments, in order."""
    if not device_folder.is_dir():
        return []
    found = [_SEGMENT.match(entry.name) for entry in os.scandir(device_folder)]
    return sorted(int(match[1]) for match in found if match)


def conflict_copies(device_folder: Path) -> list[str]:
    """Copies a sync engine made of a segment two writers changed (a duplicated device)."""
    if not device_folder.is_dir():
        return []
    return sorted(e.name for e in os.scandir(device_folder) if _CONFLICT_COPY.match(e.name))


def read_segment(device_folder: Path, number: int) -> bytes:
    return (device_folder / segment_name(number)).read_bytes()


def newest_write(device_folder: Path) -> float | None:
    """When the device's newest segment arrived here (seconds since 1970), if it has one."""
    numbers = segment_numbers(device_folder)
    if not numbers:
        return None
    return (device_folder / segment_name(numbers[-1])).stat().st_mtime


def digest(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def write_segment(device_folder: Path, number: int, blob: bytes) -> Path:
    """Write a new segment whole and durably; an existing one is never replaced."""
    device_folder.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(device_folder):  # left by a write that was cut short: ours alone
        if _LEFTOVER.match(entry.name):
            Path(entry.path).unlink(missing_ok=True)
    target = device_folder / segment_name(number)
    temp = device_folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        with temp.open("wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temp, target)  # FileExistsError rather than replacing another writer's file
    finally:
        temp.unlink(missing_ok=True)
    fsync_folder(device_folder)
    return target


def fsync_folder(folder: Path) -> None:
    """Make a rename or a link in ``folder`` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
