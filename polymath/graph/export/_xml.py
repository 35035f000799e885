"""Escaping for the hand-written XML exports, so every value reads back exactly as it was written.

Text reaching here already holds only characters XML 1.0 allows (``characters.xml_text``). What is
left to guard against is the parser's own normalisation: a raw carriage return in text, or a tab or
line break in an attribute value, would read back as a line feed or a space, so they are written
as character references.
"""

from typing import Final

_TEXT: Final = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE: Final = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)

DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>'


def text(value: str) -> str:
    """Element content."""
    return value.translate(_TEXT)


def attribute(value: str) -> str:
    """A double-quoted attribute value, quotes included."""
    return f'"{value.translate(_ATTRIBUTE)}"'


def scalar(value: object) -> str:
    """A typed value as XML Schema writes it: ``true``/``false``, integers, exact floats."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def schema_type(value: object, *, integer: str = "long") -> str:
    """The XML Schema type both GraphML and GEXF use for a Python scalar."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return integer
    if isinstance(value, float):
        return "double"
    return "string"
