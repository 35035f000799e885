"""Several devices, one history: sync through a folder that another program carries.

A sync reads every segment the other devices added to the folder, checks them all (key,
format, seal) before anything is written, merges them in one transaction filed as one undoable
change, then writes this device's own changes as a new segment in its own folder. The folder is
only ever added to, one file per writer, so Syncthing, Dropbox or a git repository carry it
without conflicts of their own. See ``docs/sync.md``.

Nothing here runs on the check-in path: ``log`` and ``status`` only pay for the log triggers.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from polymath.core.errors import (
    SYNC_KEY,
    SYNC_NEW_DEVICE,
    SYNC_SET_UP,
    InvalidInput,
    NotFound,
    SyncRefused,
)
from polymath.core.text import display
from polymath.services.context import Context
from polymath.store import direct, sync_folder, sync_log
from polymath.store.checkin import Connection
from polymath.store.sync_cipher import Sealer, key_from_words, key_words, new_key
from polymath.store.sync_device import Device, load_device, save_device
from polymath.store.sync_identity import new_uid, now_ms
from polymath.store.sync_merge import UNSEEN, Incoming, MergeRefused, merge, restore_record
from polymath.store.sync_segment import Segment, SegmentProblem, decode, encode

FUTURE_TOLERANCE_MS: Final = 5 * 60 * 1000
"""A change dated further ahead of this device's clock than this is dated now instead."""
SEGMENT_ENTRIES: Final = 5_000
"""Entries per segment: a first sync of a long history writes a few files, not one huge one."""


@dataclass(frozen=True, slots=True)
class ConflictView:
    """A record two devices changed apart: which version was kept, and the one kept aside."""

    id: int
    label: str
    kept_by: str
    kept_at: datetime
    kept_deleted: bool
    lost_by: str
    lost_at: datetime
    lost_deleted: bool
    lost: Mapping[str, Any]
    restored: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "record": self.label,
            "kept": {
                "device": self.kept_by,
                "at": self.kept_at.isoformat(),
                "deleted": self.kept_deleted,
            },
            "lost": {
                "device": self.lost_by,
                "at": self.lost_at.isoformat(),
                "deleted": self.lost_deleted,
                "fields": dict(self.lost),
            },
            "restored": self.restored,
        }


@dataclass(frozen=True, slots=True)
class ClockNote:
    """Changes from a device dated in the future (its clock is wrong): they were dated now."""

    device: str
    changes: int
    latest: datetime


@dataclass(frozen=True, slots=True)
class SyncReport:
    device: str
    folder: Path
    joined: bool
    """This sync set the device up (a new device in the folder)."""
    read: dict[str, int]
    """Segments read, by the name of the device that wrote them."""
    applied: int
    unchanged: int
    waiting: int
    sent: int
    """Records written to the folder."""
    segments_written: int
    conflicts: list[ConflictView] = field(default_factory=list)
    clocks: list[ClockNote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "device": self.device,
            "folder": str(self.folder),
            "joined": self.joined,
            "read": self.read,
            "applied": self.applied,
            "unchanged": self.unchanged,
            "waiting": self.waiting,
            "sent": self.sent,
            "segments_written": self.segments_written,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "clocks": [
                {"device": c.device, "changes": c.changes, "latest": c.latest.isoformat()}
                for c in self.clocks
            ],
            "warnings": self.warnings,
        }


@dataclass(frozen=True, slots=True)
class PeerView:
    id: str
    name: str
    last_wrote: datetime | None
    """When its newest segment arrived in the folder here (None: it wrote none yet)."""
    unread: int
    """Its segments this device has not read yet."""


@dataclass(frozen=True, slots=True)
class SyncStatus:
    set_up: bool
    device: str | None = None
    device_id: str | None = None
    folder: Path | None = None
    folder_found: bool = False
    last_sync: datetime | None = None
    """When this device last wrote to the folder."""
    others: list[PeerView] = field(default_factory=list)
    unsent: int = 0
    """Records changed here since the last sync."""
    unread: int = 0
    """Segments of other devices not read yet."""
    waiting: int = 0
    """Changes read that wait for a domain that has not arrived."""
    conflicts: list[ConflictView] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "set_up": self.set_up,
            "device": self.device,
            "device_id": self.device_id,
            "folder": str(self.folder) if self.folder else None,
            "folder_found": self.folder_found,
            "last_sync": self.last_sync.isoformat() if self.last_sync else None,
            "others": [
                {
                    "device": p.name,
                    "id": p.id,
                    "last_wrote": p.last_wrote.isoformat() if p.last_wrote else None,
                    "unread_segments": p.unread,
                }
                for p in self.others
            ],
            "unsent": self.unsent,
            "unread_segments": self.unread,
            "waiting": self.waiting,
            "conflicts": [c.to_dict() for c in self.conflicts],
        }


