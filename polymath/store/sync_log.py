"""The change log's SQL: what this database changed since it last wrote, the versions it holds,
the devices it has read, and the conflicts and waiting changes a merge left.

Records cross devices as plain fields (``records``): domains by their ``uid``, a session with
its domain's and its integrated domains' ``uid``, rest weeks and settings by their natural key.
Stored text (times, dates) travels exactly as stored.
"""

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, NamedTuple

from polymath.store import direct
from polymath.store.sync_identity import SYNCED_TABLES
from polymath.store.sync_segment import Entry

KIND_OF: Final = SYNCED_TABLES
TABLE_OF: Final = {kind: table for table, kind in SYNCED_TABLES.items()}
NATURAL: Final = {"rest_week": "week", "setting": "key"}
_CHUNK: Final = 500

# Statements, named so that a test can prepare each against the schema at head.
EXPORTED_SEQ = "SELECT coalesce(max(last_seq), 0) FROM sync_export"
LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM sync_log"
CHANGED_SINCE = (
    "SELECT l.uid, l.tbl, l.at FROM sync_log l "
    "WHERE l.seq IN (SELECT max(seq) FROM sync_log WHERE device IS NULL AND seq > ? GROUP BY uid) "
    "AND NOT EXISTS (SELECT 1 FROM sync_log x WHERE x.uid = l.uid AND x.at > l.at "
    "AND x.device IS NOT NULL) ORDER BY l.seq"
)
COUNT_CHANGED_SINCE = "SELECT count(DISTINCT uid) FROM sync_log WHERE device IS NULL AND seq > ?"
VERSION = (
    "SELECT at, device, op, seq FROM sync_log WHERE uid = ? ORDER BY at DESC, seq DESC LIMIT 1"
)
INSERT_ENTRY = "INSERT INTO sync_log (uid, tbl, op, at, device) VALUES (?, ?, ?, ?, ?)"
SEEN_SEQ = "SELECT coalesce(max(last_seq), 0) FROM sync_export WHERE device = ? AND segment <= ?"
INSERT_EXPORT = (
    "INSERT OR REPLACE INTO sync_export (device, segment, last_seq, written_at) VALUES (?, ?, ?, ?)"
)
CURSORS = "SELECT device, segment, name, written_at, read_at FROM sync_cursor"
PUT_CURSOR = (
    "INSERT INTO sync_cursor (device, segment, name, written_at, read_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(device) DO UPDATE SET segment = excluded.segment, name = excluded.name, "
    "written_at = excluded.written_at, read_at = excluded.read_at"
)
START_APPLYING = "INSERT OR REPLACE INTO sync_applying (device) VALUES (?)"
STOP_APPLYING = "DELETE FROM sync_applying"
PENDING = "SELECT uid, tbl, op, at, device, data FROM sync_pending"
PUT_PENDING = (
    "INSERT OR REPLACE INTO sync_pending (uid, tbl, op, at, device, data) VALUES (?, ?, ?, ?, ?, ?)"
)
DROP_PENDING = "DELETE FROM sync_pending WHERE uid = ?"
COUNT_PENDING = "SELECT count(*) FROM sync_pending"
INSERT_CONFLICT = (
    "INSERT INTO sync_conflict (noticed_at, tbl, uid, label, kept_device, kept_at, kept_deleted, "
    "lost_device, lost_at, lost_deleted, lost_data, restored) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
)
CONFLICTS = (
    "SELECT id, noticed_at, tbl, uid, label, kept_device, kept_at, kept_deleted, lost_device, "
    "lost_at, lost_deleted, lost_data, restored FROM sync_conflict ORDER BY id DESC LIMIT ?"
)
CONFLICT = (
    "SELECT id, noticed_at, tbl, uid, label, kept_device, kept_at, kept_deleted, lost_device, "
    "lost_at, lost_deleted, lost_data, restored FROM sync_conflict WHERE id = ?"
)
MARK_RESTORED = "UPDATE sync_conflict SET restored = 1 WHERE id = ?"
CHANGES_OF_THE_LATEST = (
    "SELECT count(*) FROM undo_step WHERE change_id = (SELECT max(id) FROM change)"
)
DROP_LATEST_CHANGE = "DELETE FROM change WHERE id = (SELECT max(id) FROM change)"
REDIRECT = "SELECT into_uid FROM sync_redirect WHERE uid = ?"
PUT_REDIRECT = "INSERT OR REPLACE INTO sync_redirect (uid, into_uid) VALUES (?, ?)"
DROP_REDIRECT = "DELETE FROM sync_redirect WHERE uid = ?"
DOMAIN_UIDS = "SELECT id, uid FROM domain"
DOMAIN_NAME = "SELECT name FROM domain WHERE uid = ?"
FORGET_EXPORTS = "DELETE FROM sync_export"
SESSION_ROWS = (
    "SELECT s.id, s.uid, d.uid, s.started_at, s.minutes, s.kind, s.note, s.created_at "
    "FROM learning_session s JOIN domain d ON d.id = s.domain_id WHERE s.uid IN ({marks})"
)
LINK_ROWS = (
    "SELECT l.session_id, d.uid FROM session_link l JOIN domain d ON d.id = l.domain_id "
    "WHERE l.session_id IN ({marks})"
)
DOMAIN_ROWS = "SELECT uid, name, area, archived, created_at FROM domain WHERE uid IN ({marks})"
ASSESSMENT_ROWS = (
    "SELECT a.uid, d.uid, a.level, a.assessed_on, a.note, a.created_at "
    "FROM assessment a JOIN domain d ON d.id = a.domain_id WHERE a.uid IN ({marks})"
)
REST_WEEK_ROWS = "SELECT week, note FROM rest_week WHERE week IN ({marks})"
SETTING_ROWS = "SELECT key, value FROM setting WHERE key IN ({marks})"


