"""The line that confirms a check-in, the same on the command line and in the app.

Imported on the check-in path: it loads nothing beyond the core.
"""

from polymath.core.durations import format_minutes
from polymath.core.text import display
from polymath.services.checkin import Logged


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
    return " ".join(parts)
