"""Which populations ship with Polymath, where their files are, and their area names.

Imports neither NumPy nor SciPy: the check-in path suggests and checks a new domain's area from
the names alone (``area_names``), in milliseconds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from polymath.core.errors import ImportFailed, NotFound
from polymath.core.text import display
from polymath.graph.popfile import PopulationFile, is_population_file

SHIPPED_FILES: Mapping[str, str] = MappingProxyType(
    {"onet": "onet_knowledge.pop", "esco": "esco_skills.pop"}
)
"""The files that ship with Polymath, by population name."""
SHIPPED_NAMES = ("esco", "esco-essential", "onet")
"""The populations ``graph use`` can name without loading anything: ESCO (essential or optional
relations), ESCO with essential relations only (same areas, from the same file), O*NET."""
DEFAULT_NAME = "esco"
"""The population a new database plans on."""
LOADED_SUFFIXES = (".pop", ".json")
"""A loaded population lives in ``NAME.pop`` (``NAME.json`` when written by earlier versions)."""


def shipped_path(name: str) -> Path:
    """The file of a shipped population (``onet`` or ``esco``)."""
    try:
        filename = SHIPPED_FILES[name]
    except KeyError:
        known = ", ".join(SHIPPED_FILES)
        raise NotFound(f"no shipped population {display(repr(name))}; known: {known}") from None
    return Path(str(resources.files("polymath.data").joinpath(filename)))


def area_names(path: str | Path) -> list[str]:
    """The area names of a population file (or JSON statistics), without NumPy or SciPy."""
    file = Path(path)
    if not file.is_file():
        raise NotFound(f"population statistics file {display(str(file))} does not exist")
    if is_population_file(file):
        return [str(a) for a in PopulationFile(file).json("areas")]
    try:
        return [str(a) for a in json.loads(file.read_text(encoding="utf-8"))["areas"]]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise ImportFailed(f"{display(file.name)} is not a population file") from None


def shipped_area_names(name: str) -> list[str]:
    """The area names of a shipped population, without NumPy or SciPy."""
    return area_names(shipped_path(name))


def population_file(name: str, loaded_dir: Path | None = None) -> Path:
    """The file a population name stands for: shipped, or loaded into ``loaded_dir``."""
    if name in SHIPPED_NAMES:
        return shipped_path(name.removesuffix("-essential"))
    if loaded_dir is not None:
        for suffix in LOADED_SUFFIXES:
            candidate = loaded_dir / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    known = ", ".join([*SHIPPED_NAMES, *loaded_names(loaded_dir)])
    raise NotFound(f"no population {display(repr(name))}; known: {known}")


def loaded_names(loaded_dir: Path | None) -> list[str]:
    """Names of the populations loaded into ``loaded_dir``, sorted."""
    if loaded_dir is None or not loaded_dir.is_dir():
        return []
    return sorted({p.stem for suffix in LOADED_SUFFIXES for p in loaded_dir.glob(f"*{suffix}")})


def population_area_names(name: str, loaded_dir: Path | None = None) -> list[str]:
    """The area names of any population by name (shipped or loaded), without NumPy or SciPy.

    For the check-in path: a new domain's area is suggested and checked against these.
    """
    return area_names(population_file(name, loaded_dir))
