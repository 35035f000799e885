"""The text of a file to import, read a piece at a time so that a large file is never held whole.

A loader reads from a ``Source``: given a ``str`` it hands the text over as it is (no copy), given
a binary file it decodes UTF-8 as it goes. Decoding and reading problems become ``ImportFailed``
lines naming the file, wherever in the file they occur.
"""

import io
from collections.abc import Iterator
from typing import IO, Final

from polymath.core.errors import ImportFailed
from polymath.core.text import display

CHUNK_CHARS: Final = 1 << 18
"""Characters read at a time from a file: large enough that Python's per-call cost vanishes."""
BOM: Final = "\ufeff"


class Source:
    """Text read in pieces: ``read`` for the JSON reader, ``lines`` for the CSV reader.

    Given a binary file, the source decodes it as it reads and closes it when it is done with
    it (``load_file`` opens and closes its own).
    """

    __slots__ = ("_chunk", "_name", "_stream", "_text")

    def __init__(
        self, data: str | IO[bytes], name: str = "the file", *, chunk: int = CHUNK_CHARS
    ) -> None:
        self._name = display(name)
        self._chunk = max(1, chunk)
        if isinstance(data, str):
            self._text: str | None = data.removeprefix(BOM)
            self._stream: IO[str] | None = None
        else:
            self._text = None
            self._stream = io.TextIOWrapper(data, encoding="utf-8-sig", newline="")

    def read(self, more: int = 0) -> str:
        """The next piece of text, ``chunk`` or ``more`` characters from a file; '' at the end.

        Text given as a ``str`` comes whole at the first call: it is in memory already.
        """
        if self._stream is None:
            text, self._text = self._text or "", ""
            return text
        try:
            return self._stream.read(max(self._chunk, more))
        except UnicodeDecodeError:
            raise self.not_utf8() from None
        except OSError as exc:
            raise ImportFailed(f"cannot read {self._name}: {exc.strerror or exc}") from None

    def head(self, size: int) -> str:
        """The first ``size`` characters, which later reads give again (to guess a format).

        A file that cannot go back to its start (a pipe) is read whole instead.
        """
        if self._stream is None:
            return (self._text or "")[:size]
        text = self.read(size)
        try:
            self._stream.seek(0)
        except (OSError, ValueError):
            rest = []
            while piece := self.read():
                rest.append(piece)
            self._text, self._stream = text + "".join(rest), None
        return text

    def lines(self) -> Iterator[str]:
        """The text's lines with their ends (\\n, \\r\\n or a bare \\r), as ``csv.reader`` wants."""
        lines = io.StringIO(self.read(), newline="") if self._stream is None else self._stream
        try:
            yield from lines
        except UnicodeDecodeError:
            raise self.not_utf8() from None
        except OSError as exc:
            raise ImportFailed(f"cannot read {self._name}: {exc.strerror or exc}") from None

    def not_utf8(self) -> ImportFailed:
        return ImportFailed(f"{self._name} is not UTF-8 text")
