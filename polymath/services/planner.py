"""The skill graph use-cases: populations, the person's profile, suggestions, the adopted stack."""

import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from polymath.core.errors import (
    LIST_AREAS,
    MAP_DOMAIN,
    RESTORE_DOMAIN,
    InvalidInput,
    NotFound,
    PolymathError,
    UnknownDomain,
)
from polymath.core.names import closest_name, name_key
from polymath.core.records import (
    AssessmentRecord,
    DatedMinutes,
    DomainProfile,
    DomainRecord,
    IntegrationLink,
)
from polymath.core.spans import day_parts
from polymath.core.text import clean_name
from polymath.services.areas import POPULATION_SETTING
from polymath.services.context import Context
from polymath.services.review import STACK_SETTING
from polymath.store import checkin as rows
from polymath.store import direct
from polymath.store import person as reads

if TYPE_CHECKING:
    import networkx as nx

    from polymath.graph.area_lookup import AreaPage
    from polymath.graph.feasibility import Feasibility
    from polymath.graph.labels import LabelRule, PairLabel
    from polymath.graph.pace import DefiningDomains, Pace
    from polymath.graph.plan_options import PlanOptions
    from polymath.graph.planner import StackPlan, Suggestion
    from polymath.graph.population import PairStats, PopulationStats
    from polymath.store.checkin import Connection

POPULATION_KEY = POPULATION_SETTING
STACK_KEY = STACK_SETTING
RECENT_WEEKS = 4
MAX_TOP = 100
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def populations_dir(ctx: Context) -> Path:
    """Populations the user loaded live beside their database, as derived statistics."""
    from polymath.services.areas import populations_dir as beside

    return beside(ctx.db_path)


def _set(ctx: Context, key: str, value: str | None, description: str) -> None:
    from polymath.store import queries
    from polymath.store.engine import writing

    with writing(ctx.engine, description) as session:
        queries.set_setting(session=session, key=key, value=value)


def load_population(ctx: Context, file: Path, *, name: str, threshold: float) -> "PopulationStats":
    """Read a population table, keep its statistics under ``name`` (nothing written on error)."""
    from polymath.graph.population import PopulationStats, read_population
    from polymath.graph.shipped import SHIPPED_NAMES

    if not _NAME.match(name) or name in SHIPPED_NAMES:
        raise InvalidInput(
            f"population name {name!r}: use letters, digits, '.', '-' or '_' "
            f"(and none of {', '.join(SHIPPED_NAMES)})"
        )
    population = read_population(file, threshold=threshold)
    stats = PopulationStats.from_units(population, name=name, source={"file": file.name})
    folder = populations_dir(ctx)
    folder.mkdir(parents=True, exist_ok=True)
    stats.save(folder / f"{name}.pop")
    return stats


def population_names(ctx: Context) -> list[str]:
    """The populations ``graph use`` can name: the shipped ones, then those loaded."""
    from polymath.graph.shipped import SHIPPED_NAMES, loaded_names

    return [*SHIPPED_NAMES, *loaded_names(populations_dir(ctx))]


def use_population(ctx: Context, name: str) -> str:
    if name not in population_names(ctx):
        raise NotFound(f"no population {name!r}; known: {', '.join(population_names(ctx))}")
    _set(ctx, POPULATION_KEY, name, f"use {name}")
    return name


def active_population(ctx: Context) -> "PopulationStats":
    return _population(ctx, _setting(ctx, POPULATION_KEY))


def _setting(ctx: Context, key: str) -> str | None:
    conn = ctx.connect()
    try:
        return rows.setting(conn, key)
    finally:
        conn.close()


def population_in_use(ctx: Context) -> str:
    """The name of the population this database plans on."""
    from polymath.graph.shipped import DEFAULT_NAME

    return _setting(ctx, POPULATION_KEY) or DEFAULT_NAME


