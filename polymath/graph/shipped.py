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
"""The populations that ship with Polymath, by the name ``graph use`` takes."""


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
