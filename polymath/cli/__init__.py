"""The ``polymath`` command: argparse, with every command's work imported only when it runs.

The check-in commands (log, start, stop, cancel, status) load neither SQLAlchemy nor Textual nor
NetworkX: they are typed many times a day and sit in shell prompts.
"""

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from polymath import __version__
from polymath.core.errors import PolymathError

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _lazy(module: str, name: str) -> Handler:
    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        handler: Handler = getattr(import_module(f"polymath.cli.{module}"), name)
        return handler(args)

    return run


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="database file (default: $POLYMATH_DB, then the user data folder)",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON for scripts"
    )
    parser = _Parser(
        prog="polymath",
        description="Track deliberate learning across fields (the 5-hour rule) and plan a rare "
        "skill stack.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"polymath {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, help_text: str, handler: Handler, **kw: object
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common], **kw)  # type: ignore[arg-type]
        p.set_defaults(handler=handler)
        return p

    def session_options(p: argparse.ArgumentParser, *, kind_required: bool = False) -> None:
        p.add_argument(
            "--kind",
            "-k",
            required=kind_required,
            help="read, reflect or experiment (default: the domain's last kind)",
        )
        p.add_argument("--note", "-n", help="a short note")
        p.add_argument(
            "--with",
            "-w",
            dest="with_domains",
            action="append",
            default=[],
            metavar="DOMAIN",
            help="another domain this session integrates (repeatable)",
        )
        p.add_argument(
            "--create", action="store_true", help="create unknown domains without asking"
        )

    p = command("log", "Check in a learning session.", _lazy("fast", "cmd_log"))
    p.add_argument("duration", help="45m, 1h30, 1.5h, 90 (minutes) or PT1H30M")
    p.add_argument("domain", help="the domain learned, e.g. 'jazz piano'")
    session_options(p)
    p.add_argument("--on", help="the day: today (default), yesterday, mon..sun or YYYY-MM-DD")
    p.add_argument("--at", help="the local time it started, e.g. 07:30")

    p = command("start", "Start a timer on a domain.", _lazy("fast", "cmd_start"))
    p.add_argument("domain")
    session_options(p)
    p = command("stop", "Stop the timer and log the session.", _lazy("fast", "cmd_stop"))
    p.add_argument("--note", "-n", help="a note to add")
    command("cancel", "Discard the running timer.", _lazy("fast", "cmd_cancel"))
    command(
        "status",
        "One line for a prompt: today, this week, streak, timer.",
        _lazy("fast", "cmd_status"),
    )

    command("today", "Today's sessions and this week so far.", _lazy("commands", "cmd_today"))
    p = command("review", "The weekly review.", _lazy("commands", "cmd_review"))
    p.add_argument("--week", default="this", help="this, last, 2026-W47 or a day in the week")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")

    p = command("domains", "List and manage domains.", _lazy("commands", "cmd_domains"))
    p.add_argument("--all", action="store_true", help="include archived domains")
    dsub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    d = dsub.add_parser("add", help="add a domain", parents=[common])
    d.add_argument("name")
    d.add_argument("--area", help="the population area it maps to (suggested if omitted)")
    d = dsub.add_parser("rename", help="rename a domain", parents=[common])
    d.add_argument("old")
    d.add_argument("new")
    d = dsub.add_parser("merge", help="merge SOURCE into TARGET", parents=[common])
    d.add_argument("source")
    d.add_argument("target")
    d = dsub.add_parser("archive", help="archive a domain (history is kept)", parents=[common])
    d.add_argument("name")
    d = dsub.add_parser("restore", help="bring back an archived domain", parents=[common])
    d.add_argument("name")
    d = dsub.add_parser("map", help="map a domain to a population area", parents=[common])
    d.add_argument("name")
    d.add_argument("area")

    p = command(
        "level", "Record or show competence (1 novice .. 5 expert).", _lazy("commands", "cmd_level")
    )
    p.add_argument("domain")
    p.add_argument("level", nargs="?", help="1-5 or a name (competent); omit to show the history")
    p.add_argument("--note", "-n")
    p.add_argument("--on", help="the day of the assessment (default today)")

    p = command("sessions", "List sessions with their ids.", _lazy("commands", "cmd_sessions"))
    p.add_argument("--week", help="this, last, 2026-W47 or a day (default: the latest 20)")
    p.add_argument("--domain")
    p.add_argument("--limit", type=int, default=20)

    p = command("edit", "Change a session.", _lazy("commands", "cmd_edit"))
    p.add_argument("id", type=int)
    p.add_argument("--duration", "-d")
    p.add_argument("--domain")
    p.add_argument("--kind", "-k")
    p.add_argument("--note", "-n")
    p.add_argument("--on")
    p.add_argument("--at")
    p.add_argument("--with", "-w", dest="with_domains", action="append", metavar="DOMAIN")
    p = command(
        "delete", "Delete a session (undo brings it back).", _lazy("commands", "cmd_delete")
    )
    p.add_argument("id", type=int)
    command("undo", "Revert the last change of any kind.", _lazy("commands", "cmd_undo"))

    p = command(
        "rest",
        "Plan a rest week (keeps streaks intact), or list them.",
        _lazy("commands", "cmd_rest"),
    )
    p.add_argument("--week", help="next, this, last, 2026-W52 or a day in it")
    p.add_argument("--note", "-n")
    p.add_argument("--remove", action="store_true", help="cancel the rest week")

    p = command("export", "Export sessions (csv, json).", _lazy("commands", "cmd_export"))
    p.add_argument("what", choices=["sessions"])
    p.add_argument("--format", "-f", choices=["csv", "json"], default="json")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")

    p = command(
        "import", "Import sessions from a file (all-or-nothing).", _lazy("commands", "cmd_import")
    )
    p.add_argument("file")
    p.add_argument(
        "--from",
        dest="fmt",
        choices=["csv", "json", "watson", "timewarrior"],
        help="the file's format (guessed if omitted)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="NAME=DOMAIN",
        help="map a Watson project or Timewarrior tag to a domain (repeatable)",
    )
    p.add_argument(
        "--kind-map",
        action="append",
        default=[],
        metavar="TAG=KIND",
        help="map a tag to read, reflect or experiment (repeatable)",
    )
    p.add_argument("--default-kind", default="read", help="kind when no tag names one")

    p = command("backup", "Copy the database safely.", _lazy("commands", "cmd_backup"))
    p.add_argument("path", nargs="?")
    command(
        "doctor",
        "Check the database: integrity, schema, paths, counts.",
        _lazy("commands", "cmd_doctor"),
    )
    command(
        "demo", "Show the demo persona on a throw-away database.", _lazy("commands", "cmd_demo")
    )
    command("about", "Version, paths and data attribution.", _lazy("commands", "cmd_about"))
    return parser


def _negative_duration(argv: Sequence[str]) -> str | None:
    """``polymath log -5m x`` would read ``-5m`` as an option; name the real problem instead."""
    if argv and argv[0] in ("log", "edit"):
        for token in argv[1:]:
            if len(token) > 1 and token[0] == "-" and token[1].isdigit():
                return token
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    negative = _negative_duration(argv)
    if negative is not None:
        print(
            f"polymath: duration {negative!r} is not positive: a session lasts at least a minute",
            file=sys.stderr,
        )
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        handler = _lazy("fast", "cmd_status")
    try:
        return handler(args)
    except PolymathError as exc:
        print(f"polymath: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("polymath: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        if os.environ.get("POLYMATH_DEBUG"):
            raise
        print(
            f"polymath: unexpected error: {type(exc).__name__}: {exc} "
            "(set POLYMATH_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1