def _population(ctx: Context, name: str | None) -> "PopulationStats":
    from polymath.graph.population import population_by_name
    from polymath.graph.shipped import DEFAULT_NAME

    return population_by_name(name or DEFAULT_NAME, populations_dir(ctx))


@dataclass(frozen=True, slots=True)
class Person:
    """What the planner knows of the person, read in one snapshot for one answer."""

    profiles: list[DomainProfile]
    """Active domains with hours, level, kind mix and recent weekly minutes."""
    integration: list[IntegrationLink]
    minutes: list[DatedMinutes]
    """Every session's minutes on its local day: the pace and the defining domain."""
    assessments: list[AssessmentRecord]
    """Every level recorded, oldest first: the calibration."""
    domains: dict[str, DomainRecord]
    """Every domain (archived too), by its comparison key."""
    stack: dict[str, Any] | None
    """The adopted stack's setting (members, target level), if any."""
    population: str | None
    """The population chosen with ``graph use``; None for the default."""
    notes: dict[str, str]
    """Each domain's latest assessment note (shared only when asked)."""

    def domain(self, name: str) -> DomainRecord:
        """A domain by name (any case), or UnknownDomain with the closest name."""
        cleaned = clean_name(name)
        found = self.domains.get(name_key(cleaned))
        if found is None:
            raise UnknownDomain(
                cleaned, closest_name(cleaned, [d.name for d in self.domains.values()])
            )
        return found

    @property
    def stack_members(self) -> list[str]:
        return [str(m) for m in (self.stack or {}).get("members", [])]


def read_person(ctx: Context) -> Person:
    """Everything the planner, the stack and the graph read of the person: one snapshot."""
    conn = ctx.connect()
    try:
        with direct.snapshot(conn):
            return _read_person(ctx, conn)
    finally:
        conn.close()


def _read_person(ctx: Context, conn: "Connection") -> Person:
    zone = ctx.settings.zone
    today = ctx.today()
    # The last RECENT_WEEKS * 7 days, today included: the rate is minutes over those weeks.
    first_day = today - timedelta(days=RECENT_WEEKS * 7 - 1)
    everything = reads.domains(conn)
    names_by_id = {domain_id: name for domain_id, name, _, _, _ in everything}
    links = reads.links(conn)
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    recent: dict[str, int] = defaultdict(int)
    pair_minutes: dict[tuple[str, str], int] = defaultdict(int)
    minutes: list[DatedMinutes] = []
    for session_id, started, session_minutes, kind, domain_id in reads.sessions(conn):
        domain = names_by_id[domain_id]
        others = [names_by_id[i] for i in links.get(session_id, ())]
        for part in day_parts(started, session_minutes, zone):
            minutes.append(DatedMinutes(domain, part.day, part.minutes))
            kinds[domain][kind] += part.minutes
            if first_day <= part.day <= today:
                recent[domain] += part.minutes
            for other in others:
                a, b = sorted((domain, other))
                pair_minutes[(a, b)] += part.minutes
    levels: dict[str, int] = {}
    notes: dict[str, str] = {}
    assessed = []
    for domain_id, level, day, note in reads.assessments(conn):  # oldest first: latest wins
        name = names_by_id[domain_id]
        assessed.append(AssessmentRecord(name, level, day, note))
        levels[name] = level
        if note:
            notes[name] = note
    active = [(name, area) for _, name, _, area, archived in everything if not archived]
    names = {name for name, _ in active}
    profiles = [
        DomainProfile(
            name=name,
            area=area,
            level=levels.get(name),
            total_minutes=sum(kinds[name].values()),
            kind_minutes=dict(kinds[name]),
            recent_weekly_minutes=recent[name] / RECENT_WEEKS,
        )
        for name, area in active
    ]
    integration = [
        IntegrationLink(a, b, spent)
        for (a, b), spent in sorted(pair_minutes.items())
        if a in names and b in names
    ]
    stack = rows.setting(conn, STACK_KEY)
    return Person(
        profiles=profiles,
        integration=integration,
        minutes=minutes,
        assessments=assessed,
        domains={
            key: DomainRecord(name, area, archived) for _, name, key, area, archived in everything
        },
        stack=json.loads(stack) if stack else None,
        population=rows.setting(conn, POPULATION_KEY),
        notes={name: note for name, note in notes.items() if name in names},
    )


