"""Which population area a domain maps to: the names in use, and a suggestion for a new domain.

Only the area names are read (no NumPy), so a check-in that creates a domain can map it at
once: on ESCO by matching the name against every skill's labels (``graph.skill_match``), on
O*NET by its keyword table (``graph.areas``).
"""

from pathlib import Path

from polymath.core.errors import LIST_AREAS, InvalidInput, PolymathError
from polymath.store.checkin import Connection, setting

POPULATION_SETTING = "population"


def populations_dir(db_path: Path) -> Path:
    """Populations the user loaded live beside their database, as derived statistics."""
    return db_path.parent / "populations"


def chosen_population(conn: Connection) -> str:
    """The population this database plans on (``graph use``); ESCO unless another was chosen."""
    from polymath.graph.shipped import DEFAULT_NAME

    return setting(conn, POPULATION_SETTING) or DEFAULT_NAME


def area_names(conn: Connection, db_path: Path) -> list[str]:
    """The areas of the population in use (``polymath graph use``), or of the default one."""
    return names_in(chosen_population(conn), db_path)


def names_in(chosen: str | None, db_path: Path) -> list[str]:
    """The areas of the population named ``chosen`` (None: the default one)."""
    from polymath.graph.shipped import DEFAULT_NAME, population_area_names

    try:
        return population_area_names(chosen or DEFAULT_NAME, populations_dir(db_path))
    except (OSError, PolymathError):
        return []  # no population to map to: areas are then neither suggested nor checked


def is_skill_population(name: str | None) -> bool:
    """ESCO (any variant): domains map onto its skills by their labels."""
    from polymath.graph.shipped import DEFAULT_NAME

    return (name or DEFAULT_NAME).startswith("esco")


def suggest_area(conn: Connection, db_path: Path, domain_name: str) -> str | None:
    """The area a new domain most likely belongs to, by its name; None when nothing fits."""
    return suggest_in(chosen_population(conn), db_path, domain_name)


def suggest_in(population: str | None, db_path: Path, domain_name: str) -> str | None:
    """``suggest_area`` for a population named directly."""
    if is_skill_population(population):
        from polymath.graph.skill_match import automatic_match

        # Only a match the name's own words carry: "chess" gets no area rather than "CSS".
        found = automatic_match(domain_name)
        return found.area if found else None
    from polymath.graph.areas import suggest_area as by_name

    names = names_in(population, db_path)
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
