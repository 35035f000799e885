"""Writing a person's files: whole or not at all, never over their data, never a surprise.

Every file Polymath writes (an export, a report) goes through ``write_file``:

- it is written under a temporary name in the same folder and renamed into place, so a partial
  file is never left, and it is readable by its owner only;
- an existing file is replaced only when asked (``force``), and a symbolic link is never
  replaced: with ``force`` the file it points to is;
- the database, its ``-wal``/``-shm``/``-journal`` files and the backups beside it are never
  targets, whatever the spelling of the path;
- a pipe, ``/dev/null`` or the terminal (``/dev/stdout``) are written through; any other
  special file (a disk, a socket) is refused.
"""

import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from polymath.core.errors import InvalidInput

DATABASE_SIDE_FILES = ("", "-wal", "-shm", "-journal", ".sync.json")
WRITE_THROUGH = ("/dev/null",)


def write_file(
    text: str, target: Path, *, force: bool = False, protected: Iterable[Path] = ()
) -> Path:
    """Write ``text`` (UTF-8) to ``target`` by the rules above; returns the path written."""
    _refuse_protected(target, protected)
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InvalidInput(f"cannot write {target}: {exc.strerror}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{target} is a folder: name a file to write")
        if _writes_through(target, info):
            _write_through(text, target)
            return target
        raise InvalidInput(f"{target} is not a regular file; nothing was written")
    if info is not None and not force:
        raise InvalidInput(f"{target} already exists; add --force to replace it")
    real = target.resolve() if target.is_symlink() else target
    return write_atomic(text, real)


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
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def write_stdout(text: str) -> None:
    """Text to standard output as UTF-8 bytes, whatever the terminal's locale says."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _refuse_protected(target: Path, protected: Iterable[Path]) -> None:
    aimed = _resolved(target)
    for database in protected:
        base = _resolved(database)
        guarded = {base.with_name(base.name + side) for side in DATABASE_SIDE_FILES}
        backups = base.parent / "backups"
        if aimed in guarded or aimed.parent == backups or _same_file(target, database):
            raise InvalidInput(
                f"{target} is your database or one of its backups; choose another file"
            )


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _writes_through(target: Path, info: os.stat_result) -> bool:
    """A pipe, /dev/null, or this process's own standard output or error."""
    if stat.S_ISFIFO(info.st_mode) or str(_resolved(target)) in WRITE_THROUGH:
        return True
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            own = os.fstat(stream.fileno()) if stream is not None else None
        except (OSError, ValueError):
            own = None
        if own is not None and (own.st_dev, own.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False


def _write_through(text: str, target: Path) -> None:
    try:
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise InvalidInput(f"cannot write {target}: {exc.strerror or exc}") from None
