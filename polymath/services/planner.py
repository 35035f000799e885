"""The skill graph use-cases: populations, the person's profile, suggestions, the adopted stack."""

import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from polymath.core.calendar import day_bounds_utc
from polymath.core.errors import InvalidInput, NotFound
from polymath.core.records import DomainProfile, IntegrationLink
from polymath.core.review import LevelFact
from polymath.services.areas import POPULATION_SETTING
from polymath.services.context import Context
from polymath.services.domains import require_domain
from polymath.services.review import STACK_SETTING
from polymath.store import queries
from polymath.store.engine import reading, writing
from polymath.store.models import Setting

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


def _setting(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else None


def _set(ctx: Context, key: str, value: str | None, description: str) -> None:
    with writing(ctx.engine, description) as session:
        row = session.get(Setting, key)
        if value is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value
            session.add(row)


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
    from polymath.graph.population import default_population, load_population_stats

    with reading(ctx.engine) as session:
        name = _setting(session, POPULATION_KEY)
    if not name:
        return default_population()
    return load_population_stats(populations_dir(ctx) / f"{name}.json")


def person_profile(ctx: Context) -> tuple[list[DomainProfile], list[IntegrationLink]]:
    """The person's active domains with hours, level, kind mix and recent rate; their links."""
    today = ctx.today()
    # The last RECENT_WEEKS * 7 days, today included: the rate is minutes over those weeks.
    first_day = today - timedelta(days=RECENT_WEEKS * 7 - 1)
    since, _ = day_bounds_utc(first_day, today, ctx.settings.zone)
    with reading(ctx.engine) as session:
        domains = queries.list_domains(session=session)
        levels = {a.domain_id: a.level for a in queries.list_assessments(session=session)}
        kinds: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        recent: dict[int, int] = defaultdict(int)
        links = queries.links_by_session(session=session)
        pair_minutes: dict[tuple[int, int], int] = defaultdict(int)
        cutoff = since.replace(tzinfo=UTC)
        for session_id, started, minutes, kind, domain_id in queries.session_facts(session=session):
            kinds[domain_id][kind] += minutes
            if started >= cutoff:
                recent[domain_id] += minutes
            for other in links.get(session_id, ()):
                a, b = sorted((domain_id, other))
                pair_minutes[(a, b)] += minutes
    names = {d.id: d.name for d in domains}
    profiles = [
        DomainProfile(
            name=d.name,
            area=d.area,
            level=levels.get(d.id or 0),
            total_minutes=sum(kinds[d.id or 0].values()),
            kind_minutes=dict(kinds[d.id or 0]),
            recent_weekly_minutes=recent[d.id or 0] / RECENT_WEEKS,
        )
        for d in domains
    ]
    integration = [
        IntegrationLink(names[a], names[b], minutes)
        for (a, b), minutes in sorted(pair_minutes.items())
        if a in names and b in names
    ]
    return profiles, integration


def suggest(
    ctx: Context, *, anchor: str | None, new: int, target_level: int, top: int
) -> list["Suggestion"]:
    from polymath.graph.planner import suggest_stacks

    if new not in (1, 2):
        raise InvalidInput("--new takes 1 or 2 (new domains in the stack)")
    if not 2 <= target_level <= 5:
        raise InvalidInput("--target-level takes 2 to 5")
    if not 1 <= top <= 100:
        raise InvalidInput("--top takes 1 to 100")
    profiles, integration = person_profile(ctx)
    mapped = [p for p in profiles if p.area]
    if not mapped:
        raise NotFound(
            "none of your domains is mapped to an area yet: "
            "polymath domains map DOMAIN AREA (see polymath graph areas)"
        )
    anchor_name = None
    if anchor is not None:
        with reading(ctx.engine) as session:
            found = require_domain(session, anchor)
        if found.archived:
            raise InvalidInput(
                f"{found.name!r} is archived; bring it back with: "
                f"polymath domains restore {found.name!r}"
            )
        anchor_name = found.name
    from polymath.graph.feasibility import calibration_factor
    from polymath.graph.planner import PlanOptions

    options = PlanOptions(calibration=calibration_factor(progress_observations(ctx)))
    return suggest_stacks(
        active_population(ctx),
        profiles,
        anchor=anchor_name,
        new=new,
        target_level=target_level,
        top=top,
        integration=integration,
        options=options,
    )


def progress_observations(ctx: Context) -> list["Progress"]:
    """Hours logged between consecutive assessments of each domain, with the levels gained.

    They calibrate the hours bands to this person; a first assessment records what they knew
    before logging, so it starts the series rather than making an observation.
    """
    from polymath.graph.feasibility import Progress
    from polymath.services.review import load_facts

    with reading(ctx.engine) as session:
        facts, levels, _, _ = load_facts(ctx, session)
    minutes_by_domain: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for fact in facts:
        minutes_by_domain[fact.domain].append((fact.day, fact.minutes))
    observations = []
    by_domain: dict[str, list[LevelFact]] = defaultdict(list)
    for level in sorted(levels, key=lambda f: f.day):
        by_domain[level.domain].append(level)
    for domain, history in by_domain.items():
        logged = minutes_by_domain.get(domain, [])
        for before, after in itertools.pairwise(history):
            minutes = sum(m for day, m in logged if before.day < day <= after.day)
            observations.append(Progress(minutes / 60, before.level, after.level))
    return observations


def resolve_area(stats: "PopulationStats", text: str) -> str:
    """An area by name, ignoring case; a domain name maps through its area."""
    by_key = {a.casefold(): a for a in stats.areas}
    if text.casefold() in by_key:
        return by_key[text.casefold()]
    raise NotFound(f"no area {text!r} in population {stats.name!r}; see polymath graph areas")


def explain_pair(ctx: Context, a: str, b: str) -> tuple["PairStats", "PopulationStats"]:
    stats = active_population(ctx)
    first, second = (_area_of(ctx, stats, x) for x in (a, b))
    if first == second:
        raise InvalidInput(f"{a!r} and {b!r} are the same area ({first})")
    return stats.pair(first, second), stats


def _area_of(ctx: Context, stats: "PopulationStats", text: str) -> str:
    try:
        return resolve_area(stats, text)
    except NotFound:
        with reading(ctx.engine) as session:
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
    """Keep a chosen stack of the person's domains (areas not yet learned are added as domains)."""
    if len(members) != 3:
        raise InvalidInput("a stack has three domains")
    with reading(ctx.engine) as session:
        names = [require_domain(session, m).name for m in members]
    if len({n.casefold() for n in names}) != 3:
        raise InvalidInput("a stack has three different domains")
    value = json.dumps({"members": names, "target_level": target_level})
    _set(ctx, STACK_KEY, value, f"adopt stack {' + '.join(names)}")
    return names


def stack_progress(ctx: Context) -> StackProgress | None:
    with reading(ctx.engine) as session:
        raw = _setting(session, STACK_KEY)
    if raw is None:
        return None
    data = json.loads(raw)
    members = list(data["members"])
    profiles, integration = person_profile(ctx)
    by_name = {p.name: p for p in profiles}
    chosen = [by_name[m] for m in members if m in by_name]
    inside = set(members)
    minutes = sum(i.minutes for i in integration if i.a in inside and i.b in inside)
    target = int(data.get("target_level", 3))
    remaining, weekly, projected = _projection(ctx, chosen, target)
    return StackProgress(members, chosen, target, minutes, remaining, weekly, projected)


def _projection(
    ctx: Context, members: list[DomainProfile], target: int
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
    factor = calibration_factor(progress_observations(ctx), bands)
    remaining = factor * sum(bands.hours_between(p.level, target) for p in members)
    pace = weekly_hours(sum(p.recent_weekly_minutes for p in members))
    if remaining <= 0:
        return 0.0, pace, None
    weeks = estimate_weeks(remaining, pace)
    today = ctx.today()
    days = [today + timedelta(weeks=w) for w in (weeks.weeks_low, weeks.weeks, weeks.weeks_high)]
    return remaining, pace, (days[0], days[1], days[2])


def person_graph(ctx: Context, *, include_notes: bool = False) -> "nx.Graph":
    from polymath.graph.person_graph import PairFigures, build_person_graph

    stats = active_population(ctx)
    profiles, integration = person_profile(ctx)

    def figures(a: str, b: str) -> PairFigures | None:
        if not (stats.has_area(a) and stats.has_area(b)):
            return None
        pair = stats.pair(a, b)
        return PairFigures(pair.observed, pair.expected, pair.z, pair.lift)

    progress = stack_progress(ctx)
    notes = _domain_notes(ctx) if include_notes else None
    return build_person_graph(
        profiles,
        integration,
        figures,
        stack=tuple(progress.members) if progress else (),
        notes=notes,
        include_notes=include_notes,
    )


def _domain_notes(ctx: Context) -> dict[str, str]:
    """Each domain's latest assessment note: the private words ``--include-notes`` shares."""
    with reading(ctx.engine) as session:
        names = {d.id: d.name for d in queries.list_domains(session=session)}
        notes = {}
        for a in queries.list_assessments(session=session):
            if a.note and a.domain_id in names:
                notes[names[a.domain_id]] = a.note
    return notes
