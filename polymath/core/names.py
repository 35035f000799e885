"""Domain names: how they are cleaned, compared and matched when mistyped."""

from collections.abc import Iterable

from polymath.core.errors import InvalidInput

MAX_NAME_LENGTH = 200


def clean_name(text: str) -> str:
    """Collapse whitespace; reject empty, over-long or control-character names."""
    name = " ".join(text.split())
    if not name:
        raise InvalidInput("a domain name cannot be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"a domain name is at most {MAX_NAME_LENGTH} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise InvalidInput("a domain name cannot hold control characters")
    return name


def name_key(name: str) -> str:
    """The form two names are compared in: "Jazz Piano" and "jazz  piano" are one domain."""
    return " ".join(name.split()).casefold()


def closest_name(name: str, candidates: Iterable[str]) -> str | None:
    """The existing name a user most likely meant, if any is close enough."""
    import difflib  # only a miss needs it, not every check-in

    names = list(candidates)
    by_key = {name_key(candidate): candidate for candidate in names}
    match = difflib.get_close_matches(name_key(name), list(by_key), n=1, cutoff=0.6)
    return by_key[match[0]] if match else None
