"""The domains as the lists show them: hours ever, this week's minutes, level, last session.

Read over sqlite3 (``polymath domains`` and the app's Domains page), the hours from the
history's summary: a list costs what it shows, not the years logged.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from polymath.core.calendar import day_bounds_utc, week_of
from polymath.core.levels import level_name
from polymath.core.spans import day_parts
from polymath.services.context import Context
from polymath.services.history import domain_totals
from polymath.store import direct, listing
from polymath.store.dashboard import latest_levels

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DomainSummary:
    name: str
    area: str | None
    archived: bool
    total_minutes: int
    week_minutes: int
    level: int | None
    last_session: date | None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "area": self.area,
            "archived": self.archived,
            "total_hours": round(self.total_minutes / 60, 1),
            "week_minutes": self.week_minutes,
            "level": self.level,
            "level_name": level_name(self.level) if self.level else None,
            "last_session": self.last_session.isoformat() if self.last_session else None,
        }


def summaries(ctx: Context, *, include_archived: bool = False) -> list[DomainSummary]:
    """Every domain with its hours ever, this week's minutes (on this week's local days, as
    the review counts them), its level and its last session: read over sqlite3, the totals from
    the history's summary."""
    zone = ctx.settings.zone
    week = week_of(ctx.today(), ctx.settings.targets.week_start)
    since, until = day_bounds_utc(week.start, week.end, zone)
    conn = ctx.connect()
    try:
        with direct.snapshot(conn):
            found = listing.domains(conn)
            totals = domain_totals(conn)
            levels = latest_levels(conn)
            this_week: dict[str, int] = {}
            for _, started, minutes, name, _, _ in listing.between(conn, since - ONE_DAY, until):
                for part in day_parts(started, minutes, zone):
                    if week.start <= part.day < week.end:
                        this_week[name] = this_week.get(name, 0) + part.minutes
    finally:
        conn.close()
    return [
        DomainSummary(
            name,
            area,
            archived,
            totals[domain_id][0] if domain_id in totals else 0,
            this_week.get(name, 0),
            levels.get(domain_id),
            totals[domain_id][1].astimezone(zone).date() if domain_id in totals else None,
        )
        for domain_id, name, area, archived in found
        if include_archived or not archived
    ]
