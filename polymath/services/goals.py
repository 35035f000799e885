"""Weekly goals per domain: how much time a week one domain should get.

The weekly target stays the 5-hour rule's total; a goal says how a person means to share it out
("2h of Spanish a week"). A goal is the setting ``goal/<the domain's uid>``: undone like any
change, kept through renames, exported with the domain and shared with the person's devices.
"""

from dataclasses import dataclass

from polymath.core.calendar import week_of
from polymath.core.durations import WEEK_MINUTES, format_minutes
from polymath.core.errors import InvalidInput
from polymath.services.context import Context
from polymath.services.domains import require_domain
from polymath.store import queries
from polymath.store.engine import Tx, writing
from polymath.store.sync_identity import GOAL_PREFIX


@dataclass(frozen=True, slots=True)
class Goal:
    """A domain's weekly goal and where this week stands against it."""

    domain: str
    minutes: int
    week_minutes: int

    @property
    def met(self) -> bool:
        return self.week_minutes >= self.minutes

    def to_dict(self) -> dict[str, object]:
        return {
            "domain": self.domain,
            "goal_minutes": self.minutes,
            "week_minutes": self.week_minutes,
            "met": self.met,
        }


def goal_key(uid: str) -> str:
    return f"{GOAL_PREFIX}{uid}"


def set_goal(ctx: Context, name: str, minutes: int | None) -> tuple[str, int | None]:
    """Give a domain a weekly goal (None clears it); returns its name and the goal it had."""
    if minutes is not None and not 0 < minutes <= WEEK_MINUTES:
        raise InvalidInput(f"a weekly goal is between 1m and 168h, not {format_minutes(minutes)}")
    verb = "clear the goal of" if minutes is None else f"set a {format_minutes(minutes)} goal for"
    with writing(ctx.engine, f"{verb} {name}") as session:
        domain = require_domain(session, name)
        key = goal_key(domain.uid)
        before = queries.get_setting(session=session, key=key)
        if minutes is None and before is None:
            raise InvalidInput(f"{domain.name} has no weekly goal to clear")
        queries.set_setting(
            session=session, key=key, value=None if minutes is None else str(minutes)
        )
        return domain.name, None if before is None else int(before)


def keep_goal(session: Tx, uid: str, minutes: int | None) -> None:
    """Inside a change already open (an import, a merge): set or clear a domain's goal."""
    queries.set_setting(
        session=session, key=goal_key(uid), value=None if minutes is None else str(minutes)
    )


def goal_of(session: Tx, uid: str) -> int | None:
    stored = queries.get_setting(session=session, key=goal_key(uid))
    return None if stored is None else int(stored)


def list_goals(ctx: Context) -> list[Goal]:
    """Every active domain's goal with this week's minutes, in the order of the review."""
    from polymath.services.review import review_week

    review = review_week(ctx, week_of(ctx.today(), ctx.settings.targets.week_start))
    return [
        Goal(line.domain, line.goal_minutes, line.minutes)
        for line in review.domains
        if line.goal_minutes is not None
    ]
