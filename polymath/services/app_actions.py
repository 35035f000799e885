"""Use-cases the app does in one step where the command line takes several.

Adopting a suggested stack that adds a new area: the command line adds a domain for the area
(``domains add NAME --area AREA``), then adopts (``stack adopt``). The app offers both at once,
as one change, so one undo takes back the new domains with the stack.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from polymath.core.errors import InvalidInput
from polymath.core.text import clean_name
from polymath.services.context import Context
from polymath.services.domains import require_domain
from polymath.services.review import STACK_SETTING
from polymath.store import queries
from polymath.store.engine import writing


@dataclass(frozen=True, slots=True)
class Adopted:
    """The stack kept, and the domains added for its new areas (name, area)."""

    members: tuple[str, ...]
    added: tuple[tuple[str, str], ...]


def adopt_with_new_domains(
    ctx: Context, members: Sequence[str], new_domains: Mapping[str, str], target_level: int
) -> Adopted:
    """Add a domain for each new area (``new_domains``: name -> area, each name one of
    ``members``), then adopt the three ``members``: one change, refused whole as the command
    line refuses each step (a name that exists already, a stack of fewer than three domains)."""
    if len(members) != 3:
        raise InvalidInput("a stack has three domains")
    if not 2 <= target_level <= 5:
        raise InvalidInput(f"the target level is 2 to 5, not {target_level}")
    new = {clean_name(name): area for name, area in new_domains.items()}
    label = " + ".join(clean_name(m) for m in members)
    with writing(ctx.engine, f"adopt stack {label}") as session:
        added = []
        for name, area in new.items():
            existing = queries.get_domain(session=session, name=name)
            if existing is not None:
                raise InvalidInput(f"domain {existing.name!r} already exists")
            domain = queries.add_domain(session=session, name=name, area=area)
            added.append((domain.name, area))
        names = [require_domain(session, member).name for member in members]
        if len({n.casefold() for n in names}) != 3:
            raise InvalidInput("a stack has three different domains")
        value = json.dumps({"members": names, "target_level": target_level})
        queries.set_setting(session=session, key=STACK_SETTING, value=value)
    return Adopted(tuple(names), tuple(added))
