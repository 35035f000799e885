"""Competence on the Dreyfus scale (Dreyfus and Dreyfus 1986)."""

from __future__ import annotations

from polymath.core.errors import InvalidInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

LEVEL_NAMES: Final = {
    1: "novice",
    2: "advanced beginner",
    3: "competent",
    4: "proficient",
    5: "expert",
}


def parse_level(text: str) -> int:
    """``3``, ``competent`` or a unique prefix (``prof``) -> 3."""
    word = text.strip().lower()
    if word.isdigit() and int(word) in LEVEL_NAMES:
        return int(word)
    matches = [level for level, name in LEVEL_NAMES.items() if word and name.startswith(word)]
    if len(matches) == 1:
        return matches[0]
    raise InvalidInput(
        f"unknown level {text!r}: "
        "use 1-5 (novice, advanced beginner, competent, proficient, expert)"
    )


def level_name(level: int) -> str:
    return LEVEL_NAMES[level]