def person_profile(ctx: Context) -> tuple[list[DomainProfile], list[IntegrationLink]]:
    """The person's active domains with hours, level, kind mix and recent rate; their links."""
    person = read_person(ctx)
    return person.profiles, person.integration


def plan_options(ctx: Context, person: Person) -> "PlanOptions":
    """The planner's settings (config file) calibrated on the person's own assessments."""
    from polymath.graph.plan_options import PlanOptions
    from polymath.graph.planner import calibrated_options

    chosen: dict[str, Any] = dict(ctx.settings.plan)
    quantiles = chosen.pop("level_top", None)
    if quantiles:
        chosen["quantiles"] = {**PlanOptions().quantiles, **quantiles}
    base = PlanOptions(weekly_budget_minutes=ctx.settings.targets.weekly_minutes, **chosen)
    return calibrated_options(
        base, person.profiles, person.assessments, person.minutes, today=ctx.today()
    )


def person_pace(
    ctx: Context, person: Person, options: "PlanOptions", hours_per_week: float | None = None
) -> "Pace":
    """The one pace of every projection: planned hours (flag, then setting), else the recent
    average across all domains, else the weekly target (``graph.pace``)."""
    from polymath.graph.pace import choose_pace

    if hours_per_week is not None and not 0 < hours_per_week <= 168:
        raise InvalidInput(f"hours a week must be above 0 and at most 168, not {hours_per_week}")
    return choose_pace(
        person.minutes,
        today=ctx.today(),
        weekly_target_minutes=ctx.settings.targets.weekly_minutes,
        planned_hours=hours_per_week
        if hours_per_week is not None
        else options.planned_hours_per_week,
    )


@dataclass(frozen=True, slots=True)
class Plan:
    """One answer of the planner, from one read of the person's data."""

    plan: "StackPlan"
    """The suggestions and the facts around them (pace, horizon, labels, set aside)."""
    kept: "DefiningDomains | None"
    """Why these domains are kept (None with an anchor or ``free``)."""
    examples: list[list[str]]
    """Up to three units (occupations) combining each suggestion's areas, when named."""
    population: str
    stack: "StackProgress | None" = None
    anchors: tuple[str, ...] = ()
    """The person's mapped domains: the anchors on offer."""
    problem: PolymathError | None = None
    """Why there are no suggestions, when the search was refused (the Planner screen)."""

    @property
    def suggestions(self) -> list["Suggestion"]:
        return list(self.plan.suggestions) if self.plan is not None else []

    def to_dict(self) -> dict[str, Any]:
        data = self.plan.to_dict()
        for item, examples in zip(data["suggestions"], self.examples, strict=True):
            item["examples"] = examples
        data["population"] = self.population
        data["kept_because"] = self.kept.to_dict() if self.kept else None
        return data


def suggest(
    ctx: Context,
    *,
    anchor: str | None = None,
    free: bool = False,
    new: int = 1,
    target_level: int = 3,
    top: int = 10,
    hours_per_week: float | None = None,
) -> Plan:
    """Suggested stacks with everything said about them, from one read of the person."""
    person = read_person(ctx)
    return _suggest(
        ctx,
        person,
        anchor=anchor,
        free=free,
        new=new,
        target_level=target_level,
        top=top,
        hours_per_week=hours_per_week,
    )


