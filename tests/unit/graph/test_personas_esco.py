"""The five personas of the scoring issue plan on ESCO; what each of them would notice.

Each domain is mapped as a new domain would be (``automatic_match``); where ESCO holds no label
that says what the name says, the persona picks an area from the candidates, as a person does
with ``domains map``. The tests assert the properties of the scoring issue (claims rest on
labelled pairs, no near-universal area bridges or is rare, the defining domain stays) and what a
stack is made of on ESCO: skill groups as new areas, no nested pair, every new area bridged to
the person, no pair that no occupation combines, and the skills and occupations to act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from polymath.core.records import DatedMinutes, DomainProfile
from polymath.graph.esco import esco_catalogue
from polymath.graph.labels import ATYPICAL, CONVENTIONAL, NEAR_CHANCE
from polymath.graph.pace import choose_pace, defining_domains
from polymath.graph.planner import PlanOptions, StackPlan, plan_stacks, stack_feasibility
from polymath.graph.population import PopulationStats
from polymath.graph.skill_match import automatic_match

TODAY = date(2031, 3, 4)  # any day: every date below is relative to it
WEEKS = 12
WEEKLY_TARGET_MINUTES = 300


@dataclass(frozen=True)
class Domain:
    name: str
    level: int
    weekly_minutes: int
    earlier_hours: int
    picked: str | None = None
    """The area the person picks when no label is confident (``domains map``)."""

    def area(self) -> str:
        found = automatic_match(self.name)
        if found is not None:
            return found.area
        assert self.picked is not None, f"{self.name} needs an area picked"
        return self.picked


@dataclass(frozen=True)
class Persona:
    who: str
    domains: tuple[Domain, ...]

    def minutes(self) -> list[DatedMinutes]:
        return [
            DatedMinutes(d.name, TODAY - timedelta(days=day), d.weekly_minutes * 2 // 7)
            for d in self.domains
            for day in range(0, WEEKS * 7, 2)
        ]

    def profiles(self) -> list[DomainProfile]:
        minutes = self.minutes()
        return [
            DomainProfile(
                name=d.name,
                area=d.area(),
                level=d.level,
                total_minutes=d.earlier_hours * 60
                + sum(m.minutes for m in minutes if m.domain == d.name),
                recent_weekly_minutes=d.weekly_minutes,
            )
            for d in self.domains
        ]

    def plan(self, stats: PopulationStats, *, new: int, exhaustive: bool = False) -> StackPlan:
        profiles = self.profiles()
        keep = defining_domains(profiles, self.minutes(), today=TODAY)
        pace = choose_pace(self.minutes(), today=TODAY, weekly_target_minutes=WEEKLY_TARGET_MINUTES)
        return plan_stacks(
            stats, profiles, keep=keep.names, new=new, top=3, pace=pace, exhaustive=exhaustive
        )


PERSONAS = [
    Persona(
        "developer learning jazz and Spanish",
        (
            Domain("Python", 4, 180, 2_500),
            Domain("Jazz piano", 2, 150, 10),
            Domain("Spanish", 2, 120, 220),
        ),
    ),
    Persona(
        "nurse learning data science",
        (
            Domain("Nursing practice", 4, 200, 4_000, picked="nursing and midwifery"),
            Domain("Statistics", 2, 150, 5),
            Domain("Python for data", 1, 100, 5, picked="Python (computer programming)"),
        ),
    ),
    Persona(
        "lawyer learning design",
        (Domain("Contract law", 4, 150, 5_000), Domain("Graphic design", 2, 120, 10)),
    ),
    Persona(
        "mechanical engineer learning psychology",
        (
            Domain("Mechanical engineering", 4, 200, 6_000),
            Domain(
                "Machine design",
                4,
                60,
                3_000,
                picked="designing industrial materials, systems or products",
            ),
            Domain("Psychology", 2, 150, 10),
        ),
    ),
    Persona(
        "violinist learning economics",
        (
            Domain("Violin", 5, 420, 10_000, picked="play musical instruments"),
            Domain("Economics", 2, 150, 10),
        ),
    ),
]
IDS = [p.who for p in PERSONAS]


@pytest.fixture(scope="module", name="plans")
def plans_fixture(esco_stats: PopulationStats) -> dict[tuple[str, int], StackPlan]:
    return {(p.who, new): p.plan(esco_stats, new=new) for p in PERSONAS for new in (1, 2)}


def test_domains_are_mapped_as_a_new_domain_would_be() -> None:
    mapped = {d.name: automatic_match(d.name) for p in PERSONAS for d in p.domains}
    areas = {name: None if m is None else m.area for name, m in mapped.items()}
    assert areas == {
        "Python": "Python (computer programming)",
        "Jazz piano": "play musical instruments",
        "Spanish": "mastering languages",
        "Nursing practice": None,
        "Statistics": "statistics (knowledge)",
        "Python for data": None,
        "Contract law": "contract law",
        "Graphic design": "graphic design",
        "Mechanical engineering": "mechanical engineering",
        "Machine design": None,
        "Psychology": "psychology (knowledge)",
        "Violin": None,
        "Economics": "economics (knowledge)",
    }


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
@pytest.mark.parametrize("new", [1, 2])
def test_every_claim_rests_on_a_labelled_pair(
    plans: dict[tuple[str, int], StackPlan], persona: Persona, new: int
) -> None:
    for s in plans[(persona.who, new)].suggestions:
        left, right, rare = (label.label for label in s.labels)
        if s.cell == "sweet spot":
            assert (left, right, rare) == (CONVENTIONAL, CONVENTIONAL, ATYPICAL)
        elif s.cell == "conventional core":
            assert left == right == CONVENTIONAL
        else:
            assert rare == ATYPICAL
        for label in s.labels:
            if label.label != NEAR_CHANCE:
                assert label.p_value <= label.cutoff


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
@pytest.mark.parametrize("new", [1, 2])
def test_no_near_universal_area_bridges_or_is_rare(
    esco_stats: PopulationStats,
    plans: dict[tuple[str, int], StackPlan],
    persona: Persona,
    new: int,
) -> None:
    for s in plans[(persona.who, new)].suggestions:
        for pair, label in zip(s.pairs, s.labels, strict=True):
            if max(pair.n_a, pair.n_b) > 0.8 * esco_stats.n_units:
                assert label.label == NEAR_CHANCE
        assert esco_stats.count(s.bridge) <= 0.8 * esco_stats.n_units or s.cell == "rare pair"


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
@pytest.mark.parametrize("new", [1, 2])
def test_the_defining_domain_is_in_every_stack(
    plans: dict[tuple[str, int], StackPlan], persona: Persona, new: int
) -> None:
    plan = plans[(persona.who, new)]
    defining = max(persona.domains, key=lambda d: d.weekly_minutes)
    assert plan.keep == (defining.name,)
    for s in plan.suggestions:
        assert defining.name in s.domains.get(defining.area(), ())


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
@pytest.mark.parametrize("new", [1, 2])
def test_a_stack_adds_groups_bridged_to_the_person_and_pairs_no_nested_concepts(
    esco_stats: PopulationStats,
    plans: dict[tuple[str, int], StackPlan],
    persona: Persona,
    new: int,
) -> None:
    hierarchy = esco_stats.hierarchy
    assert hierarchy is not None
    owned = {d.area() for d in persona.domains}
    for s in plans[(persona.who, new)].suggestions:
        index = {area: esco_stats.index_of(area) for area in s.areas}
        for area in s.new_areas:
            assert hierarchy.groups[index[area]]
            assert esco_stats.count(area) >= PlanOptions().min_new_area_units
            assert not any(hierarchy.nested(index[area], esco_stats.index_of(o)) for o in owned)
            assert s.skills[area], f"{area}: no skill named to start with"
            catalogue = esco_catalogue()
            group = catalogue.by_area(area)
            assert group is not None
            inside = {catalogue.labels[c] for c in catalogue.skills_below(group.index)}
            assert set(s.skills[area]) <= inside
        for pair, label in zip(s.pairs, s.labels, strict=True):
            assert not hierarchy.nested(index[pair.a], index[pair.b])
            assert not (label.label == ATYPICAL and pair.observed == 0)
        for area in s.new_areas:
            assert any(
                label.label == CONVENTIONAL
                and area in (pair.a, pair.b)
                and ({pair.a, pair.b} - {area}) <= set(s.areas) - set(s.new_areas)
                for pair, label in zip(s.pairs, s.labels, strict=True)
            )
        assert s.examples
        for name in s.examples:
            assert name in esco_stats.unit_names  # type: ignore[operator]


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
@pytest.mark.parametrize("new", [1, 2])
def test_no_suggestion_repeats_a_better_one_with_a_nested_field(
    esco_stats: PopulationStats,
    plans: dict[tuple[str, int], StackPlan],
    persona: Persona,
    new: int,
) -> None:
    hierarchy = esco_stats.hierarchy
    assert hierarchy is not None
    suggestions = plans[(persona.who, new)].suggestions
    for k, later in enumerate(suggestions):
        for better in suggestions[:k]:
            if set(later.areas) - set(later.new_areas) != set(better.areas) - set(better.new_areas):
                continue
            assert not all(
                any(
                    x == y or hierarchy.nested(esco_stats.index_of(x), esco_stats.index_of(y))
                    for y in better.new_areas
                )
                for x in later.new_areas
            ), (later.new_areas, better.new_areas)


def test_a_suggested_group_names_the_skills_its_occupations_use(
    esco_stats: PopulationStats,
) -> None:
    from polymath.graph.area_lookup import skills_inside

    named = skills_inside(
        esco_stats, "therapy and rehabilitation", ["play musical instruments", "psychology"]
    )
    # the music therapist, the one occupation combining all three, relates to these
    assert named == [
        "music therapy processes",
        "music therapy clinical practice",
        "music therapy theories",
    ]


def test_a_broader_field_does_not_repeat_a_narrower_one_offered_first(
    esco_stats: PopulationStats,
) -> None:
    nurse = next(p for p in PERSONAS if p.who.startswith("nurse"))
    offered = [s.new_areas for s in nurse.plan(esco_stats, new=1).suggestions]
    assert ("education science",) in offered and ("education",) not in offered


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
def test_the_fast_search_equals_the_exhaustive_one(
    esco_stats: PopulationStats, plans: dict[tuple[str, int], StackPlan], persona: Persona
) -> None:
    slow = persona.plan(esco_stats, new=1, exhaustive=True)
    fast = plans[(persona.who, 1)]
    assert [(s.areas, s.score) for s in fast.suggestions] == [
        (s.areas, s.score) for s in slow.suggestions
    ]


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
def test_a_suggestion_and_the_stack_it_becomes_agree_on_the_weeks(
    plans: dict[tuple[str, int], StackPlan], persona: Persona
) -> None:
    levels = {d.area(): d.level for d in persona.domains}
    for new in (1, 2):
        plan = plans[(persona.who, new)]
        for s in plan.suggestions:
            stack = stack_feasibility(
                [(area, levels.get(area)) for area in s.areas], s.target_level, plan.pace
            )
            assert stack.weeks == pytest.approx(s.feasibility.weeks, rel=0.01)


def test_most_personas_are_offered_something(plans: dict[tuple[str, int], StackPlan]) -> None:
    offered = [key for key, plan in plans.items() if plan.suggestions]
    assert len(offered) >= 8
