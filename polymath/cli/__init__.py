"""The ``polymath`` command: argparse, with every command's work imported only when it runs.

The check-in commands (log, start, stop, cancel, status) load neither SQLAlchemy nor Textual nor
NetworkX: they are typed many times a day and sit in shell prompts.
"""

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any, NoReturn

from polymath import __version__
from polymath.core.errors import PolymathError

Handler = Callable[[argparse.Namespace], int]


def _columns() -> int:
    """The terminal's width, found as ``shutil.get_terminal_size`` finds it."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's own formatter, minus its ``import shutil`` (with bz2 and lzma: 3 ms a check-in).

    argparse builds a formatter for every option it is given, so each command pays for it.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def _print_message(self, message: str, file: Any = None) -> None:
        """argparse's own, minus swallowing a failed write: a full disk must not pass as done."""
        if message:
            (file or sys.stderr).write(message)


def _lazy(module: str, name: str) -> Handler:
    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        handler: Handler = getattr(import_module(f"polymath.cli.{module}"), name)
        return handler(args)

    return run


def _common() -> "_Parser":
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
    return common


def _session_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--kind", "-k", help="read, reflect or experiment (default: the domain's last kind)"
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
    p.add_argument("--create", action="store_true", help="create unknown domains without asking")


def _log(p: argparse.ArgumentParser) -> None:
    p.add_argument("duration", help="45m, 1h30, 1.5h, 90 (minutes) or PT1H30M")
    p.add_argument("domain", help="the domain learned, e.g. 'jazz piano'")
    _session_options(p)
    p.add_argument("--on", help="the day: today (default), yesterday, mon..sun or YYYY-MM-DD")
    p.add_argument("--at", help="the local time it started, e.g. 07:30")


def _start(p: argparse.ArgumentParser) -> None:
    p.add_argument("domain")
    _session_options(p)


def _stop(p: argparse.ArgumentParser) -> None:
    p.add_argument("--note", "-n", help="a note to add")


def _nothing(p: argparse.ArgumentParser) -> None:
    pass


def _review(p: argparse.ArgumentParser) -> None:
    p.add_argument("--week", default="this", help="this, last, 2026-W47 or a day in the week")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")


def _domains(p: argparse.ArgumentParser) -> None:
    common = _common()
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
    d = dsub.add_parser(
        "map",
        help="map a domain to a population area (without one: offer the best matches)",
        parents=[common],
    )
    d.add_argument("name")
    d.add_argument("area", nargs="?", help="the area's exact name (see polymath graph areas)")
    d.add_argument("--skill", metavar="LABEL|URI", help="an ESCO skill, by any of its labels")
    d.add_argument("--pick", type=int, metavar="N", help="take the N-th match offered")


def _level(p: argparse.ArgumentParser) -> None:
    p.add_argument("domain")
    p.add_argument("level", nargs="?", help="1-5 or a name (competent); omit to show the history")
    p.add_argument("--note", "-n")
    p.add_argument("--on", help="the day of the assessment (default today)")


def _sessions(p: argparse.ArgumentParser) -> None:
    p.add_argument("--week", help="this, last, 2026-W47 or a day (default: the latest 20)")
    p.add_argument("--domain")
    p.add_argument("--limit", type=int, default=20)


def _edit(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int)
    p.add_argument("--duration", "-d")
    p.add_argument("--domain")
    p.add_argument("--kind", "-k")
    p.add_argument("--note", "-n")
    p.add_argument("--on")
    p.add_argument("--at")
    p.add_argument("--with", "-w", dest="with_domains", action="append", metavar="DOMAIN")


def _delete(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int)


def _rest(p: argparse.ArgumentParser) -> None:
    p.add_argument("--week", help="next, this, last, 2026-W52 or a day in it")
    p.add_argument("--note", "-n")
    p.add_argument("--remove", action="store_true", help="cancel the rest week")


def _export(p: argparse.ArgumentParser) -> None:
    p.add_argument("what", choices=["sessions", "graph"])
    p.add_argument(
        "--format",
        "-f",
        help="sessions: json (default) or csv; graph: graphml (default), gexf, json, cytoscape, "
        "dot, mermaid, svg or html",
    )
    p.add_argument(
        "-o", "--output", help="file to write (default, or -: standard output); never the database"
    )
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
    p.add_argument("--include-notes", action="store_true", help="graph: share private notes too")


def _graph(p: argparse.ArgumentParser) -> None:
    common = _common()
    gsub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    g = gsub.add_parser("areas", help="the areas of the population in use", parents=[common])
    g.add_argument("--search", "-s", metavar="TEXT", help="only areas whose name holds TEXT")
    g.add_argument("--page", type=int, default=1, help="which page of 20 (default 1)")
    g.add_argument("--all", action="store_true", help="up to 500 on one page")
    gsub.add_parser("list", help="the populations known", parents=[common])
    g = gsub.add_parser("load", help="add a population from a CSV table", parents=[common])
    g.add_argument("file", help="CSV with unit,domain or unit,domain,weight columns")
    g.add_argument("--name", help="its name (default: the file's stem)")
    g.add_argument(
        "--threshold",
        type=float,
        default=3.0,
        help="with weights: a unit uses a domain at this weight or more",
    )
    g = gsub.add_parser("use", help="plan on another population", parents=[common])
    g.add_argument("name")
    g = gsub.add_parser("pair", help="explain one pair of areas (or domains)", parents=[common])
    g.add_argument("a")
    g.add_argument("b")


def _suggest(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--anchor",
        metavar="DOMAIN",
        help="a domain every suggestion must contain (default: your defining domain: the "
        "adopted stack's members, else the one with most hours in the last 12 weeks)",
    )
    p.add_argument("--free", action="store_true", help="let any of your domains root a stack")
    p.add_argument("--new", type=int, default=1, help="new domains per stack: 1 or 2")
    p.add_argument("--target-level", default="3", help="the level to reach in each (default 3)")
    p.add_argument("--top", type=int, default=10, help="how many stacks (1-100, default 10)")
    _pace_option(p)
    p.add_argument(
        "--explain", action="store_true", help="print how stacks are judged, and the assumptions"
    )


def _pace_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--hours-per-week",
        type=float,
        metavar="H",
        help="the pace to plan at (default: the hours_per_week setting, else your average over "
        "the last 4 weeks, else your weekly target)",
    )


