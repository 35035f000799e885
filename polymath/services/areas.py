"""Which population area a domain maps to: the names in use, and a suggestion for a new domain.

Only the area names are read (plain JSON), not the statistics, so a check-in that creates a
domain can suggest its area without loading NumPy.
"""

import json
from pathlib import Path

from polymath.core.errors import LIST_AREAS, InvalidInput
from polymath.store.checkin import Connection, setting

DEFAULT_FILE = "onet_knowledge.json"
POPULATION_SETTING = "population"


def populations_dir(db_path: Path) -> Path:
    """Populations the user loaded live beside their database, as derived statistics."""
    return db_path.parent / "populations"


def area_names(conn: Connection, db_path: Path) -> list[str]:
    """The areas of the population in use (``polymath graph use``), or of the default one."""
    return names_in(setting(conn, POPULATION_SETTING), db_path)


def names_in(chosen: str | None, db_path: Path) -> list[str]:
    """The areas of the population named ``chosen`` (None: the default one)."""
    try:
        if chosen:
            text = (populations_dir(db_path) / f"{chosen}.json").read_text(encoding="utf-8")
        else:
            from importlib.resources import files

            text = files("polymath.data").joinpath(DEFAULT_FILE).read_text(encoding="utf-8")
        return [str(area) for area in json.loads(text)["areas"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # no population to map to: areas are then neither suggested nor checked


def suggest_area(conn: Connection, db_path: Path, domain_name: str) -> str | None:
    """The area a new domain most likely belongs to, by its name; None when nothing fits."""
    from polymath.graph.areas import suggest_area as by_name

    names = area_names(conn, db_path)
    return by_name(domain_name, names) if names else None


def check_area(conn: Connection, db_path: Path, area: str) -> str:
    """The area's exact name in the population, ignoring case; an unknown one is refused."""
    names = area_names(conn, db_path)
    if not names:
        return area
    by_key = {name.casefold(): name for name in names}
    if area.strip().casefold() not in by_key:
        raise InvalidInput(f"unknown area {area!r}", fix=LIST_AREAS)
    return by_key[area.strip().casefold()]