class Version(NamedTuple):
    """A record's latest log entry: when, by which device (None: this database), and how."""

    at: int
    device: str | None
    deleted: bool
    seq: int


class Cursor(NamedTuple):
    device: str
    segment: int
    name: str
    written_at: int
    read_at: int


class Conflict(NamedTuple):
    id: int
    noticed_at: int
    table: str
    uid: str
    label: str
    kept_device: str
    kept_at: int
    kept_deleted: bool
    lost_device: str
    lost_at: int
    lost_deleted: bool
    lost_data: dict[str, Any]
    restored: bool


def exported_seq(conn: sqlite3.Connection) -> int:
    """How far into its log this database has written segments."""
    return int(conn.execute(EXPORTED_SEQ).fetchone()[0])


def last_seq(conn: sqlite3.Connection) -> int:
    return int(conn.execute(LAST_SEQ).fetchone()[0])


def unexported_count(conn: sqlite3.Connection) -> int:
    """Records changed here since the last segment written."""
    return int(conn.execute(COUNT_CHANGED_SINCE, (exported_seq(conn),)).fetchone()[0])


def local_changes(conn: sqlite3.Connection, since_seq: int) -> list[Entry]:
    """Every record this database changed after ``since_seq``, as it is now (or deleted),
    dated by its latest change here. A record that another device changed later is left out:
    that device's version supersedes it everywhere."""
    changed = conn.execute(CHANGED_SINCE, (since_seq,)).fetchall()
    by_table: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for uid, table, at in changed:
        by_table[table].append((uid, at))
    entries: list[Entry] = []
    for table, items in by_table.items():
        present = records(conn, table, [uid for uid, _ in items])
        for uid, at in items:
            data = present.get(uid)
            if data is None:
                into = redirect(conn, uid) if table == "domain" else None
                tomb: dict[str, Any] = {"into": into} if into else {}
                entries.append(Entry(KIND_OF[table], uid, at, True, tomb))
            else:
                entries.append(Entry(KIND_OF[table], uid, at, False, data))
    return entries


