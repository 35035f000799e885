"""Domain names: how they are cleaned, compared and matched when mistyped."""

from collections.abc import Iterable

from polymath.core.text import clean_name

__all__ = ["clean_name", "closest_name", "name_key"]


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