def _suggest(
    ctx: Context,
    person: Person,
    *,
    anchor: str | None,
    free: bool,
    new: int,
    target_level: int,
    top: int,
    hours_per_week: float | None,
) -> Plan:
    from polymath.graph.area_lookup import example_units
    from polymath.graph.pace import defining_domains
    from polymath.graph.planner import plan_stacks

    if new not in (1, 2):
        raise InvalidInput(f"a stack adds 1 or 2 new domains, not {new}")
    if not 2 <= target_level <= 5:
        raise InvalidInput(f"the target level is 2 to 5, not {target_level}")
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"ask for 1 to {MAX_TOP} suggestions, not {top}")
    if not any(p.area for p in person.profiles):
        raise NotFound("none of your domains is mapped to an area yet", fix=MAP_DOMAIN)
    kept = None
    if anchor is not None:
        found = person.domain(anchor)
        if found.archived:
            raise InvalidInput(f"{found.name!r} is archived", fix=RESTORE_DOMAIN, about=found.name)
        if not found.area:
            raise InvalidInput(
                f"{found.name!r} is not mapped to an area yet", fix=MAP_DOMAIN, about=found.name
            )
        keep: tuple[str, ...] = (found.name,)
    elif free:
        keep = ()
    else:
        kept = defining_domains(
            person.profiles, person.minutes, today=ctx.today(), adopted=person.stack_members
        )
        keep = kept.names
    stats = _population(ctx, person.population)
    options = plan_options(ctx, person)
    plan = plan_stacks(
        stats,
        person.profiles,
        keep=keep,
        new=new,
        target_level=target_level,
        top=top,
        integration=person.integration,
        options=options,
        pace=person_pace(ctx, person, options, hours_per_week),
    )
    examples = [example_units(stats, s.areas) for s in plan.suggestions]
    from polymath.graph.shipped import DEFAULT_NAME

    return Plan(plan, kept, examples, person.population or DEFAULT_NAME)


def plan(
    ctx: Context,
    *,
    anchor: str | None,
    new: int,
    target_level: int,
    top: int,
    free: bool = False,
    hours_per_week: float | None = None,
) -> Plan:
    """The Planner screen's answer: suggestions, the adopted stack's progress and the anchors
    on offer, read once; a refusal is kept in ``problem`` rather than raised."""
    from polymath.graph.shipped import DEFAULT_NAME

    person = read_person(ctx)
    anchors = tuple(sorted((p.name for p in person.profiles if p.area), key=str.casefold))
    stack = _stack_progress(ctx, person)
    try:
        found = _suggest(
            ctx,
            person,
            anchor=anchor,
            free=free,
            new=new,
            target_level=target_level,
            top=top,
            hours_per_week=hours_per_week,
        )
    except PolymathError as exc:
        empty = Plan(None, None, [], person.population or DEFAULT_NAME)  # type: ignore[arg-type]
        return replace(empty, stack=stack, anchors=anchors, problem=exc)
    return replace(found, stack=stack, anchors=anchors)


def explain_rule(ctx: Context) -> str:
    """The planner's rule and every assumption behind its numbers, with this person's settings."""
    from polymath.graph.explain import explain

    person = read_person(ctx)
    return explain(plan_options(ctx, person))


def resolve_area(stats: "PopulationStats", text: str) -> str:
    """An area by name, ignoring case."""
    by_key = {a.casefold(): a for a in stats.areas}
    if text.casefold() in by_key:
        return by_key[text.casefold()]
    raise NotFound(f"no area {text!r} in population {stats.name!r}", fix=LIST_AREAS)


@dataclass(frozen=True, slots=True)
class PairExplained:
    """One pair of areas as the population sees it, with the planner's label for it."""

    pair: "PairStats"
    label: "PairLabel"
    p_at_most: float
    """Exact P[X <= O]: the evidence for a rare pair."""
    p_at_least: float
    """Exact P[X >= O]: the evidence for a bridge."""
    population: str
    n_units: int
    unit_label: str