def records(conn: sqlite3.Connection, table: str, uids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The fields of the records named, as they travel; absent records are left out."""
    found: dict[str, dict[str, Any]] = {}
    natural = NATURAL.get(table)
    for chunk in _chunks(uids):
        keys = [uid.split("/", 1)[1] for uid in chunk] if natural else list(chunk)
        marks = ", ".join("?" * len(keys))
        if table == "domain":
            for uid, name, area, archived, created in conn.execute(
                DOMAIN_ROWS.format(marks=marks), keys
            ):
                found[uid] = {
                    "name": name,
                    "area": area,
                    "archived": bool(archived),
                    "created_at": created,
                }
        elif table == "learning_session":
            rows = conn.execute(SESSION_ROWS.format(marks=marks), keys).fetchall()
            links: dict[int, list[str]] = defaultdict(list)
            ids = [row[0] for row in rows]
            for id_chunk in _chunks(ids):
                id_marks = ", ".join("?" * len(id_chunk))
                for session_id, domain_uid in conn.execute(
                    LINK_ROWS.format(marks=id_marks), id_chunk
                ):
                    links[session_id].append(domain_uid)
            for session_id, uid, domain, started, minutes, kind, note, created in rows:
                found[uid] = {
                    "domain": domain,
                    "started_at": started,
                    "minutes": minutes,
                    "kind": kind,
                    "note": note,
                    "with": sorted(links.get(session_id, [])),
                    "created_at": created,
                }
        elif table == "assessment":
            for uid, domain, level, on, note, created in conn.execute(
                ASSESSMENT_ROWS.format(marks=marks), keys
            ):
                found[uid] = {
                    "domain": domain,
                    "level": level,
                    "on": on,
                    "note": note,
                    "created_at": created,
                }
        elif table == "rest_week":
            for week, note in conn.execute(REST_WEEK_ROWS.format(marks=marks), keys):
                found[f"rest_week/{week}"] = {"week": week, "note": note}
        elif table == "setting":
            for key, value in conn.execute(SETTING_ROWS.format(marks=marks), keys):
                found[f"setting/{key}"] = {"key": key, "value": value}
    return found


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def versions(conn: sqlite3.Connection, uids: Iterable[str]) -> dict[str, Version]:
    """The latest version of each record named that this database holds."""
    held = {}
    for uid in uids:
        row = conn.execute(VERSION, (uid,)).fetchone()
        if row is not None:
            held[uid] = Version(row[0], row[1], row[2] == "del", row[3])
    return held


def log_versions(conn: sqlite3.Connection, rows: Sequence[tuple[str, str, str, int, str]]) -> None:
    """Append other devices' versions that this database adopted: (uid, table, op, at, device)."""
    conn.executemany(INSERT_ENTRY, rows)


def log_own(conn: sqlite3.Connection, uid: str, table: str, op: str, at: int) -> None:
    """Append a change of this database's own that a merge made (the triggers stand aside)."""
    conn.execute(INSERT_ENTRY, (uid, table, op, at, None))


def seen_seq(conn: sqlite3.Connection, device: str, segment: int) -> int:
    """How far into this database's log a writer that read ``segment`` of ours had seen."""
    return int(conn.execute(SEEN_SEQ, (device, segment)).fetchone()[0])


def record_export(
    conn: sqlite3.Connection, device: str, segment: int, last: int, written_at: int
) -> None:
    conn.execute(INSERT_EXPORT, (device, segment, last, written_at))


def cursors(conn: sqlite3.Connection) -> dict[str, Cursor]:
    return {row[0]: Cursor(*row) for row in conn.execute(CURSORS)}


def put_cursor(conn: sqlite3.Connection, cursor: Cursor) -> None:
    conn.execute(PUT_CURSOR, tuple(cursor))


def start_applying(conn: sqlite3.Connection, device: str) -> None:
    """From here to ``stop_applying``, the log triggers leave the merge's writes to it."""
    conn.execute(START_APPLYING, (device,))


def stop_applying(conn: sqlite3.Connection) -> None:
    conn.execute(STOP_APPLYING)


def pending(conn: sqlite3.Connection) -> list[tuple[Entry, str]]:
    """Changes still waiting for a domain, each with the device that made it."""
    return [
        (Entry(KIND_OF[table], uid, at, op == "del", json.loads(data)), device)
        for uid, table, op, at, device, data in conn.execute(PENDING)
    ]


def put_pending(conn: sqlite3.Connection, entry: Entry, device: str) -> None:
    op = "del" if entry.deleted else "put"
    data = json.dumps(dict(entry.data), ensure_ascii=False)
    conn.execute(PUT_PENDING, (entry.uid, TABLE_OF[entry.kind], op, entry.at, device, data))


def drop_pending(conn: sqlite3.Connection, uid: str) -> None:
    conn.execute(DROP_PENDING, (uid,))


def pending_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute(COUNT_PENDING).fetchone()[0])


