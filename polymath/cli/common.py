"""What every command shares: its context, its output, and the yes/no prompt."""

import argparse
import sys
from pathlib import Path

from polymath.config import load_settings
from polymath.paths import database_path
from polymath.services.context import Context


def context(args: argparse.Namespace) -> Context:
    return Context(database_path(getattr(args, "db", None)), load_settings())


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def emit(args: argparse.Namespace, data: object, text: str) -> int:
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


def write_output(text: str, output: str | None) -> Path | None:
    """Write to a file atomically (a partial file is never left), or to standard output."""
    if not output:
        sys.stdout.write(text)
        return None
    import os
    import tempfile

    from polymath.core.errors import InvalidInput

    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder: name a file to write")
    if not folder.is_dir():
        raise InvalidInput(f"cannot write {target}: the folder {folder} does not exist")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise InvalidInput(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
