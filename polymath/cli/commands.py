"""The slower commands: review, domains, levels, sessions, rest weeks, import/export, upkeep."""

import argparse
from datetime import timedelta
from pathlib import Path

from polymath import __version__
from polymath.cli.common import context, emit, wants_json, write_output
from polymath.cli.render import table
from polymath.core.calendar import parse_clock, parse_day, parse_week
from polymath.core.durations import format_minutes, parse_duration
from polymath.core.errors import InvalidInput
from polymath.core.levels import level_name, parse_level
from polymath.core.names import clean_name
from polymath.reports.review import review_text
from polymath.services import domains, sessions
from polymath.services.context import Context
from polymath.services.review import review_week


def cmd_today(args: argparse.Namespace) -> int:
    ctx = context(args)
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
    data = {
        "today_minutes": total,
        "sessions": [
            {**s.to_dict(), "minutes_today": s.minutes_within(today, tomorrow)} for s in todays
        ],
        "week": review.to_dict(),
    }
    return emit(args, data, "\n".join(text))


def cmd_review(args: argparse.Namespace) -> int:
    review = review_week(context(args), args.week)
    if wants_json(args) or args.format == "json":
        return emit(argparse.Namespace(json=True), review.to_dict(), "")
    print(review_text(review, markdown=args.format == "markdown"))
    return 0


def cmd_domains(args: argparse.Namespace) -> int:
    ctx = context(args)
    action = getattr(args, "action", None)
    if action == "add":
        area = (
            _check_area(ctx, args.area) if args.area else _suggest_area(ctx, clean_name(args.name))
        )
        domain = domains.add_domain(ctx, args.name, area=area)
        mapped = f" (area: {domain.area})" if domain.area else ""
        return emit(
            args, {"added": domain.name, "area": domain.area}, f"added domain {domain.name}{mapped}"
        )
    if action == "rename":
        name = domains.rename_domain(ctx, args.old, args.new)
        return emit(args, {"renamed": args.old, "to": name}, f"renamed {args.old} to {name}")
    if action == "merge":
        moved = domains.merge_domains(ctx, args.source, args.target)
        return emit(
            args,
            {"merged": args.source, "into": args.target, "sessions": moved},
            f"merged {args.source} into {args.target} ({moved} sessions moved)",
        )
    if action in ("archive", "restore"):
        name = domains.set_archived(ctx, args.name, action == "archive")
        return emit(args, {action + "d": name}, f"{action}d {name}")
    if action == "map":
        area = _check_area(ctx, args.area)
        name = domains.map_area(ctx, args.name, area)
        return emit(args, {"domain": name, "area": area}, f"mapped {name} to {area}")
    listed = domains.summaries(ctx, include_archived=args.all)
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


def _suggest_area(ctx: Context, name: str) -> str | None:
    from polymath.services.areas import suggest_area

    conn = ctx.connect()
    try:
        return suggest_area(conn, ctx.db_path, name)
    finally:
        conn.close()


def _check_area(ctx: Context, area: str) -> str:
    from polymath.services.areas import check_area

    conn = ctx.connect()
    try:
        return check_area(conn, ctx.db_path, area)
    finally:
        conn.close()


def cmd_level(args: argparse.Namespace) -> int:
    ctx = context(args)
    if args.level is not None:
        level = parse_level(args.level)
        day = parse_day(args.on, ctx.today()) if args.on else None
        point = domains.assess(ctx, args.domain, level, note=args.note, on=day)
        return emit(
            args,
            point.to_dict(),
            f"{args.domain}: level {level} ({level_name(level)}) on {point.day}, "
            f"after {point.cumulative_hours:.1f} hours",
        )
    history = domains.level_history(ctx, args.domain)
    rows = [
        [
            p.day.isoformat(),
            f"{p.level} {level_name(p.level)}",
            f"{p.cumulative_hours:.1f}",
            p.note or "",
        ]
        for p in history
    ]
    text = (
        table(rows, ["on", "level", "hours so far", "note"])
        if rows
        else (f"no assessments of {args.domain} yet: polymath level '{args.domain}' 2")
    )
    return emit(args, [p.to_dict() for p in history], text)


def cmd_sessions(args: argparse.Namespace) -> int:
    ctx = context(args)
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


def cmd_edit(args: argparse.Namespace) -> int:
    ctx = context(args)
    changes = [
        args.duration,
        args.domain,
        args.kind,
        args.note,
        args.on,
        args.at,
        args.with_domains,
    ]
    if all(value is None for value in changes):
        raise InvalidInput(
            "nothing to change: give --duration, --domain, --kind, --note, --on, --at or --with"
        )
    if args.fold and args.at is None:
        raise InvalidInput("--fold chooses between two times the clocks showed: give one with --at")
    view = sessions.edit_session(
        ctx,
        args.id,
        minutes=parse_duration(args.duration) if args.duration else None,
        domain=args.domain,
        kind=args.kind,
        note=args.note,
        day=parse_day(args.on, ctx.today()) if args.on else None,
        at=parse_clock(args.at) if args.at else None,
        fold=int(args.fold),
        with_domains=args.with_domains,
    )
    return emit(
        args,
        view.to_dict(),
        f"session #{view.id}: {format_minutes(view.minutes)} "
        f"{view.kind} in {view.domain} on {view.started_at:%a %d %b %H:%M}",
    )


