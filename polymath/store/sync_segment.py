"""One segment: a batch of a device's changes as a sealed file of the sync folder.

On disk: ``PMSYNC``, the format (one byte), the key id (eight bytes), then the sealed body: a
zlib-compressed JSON document naming its device, its number, when it was written, how far its
device had read the others, and its entries. The header, the device and the number are bound
into the seal, so a file renamed into another device's folder or another place fails to open.

Entries are ``[kind, id, at, deleted, fields]``: what one record is now (or that it was
deleted), and when its device changed it last.
"""

import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from polymath.store.sync_cipher import KEY_ID_BYTES, SealBroken, Sealer

MAGIC: Final = b"PMSYNC"
FORMAT: Final = 1
"""The segment format this Polymath writes and reads; a newer one is refused."""
HEADER_BYTES: Final = len(MAGIC) + 1 + KEY_ID_BYTES

KINDS: Final = ("domain", "session", "assessment", "rest_week", "setting")


class Entry(NamedTuple):
    """A record as one device last changed it."""

    kind: str
    uid: str
    at: int
    """Milliseconds since 1970 (UTC), on the writing device's clock."""
    deleted: bool
    data: Mapping[str, Any]
    """The record's fields (for a deleted domain merged into another: ``{"into": uid}``)."""


@dataclass(frozen=True)
class Segment:
    device: str
    name: str
    number: int
    written_at: int
    seen: Mapping[str, int] = field(default_factory=dict)
    """How far the writer had read each device's segments (this one's reader included)."""
    entries: Sequence[Entry] = ()


class SegmentProblem(Exception):
    """Why a segment cannot be read; ``kind`` is one of the class constants."""

    TRUNCATED = "truncated"
    GARBAGE = "garbage"
    NEWER = "newer"
    WRONG_KEY = "wrong-key"
    DAMAGED = "damaged"

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind = kind
        self.detail = detail


def _bound(header: bytes, device: str, number: int) -> bytes:
    return header + f"{device}/{number:08d}".encode("ascii")


def encode(segment: Segment, sealer: Sealer) -> bytes:
    document = {
        "format": FORMAT,
        "device": segment.device,
        "name": segment.name,
        "segment": segment.number,
        "written_at": segment.written_at,
        "seen": dict(segment.seen),
        "entries": [[e.kind, e.uid, e.at, e.deleted, dict(e.data)] for e in segment.entries],
    }
    plain = zlib.compress(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6
    )
    header = MAGIC + bytes([FORMAT]) + sealer.key_id
    return header + sealer.seal(plain, _bound(header, segment.device, segment.number))


def peek_format(blob: bytes) -> tuple[int, bytes]:
    """The format and key id a file declares, without opening it."""
    if len(blob) < HEADER_BYTES:
        if blob and not MAGIC.startswith(blob[: len(MAGIC)]):
            raise SegmentProblem(SegmentProblem.GARBAGE)
        raise SegmentProblem(SegmentProblem.TRUNCATED)
    if blob[: len(MAGIC)] != MAGIC:
        raise SegmentProblem(SegmentProblem.GARBAGE)
    return blob[len(MAGIC)], blob[len(MAGIC) + 1 : HEADER_BYTES]


def decode(blob: bytes, sealer: Sealer, device: str, number: int) -> Segment:
    """The segment in ``blob``, read from ``device``'s folder as number ``number``."""
    version, key = peek_format(blob)
    if version > FORMAT:
        raise SegmentProblem(SegmentProblem.NEWER, str(version))
    if version < 1:
        raise SegmentProblem(SegmentProblem.GARBAGE)
    if not sealer.same_key(key):
        raise SegmentProblem(SegmentProblem.WRONG_KEY)
    header = blob[:HEADER_BYTES]
    try:
        plain = sealer.open(blob[HEADER_BYTES:], _bound(header, device, number))
        document = json.loads(zlib.decompress(plain).decode("utf-8"))
    except SealBroken as exc:
        raise SegmentProblem(SegmentProblem.DAMAGED, str(exc)) from None
    except (zlib.error, UnicodeDecodeError, ValueError):
        raise SegmentProblem(SegmentProblem.DAMAGED, "unreadable inside") from None
    return _segment(document, device, number)


def _segment(document: object, device: str, number: int) -> Segment:
    problem = SegmentProblem(SegmentProblem.DAMAGED, "not a segment inside")
    if not isinstance(document, dict):
        raise problem
    if document.get("device") != device or document.get("segment") != number:
        raise problem
    name, written_at = document.get("name"), document.get("written_at")
    seen, entries = document.get("seen"), document.get("entries")
    if not isinstance(name, str) or not _is_int(written_at) or not isinstance(seen, dict):
        raise problem
    if not isinstance(entries, list) or not all(
        isinstance(k, str) and _is_int(v) for k, v in seen.items()
    ):
        raise problem
    entries_read = [_entry(item) for item in entries]
    return Segment(device, name, number, int(written_at or 0), seen, entries_read)


def _entry(item: object) -> Entry:
    if not (isinstance(item, list) and len(item) == 5):
        raise SegmentProblem(SegmentProblem.DAMAGED, "an entry is malformed")
    kind, uid, at, deleted, data = item
    if (
        kind not in KINDS
        or not isinstance(uid, str)
        or not 0 < len(uid) <= 80
        or not _is_int(at)
        or not isinstance(deleted, bool)
        or not isinstance(data, dict)
    ):
        raise SegmentProblem(SegmentProblem.DAMAGED, "an entry is malformed")
    return Entry(kind, uid, at, deleted, data)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
