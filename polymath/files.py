"""Writing a person's files: whole or not at all, so a partial file is never left behind."""

import os
import tempfile
from pathlib import Path

from polymath.core.errors import InvalidInput


def write_atomic(text: str, target: Path) -> Path:
    """Write ``text`` to ``target`` through a temporary file in the same folder, then rename.

    Returns the path written; a problem with the path is one InvalidInput line.
    """
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
