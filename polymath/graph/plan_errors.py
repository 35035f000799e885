"""Why a plan cannot be made, as typed errors that name no command: the edges say what to do."""

from __future__ import annotations

from polymath.core.errors import InvalidInput, NotFound


class UnknownDomain(NotFound):
    """The person has no domain by that name."""

    def __init__(self, domain: str) -> None:
        super().__init__(f"you have no domain called {domain!r}")
        self.domain = domain


class DomainNotLinked(InvalidInput):
    """A domain the plan must keep is linked to no area of the population."""

    def __init__(self, domain: str) -> None:
        super().__init__(f"domain {domain!r} is not linked to an area of the population")
        self.domain = domain


class NoLinkedDomains(InvalidInput):
    """None of the person's domains is linked to a usable area of the population."""

    def __init__(self) -> None:
        super().__init__("none of your domains is linked to an area of the population")


class TooFewLinkedAreas(InvalidInput):
    """A stack with one new area needs two of the person's domains on different areas."""

    def __init__(self) -> None:
        super().__init__(
            "a stack with one new area needs two of your domains linked to different areas"
        )


class PopulationTooSmall(InvalidInput):
    """Too few units to tell a rare pair from chance."""

    def __init__(self, name: str, units: int, minimum: int) -> None:
        super().__init__(
            f"population {name!r} has {units} units; at least {minimum} are needed to tell "
            "rare pairs from chance"
        )
        self.name = name
        self.units = units
        self.minimum = minimum


class AreaTooSparse(InvalidInput):
    """A kept domain's area is used by too few units (or by all) to be judged."""

    def __init__(self, domain: str, area: str, units: int, minimum: int) -> None:
        super().__init__(
            f"{domain!r} is linked to {area!r}, which {units} units use; pairs need an area "
            f"that at least {minimum} units use and some do not"
        )
        self.domain = domain
        self.area = area
        self.units = units
        self.minimum = minimum
