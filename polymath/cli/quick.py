"""A check-in's arguments read without argparse, which costs a check-in 12 ms of a 30 ms run.

``parse`` understands the plain forms people type (``log 30m "jazz piano" -k read``,
``--note=...``, ``--db PATH`` before or after the command) and returns None for anything else:
help, abbreviations, ``--``, a value that looks like an option, a missing or extra argument.
argparse (``cli.parser``) then reads the same words and answers, help and errors included, so
the two never disagree on what a command line means.
"""

from polymath.cli.spec import APPEND, CHECKIN, COMMON, FLAG, VALUE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from polymath.cli.spec import Option


class Arguments:
    """What argparse's Namespace would hold for the same words: every option's value."""

    command: str

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}" for name, value in sorted(vars(self).items()))
        return f"Arguments({inner})"

    def __eq__(self, other: object) -> bool:
        return vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]


def _options(options: "tuple[Option, ...]") -> "dict[str, Option]":
    return {name: option for option in options for name in option[0]}


def parse(argv: "Sequence[str]") -> Arguments | None:
    """The arguments of a plain check-in, or None: let argparse read these words."""
    if not argv:
        return None
    common = _options(COMMON)
    values: dict[str, object] = {}
    at = 0
    while at < len(argv) and argv[at] in common:  # --db PATH / --json before the command
        at = _take(argv, at, common[argv[at]], values)
        if at < 0:
            return None
    if at >= len(argv) or argv[at] not in CHECKIN:
        return None
    command = argv[at]
    positionals, own = CHECKIN[command]
    known = {**common, **_options(own)}
    for _, dest, action, _ in own:
        values[dest] = [] if action == APPEND else False if action == FLAG else None
    given: list[str] = []
    at += 1
    while at < len(argv):
        word = argv[at]
        if word.startswith("-") and word != "-":
            name, equals, value = word.partition("=")
            option = known.get(name)
            if option is None or (
                equals and (option[2] == FLAG or not name.startswith("--") or value == "--")
            ):
                return None  # --help, an abbreviation, a bundle, --flag=value: argparse's
            if equals:
                _store(values, option, value)
                at += 1
                continue
            at = _take(argv, at, option, values)
            if at < 0:
                return None
        elif word == "-":
            return None
        else:
            given.append(word)
            at += 1
    if len(given) != len(positionals):
        return None
    for (dest, _), word in zip(positionals, given, strict=True):
        values[dest] = word
    values["command"] = command
    return Arguments(**values)


def _take(argv: "Sequence[str]", at: int, option: "Option", values: dict[str, object]) -> int:
    """Store the option at ``argv[at]`` (and its value); the next index, or -1 to give up."""
    if option[2] == FLAG:
        values[option[1]] = True
        return at + 1
    if at + 1 >= len(argv) or argv[at + 1].startswith("-"):
        return -1  # a missing value, or one argparse might read as an option
    _store(values, option, argv[at + 1])
    return at + 2


def _store(values: dict[str, object], option: "Option", value: str) -> None:
    if option[2] == APPEND:
        collected = values.get(option[1])
        values[option[1]] = [*collected, value] if isinstance(collected, list) else [value]
    elif option[2] == VALUE:
        values[option[1]] = value