def default_device_name() -> str:
    """The computer's name: what the person calls this device on the others."""
    import socket  # only a first sync needs it

    return socket.gethostname().split(".")[0] or "this device"


def sync_now(
    ctx: Context,
    *,
    folder: Path | None = None,
    key: str | None = None,
    name: str | None = None,
    new_device: bool = False,
) -> SyncReport:
    """Read the other devices' changes from the folder, merge them, write this device's own.

    The first sync of a device sets it up: with ``key`` it joins devices that sync already,
    without one it starts a new key for the folder. Anything wrong in the folder is one
    ``SyncRefused`` line, raised before this database or the folder is written.
    """
    if folder is None and ctx.settings.sync_folder:
        folder = Path(ctx.settings.sync_folder)  # the sync_folder setting; --folder wins
    device, joined = _device(ctx, folder=folder, key=key, name=name, new_device=new_device)
    where = _folder(device)
    sealer = Sealer(device.key)
    mine = where / device.id
    device = _recover_interrupted_write(ctx, device, mine, sealer)
    _refuse_a_second_writer(device, mine)
    conn = ctx.connect()
    try:
        direct.refuse_readonly(conn)
        if new_device:
            sync_log.forget_exports(conn)
        segments, warnings = _read_new_segments(conn, device, where, sealer)
        if joined:
            save_device(ctx.db_path, device)
        merged = _merge(conn, device, segments)
        written, sent, device = _write_own(ctx, conn, device, mine, sealer)
    finally:
        conn.close()
    if merged.applied:
        ctx.refresh_history()  # older sessions from elsewhere removed the summary: sum it once
    names = _names(segments)
    read: dict[str, int] = {}
    for segment in segments:
        if segment.device != device.id:
            label = names.get(segment.device, segment.device[:8])
            read[label] = read.get(label, 0) + 1
    return SyncReport(
        device=device.name,
        folder=where,
        joined=joined,
        read=read,
        applied=merged.applied,
        unchanged=merged.unchanged,
        waiting=merged.waiting,
        sent=sent,
        segments_written=written,
        conflicts=merged.conflicts,
        clocks=merged.clocks,
        warnings=warnings,
    )


def _device(
    ctx: Context, *, folder: Path | None, key: str | None, name: str | None, new_device: bool
) -> tuple[Device, bool]:
    """This device's identity: loaded, or made for a first sync (saved once the folder checks
    out)."""
    given_key = key_from_words(key) if key is not None else None
    device = load_device(ctx.db_path)
    if device is None:
        if folder is None:
            raise NotFound("this device does not sync yet", fix=SYNC_SET_UP)
        chosen = name.strip() if name and name.strip() else default_device_name()
        made = Device(new_uid(), chosen, given_key or new_key(), folder.expanduser().absolute())
        return made, True
    if given_key is not None and given_key != device.key:
        raise InvalidInput(
            "this device already syncs with another key; a device keeps the key it joined with "
            "(polymath sync key shows it)"
        )
    changes: dict[str, object] = {}
    if folder is not None:
        changes["folder"] = folder.expanduser().absolute()
    if name and name.strip():
        changes["name"] = name.strip()
    if new_device:
        changes.update(id=new_uid(), written=0, digest=None, writing=None)
    if changes:
        device = device.with_changes(**changes)
        save_device(ctx.db_path, device)
    return device, False


def _folder(device: Device) -> Path:
    if device.folder is None:
        raise NotFound("no sync folder is set for this device", fix=SYNC_SET_UP)
    if not device.folder.is_dir():
        raise NotFound(
            f"the sync folder {display(str(device.folder))} does not exist (is the drive or the "
            "sync program's folder there?)"
        )
    return device.folder