def _stack(p: argparse.ArgumentParser) -> None:
    common = _common()
    ssub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    s = ssub.add_parser("adopt", help="keep a three-domain stack", parents=[common])
    s.add_argument("domains", nargs=3, metavar="DOMAIN")
    s.add_argument("--target-level", default="3", help="the level to reach in each (default 3)")
    _pace_option(p)


def _import(p: argparse.ArgumentParser) -> None:
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
        help="map a Watson project or Timewarrior tag to a domain (repeatable; case and spacing "
        "are ignored; a mapped Timewarrior tag names the domain over any other tag)",
    )
    p.add_argument(
        "--kind-map",
        action="append",
        default=[],
        metavar="TAG=KIND",
        help="map a tag to read, reflect or experiment (repeatable)",
    )
    p.add_argument("--default-kind", default="read", help="kind when no tag names one")


def _sync(p: argparse.ArgumentParser) -> None:
    common = _common()
    p.add_argument(
        "--folder",
        metavar="DIR",
        help="the folder Syncthing, Dropbox or another program carries between your devices "
        "(remembered after the first sync)",
    )
    p.add_argument(
        "--key",
        metavar="WORDS",
        help="join devices that sync already: the 12 words polymath sync key shows on one",
    )
    p.add_argument("--name", help="this device's name on the others (default: the computer's)")
    p.add_argument(
        "--new-device",
        action="store_true",
        help="give a copy of another device's data its own identity",
    )
    ssub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    ssub.add_parser(
        "status", help="this device, the others, what waits to go either way", parents=[common]
    )
    ssub.add_parser("key", help="the key to type on another device", parents=[common])
    ssub.add_parser(
        "conflicts",
        help="records changed apart on two devices, and what was set aside",
        parents=[common],
    )
    r = ssub.add_parser(
        "restore", help="bring back the version a conflict set aside", parents=[common]
    )
    r.add_argument("id", type=int, help="the conflict's number (see polymath sync conflicts)")


def _demo(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--print",
        action="store_true",
        help="print the demo's weekly review instead of opening the app "
        "(the default when the output is not a terminal)",
    )


def _backup(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "target",
        nargs="*",
        metavar="PATH | list | restore NAME",
        help="where to copy the database (default: the backups folder beside it); "
        "'list' shows every backup and whether it can be restored; 'restore NAME' puts one "
        "back, after backing up the current file (write ./list for a file called list)",
    )


