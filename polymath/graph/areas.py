"""Suggest the population area a freely named domain belongs to ("jazz piano" -> "Fine Arts").

Only a suggestion: the user confirms or changes it. An exact name wins, then a small hand-made
keyword table for common learning topics (O*NET area names), then fuzzy matching of the name and of
its words; when nothing is close, the answer is None rather than a guess.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

KEYWORDS: Mapping[str, str] = MappingProxyType(
    {
        # Fine Arts
        "piano": "Fine Arts",
        "jazz": "Fine Arts",
        "guitar": "Fine Arts",
        "violin": "Fine Arts",
        "music": "Fine Arts",
        "music theory": "Fine Arts",
        "singing": "Fine Arts",
        "drawing": "Fine Arts",
        "painting": "Fine Arts",
        "sketching": "Fine Arts",
        "photography": "Fine Arts",
        "dance": "Fine Arts",
        "theatre": "Fine Arts",
        "theater": "Fine Arts",
        "sculpture": "Fine Arts",
        "art": "Fine Arts",
        # Mathematics
        "statistics": "Mathematics",
        "bayesian": "Mathematics",
        "probability": "Mathematics",
        "calculus": "Mathematics",
        "algebra": "Mathematics",
        "geometry": "Mathematics",
        "math": "Mathematics",
        "maths": "Mathematics",
        # Foreign Language
        "spanish": "Foreign Language",
        "french": "Foreign Language",
        "german": "Foreign Language",
        "italian": "Foreign Language",
        "japanese": "Foreign Language",
        "chinese": "Foreign Language",
        "mandarin": "Foreign Language",
        "portuguese": "Foreign Language",
        "russian": "Foreign Language",
        "arabic": "Foreign Language",
        "korean": "Foreign Language",
        "latin": "Foreign Language",
        # Computers and Electronics
        "programming": "Computers and Electronics",
        "coding": "Computers and Electronics",
        "python": "Computers and Electronics",
        "software": "Computers and Electronics",
        "rust": "Computers and Electronics",
        "javascript": "Computers and Electronics",
        "machine learning": "Computers and Electronics",
        "electronics": "Computers and Electronics",
        "data science": "Computers and Electronics",
        # Others, one or two words each
        "writing": "English Language",
        "grammar": "English Language",
        "copywriting": "English Language",
        "poetry": "English Language",
        "ux": "Design",
        "typography": "Design",
        "graphic design": "Design",
        "architecture": "Design",
        "drafting": "Design",
        "cooking": "Food Production",
        "baking": "Food Production",
        "gardening": "Food Production",
        "accounting": "Economics and Accounting",
        "economics": "Economics and Accounting",
        "finance": "Economics and Accounting",
        "investing": "Economics and Accounting",
        "marketing": "Sales and Marketing",
        "sales": "Sales and Marketing",
        "leadership": "Administration and Management",
        "management": "Administration and Management",
        "teaching": "Education and Training",
        "pedagogy": "Education and Training",
        "law": "Law and Government",
        "legal": "Law and Government",
        "politics": "Law and Government",
        "anatomy": "Medicine and Dentistry",
        "medicine": "Medicine and Dentistry",
        "nursing": "Medicine and Dentistry",
        "counseling": "Therapy and Counseling",
        "counselling": "Therapy and Counseling",
        "therapy": "Therapy and Counseling",
        "philosophy": "Philosophy and Theology",
        "ethics": "Philosophy and Theology",
        "theology": "Philosophy and Theology",
        "history": "History and Archeology",
        "archaeology": "History and Archeology",
        "anthropology": "Sociology and Anthropology",
        "sociology": "Sociology and Anthropology",
        "woodworking": "Building and Construction",
        "carpentry": "Building and Construction",
        "car repair": "Mechanical",
        "engines": "Mechanical",
        "public speaking": "Communications and Media",
        "journalism": "Communications and Media",
        "film": "Communications and Media",
        "video": "Communications and Media",
        "first aid": "Public Safety and Security",
        "astronomy": "Physics",
        "ecology": "Biology",
        "genetics": "Biology",
        "neuroscience": "Biology",
        "geology": "Geography",
    }
)

_STOP_WORDS = frozenset({"and", "of", "the", "for", "in", "to", "a", "an", "with"})
_NAME_CUTOFF = 0.75
_WORD_CUTOFF = 0.85


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def suggest_area(domain_name: str, areas: Iterable[str]) -> str | None:
    """The area a domain most plausibly belongs to, or None when nothing is close."""
    choices = list(areas)
    by_lower = {area.lower(): area for area in choices}
    words = _words(domain_name)
    name = " ".join(words)
    if not name:
        return None
    if name in by_lower:
        return by_lower[name]
    keyword = _keyword_area(words, by_lower)
    if keyword is not None:
        return keyword
    close = difflib.get_close_matches(name, list(by_lower), n=1, cutoff=_NAME_CUTOFF)
    if close:
        return by_lower[close[0]]
    return _closest_by_word(words, choices)


def _keyword_area(words: list[str], by_lower: Mapping[str, str]) -> str | None:
    """Longest keyword phrase found in the name whose area is on offer."""
    best: tuple[int, int, str] | None = None
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            area = KEYWORDS.get(phrase)
            if area is not None and area.lower() in by_lower:
                candidate = (size, -start, by_lower[area.lower()])
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
        if best is not None:
            return best[2]
    return None


def _closest_by_word(words: list[str], areas: list[str]) -> str | None:
    """An area sharing a (nearly) identical word with the name: 'organic chemistry'."""
    best: tuple[float, str] | None = None
    for area in areas:
        area_words = [w for w in _words(area) if w not in _STOP_WORDS]
        for word in words:
            if word in _STOP_WORDS or len(word) < 4:
                continue
            for area_word in area_words:
                ratio = difflib.SequenceMatcher(None, word, area_word).ratio()
                if ratio >= _WORD_CUTOFF and (best is None or ratio > best[0]):
                    best = (ratio, area)
    return None if best is None else best[1]
