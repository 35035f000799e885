"""The weekly review use-case: load the history, place it on local days, build the review.

Each session's minutes are placed on the local days they were spent in (``core.spans``): a
session across midnight counts on both days, as on the dashboard and the status line.
"""

import json
from datetime import timedelta

from polymath.core.calendar import Week, day_bounds_utc, parse_week
from polymath.core.review import TREND_WEEKS, LevelFact, SessionFact, WeekReview, build_review
from polymath.core.spans import day_parts
from polymath.services import history
from polymath.services.checkin import rest_week_starts
from polymath.services.context import Context
from polymath.store import checkin as rows
from polymath.store import direct
from polymath.store import review as reads

ONE_DAY = timedelta(days=1)

STACK_SETTING = "stack"


def review_week(ctx: Context, week: Week | str = "this") -> WeekReview:
    """The review of a week (``this``, ``last``, ``2026-W47`` or a day in it).

    Reads the week and the trend weeks before it over sqlite3, and the days before them from
    the history's summary: its cost follows the weeks shown, not the years logged.
    """
    today = ctx.today()
    targets = ctx.settings.targets
    zone = ctx.settings.zone
    chosen = week if isinstance(week, Week) else parse_week(week, today, targets.week_start)
    first = chosen.start - timedelta(weeks=TREND_WEEKS)
    since, until = day_bounds_utc(first, chosen.end, zone)
    conn = ctx.connect()
    try:
        with direct.snapshot(conn):
            days = history.day_minutes(conn, zone, chosen.end)
            links = reads.links_between(conn, since - ONE_DAY, until)
            facts = [
                SessionFact(part.day, part.minutes, kind, name, tuple(links.get(session_id, ())))
                for session_id, started, minutes, kind, name in reads.sessions_between(
                    conn, since - ONE_DAY, until
                )
                for part in day_parts(started, minutes, zone)
                if first <= part.day < chosen.end
            ]
            levels = [LevelFact(*row) for row in reads.levels(conn)]
            rests = rest_week_starts(conn, ctx.settings)
            active = reads.active_names(conn)
            stored = rows.setting(conn, STACK_SETTING)
            goals = reads.goals(conn)
    finally:
        conn.close()
    stack = [str(name) for name in json.loads(stored).get("members", [])] if stored else []
    return build_review(
        chosen, today, targets, facts, levels, rests, active, stack, history=days, goals=goals
    )
