"""Map a person's freely named domain onto ESCO: the best concepts by label, then up to an area.

ESCO names 99,878 distinct labels (preferred and alternative) for 14,536 concepts. A name is scored
against all of them with rapidfuzz: 0.6 x token-set ratio (every word of the shorter found in the
longer: "jazz piano" in "play the piano" scores on "piano") + 0.4 x plain ratio (how close the
whole strings are, so "statistics" beats "medical statistics"); alternative labels count 0.95 of
that, an exact label 100. A concept keeps its best label; ties go to a preferred label, then to a
skill or knowledge concept over a group of the same name (the more specific), then to the concept
more occupations use.

A concept used by fewer than ``SUPPORT`` occupations is not an area: the match falls back up the
hierarchy to the nearest broader concept that is ("play the piano", 2 occupations -> "play
musical instruments", 26), and says so.

A score ranks; it does not vouch. Each match also says whether its label carries the name's
meaning word by word (``name_words.basis``), and only such a match is taken without asking
(``automatic_match``): "chess" is offered nothing rather than "CSS". Matches that can be relied
on come first, strongest basis first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from polymath.core.errors import InvalidInput, NotFound
from polymath.core.text import display
from polymath.graph.esco_catalogue import SUPPORT, EscoCatalogue, esco_catalogue
from polymath.graph.name_words import BASES, SAME_WORDS, LabelWords, basis, content_words

SET_WEIGHT = 0.6
RATIO_WEIGHT = 0.4
ALT_WEIGHT = 0.95
"""An alternative label counts a little less than a preferred one: synonyms are looser ("tree
nursing" is an alternative label of "nurse trees")."""
MIN_SCORE = 60.0
"""Below this combined score a label is not offered at all: nothing rather than a guess."""
_CANDIDATES = 60
_SHORTLIST = 500
"""Labels taken from each scorer's best before the two are combined (ties on a common word,
"design" in hundreds of labels, are decided by the plain ratio's own shortlist)."""


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """One way to map a domain name onto ESCO, and why.

    ``area`` is what the domain maps to (an area of the ESCO population); ``matched`` is the
    concept whose label matched, which is the area itself unless it was too rare to plan on.
    """

    area: str
    area_uri: str
    area_occupations: int
    matched: str
    matched_uri: str
    matched_label: str
    """The label that matched: the concept's preferred label or one of its alternatives."""
    matched_occupations: int
    score: float
    """0 to 100: how well ``matched_label`` matches the name (100 for an exact label)."""
    path: tuple[str, ...]
    """Preferred labels from the matched concept up to the area (one item when they are one)."""
    basis: str | None = None
    """Why the label can stand for the name (``name_words.BASES``); None when it is only close."""

    @property
    def confident(self) -> bool:
        """Whether the match can be taken without asking (its label says what the name says)."""
        return self.basis is not None

    @property
    def fell_back(self) -> bool:
        return self.matched_uri != self.area_uri

    def why(self) -> str:
        """One plain sentence: what matched, and why the area is a broader one if it is."""
        label = (
            f"{self.matched!r}"
            if self.matched_label.casefold() == self.matched.casefold()
            else f"{self.matched!r} (as {self.matched_label!r})"
        )
        if not self.fell_back:
            return f"matches {label}, used by {self.area_occupations} occupations"
        return (
            f"matches {label}, used by {self.matched_occupations} occupation"
            f"{'' if self.matched_occupations == 1 else 's'} (fewer than {SUPPORT}); "
            f"planned as the broader {self.area!r}, used by {self.area_occupations}"
        )


def _match(catalogue: EscoCatalogue, concept: int, label: str, score: float) -> SkillMatch | None:
    path = catalogue.planning_path(concept)
    if not path:
        return None
    top = catalogue.concept(path[-1])
    found = catalogue.concept(concept)
    assert top.area is not None
    return SkillMatch(
        area=top.area,
        area_uri=top.uri,
        area_occupations=top.occupations,
        matched=found.label,
        matched_uri=found.uri,
        matched_label=label,
        matched_occupations=found.occupations,
        score=round(score, 1),
        path=tuple(catalogue.labels[c] for c in path),
    )


@dataclass(frozen=True)
class _Processed:
    labels: list[str]
    words: LabelWords


@cache
def _processed(catalogue: EscoCatalogue) -> _Processed:
    """Every label normalised once (the fuzzy scorers and the word counts share them)."""
    from rapidfuzz import utils

    labels = [utils.default_process(label) for label in catalogue.all_labels[0]]
    return _Processed(labels, LabelWords.of(labels))


def match_skills(
    name: str, *, limit: int = 5, catalogue: EscoCatalogue | None = None
) -> list[SkillMatch]:
    """The best ESCO areas for a domain's name, best first, at most one per area.

    Each says which concept and label matched and, when that concept is too rare to plan on,
    which broader one it falls back to, and whether the match can be relied on (``confident``).
    Confident matches come first. Empty when nothing scores ``MIN_SCORE`` or more.
    """
    from rapidfuzz import fuzz, process, utils

    if limit < 1:
        raise InvalidInput("ask for at least one match")
    catalogue = catalogue or esco_catalogue()
    labels, owner = catalogue.all_labels
    processed = _processed(catalogue)
    query = utils.default_process(name)
    if not query:
        return []
    candidates = {
        k
        for scorer in (fuzz.token_set_ratio, fuzz.ratio)
        for _, _, k in process.extract(
            query, processed.labels, scorer=scorer, processor=None, limit=_SHORTLIST
        )
    }
    query_words = content_words(query)
    best: dict[int, tuple[float, bool, int]] = {}
    bases: dict[int, str | None] = {}
    for k in sorted(candidates):
        label = processed.labels[k]
        plain = fuzz.ratio(query, label)
        preferred = k == 0 or owner[k] != owner[k - 1]
        score = SET_WEIGHT * fuzz.token_set_ratio(query, label) + RATIO_WEIGHT * plain
        if plain == 100:
            score = 100.0  # the same label once case and punctuation are set aside
        elif not preferred:
            score *= ALT_WEIGHT
        found = basis(query_words, content_words(label), processed.words, preferred=preferred)
        if not preferred and (found != SAME_WORDS or catalogue.area_concept(owner[k]) is None):
            found = None  # a loose synonym ("draw", "marketing techniques"): offered, not taken
        if score < MIN_SCORE and found is None:
            continue
        concept = owner[k]
        strength = _strength(found)
        key = (score, preferred, k)
        if concept not in best or (strength, *key[:2]) > (
            _strength(bases[concept]),
            *best[concept][:2],
        ):
            best[concept] = key
            bases[concept] = found
    ranked = sorted(
        best.items(),
        key=lambda item: (
            -_strength(bases[item[0]]),
            -item[1][0],
            not item[1][1],
            catalogue.kinds[item[0]] == "group",
            -catalogue.support[item[0]],
            catalogue.labels[item[0]],
        ),
    )[:_CANDIDATES]
    matches: list[SkillMatch] = []
    seen: set[str] = set()
    for concept, (score, _, k) in ranked:
        match = _match(catalogue, concept, labels[k], score)
        if match is None or match.area in seen:
            continue
        match = replace(match, basis=bases[concept])
        seen.add(match.area)
        matches.append(match)
        if len(matches) == limit:
            break
    return matches


def _strength(found: str | None) -> int:
    """How strongly a basis vouches for a label: 3 for the same words ... 0 for none."""
    return 0 if found is None else len(BASES) - BASES.index(found)


def automatic_match(name: str, *, catalogue: EscoCatalogue | None = None) -> SkillMatch | None:
    """The area a new domain is mapped to without asking, or None: only a confident match.

    A wrong area is worse than none (the person is told "no area yet" and maps it); the ranked
    candidates of ``match_skills`` stay on offer either way.
    """
    found = match_skills(name, limit=1, catalogue=catalogue)
    return found[0] if found and found[0].confident else None


def resolve_skill(text: str, *, catalogue: EscoCatalogue | None = None) -> SkillMatch:
    """The area for ``--skill LABEL|URI``: a concept URI, an area name, or an exact label.

    Labels are compared ignoring case (preferred labels before alternative ones); a concept too
    rare to plan on falls back up the hierarchy as in ``match_skills``.
    """
    catalogue = catalogue or esco_catalogue()
    wanted = " ".join(text.split())
    if not wanted:
        raise InvalidInput("name an ESCO skill by its label or URI")
    if wanted.startswith(("http://", "https://")):
        concept = catalogue.by_uri(wanted)
        found = _match(catalogue, concept.index, concept.label, 100.0)
    else:
        area = catalogue.by_area(wanted)
        found = None if area is None else _match(catalogue, area.index, area.label, 100.0)
        if found is None:
            key = wanted.casefold()
            hits = [c for c, label in enumerate(catalogue.labels) if label.casefold() == key]
            if not hits:
                labels, owner = catalogue.all_labels
                hits = sorted(
                    {int(owner[k]) for k, label in enumerate(labels) if label.casefold() == key}
                )
            for concept_index in sorted(hits, key=lambda c: -catalogue.support[c]):
                found = _match(catalogue, concept_index, wanted, 100.0)
                if found is not None:
                    break
    if found is None:
        close = match_skills(wanted, limit=1, catalogue=catalogue)
        hint = f" (did you mean {display(repr(close[0].matched))}?)" if close else ""
        raise NotFound(f"no ESCO skill {display(repr(wanted))}{hint}")
    return found
