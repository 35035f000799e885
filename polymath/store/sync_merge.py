"""Applying other devices' changes: per record, the last writer wins; one rule for every device.

A record's version is (time, device). An incoming version newer than the one held is applied
and logged under the device that made it; an older one is left. The rules below are the same on
every device and depend only on the versions seen, so devices that have read the same segments
hold the same records, whatever order they read them in:

- Two domains with one name (made apart, or renamed into each other) are one domain: the one
  with the smaller id stays, the other is folded into it (its sessions, links, levels move),
  and later changes naming the folded one follow it (``sync_redirect``).
- A domain deleted as a merge into another (``into``) takes its references there too.
- A domain deleted outright while this device still has sessions or levels in it is kept, and
  put back as this device's own change, so the device that deleted it gets it back.
- A change naming a domain that has not arrived yet waits (``sync_pending``), retried at every
  sync.

When the record held is this device's own change, made after anything the incoming writer had
read from it, the two changes were made apart: a conflict. The loser is returned to be kept.
"""

import sqlite3
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final, NamedTuple

from polymath.core.names import name_key
from polymath.store import sync_log
from polymath.store.sync_identity import synced_setting
from polymath.store.sync_log import NATURAL, TABLE_OF, Version
from polymath.store.sync_segment import Entry

UNSEEN: Final = sys.maxsize
"""``seen_seq`` of a change that cannot conflict (one retried from the waiting list)."""
ORDER: Final = ("domain", "session", "assessment", "rest_week", "setting")
KINDS_OF_LEARNING: Final = ("read", "reflect", "experiment")
MAX_REDIRECTS: Final = 50

