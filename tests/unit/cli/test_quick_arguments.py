"""A plain check-in is read without argparse (``cli.quick``); whenever it answers, its answer is
argparse's, and whatever it does not understand it leaves to argparse."""

import argparse
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polymath.cli.parser import build_parser
from polymath.cli.quick import parse
from polymath.cli.spec import CHECKIN, COMMON, FLAG


def argparse_reading(argv: list[str]) -> dict[str, object] | None:
    """What argparse reads in ``argv`` (without the handler it attaches), or None: refused."""
    parser = build_parser(argv[0] if argv and argv[0] in CHECKIN else None)
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            values = vars(parser.parse_args(argv))
    except SystemExit:
        return None
    values.pop("handler", None)
    return values


WORDS = st.sampled_from(
    [
        "log", "start", "stop", "cancel", "status", "30m", "1h30", "jazz piano", "-k", "--kind",
        "read", "-n", "--note", "--note=a=b", "--note=", "-w", "--with", "--with=chess",
        "--create", "--on", "yesterday", "--at", "07:30", "--fold", "--again", "--db", "x.db",
        "--db=y.db", "--json", "-", "--", "-h", "--help", "--cre", "-kread", "--json=1", "",
        "-5", "--unknown", "é", "--kind=-x", "-x",
    ]
)  # fmt: skip


VALUES = st.sampled_from(["30m", "jazz piano", "", "a=b", "-x", "--", "-", "é", "--json", "07:30"])


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A check-in command line much as people type it, with the odd twist."""
    command = draw(st.sampled_from(sorted(CHECKIN)))
    positionals, options = CHECKIN[command]
    chunks = [[draw(VALUES)] for _ in positionals]
    chunks += [[draw(VALUES)] for _ in range(draw(st.integers(0, 1)))]  # an extra word
    for names, _, action, _ in draw(st.lists(st.sampled_from((*options, *COMMON)), max_size=4)):
        name = draw(st.sampled_from(names))
        if action == FLAG:
            chunks.append([name])
        elif name.startswith("--") and draw(st.booleans()):
            chunks.append([f"{name}={draw(VALUES)}"])
        else:
            chunks.append([name, draw(VALUES)])
    forget: bool = draw(st.booleans())
    if chunks and forget:
        chunks.pop(draw(st.integers(0, len(chunks) - 1)))  # a word forgotten
    before = draw(st.lists(st.sampled_from([["--json"], ["--db", "x.db"]]), max_size=1))
    ordered = draw(st.permutations(chunks))
    return [word for chunk in (*before, [command], *ordered) for word in chunk]


@settings(max_examples=800, deadline=None)
@given(st.one_of(command_lines(), st.lists(WORDS, max_size=8)))
def test_quick_reading_is_argparse_reading(argv: list[str]) -> None:
    quick = parse(argv)
    if quick is None:
        return
    expected = argparse_reading(argv)
    assert expected is not None, f"quick read {argv} that argparse refuses"
    assert vars(quick) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "30m", "jazz piano"],
        ["log", "45m", "chess", "-k", "reflect", "-n", "openings", "--create"],
        ["--db", "x.db", "log", "1h", "chess", "--with", "go", "-w", "shogi", "--json"],
        ["log", "30m", "chess", "--note=a=b", "--on", "yesterday", "--at", "07:30", "--fold"],
        ["start", "chess", "--kind=experiment"],
        ["stop", "--at", "21:30", "--on", "mon"],
        ["cancel"],
        ["status", "--json"],
        ["--json", "status", "--db", "y.db"],
    ],
)
def test_everyday_check_ins_are_read_quickly(argv: list[str]) -> None:
    quick = parse(argv)
    assert quick is not None
    assert vars(quick) == argparse_reading(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["log", "--help"],
        ["log", "30m"],
        ["log", "30m", "a", "b"],
        ["log", "30m", "a", "--cre"],
        ["log", "30m", "a", "-kread"],
        ["log", "30m", "a", "--note", "-5 kg"],
        ["log", "30m", "--", "a"],
        ["status", "--json=1"],
        ["review"],
        ["--version"],
    ],
)
def test_anything_unusual_goes_to_argparse(argv: list[str]) -> None:
    assert parse(argv) is None


def test_the_parsers_share_one_definition() -> None:
    """Every option argparse knows for a check-in command is one the quick reader knows."""
    parser = build_parser("log")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    log = sub.choices["log"]
    argparse_names = {name for action in log._actions for name in action.option_strings}
    positionals, options = CHECKIN["log"]
    spec_names = {name for option in options for name in option[0]} | {"--db", "--json"}
    assert argparse_names - {"-h", "--help"} == spec_names
    assert [a.dest for a in log._actions if not a.option_strings] == [p[0] for p in positionals]
