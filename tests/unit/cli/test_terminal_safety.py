"""Nothing stored reaches the terminal raw: escape sequences in old data are shown, not obeyed."""

import sqlite3
from pathlib import Path

import pytest

from tests.unit.cli.support import Run

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202egnp"
CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def tainted(cli: Run, db: Path) -> Run:
    """A history whose note and names hold what an older version or a raw edit let in."""
    assert cli("log", "30m", "Jazz piano", "--create", "--on", "mon", "-n", "plain").code == 0
    assert cli("log", "20m", "統計学", "--create", "--on", "mon").code == 0
    assert cli("level", "Jazz piano", "2", "--note", "ok").code == 0
    assert cli("level", "統計学", "1").code == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE learning_session SET note = ?", (HOSTILE,))
        conn.execute("UPDATE assessment SET note = ?", (HOSTILE,))
        conn.execute("UPDATE domain SET name = name || ? WHERE name = 'Jazz piano'", ("\x9b2J",))
    conn.close()
    return cli


@pytest.mark.parametrize(
    "argv",
    [
        ("sessions",),
        ("sessions", "--week", "this"),
        ("today",),
        ("domains",),
        ("domains", "--all"),
        ("level", "統計学"),
        ("stack",),
        ("export", "graph", "--format", "mermaid"),
    ],
)
def test_no_listing_sends_a_control_character_from_stored_text(
    tainted: Run, argv: tuple[str, ...]
) -> None:
    result = tainted(*argv)
    for control in CONTROLS:
        assert control not in result.out, (argv, result.out)
        assert control not in result.err, (argv, result.err)


def test_a_level_history_shows_its_notes_neutralised(tainted: Run) -> None:
    text = tainted("level", "統計学").out
    assert "\u241b]0;pwned\u2407" in text  # visible, not obeyed
    for control in CONTROLS:
        assert control not in text


def test_wide_names_line_up_in_tables(tainted: Run) -> None:
    lines = tainted("sessions").lines
    header, *rows = lines
    from polymath.core.text import cell_width

    started = header.index("started")
    for row in rows:
        assert cell_width(row[: row.index("2026-")]) == started, row
