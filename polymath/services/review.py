"""The weekly review use-case: load the history, place it on local days, build the review.

Each session's minutes are placed on the local days they were spent in (``core.spans``): a
session across midnight counts on both days, as on the dashboard and the status line.
"""

import json
from datetime import date

from polymath.core.calendar import Week, parse_week, week_from_label
from polymath.core.review import LevelFact, SessionFact, WeekReview, build_review
from polymath.core.spans import day_parts
from polymath.services.context import Context
from polymath.store import queries
from polymath.store.engine import Tx, reading

STACK_SETTING = "stack"


def load_facts(
    ctx: Context, session: Tx
) -> tuple[list[SessionFact], list[LevelFact], list[date], list[str]]:
    """Every session's minutes on their local days, the level history, the rest weeks and the
    active domains."""
    zone = ctx.settings.zone
    domains = {d.id: d for d in queries.list_domains(session=session, include_archived=True)}
    links = queries.links_by_session(session=session)
    facts = [
        SessionFact(
            day=part.day,
            minutes=part.minutes,
            kind=kind,
            domain=domains[domain_id].name,
            with_domains=tuple(domains[i].name for i in links.get(session_id, ())),
        )
        for session_id, started_at, minutes, kind, domain_id in queries.session_facts(
            session=session
        )
        for part in day_parts(started_at, minutes, zone)
    ]
    levels = [
        LevelFact(domains[a.domain_id].name, a.level, a.assessed_on, a.note)
        for a in queries.list_assessments(session=session)
    ]
    week_start = ctx.settings.targets.week_start
    rests = [
        week_from_label(r.week, week_start).start for r in queries.list_rest_weeks(session=session)
    ]
    active = [d.name for d in domains.values() if not d.archived]
    return facts, levels, rests, active


def review_week(ctx: Context, week: Week | str = "this") -> WeekReview:
    """The review of a week (``this``, ``last``, ``2026-W47`` or a day in it)."""
    today = ctx.today()
    targets = ctx.settings.targets
    chosen = week if isinstance(week, Week) else parse_week(week, today, targets.week_start)
    with reading(ctx.engine) as session:
        facts, levels, rests, active = load_facts(ctx, session)
        stack = adopted_stack(session)
    return build_review(chosen, today, targets, facts, levels, rests, active, stack)


def adopted_stack(session: Tx) -> list[str]:
    """The members of the adopted stack, or none."""
    value = queries.get_setting(session=session, key=STACK_SETTING)
    if value is None:
        return []
    return [str(name) for name in json.loads(value).get("members", [])]
