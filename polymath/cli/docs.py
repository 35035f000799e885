"""Shell completion, ``polymath help`` and the man page: all three drawn from the one parser.

Completion scripts are static (shtab writes them from the parser); only a domain name is asked
of the database when the shell completes one, by ``polymath completion --domains``: the names
of the active domains, one a line, and nothing at all when there is no database yet.
"""

import argparse
from typing import TYPE_CHECKING

from polymath.cli.common import context
from polymath.cli.parser import COMMANDS, DOMAIN_NAMES, build_parser
from polymath.core.errors import InvalidInput
from polymath.files import write_stdout

if TYPE_CHECKING:
    from argparse import Namespace

DOMAIN_DESTS = frozenset({"domain", "with_domains", "anchor"})
"""Arguments that name a domain wherever they appear (others are marked in the parser)."""

NAMES_COMMAND = "polymath completion --domains"

BASH_NAMES = f"""
# the person's domain names, quoted for bash, that start with what is typed (any case)
_polymath_domain_names() {{
  local name typed="${{1,,}}"
  while IFS= read -r name; do
    [[ "${{name,,}}" == "$typed"* ]] && printf '%q\\n' "$name"
  done < <({NAMES_COMMAND} 2>/dev/null)
}}
"""
ZSH_NAMES = f"""
# the person's domain names (a colon would end a name for _describe: escape it)
_polymath_domain_names() {{
  local -a names
  names=(${{(f)"$({NAMES_COMMAND} 2>/dev/null)"}})
  names=(${{names//:/\\\\:}})
  _describe 'domain' names
}}
"""
COMPLETE_DOMAIN = {
    "bash": "_polymath_domain_names",
    "zsh": "_polymath_domain_names",
    "fish": f"({NAMES_COMMAND} 2>/dev/null)",
}


def cmd_completion(args: "Namespace") -> int:
    if args.domains:
        _print_domain_names(args)
        return 0
    if args.shell is None:
        raise InvalidInput("name a shell: polymath completion bash, zsh or fish")
    write_stdout(completion_script(args.shell))
    return 0


def completion_script(shell: str) -> str:
    """The completion script for ``shell``: every command, action and option, with its help."""
    import shtab

    parser = build_parser()
    for action in _actions(parser):
        if getattr(action, DOMAIN_NAMES, False) or action.dest in DOMAIN_DESTS:
            action.complete = COMPLETE_DOMAIN  # type: ignore[attr-defined]
    preamble = {"bash": BASH_NAMES, "zsh": ZSH_NAMES}
    script: str = shtab.complete(parser, shell=shell, preamble=preamble)  # type: ignore[arg-type]
    return script if script.endswith("\n") else script + "\n"


def _print_domain_names(args: "Namespace") -> None:
    """The active domains' names, one a line; nothing (and no error) without a database."""
    from polymath.services.checkin import domain_names

    ctx = context(args, write=False)
    if not ctx.db_path.is_file():
        return
    conn = ctx.connect()
    try:
        names = domain_names(conn)
    finally:
        conn.close()
    write_stdout("".join(f"{name}\n" for name in names))


def cmd_help(args: "Namespace") -> int:
    topic: list[str] = args.topic
    if not topic:
        build_parser().print_help()
        return 0
    if topic[0] not in COMMANDS:
        raise InvalidInput(f"no command {topic[0]!r}; polymath help lists them")
    parser = _subparser(build_parser(topic[0]), topic[0])
    for word in topic[1:]:
        found = _subparser(parser, word)
        if found is None:
            raise InvalidInput(f"polymath {' '.join(topic[:1])} has no action {word!r}")
        parser = found
    assert parser is not None
    parser.print_help()
    return 0


def _subparser(parser: argparse.ArgumentParser | None, name: str) -> argparse.ArgumentParser | None:
    if parser is None:
        return None
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            chosen: argparse.ArgumentParser = action.choices[name]
            return chosen
    return None


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every argument of the parser and of its subcommands, depth first."""
    found: list[argparse.Action] = []
    for action in parser._actions:
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(_actions(sub))
    return found
