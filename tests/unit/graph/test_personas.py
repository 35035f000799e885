"""Five people plan a stack on the shipped O*NET population; what each of them would notice.

Each persona is a few domains with plausible areas, levels and twenty weeks of sessions. The
tests assert properties a careful reader checks, not exact picks: claims rest on labelled pairs,
a near-universal area is never a bridge or a rare pair, the person's defining domain stays, a
suggestion and the stack it becomes agree on the weeks, re-recording a level changes nothing,
and a brand-new user hears a horizon they can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from polymath.core.records import AssessmentRecord, DatedMinutes, DomainProfile
from polymath.graph.labels import ATYPICAL, CONVENTIONAL, NEAR_CHANCE
from polymath.graph.pace import RECENT_AVERAGE, WEEKLY_TARGET, choose_pace, defining_domains
from polymath.graph.planner import (
    PlanOptions,
    StackPlan,
    calibrated_options,
    plan_stacks,
    stack_feasibility,
)
from polymath.graph.population import PopulationStats

TODAY = date(2030, 6, 19)  # any day: every date below is relative to it
WEEKS = 20
WEEKLY_TARGET_MINUTES = 300


@dataclass(frozen=True)
class Domain:
    name: str
    area: str
    level: int
    weekly_minutes: int
    earlier_hours: int  # logged before these twenty weeks
    start_level: int  # assessed twenty weeks ago; ``level`` ten weeks ago


@dataclass(frozen=True)
class Persona:
    who: str
    domains: tuple[Domain, ...]

    def minutes(self) -> list[DatedMinutes]:
        """A session every other day for twenty weeks, summing to each domain's weekly minutes."""
        found = []
        for domain in self.domains:
            per_session = domain.weekly_minutes * 2 // 7
            found += [
                DatedMinutes(domain.name, TODAY - timedelta(days=day), per_session)
                for day in range(0, WEEKS * 7, 2)
            ]
        return found

    def assessments(self, *, re_record: bool = False) -> list[AssessmentRecord]:
        """Each domain assessed twenty weeks ago and ten weeks ago (re-recorded in between)."""
        found = []
        for domain in self.domains:
            start = domain.start_level
            found.append(AssessmentRecord(domain.name, start, TODAY - timedelta(weeks=WEEKS)))
            found.append(AssessmentRecord(domain.name, domain.level, TODAY - timedelta(weeks=10)))
            if re_record:
                for weeks_ago in (15, 5, 1):
                    level = start if weeks_ago > 10 else domain.level
                    found.append(
                        AssessmentRecord(domain.name, level, TODAY - timedelta(weeks=weeks_ago))
                    )
        return found

    def profiles(self) -> list[DomainProfile]:
        minutes = self.minutes()
        return [
            DomainProfile(
                name=d.name,
                area=d.area,
                level=d.level,
                total_minutes=d.earlier_hours * 60
                + sum(m.minutes for m in minutes if m.domain == d.name),
                recent_weekly_minutes=sum(
                    m.minutes
                    for m in minutes
                    if m.domain == d.name and m.day > TODAY - timedelta(weeks=4)
                )
                / 4,
            )
            for d in self.domains
        ]

    def options(self, *, re_record: bool = False) -> PlanOptions:
        return calibrated_options(
            PlanOptions(weekly_budget_minutes=WEEKLY_TARGET_MINUTES),
            self.profiles(),
            self.assessments(re_record=re_record),
            self.minutes(),
            today=TODAY,
        )

    def plan(self, stats: PopulationStats, *, new: int, re_record: bool = False) -> StackPlan:
        profiles = self.profiles()
        keep = defining_domains(profiles, self.minutes(), today=TODAY)
        pace = choose_pace(self.minutes(), today=TODAY, weekly_target_minutes=WEEKLY_TARGET_MINUTES)
        return plan_stacks(
            stats,
            profiles,
            keep=keep.names,
            new=new,
            top=3,
            options=self.options(re_record=re_record),
            pace=pace,
        )


PERSONAS = [
    Persona(
        "developer learning jazz and Spanish",
        (
            Domain("Python", "Computers and Electronics", 4, 180, 2_500, 4),
            Domain("Jazz piano", "Fine Arts", 2, 150, 10, 1),
            Domain("Spanish", "Foreign Language", 2, 120, 220, 2),
        ),
    ),
    Persona(
        "nurse learning data science",
        (
            Domain("Nursing practice", "Medicine and Dentistry", 4, 200, 4_000, 4),
            Domain("Statistics", "Mathematics", 2, 150, 5, 1),
            Domain("Python for data", "Computers and Electronics", 1, 100, 5, 1),
        ),
    ),
    Persona(
        "lawyer learning design",
        (
            Domain("Contract law", "Law and Government", 4, 150, 5_000, 4),
            Domain("Graphic design", "Design", 2, 120, 10, 1),
        ),
    ),
    Persona(
        "mechanical engineer learning psychology",
        (
            Domain("Mechanical engineering", "Engineering and Technology", 4, 200, 6_000, 4),
            Domain("Machine design", "Mechanical", 4, 60, 3_000, 4),
            Domain("Psychology", "Psychology", 2, 150, 10, 1),
        ),
    ),
    Persona(
        "violinist learning economics",
        (
            Domain("Violin", "Fine Arts", 5, 420, 10_000, 5),
            Domain("Economics", "Economics and Accounting", 2, 150, 10, 1),
        ),
    ),
]
IDS = [p.who for p in PERSONAS]