Configure = Callable[[argparse.ArgumentParser], None]
COMMANDS: dict[str, tuple[str, str, Configure]] = {
    "log": ("Check in a learning session.", "fast.cmd_log", _log),
    "start": ("Start a timer on a domain.", "fast.cmd_start", _start),
    "stop": ("Stop the timer and log the session.", "fast.cmd_stop", _stop),
    "cancel": ("Discard the running timer.", "fast.cmd_cancel", _nothing),
    "status": (
        "One line for a prompt: today, this week, streak, timer.",
        "fast.cmd_status",
        _nothing,
    ),
    "today": ("Today's sessions and this week so far.", "commands.cmd_today", _nothing),
    "review": ("The weekly review.", "commands.cmd_review", _review),
    "domains": ("List and manage domains.", "commands.cmd_domains", _domains),
    "level": ("Record or show competence (1 novice .. 5 expert).", "commands.cmd_level", _level),
    "sessions": ("List sessions with their ids.", "commands.cmd_sessions", _sessions),
    "edit": ("Change a session.", "commands.cmd_edit", _edit),
    "delete": ("Delete a session (undo brings it back).", "commands.cmd_delete", _delete),
    "undo": ("Revert the last change of any kind.", "commands.cmd_undo", _nothing),
    "rest": ("Plan a rest week (keeps streaks intact), or list them.", "commands.cmd_rest", _rest),
    "export": ("Export sessions (csv, json) or the skill graph.", "commands.cmd_export", _export),
    "graph": ("The population graph: areas, pairs, populations.", "planning.cmd_graph", _graph),
    "suggest": (
        "Suggest atypical but reachable three-domain stacks.",
        "planning.cmd_suggest",
        _suggest,
    ),
    "stack": (
        "Show progress toward the adopted stack, or adopt one.",
        "planning.cmd_stack",
        _stack,
    ),
    "import": ("Import sessions from a file (all-or-nothing).", "commands.cmd_import", _import),
    "backup": (
        "Copy the database safely, list the backups, or restore one.",
        "commands.cmd_backup",
        _backup,
    ),
    "doctor": (
        "Check the database: integrity, schema, paths, counts.",
        "commands.cmd_doctor",
        _nothing,
    ),
    "sync": (
        "Sync this history with your other devices through a shared folder.",
        "sync.cmd_sync",
        _sync,
    ),
    "demo": ("Open the demo persona on a throw-away database.", "commands.cmd_demo", _demo),
    "tui": ("Open the app (what polymath alone does).", "commands.cmd_tui", _nothing),
    "about": ("Version, paths and data attribution.", "commands.cmd_about", _nothing),
}
"""Every command: its help, its handler (module.function, imported when it runs), its options."""


EXIT_STATUSES = (
    "exit status: 0 done; 2 bad input or a problem with the data (one line says which, and "
    "nothing was written); 75 the database is busy with another program: try again; 1 a defect "
    "in Polymath (please report it)"
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's, so a check-in builds no other."""
    common = _common()
    parser = _Parser(
        prog="polymath",
        description="Track deliberate learning across fields (the 5-hour rule) and plan a rare "
        "skill stack.",
        epilog=EXIT_STATUSES,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"polymath {__version__}")
    # An explicit prog spares argparse a help formatter, and with it importing shutil, bz2, lzma.
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, prog=parser.prog
    )
    for name, (help_text, target, configure) in COMMANDS.items():
        if only is not None and name != only:
            continue
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        module, function = target.split(".")
        p.set_defaults(handler=_lazy(module, function))
        configure(p)
    return parser


_TAKES_TEXT = frozenset(
    {"--note", "-n", "--kind", "-k", "--with", "-w", "--on", "--at", "--domain"}
)
"""Options whose value may start with a minus sign without being a duration (``-n "-5 kg"``)."""


def _negative_duration(argv: Sequence[str]) -> str | None:
    """``polymath log -5m x`` would read ``-5m`` as an option; name the real problem instead."""
    if argv and argv[0] in ("log", "edit"):
        for previous, token in pairwise(argv):
            negative = len(token) > 1 and token[0] == "-" and token[1].isdigit()
            if negative and previous not in _TAKES_TEXT:
                return token
    return None


def _flushed(code: int) -> int:
    """Flush standard output now, so a full disk or a closed terminal is one line, not a
    traceback at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"polymath: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return code


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    negative = _negative_duration(argv)
    if negative is not None:
        print(
            f"polymath: duration {negative!r} is not positive: a session lasts at least a minute",
            file=sys.stderr,
        )
        return 2
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version and usage errors print, then exit
        code = done.code if isinstance(done.code, int) else 2
        return _flushed(code)
    except OSError as exc:  # the help could not be written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"polymath: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 2
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        handler = _lazy("commands", "cmd_tui")
    try:
        code = handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not after the exit
        return code
    except PolymathError as exc:
        from polymath.cli.advice import error_line

        print(f"polymath: {error_line(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("polymath: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        from polymath.core.text import display

        if exc.filename is not None:  # a file the person named: they can act on it
            print(f"polymath: {display(str(exc.filename))}: {exc.strerror}", file=sys.stderr)
            return 2
        # writing the output failed (a full disk, a closed terminal): say so once
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"polymath: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        if os.environ.get("POLYMATH_DEBUG"):
            raise
        from polymath.core.text import display

        print(
            f"polymath: unexpected error: {type(exc).__name__}: {display(str(exc))} "
            "(set POLYMATH_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1
