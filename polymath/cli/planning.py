"""The skill-graph commands: graph, suggest, stack, export graph."""

import argparse
from pathlib import Path

from polymath.cli.common import context, emit, write_output
from polymath.cli.render import table
from polymath.core.errors import InvalidInput
from polymath.core.levels import level_name, parse_level
from polymath.services import planner


def cmd_graph(args: argparse.Namespace) -> int:
    ctx = context(args, write=args.action in ("load", "use"))
    action = args.action
    if action == "load":
        threshold = args.threshold
        stats = planner.load_population(
            ctx, Path(args.file), name=args.name or Path(args.file).stem, threshold=threshold
        )
        return emit(
            args,
            {"name": stats.name, "units": stats.n_units, "areas": len(stats.areas)},
            f"loaded population {stats.name}: {stats.n_units} units, {len(stats.areas)} areas "
            f"(use it with: polymath graph use {stats.name})",
        )
    if action == "use":
        name = planner.use_population(ctx, args.name)
        return emit(args, {"population": name}, f"planning on population {name}")
    if action == "pair":
        pair, stats = planner.explain_pair(ctx, args.a, args.b)
        low, high = pair.tails()
        kind = "conventional" if pair.z > 0 else "atypical"
        text = (
            f"{pair.a} + {pair.b} in {stats.name} ({stats.n_units} {stats.unit_label}):\n"
            f"  observed together O = {pair.observed}, expected E = {pair.expected:.1f}\n"
            f"  z = {pair.z:+.2f} ({kind}), lift = {pair.lift:.2f}\n"
            f"  P(X <= O) = {low:.3g}, P(X >= O) = {high:.3g}"
        )
        if pair.null_z is not None:
            text += f"\n  randomised-null z = {pair.null_z:+.2f}"
        data = {
            "a": pair.a,
            "b": pair.b,
            "observed": pair.observed,
            "expected": pair.expected,
            "z": pair.z,
            "lift": pair.lift,
            "null_z": pair.null_z,
            "p_at_most": low,
            "p_at_least": high,
            "population": stats.name,
        }
        return emit(args, data, text)
    if action == "list":
        names = planner.population_names(ctx)
        return emit(args, names, "\n".join(names))
    stats = planner.active_population(ctx)
    rows = [[area, str(stats.count(area))] for area in sorted(stats.areas)]
    return emit(
        args,
        [{"area": a, "units": stats.count(a)} for a in sorted(stats.areas)],
        f"population {stats.name}: {stats.n_units} {stats.unit_label}\n"
        + table(rows, ["area", stats.unit_label]),
    )


def cmd_suggest(args: argparse.Namespace) -> int:
    ctx = context(args, write=False)
    suggestions = planner.suggest(
        ctx,
        anchor=args.anchor,
        new=args.new,
        target_level=parse_level(args.target_level),
        top=args.top,
    )
    lines = [f"{i}. {s.sentence()}" for i, s in enumerate(suggestions, 1)]
    if any(s.new_areas for s in suggestions):
        lines.append(
            "To take one up: add each new area as a domain (polymath domains add NAME --area "
            "AREA), then keep the stack with: polymath stack adopt DOMAIN DOMAIN DOMAIN"
        )
    return emit(args, [s.to_dict() for s in suggestions], "\n\n".join(lines) or "no suggestions")


def cmd_stack(args: argparse.Namespace) -> int:
    ctx = context(args, write=args.action == "adopt")
    if args.action == "adopt":
        level = parse_level(args.target_level)
        names = planner.adopt_stack(ctx, args.domains, level)
        return emit(args, {"adopted": names}, f"adopted stack: {' + '.join(names)}")
    progress = planner.stack_progress(ctx)
    if progress is None:
        raise InvalidInput(
            "no stack adopted yet: see polymath suggest, then polymath stack adopt A B C"
        )
    rows = [
        [
            p.name,
            p.area or "-",
            f"{p.level} {level_name(p.level)}" if p.level else "-",
            f"{p.total_minutes / 60:.1f}",
            f"{p.recent_weekly_minutes:.0f}",
        ]
        for p in progress.profiles
    ]
    text = (
        f"Stack: {' + '.join(progress.members)} (target level {progress.target_level}, "
        f"{level_name(progress.target_level)})\n"
        + table(rows, ["domain", "area", "level", "hours", "min/week (4 wk)"])
        + f"\nintegration between them: {progress.integration_minutes / 60:.1f} hours"
        + "\n"
        + _projection_line(progress)
    )
    present = {p.name for p in progress.profiles}
    for member in progress.members:
        if member not in present:
            text += (
                f"\nwarning: {member} is no longer an active domain (renamed, merged or "
                "archived); adopt the stack again"
            )
    return emit(args, progress.to_dict(), text)


def _projection_line(progress: planner.StackProgress) -> str:
    if progress.projected is None:
        return "every member is at the target level already"
    earliest, likely, latest = progress.projected
    return (
        f"projected: {progress.remaining_hours:,.0f} hours to go at "
        f"{progress.weekly_hours:.1f} h a week: around {likely:%d %b %Y} "
        f"({earliest:%d %b %Y} to {latest:%d %b %Y})"
    )


def export_graph(args: argparse.Namespace) -> int:
    fmt = (args.format or "graphml").strip().lower()
    formats = planner.export_formats()
    if fmt not in formats:
        raise InvalidInput(f"graph export format is one of: {', '.join(formats)}")
    ctx = context(args, write=False)
    text, nodes, edges = planner.export_person_graph(ctx, fmt, include_notes=args.include_notes)
    target = write_output(text, args.output, force=args.force, database=ctx.db_path)
    if target is not None:
        print(f"wrote {nodes} nodes, {edges} edges to {target}")
    return 0
