"""Errors a user can cause become a notification, never a traceback (STYLE.md, convention 8)."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from textual.message import Message
from textual.message_pump import MessagePump

from polymath.core.errors import PolymathError


@dataclass
class ErrorReported(Message):
    """Posted to the app from a worker thread; the app shows ``text`` as an error notification."""

    text: str


@contextmanager
def reported_to(target: MessagePump, doing: str = "") -> Iterator[None]:
    """Run a database step; a PolymathError or sqlite3 error is posted to ``target`` as one line.

    Thread-safe: ``post_message`` may be called from a worker thread.
    """
    prefix = f"{doing}: " if doing else ""
    try:
        yield
    except PolymathError as exc:
        target.post_message(ErrorReported(f"{prefix}{exc}"))
    except sqlite3.Error as exc:
        target.post_message(ErrorReported(f"{prefix}database error: {exc}"))
    except OSError as exc:
        target.post_message(ErrorReported(f"{prefix}{exc.strerror or exc}"))
