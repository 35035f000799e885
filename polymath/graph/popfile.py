"""The population file: named sections of JSON and raw little-endian arrays, byte-reproducible.

Layout: a magic line, an 8-byte little-endian header length, a JSON header (sorted keys, no
spaces) listing each section's name, kind, offset and length (arrays also their dtype and shape),
then the sections, each starting on an 8-byte boundary. Nothing in it depends on the time or the
machine, so rebuilding from the same data gives the same bytes, and a test can compare them.

Reading is cheap and partial: the header and any JSON section are read without NumPy (the
check-in path only needs the area names); arrays are read with NumPy when asked for.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from polymath.core.errors import ImportFailed

if TYPE_CHECKING:
    import numpy as np

MAGIC = b"POLYMATH POPULATION\n"
_LENGTH = struct.Struct("<Q")
_ALIGN = 8
_MAX_HEADER = 1 << 20
_DTYPES = frozenset({"<i2", "<i4", "<i8", "<u1", "<f4", "<f8"})
_TYPECODES = {"<i2": "h", "<i4": "i", "<i8": "q", "<u1": "B"}


class Lines(tuple[str, ...]):
    """A section of many short strings, stored as UTF-8 lines: read far faster than JSON.

    The strings may not hold a line break.
    """

    __slots__ = ()


def _dumps(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _pad(size: int) -> int:
    return -size % _ALIGN


def write_sections(
    path: Path,
    meta: Mapping[str, Any],
    sections: Mapping[str, Any],
) -> None:
    """Write ``meta`` and the sections (NumPy arrays, ``Lines`` or JSON values), in order.

    Arrays must have one of the dtypes listed in ``_DTYPES``; they are written little-endian.
    The file is written beside its target and renamed, so a reader never sees half of it.
    """
    import numpy as np

    entries: list[dict[str, Any]] = []
    blobs: list[bytes] = []
    offset = 0
    for name, value in sections.items():
        if isinstance(value, np.ndarray):
            dtype = "<" + value.dtype.newbyteorder("<").str[1:]
            if dtype not in _DTYPES:
                raise ValueError(f"section {name}: dtype {dtype} is not supported")
            blob = np.ascontiguousarray(value, dtype=dtype).tobytes()
            entry: dict[str, Any] = {"kind": "array", "dtype": dtype, "shape": list(value.shape)}
        elif isinstance(value, Lines):
            blob = "\n".join(value).encode("utf-8")
            entry = {"kind": "lines", "count": len(value)}
        else:
            blob = _dumps(value)
            entry = {"kind": "json"}
        entry.update(name=name, offset=offset, length=len(blob))
        entries.append(entry)
        blobs.append(blob + b"\0" * _pad(len(blob)))
        offset += len(blob) + _pad(len(blob))
    header = _dumps({"meta": dict(meta), "sections": entries})
    header += b" " * _pad(len(MAGIC) + _LENGTH.size + len(header))
    temp = path.with_name(path.name + ".part")
    with temp.open("wb") as handle:
        handle.write(MAGIC + _LENGTH.pack(len(header)) + header)
        for blob in blobs:
            handle.write(blob)
    temp.replace(path)


class PopulationFile:
    """A population file opened for reading: its meta, and each section on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with path.open("rb") as handle:
                start = handle.read(len(MAGIC) + _LENGTH.size)
                if len(start) < len(MAGIC) + _LENGTH.size or not start.startswith(MAGIC):
                    raise ImportFailed(f"{path.name} is not a Polymath population file")
                (length,) = _LENGTH.unpack(start[len(MAGIC) :])
                if length > _MAX_HEADER:
                    raise ImportFailed(f"{path.name}: population file header is too large")
                header = json.loads(handle.read(length))
        except OSError as error:
            raise ImportFailed(f"cannot read {path.name} ({error.strerror})") from None
        except (ValueError, struct.error):
            raise ImportFailed(f"{path.name}: population file header is malformed") from None
        if not isinstance(header, dict) or not isinstance(header.get("sections"), list):
            raise ImportFailed(f"{path.name}: population file header is malformed")
        self.meta: dict[str, Any] = dict(header.get("meta", {}))
        self._base = len(MAGIC) + _LENGTH.size + length
        self._sections = {str(s.get("name")): s for s in header["sections"]}

    def has(self, name: str) -> bool:
        return name in self._sections

    def _bytes(self, name: str) -> bytes:
        entry = self._sections.get(name)
        if entry is None:
            raise ImportFailed(f"{self.path.name}: population file has no section {name!r}")
        try:
            offset, length = int(entry["offset"]), int(entry["length"])
            with self.path.open("rb") as handle:
                handle.seek(self._base + offset)
                blob = handle.read(length)
        except (KeyError, TypeError, ValueError, OSError):
            raise ImportFailed(f"{self.path.name}: section {name!r} is malformed") from None
        if len(blob) != length:
            raise ImportFailed(f"{self.path.name}: section {name!r} is truncated")
        return blob

    def json(self, name: str) -> Any:
        """A JSON section (no NumPy needed)."""
        try:
            return json.loads(self._bytes(name))
        except ValueError:
            raise ImportFailed(f"{self.path.name}: section {name!r} is not JSON") from None

    def lines(self, name: str) -> list[str]:
        """A section written from ``Lines`` (no NumPy needed)."""
        try:
            text = self._bytes(name).decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFailed(f"{self.path.name}: section {name!r} is not text") from None
        return text.split("\n") if text else []

    def ints(self, name: str) -> list[int]:
        """An integer array section as a list, without NumPy (the catalogue's small arrays)."""
        entry = self._sections.get(name, {})
        typecode = _TYPECODES.get(str(entry.get("dtype")))
        if typecode is None:
            raise ImportFailed(f"{self.path.name}: section {name!r} is not an integer array")
        values = array(typecode)
        blob = self._bytes(name)
        if len(blob) % values.itemsize:
            raise ImportFailed(f"{self.path.name}: section {name!r} is truncated")
        values.frombytes(blob)
        if sys.byteorder == "big":
            values.byteswap()
        return values.tolist()

    def array(self, name: str) -> np.ndarray:
        """An array section, read-only."""
        import numpy as np

        entry = self._sections.get(name, {})
        blob = self._bytes(name)
        try:
            dtype = str(entry["dtype"])
            shape = tuple(int(n) for n in entry["shape"])
            if dtype not in _DTYPES:
                raise ValueError(dtype)
            array = np.frombuffer(blob, dtype=dtype).reshape(shape)
        except (KeyError, TypeError, ValueError):
            raise ImportFailed(f"{self.path.name}: section {name!r} is malformed") from None
        return array


def is_population_file(path: Path) -> bool:
    """Whether a file starts with the population file's magic line."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False
