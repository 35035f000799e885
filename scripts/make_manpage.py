"""Write the man page, ``docs/polymath.1``, from the command line's own parser.

argparse-manpage (the ``dev`` extra) renders it; the date is the current version's release date
in CHANGELOG.md, so the page is the same wherever and whenever it is made. The wheel installs
it as ``share/man/man1/polymath.1`` (pipx links it into its man folder). A test checks that
the committed page is what this script writes.

    python scripts/make_manpage.py [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "polymath.1"


def release_date(version: str) -> str:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    found = re.search(rf"^## \[{re.escape(version)}\] - (\d{{4}}-\d{{2}}-\d{{2}})", changelog, re.M)
    if found is None:
        raise SystemExit(f"CHANGELOG.md has no section for {version}")
    return found.group(1)


def manpage() -> str:
    from argparse_manpage.manpage import Manpage

    from polymath import __version__
    from polymath.cli.parser import build_parser

    data = {
        "project_name": "polymath",
        "version": __version__,
        "date": release_date(__version__),
        "manual_title": "Polymath manual",
        "description": "a learning tracker and skill-stack planner for polymaths",
    }
    return str(Manpage(build_parser(), _data=data))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    args = parser.parse_args()
    page = manpage()
    if args.check:
        stale = not PAGE.is_file() or PAGE.read_text(encoding="utf-8") != page
        print(f"{PAGE.relative_to(ROOT)} is {'stale' if stale else 'current'}")
        return 1 if stale else 0
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)} ({len(page.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
