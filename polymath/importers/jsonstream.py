"""One JSON document read a value at a time, so a file's records never sit in memory as one tree.

Python's own C scanner decodes every value; this module only walks the outer array or object
between values, asking the source for more text when a value runs past the buffered text. It
refuses what ``json.loads`` refuses, with the same words and the line and column in the file.
"""

import json
import re
from collections.abc import Callable, Iterator
from json.scanner import make_scanner
from typing import Final

from polymath.core.errors import ImportFailed
from polymath.importers.source import Source

_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")
_NUMBER_TAIL: Final = re.compile(r"[0-9.eE+-]*")
_SCAN: Final[Callable[[str, int], tuple[object, int]]] = make_scanner(
    json.JSONDecoder()  # type: ignore[arg-type]  # typeshed wants the scanner's own type here
)
"""The scanner ``json.loads`` uses (in C): the value at a position, and where it ends."""
_SURE_MARGIN: Final = 64
"""A scan error this far before the buffer's end is in the file, not where the buffer stops."""


class JsonReader:
    """Walks one JSON document from a ``Source``; values come out as Python objects."""

    __slots__ = ("_buf", "_column", "_ended", "_line", "_pos", "_source")

    def __init__(self, source: Source) -> None:
        self._source = source
        self._buf = ""
        self._pos = 0
        self._ended = False
        self._line = 1
        """The line of ``_buf[0]`` in the file, and its column (counted from 0) below."""
        self._column = 0

    def peek(self) -> str:
        """The next character that is not whitespace, left unread; '' at the end of the file."""
        while True:
            self._pos = _WHITESPACE.match(self._buf, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._more():
                return ""

    def value(self) -> object:
        """The next whole value (a number, text, a list, an object...)."""
        self.peek()
        while True:
            try:
                found, end = _SCAN(self._buf, self._pos)
            except StopIteration as stop:
                problem, at = "Expecting value", int(stop.value)
            except json.JSONDecodeError as exc:
                problem, at = exc.msg, exc.pos
            except RecursionError:
                raise ImportFailed("not valid JSON: nested too deeply") from None
            except ValueError:  # the only other one: an integer of over 4,300 digits
                raise ImportFailed("not valid JSON: a number has too many digits") from None
            else:
                if self._ended or self._complete(found, end):
                    self._pos = end
                    return found
                problem, at = "", end
            if problem and (self._ended or self._settled(problem, at)):
                raise self.invalid(problem, at)
            self._more(len(self._buf) - self._pos)

    def items(self) -> Iterator[object]:
        """The values of the array that starts here, one at a time."""
        self._expect("[")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            ahead = self.peek()
            self._pos += 1
            if ahead == "]":
                return
            if ahead != ",":
                raise self.invalid("Expecting ',' delimiter", self._pos - 1)

    def object_keys(self) -> Iterator[str]:
        """The keys of the object that starts here; read each key's value before the next key."""
        self._expect("{")
        ahead = self.peek()
        if ahead == "}":
            self._pos += 1
            return
        while True:
            if ahead != '"':
                raise self.invalid("Expecting property name enclosed in double quotes", self._pos)
            key = self.value()
            if self.peek() != ":":
                raise self.invalid("Expecting ':' delimiter", self._pos)
            self._pos += 1
            yield str(key)
            ahead = self.peek()
            self._pos += 1
            if ahead == "}":
                return
            if ahead != ",":
                raise self.invalid("Expecting ',' delimiter", self._pos - 1)
            ahead = self.peek()

    def end(self) -> None:
        """Refuse anything but whitespace after the document, as ``json.loads`` does."""
        if self.peek():
            raise self.invalid("Extra data", self._pos)

    def invalid(self, problem: str, at: int) -> ImportFailed:
        """``not valid JSON: <problem> at line L column C``, counted in the whole file."""
        breaks = self._buf.count("\n", 0, at)
        column = at - self._buf.rfind("\n", 0, at) if breaks else self._column + at + 1
        problem = problem.removesuffix(" at")  # "Unterminated string starting at"
        return ImportFailed(
            f"not valid JSON: {problem} at line {self._line + breaks} column {column}"
        )

    def _expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.invalid("Expecting value", self._pos)
        self._pos += 1

    def _complete(self, found: object, end: int) -> bool:
        """A number at the buffer's end may go on in the next piece (``1`` of ``1.5``)."""
        if type(found) not in (int, float):
            return True
        return _NUMBER_TAIL.match(self._buf, end).end() < len(self._buf)  # type: ignore[union-attr]

    def _settled(self, problem: str, at: int) -> bool:
        """Whether a scan error stands whatever text follows the buffer.

        Text cut short fails where it stops, except an unterminated string, which is named
        where it starts; so an error well before the buffer's end is the file's own.
        """
        return not problem.startswith("Unterminated") and at < len(self._buf) - _SURE_MARGIN

    def _more(self, wanted: int = 0) -> bool:
        """Read on (at least ``wanted`` characters, so retries stay linear); False at the end."""
        if self._ended:
            return False
        piece = self._source.read(wanted)
        if not piece:
            self._ended = True
            return False
        self._trim()
        self._buf += piece
        return True

    def _trim(self) -> None:
        """Drop the consumed text, keeping count of the lines and columns it held."""
        pos = self._pos
        if not pos:
            return
        breaks = self._buf.count("\n", 0, pos)
        if breaks:
            self._line += breaks
            self._column = pos - self._buf.rfind("\n", 0, pos) - 1
        else:
            self._column += pos
        self._buf = self._buf[pos:]
        self._pos = 0
