"""Domains and competence: list, add, rename, merge, archive, map to an area, assess a level."""

from dataclasses import dataclass
from datetime import UTC, date, timedelta
from typing import NamedTuple

from polymath.core.calendar import day_bounds_utc
from polymath.core.errors import MERGE_DOMAINS, InvalidInput, UnknownDomain
from polymath.core.levels import level_name
from polymath.core.names import clean_name, closest_name
from polymath.core.text import clean_note
from polymath.services.context import Context
from polymath.store import queries
from polymath.store.engine import Tx, reading, writing
from polymath.store.models import Domain
from polymath.store.sync_identity import GOAL_PREFIX


@dataclass(frozen=True, slots=True)
class LevelPoint:
    """One assessment with the hours logged in the domain up to that day."""

    day: date
    level: int
    note: str | None
    cumulative_hours: float

    def to_dict(self) -> dict[str, object]:
        return {
            "on": self.day.isoformat(),
            "level": self.level,
            "level_name": level_name(self.level),
            "note": self.note,
            "cumulative_hours": self.cumulative_hours,
        }


def require_domain(session: Tx, name: str) -> Domain:
    """The person's domain of that name (any case, archived too), or UnknownDomain."""
    cleaned = clean_name(name)
    found = queries.get_domain(session=session, name=cleaned)
    if found is None:
        names = [d.name for d in queries.list_domains(session=session, include_archived=True)]
        raise UnknownDomain(cleaned, closest_name(cleaned, names))
    return found


def add_domain(ctx: Context, name: str, *, area: str | None = None) -> Domain:
    cleaned = clean_name(name)
    with writing(ctx.engine, f"add domain {cleaned}") as session:
        existing = queries.get_domain(session=session, name=cleaned)
        if existing is not None:
            raise InvalidInput(f"domain {existing.name!r} already exists")
        domain = queries.add_domain(session=session, name=cleaned, area=area)
        session.refresh(domain)
        session.expunge(domain)
    return domain


def rename_domain(ctx: Context, old: str, new: str) -> str:
    cleaned = clean_name(new)
    with writing(ctx.engine, f"rename domain {old} to {cleaned}") as session:
        domain = require_domain(session, old)
        clash = queries.get_domain(session=session, name=cleaned)
        if clash is not None and clash.id != domain.id:
            raise InvalidInput(f"domain {clash.name!r} already exists", fix=MERGE_DOMAINS)
        queries.rename_domain(session=session, domain=domain, name=cleaned)
    return cleaned


def merge_domains(ctx: Context, source: str, target: str) -> int:
    """Move every session, link and assessment of ``source`` into ``target``; drop ``source``."""
    with writing(ctx.engine, f"merge domain {source} into {target}") as session:
        src = require_domain(session, source)
        dst = require_domain(session, target)
        if src.id == dst.id:
            raise InvalidInput("cannot merge a domain into itself")
        _merge_goal(session, src.uid, dst.uid)
        moved = queries.merge_domains(session=session, source=src, target=dst)
    return moved


def _merge_goal(session: Tx, source: str, target: str) -> None:
    """The target keeps its weekly goal, or takes the source's when it had none."""
    goal = queries.get_setting(session=session, key=GOAL_PREFIX + source)
    if goal is None:
        return
    if queries.get_setting(session=session, key=GOAL_PREFIX + target) is None:
        queries.set_setting(session=session, key=GOAL_PREFIX + target, value=goal)
    queries.set_setting(session=session, key=GOAL_PREFIX + source, value=None)


def set_archived(ctx: Context, name: str, archived: bool) -> str:
    verb = "archive" if archived else "restore"
    with writing(ctx.engine, f"{verb} domain {name}") as session:
        domain = require_domain(session, name)
        queries.set_domain_archived(session=session, domain=domain, archived=archived)
        return domain.name


def map_area(ctx: Context, name: str, area: str | None) -> str:
    with writing(ctx.engine, f"map domain {name} to {area}") as session:
        domain = require_domain(session, name)
        queries.set_domain_area(session=session, domain=domain, area=area)
        return domain.name


def assess(ctx: Context, name: str, level: int, *, note: str | None, on: date | None) -> LevelPoint:
    day = on or ctx.today()
    if day > ctx.today():
        raise InvalidInput(f"day {day.isoformat()} is in the future")
    with writing(ctx.engine, f"level {name} {level}") as session:
        domain = require_domain(session, name)
        queries.add_assessment(
            session=session,
            domain_id=domain.id or 0,
            level=level,
            assessed_on=day,
            note=clean_note(note),
        )
    return [point for point in level_history(ctx, name) if point.day == day][-1]


def level_history(ctx: Context, name: str) -> list[LevelPoint]:
    """Assessments with the cumulative hours logged up to the end of each assessed day."""
    zone = ctx.settings.zone
    with reading(ctx.engine) as session:
        domain = require_domain(session, name)
        history = queries.list_assessments(session=session, domain_id=domain.id)
        points = []
        for a in history:
            _, until = day_bounds_utc(a.assessed_on, a.assessed_on + timedelta(days=1), zone)
            minutes = queries.domain_minutes(session=session, until=until.replace(tzinfo=UTC))
            points.append(
                LevelPoint(
                    a.assessed_on, a.level, a.note, round(minutes.get(domain.id or 0, 0) / 60, 1)
                )
            )
    return points


class AreaCandidate(NamedTuple):
    """An area a domain could map to, and why it is offered."""

    area: str
    why: str
    units: int | None = None
    """How many units (occupations) use the area, when the population says."""


def area_candidates(ctx: Context, name: str, *, limit: int = 5) -> list[AreaCandidate]:
    """The areas a domain's name suggests, best first: ESCO's skills by their labels (falling
    back up the hierarchy when a skill is too rare), O*NET's areas by keyword."""
    from polymath.services.areas import is_skill_population, suggest_in

    cleaned = clean_name(name)
    population = _population_setting(ctx)
    if is_skill_population(population):
        from polymath.graph.skill_match import match_skills

        return [
            AreaCandidate(m.area, m.why(), m.area_occupations)
            for m in match_skills(cleaned, limit=limit)
        ]
    area = suggest_in(population, ctx.db_path, cleaned)
    return [AreaCandidate(area, "its name suggests it")] if area else []


def skill_area(ctx: Context, text: str) -> AreaCandidate:
    """The area an ESCO skill named by label or URI is planned as (``--skill``)."""
    from polymath.graph.skill_match import resolve_skill
    from polymath.services.areas import is_skill_population

    if not is_skill_population(_population_setting(ctx)):
        raise InvalidInput("--skill names an ESCO skill; this database plans on another population")
    match = resolve_skill(text)
    return AreaCandidate(match.area, match.why(), match.area_occupations)


def _population_setting(ctx: Context) -> str | None:
    """The population chosen with ``graph use`` (None: the default), read without SQLAlchemy."""
    from polymath.services.areas import POPULATION_SETTING
    from polymath.store.checkin import setting

    conn = ctx.connect()
    try:
        return setting(conn, POPULATION_SETTING)
    finally:
        conn.close()
