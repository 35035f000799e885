"""The line that confirms a check-in, the same on the command line and in the app.

Imported on the check-in path: it loads nothing beyond the core.
"""

from datetime import timedelta

from polymath.core.durations import format_minutes
from polymath.core.text import display
from polymath.services.checkin import Logged, Overlap


def logged_line(logged: Logged) -> str:
    """``logged 45m of experiment in Jazz piano on Sun 29 Nov 08:09 (#664)``, and what changed."""
    parts = [
        f"logged {format_minutes(logged.minutes)} of {logged.kind} in {display(logged.domain)}"
    ]
    if logged.with_domains:
        parts.append(f"with {', '.join(display(name) for name in logged.with_domains)}")
    parts.append(f"on {logged.started_at:%a %d %b %H:%M} (#{logged.session_id})")
    if logged.created_domains:
        named = [
            f"{display(name)}, area {display(area)}" if area else display(name)
            for name, area in zip(logged.created_domains, logged.created_areas, strict=True)
        ]
        parts.append(f"[new domain: {', '.join(named)}]")
    if logged.restored_domains:
        restored = ", ".join(display(name) for name in logged.restored_domains)
        parts.append(f"[back from the archive: {restored}]")
    if logged.overlaps:
        shared = ", ".join(overlap_text(o, logged) for o in logged.overlaps)
        parts.append(f"[overlaps {shared}]")
    return " ".join(parts)


def overlap_text(overlap: Overlap, logged: Logged) -> str:
    """``#12 Jazz piano 19:00-20:00 by 30m``; the day too when it is not the new session's."""
    zone = logged.started_at.tzinfo
    start = overlap.started_at.astimezone(zone)
    end = (overlap.started_at + timedelta(minutes=overlap.minutes)).astimezone(zone)
    day = "" if start.date() == logged.started_at.date() else f"{start:%a %d %b} "
    return (
        f"#{overlap.session_id} {display(overlap.domain)} {day}{start:%H:%M}-{end:%H:%M} "
        f"by {format_minutes(overlap.shared_minutes)}"
    )