@pytest.fixture(scope="module", name="plans")
def plans_fixture(shipped: PopulationStats) -> dict[tuple[str, int], StackPlan]:
    return {(p.who, new): p.plan(shipped, new=new) for p in PERSONAS for new in (1, 2)}


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
@pytest.mark.parametrize("new", [1, 2])
def test_every_claim_rests_on_a_labelled_pair(
    plans: dict[tuple[str, int], StackPlan], persona: Persona, new: int
) -> None:
    plan = plans[(persona.who, new)]
    assert plan.suggestions, f"{persona.who} is offered nothing"
    for s in plan.suggestions:
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
def test_a_near_universal_area_is_never_a_bridge_or_a_rare_pair(
    shipped: PopulationStats,
    plans: dict[tuple[str, int], StackPlan],
    persona: Persona,
    new: int,
) -> None:
    common = {a for a in shipped.areas if shipped.count(a) > 0.8 * shipped.n_units}
    assert common == {"English Language"}
    for s in plans[(persona.who, new)].suggestions:
        for pair, label in zip(s.pairs, s.labels, strict=True):
            if {pair.a, pair.b} & common:
                assert label.label == NEAR_CHANCE
        if s.cell != "rare pair":
            assert s.bridge not in common
        if s.labels[2].label == ATYPICAL:
            assert not set(s.rare_pair) & common


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
@pytest.mark.parametrize("new", [1, 2])
def test_the_defining_domain_is_in_every_stack(
    plans: dict[tuple[str, int], StackPlan], persona: Persona, new: int
) -> None:
    plan = plans[(persona.who, new)]
    defining = max(persona.domains, key=lambda d: d.weekly_minutes)
    assert plan.keep == (defining.name,)
    for s in plan.suggestions:
        assert defining.name in s.domains.get(defining.area, ())


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
def test_a_suggestion_and_the_stack_it_becomes_agree_on_the_weeks(
    plans: dict[tuple[str, int], StackPlan], persona: Persona
) -> None:
    levels = {d.area: d.level for d in persona.domains}
    options = persona.options()
    for new in (1, 2):
        plan = plans[(persona.who, new)]
        assert plan.pace.source == RECENT_AVERAGE
        for s in plan.suggestions:
            # adopted: the person's domains as they are, the new areas as new domains
            adopted = [(area, levels.get(area)) for area in s.areas]
            stack = stack_feasibility(adopted, s.target_level, plan.pace, options)
            assert stack.weeks == pytest.approx(s.feasibility.weeks, rel=0.01)
            assert stack.weekly_hours == s.feasibility.weekly_hours


@pytest.mark.parametrize("persona", PERSONAS, ids=IDS)
def test_re_recording_a_level_leaves_the_estimate_unchanged(
    shipped: PopulationStats, persona: Persona
) -> None:
    assert persona.options() == persona.options(re_record=True)
    assert persona.options().calibration != 1.0  # the history does calibrate
    once = persona.plan(shipped, new=2)
    often = persona.plan(shipped, new=2, re_record=True)
    assert [s.feasibility for s in once.suggestions] == [s.feasibility for s in often.suggestions]


def test_a_brand_new_user_hears_a_horizon_they_can_act_on(shipped: PopulationStats) -> None:
    minutes = [DatedMinutes("Ukulele", TODAY, 30)]
    profiles = [DomainProfile("Ukulele", "Fine Arts", None, 30, recent_weekly_minutes=7.5)]
    pace = choose_pace(minutes, today=TODAY, weekly_target_minutes=WEEKLY_TARGET_MINUTES)
    assert pace.source == WEEKLY_TARGET and pace.hours_per_week == 5
    keep = defining_domains(profiles, minutes, today=TODAY)
    plan = plan_stacks(shipped, profiles, keep=keep.names, new=2, pace=pace)
    assert plan.suggestions or plan.out_of_reach
    for s in plan.suggestions:
        assert s.feasibility.weeks < 10 * 52
        assert "years" in s.sentence() or "weeks" in s.sentence()
    slow = plan_stacks(
        shipped, profiles, keep=keep.names, new=2, target_level=4, pace=pace
    )  # 3 x 1,000 hours at 5 h a week: 11.5 years
    assert slow.out_of_reach and not slow.suggestions
    assert "would take longer than 3 years" in slow.set_aside_sentence()
