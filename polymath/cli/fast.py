"""The check-in commands: log, start, stop, cancel, status (sqlite3 only, no heavy imports)."""

from datetime import date, datetime, time

from polymath.cli.common import confirm, context, emit
from polymath.core.calendar import parse_clock, parse_day, repeated_time
from polymath.core.durations import format_minutes, parse_duration
from polymath.core.errors import InvalidInput
from polymath.reports.checkin import logged_line
from polymath.services import checkin

TYPE_CHECKING = False
if TYPE_CHECKING:
    from argparse import Namespace


def _logged_dict(logged: checkin.Logged) -> dict[str, object]:
    return {
        "id": logged.session_id,
        "domain": logged.domain,
        "minutes": logged.minutes,
        "kind": logged.kind,
        "started_at": logged.started_at.isoformat(),
        "with": list(logged.with_domains),
        "created_domains": list(logged.created_domains),
        "overlaps": [
            {
                "id": o.session_id,
                "domain": o.domain,
                "started_at": o.started_at.astimezone(logged.started_at.tzinfo).isoformat(),
                "minutes": o.minutes,
                "shared_minutes": o.shared_minutes,
            }
            for o in logged.overlaps
        ],
    }


def repeated_time_note(day: date, at: time, start: datetime, *, fold: bool) -> str | None:
    """Which of the two times the clocks showed ``at`` was taken, and how to take the other."""
    if start.tzinfo is None or not repeated_time(day, at, start.tzinfo):
        return None
    which, other = (
        ("second", "without --fold, the first") if fold else ("first", "--fold takes the second")
    )
    offset = start.isoformat()[-6:]
    return (
        f"note: the clocks showed {at:%H:%M} twice on {day:%a %d %b} (they went back): "
        f"this is the {which}, at {offset}; {other}"
    )


def cmd_log(args: "Namespace") -> int:
    ctx = context(args)
    now = ctx.now()
    minutes = parse_duration(args.duration)
    day = parse_day(args.on, now.date()) if args.on else None
    at = parse_clock(args.at) if args.at else None
    if args.fold and at is None:
        raise InvalidInput("--fold chooses between two times the clocks showed: give one with --at")
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
            fold=int(args.fold),
            with_domains=args.with_domains,
            create=args.create,
            confirm=confirm,
            again=args.again,
        )
        line = logged_line(logged)
        summary = checkin.status(conn, ctx.settings, now)
    finally:
        conn.close()
    note = (
        repeated_time_note(day or now.date(), at, logged.started_at, fold=args.fold) if at else None
    )
    return emit(
        args,
        {"logged": _logged_dict(logged), "status": summary.to_dict()},
        "\n".join(text for text in (line, note, summary.line()) if text),
    )


def cmd_start(args: "Namespace") -> int:
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


def cmd_stop(args: "Namespace") -> int:
    ctx = context(args)
    now = ctx.now()
    at = parse_clock(args.at) if args.at else None
    day = parse_day(args.on, now.date()) if args.on else None
    if day is not None and at is None:
        raise InvalidInput("--on says which day you stopped: give the time too, with --at")
    conn = ctx.connect()
    try:
        logged = checkin.stop_timer(conn, now=now, note=args.note, at=at, day=day)
    finally:
        conn.close()
    return emit(args, {"logged": _logged_dict(logged)}, logged_line(logged))


def cmd_cancel(args: "Namespace") -> int:
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


def cmd_status(args: "Namespace") -> int:
    ctx = context(args, write=False)
    now = ctx.now()
    conn = ctx.connect()
    try:
        summary = checkin.status(conn, ctx.settings, now)
    finally:
        conn.close()
    return emit(args, summary.to_dict(), summary.line())


def cmd_nudge(args: "Namespace") -> int:
    """One line, and exit 1 when today's learning is still missing or a timer was forgotten:
    for cron, a systemd user timer or a shell prompt."""
    ctx = context(args, write=False)
    now = ctx.now()
    if args.by is not None and now.time() < parse_clock(args.by):
        return 0  # quiet until then
    conn = ctx.connect()
    try:
        found = checkin.nudge(conn, ctx.settings, now)
    finally:
        conn.close()
    line = found.line(ctx.settings.targets.weekday_minutes)
    emit(args, found.to_dict(), line)
    if found.due and args.notify:
        _notify(line)
    return 1 if found.due else 0


def _notify(line: str) -> None:
    """A desktop notification where one can be sent (notify-send); silently none elsewhere."""
    import shutil
    import subprocess
    from contextlib import suppress

    program = shutil.which("notify-send")
    if program is None:
        return
    # no notification server: the line was printed all the same
    with suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            [program, "--app-name=polymath", "Polymath", line],
            check=False,
            capture_output=True,
            timeout=5,
        )
