"""Adopt a suggested stack (``polymath stack adopt A B C``).

A stack is three of the person's domains, while a suggestion names population areas, some of
them new. The command line has a domain added for each new area first (``domains add NAME
--area AREA``); here the dialog asks each new domain's name and does both as one change.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from polymath.core.levels import level_name
from polymath.core.names import clean_name
from polymath.core.text import display
from polymath.services.context import Context
from polymath.tui.dialogs.domains import said
from polymath.tui.dialogs.form import Field, FormDialog, Values

if TYPE_CHECKING:
    from polymath.graph.planner import Suggestion


def domain_name_for(area: str) -> str:
    """A new domain's name offered for an area: the area's name, capitalised."""
    return area[:1].upper() + area[1:]


class AdoptDialog(FormDialog):
    """One field per new area (the new domain's name), a choice where several of the person's
    domains share an area; enter adds the new domains and adopts the stack."""

    VERB = "Adopt"
    LABEL_WIDTH = 14

    def __init__(self, ctx: Context, suggestion: "Suggestion", adopted: Sequence[str] = ()) -> None:
        s = suggestion
        lines = [
            f"Keep this stack and follow your progress toward level {s.target_level} "
            f"({level_name(s.target_level)}) in all three:"
        ]
        for area in s.areas:
            owned = s.domains.get(area, ())
            if area in s.new_areas:
                lines.append(f"  + a new domain for {display(area)}")
            else:
                lines.append(f"  {' / '.join(display(d) for d in owned)} ({display(area)})")
        if adopted:
            lines.append(f"It replaces the stack adopted now: {display(' + '.join(adopted))}.")
        new = len(s.new_areas)
        lines.append(
            (
                "Name the new domain below. "
                if new == 1
                else "Name the new domains below. "
                if new
                else ""
            )
            + "u undoes it all."
        )
        super().__init__(ctx, title="Adopt this stack", intro="\n".join(lines), id="adopt")
        self.suggestion = suggestion

    def fields(self) -> list[Field]:
        s = self.suggestion
        fields = []
        for n, area in enumerate(s.areas):
            owned = s.domains.get(area, ())
            if area in s.new_areas:
                fields.append(
                    Field(
                        f"area-{n}",
                        "New domain",
                        f"as you will type it; its area: {display(area)}",
                        clean_name,
                        value=domain_name_for(area),
                    )
                )
            elif len(owned) > 1:
                fields.append(
                    Field(
                        f"area-{n}",
                        "Domain",
                        f"which of yours stands for {display(area)}",
                        choices=[(display(name), name) for name in owned],
                        value=owned[0],
                    )
                )
        return fields

    def perform(self, values: Values) -> str:
        s = self.suggestion
        members: list[str] = []
        new: dict[str, str] = {}
        for n, area in enumerate(s.areas):
            chosen = values.get(f"area-{n}")
            name = str(chosen) if chosen is not None else s.domains[area][0]
            members.append(name)
            if area in s.new_areas:
                new[name] = area
        if not new:
            from polymath.services.planner import adopt_stack

            names = adopt_stack(self.ctx, members, s.target_level)
            return said(f"adopted stack: {display(' + '.join(names))}")
        from polymath.services.app_actions import adopt_with_new_domains

        adopted = adopt_with_new_domains(self.ctx, members, new, s.target_level)
        added = "; ".join(
            f"added domain {display(name)} (area: {display(area)})" for name, area in adopted.added
        )
        return said(f"{added}; adopted stack: {display(' + '.join(adopted.members))}")