def cmd_delete(args: argparse.Namespace) -> int:
    view = sessions.delete_session(context(args), args.id)
    return emit(
        args,
        view.to_dict(),
        f"deleted session #{view.id} ({format_minutes(view.minutes)}"
        f" in {view.domain}); polymath undo brings it back",
    )


def cmd_undo(args: argparse.Namespace) -> int:
    description = sessions.undo(context(args))
    return emit(args, {"undone": description}, f"undone: {description}")


def cmd_rest(args: argparse.Namespace) -> int:
    ctx = context(args)
    if args.week is None:
        if args.remove:
            raise InvalidInput("say which rest week to remove with --week")
        rests = sessions.list_rest_weeks(ctx)
        text = "\n".join(f"{r.week}  {r.note or ''}".rstrip() for r in rests) or (
            "no rest weeks: plan one with  polymath rest --week next --note holiday"
        )
        return emit(args, [{"week": r.week, "note": r.note} for r in rests], text)
    if args.remove:
        week = sessions.remove_rest_week(ctx, args.week)
        return emit(args, {"removed": week.label}, f"{week.label} is no longer a rest week")
    week = sessions.add_rest_week(ctx, args.week, args.note)
    last = week.end - timedelta(days=1)
    return emit(
        args,
        {"rest_week": week.label, "note": args.note},
        f"{week.label} ({week.start:%d %b} - {last:%d %b}) is a planned rest week: "
        "streaks neither break nor grow",
    )


def cmd_export(args: argparse.Namespace) -> int:
    from polymath.services.transfer import export_sessions

    if args.what == "graph":
        from polymath.cli.planning import export_graph

        return export_graph(args)
    if args.format not in (None, "json", "csv"):
        raise InvalidInput("sessions export as json or csv")
    text, count = export_sessions(context(args), args.format or "json")
    target = write_output(text, args.output)
    if target is not None:
        print(f"wrote {count} sessions to {target}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from polymath.services.transfer import import_file

    report = import_file(
        context(args),
        Path(args.file),
        fmt=args.fmt,
        domain_map=_pairs(args.map, "--map"),
        kind_map=_pairs(args.kind_map, "--kind-map"),
        default_kind=args.default_kind,
    )
    text_out = report.line() + "".join(f"\nwarning: {w}" for w in report.warnings)
    return emit(args, report.to_dict(), text_out)


def _pairs(items: list[str], flag: str) -> dict[str, str]:
    pairs = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InvalidInput(f"{flag} takes NAME=VALUE, not {item!r}")
        pairs[key.strip()] = value.strip()
    return pairs


def cmd_backup(args: argparse.Namespace) -> int:
    from polymath.services.maintenance import backup

    target = backup(context(args), Path(args.path) if args.path else None)
    return emit(args, {"backup": str(target)}, f"backed up to {target}")


def cmd_doctor(args: argparse.Namespace) -> int:
    from polymath.services.maintenance import doctor

    health = doctor(context(args))
    lines = [
        f"database     {health.path} ({health.size_bytes:,} bytes)",
        f"schema       revision {health.revision}",
        f"integrity    {health.integrity}",
        f"foreign keys {'ok' if not health.foreign_key_errors else health.foreign_key_errors}",
        f"config       {health.config}{'' if health.config.is_file() else ' (not created)'}",
        "counts       " + ", ".join(f"{k} {v}" for k, v in health.counts.items()),
    ]
    emit(args, health.to_dict(), "\n".join(lines))
    return 0 if health.ok else 1


def cmd_tui(args: argparse.Namespace) -> int:
    """Open the app on the user's database (a terminal is needed)."""
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InvalidInput(
            "the app needs a terminal; for scripts use commands such as polymath status "
            "(see polymath --help)"
        )
    from polymath.tui.app import make_app

    make_app(context(args)).run()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The demo persona on a database that is deleted when the demo ends."""
    import sys
    import tempfile

    from polymath.services.maintenance import build_demo

    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    with tempfile.TemporaryDirectory(prefix="polymath-demo-") as folder:
        ctx = build_demo(Path(folder))
        if interactive and not args.print and not wants_json(args):
            from polymath.tui.app import make_app

            make_app(ctx).run()
            return 0
        review = review_week(ctx, "this")
        ctx.engine.dispose()
    if wants_json(args):
        return emit(args, {"persona": "Maya", "review": review.to_dict()}, "")
    print("Demo: Maya, a developer learning six fields (on a throw-away database)\n")
    print(review_text(review))
    return 0


ATTRIBUTION = (
    "This product includes information from the O*NET Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
    "O*NET(R) is a trademark of USDOL/ETA. Polymath has modified all or some of this information. "
    "USDOL/ETA has not approved, endorsed, or tested these modifications. Polymath thresholded the "
    "Knowledge Importance ratings at 3.0 and reduced them to area and pair co-occurrence "
    "statistics."
)


def cmd_about(args: argparse.Namespace) -> int:
    from polymath.paths import config_path, database_path

    data = {
        "version": __version__,
        "database": str(database_path(getattr(args, "db", None))),
        "config": str(config_path()),
        "attribution": ATTRIBUTION,
    }
    text = (
        f"polymath {__version__}\ndatabase {data['database']}\nconfig   {data['config']}\n\n"
        f"Population data: {ATTRIBUTION}"
    )
    return emit(args, data, text)
