"""The piecewise JSON reader agrees with ``json.loads`` on every text, cut into pieces anywhere:
the same values from a good file, the same complaint at the same line and column from a bad one.
"""

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from polymath.core.errors import ImportFailed
from polymath.importers.jsonstream import JsonReader
from polymath.importers.source import Source
from tests.property.importer_records import json_values


def read_like_a_loader(text: str, piece: int) -> object:
    """Walk the document as the loaders do: a top-level list item by item, anything else whole."""
    reader = JsonReader(Source(io.BytesIO(text.encode("utf-8", "surrogatepass")), chunk=piece))
    if reader.peek() == "[":
        found: object = list(reader.items())
    else:
        found = reader.value()
    reader.end()
    return found


def standard_outcome(text: str) -> tuple[str, object]:
    try:
        return "value", json.loads(text)
    except json.JSONDecodeError as exc:
        problem = exc.msg.removesuffix(" at")
        return "refused", f"not valid JSON: {problem} at line {exc.lineno} column {exc.colno}"


def our_outcome(text: str, piece: int) -> tuple[str, object]:
    try:
        return "value", read_like_a_loader(text, piece)
    except ImportFailed as exc:
        return "refused", str(exc)


def same(a: tuple[str, object], b: tuple[str, object]) -> bool:
    """Equal outcomes, NaN included (it is not equal to itself)."""
    if a[0] != b[0]:
        return False
    if a[0] == "refused":
        return a[1] == b[1]
    return json.dumps(a[1]) == json.dumps(b[1])


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """A JSON text with one character cut, doubled or replaced somewhere, or cut short."""
    text = json.dumps(draw(json_values), indent=draw(st.sampled_from([None, 1])))
    if not text:
        return text
    at = draw(st.integers(0, len(text)))
    change = draw(st.sampled_from(["cut", "double", "replace", "truncate", "none"]))
    if change == "cut":
        return text[:at] + text[at + 1 :]
    if change == "double":
        return text[:at] + text[at : at + 1] * 2 + text[at + 1 :]
    if change == "replace":
        return text[:at] + draw(st.sampled_from(list('[]{},:" \n1e.-x\\'))) + text[at + 1 :]
    if change == "truncate":
        return text[:at]
    return text


@settings(max_examples=300, deadline=None)
@given(damaged(), st.integers(1, 9))
def test_the_reader_in_pieces_agrees_with_json_loads(text: str, piece: int) -> None:
    if not text.strip():
        return  # the loaders call an empty file empty before reading any JSON
    assert same(our_outcome(text, piece), standard_outcome(text)), text


@settings(max_examples=100, deadline=None)
@given(st.lists(json_values, max_size=5), st.integers(1, 9))
def test_numbers_cut_at_a_piece_boundary_are_read_whole(values: list[object], piece: int) -> None:
    text = json.dumps([1.5e-7, -12345678901234567890, 0.25, *values, 3e10])
    assert json.dumps(read_like_a_loader(text, piece)) == json.dumps(json.loads(text))
