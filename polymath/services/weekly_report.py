"""The weekly review as a page to share: the review with the series drawn around it.

Nothing is computed here that another use-case does not already compute: the review
(``services.review``), the dashboard's year of days and its last weeks against the target
(``services.dashboard``), as they stood at the end of the week reviewed, and the adopted stack's
progress (``services.planner``, the Planner screen's and ``polymath stack``'s figures).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from polymath.core.calendar import Week
from polymath.core.review import WeekReview
from polymath.services.context import Context
from polymath.services.dashboard import load_dashboard
from polymath.services.review import review_week

TYPE_CHECKING = False
if TYPE_CHECKING:
    from polymath.services.planner import StackProgress


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    """Everything the shared page shows, as facts."""

    review: WeekReview
    days: dict[date, int]
    """Minutes per local day from ``first_day`` to the review's last day (no key: nothing)."""
    first_day: date
    """The first day of the year shown (a week's first day, 53 weeks back)."""
    weeks: list[tuple[Week, int]]
    """The weeks up to the one reviewed, with their minutes, oldest first."""
    stack: "StackProgress | None"
    """Progress toward the adopted stack as of today; None when no stack is adopted."""
    made: datetime
    """When the page was made (the context's clock)."""


def weekly_report(ctx: Context, week: Week | str = "this") -> WeeklyReport:
    """The review of ``week`` with its year of days, its weeks against the target and the
    adopted stack's progress."""
    review = review_week(ctx, week)
    as_of = ctx.now() if review.current else _end_of(review.today, ctx)
    conn = ctx.connect()
    try:
        dashboard = load_dashboard(conn, ctx.settings, as_of)
    finally:
        conn.close()
    stack = None
    if review.stack:
        from polymath.services.planner import stack_progress

        stack = stack_progress(ctx)
    return WeeklyReport(
        review=review,
        days={day: m for day, m in dashboard.heatmap.items() if day <= review.today},
        first_day=dashboard.first_day,
        weeks=dashboard.weeks,
        stack=stack,
        made=ctx.now(),
    )


def _end_of(day: date, ctx: Context) -> datetime:
    """The last minute of ``day`` in the user's zone: a past week is shown as it ended."""
    return datetime.combine(day, time(23, 59), tzinfo=ctx.settings.zone)
