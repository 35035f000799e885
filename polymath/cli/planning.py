"""The skill-graph commands: graph, suggest, stack, export graph."""

import argparse
from pathlib import Path

from polymath.cli.common import context, emit, write_output
from polymath.cli.render import table
from polymath.core.errors import ADOPT_STACK, InvalidInput
from polymath.core.levels import level_name, parse_level
from polymath.core.text import display
from polymath.services import planner
from polymath.services.context import Context

AREAS_PER_PAGE = 20


def cmd_graph(args: argparse.Namespace) -> int:
    ctx = context(args, write=args.action in ("load", "use"))
    action = args.action
    if action == "load":
        stats = planner.load_population(
            ctx, Path(args.file), name=args.name or Path(args.file).stem, threshold=args.threshold
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
        return _pair(args, ctx)
    if action == "list":
        names = planner.population_names(ctx)
        current = planner.population_in_use(ctx)
        lines = [f"{'*' if n == current else ' '} {n}" for n in names]
        return emit(args, {"populations": names, "in_use": current}, "\n".join(lines))
    found = planner.search_areas(
        ctx, args.search or "", page=args.page, per_page=AREAS_PER_PAGE if not args.all else 500
    )
    stats_name = planner.population_in_use(ctx)
    rows = [[display(hit.area), str(hit.units)] for hit in found.hits]
    first = found.offset + 1
    shown = f"{first}-{found.offset + len(found.hits)} of {found.total:,}" if found.hits else "none"
    matching = f" matching {args.search!r}" if args.search else ""
    head = f"population {stats_name}: areas {shown}{matching}"
    more = f"\n(more: --page {args.page + 1})" if found.has_more else ""
    return emit(
        args,
        {
            "population": stats_name,
            "total": found.total,
            "page": args.page,
            "areas": [{"area": hit.area, "units": hit.units} for hit in found.hits],
        },
        head + ("\n" + table(rows, ["area", "units"]) if rows else "") + more,
    )


def _pair(args: argparse.Namespace, ctx: Context) -> int:
    found = planner.explain_pair(ctx, args.a, args.b)
    pair, label = found.pair, found.label
    bound = "at most" if label.tail == "lower" else "at least"
    verdict = (
        f"{label.label}: {label.reason} (P = {label.p_value:.3g} against a cutoff of "
        f"{label.cutoff:.3g}; lift {bound} {label.lift_bound:.2f} at {label.confidence:.0%})"
    )
    text = (
        f"{display(pair.a)} + {display(pair.b)} in {found.population} "
        f"({found.n_units:,} {found.unit_label}):\n"
        f"  observed together O = {pair.observed}, expected E = {pair.expected:.1f}\n"
        f"  z = {pair.z:+.2f} ({label.label}), lift = {pair.lift:.2f}\n"
        f"  {verdict}\n"
        f"  P(X <= O) = {found.p_at_most:.3g}, P(X >= O) = {found.p_at_least:.3g}"
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
        "p_at_most": found.p_at_most,
        "p_at_least": found.p_at_least,
        "label": label.to_dict(),
        "population": found.population,
    }
    return emit(args, data, text)


def cmd_suggest(args: argparse.Namespace) -> int:
    ctx = context(args, write=False)
    if args.explain:
        return emit(args, {"rule": planner.explain_rule(ctx)}, planner.explain_rule(ctx))
    if args.free and args.anchor:
        raise InvalidInput("--free and --anchor contradict each other: choose one")
    found = planner.suggest(
        ctx,
        anchor=args.anchor,
        free=args.free,
        new=args.new,
        target_level=parse_level(args.target_level),
        top=args.top,
        hours_per_week=args.hours_per_week,
    )
    plan = found.plan
    lines = []
    for number, (suggestion, examples) in enumerate(
        zip(plan.suggestions, found.examples, strict=True), 1
    ):
        item = f"{number}. {display(suggestion.sentence())}"
        if examples:
            item += f"\n   Occupations that combine them: {display(', '.join(examples))}."
        lines.append(item)
    if not plan.suggestions:
        lines.append(
            "No stack passes the rules: none has a significant, substantial rare pair or bridge "
            "within reach. Try --new 2, another --anchor, or --free."
        )
    notes = [f"Planned at {plan.pace.describe()}; --hours-per-week sets another pace."]
    if found.kept is not None and found.kept.names:
        kept = ", ".join(found.kept.names)
        notes.append(
            f"Every stack keeps {display(kept)} ({found.kept.source}); --anchor DOMAIN keeps "
            "another, --free lets any of your domains root a stack."
        )
    if plan.set_aside_sentence():
        notes.append(plan.set_aside_sentence())
    for left in plan.left_out:
        notes.append(
            f"{display(left.domain)} is left out: its area {display(left.area)} is used by "
            f"{left.units} {'unit' if left.units == 1 else 'units'}, fewer than "
            f"{plan.min_area_units} (map it to a broader one with polymath domains map)."
        )
    if any(s.new_areas for s in plan.suggestions):
        notes.append(
            "To take one up: add each new area as a domain (polymath domains add NAME --area "
            "AREA), then keep the stack with: polymath stack adopt DOMAIN DOMAIN DOMAIN."
        )
    notes.append("polymath suggest --explain says how stacks are judged.")
    text = "\n\n".join(lines) + "\n\n" + "\n".join(notes)
    return emit(args, found.to_dict(), text)


def cmd_stack(args: argparse.Namespace) -> int:
    ctx = context(args, write=args.action == "adopt")
    if args.action == "adopt":
        level = parse_level(args.target_level)
        names = planner.adopt_stack(ctx, args.domains, level)
        return emit(args, {"adopted": names}, f"adopted stack: {' + '.join(names)}")
    progress = planner.stack_progress(ctx, hours_per_week=args.hours_per_week)
    if progress is None:
        raise InvalidInput("no stack adopted yet", fix=ADOPT_STACK)
    rows = [
        [
            display(p.name),
            display(p.area or "-"),
            f"{p.level} {level_name(p.level)}" if p.level else "-",
            f"{p.total_minutes / 60:.1f}",
            f"{p.recent_weekly_minutes:.0f}",
        ]
        for p in progress.profiles
    ]
    text = (
        f"Stack: {display(' + '.join(progress.members))} (target level "
        f"{progress.target_level}, {level_name(progress.target_level)})\n"
        + table(rows, ["domain", "area", "level", "hours", "min/week (4 wk)"])
        + f"\nintegration between them: {progress.integration_minutes / 60:.1f} hours"
        + "\n"
        + _projection_line(progress)
    )
    present = {p.name for p in progress.profiles}
    for member in progress.members:
        if member not in present:
            text += (
                f"\nwarning: {display(member)} is no longer an active domain (renamed, merged "
                "or archived); adopt the stack again"
            )
    return emit(args, progress.to_dict(), text)


def _projection_line(progress: planner.StackProgress) -> str:
    if progress.projected is None:
        return "every member is at the target level already"
    earliest, likely, latest = progress.projected
    return (
        f"projected: {progress.remaining_hours:,.0f} hours to go, "
        f"{progress.feasibility.describe(progress.pace.describe())}: around {likely:%d %b %Y} "
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
