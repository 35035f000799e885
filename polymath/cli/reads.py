"""The daily reads: today, review, sessions and the domains list, over sqlite3 alone.

Typed daily, they load neither SQLAlchemy nor Textual; each reads the weeks it shows and the
history's summary (``services.history``), so it costs the same on ten years as on one.
"""

from datetime import timedelta

from polymath.cli.common import context, emit, wants_json, write_output
from polymath.cli.render import table
from polymath.core.calendar import parse_week
from polymath.core.durations import format_minutes
from polymath.core.errors import InvalidInput
from polymath.core.levels import level_name
from polymath.reports.review import review_text
from polymath.services import sessions
from polymath.services.context import Context
from polymath.services.domain_list import summaries
from polymath.services.review import review_week

TYPE_CHECKING = False
if TYPE_CHECKING:
    from argparse import Namespace


def cmd_today(args: "Namespace") -> int:
    ctx = context(args, write=False)
    today = ctx.today()
    tomorrow = today + timedelta(days=1)
    todays = sessions.sessions_on(ctx, today)
    review = review_week(ctx, "this")
    total = sum(s.minutes_within(today, tomorrow) for s in todays)
    rows = []
    for s in todays:
        spent = s.minutes_within(today, tomorrow)
        at = f"{s.started_at:%H:%M}" if s.started_at.date() == today else f"{s.started_at:%a %H:%M}"
        time = format_minutes(spent)
        if spent != s.minutes:  # across midnight: only today's minutes count today
            time += f" of {format_minutes(s.minutes)}"
        rows.append([at, time, s.kind, s.domain, s.note or ""])
    guideline = format_minutes(ctx.settings.targets.weekday_minutes)
    text = [f"Today {today:%a %d %b}: {format_minutes(total)} (weekday guideline {guideline})"]
    if rows:
        text.append(table(rows, ["at", "time", "kind", "domain", "note"]))
    text.append(
        f"This week: {format_minutes(review.total_minutes)} of "
        f"{format_minutes(review.targets.weekly_minutes)}; weekly streak {review.weekly_streak}"
    )
    if not wants_json(args):
        return emit(args, None, "\n".join(text))
    data = {
        "today_minutes": total,
        "sessions": [
            {**s.to_dict(), "minutes_today": s.minutes_within(today, tomorrow)} for s in todays
        ],
        "week": review.to_dict(),
    }
    return emit(args, data, "")


def cmd_review(args: "Namespace") -> int:
    ctx = context(args, write=False)
    if args.format == "html" and not wants_json(args):
        from polymath.reports.review_html import review_page
        from polymath.services.weekly_report import weekly_report

        report = weekly_report(ctx, args.week)
        review, text = report.review, review_page(report).removesuffix("\n")
    else:
        review = review_week(ctx, args.week)
        if wants_json(args) or args.format == "json":
            import json

            text = json.dumps(review.to_dict(), indent=2, ensure_ascii=False, default=str)
        else:
            text = review_text(review, markdown=args.format == "markdown")
    if args.output is None:
        print(text)
        return 0
    written = write_output(text + "\n", args.output, force=args.force, database=ctx.db_path)
    if written is not None:
        print(f"wrote the review of {review.week.label} to {written}")
    return 0


def cmd_sessions(args: "Namespace") -> int:
    ctx = context(args, write=False)
    if args.limit is not None and args.limit < 1:
        raise InvalidInput("--limit must be at least 1")
    listed = sessions.list_sessions(
        ctx, week=args.week, domain=args.domain, limit=None if args.week else args.limit
    )
    start = ctx.settings.targets.week_start
    week = parse_week(args.week, ctx.today(), start) if args.week else None
    rows = []
    for s in listed:
        time = format_minutes(s.minutes)
        # Across the week's edge: the rest of its minutes count in the other week.
        if week is not None and (inside := s.minutes_within(week.start, week.end)) != s.minutes:
            time += f" ({format_minutes(inside)} in {week.label})"
        rows.append(
            [
                str(s.id),
                f"{s.started_at:%Y-%m-%d %H:%M}",
                time,
                s.kind,
                s.domain,
                ", ".join(s.with_domains),
                s.note or "",
            ]
        )
    text = (
        table(rows, ["id", "started", "time", "kind", "domain", "with", "note"])
        if rows
        else ("no sessions")
    )
    data = [
        {**s.to_dict(), "minutes_in_week": s.minutes_within(week.start, week.end)}
        if week
        else s.to_dict()
        for s in listed
    ]
    return emit(args, data, text)


def cmd_domains(args: "Namespace") -> int:
    """``domains``: the list here; its actions (add, rename, map...) in ``cli.commands``."""
    if getattr(args, "action", None) is not None:
        from polymath.cli.commands import cmd_domains as act

        return act(args)
    return list_domains(args, context(args, write=False))


def list_domains(args: "Namespace", ctx: Context) -> int:
    listed = summaries(ctx, include_archived=args.all)
    rows = [
        [
            d.name + (" (archived)" if d.archived else ""),
            f"{d.total_minutes / 60:.1f}",
            format_minutes(d.week_minutes),
            f"{d.level} {level_name(d.level)}" if d.level else "-",
            d.last_session.isoformat() if d.last_session else "-",
            d.area or "-",
        ]
        for d in listed
    ]
    text = (
        table(rows, ["domain", "hours", "this week", "level", "last", "area"])
        if rows
        else ("no domains yet: check in with  polymath log 30m 'a domain' --create")
    )
    return emit(args, [d.to_dict() for d in listed], text)