# Statements, named so that a test can prepare each against the schema at head.
DOMAIN_BY_UID = "SELECT id, name_key FROM domain WHERE uid = ?"
DOMAIN_BY_KEY = "SELECT id, uid FROM domain WHERE name_key = ? AND uid <> ?"
INSERT_DOMAIN = (
    "INSERT INTO domain (name, name_key, area, archived, created_at, uid) VALUES (?, ?, ?, ?, ?, ?)"
)
UPDATE_DOMAIN = (
    "UPDATE domain SET name = ?, name_key = ?, area = ?, archived = ?, created_at = ? WHERE id = ?"
)
PARK_DOMAIN_NAME = "UPDATE domain SET name_key = name_key || ' ' || uid WHERE id = ?"
DELETE_DOMAIN = "DELETE FROM domain WHERE id = ?"
DOMAIN_IN_USE = (
    "SELECT EXISTS (SELECT 1 FROM learning_session WHERE domain_id = :id) "
    "OR EXISTS (SELECT 1 FROM session_link WHERE domain_id = :id) "
    "OR EXISTS (SELECT 1 FROM assessment WHERE domain_id = :id) "
    "OR EXISTS (SELECT 1 FROM timer WHERE domain_id = :id)"
)
SESSIONS_TOUCHING = (
    "SELECT uid FROM learning_session WHERE domain_id = :src OR id IN "
    "(SELECT session_id FROM session_link WHERE domain_id = :src)"
)
ASSESSMENTS_OF = "SELECT uid FROM assessment WHERE domain_id = :src"
MOVE_SESSIONS = "UPDATE learning_session SET domain_id = :dst WHERE domain_id = :src"
DROP_REDUNDANT_LINKS = (
    "DELETE FROM session_link WHERE domain_id = :src AND (session_id IN "
    "(SELECT id FROM learning_session WHERE domain_id = :dst) OR EXISTS (SELECT 1 FROM "
    "session_link x WHERE x.session_id = session_link.session_id AND x.domain_id = :dst))"
)
MOVE_LINKS = "UPDATE session_link SET domain_id = :dst WHERE domain_id = :src"
DROP_SELF_LINKS = (
    "DELETE FROM session_link WHERE domain_id = :dst AND session_id IN "
    "(SELECT id FROM learning_session WHERE domain_id = :dst)"
)
MOVE_ASSESSMENTS = "UPDATE assessment SET domain_id = :dst WHERE domain_id = :src"
MOVE_TIMER = "UPDATE timer SET domain_id = :dst WHERE domain_id = :src"
TIMER_LINKS = "SELECT domain_id, with_ids FROM timer"
SET_TIMER_LINKS = "UPDATE timer SET with_ids = ?"
SESSION_BY_UID = "SELECT id FROM learning_session WHERE uid = ?"
INSERT_SESSION = (
    "INSERT INTO learning_session (domain_id, started_at, minutes, kind, note, created_at, uid) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
UPDATE_SESSION = (
    "UPDATE learning_session SET domain_id = ?, started_at = ?, minutes = ?, kind = ?, note = ?, "
    "created_at = ? WHERE id = ?"
)
DELETE_SESSION = "DELETE FROM learning_session WHERE uid = ?"
SESSION_LINKS = "SELECT domain_id FROM session_link WHERE session_id = ?"
DELETE_LINK = "DELETE FROM session_link WHERE session_id = ? AND domain_id = ?"
INSERT_LINK = "INSERT INTO session_link (session_id, domain_id) VALUES (?, ?)"
ASSESSMENT_BY_UID = "SELECT id FROM assessment WHERE uid = ?"
INSERT_ASSESSMENT = (
    "INSERT INTO assessment (domain_id, level, assessed_on, note, created_at, uid) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
UPDATE_ASSESSMENT = (
    "UPDATE assessment SET domain_id = ?, level = ?, assessed_on = ?, note = ?, created_at = ? "
    "WHERE id = ?"
)
DELETE_ASSESSMENT = "DELETE FROM assessment WHERE uid = ?"
PUT_REST_WEEK = (
    "INSERT INTO rest_week (week, note) VALUES (?, ?) "
    "ON CONFLICT(week) DO UPDATE SET note = excluded.note WHERE note IS NOT excluded.note"
)
DELETE_REST_WEEK = "DELETE FROM rest_week WHERE week = ?"
PUT_SETTING = (
    "INSERT INTO setting (key, value) VALUES (?, ?) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value"
)
DELETE_SETTING = "DELETE FROM setting WHERE key = ?"


class Incoming(NamedTuple):
    """A change read from the folder (or the waiting list)."""

    entry: Entry
    device: str
    seen_seq: int
    """How far into this database's log its writer had seen (``sync_log.seen_seq``)."""


class ConflictFact(NamedTuple):
    table: str
    uid: str
    kept_device: str
    kept_at: int
    kept_data: Mapping[str, Any] | None
    lost_device: str
    lost_at: int
    lost_data: Mapping[str, Any] | None
    """None when the losing change was a deletion."""


class Outcome(NamedTuple):
    applied: int
    """Records changed here."""
    unchanged: int
    """Changes already held, or older than the version held."""
    waiting: int
    """Changes waiting for a domain that has not arrived."""
    conflicts: list[ConflictFact]


class MergeRefused(Exception):
    """A change whose fields this Polymath cannot store (one line, for the person)."""


def merge(conn: sqlite3.Connection, incoming: Iterable[Incoming], me: str, now: int) -> Outcome:
    """Apply what is newer than the versions held; call inside one write transaction, between
    ``sync_log.start_applying`` and ``stop_applying``."""
    waiting_before = {entry.uid for entry, _ in sync_log.pending(conn)}
    candidates = [Incoming(entry, device, UNSEEN) for entry, device in sync_log.pending(conn)]
    candidates += list(incoming)
    best: dict[str, Incoming] = {}
    for item in candidates:
        held = best.get(item.entry.uid)
        if held is None or (item.entry.at, item.device) > (held.entry.at, held.device):
            best[item.entry.uid] = item
    held_versions = sync_log.versions(conn, best)
    applier = _Applier(conn, me, now)
    applied = unchanged = waiting = 0
    conflicts: list[ConflictFact] = []
    for kind in ORDER:
        for uid, item in best.items():
            if item.entry.kind != kind:
                continue
            outcome = _one(applier, item, held_versions.get(uid), me, conflicts)
            if outcome == "waiting":
                sync_log.put_pending(conn, item.entry, item.device)
                waiting += 1
                continue
            if uid in waiting_before:
                sync_log.drop_pending(conn, uid)
            if outcome == "applied":
                applied += 1
            else:
                unchanged += 1
    return Outcome(applied, unchanged, waiting, conflicts)


def _one(
    applier: "_Applier",
    item: Incoming,
    held: Version | None,
    me: str,
    conflicts: list[ConflictFact],
) -> str:
    entry, table = item.entry, TABLE_OF[item.entry.kind]
    theirs = (entry.at, item.device)
    ours = (held.at, held.device or me) if held else None
    apart = held is not None and held.device is None and held.seq > item.seen_seq
    if ours is not None and theirs <= ours:
        if apart and theirs != ours:
            current = applier.current(table, entry.uid)
            if not _same(current, entry):
                conflicts.append(
                    ConflictFact(
                        table,
                        entry.uid,
                        me,
                        held.at if held else 0,
                        current,
                        item.device,
                        entry.at,
                        None if entry.deleted else entry.data,
                    )
                )
        return "unchanged"
    current = applier.current(table, entry.uid) if apart else None
    done = applier.apply(item)
    if done == "waiting":
        return done
    if apart and held is not None and not _same(current, entry):
        conflicts.append(
            ConflictFact(
                table,
                entry.uid,
                item.device,
                entry.at,
                None if entry.deleted else entry.data,
                me,
                held.at,
                current,
            )
        )
    return "applied"


def _same(current: Mapping[str, Any] | None, entry: Entry) -> bool:
    if entry.deleted or current is None:
        return entry.deleted and current is None
    return dict(current) == dict(entry.data)


class _Applier:
    """The statements that bring one record to an incoming version, logging it as adopted."""

    def __init__(self, conn: sqlite3.Connection, me: str, now: int) -> None:
        self.conn = conn
        self.me = me
        self.now = now
        self._device = ""
        """The device whose change is being applied."""
        self._redirected = False
        """Whether applying it followed a domain into the one it was folded or merged into."""
        self._appliers: dict[str, Callable[[Entry], str]] = {
            "domain": self._domain,
            "session": self._session,
            "assessment": self._assessment,
            "rest_week": self._rest_week,
            "setting": self._setting,
        }

    def current(self, table: str, uid: str) -> dict[str, Any] | None:
        return sync_log.records(self.conn, table, [uid]).get(uid)

    def apply(self, item: Incoming) -> str:
        self._device = item.device
        self._redirected = False
        try:
            done = self._appliers[item.entry.kind](item.entry)
        except (KeyError, TypeError, ValueError) as exc:
            raise MergeRefused(
                f"a {item.entry.kind} change ({item.entry.uid}) has fields this Polymath cannot "
                f"store ({type(exc).__name__}: {exc})"
            ) from None
        if done == "applied":
            self.log(item.entry, item.device, deleted=item.entry.deleted)
            if self._redirected:
                # stored under the domain it was folded or merged into: that is a change here,
                # which the devices that do not know the fold must learn
                self.own(TABLE_OF[item.entry.kind], item.entry.uid, "put")
        return done

    def log(self, entry: Entry, device: str, *, deleted: bool) -> None:
        table = TABLE_OF[entry.kind]
        op = "del" if deleted else "put"
        sync_log.log_versions(self.conn, [(entry.uid, table, op, entry.at, device)])

    # ---------------------------------------------------------------- domains

    def domain_id(self, uid: str) -> int | None:
        """The local domain a uid names, following folds and merges."""
        for _ in range(MAX_REDIRECTS):
            row = self.conn.execute(DOMAIN_BY_UID, (uid,)).fetchone()
            if row is not None:
                return int(row[0])
            into = sync_log.redirect(self.conn, uid)
            if into is None:
                return None
            uid = into
            self._redirected = True
        return None

    def _domain(self, entry: Entry) -> str:
        if entry.deleted:
            return self._domain_deleted(entry)
        data = entry.data
        name = _text(data["name"], 200)
        area = _optional_text(data.get("area"), 200)
        archived = bool(_boolean(data.get("archived", False)))
        created = _stamp(data["created_at"])
        key = name_key(name)
        row = self.conn.execute(DOMAIN_BY_UID, (entry.uid,)).fetchone()
        clash = self.conn.execute(DOMAIN_BY_KEY, (key, entry.uid)).fetchone()
        if clash is not None and clash[1] < entry.uid:
            # the other domain of this name stays: this one folds into it
            if row is not None:
                self.move_references(int(row[0]), int(clash[0]))
                self.conn.execute(DELETE_DOMAIN, (row[0],))
            sync_log.put_redirect(self.conn, entry.uid, clash[1])
            self.log(entry, self._device, deleted=True)
            self.own("domain", entry.uid, "del")
            return "done"
        if clash is not None:
            self.conn.execute(PARK_DOMAIN_NAME, (clash[0],))
        values = (name, key, area, archived, created)
        if row is None:
            cursor = self.conn.execute(INSERT_DOMAIN, (*values, entry.uid))
            domain_id = int(cursor.lastrowid or 0)
        else:
            domain_id = int(row[0])
            self.conn.execute(UPDATE_DOMAIN, (*values, domain_id))
        if clash is not None:
            self.fold(int(clash[0]), str(clash[1]), domain_id, entry.uid)
        return "applied"

    def fold(self, loser_id: int, loser_uid: str, winner_id: int, winner_uid: str) -> None:
        """Fold a domain of this database into another of the same name, for good: a change of
        this device's, which the next sync carries (the moved sessions with it)."""
        self.move_references(loser_id, winner_id)
        self.conn.execute(DELETE_DOMAIN, (loser_id,))
        sync_log.put_redirect(self.conn, loser_uid, winner_uid)
        self.own("domain", loser_uid, "del")

    def own(self, table: str, uid: str, op: str) -> None:
        """Log a change the merge itself made here, dated after any version held."""
        held = sync_log.versions(self.conn, [uid]).get(uid)
        at = max(self.now, held.at + 1 if held else 0)
        sync_log.log_own(self.conn, uid, table, op, at)

    def _domain_deleted(self, entry: Entry) -> str:
        into = entry.data.get("into")
        row = self.conn.execute(DOMAIN_BY_UID, (entry.uid,)).fetchone()
        if into is not None:
            into = _text(into, 80)
            sync_log.put_redirect(self.conn, entry.uid, into)
        if row is None:
            return "applied"
        domain_id = int(row[0])
        if into is not None:
            target = self.domain_id(into)
            if target is None:
                return "waiting"
            if target == domain_id:
                # merged both ways on two devices (A into B here, B into A there): the domain
                # left here stays, and says so to the others, so the two merges settle on it
                sync_log.drop_redirect(self.conn, entry.uid)
                self.log(entry, self._device, deleted=True)
                self.own("domain", entry.uid, "put")
                return "done"
            self.move_references(domain_id, target)
            self.conn.execute(DELETE_DOMAIN, (domain_id,))
            return "applied"
        if self.conn.execute(DOMAIN_IN_USE, {"id": domain_id}).fetchone()[0]:
            # still used here: kept, and put back everywhere as this device's change
            self.log(entry, self._device, deleted=True)
            self.own("domain", entry.uid, "put")
            return "done"
        self.conn.execute(DELETE_DOMAIN, (domain_id,))
        return "applied"

    def move_references(self, source: int, target: int) -> None:
        """Every session, link, level and the timer of ``source`` moved to ``target``; each
        session and level moved is logged as this device's change."""
        names = {"src": source, "dst": target}
        moved = [
            ("learning_session", uid) for (uid,) in self.conn.execute(SESSIONS_TOUCHING, names)
        ] + [("assessment", uid) for (uid,) in self.conn.execute(ASSESSMENTS_OF, names)]
        for statement in (
            MOVE_SESSIONS,
            DROP_REDUNDANT_LINKS,
            MOVE_LINKS,
            DROP_SELF_LINKS,
            MOVE_ASSESSMENTS,
            MOVE_TIMER,
        ):
            self.conn.execute(statement, names)
        timer = self.conn.execute(TIMER_LINKS).fetchone()
        if timer is not None and timer[1]:
            listed = {int(i) for i in str(timer[1]).split(",") if i}
            kept = {target if i == source else i for i in listed} - {int(timer[0])}
            self.conn.execute(SET_TIMER_LINKS, (",".join(str(i) for i in sorted(kept)),))
        for table, uid in moved:
            self.own(table, uid, "put")

    # ---------------------------------------------------------------- the rest

    def _session(self, entry: Entry) -> str:
        if entry.deleted:
            self.conn.execute(DELETE_SESSION, (entry.uid,))
            return "applied"
        data = entry.data
        domain_id = self.domain_id(_text(data["domain"], 80))
        linked = [self.domain_id(_text(uid, 80)) for uid in _list(data.get("with", []))]
        if domain_id is None or None in linked:
            return "waiting"
        minutes = _integer(data["minutes"], 1, 24 * 60)
        kind = data["kind"]
        if kind not in KINDS_OF_LEARNING:
            raise ValueError(f"kind {kind!r}")
        values = (
            domain_id,
            _stamp(data["started_at"]),
            minutes,
            kind,
            _optional_text(data.get("note"), 100_000),
            _stamp(data["created_at"]),
        )
        row = self.conn.execute(SESSION_BY_UID, (entry.uid,)).fetchone()
        if row is None:
            session_id = int(self.conn.execute(INSERT_SESSION, (*values, entry.uid)).lastrowid or 0)
        else:
            session_id = int(row[0])
            self.conn.execute(UPDATE_SESSION, (*values, session_id))
        wanted = {i for i in linked if i is not None} - {domain_id}
        present = {i for (i,) in self.conn.execute(SESSION_LINKS, (session_id,))}
        for gone in present - wanted:
            self.conn.execute(DELETE_LINK, (session_id, gone))
        for new in sorted(wanted - present):
            self.conn.execute(INSERT_LINK, (session_id, new))
        return "applied"

    def _assessment(self, entry: Entry) -> str:
        if entry.deleted:
            self.conn.execute(DELETE_ASSESSMENT, (entry.uid,))
            return "applied"
        data = entry.data
        domain_id = self.domain_id(_text(data["domain"], 80))
        if domain_id is None:
            return "waiting"
        on = _text(data["on"], 10)
        date.fromisoformat(on)
        values = (
            domain_id,
            _integer(data["level"], 1, 5),
            on,
            _optional_text(data.get("note"), 100_000),
            _stamp(data["created_at"]),
        )
        row = self.conn.execute(ASSESSMENT_BY_UID, (entry.uid,)).fetchone()
        if row is None:
            self.conn.execute(INSERT_ASSESSMENT, (*values, entry.uid))
        else:
            self.conn.execute(UPDATE_ASSESSMENT, (*values, row[0]))
        return "applied"

    def _rest_week(self, entry: Entry) -> str:
        week = _natural(entry.uid, "rest_week")
        if entry.deleted:
            self.conn.execute(DELETE_REST_WEEK, (week,))
        else:
            if entry.data.get("week") != week:
                raise ValueError("week does not match its id")
            self.conn.execute(PUT_REST_WEEK, (week, _optional_text(entry.data.get("note"), 10_000)))
        return "applied"

    def _setting(self, entry: Entry) -> str:
        key = _natural(entry.uid, "setting")
        if not synced_setting(key):
            return "applied"  # a setting this version does not share: nothing to store
        if entry.deleted:
            self.conn.execute(DELETE_SETTING, (key,))
        else:
            self.conn.execute(PUT_SETTING, (key, _text(entry.data["value"], 100_000)))
        return "applied"


def _natural(uid: str, table: str) -> str:
    prefix, _, key = uid.partition("/")
    if prefix != table or not key or table not in NATURAL:
        raise ValueError(f"{uid!r} is not a {table} id")
    return key


def _text(value: object, limit: int) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ValueError(f"{value!r} is not text")
    return value


def _optional_text(value: object, limit: int) -> str | None:
    return None if value is None else _text(value, limit)


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value


def _integer(value: object, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{value!r} is not a whole number from {low} to {high}")
    return value


def _list(value: object) -> Sequence[object]:
    if not isinstance(value, list):
        raise ValueError(f"{value!r} is not a list")
    return value


def _stamp(value: object) -> str:
    """Stored time text (``2026-11-20 07:30:00.000000``), checked to be one."""
    text = _text(value, 40)
    datetime.fromisoformat(text)
    return text


def restore_record(
    conn: sqlite3.Connection, table: str, uid: str, data: Mapping[str, Any] | None
) -> None:
    """Put a record back as ``data`` (None: delete it) as this device's own change: the log
    triggers record it, so the next sync carries it. Call inside ``direct.change``."""
    kind = sync_log.KIND_OF[table]
    applier = _Applier(conn, "", 0)
    entry = Entry(kind, uid, 0, data is None, data or {})
    try:
        done = applier._appliers[kind](entry)
    except (KeyError, TypeError, ValueError) as exc:
        raise MergeRefused(f"the version kept aside cannot be stored ({exc})") from None
    if done == "waiting":
        raise MergeRefused("the version kept aside names a domain that is gone")
