"""This device's identity and key, kept in the data folder beside the database, never synced.

``polymath.db.sync.json`` (readable by its owner only) holds the device's id and name, the sync
key, the sync folder, and which of its own segments it last wrote (with a digest of that file):
a segment under this id that this device did not write means another device writes as this one.
It lives outside the database on purpose: restoring a backup of the database does not make the
device forget what it already wrote to the folder.
"""

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from polymath.core.errors import StorageError
from polymath.files import write_atomic
from polymath.store.direct import DEVICE_SUFFIX

VERSION: Final = 1


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    key: bytes
    folder: Path | None
    written: int = 0
    """The number of the last segment this device wrote (0: none yet)."""
    digest: str | None = None
    """The SHA-256 of that segment's file, as written."""
    writing: int | None = None
    """A segment being written when the device last stopped (finished, or never begun)."""

    def with_changes(self, **changes: object) -> "Device":
        return replace(self, **changes)  # type: ignore[arg-type]


def device_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + DEVICE_SUFFIX)


def load_device(db_path: Path) -> Device | None:
    path = device_file(db_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = json.loads(text)
        if data.get("version", 0) > VERSION:
            raise StorageError(f"{path} was written by a newer Polymath; upgrade Polymath")
        return Device(
            id=str(data["device"]),
            name=str(data["name"]),
            key=bytes.fromhex(data["key"]),
            folder=Path(data["folder"]) if data.get("folder") else None,
            written=int(data.get("written", 0)),
            digest=data.get("digest"),
            writing=data.get("writing"),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise StorageError(
            f"{path} (this device's sync identity) is damaged; move it away and join the "
            "folder again with the key"
        ) from None


def save_device(db_path: Path, device: Device) -> None:
    """Write the device file whole (owner-only, flushed to disk)."""
    data = {
        "version": VERSION,
        "device": device.id,
        "name": device.name,
        "key": device.key.hex(),
        "folder": str(device.folder) if device.folder else None,
        "written": device.written,
        "digest": device.digest,
        "writing": device.writing,
    }
    path = device_file(db_path)
    write_atomic(json.dumps(data, indent=2) + "\n", path)
    os.chmod(path, 0o600)
