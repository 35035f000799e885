"""The argparse parser for every command: help, usage errors, and all but the plainest check-ins.

The check-in commands' arguments come from ``cli.spec``, the tables ``cli.quick`` reads too.
"""

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from polymath import __version__
from polymath.cli.spec import APPEND, CHECKIN, COMMON, FLAG, FOLD, METAVARS, Option

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


def lazy(module: str, name: str) -> Handler:
    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        handler: Handler = getattr(import_module(f"polymath.cli.{module}"), name)
        return handler(args)

    return run


def _common() -> "_Parser":
    common = _Parser(add_help=False)
    for option in COMMON:
        _add(common, option, default=argparse.SUPPRESS)
    return common


def _add(p: argparse.ArgumentParser, option: Option, **extra: Any) -> None:
    """One option from ``cli.spec``."""
    names, dest, action, help_text = option
    if action == FLAG:
        p.add_argument(*names, dest=dest, action="store_true", help=help_text, **extra)
        return
    if action == APPEND:
        extra.setdefault("default", [])
    if dest in METAVARS:
        extra["metavar"] = METAVARS[dest]
    p.add_argument(
        *names, dest=dest, action="append" if action == APPEND else "store", help=help_text, **extra
    )


def _checkin(command: str) -> "Configure":
    """The check-in command's arguments, from ``cli.spec``."""

    def configure(p: argparse.ArgumentParser) -> None:
        positionals, options = CHECKIN[command]
        for name, help_text in positionals:
            p.add_argument(name, help=help_text)
        for option in options:
            _add(p, option)

    return configure


def _nothing(p: argparse.ArgumentParser) -> None:
    pass


DOMAIN_NAMES = "domain_names"
"""Marks an argument that names one of the person's domains: shell completion offers them."""


def _domain_arg(p: argparse.ArgumentParser, *flags: str, **options: Any) -> argparse.Action:
    action = p.add_argument(*flags, **options)
    setattr(action, DOMAIN_NAMES, True)
    return action


def _completion(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "shell", nargs="?", choices=["bash", "zsh", "fish"], help="the shell to print it for"
    )
    p.add_argument(
        "--domains",
        action="store_true",
        help="print your domains' names, one a line (what the scripts ask when completing one)",
    )


