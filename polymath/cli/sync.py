"""``polymath sync``: one history on several devices, through a folder another program carries."""

import argparse
from pathlib import Path

from polymath.cli.common import context, emit
from polymath.core.text import display
from polymath.reports.sync import conflict_line, report_lines, when
from polymath.services import sync


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
    lines = report_lines(report, ctx.settings.zone, joining=bool(args.key))
    return emit(args, report.to_dict(), "\n".join(lines))


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
        + (f"last wrote {when(p.last_wrote, zone)}" if p.last_wrote else "nothing written yet")
        + (f", {p.unread} segment(s) to read" if p.unread else "")
        for p in status.others
    ]
    lines = [
        f"device     {display(status.device or '')} ({(status.device_id or '')[:8]})",
        f"folder     {display(str(status.folder))}"
        + ("" if status.folder_found else "  (NOT FOUND)"),
        f"last sync  {when(status.last_sync, zone) if status.last_sync else 'never'}",
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
                f"({when(c.kept_at, zone)})" + (" (restored)" if c.restored else "")
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
        f"#{c.id} {conflict_line(c, zone)}" + (" (restored)" if c.restored else "") for c in listed
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
