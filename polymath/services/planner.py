"""The skill graph use-cases: populations, the person's profile, suggestions, the adopted stack."""

import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
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
from polymath.core.records import DomainProfile, IntegrationLink
from polymath.core.review import LevelFact
from polymath.core.text import clean_name
from polymath.services.areas import POPULATION_SETTING
from polymath.services.context import Context
from polymath.services.review import STACK_SETTING
from polymath.store import queries
from polymath.store.engine import Tx, reading, writing
from polymath.store.models import Domain

if TYPE_CHECKING:
    import networkx as nx

    from polymath.graph.feasibility import Progress
    from polymath.graph.planner import Suggestion
    from polymath.graph.population import PairStats, PopulationStats

DEFAULT_POPULATION = "onet"
POPULATION_KEY = POPULATION_SETTING
STACK_KEY = STACK_SETTING
RECENT_WEEKS = 4
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def populations_dir(ctx: Context) -> Path:
    """Populations the user loaded live beside their database, as derived statistics."""
    from polymath.services.areas import populations_dir as beside

    return beside(ctx.db_path)


def _set(ctx: Context, key: str, value: str | None, description: str) -> None:
    with writing(ctx.engine, description) as session:
        queries.set_setting(session=session, key=key, value=value)


def load_population(ctx: Context, file: Path, *, name: str, threshold: float) -> "PopulationStats":
    """Read a population table, keep its statistics under ``name`` (nothing written on error)."""
    from polymath.graph.population import PopulationStats, read_population

    if not _NAME.match(name) or name == DEFAULT_POPULATION:
        raise InvalidInput(
            f"population name {name!r}: use letters, digits, '.', '-' or '_' (not 'onet')"
        )
    population = read_population(file, threshold=threshold)
    stats = PopulationStats.from_units(population, name=name, source={"file": file.name})
    folder = populations_dir(ctx)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.json"
    temp = target.with_suffix(".json.part")
    temp.write_text(json.dumps(stats.to_json(), indent=1) + "\n", encoding="utf-8")
    temp.replace(target)
    return stats


def population_names(ctx: Context) -> list[str]:
    folder = populations_dir(ctx)
    loaded = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
    return [DEFAULT_POPULATION, *loaded]


def use_population(ctx: Context, name: str) -> str:
    if name not in population_names(ctx):
        raise NotFound(f"no population {name!r}; known: {', '.join(population_names(ctx))}")
    _set(ctx, POPULATION_KEY, None if name == DEFAULT_POPULATION else name, f"use {name}")
    return name


def active_population(ctx: Context) -> "PopulationStats":
    with reading(ctx.engine) as session:
        name = queries.get_setting(session=session, key=POPULATION_KEY)
    return _population(ctx, name)


def _population(ctx: Context, name: str | None) -> "PopulationStats":
    from polymath.graph.population import default_population, load_population_stats

    if not name:
        return default_population()
    return load_population_stats(populations_dir(ctx) / f"{name}.json")


@dataclass(frozen=True, slots=True)
class Person:
    """What the planner knows of the person, read in one snapshot for one answer."""

    profiles: list[DomainProfile]
    """Active domains with hours, level, kind mix and recent weekly minutes."""
    integration: list[IntegrationLink]
    progress: list["Progress"]
    """Hours logged between consecutive assessments: they calibrate the hours bands."""
    domains: dict[str, Domain]
    """Every domain (archived too), by its comparison key."""
    stack: dict[str, Any] | None
    """The adopted stack's setting (members, target level), if any."""
    population: str | None
    """The population chosen with ``graph use``; None for the default."""
    notes: dict[str, str]
    """Each domain's latest assessment note (shared only when asked)."""

    def domain(self, name: str) -> Domain:
        """A domain by name (any case), or UnknownDomain with the closest name."""
        cleaned = clean_name(name)
        found = self.domains.get(name_key(cleaned))
        if found is None:
            raise UnknownDomain(
                cleaned, closest_name(cleaned, [d.name for d in self.domains.values()])
            )
        return found


def read_person(ctx: Context) -> Person:
    """Everything the planner, the stack and the graph read of the person: one transaction."""
    with reading(ctx.engine) as session:
        return _read_person(ctx, session)


