"""The three kinds of deliberate learning of the 5-hour rule."""

from __future__ import annotations

from polymath.core.errors import InvalidInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

READ: Final = "read"
REFLECT: Final = "reflect"
EXPERIMENT: Final = "experiment"
KINDS: Final = (READ, REFLECT, EXPERIMENT)

_ALIASES: Final = {
    "r": READ,
    "rea": READ,
    "reading": READ,
    "ref": REFLECT,
    "reflection": REFLECT,
    "think": REFLECT,
    "write": REFLECT,
    "review": REFLECT,
    "e": EXPERIMENT,
    "x": EXPERIMENT,
    "exp": EXPERIMENT,
    "experimentation": EXPERIMENT,
    "practice": EXPERIMENT,
    "practise": EXPERIMENT,
    "build": EXPERIMENT,
}


def parse_kind(text: str) -> str:
    """Return the canonical kind for what a user typed (a kind, a unique prefix or an alias)."""
    word = text.strip().lower()
    if word in KINDS:
        return word
    if word in _ALIASES:
        return _ALIASES[word]
    matches = [kind for kind in KINDS if word and kind.startswith(word)]
    if len(matches) == 1:
        return matches[0]
    raise InvalidInput(f"unknown kind {text!r}: use read, reflect or experiment")
