"""Suggest skill stacks: three areas with a conventional core and a rare pairing, within reach.

A candidate is three areas of the population holding at least one of the person's domains that
must stay (their defining domain, an anchor, or any of theirs when free), with exactly ``new``
areas new to them, that the pace reaches within the horizon. Pairs are labelled with evidence
and strength (``labels``), stacks scored by one transparent sum (``stack_search``), and each
suggestion reads as a sentence with its numbers. ``docs/planner.md`` states the rule in prose.

Rarity (a Gaussian-copula probability, reported as a range) is attached to the suggestions, not
ranked on: at a fixed target level it differs between candidates only through the correlations,
and a range cannot be ranked honestly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from polymath.core.errors import InvalidInput
from polymath.core.levels import LEVEL_NAMES
from polymath.core.records import AssessmentRecord, DatedMinutes, DomainProfile, IntegrationLink
from polymath.graph.area_lookup import example_units, skills_inside
from polymath.graph.calibration import calibrate, level_spans
from polymath.graph.feasibility import WEEKS_PER_YEAR, Feasibility, estimate_weeks
from polymath.graph.labels import (
    ATYPICAL,
    CONVENTIONAL,
    NEAR_CHANCE,
    PairLabel,
    label_pair,
    pair_evidence,
)
from polymath.graph.pace import (
    IDLE,
    PLANNED,
    RECENT_AVERAGE,
    RECENT_WEEKS,
    WEEKLY_TARGET,
    Pace,
)
from polymath.graph.plan_errors import UnknownDomain
from polymath.graph.plan_options import PlanOptions
from polymath.graph.plan_view import has_levels
from polymath.graph.population import PairStats, PopulationStats
from polymath.graph.rarity import Rarity, stack_rarity, top_fraction
from polymath.graph.stack_search import (
    CELL_NAMES,
    SWEET_SPOT,
    Query,
    search_exhaustive,
    search_pruned,
)

__all__ = [
    "LEVEL_NAMES",
    "LeftOut",
    "PlanOptions",
    "StackPlan",
    "Suggestion",
    "calibrated_options",
    "default_pace",
    "plan_stacks",
    "prepare",
    "stack_feasibility",
    "suggest_stacks",
    "suggest_stacks_exhaustive",
]


@dataclass(frozen=True)
class Suggestion:
    """One suggested stack, with every component of its score.

    ``areas`` is (end, bridge, end): the ends form the rarest pair, the bridge sits between them.
    ``pairs`` and ``labels`` follow the same order: (end, bridge), (bridge, end), (end, end).
    """

    areas: tuple[str, str, str]
    new_areas: tuple[str, ...]
    domains: Mapping[str, tuple[str, ...]]
    levels: Mapping[str, int]
    target_level: int
    pairs: tuple[PairStats, PairStats, PairStats]
    labels: tuple[PairLabel, PairLabel, PairLabel]
    conventionality: float
    """Strength of the weaker bridge (0 unless two pairs are conventional)."""
    novelty: float
    """Strength of the rare pairing (0 unless a pair is atypical)."""
    cell: str
    """Uzzi's cell: ``sweet spot``, ``conventional core`` or ``rare pair``."""
    sweet_spot: bool
    bridge: str
    rare_pair: tuple[str, str]
    rarity: Rarity
    feasibility: Feasibility
    pace: Pace
    integration_minutes: int
    score: float
    score_parts: Mapping[str, float]
    n_units: int
    unit_label: str = "units"
    examples: tuple[str, ...] = ()
    """Up to three units (occupations) that combine the stack's areas, else its pairs."""
    skills: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """For each new area that is a group of skills, the skills inside it to start with: those
    most used by the units that combine it with the rest of the stack."""

    def sentence(self) -> str:
        """The suggestion as one readable paragraph with its numbers."""
        end_a, bridge, end_b = self.areas
        owned = [area for area in self.areas if area not in self.new_areas]
        yours = _join([f"{'/'.join(self.domains[area])} ({area})" for area in owned])
        adding = [
            f"{area} (start with {_join(list(self.skills[area]))})"
            if self.skills.get(area)
            else area
            for area in self.new_areas
        ]
        opening = f"Add {_join(adding)} to your {yours}"
        left, right, rare = self.labels
        rare_pair = self.pairs[2]
        if rare.label == ATYPICAL:
            rare_text = (
                f"{end_a} and {end_b} are an unusual pair ({rare_pair.observed} of "
                f"{self.n_units:,} {self.unit_label} use both where {rare_pair.expected:.1f} "
                f"would by chance: z = {rare_pair.z:+.2f}, lift {rare.lift:.2f}, at most "
                f"{rare.lift_bound:.2f} at {_confidence(rare)}; P = {_p(rare.p_value)})"
            )
            if self.sweet_spot:
                middle = (
                    f"{rare_text}, and {bridge} bridges them (lift {left.lift:.1f} with "
                    f"{end_a}, {right.lift:.1f} with {end_b})."
                )
            else:
                middle = (
                    f"{rare_text}; {bridge} does not bridge them ({_brief(left, end_a)}; "
                    f"{_brief(right, end_b)})."
                )
        elif rare.label == CONVENTIONAL:
            middle = (
                f"all three pairs are conventional (lift {left.lift:.1f}, {right.lift:.1f} and "
                f"{rare.lift:.1f}; the weakest, {end_a} and {end_b}, at z = {rare_pair.z:+.2f}), "
                "so the stack is learnable but not rare in its parts."
            )
        else:
            middle = (
                f"{bridge} bridges {end_a} and {end_b} (lift {left.lift:.1f} and "
                f"{right.lift:.1f}), but no pair is unusual ({end_a} and {end_b}: "
                f"{_near(rare, rare_pair)}), so the stack is learnable but not rare in its parts."
            )
        level = LEVEL_NAMES.get(self.target_level, f"level {self.target_level}")
        road = (
            f"You are already {level} or better in all three"
            if self.feasibility.hours <= 0
            else f"Reaching {level} in all three takes "
            f"{self.feasibility.describe(self.pace.describe())}"
        )
        return (
            f"{opening}: {middle} {road}; it would put you in the "
            f"{self.rarity.describe()} of people who practise these areas."
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every component and the sentence (no NaN anywhere)."""
        return {
            "areas": list(self.areas),
            "new_areas": list(self.new_areas),
            "domains": {area: list(names) for area, names in self.domains.items()},
            "levels": dict(self.levels),
            "target_level": self.target_level,
            "pairs": [
                _pair_dict(pair, label) for pair, label in zip(self.pairs, self.labels, strict=True)
            ],
            "conventionality": self.conventionality,
            "novelty": self.novelty,
            "cell": self.cell,
            "sweet_spot": self.sweet_spot,
            "bridge": self.bridge,
            "rare_pair": list(self.rare_pair),
            "rarity": self.rarity.to_dict(),
            "feasibility": self.feasibility.to_dict(),
            "pace": self.pace.to_dict(),
            "integration_minutes": self.integration_minutes,
            "score": self.score,
            "score_parts": dict(self.score_parts),
            "examples": list(self.examples),
            "skills": {area: list(names) for area, names in self.skills.items()},
            "sentence": self.sentence(),
        }


@dataclass(frozen=True, slots=True)
class LeftOut:
    """One of the person's domains the plan could not use, and why (its area is too sparse)."""

    domain: str
    area: str
    units: int

    def to_dict(self) -> dict[str, object]:
        return {"domain": self.domain, "area": self.area, "units": self.units}


@dataclass(frozen=True)
class StackPlan:
    """The suggestions and the facts around them: pace, horizon, what was set aside, labels."""

    suggestions: tuple[Suggestion, ...]
    pace: Pace
    horizon_weeks: float
    candidates: int
    """Stacks that met every rule except the horizon."""
    beyond_horizon: int
    """Of those, how many take longer than the horizon at the pace and were set aside."""
    quickest: Feasibility | None
    """The quickest candidate's time (None when there are no candidates)."""
    keep: tuple[str, ...]
    """Domains every stack holds one of (empty: any of the person's)."""
    left_out: tuple[LeftOut, ...]
    min_area_units: int
    family_pairs: int
    """Pairs examined; their 2 x ``family_pairs`` one-sided tests form the corrected family."""
    cutoff: float
    """Benjamini-Hochberg critical p: a test is significant at or below it."""
    conventional_pairs: int
    atypical_pairs: int

    @property
    def out_of_reach(self) -> bool:
        """Every candidate takes longer than the horizon at the pace."""
        return self.candidates > 0 and self.beyond_horizon == self.candidates

    def set_aside_sentence(self) -> str:
        """'4 of 31 stacks would take longer than 3 years at 5 h a week (...); set aside.'"""
        if self.beyond_horizon == 0:
            return ""
        horizon = _span(self.horizon_weeks)
        quickest = (
            f" The quickest would take {self.quickest.describe(self.pace.describe())}."
            if self.out_of_reach and self.quickest is not None
            else ""
        )
        return (
            f"{self.beyond_horizon:,} of {self.candidates:,} stacks would take longer than "
            f"{horizon} at {self.pace.describe()} and were set aside.{quickest}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "suggestions": [s.to_dict() for s in self.suggestions],
            "pace": self.pace.to_dict(),
            "horizon_weeks": self.horizon_weeks,
            "candidates": self.candidates,
            "beyond_horizon": self.beyond_horizon,
            "out_of_reach": self.out_of_reach,
            "quickest": None if self.quickest is None else self.quickest.to_dict(),
            "keep": list(self.keep),
            "left_out": [item.to_dict() for item in self.left_out],
            "min_area_units": self.min_area_units,
            "family_pairs": self.family_pairs,
            "family_tests": 2 * self.family_pairs,
            "cutoff": self.cutoff,
            "conventional_pairs": self.conventional_pairs,
            "atypical_pairs": self.atypical_pairs,
        }


# ---------------------------------------------------------------------------- public API


def prepare(stats: PopulationStats, options: PlanOptions | None = None) -> None:
    """Build (once per population and label settings) the tests every query starts from.

    A population with levels (ESCO) has nothing to build ahead: each query tests the pairs of
    its own view (``plan_view``), in milliseconds.
    """
    if has_levels(stats):
        return
    pair_evidence(stats, (options or PlanOptions()).label_rule())


def default_pace(person: Sequence[DomainProfile], options: PlanOptions) -> Pace:
    """The pace when the caller has none: planned hours, else the profiles' recent rate, else
    the weekly target. (The services pass ``pace.choose_pace``'s answer, which also knows how
    long the history is.)"""
    if options.planned_hours_per_week is not None:
        return Pace(options.planned_hours_per_week, PLANNED)
    recent = sum(max(0.0, p.recent_weekly_minutes) for p in person)
    if recent > 0:
        return Pace(recent / 60.0, RECENT_AVERAGE)
    reason = IDLE.format(weeks=RECENT_WEEKS)
    return Pace(options.weekly_budget_minutes / 60.0, WEEKLY_TARGET, reason)


def calibrated_options(
    options: PlanOptions,
    profiles: Sequence[DomainProfile],
    assessments: Iterable[AssessmentRecord],
    minutes: Iterable[DatedMinutes],
    *,
    today: date,
) -> PlanOptions:
    """``options`` with the person's speed and spread from their own assessments.

    Each domain's gains are measured against its area's bands (CEFR for languages); see
    ``calibration``. Read the assessments and minutes in the same snapshot as the profiles.
    """
    area_of = {p.name.casefold(): p.area for p in profiles}
    spans = level_spans(assessments, minutes, today=today)
    result = calibrate(spans, lambda domain: options.bands_for(area_of.get(domain.casefold())))
    return options.with_calibration(result)


def stack_feasibility(
    members: Iterable[tuple[str | None, int | None]],
    target_level: int,
    pace: Pace,
    options: PlanOptions | None = None,
) -> Feasibility:
    """Hours and weeks to bring every (area, level) member to the target, at the pace.

    The one projection of a stack: suggestions use it, and so must anything else that shows
    the same stack, so the weeks agree everywhere.
    """
    chosen = options or PlanOptions()
    hours = [
        chosen.bands_for(area).hours_between(min(level or 1, target_level), target_level)
        * chosen.calibration
        for area, level in members
    ]
    return estimate_weeks(
        math.fsum(hours),
        pace.hours_per_week,
        sigma=chosen.speed_sigma,
        spread=chosen.feasibility_spread,
    )


def plan_stacks(
    stats: PopulationStats,
    person: Sequence[DomainProfile],
    *,
    keep: Sequence[str] = (),
    new: int = 1,
    target_level: int = 3,
    top: int = 10,
    integration: Iterable[IntegrationLink] = (),
    options: PlanOptions | None = None,
    pace: Pace | None = None,
    exhaustive: bool = False,
) -> StackPlan:
    """The ``top`` best stacks for a person and the facts around them (exact, fast).

    ``keep`` names the person's domains of which every stack holds at least one: their defining
    domains (``pace.defining_domains``), or one anchor; empty lets any of their areas root a
    stack. ``new`` is how many areas a stack adds (1 or 2); ``target_level`` the Dreyfus level
    to reach in all three. ``exhaustive`` scores every candidate (the reference; slow).
    """
    if top < 1:
        raise InvalidInput("ask for at least one suggestion")
    chosen = options or PlanOptions()
    walk = pace or default_pace(person, chosen)
    query = Query(
        stats,
        person,
        keep=keep,
        new=new,
        target_level=target_level,
        integration=integration,
        options=chosen,
        pace=walk,
    )
    best = _distinct_best(query, top, exhaustive=exhaustive)
    quickest = query.quickest_hours()
    found = query.found
    return StackPlan(
        suggestions=tuple(_suggestion(query, score, i, j, k) for score, i, j, k in best),
        pace=walk,
        horizon_weeks=float(chosen.horizon_weeks),
        candidates=query.candidates(),
        beyond_horizon=query.beyond_horizon(),
        quickest=None
        if quickest is None
        else estimate_weeks(
            quickest,
            walk.hours_per_week,
            sigma=chosen.speed_sigma,
            spread=chosen.feasibility_spread,
        ),
        keep=tuple(_kept_names(person, keep)),
        left_out=tuple(LeftOut(domain, area, stats.count(area)) for domain, area in query.left_out),
        min_area_units=chosen.min_area_units,
        family_pairs=found.family_pairs,
        cutoff=found.cutoff,
        conventional_pairs=int((found.side > 0).sum()),
        atypical_pairs=int((found.side < 0).sum()),
    )


def suggest_stacks(
    stats: PopulationStats,
    person: Sequence[DomainProfile],
    *,
    anchor: str | None = None,
    keep: Sequence[str] = (),
    new: int = 1,
    target_level: int = 3,
    top: int = 10,
    integration: Iterable[IntegrationLink] = (),
    options: PlanOptions | None = None,
    pace: Pace | None = None,
) -> list[Suggestion]:
    """The suggestions of ``plan_stacks``; ``anchor`` (one domain) stands for ``keep=(anchor,)``."""
    plan = plan_stacks(
        stats,
        person,
        keep=(anchor,) if anchor is not None else keep,
        new=new,
        target_level=target_level,
        top=top,
        integration=integration,
        options=options,
        pace=pace,
    )
    return list(plan.suggestions)


def suggest_stacks_exhaustive(
    stats: PopulationStats,
    person: Sequence[DomainProfile],
    *,
    anchor: str | None = None,
    keep: Sequence[str] = (),
    new: int = 1,
    target_level: int = 3,
    top: int = 10,
    integration: Iterable[IntegrationLink] = (),
    options: PlanOptions | None = None,
    pace: Pace | None = None,
) -> list[Suggestion]:
    """The same answer as ``suggest_stacks`` by scoring every candidate (the reference)."""
    plan = plan_stacks(
        stats,
        person,
        keep=(anchor,) if anchor is not None else keep,
        new=new,
        target_level=target_level,
        top=top,
        integration=integration,
        options=options,
        pace=pace,
        exhaustive=True,
    )
    return list(plan.suggestions)


# ---------------------------------------------------------------------------- one suggestion


def _distinct_best(
    query: Query, top: int, *, exhaustive: bool
) -> list[tuple[float, int, int, int]]:
    """The ``top`` best stacks, leaving out one that repeats a better one with nested new areas.

    "Add education science" and, below it, "add education" (the broader field holding it), to
    the same areas of the person, say one thing twice. Only populations with levels have
    nested areas; elsewhere this is the search's own answer.
    """
    search = search_exhaustive if exhaustive else search_pruned
    wanted = top
    while True:
        best = search(query, wanted)
        if not len(query.nested):
            return best
        kept: list[tuple[float, int, int, int]] = []
        for item in best:
            if not any(_repeats(query, item[1:], other[1:]) for other in kept):
                kept.append(item)
        if len(kept) >= top or len(best) < wanted:
            return kept[:top]
        wanted *= 2


def _repeats(query: Query, stack: tuple[int, int, int], better: tuple[int, int, int]) -> bool:
    """Whether ``stack`` keeps the same areas of the person as ``better`` and each of its new
    areas is one of ``better``'s or nested with one of them."""
    mine = {x for x in stack if query.is_owned[x]}
    if mine != {x for x in better if query.is_owned[x]}:
        return False
    theirs = [x for x in better if not query.is_owned[x]]
    return all(
        any(x == y or query.nested_pair(x, y) for y in theirs)
        for x in stack
        if not query.is_owned[x]
    )


def _kept_names(person: Sequence[DomainProfile], keep: Sequence[str]) -> list[str]:
    by_name = {p.name.casefold(): p.name for p in person}
    names = []
    for name in keep:
        found = by_name.get(name.strip().casefold())
        if found is None:
            raise UnknownDomain(name)
        names.append(found)
    return names


def _suggestion(query: Query, score: float, i: int, j: int, k: int) -> Suggestion:
    stats, options = query.stats, query.options
    names = stats.areas
    pair_s = {
        (i, j): query.strength(i, j),
        (i, k): query.strength(i, k),
        (j, k): query.strength(j, k),
    }
    pair_stats = {pair: stats.pair(*pair) for pair in pair_s}

    def rarest(pair: tuple[int, int]) -> tuple[float, float, list[str]]:
        lift = pair_stats[pair].observed / pair_stats[pair].expected
        return pair_s[pair], lift, sorted((names[pair[0]], names[pair[1]]))

    rare = min(pair_s, key=rarest)
    bridge = next(x for x in (i, j, k) if x not in rare)
    end_a, end_b = sorted(rare, key=lambda x: names[x])
    members = (end_a, bridge, end_b)
    parts = query.parts(i, j, k)
    if parts is None:  # pragma: no cover - the searches only keep stacks with evidence
        raise AssertionError("a suggestion without evidence")
    cell, conventionality, novelty, feasibility, integration = parts
    rule = options.label_rule()
    found = query.found
    shown = (
        stats.pair(end_a, bridge),
        stats.pair(bridge, end_b),
        stats.pair(end_a, end_b),
    )
    labels = tuple(
        label_pair(pair, rule, cutoff=found.cutoff, family_tests=found.tests) for pair in shown
    )
    top_q = [
        top_fraction(max(query.level.get(x, 1), query.target_level), options.quantiles)
        for x in members
    ]
    correlation = np.eye(3)
    for x, y in itertools.combinations(range(3), 2):
        correlation[x, y] = correlation[y, x] = stats.correlation(members[x], members[y])
    return Suggestion(
        areas=(names[end_a], names[bridge], names[end_b]),
        new_areas=tuple(names[x] for x in members if not query.is_owned[x]),
        domains={names[x]: tuple(query.domains[x]) for x in members if query.is_owned[x]},
        levels={names[x]: query.level.get(x, 1) for x in members},
        target_level=query.target_level,
        pairs=shown,
        labels=(labels[0], labels[1], labels[2]),
        conventionality=conventionality,
        novelty=novelty,
        cell=CELL_NAMES[cell],
        sweet_spot=cell == SWEET_SPOT,
        bridge=names[bridge],
        rare_pair=(names[end_a], names[end_b]),
        rarity=stack_rarity(top_q, correlation, spread=options.correlation_spread),
        feasibility=stack_feasibility(
            [(names[x], query.level.get(x)) for x in members],
            query.target_level,
            query.pace,
            options,
        ),
        pace=query.pace,
        integration_minutes=query.integration_minutes(i, j, k),
        score=score,
        score_parts={
            "cell": cell,
            "conventionality": conventionality,
            "novelty": novelty,
            "feasibility": feasibility,
            "integration": integration,
        },
        n_units=stats.n_units,
        unit_label=stats.unit_label,
        examples=tuple(example_units(query.population, [names[x] for x in members])),
        skills={
            names[x]: tuple(
                skills_inside(query.population, names[x], [names[y] for y in members if y != x])
            )
            for x in members
            if not query.is_owned[x]
        },
    )


def _pair_dict(pair: PairStats, label: PairLabel) -> dict[str, Any]:
    p_at_most, p_at_least = pair.tails()
    return {
        "a": pair.a,
        "b": pair.b,
        "n_a": pair.n_a,
        "n_b": pair.n_b,
        "observed": pair.observed,
        "expected": pair.expected,
        "z": pair.z,
        "lift": None if math.isnan(pair.lift) else pair.lift,
        "p_at_most": p_at_most,
        "p_at_least": p_at_least,
        "null_z": pair.null_z,
        "correlation": pair.correlation,
        **label.to_dict(),
    }


def _brief(label: PairLabel, other: str) -> str:
    word = {CONVENTIONAL: "conventional", ATYPICAL: "atypical", NEAR_CHANCE: "near chance"}
    return f"with {other}: lift {label.lift:.2f}, {word[label.label]}"


def _near(label: PairLabel, pair: PairStats) -> str:
    return f"z = {pair.z:+.2f}, lift {label.lift:.2f}, near chance: {label.reason}"


def _confidence(label: PairLabel) -> str:
    return f"{100.0 * label.confidence:g}%"


def _p(value: float) -> str:
    return f"{value:.2g}"


def _span(weeks: float) -> str:
    if weeks >= WEEKS_PER_YEAR and (weeks / WEEKS_PER_YEAR).is_integer():
        years = int(weeks / WEEKS_PER_YEAR)
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{weeks:,.0f} weeks"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