def _read_person(ctx: Context, session: Tx) -> Person:
    from polymath.graph.feasibility import Progress
    from polymath.services.review import load_facts

    today = ctx.today()
    # The last RECENT_WEEKS * 7 days, today included: the rate is minutes over those weeks.
    first_day = today - timedelta(days=RECENT_WEEKS * 7 - 1)
    facts, level_facts, _, _ = load_facts(ctx, session)
    everything = queries.list_domains(session=session, include_archived=True)
    active = [d for d in everything if not d.archived]
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    recent: dict[str, int] = defaultdict(int)
    pair_minutes: dict[tuple[str, str], int] = defaultdict(int)
    logged: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for fact in facts:
        kinds[fact.domain][fact.kind] += fact.minutes
        logged[fact.domain].append((fact.day, fact.minutes))
        if first_day <= fact.day <= today:
            recent[fact.domain] += fact.minutes
        for other in fact.with_domains:
            a, b = sorted((fact.domain, other))
            pair_minutes[(a, b)] += fact.minutes
    levels: dict[str, int] = {}
    notes: dict[str, str] = {}
    history: dict[str, list[LevelFact]] = defaultdict(list)
    for level in sorted(level_facts, key=lambda f: f.day):
        history[level.domain].append(level)
    for level in level_facts:  # in the order assessed: the latest wins
        levels[level.domain] = level.level
        if level.note:
            notes[level.domain] = level.note
    names = {d.name for d in active}
    profiles = [
        DomainProfile(
            name=d.name,
            area=d.area,
            level=levels.get(d.name),
            total_minutes=sum(kinds[d.name].values()),
            kind_minutes=dict(kinds[d.name]),
            recent_weekly_minutes=recent[d.name] / RECENT_WEEKS,
        )
        for d in active
    ]
    integration = [
        IntegrationLink(a, b, minutes)
        for (a, b), minutes in sorted(pair_minutes.items())
        if a in names and b in names
    ]
    # Calibration: hours logged between consecutive assessments of each domain. A first
    # assessment records what the person knew before logging, so it starts the series.
    progress = [
        Progress(
            sum(m for day, m in logged.get(domain, ()) if before.day < day <= after.day) / 60,
            before.level,
            after.level,
        )
        for domain, series in history.items()
        for before, after in itertools.pairwise(series)
    ]
    stack = queries.get_setting(session=session, key=STACK_KEY)
    return Person(
        profiles=profiles,
        integration=integration,
        progress=progress,
        domains={d.name_key: d for d in everything},
        stack=json.loads(stack) if stack else None,
        population=queries.get_setting(session=session, key=POPULATION_KEY),
        notes={name: note for name, note in notes.items() if name in names},
    )


def person_profile(ctx: Context) -> tuple[list[DomainProfile], list[IntegrationLink]]:
    """The person's active domains with hours, level, kind mix and recent rate; their links."""
    person = read_person(ctx)
    return person.profiles, person.integration


def suggest(
    ctx: Context, *, anchor: str | None, new: int, target_level: int, top: int
) -> list["Suggestion"]:
    return _suggest(
        ctx, read_person(ctx), anchor=anchor, new=new, target_level=target_level, top=top
    )


def _suggest(
    ctx: Context, person: Person, *, anchor: str | None, new: int, target_level: int, top: int
) -> list["Suggestion"]:
    from polymath.graph.feasibility import calibration_factor
    from polymath.graph.planner import PlanOptions, suggest_stacks

    if new not in (1, 2):
        raise InvalidInput(f"a stack adds 1 or 2 new domains, not {new}")
    if not 2 <= target_level <= 5:
        raise InvalidInput(f"the target level is 2 to 5, not {target_level}")
    if not 1 <= top <= 100:
        raise InvalidInput(f"ask for 1 to 100 suggestions, not {top}")
    if not any(p.area for p in person.profiles):
        raise NotFound("none of your domains is mapped to an area yet", fix=MAP_DOMAIN)
    anchor_name = None
    if anchor is not None:
        found = person.domain(anchor)
        if found.archived:
            raise InvalidInput(f"{found.name!r} is archived", fix=RESTORE_DOMAIN, about=found.name)
        anchor_name = found.name
    options = PlanOptions(calibration=calibration_factor(person.progress))
    return suggest_stacks(
        _population(ctx, person.population),
        person.profiles,
        anchor=anchor_name,
        new=new,
        target_level=target_level,
        top=top,
        integration=person.integration,
        options=options,
    )


@dataclass(frozen=True, slots=True)
class Plan:
    """What the Planner screen shows for one request: from one read of the person's data."""

    suggestions: list["Suggestion"]
    stack: "StackProgress | None"
    anchors: list[str]
    """The person's mapped domains: the anchors on offer."""
    problem: PolymathError | None = None
    """Why there are no suggestions, when the search was refused."""