def _nudge(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", metavar="HH:MM", help="stay quiet before this time of day")
    p.add_argument(
        "--notify",
        action="store_true",
        help="also send a desktop notification when there is something to say (notify-send)",
    )


def _help(p: argparse.ArgumentParser) -> None:
    p.add_argument("topic", nargs="*", metavar="COMMAND", help="a command (and its action)")


def _review(p: argparse.ArgumentParser) -> None:
    p.add_argument("--week", default="this", help="this, last, 2026-W47 or a day in the week")
    p.add_argument(
        "--format",
        choices=["text", "markdown", "json", "html"],
        default="text",
        help="text for the terminal, markdown to paste, json for scripts, html for one "
        "self-contained page to share",
    )
    p.add_argument("-o", "--output", help="write the review to this file (- for the output)")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")


def _domains(p: argparse.ArgumentParser) -> None:
    common = _common()
    p.add_argument("--all", action="store_true", help="include archived domains")
    dsub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    d = dsub.add_parser("add", help="add a domain", parents=[common])
    d.add_argument("name", help="its name, as you will type it")
    d.add_argument("--area", help="the population area it maps to (suggested if omitted)")
    d = dsub.add_parser("rename", help="rename a domain", parents=[common])
    _domain_arg(d, "old", help="the domain's current name")
    d.add_argument("new", help="its new name")
    d = dsub.add_parser("merge", help="merge SOURCE into TARGET", parents=[common])
    _domain_arg(d, "source", help="the domain whose sessions and levels move (it goes)")
    _domain_arg(d, "target", help="the domain that keeps them")
    d = dsub.add_parser("archive", help="archive a domain (history is kept)", parents=[common])
    _domain_arg(d, "name", help="the domain to archive")
    d = dsub.add_parser("restore", help="bring back an archived domain", parents=[common])
    _domain_arg(d, "name", help="the archived domain")
    d = dsub.add_parser(
        "map",
        help="map a domain to a population area (without one: offer the best matches)",
        parents=[common],
    )
    _domain_arg(d, "name", help="the domain to map")
    d.add_argument("area", nargs="?", help="the area's exact name (see polymath graph areas)")
    d.add_argument("--skill", metavar="LABEL|URI", help="an ESCO skill, by any of its labels")
    d.add_argument("--pick", type=int, metavar="N", help="take the N-th match offered")


def _level(p: argparse.ArgumentParser) -> None:
    _domain_arg(p, "domain", help="the domain assessed")
    p.add_argument("level", nargs="?", help="1-5 or a name (competent); omit to show the history")
    p.add_argument("--note", "-n", help="what the level rests on (a line)")
    p.add_argument("--on", help="the day of the assessment (default today)")


def _goal(p: argparse.ArgumentParser) -> None:
    _domain_arg(p, "domain", nargs="?", help="the domain (omit to list every goal)")
    p.add_argument("duration", nargs="?", help="minutes a week: 2h, 90m, 1h30")
    p.add_argument("--clear", action="store_true", help="remove the domain's goal")


def _sessions(p: argparse.ArgumentParser) -> None:
    p.add_argument("--week", help="this, last, 2026-W47 or a day (default: the latest 20)")
    _domain_arg(p, "--domain", help="only this domain's sessions")
    p.add_argument("--limit", type=int, default=20, help="how many of the latest (default 20)")


def _edit(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int, help="the session's number (see polymath sessions)")
    p.add_argument("--duration", "-d", help="its new length: 45m, 1h30, 90")
    _domain_arg(p, "--domain", help="move it to another domain")
    p.add_argument("--kind", "-k", help="read, reflect or experiment")
    p.add_argument("--note", "-n", help='its new note ("" removes it)')
    p.add_argument("--on", help="its new day: yesterday, mon, 2026-11-20")
    p.add_argument("--at", help="its new start time: 07:30")
    _add(p, FOLD)
    _domain_arg(
        p,
        "--with",
        "-w",
        dest="with_domains",
        action="append",
        metavar="DOMAIN",
        help="the domains it integrates, replacing the old ones (repeatable)",
    )


def _delete(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int, help="the session's number (see polymath sessions)")


def _rest(p: argparse.ArgumentParser) -> None:
    p.add_argument("--week", help="next, this, last, 2026-W52 or a day in it")
    p.add_argument("--note", "-n", help="why (a holiday, an exam week)")
    p.add_argument("--remove", action="store_true", help="cancel the rest week")


def _export(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "what", choices=["sessions", "graph"], help="your history, or your skill graph to share"
    )
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
    g.add_argument("name", help="esco, esco-essential, onet or a loaded one (see graph list)")
    g = gsub.add_parser("pair", help="explain one pair of areas (or domains)", parents=[common])
    g.add_argument("a", help="an area, or one of your domains")
    g.add_argument("b", help="another")


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
    _domain_arg(s, "domains", nargs=3, metavar="DOMAIN", help="the stack's three domains")
    s.add_argument("--target-level", default="3", help="the level to reach in each (default 3)")
    _pace_option(p)


def _import(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the file to read; - reads standard input")
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
    "log": ("Check in a learning session.", "fast.cmd_log", _checkin("log")),
    "start": ("Start a timer on a domain.", "fast.cmd_start", _checkin("start")),
    "stop": ("Stop the timer and log the session.", "fast.cmd_stop", _checkin("stop")),
    "cancel": ("Discard the running timer.", "fast.cmd_cancel", _checkin("cancel")),
    "status": (
        "One line for a prompt: today, this week, streak, timer.",
        "fast.cmd_status",
        _checkin("status"),
    ),
    "today": ("Today's sessions and this week so far.", "reads.cmd_today", _nothing),
    "nudge": (
        "Exit 1 with a line when today's learning is missing or a timer was forgotten.",
        "fast.cmd_nudge",
        _nudge,
    ),
    "review": ("The weekly review.", "reads.cmd_review", _review),
    "domains": ("List and manage domains.", "reads.cmd_domains", _domains),
    "level": ("Record or show competence (1 novice .. 5 expert).", "commands.cmd_level", _level),
    "goal": (
        "Give a domain a weekly goal, or list the goals against this week.",
        "commands.cmd_goal",
        _goal,
    ),
    "sessions": ("List sessions with their ids.", "reads.cmd_sessions", _sessions),
    "edit": ("Change a session.", "commands.cmd_edit", _edit),
    "delete": ("Delete a session (undo brings it back).", "commands.cmd_delete", _delete),
    "undo": ("Revert the last change of any kind.", "commands.cmd_undo", _nothing),
    "rest": ("Plan a rest week (keeps streaks intact), or list them.", "commands.cmd_rest", _rest),
    "export": ("Export sessions (csv, json) or the skill graph.", "exports.cmd_export", _export),
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
    "completion": (
        "Print a shell completion script: bash, zsh or fish.",
        "docs.cmd_completion",
        _completion,
    ),
    "help": ("Show the help of a command: polymath help log.", "docs.cmd_help", _help),
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
        p.set_defaults(handler=lazy(module, function))
        configure(p)
    return parser
