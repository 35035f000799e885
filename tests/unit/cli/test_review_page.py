"""``review --format html``: one self-contained page, to standard output or to a file that is
replaced only with ``--force`` (the clock: Wed 25 Nov 2026 20:00, week 2026-W48)."""

from pathlib import Path

import pytest

from polymath.cli import main
from tests.conftest import DEMO_FILE, FixedClock
from tests.unit.cli.support import Run, assert_one_line_error, snapshot


@pytest.fixture
def week(cli: Run) -> Run:
    for step in [
        ("log", "1h", "Jazz piano", "--create", "--on", "mon", "-k", "experiment"),
        ("log", "45m", "Statistics", "--create", "--on", "2026-11-17", "-k", "read"),
    ]:
        assert cli(*step).code == 0, step
    return cli


def test_the_page_is_written_to_a_file_and_replaced_only_with_force(
    week: Run, tmp_path: Path
) -> None:
    target = tmp_path / "week.html"
    result = week("review", "--format", "html", "-o", str(target))
    assert result.code == 0, result
    assert result.out == f"wrote the review of 2026-W48 to {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n") and page.endswith("</html>\n")
    assert "<h1>Week 2026-W48</h1>" in page and "1h of 5h" in page
    written = target.read_bytes()

    week("log", "30m", "Jazz piano")
    line = assert_one_line_error(week("review", "--format", "html", "-o", str(target)))
    assert line == f"polymath: {target} already exists; add --force to replace it"
    assert target.read_bytes() == written

    result = week("review", "--format", "html", "-o", str(target), "--force")
    assert result.code == 0, result
    assert "1h30 of 5h" in target.read_text(encoding="utf-8")


def test_without_a_file_the_page_goes_to_standard_output(week: Run) -> None:
    result = week("review", "--week", "last", "--format", "html")
    assert result.code == 0, result
    assert result.err == ""
    assert result.out.startswith("<!DOCTYPE html>\n") and result.out.endswith("</html>\n")
    assert "<h1>Week 2026-W47</h1>" in result.out and "45m of 5h" in result.out
    assert (
        week("review", "--format", "html", "-o", "-").out == week("review", "--format", "html").out
    )


def test_the_page_never_replaces_the_database(week: Run, db: Path) -> None:
    before = snapshot(db)
    line = assert_one_line_error(week("review", "--format", "html", "-o", str(db), "--force"))
    assert line == f"polymath: {db} is your database or one of its backups; choose another file"
    assert snapshot(db) == before


def test_the_page_shows_the_adopted_stack(
    db: Path, capsys: pytest.CaptureFixture[str], demo_clock: FixedClock
) -> None:
    assert main(["import", str(DEMO_FILE)]) == 0
    assert main(["stack", "adopt", "Spanish", "Jazz piano", "UX design"]) == 0
    capsys.readouterr()
    assert main(["review", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert '<section id="stack"' in page
    assert (
        "Adopted stack: <bdi>Spanish</bdi> + <bdi>Jazz piano</bdi> + <bdi>UX design</bdi>" in page
    )
