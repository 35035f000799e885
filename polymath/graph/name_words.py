"""Whether a label says what a domain's name says, word by word: the confidence behind a mapping.

A fuzzy score ranks labels well but cannot tell "chess" from "CSS" (75) or "drawing" from "tend
drawing kiln" (83): a wrong area is worse than none, because the person is then planned on a
field they never named. So an automatic mapping needs the label to carry the name's meaning:

- **same words**: every word of the name that ESCO knows is a word of the label and the label
  adds nothing ("statistics", "Spanish", "contract law"; "jazz" is in no ESCO label, so "Jazz
  piano" is judged on "piano");
- **with a light verb**: the same, and the label adds only words that turn knowledge into doing
  ("utilise machine learning", "perform video editing", "play the piano");
- **a narrower name**: the label is a concept's own (preferred) label, is the name's last words,
  and is specific enough to stand alone ("Bayesian statistics" -> "statistics"; not "UX design"
  -> "design").

An alternative label is looser than a preferred one (ESCO lists "draw" for "express yourself
creatively", "marketing techniques" for "textile marketing techniques"), so it vouches only
with the same words, and only for a concept that is an area itself, not through a fall back to
a broader one (``skill_match``).

Words are compared after the fuzzy matcher's own normalisation (``rapidfuzz.utils``), and
inflected forms count as the same word ("swimming" and "swim", "dancing" and "dance").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

SAME_WORDS = "same words"
LIGHT_VERB = "with a light verb"
NARROWER = "a narrower name"
BASES = (SAME_WORDS, LIGHT_VERB, NARROWER)
"""Why a label may be relied on, strongest first."""

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "its",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)
LIGHT_WORDS = frozenset(
    [
        "use",
        "using",
        "utilise",
        "utilize",
        "utilising",
        "apply",
        "applying",
        "perform",
        "performing",
        "practise",
        "practising",
        "do",
        "carry",
        "out",
        "operate",
        "operating",
        "play",
        "playing",
        "work",
        "working",
        "technique",
        "techniques",
        "method",
        "methods",
    ]
)
"""Words a label adds to a field's name to make it a skill without changing the field."""
_SUFFIXES = frozenset(
    [
        "s",
        "es",
        "ing",
        "ed",
        "er",
        "ers",
        "al",
        "ic",
        "ics",
        "ical",
        "y",
        "ies",
        "ion",
        "ions",
        "ation",
        "ist",
        "ists",
        "ism",
        "ive",
        "ment",
    ]
)
SPECIFIC_SHARE = 0.001
"""A label standing alone for a longer name must be this rare among ESCO's labels (one in a
thousand): "statistics" (35 of 99,878 labels) is, "design" (1,006) and "engineering" are not."""
DISTINCT_SHARE = 0.003
"""A one-word name is only mapped when the word is at most this common (three in a thousand
labels): "design" (1 in 100) or "engineering" alone say too little to choose a field."""


def same_word(a: str, b: str) -> bool:
    """Equal, or one is the other inflected: "swim"/"swimming", "dance"/"dancing", "art"/"arts"."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 3:
        return False
    stems = {short}
    if short[-1] in "ey":
        stems.add(short[:-1])
    for stem in stems:
        if len(stem) >= 3 and long_.startswith(stem):
            rest = long_[len(stem) :]
            if rest in _SUFFIXES or (rest[:1] == stem[-1] and rest[1:] in _SUFFIXES):
                return True
    return False


def content_words(processed: str) -> list[str]:
    """The words of a normalised text that carry meaning (no articles or prepositions)."""
    return [w for w in processed.split() if w not in STOPWORDS]


@dataclass(frozen=True)
class LabelWords:
    """How often each word occurs in the labels, to tell known and specific words apart.

    Counted when first asked (a few milliseconds a word) and remembered: a query asks about its
    own words and those of a few hundred candidate labels, not about all of ESCO's words.
    """

    text: str
    """Every normalised label, each padded with spaces, so ' word ' counts whole words."""
    labels: int
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, processed: Sequence[str]) -> LabelWords:
        return cls(" " + "  ".join(processed) + " ", len(processed))

    def count(self, word: str) -> int:
        found = self.counts.get(word)
        if found is None:
            found = self.counts[word] = self.text.count(f" {word} ")
        return found

    def known(self, word: str) -> bool:
        return self.count(word) > 0

    @cached_property
    def _specific_limit(self) -> float:
        return SPECIFIC_SHARE * self.labels

    def specific(self, word: str) -> bool:
        return 0 < self.count(word) <= self._specific_limit

    def distinct(self, word: str) -> bool:
        return 0 < self.count(word) <= DISTINCT_SHARE * self.labels


def basis(
    query: Sequence[str], label: Sequence[str], words: LabelWords, *, preferred: bool = True
) -> str | None:
    """Why ``label`` can stand for ``query`` (both content words), or None when it cannot."""
    known = [w for w in query if words.known(w)]
    if not known or not label:
        return None
    if len(known) == 1 and not words.distinct(known[0]):
        return None
    covered = all(any(same_word(w, v) for v in label) for w in known)
    extra = [v for v in label if not any(same_word(v, w) for w in query)]
    if covered:
        if not extra:
            return SAME_WORDS
        if all(v in LIGHT_WORDS for v in extra):
            return LIGHT_VERB
        return None
    tail = list(query[-len(label) :])
    if (
        preferred
        and len(label) < len(query)
        and not extra
        and all(same_word(v, w) for v, w in zip(label, tail, strict=True))
        and all(words.specific(v) for v in label)
    ):
        return NARROWER
    return None
