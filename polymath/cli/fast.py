"""The check-in commands: log, start, stop, cancel, status (sqlite3 only, no heavy imports)."""

import argparse

from polymath.cli.common import confirm, context, emit
from polymath.core.calendar import parse_clock, parse_day
from polymath.core.durations import format_minutes, parse_duration
from polymath.reports.checkin import logged_line
from polymath.services import checkin


def _logged_dict(logged: checkin.Logged) -> dict[str, object]:
    return {
        "id": logged.session_id,
        "domain": logged.domain,
        "minutes": logged.minutes,
        "kind": logged.kind,
        "started_at": logged.started_at.isoformat(),
        "with": list(logged.with_domains),
        "created_domains": list(logged.created_domains),
    }


def cmd_log(args: argparse.Namespace) -> int:
    ctx = context(args)
    now = ctx.now()
    minutes = parse_duration(args.duration)
    day = parse_day(args.on, now.date()) if args.on else None
    at = parse_clock(args.at) if args.at else None
    conn = ctx.connect()
    try:
        logged = checkin.log_session(
            conn,
            now=now,
            minutes=minutes,
            domain=args.domain,
            kind=args.kind,
            note=args.note,
            day=day,
            at=at,
            with_domains=args.with_domains,
            create=args.create,
            confirm=confirm,
        )
        line = logged_line(logged)
        summary = checkin.status(conn, ctx.settings, now)
    finally:
        conn.close()
    return emit(
        args,
        {"logged": _logged_dict(logged), "status": summary.to_dict()},
        f"{line}\n{summary.line()}",
    )


def cmd_start(args: argparse.Namespace) -> int:
    ctx = context(args)
    now = ctx.now()
    conn = ctx.connect()
    try:
        timer = checkin.start_timer(
            conn,
            now=now,
            domain=args.domain,
            kind=args.kind,
            note=args.note,
            with_domains=args.with_domains,
            create=args.create,
            confirm=confirm,
        )
    finally:
        conn.close()
    data = {"domain": timer.domain, "kind": timer.kind, "started_at": timer.started_at.isoformat()}
    return emit(args, data, f"timer started: {timer.kind} in {timer.domain} at {now:%H:%M}")


def cmd_stop(args: argparse.Namespace) -> int:
    ctx = context(args)
    conn = ctx.connect()
    try:
        logged = checkin.stop_timer(conn, now=ctx.now(), note=args.note)
    finally:
        conn.close()
    return emit(args, {"logged": _logged_dict(logged)}, logged_line(logged))


def cmd_cancel(args: argparse.Namespace) -> int:
    ctx = context(args)
    conn = ctx.connect()
    try:
        timer = checkin.cancel_timer(conn)
    finally:
        conn.close()
    elapsed = format_minutes(timer.elapsed_minutes(ctx.now()))
    return emit(
        args,
        {"cancelled": timer.domain, "elapsed_minutes": elapsed},
        f"timer on {timer.domain} cancelled after {elapsed}; nothing logged",
    )


def cmd_status(args: argparse.Namespace) -> int:
    ctx = context(args, write=False)
    now = ctx.now()
    conn = ctx.connect()
    try:
        summary = checkin.status(conn, ctx.settings, now)
    finally:
        conn.close()
    return emit(args, summary.to_dict(), summary.line())