def add_conflict(
    conn: sqlite3.Connection,
    *,
    noticed_at: int,
    table: str,
    uid: str,
    label: str,
    kept: tuple[str, int],
    kept_deleted: bool,
    lost: tuple[str, int],
    lost_deleted: bool,
    lost_data: dict[str, Any],
) -> None:
    conn.execute(
        INSERT_CONFLICT,
        (
            noticed_at,
            table,
            uid,
            label,
            kept[0],
            kept[1],
            kept_deleted,
            lost[0],
            lost[1],
            lost_deleted,
            json.dumps(lost_data, ensure_ascii=False),
        ),
    )


def _conflict(row: tuple[Any, ...]) -> Conflict:
    values = list(row)
    values[7] = bool(values[7])
    values[10] = bool(values[10])
    values[11] = json.loads(values[11])
    values[12] = bool(values[12])
    return Conflict(*values)


def conflicts(conn: sqlite3.Connection, limit: int = 20) -> list[Conflict]:
    """The latest conflicts, newest first."""
    return [_conflict(row) for row in conn.execute(CONFLICTS, (limit,))]


def conflict(conn: sqlite3.Connection, conflict_id: int) -> Conflict | None:
    row = conn.execute(CONFLICT, (conflict_id,)).fetchone()
    return _conflict(row) if row else None


def mark_restored(conn: sqlite3.Connection, conflict_id: int) -> None:
    conn.execute(MARK_RESTORED, (conflict_id,))


def drop_empty_change(conn: sqlite3.Connection) -> None:
    """Inside ``direct.change``: when the change wrote no row, it is not kept for undo."""
    if not conn.execute(CHANGES_OF_THE_LATEST).fetchone()[0]:
        conn.execute(DROP_LATEST_CHANGE)


def redirect(conn: sqlite3.Connection, uid: str) -> str | None:
    row = conn.execute(REDIRECT, (uid,)).fetchone()
    return str(row[0]) if row else None


def drop_redirect(conn: sqlite3.Connection, uid: str) -> None:
    conn.execute(DROP_REDIRECT, (uid,))


def put_redirect(conn: sqlite3.Connection, uid: str, into: str) -> None:
    conn.execute(PUT_REDIRECT, (uid, into))


def domain_uids(conn: sqlite3.Connection) -> dict[int, str]:
    return dict(conn.execute(DOMAIN_UIDS).fetchall())


def domain_name(conn: sqlite3.Connection, uid: str) -> str | None:
    """The name of the domain a uid names here, following folds and merges."""
    for _ in range(50):
        row = conn.execute(DOMAIN_NAME, (uid,)).fetchone()
        if row is not None:
            return str(row[0])
        into = redirect(conn, uid)
        if into is None:
            return None
        uid = into
    return None


def record_segment_written(
    conn: sqlite3.Connection, *, device: str, name: str, segment: int, last: int, now: int
) -> None:
    """A segment of ours is in the folder: it reached ``last`` in the log, and reading it back
    would teach this database nothing (one transaction, outside undo)."""
    with _transaction(conn):
        record_export(conn, device, segment, last, now)
        put_cursor(conn, Cursor(device, segment, name, now, now))


def forget_exports(conn: sqlite3.Connection) -> None:
    """A new identity writes this database's whole history again, under its own id."""
    with _transaction(conn):
        conn.execute(FORGET_EXPORTS)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that is bookkeeping, not a change of the person's: undo skips it."""
    path = Path(direct.database_file(conn))
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise direct.storage_error(path, exc) from None
    try:
        yield
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise direct.storage_error(path, exc) from None
    except BaseException:
        conn.execute("ROLLBACK")
        raise