def plan(ctx: Context, *, anchor: str | None, new: int, target_level: int, top: int) -> Plan:
    """Suggestions, the adopted stack's progress and the anchors on offer, read once."""
    person = read_person(ctx)
    anchors = sorted((p.name for p in person.profiles if p.area), key=str.casefold)
    stack = _stack_progress(ctx, person)
    try:
        found = _suggest(ctx, person, anchor=anchor, new=new, target_level=target_level, top=top)
    except PolymathError as exc:
        return Plan([], stack, anchors, exc)
    return Plan(found, stack, anchors)


def resolve_area(stats: "PopulationStats", text: str) -> str:
    """An area by name, ignoring case."""
    by_key = {a.casefold(): a for a in stats.areas}
    if text.casefold() in by_key:
        return by_key[text.casefold()]
    raise NotFound(f"no area {text!r} in population {stats.name!r}", fix=LIST_AREAS)


def explain_pair(ctx: Context, a: str, b: str) -> tuple["PairStats", "PopulationStats"]:
    """The population's figures for two areas, or for the areas two domains map to."""
    with reading(ctx.engine) as session:
        stats = _population(ctx, queries.get_setting(session=session, key=POPULATION_KEY))
        first, second = (_area_of(session, stats, x) for x in (a, b))
    if first == second:
        raise InvalidInput(f"{a!r} and {b!r} are the same area ({first})")
    return stats.pair(first, second), stats


def _area_of(session: Tx, stats: "PopulationStats", text: str) -> str:
    try:
        return resolve_area(stats, text)
    except NotFound:
        found = queries.get_domain(session=session, name=text)
        if found is not None and found.area:
            return found.area
        raise


@dataclass(frozen=True, slots=True)
class StackProgress:
    members: list[str]
    profiles: list[DomainProfile]
    target_level: int
    integration_minutes: int
    remaining_hours: float = 0.0
    """Hours still needed to bring every member to the target level (calibrated bands)."""
    weekly_hours: float = 0.0
    """The pace the projection assumes: the members' recent weekly hours, else the budget."""
    projected: tuple[date, date, date] | None = None
    """The day the stack is reached: (earliest, likely, latest); None when already there."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": self.members,
            "target_level": self.target_level,
            "integration_minutes": self.integration_minutes,
            "remaining_hours": round(self.remaining_hours, 1),
            "weekly_hours": round(self.weekly_hours, 1),
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


def stack_progress(ctx: Context) -> StackProgress | None:
    return _stack_progress(ctx, read_person(ctx))


def _stack_progress(ctx: Context, person: Person) -> StackProgress | None:
    if person.stack is None:
        return None
    members = list(person.stack["members"])
    by_name = {p.name: p for p in person.profiles}
    chosen = [by_name[m] for m in members if m in by_name]
    inside = set(members)
    minutes = sum(i.minutes for i in person.integration if i.a in inside and i.b in inside)
    target = int(person.stack.get("target_level", 3))
    remaining, weekly, projected = _projection(ctx, person, chosen, target)
    return StackProgress(members, chosen, target, minutes, remaining, weekly, projected)


def _projection(
    ctx: Context, person: Person, members: list[DomainProfile], target: int
) -> tuple[float, float, tuple[date, date, date] | None]:
    """Hours left to the target in every member, the pace, and when that pace gets there.

    The hours bands are calibrated on the person's own assessments; the range reflects that
    hours explain only part of skill (DESIGN.md, feasibility).
    """
    from polymath.graph.feasibility import (
        HoursBands,
        calibration_factor,
        estimate_weeks,
        weekly_hours,
    )

    bands = HoursBands()
    factor = calibration_factor(person.progress, bands)
    remaining = factor * sum(bands.hours_between(p.level, target) for p in members)
    pace = weekly_hours(sum(p.recent_weekly_minutes for p in members))
    if remaining <= 0:
        return 0.0, pace, None
    weeks = estimate_weeks(remaining, pace)
    today = ctx.today()
    days = [today + timedelta(weeks=w) for w in (weeks.weeks_low, weeks.weeks, weeks.weeks_high)]
    return remaining, pace, (days[0], days[1], days[2])


def person_graph(ctx: Context, *, include_notes: bool = False) -> "nx.Graph":
    """The person's skill graph, from one read of their data."""
    from polymath.graph.person_graph import PairFigures, build_person_graph

    person = read_person(ctx)
    stats = _population(ctx, person.population)

    def figures(a: str, b: str) -> PairFigures | None:
        if not (stats.has_area(a) and stats.has_area(b)):
            return None
        pair = stats.pair(a, b)
        return PairFigures(pair.observed, pair.expected, pair.z, pair.lift)

    progress = _stack_progress(ctx, person)
    return build_person_graph(
        person.profiles,
        person.integration,
        figures,
        stack=tuple(progress.members) if progress else (),
        notes=person.notes if include_notes else None,
        include_notes=include_notes,
    )


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
