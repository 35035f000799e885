"""``polymath sync``: one history on several devices, through a folder another program carries."""

import argparse
from datetime import datetime, tzinfo
from pathlib import Path

from polymath.cli.common import context, emit
from polymath.core.text import display
from polymath.services import sync
from polymath.services.sync import ConflictView


def cmd_sync(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    if action == "status":
        return _status(args)
    if action == "key":
        return _key(args)
    if action == "conflicts":
        return _conflicts(args)
    if action == "restore":
        return _restore(args)
    ctx = context(args)
    report = sync.sync_now(
        ctx,
        folder=Path(args.folder) if args.folder else None,
        key=args.key,
        name=args.name,
        new_device=args.new_device,
    )
    zone = ctx.settings.zone
    lines = []
    if report.joined:
        lines.append(
            f"{display(report.device)} now syncs through {display(str(report.folder))}"
            + ("" if args.key else "; to add another device, polymath sync key shows the key")
        )
    read = ", ".join(f"{n} from {display(name)}" for name, n in sorted(report.read.items()))
    received = (
        f"read {read}: {report.applied} applied, {report.unchanged} already here"
        if read
        else "nothing new from other devices"
    )
    lines.append(f"{received}; sent {report.sent} change{'' if report.sent == 1 else 's'}")
    if report.waiting:
        lines.append(
            f"{report.waiting} change(s) wait for a domain another device has not sent yet"
        )
    lines += [_conflict_line(c, zone) for c in report.conflicts]
    lines += [
        f"{c.changes} change(s) from {display(c.device)} were dated in the future (up to "
        f"{_when(c.latest, zone)}; is its clock wrong?): they were dated now"
        for c in report.clocks
    ]
    lines += [f"warning: {w}" for w in report.warnings]
    return emit(args, report.to_dict(), "\n".join(lines))


def _when(moment: datetime, zone: tzinfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def _conflict_line(c: ConflictView, zone: tzinfo) -> str:
    """ "Spanish session 12 Nov 2026 edited on both laptop and desktop; kept the desktop's"."""
    kept, lost = display(c.kept_by), display(c.lost_by)
    if c.kept_deleted == c.lost_deleted:
        what = f"edited on both {lost} and {kept}"
    elif c.lost_deleted:
        what = f"deleted on {lost} and edited on {kept}"
    else:
        what = f"edited on {lost} and deleted on {kept}"
    aside = "the deletion" if c.lost_deleted else "the other version"
    return (
        f"{display(c.label)} {what}; kept the {kept}'s, {c.kept_at.astimezone(zone):%H:%M} "
        f"({aside} is kept: polymath sync restore {c.id})"
    )


def _status(args: argparse.Namespace) -> int:
    ctx = context(args, write=False)
    status = sync.sync_status(ctx)
    if not status.set_up:
        return emit(
            args,
            status.to_dict(),
            "this device does not sync; set it up with: polymath sync --folder DIR",
        )
    zone = ctx.settings.zone
    others = [
        f"{display(p.name)}: "
        + (f"last wrote {_when(p.last_wrote, zone)}" if p.last_wrote else "nothing written yet")
        + (f", {p.unread} segment(s) to read" if p.unread else "")
        for p in status.others
    ]
    lines = [
        f"device     {display(status.device or '')} ({(status.device_id or '')[:8]})",
        f"folder     {display(str(status.folder))}"
        + ("" if status.folder_found else "  (NOT FOUND)"),
        f"last sync  {_when(status.last_sync, zone) if status.last_sync else 'never'}",
        "others     " + ("\n           ".join(others) if others else "none seen yet"),
        f"to send    {status.unsent} change{'' if status.unsent == 1 else 's'}",
        f"to read    {status.unread} segment{'' if status.unread == 1 else 's'}",
    ]
    if status.waiting:
        lines.append(f"waiting    {status.waiting} change(s) for a domain not yet sent")
    if status.conflicts:
        lines.append(
            "conflicts  "
            + "\n           ".join(
                f"#{c.id} {display(c.label)}: kept {display(c.kept_by)}'s "
                f"({_when(c.kept_at, zone)})" + (" (restored)" if c.restored else "")
                for c in status.conflicts
            )
        )
    return emit(args, status.to_dict(), "\n".join(lines))


def _key(args: argparse.Namespace) -> int:
    words = sync.sync_key(context(args, write=False))
    return emit(
        args,
        {"key": words},
        f"{words}\njoin another device with: polymath sync --folder DIR --key '{words}'",
    )


def _conflicts(args: argparse.Namespace) -> int:
    ctx = context(args, write=False)
    listed = sync.list_conflicts(ctx)
    zone = ctx.settings.zone
    text = "\n".join(
        f"#{c.id} {_conflict_line(c, zone)}" + (" (restored)" if c.restored else "") for c in listed
    )
    return emit(args, [c.to_dict() for c in listed], text or "no conflicts")


def _restore(args: argparse.Namespace) -> int:
    view = sync.restore_conflict(context(args), args.id)
    return emit(
        args,
        view.to_dict(),
        f"restored {display(view.label)} as {display(view.lost_by)} had it; "
        "the next sync sends it (polymath undo reverts it)",
    )
