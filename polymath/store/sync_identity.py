"""Global identities of records: the same session, domain or rest week on every device.

The integer ids people type stay local; a record's ``uid`` is what devices and files agree on.
New records get a UUID version 7 (a millisecond timestamp then random bits, RFC 9562), so ids
sort by creation and an index on them grows at its end. Python 3.11 has no ``uuid.uuid7``
(it comes in 3.14) and the layout takes a dozen lines, so no package is needed for it.

Records keyed by nature (a rest week by its ISO label, a setting by its key) need no new id: the
key is already the same on every device, and a second id would let one week be two records.
Their identity is ``natural_key`` (``rest_week/2026-W52``), and ``natural_uid`` its UUID
version 5 where a UUID is wanted.
"""

import hashlib
import os
import time
import uuid
from typing import Final

NAMESPACE: Final = uuid.UUID("6d1c0f3e-2f55-4a57-9a61-0c1d5c3b7e21")
"""Polymath's namespace for name-based (version 5) identities."""

NOW_MS_SQL: Final = (
    "(CAST(strftime('%s', 'now') AS INTEGER) * 1000 "
    "+ CAST(substr(strftime('%f', 'now'), 4, 3) AS INTEGER))"
)
"""SQLite's clock in milliseconds since 1970 (UTC), exact integer arithmetic."""

UID_DEFAULT_SQL: Final = (
    f"(substr(printf('%012x', {NOW_MS_SQL}), 1, 8) || '-' "
    f"|| substr(printf('%012x', {NOW_MS_SQL}), 9, 4) || '-7' "
    "|| substr(lower(hex(randomblob(2))), 2, 3) || '-' "
    "|| substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2, 3) "
    "|| '-' || lower(hex(randomblob(6))))"
)
"""A UUID version 7 made by SQLite itself: rows that a plain INSERT adds (the sqlite3 check-in
path, another program) get an identity without any Python on their path."""


def now_ms() -> int:
    """The wall clock in milliseconds since 1970: the clock the change log is dated by."""
    return time.time_ns() // 1_000_000


def new_uid(ms: int | None = None) -> str:
    """A new UUID version 7 (time-ordered, 74 random bits)."""
    stamp = now_ms() if ms is None else ms
    return _v7(stamp, int.from_bytes(os.urandom(10), "big"))


def derived_uid(ms: int, seed: str) -> str:
    """A UUID version 7 whose "random" bits come from ``seed``: two copies of one database that
    gain identities separately give the same row the same identity."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return _v7(ms, int.from_bytes(digest[:10], "big"))


def natural_key(table: str, key: str) -> str:
    """The identity of a record keyed by nature: ``rest_week/2026-W52``, ``setting/stack``."""
    return f"{table}/{key}"


def natural_uid(table: str, key: str) -> str:
    """``natural_key`` as a UUID version 5, the same wherever it is made."""
    return str(uuid.uuid5(NAMESPACE, natural_key(table, key)))


def _v7(ms: int, bits: int) -> str:
    value = (ms & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76 | ((bits >> 62) & 0xFFF) << 64
    value |= 0b10 << 62 | (bits & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


SYNCED_TABLES: Final[dict[str, str]] = {
    "domain": "domain",
    "learning_session": "session",
    "assessment": "assessment",
    "rest_week": "rest_week",
    "setting": "setting",
}
"""Tables whose records devices share, with the name their entries carry in the sync folder.
A session's links travel with the session; the timer stays on its device."""

SYNCED_SETTINGS: Final = ("stack", "population")
"""Settings that belong to the person (the adopted stack, the population planned on)."""

GOAL_PREFIX: Final = "goal/"
"""A domain's weekly goal is the setting ``goal/<the domain's uid>`` (minutes a week)."""


def synced_setting(key: str) -> bool:
    """Whether a setting is the person's, shared with their devices: the named ones and goals."""
    return key in SYNCED_SETTINGS or key.startswith(GOAL_PREFIX)
