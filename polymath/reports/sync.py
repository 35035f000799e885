"""What a sync did and where syncing stands, in words: the same on the command line and the app."""

from datetime import datetime, tzinfo

from polymath.core.text import display
from polymath.services.sync import ConflictView, SyncReport, SyncStatus


def report_lines(report: SyncReport, zone: tzinfo, *, joining: bool = False) -> list[str]:
    """What ``sync_now`` did: who joined, what was read and sent, what waits, what clashed."""
    lines = []
    if report.joined:
        lines.append(
            f"{display(report.device)} now syncs through {display(str(report.folder))}"
            + ("" if joining else "; to add another device, polymath sync key shows the key")
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
    lines += [conflict_line(c, zone) for c in report.conflicts]
    lines += [
        f"{c.changes} change(s) from {display(c.device)} were dated in the future (up to "
        f"{when(c.latest, zone)}; is its clock wrong?): they were dated now"
        for c in report.clocks
    ]
    lines += [f"warning: {w}" for w in report.warnings]
    return lines


def state_line(status: SyncStatus, now: datetime) -> str:
    """A few words for the app's key bar: when this device last synced, what waits to go."""
    if not status.set_up:
        return ""
    if not status.folder_found:
        return "sync folder not found"
    if status.last_sync is None:
        synced = "never synced"
    else:
        minutes = int((now - status.last_sync).total_seconds() // 60)
        if minutes < 1:
            synced = "synced just now"
        elif minutes < 60:
            synced = f"synced {minutes} min ago"
        elif minutes < 48 * 60:
            synced = f"synced {minutes // 60} h ago"
        else:
            synced = f"synced {minutes // (24 * 60)} days ago"
    waiting = []
    if status.unsent:
        waiting.append(f"{status.unsent} to send")
    if status.unread:
        waiting.append(f"{status.unread} to read")
    if status.conflicts:
        waiting.append(
            f"{len(status.conflicts)} conflict{'' if len(status.conflicts) == 1 else 's'}"
        )
    return " · ".join([synced, *waiting])


def conflict_line(c: ConflictView, zone: tzinfo) -> str:
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


def when(moment: datetime, zone: tzinfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"