def explain_pair(ctx: Context, a: str, b: str) -> PairExplained:
    """The population's figures for two areas (or the areas two domains map to), labelled by
    the planner's rule: atypical, conventional or near chance, with the p-value that decided."""
    from polymath.graph.labels import exact_tail, label_pair
    from polymath.graph.plan_options import PlanOptions

    conn = ctx.connect()
    try:
        stats = _population(ctx, rows.setting(conn, POPULATION_KEY))
        first, second = (_area_of(conn, stats, x) for x in (a, b))
    finally:
        conn.close()
    if first == second:
        raise InvalidInput(f"{a!r} and {b!r} are the same area ({first})")
    options = PlanOptions(**{k: v for k, v in ctx.settings.plan.items() if k != "level_top"})
    pair = stats.pair(first, second)
    counts = (pair.observed, pair.n_a, pair.n_b, pair.n_units)
    return PairExplained(
        pair,
        label_pair(pair, options.label_rule()),
        float(exact_tail(*counts, upper=False)[0]),
        float(exact_tail(*counts, upper=True)[0]),
        stats.name,
        stats.n_units,
        stats.unit_label,
    )


def search_areas(ctx: Context, text: str = "", *, page: int = 1, per_page: int = 20) -> "AreaPage":
    """One page of the population's areas, those whose name holds ``text`` first."""
    from polymath.graph.area_lookup import search_areas as search

    if page < 1:
        raise InvalidInput(f"pages start at 1, not {page}")
    return search(active_population(ctx), text, offset=(page - 1) * per_page, limit=per_page)


def _area_of(conn: "Connection", stats: "PopulationStats", text: str) -> str:
    try:
        return resolve_area(stats, text)
    except NotFound:
        area = reads.domain_area(conn, name_key(clean_name(text)))
        if area:
            return area
        raise


@dataclass(frozen=True, slots=True)
class StackProgress:
    members: list[str]
    profiles: list[DomainProfile]
    target_level: int
    integration_minutes: int
    feasibility: "Feasibility"
    """Hours still needed and the weeks they take at the one pace (the same as ``suggest``)."""
    pace: "Pace"
    projected: tuple[date, date, date] | None = None
    """The day the stack is reached: (earliest, likely, latest); None when already there."""

    @property
    def remaining_hours(self) -> float:
        return self.feasibility.hours

    @property
    def weekly_hours(self) -> float:
        return self.feasibility.weekly_hours

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": self.members,
            "target_level": self.target_level,
            "integration_minutes": self.integration_minutes,
            "remaining_hours": round(self.remaining_hours, 1),
            "weekly_hours": round(self.weekly_hours, 2),
            "feasibility": self.feasibility.to_dict(),
            "pace": self.pace.to_dict(),
            "projected": (
                dict(zip(("earliest", "likely", "latest"), map(str, self.projected), strict=True))
                if self.projected
                else None
            ),
            "domains": [
                {
                    "name": p.name,
                    "area": p.area,
                    "level": p.level,
                    "hours": round(p.total_minutes / 60, 1),
                    "recent_weekly_minutes": round(p.recent_weekly_minutes, 1),
                }
                for p in self.profiles
            ],
        }


def adopt_stack(ctx: Context, members: list[str], target_level: int) -> list[str]:
    """Keep a chosen stack of three of the person's domains."""
    if len(members) != 3:
        raise InvalidInput("a stack has three domains")
    person = read_person(ctx)
    names = [person.domain(m).name for m in members]
    if len({n.casefold() for n in names}) != 3:
        raise InvalidInput("a stack has three different domains")
    value = json.dumps({"members": names, "target_level": target_level})
    _set(ctx, STACK_KEY, value, f"adopt stack {' + '.join(names)}")
    return names


def stack_progress(ctx: Context, *, hours_per_week: float | None = None) -> StackProgress | None:
    return _stack_progress(ctx, read_person(ctx), hours_per_week=hours_per_week)