def _recover_interrupted_write(ctx: Context, device: Device, mine: Path, sealer: Sealer) -> Device:
    """A segment being written when the device stopped: kept if it is whole, else forgotten."""
    if device.writing is None:
        return device
    number = device.writing
    finished = device.with_changes(writing=None)
    if number in sync_folder.segment_numbers(mine):
        blob = sync_folder.read_segment(mine, number)
        try:
            decode(blob, sealer, device.id, number)
        except SegmentProblem:
            pass
        else:
            finished = finished.with_changes(written=number, digest=sync_folder.digest(blob))
    save_device(ctx.db_path, finished)
    return finished


def _refuse_a_second_writer(device: Device, mine: Path) -> None:
    """Segments under this device's id that it did not write: a copy of it writes there too."""
    numbers = sync_folder.segment_numbers(mine)
    foreign = [n for n in numbers if n > device.written]
    if device.written in numbers and device.digest is not None:
        blob = sync_folder.read_segment(mine, device.written)
        if sync_folder.digest(blob) != device.digest:
            foreign.append(device.written)
    copies = sync_folder.conflict_copies(mine)
    if foreign or copies:
        raise SyncRefused(
            f"another device writes to the sync folder as this one ({display(device.name)}, "
            f"{device.id[:8]}): one of the two is a copy of the other's data; nothing was written",
            fix=SYNC_NEW_DEVICE,
        )


def _read_new_segments(
    conn: Connection, device: Device, where: Path, sealer: Sealer
) -> tuple[list[Segment], list[str]]:
    """Every segment not read yet (this device's own too, after a restored backup), checked
    whole before anything is written."""
    cursors = sync_log.cursors(conn)
    segments: list[Segment] = []
    warnings: list[str] = []
    for device_id, path in sorted(sync_folder.device_folders(where).items()):
        start = cursors[device_id].segment if device_id in cursors else 0
        numbers = sync_folder.segment_numbers(path)
        for number in numbers:
            if number <= start:
                continue
            if device_id == device.id and number > device.written:
                continue  # refused above; never read as our own
            blob = sync_folder.read_segment(path, number)
            try:
                segments.append(decode(blob, sealer, device_id, number))
            except SegmentProblem as problem:
                name = cursors[device_id].name if device_id in cursors else device_id[:8]
                raise _refusal(problem, name, path / sync_folder.segment_name(number)) from None
        if device_id != device.id and sync_folder.conflict_copies(path):
            name = cursors[device_id].name if device_id in cursors else device_id[:8]
            warnings.append(
                f"the folder of {display(name)} holds conflict copies made by the sync program: "
                "two devices write as that one"
            )
    return segments, warnings


def _refusal(problem: SegmentProblem, device: str, path: Path) -> SyncRefused:
    where = f"{display(str(path))} (from {display(device)})"
    if problem.kind == SegmentProblem.WRONG_KEY:
        return SyncRefused(
            f"{where} was written with another key than this device's; nothing was written",
            fix=SYNC_KEY,
        )
    if problem.kind == SegmentProblem.NEWER:
        return SyncRefused(
            f"{where} was written by a newer Polymath (sync format {problem.detail}); "
            "upgrade Polymath on this device; nothing was written"
        )
    if problem.kind == SegmentProblem.TRUNCATED:
        return SyncRefused(f"{where} is cut short; nothing was written")
    if problem.kind == SegmentProblem.GARBAGE:
        return SyncRefused(f"{where} is not a Polymath sync file; nothing was written")
    return SyncRefused(f"{where} is damaged or was altered ({problem.detail}); nothing was written")


@dataclass
class _Merged:
    applied: int = 0
    unchanged: int = 0
    waiting: int = 0
    conflicts: list[ConflictView] = field(default_factory=list)
    clocks: list[ClockNote] = field(default_factory=list)


def _names(segments: list[Segment]) -> dict[str, str]:
    return {segment.device: segment.name for segment in segments}


