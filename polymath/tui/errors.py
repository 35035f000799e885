"""Errors a user can cause become a notification, never a traceback (STYLE.md, convention 8)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from textual.message import Message
from textual.message_pump import MessagePump

from polymath.core import errors
from polymath.core.errors import PolymathError
from polymath.core.text import display


@dataclass
class ErrorReported(Message):
    """Posted to the app from a worker thread; the app shows ``text`` as an error notification."""

    text: str


@contextmanager
def reported_to(target: MessagePump, doing: str = "") -> Iterator[None]:
    """Run a database step; a PolymathError or OSError is posted to ``target`` as one line.

    Thread-safe: ``post_message`` may be called from a worker thread.
    """
    prefix = f"{doing}: " if doing else ""
    try:
        yield
    except PolymathError as exc:
        target.post_message(ErrorReported(f"{prefix}{error_text(exc)}"))
    except OSError as exc:
        target.post_message(ErrorReported(f"{prefix}{exc.strerror or exc}"))


NEXT_STEPS: dict[str, str] = {
    errors.LIST_DOMAINS: "see the domains screen (d)",
    errors.RESTORE_DOMAIN: "restore it on the domains screen (d; v shows it, x restores it)",
    errors.MAP_DOMAIN: "map one on the domains screen (d, then m)",
    errors.LIST_AREAS: "the map dialog (m on the domains screen) offers the areas that match",
    errors.LIST_SESSIONS: "sessions are listed on their domain's screen (d, then enter)",
    errors.START_TIMER: "highlight a domain and press s to start one",
    errors.CANCEL_TIMER: "c cancels it",
    errors.STOP_TIMER_AT: "S ends it at the time you stopped (c cancels it)",
    errors.ADOPT_STACK: "adopt a suggestion on the planner (p, then enter)",
    errors.MERGE_DOMAINS: "merge into it instead (j on the domains screen)",
    errors.LOG_AGAIN: "it is listed on its domain's screen (d, then enter)",
    errors.SYNC_SET_UP: "set it up once on the command line: polymath sync --folder DIR",
    errors.SYNC_KEY: "polymath sync key on a device that syncs shows the key to join with",
    errors.SYNC_NEW_DEVICE: "on the command line: polymath sync --new-device",
}
"""The app's words for an error's next step (the command line has its own). Only syncing is
set up on the command line; the demo never syncs, so it never shows those."""


def error_text(exc: PolymathError) -> str:
    """The one line the app shows for an error: the fact, then the next step in the app's terms."""
    step = NEXT_STEPS.get(exc.fix or "")
    text = display(str(exc))
    return f"{text}; {step}" if step else text