def _stack_progress(
    ctx: Context, person: Person, *, hours_per_week: float | None = None
) -> StackProgress | None:
    """Progress toward the adopted stack, projected exactly as ``suggest`` projects a stack:
    the same calibrated bands, the same pace."""
    from polymath.graph.planner import stack_feasibility

    if person.stack is None:
        return None
    members = list(person.stack["members"])
    by_name = {p.name: p for p in person.profiles}
    chosen = [by_name[m] for m in members if m in by_name]
    inside = set(members)
    minutes = sum(i.minutes for i in person.integration if i.a in inside and i.b in inside)
    target = int(person.stack.get("target_level", 3))
    options = plan_options(ctx, person)
    pace = person_pace(ctx, person, options, hours_per_week)
    feasibility = stack_feasibility([(p.area, p.level) for p in chosen], target, pace, options)
    projected = None
    if feasibility.hours > 0:
        today = ctx.today()
        days = [
            today + timedelta(weeks=w)
            for w in (feasibility.weeks_low, feasibility.weeks, feasibility.weeks_high)
        ]
        projected = (days[0], days[1], days[2])
    return StackProgress(members, chosen, target, minutes, feasibility, pace, projected)


def person_graph(ctx: Context, *, include_notes: bool = False) -> "nx.Graph":
    """The person's skill graph, from one read of their data."""
    from polymath.graph.labels import label_pair
    from polymath.graph.person_graph import PairFigures, build_person_graph
    from polymath.graph.plan_options import PlanOptions

    person = read_person(ctx)
    stats = _population(ctx, person.population)
    mapped = {p.area for p in person.profiles if p.area and stats.has_area(p.area)}
    # the labels need the settings only: no calibration (and none of the planner's imports)
    options = PlanOptions(**{k: v for k, v in ctx.settings.plan.items() if k != "level_top"})
    rule = options.label_rule()
    # the person's pairs form the family: 2 tests each, corrected together
    tests = max(2, len(mapped) * (len(mapped) - 1))
    cutoff = _family_cutoff(stats, sorted(mapped), rule, tests)

    def figures(a: str, b: str) -> PairFigures | None:
        if not (stats.has_area(a) and stats.has_area(b)):
            return None
        pair = stats.pair(a, b)
        label = label_pair(pair, rule, cutoff=cutoff, family_tests=tests)
        return PairFigures(pair.observed, pair.expected, pair.z, pair.lift, label.label)

    return build_person_graph(
        person.profiles,
        person.integration,
        figures,
        stack=tuple(person.stack_members),
        notes=person.notes if include_notes else None,
        include_notes=include_notes,
    )


def _family_cutoff(
    stats: "PopulationStats", areas: list[str], rule: "LabelRule", tests: int
) -> float:
    """The Benjamini-Hochberg cutoff over the one-sided tests of every pair of ``areas``.

    As in the planner's family, a test whose effect falls short (or whose area is too sparse
    or nearly universal) stays in the count with p = 1: it can never be a discovery.
    """
    import numpy as np

    from polymath.graph.labels import (
        NOT_SIGNIFICANT,
        SIGNIFICANT,
        benjamini_hochberg_cutoff,
        label_pair,
    )

    labels = [label_pair(stats.pair(a, b), rule) for a, b in itertools.combinations(areas, 2)]
    p_values = sorted(x.p_value for x in labels if x.reason in (SIGNIFICANT, NOT_SIGNIFICANT))
    return benjamini_hochberg_cutoff(np.array(p_values, dtype=np.float64), tests, rule.alpha)


def export_person_graph(
    ctx: Context, fmt: str, *, include_notes: bool = False
) -> tuple[str, int, int]:
    """The person's graph written in ``fmt``, with its node and edge counts."""
    from polymath.graph.export import export_graph

    graph = person_graph(ctx, include_notes=include_notes)
    return export_graph(graph, fmt), graph.number_of_nodes(), graph.number_of_edges()


def export_formats() -> list[str]:
    from polymath.graph.export import FORMATS

    return list(FORMATS)