def _merge(conn: Connection, device: Device, segments: list[Segment]) -> _Merged:
    """Apply the segments read as one undoable change; remember how far each device was read."""
    now = now_ms()
    result = _Merged()
    if not segments and not sync_log.pending_count(conn):
        return result
    senders = sorted({s.name for s in segments if s.device != device.id})
    changes = sum(len(s.entries) for s in segments if s.device != device.id)
    label = f"sync: {changes} change{'' if changes == 1 else 's'}" + (
        f" from {', '.join(senders)}" if senders else ""
    )
    ahead: dict[str, list[int]] = {}
    with direct.change(conn, label):
        sync_log.start_applying(conn, device.id)
        incoming = []
        for segment in segments:
            seen = UNSEEN
            if segment.device != device.id:
                seen = sync_log.seen_seq(conn, device.id, segment.seen.get(device.id, 0))
            for entry in segment.entries:
                if entry.at > now + FUTURE_TOLERANCE_MS:
                    ahead.setdefault(segment.name, []).append(entry.at)
                    entry = entry._replace(at=now)
                incoming.append(Incoming(entry, segment.device, seen))
        try:
            outcome = merge(conn, incoming, device.id, now)
        except MergeRefused as exc:
            raise SyncRefused(f"{exc}; nothing was written") from None
        sync_log.stop_applying(conn)
        names = {**{c.device: c.name for c in sync_log.cursors(conn).values()}, **_names(segments)}
        names[device.id] = device.name
        for fact in outcome.conflicts:
            label_text = _label(conn, fact.table, fact.uid, fact.kept_data or fact.lost_data)
            sync_log.add_conflict(
                conn,
                noticed_at=now,
                table=fact.table,
                uid=fact.uid,
                label=label_text,
                kept=(fact.kept_device, fact.kept_at),
                kept_deleted=fact.kept_data is None,
                lost=(fact.lost_device, fact.lost_at),
                lost_deleted=fact.lost_data is None,
                lost_data=dict(fact.lost_data or {}),
            )
        last = {}
        for segment in segments:
            last[segment.device] = segment
        for device_id, segment in last.items():
            sync_log.put_cursor(
                conn,
                sync_log.Cursor(device_id, segment.number, segment.name, segment.written_at, now),
            )
        sync_log.drop_empty_change(conn)
        stored = sync_log.conflicts(conn, len(outcome.conflicts)) if outcome.conflicts else []
    result.applied, result.unchanged, result.waiting = (
        outcome.applied,
        outcome.unchanged,
        outcome.waiting,
    )
    result.conflicts = [_view(c, names) for c in reversed(stored)]
    result.clocks = [
        ClockNote(name, len(times), _moment(max(times))) for name, times in sorted(ahead.items())
    ]
    return result


def _write_own(
    ctx: Context, conn: Connection, device: Device, mine: Path, sealer: Sealer
) -> tuple[int, int, Device]:
    """This device's changes since its last segment, as new segments in its own folder.

    Crash safety: the device file notes the segment about to be written; the segment is
    written whole and durably; the device file then records it and its digest; only then does
    the database note how far it got. Stopped anywhere, the next sync finds a whole segment or
    none, and writes again what the database did not note (the same versions: harmless).
    """
    with direct.snapshot(conn):
        since = sync_log.exported_seq(conn)
        last = sync_log.last_seq(conn)
        entries = sync_log.local_changes(conn, since)
        seen = {c.device: c.segment for c in sync_log.cursors(conn).values()}
    if not entries and device.written:
        return 0, 0, device
    size = SEGMENT_ENTRIES
    chunks = [entries[start : start + size] for start in range(0, len(entries), size)] or [[]]
    for chunk in chunks:
        number = device.written + 1
        now = now_ms()
        blob = encode(Segment(device.id, device.name, number, now, seen, chunk), sealer)
        device = device.with_changes(writing=number)
        save_device(ctx.db_path, device)
        sync_folder.write_segment(mine, number, blob)
        device = device.with_changes(written=number, digest=sync_folder.digest(blob), writing=None)
        save_device(ctx.db_path, device)
        sync_log.record_segment_written(
            conn, device=device.id, name=device.name, segment=number, last=last, now=now
        )
    return len(chunks), len(entries), device


def _label(conn: Connection, table: str, uid: str, data: Mapping[str, Any] | None) -> str:
    """The record as a person knows it: "Spanish session 12 Nov", "domain Jazz"."""
    data = data or {}
    if table == "learning_session":
        domain = sync_log.domain_name(conn, str(data.get("domain", ""))) or "a"
        started = str(data.get("started_at", ""))[:10]
        day = datetime.fromisoformat(started).strftime("%d %b %Y") if started else ""
        return f"{domain} session {day}".strip()
    if table == "assessment":
        domain = sync_log.domain_name(conn, str(data.get("domain", ""))) or "a domain"
        return f"level of {domain} on {data.get('on', '')}"
    if table == "domain":
        return f"domain {data.get('name') or uid[:8]}"
    if table == "rest_week":
        return f"rest week {uid.partition('/')[2]}"
    return f"setting {uid.partition('/')[2]}"


