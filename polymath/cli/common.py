"""What every command shares: its context, its output, and the yes/no prompt."""

import os
import sys

from polymath.config import load_settings
from polymath.paths import DB_ENV, database_file
from polymath.services.context import Context, system_clock

TYPE_CHECKING = False
if TYPE_CHECKING:
    from argparse import Namespace
    from pathlib import Path

clock = system_clock
"""The one clock every command reads; tests set it with ``monkeypatch.setattr``."""


def context(args: "Namespace", *, write: bool = True) -> Context:
    """The command's view of the data: the database chosen, the settings, the clock (``clock``).

    A command that only reads passes ``write=False``: it then never creates a database (a
    mistyped ``--db`` is reported, not made) and works on a read-only file.
    """
    flag = getattr(args, "db", None)
    if flag is not None and not flag.strip():
        from polymath.core.errors import InvalidInput

        raise InvalidInput("--db needs a file name; it was empty")
    path = database_file(flag)
    chosen = flag is not None or bool(os.environ.get(DB_ENV, "").strip())
    return Context(path, load_settings(), clock=clock, write=write, create_folder=not chosen)


def wants_json(args: "Namespace") -> bool:
    return bool(getattr(args, "json", False))


def emit(args: "Namespace", data: object, text: str) -> int:
    """Print ``data`` as JSON under ``--json``, else the human text."""
    if wants_json(args):
        import json  # only scripts ask for it; a check-in at the prompt does not load it

        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    elif text:
        print(text)
    return 0


def confirm(question: str) -> bool:
    """Ask on a terminal; never block a script (no terminal means no)."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def write_output(
    text: str, output: str | None, *, force: bool = False, database: "Path | None" = None
) -> "Path | None":
    """Write to a file (whole, never over the database, replacing one only with ``force``), or
    to standard output when no file or ``-`` is named."""
    from pathlib import Path

    from polymath.files import write_file, write_stdout

    if not output or output == "-":
        write_stdout(text)
        return None
    protected = [database] if database is not None else []
    return write_file(text, Path(output), force=force, protected=protected)
