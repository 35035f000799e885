"""The planner's rule and assumptions in plain words, with the settings in force.

One text for every place that explains a suggestion (the command line's explanation and the
app's help), so they can never describe different quantities. It names no command.
"""

from __future__ import annotations

from polymath.graph.feasibility import WEEKS_PER_YEAR, Z_80
from polymath.graph.plan_options import PlanOptions
from polymath.graph.rarity import rarity_assumptions
from polymath.graph.stack_search import (
    CONVENTIONAL_CORE,
    FEASIBILITY_WEIGHT,
    INTEGRATION_FULL_MINUTES,
    INTEGRATION_WEIGHT,
    RARE_PAIR,
    SWEET_SPOT,
)


def planner_rule(options: PlanOptions | None = None) -> list[tuple[str, list[str]]]:
    """The rule as (heading, sentences) sections: labels, score, time, rarity."""
    o = options or PlanOptions()
    bands = ", ".join(f"{o.bands.hours_to_reach(level):,.0f}" for level in range(2, 6))
    languages = ", ".join(f"{o.language_bands.hours_to_reach(level):,.0f}" for level in range(2, 6))
    low, high = _range(o)
    return [
        (
            "Pairs",
            [
                "For two areas used by n_a and n_b of N units, O units use both and chance "
                "predicts E = n_a n_b / N; the lift is O / E.",
                f"A pair is atypical (rare) when P[X <= O] is significant and its lift is at "
                f"most {o.atypical_lift:g}; conventional (a bridge) when P[X >= O] is "
                f"significant and its lift is at least {o.bridge_lift:g}; otherwise it is "
                "near chance.",
                "P is the exact hypergeometric tail. Significance is Benjamini-Hochberg at "
                f"{100 * o.alpha:g}% over both one-sided tests of every pair that appears in "
                "at least one stack the search considers; a test whose lift falls short of "
                "its threshold counts in that family but can never be significant.",
                f"An area used by more than {100 * o.ubiquitous_share:g}% of units labels no "
                f"pair (nearly everyone has it); an area used by fewer than "
                f"{o.min_area_units} units is left out; a population of fewer than "
                f"{o.min_units} units is refused.",
            ],
        ),
        (
            "Strength",
            [
                f"Scores use the lift one can vouch for at {100 * (1 - o.alpha):g}%: exact "
                "Poisson bounds on O / E, so strength does not grow with the size of the "
                "population as z does.",
                "A bridge's strength is 1 - 1/L for its lower bound L (the share of its "
                "co-occurrences beyond chance); a rare pair's is 1 - U for its upper bound U "
                "(the share of the expected co-occurrences that is missing). Both lie "
                "between 0 and 1.",
            ],
        ),
        (
            "Score",
            [
                "Following Uzzi et al. (2013), a stack falls in a cell: the sweet spot "
                f"(two bridges and a rare pair, {SWEET_SPOT:g}), a conventional core without a "
                f"rare pair ({CONVENTIONAL_CORE:g}), or a rare pair without a bridge "
                f"({RARE_PAIR:g}). A stack with no labelled pair in such a role rests on no "
                "evidence and is not suggested.",
                "Added to the cell: conventionality (the weaker bridge's strength), novelty "
                "(the rare pair's strength), feasibility "
                f"({FEASIBILITY_WEIGHT:g} x (1 - weeks / horizon)) and integration "
                f"({INTEGRATION_WEIGHT:g} x the share of {INTEGRATION_FULL_MINUTES / 60:g} "
                "hours already logged between its members). Cells never mix; ties go by name.",
                "A stack keeps the person's defining domain: the adopted stack's members, "
                "else the domain with the most hours in the last 12 weeks, unless an anchor "
                "is chosen or the rule is lifted.",
            ],
        ),
        (
            "Time",
            [
                f"Hours to reach each level from 2 up: {bands}; languages use CEFR guided "
                f"hours, {languages}.",
                "Your own gains calibrate them: hours between assessments that change a "
                "level form one gain, and hours since your last change count as a gain not "
                "yet made (censored), so re-recording a level never makes you look faster.",
                "One pace for every projection of a stack: the hours you planned for it, "
                "else your average over the last 4 weeks, else (less than 4 weeks of "
                "history) your weekly target.",
                f"Stacks that would take longer than {_horizon(o.horizon_weeks)} at that pace "
                "are set aside and counted.",
                f"The range (x{low:.2g}-x{high:.2g}) is an 80% interval: with no gains "
                "recorded, 80% of people take between half and twice the hours; with gains, "
                "it follows the spread of yours.",
            ],
        ),
        ("Rarity", rarity_assumptions(o.quantiles, o.correlation_spread)),
    ]


def explain(options: PlanOptions | None = None) -> str:
    """The rule and its assumptions as plain text, one paragraph per section."""
    return "\n\n".join(
        f"{heading}\n" + "\n".join(f"- {line}" for line in lines)
        for heading, lines in planner_rule(options)
    )


def _range(options: PlanOptions) -> tuple[float, float]:
    if options.feasibility_spread is not None:
        return options.feasibility_spread
    from math import exp

    return exp(-Z_80 * options.speed_sigma), exp(Z_80 * options.speed_sigma)


def _horizon(weeks: float) -> str:
    years = weeks / WEEKS_PER_YEAR
    if years >= 1 and years.is_integer():
        return f"{years:.0f} year{'s' if years != 1 else ''}"
    return f"{weeks:g} weeks"