def _moment(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def _view(conflict: sync_log.Conflict, names: Mapping[str, str]) -> ConflictView:
    return ConflictView(
        id=conflict.id,
        label=conflict.label,
        kept_by=names.get(conflict.kept_device, conflict.kept_device[:8]),
        kept_at=_moment(conflict.kept_at),
        kept_deleted=conflict.kept_deleted,
        lost_by=names.get(conflict.lost_device, conflict.lost_device[:8]),
        lost_at=_moment(conflict.lost_at),
        lost_deleted=conflict.lost_deleted,
        lost=conflict.lost_data,
        restored=conflict.restored,
    )


def sync_status(ctx: Context, *, conflicts: int = 5) -> SyncStatus:
    """Where this device stands: the folder, the other devices, what waits to go either way.

    Cheap enough for a footer: it lists the folder and reads a few rows, opening no segment.
    """
    device = load_device(ctx.db_path)
    if device is None:
        return SyncStatus(set_up=False)
    conn = ctx.connect()
    try:
        with direct.snapshot(conn):
            cursors = sync_log.cursors(conn)
            unsent = sync_log.unexported_count(conn)
            waiting = sync_log.pending_count(conn)
            stored = sync_log.conflicts(conn, conflicts)
    finally:
        conn.close()
    names = {d: c.name for d, c in cursors.items()} | {device.id: device.name}
    found = device.folder is not None and device.folder.is_dir()
    others: list[PeerView] = []
    if found and device.folder is not None:
        for device_id, path in sorted(sync_folder.device_folders(device.folder).items()):
            if device_id == device.id:
                continue
            start = cursors[device_id].segment if device_id in cursors else 0
            unread = sum(1 for n in sync_folder.segment_numbers(path) if n > start)
            arrived = sync_folder.newest_write(path)
            others.append(
                PeerView(
                    device_id,
                    names.get(device_id, device_id[:8]),
                    datetime.fromtimestamp(arrived, UTC) if arrived else None,
                    unread,
                )
            )
    own = cursors.get(device.id)
    return SyncStatus(
        set_up=True,
        device=device.name,
        device_id=device.id,
        folder=device.folder,
        folder_found=found,
        last_sync=_moment(own.read_at) if own else None,
        others=sorted(others, key=lambda p: p.name),
        unsent=unsent,
        unread=sum(p.unread for p in others),
        waiting=waiting,
        conflicts=[_view(c, names) for c in stored],
    )


def sync_key(ctx: Context) -> str:
    """The key of this device's sync folder, as the words to type on another device."""
    device = load_device(ctx.db_path)
    if device is None:
        raise NotFound("this device does not sync yet, so it has no key", fix=SYNC_SET_UP)
    return key_words(device.key)


def list_conflicts(ctx: Context, *, limit: int = 100) -> list[ConflictView]:
    device = load_device(ctx.db_path)
    conn = ctx.connect()
    try:
        cursors = sync_log.cursors(conn)
        stored = sync_log.conflicts(conn, limit)
    finally:
        conn.close()
    names = {d: c.name for d, c in cursors.items()}
    if device is not None:
        names[device.id] = device.name
    return [_view(c, names) for c in stored]


def restore_conflict(ctx: Context, conflict_id: int) -> ConflictView:
    """Bring back the version a conflict set aside, as a new change of this device's (which
    the next sync carries to the others; ``undo`` reverts it)."""
    device = load_device(ctx.db_path)
    conn = ctx.connect()
    try:
        found = sync_log.conflict(conn, conflict_id)
        if found is None:
            raise NotFound(f"no sync conflict {conflict_id}")
        with direct.change(conn, f"restore {found.label} from conflict {conflict_id}"):
            try:
                restore_record(
                    conn, found.table, found.uid, None if found.lost_deleted else found.lost_data
                )
            except MergeRefused as exc:
                raise InvalidInput(str(exc)) from None
            sync_log.mark_restored(conn, conflict_id)
        cursors = sync_log.cursors(conn)
    finally:
        conn.close()
    names = {d: c.name for d, c in cursors.items()}
    if device is not None:
        names[device.id] = device.name
    return _view(found._replace(restored=True), names)
