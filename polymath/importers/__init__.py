"""Reading and writing history files, with no database: text in, records out, or the reverse.

One module per format (``native_json`` and ``native_csv`` for ours, ``watson``, ``timewarrior``).
Each reads a file a record at a time (``source``, ``jsonstream``), checks every value with the
rules the command line uses (``checks``), and counts what it leaves out (``result``). Saving the
records is the services' job, in one transaction, so a file that fails here leaves nothing
behind; ``load`` and ``load_file`` only return once the whole file has been read and checked.
"""

import io
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePath
from typing import IO, Any, Final

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.text import display
from polymath.importers.jsonstream import JsonReader
from polymath.importers.messages import show
from polymath.importers.native_csv import csv_records, dump_csv, load_csv
from polymath.importers.native_json import dump_json, json_records, load_json
from polymath.importers.result import ImportResult, Record, Tally, collect
from polymath.importers.source import BOM, Source
from polymath.importers.tags import TagRules
from polymath.importers.timewarrior import load_timewarrior, timewarrior_records
from polymath.importers.watson import load_watson, load_watson_log, shape_of, watson_records

__all__ = [
    "FORMATS",
    "GUESS_CHARS",
    "ImportResult",
    "Record",
    "Source",
    "Tally",
    "dump_csv",
    "dump_json",
    "guess_format",
    "iter_records",
    "load",
    "load_csv",
    "load_file",
    "load_json",
    "load_timewarrior",
    "load_watson",
    "load_watson_log",
]

FORMATS: Final = ("csv", "json", "watson", "timewarrior")
GUESS_CHARS: Final = 1 << 16
"""How much of a file ``load_file`` reads to guess its format."""
_ALIASES: Final = {"timew": "timewarrior"}


def load(
    data: str | Source,
    fmt: str,
    *,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
) -> ImportResult:
    """Read ``data`` (the text, or a ``Source`` over a file) as the format named ``fmt``.

    The maps and the default kind only apply to other trackers' files: ours already name
    domains and kinds.
    """
    tally = Tally()
    records = iter_records(
        data, fmt, tally, domain_map=domain_map, kind_map=kind_map, default_kind=default_kind
    )
    return collect(records, tally)


def iter_records(
    data: str | Source,
    fmt: str,
    tally: Tally,
    *,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
) -> Iterator[Record]:
    """The file's records one at a time, for a caller that saves them as they come.

    The file is only known to be good once the iterator is exhausted (a bad record, or bad JSON,
    may come last): save inside one transaction and roll it back on ``ImportFailed``. ``tally``
    holds the skips and warnings once the records are read. The maps are checked at once.
    """
    name = fmt.strip().lower()
    name = _ALIASES.get(name, name)
    if name == "csv":
        return csv_records(data, tally)
    if name == "json":
        return json_records(data, tally)
    if name in ("watson", "timewarrior"):
        rules = TagRules(domain_map, kind_map, default_kind)
        if name == "watson":
            return watson_records(data, rules, tally)
        return timewarrior_records(data, rules, tally)
    raise InvalidInput(f"unknown import format {show(fmt)}: use {', '.join(FORMATS)}")


STDIN: Final = "-"

Progress = Callable[[int, int], None]
"""Told how far a long piece of work is: (done, total)."""


class _Counted(io.RawIOBase):
    """A binary file that says how many bytes were read from it (for a progress bar)."""

    def __init__(self, raw: IO[bytes], seen: Callable[[int], None]) -> None:
        super().__init__()
        self._raw, self._seen = raw, seen

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        if data:
            self._seen(self._raw.tell())
        return len(data)

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()


def load_file(
    path: Path,
    fmt: str | None = None,
    *,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read the file at ``path`` a piece at a time, guessing its format when ``fmt`` is None.

    Memory grows with the records, not the file: no copy of its text is kept. A missing,
    unreadable, over-large (``max_bytes``) or non-UTF-8 file is one ``ImportFailed`` line.
    ``-`` reads standard input (``watson log --json | polymath import -``). ``progress`` hears
    the bytes read so far and the file's size.
    """
    if str(path) == STDIN:
        source = Source(_stdin(max_bytes), "standard input")
        if fmt is None:
            fmt = guess_format("standard input", source.head(GUESS_CHARS))
        return load(
            source, fmt, domain_map=domain_map, kind_map=kind_map, default_kind=default_kind
        )
    shown = display(str(path))
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise ImportFailed(f"no such file: {shown}") from None
    except IsADirectoryError:
        raise ImportFailed(f"{shown} is a folder, not a file") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {shown}: {exc.strerror or exc}") from None
    with stream:
        size = os.fstat(stream.fileno()).st_size
        if progress is not None:
            stream = io.BufferedReader(_Counted(stream, lambda done: progress(done, size)))
        if max_bytes is not None and size > max_bytes:
            raise ImportFailed(
                f"{shown} is {size // 1_000_000} MB; imports take at most "
                f"{max_bytes // (1 << 20)} MB"
            )
        source = Source(stream, str(path))
        if fmt is None:
            fmt = guess_format(path.name, source.head(GUESS_CHARS))
        return load(
            source, fmt, domain_map=domain_map, kind_map=kind_map, default_kind=default_kind
        )


def _stdin(max_bytes: int | None) -> IO[bytes]:
    """Standard input as bytes, held to ``max_bytes`` as a file would be (it has no size)."""
    if sys.stdin is None or sys.stdin.isatty():
        raise ImportFailed("nothing on standard input: pipe a file into `polymath import -`")
    data = sys.stdin.buffer.read() if max_bytes is None else sys.stdin.buffer.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise ImportFailed(
            f"standard input holds more than the {max_bytes // (1 << 20)} MB an import takes"
        )
    return io.BytesIO(data)


def guess_format(path_name: str, text: str) -> str:
    """The format a file is most likely in, from its content first and its name second.

    ``text`` may be the whole file or its start (``GUESS_CHARS`` is plenty). Content wins
    because exports are often renamed; Watson's file is plainly called ``frames`` and a
    Timewarrior export is whatever the user redirected it to.
    """
    name = PurePath(path_name).name.lower()
    head = text.removeprefix(BOM).lstrip()
    if head.startswith("{"):
        return "json"
    if head.startswith("["):
        guessed = _guess_json_list(head)
        if guessed is not None:
            return guessed
    line_end = head.find("\n")
    first_line = head if line_end < 0 else head[:line_end]
    if name.endswith(".csv") or "started_at" in first_line.lower():
        return "csv"
    if name.startswith("frames"):
        return "watson"
    if "timew" in name:
        return "timewarrior"
    raise ImportFailed(
        f"cannot tell the format of {show(path_name)}: name it ({', '.join(FORMATS)})"
    )


def _guess_json_list(head: str) -> str | None:
    """Watson's files list frames or frame objects, Timewarrior's intervals; an empty list, or
    a first entry cut off by the end of ``head``, tells nothing."""
    try:
        first = next(JsonReader(Source(head)).items())
    except (ImportFailed, StopIteration):
        return None
    if shape_of(first) is not None:
        return "watson"
    if isinstance(first, dict):
        return "timewarrior"
    return None
