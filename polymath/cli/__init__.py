"""The ``polymath`` command: the check-in commands on a light path, the rest through argparse.

The check-in commands (log, start, stop, cancel, status) load neither argparse nor SQLAlchemy
nor Textual nor NetworkX: they are typed many times a day and sit in shell prompts. A plain
check-in is read by ``cli.quick``; anything else, help and errors included, by ``cli.parser``.
Every command's work is imported only when it runs.
"""

import os
import sys
from itertools import pairwise

from polymath.core.errors import PolymathError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    Handler = Callable[..., int]

_TAKES_TEXT = frozenset(
    {"--note", "-n", "--kind", "-k", "--with", "-w", "--on", "--at", "--domain"}
)
"""Options whose value may start with a minus sign without being a duration (``-n "-5 kg"``)."""


def _negative_duration(argv: "Sequence[str]") -> str | None:
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


def main(argv: "Sequence[str] | None" = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    negative = _negative_duration(argv)
    if negative is not None:
        print(
            f"polymath: duration {negative!r} is not positive: a session lasts at least a minute",
            file=sys.stderr,
        )
        return 2
    from polymath.cli.quick import parse

    quick = parse(argv)
    if quick is not None:
        from polymath.cli import fast

        args: object = quick
        handler: Handler = getattr(fast, f"cmd_{quick.command}")
    else:
        from polymath.cli.parser import COMMANDS, build_parser, lazy

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
        handler = getattr(args, "handler", None) or lazy("commands", "cmd_tui")
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
