"""The slower commands: review, domains, levels, sessions, rest weeks, import/export, upkeep."""

import argparse
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from polymath import __version__
from polymath.cli.common import context, emit, wants_json
from polymath.cli.render import table
from polymath.core.calendar import parse_clock, parse_day
from polymath.core.durations import WEEK_MINUTES, format_minutes, parse_duration
from polymath.core.errors import InvalidInput, NotFound
from polymath.core.levels import level_name, parse_level
from polymath.core.names import clean_name
from polymath.core.text import display
from polymath.reports.review import review_text
from polymath.services import domains, sessions
from polymath.services.context import Context
from polymath.services.review import review_week

if TYPE_CHECKING:
    from polymath.services.sessions import SessionOverlap


def cmd_domains(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    ctx = context(args, write=action is not None)
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
        return _map(args, ctx)
    from polymath.cli.reads import list_domains

    return list_domains(args, ctx)


def _map(args: argparse.Namespace, ctx: Context) -> int:
    """``domains map NAME [AREA] [--skill LABEL|URI] [--pick N]``."""
    chosen = [x for x in (args.area, args.skill, args.pick) if x is not None]
    if len(chosen) > 1:
        raise InvalidInput("give an AREA, --skill or --pick, not more than one")
    why = None
    if args.area is not None:
        area = _check_area(ctx, args.area)
    elif args.skill is not None:
        found = domains.skill_area(ctx, args.skill)
        area, why = found.area, found.why
    else:
        candidates = domains.area_candidates(ctx, args.name)
        if not candidates:
            raise NotFound(
                f"no area matches {args.name!r}; search them with: polymath graph areas "
                "--search WORD, then polymath domains map DOMAIN AREA"
            )
        number = args.pick if args.pick is not None else _choose(args, candidates)
        if number is None:
            return 0
        if not 1 <= number <= len(candidates):
            raise InvalidInput(f"--pick takes 1 to {len(candidates)}")
        area, why = candidates[number - 1].area, candidates[number - 1].why
    name = domains.map_area(ctx, args.name, area)
    shown = f"mapped {display(name)} to {display(area)}" + (f" ({display(why)})" if why else "")
    return emit(args, {"domain": name, "area": area, "why": why}, shown)


def _choose(args: argparse.Namespace, candidates: list[domains.AreaCandidate]) -> int | None:
    """Offer the matches; on a terminal ask which, elsewhere list them and change nothing."""
    import sys

    lines = [f"Areas that match {display(args.name)!s}:"]
    for number, candidate in enumerate(candidates, 1):
        lines.append(f"  {number}. {display(candidate.area)}: {display(candidate.why)}")
    if wants_json(args) or not sys.stdin.isatty():
        lines.append("Choose one with: polymath domains map DOMAIN --pick N (or name the AREA)")
        data = [{"area": c.area, "why": c.why, "units": c.units} for c in candidates]
        emit(args, {"domain": args.name, "candidates": data}, "\n".join(lines))
        return None
    print("\n".join(lines))
    try:
        answer = input(f"Map to which? [1-{len(candidates)}, Enter for 1, n for none] ")
    except EOFError:
        return None
    answer = answer.strip().lower()
    if answer in ("n", "no", "none"):
        return None
    if not answer:
        return 1
    if not answer.isdigit():
        raise InvalidInput(f"{answer!r} is not a number from 1 to {len(candidates)}")
    return int(answer)


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
    ctx = context(args, write=args.level is not None)
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


def cmd_goal(args: argparse.Namespace) -> int:
    from polymath.services import goals

    if args.domain is None:
        listed = goals.list_goals(context(args, write=False))
        rows = [
            [
                g.domain,
                format_minutes(g.minutes),
                format_minutes(g.week_minutes),
                "met" if g.met else f"{format_minutes(g.minutes - g.week_minutes)} to go",
            ]
            for g in listed
        ]
        text = (
            table(rows, ["domain", "goal", "this week", ""])
            if rows
            else "no weekly goals yet: polymath goal DOMAIN 2h gives a domain one"
        )
        return emit(args, [g.to_dict() for g in listed], text)
    if args.duration is None and not args.clear:
        ctx = context(args, write=False)
        found = [g for g in goals.list_goals(ctx) if g.domain.casefold() == args.domain.casefold()]
        if not found:
            return emit(
                args,
                None,
                f"{args.domain} has no weekly goal: polymath goal '{args.domain}' 2h sets one",
            )
        goal = found[0]
        return emit(
            args,
            goal.to_dict(),
            f"{goal.domain}: {format_minutes(goal.week_minutes)} of a "
            f"{format_minutes(goal.minutes)} weekly goal this week",
        )
    if args.duration is not None and args.clear:
        raise InvalidInput("give a duration or --clear, not both")
    minutes = None if args.clear else parse_duration(args.duration, maximum=WEEK_MINUTES)
    name, before = goals.set_goal(context(args), args.domain, minutes)
    was = "" if before is None else f" (was {format_minutes(before)})"
    text = (
        f"{name}: no weekly goal{was}"
        if minutes is None
        else f"{name}: a weekly goal of {format_minutes(minutes)}{was}"
    )
    return emit(args, {"domain": name, "goal_minutes": minutes, "previous": before}, text)


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
    ctx = context(args, write=args.week is not None)
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


def cmd_import(args: argparse.Namespace) -> int:
    from polymath.cli.progress import progress_bar
    from polymath.services.transfer import import_file

    with progress_bar(f"import {display(args.file)}") as progress:
        report = import_file(
            context(args),
            Path(args.file),
            fmt=args.fmt,
            domain_map=_pairs(args.map, "--map"),
            kind_map=_pairs(args.kind_map, "--kind-map"),
            default_kind=args.default_kind,
            progress=progress,
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
    from polymath.services import maintenance

    words = list(args.target)
    if words[:1] == ["list"] and len(words) == 1:
        listed = maintenance.list_backups(context(args, write=False))
        rows = [
            [
                b.path.name,
                b.kind,
                f"{b.made_at.astimezone():%Y-%m-%d %H:%M}",
                f"{b.size_bytes:,}",
                "usable" if b.usable else f"NOT usable: {display(b.problem or '')}",
            ]
            for b in listed
        ]
        text = table(rows, ["backup", "kind", "made", "bytes", "state"]) if rows else "no backups"
        data = [
            {"file": b.path.name, "kind": b.kind, "usable": b.usable, "problem": b.problem}
            for b in listed
        ]
        return emit(args, data, text)
    if words[:1] == ["restore"]:
        if len(words) != 2:
            raise InvalidInput("say which backup to restore: polymath backup restore NAME")
        restored, before = maintenance.restore_backup(context(args), words[1])
        return emit(
            args,
            {"restored": str(restored), "previous": str(before)},
            f"restored {restored.name}; what was there before is kept as {before.name}",
        )
    if len(words) > 1:
        raise InvalidInput("backup takes one path, 'list' or 'restore NAME'")
    target = maintenance.backup(context(args), Path(words[0]) if words else None)
    return emit(args, {"backup": str(target)}, f"backed up to {target}")


def cmd_doctor(args: argparse.Namespace) -> int:
    from polymath.services.maintenance import doctor

    health = doctor(context(args, write=False))
    integrity = "ok" if health.integrity == "ok" else f"FAILED: {display(health.integrity)}"
    usable = [b for b in health.backups if b.usable]
    newest = health.newest_usable_backup
    kept = f"{len(usable)} usable of {len(health.backups)}"
    if newest is not None:
        kept += f"; newest {newest.path.name} ({newest.made_at.astimezone():%Y-%m-%d %H:%M})"
    lines = [
        f"database     {health.path} ({health.size_bytes:,} bytes)",
        f"schema       revision {health.revision or 'unknown'}"
        + (
            f" (this Polymath upgrades it to {health.head} on first use, after a backup)"
            if health.behind
            else ""
        ),
        f"integrity    {integrity}",
        f"foreign keys {'ok' if not health.foreign_key_errors else health.foreign_key_errors}",
        f"backups      {kept}",
        f"overlaps     {_overlaps(health.overlaps)}",
        f"config       {health.config}{'' if health.config.is_file() else ' (not created)'}",
        "counts       " + ", ".join(f"{k} {v}" for k, v in health.counts.items()),
    ]
    if not health.ok:
        if newest is not None:
            lines.append(
                f"to restore   polymath backup restore {newest.path.name}  "
                "(the damaged file is backed up first)"
            )
        else:
            lines.append("to restore   no usable backup was found: keep the file and seek help")
    emit(args, health.to_dict(), "\n".join(lines))
    return 0 if health.ok else 2


def _overlaps(overlaps: list["SessionOverlap"], shown: int = 3) -> str:
    """'none', or the first few pairs of sessions that share time and how many more."""
    if not overlaps:
        return "none"
    items = [
        f"#{o.first.id} and #{o.second.id} on {o.first.started_at:%Y-%m-%d} "
        f"share {format_minutes(o.shared_minutes)}"
        for o in overlaps[:shown]
    ]
    more = f"; {len(overlaps) - shown} more (see --json)" if len(overlaps) > shown else ""
    return f"{len(overlaps)}: " + "; ".join(items) + more


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

            make_app(ctx, demo=True).run()
            return 0
        review = review_week(ctx, "this")
        ctx.engine.dispose()
    if wants_json(args):
        return emit(args, {"persona": "Maya", "review": review.to_dict()}, "")
    print("Demo: Maya, a developer learning six fields (on a throw-away database)\n")
    print(review_text(review))
    return 0


def cmd_about(args: argparse.Namespace) -> int:
    from polymath.paths import config_path, database_path
    from polymath.services.maintenance import data_attributions

    credits = data_attributions()
    data = {
        "version": __version__,
        "database": str(database_path(getattr(args, "db", None))),
        "config": str(config_path()),
        "attribution": " ".join(credits.values()),
        "attributions": credits,
    }
    text = (
        f"polymath {__version__}\ndatabase {data['database']}\nconfig   {data['config']}\n\n"
        "Population data:\n" + "\n\n".join(f"{name}: {words}" for name, words in credits.items())
    )
    return emit(args, data, text)
