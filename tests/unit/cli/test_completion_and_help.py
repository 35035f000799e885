"""Shell completion, `polymath help` and the man page, drawn from the one parser, used for real:
the scripts are loaded by bash, zsh and fish, the page is rendered by groff."""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from polymath.cli.parser import build_parser
from tests.unit.cli.support import Run

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
"""Where the installed ``polymath`` command is (the scripts call it for domain names)."""


def every_action(parser: argparse.ArgumentParser, path: str = "polymath") -> list[tuple[str, str]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                found.append((f"{path} {name}", helps.get(name) or ""))
                found.extend(every_action(sub, f"{path} {name}"))
        elif not isinstance(action, argparse._HelpAction | argparse._VersionAction):
            name = "/".join(action.option_strings) or action.dest
            found.append((f"{path} {name}", action.help or ""))
    return found


def test_every_command_action_and_option_has_a_line_of_help() -> None:
    missing = [name for name, text in every_action(build_parser()) if not text]
    assert missing == []


@pytest.fixture
def shell_env(cli: Run, db: Path, tmp_path: Path) -> dict[str, str]:
    """A database with names a shell must quote, and the environment a shell finds it in."""
    for name in ("Jazz piano", "Spanish", "C: the language", "Rock 'n' roll"):
        assert cli("domains", "add", name, "--area", "").code in (0, 2)
    listed = cli("completion", "--domains")
    assert listed.code == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLYMATH_")}
    return {**env, "POLYMATH_DB": str(db), "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}"}


def script(shell: str, tmp_path: Path) -> Path:
    path = tmp_path / f"polymath.{shell}"
    done = subprocess.run(
        [sys.executable, "-m", "polymath", "completion", shell],
        capture_output=True,
        text=True,
        check=True,
    )
    path.write_text(done.stdout, encoding="utf-8")
    return path


def test_domain_names_are_listed_one_a_line_and_nothing_without_a_database(
    cli: Run, db: Path
) -> None:
    assert cli("completion", "--domains").out == ""
    cli("domains", "add", "Spanish", "--area", "")
    cli("domains", "add", "bayesian statistics", "--area", "")
    assert cli("completion", "--domains").out == "bayesian statistics\nSpanish\n"


def bash_complete(path: Path, env: dict[str, str], *words: str) -> list[str]:
    program = (
        f"source {path}\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n'
        'COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()\n'
        '_shtab_polymath; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "-c", program, "bash", *words], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_commands_options_choices_and_quoted_domain_names(
    shell_env: dict[str, str], tmp_path: Path
) -> None:
    path = script("bash", tmp_path)
    assert bash_complete(path, shell_env, "polymath", "re") == ["review", "rest"]
    assert bash_complete(path, shell_env, "polymath", "log", "30m", "ja") == ["Jazz\\ piano"]
    assert bash_complete(path, shell_env, "polymath", "log", "30m", "x", "--wi") == ["--with"]
    assert "Rock\\ \\'n\\'\\ roll" in bash_complete(path, shell_env, "polymath", "level", "r")
    assert bash_complete(path, shell_env, "polymath", "review", "--format", "h") == ["html"]
    assert bash_complete(path, shell_env, "polymath", "domains", "map", "sp") == ["Spanish"]


def test_fish_completes_with_descriptions_and_whole_domain_names(
    shell_env: dict[str, str], tmp_path: Path
) -> None:
    path = script("fish", tmp_path)

    def complete(line: str) -> list[str]:
        done = subprocess.run(
            ["fish", "--no-config", "-c", f"source {path}; complete -C {line!r}"],
            env=shell_env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    assert complete("polymath rev") == ["review\tThe weekly review."]
    names = [line.split("\t")[0] for line in complete("polymath suggest --anchor ")]
    assert {"Jazz piano", "C: the language", "Rock 'n' roll"} <= set(names)


def test_zsh_loads_the_script_and_its_domain_names_function(
    shell_env: dict[str, str], tmp_path: Path
) -> None:
    path = script("zsh", tmp_path)
    program = (
        f"autoload -U compinit && compinit -u -D; source {path}; "
        "whence -w _shtab_polymath _polymath_domain_names"
    )
    done = subprocess.run(
        ["zsh", "-f", "-c", program], env=shell_env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "_shtab_polymath:",
        "function",
        "_polymath_domain_names:",
        "function",
    ]


def test_help_command_prints_the_commands_own_help(cli: Run) -> None:
    assert cli("help", "log").out == cli("log", "--help").out
    assert cli("help", "domains", "map").out == cli("domains", "map", "--help").out
    assert "COMMAND" in cli("help").out
    unknown = cli("help", "lgo")
    assert (unknown.code, unknown.out) == (2, "")
    assert unknown.err.count("\n") == 1
    assert cli("help", "domains", "nope").code == 2


def test_the_shipped_man_page_is_the_parsers_and_renders_cleanly() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from make_manpage import PAGE, manpage
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert PAGE.read_text(encoding="utf-8") == manpage(), "run scripts/make_manpage.py"
    done = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", str(PAGE)], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stderr == ""
    shown = re.sub(".\x08", "", done.stdout)  # the terminal's bold and underline, as overstrikes
    for command in ("log", "review", "sync", "completion", "help"):
        assert f"polymath {command}" in shown
