"""The domain forms: add, rename, merge, record a level, set a weekly goal.

Each writes through the service the command line uses, with its rules and its words; the line
shown afterwards is the command line's, as a sentence, with how to undo it.
"""

from collections.abc import Sequence

from polymath.core.calendar import parse_day
from polymath.core.durations import WEEK_MINUTES, format_minutes, parse_duration
from polymath.core.levels import LEVEL_NAMES, level_name, parse_level
from polymath.core.names import clean_name
from polymath.core.text import clean_note, display
from polymath.services.context import Context
from polymath.tui.dialogs.form import Field, FormDialog, Values
from polymath.tui.text import sentence

UNDO = " u undoes it."
LEVELS = ", ".join(f"{level} {name}" for level, name in LEVEL_NAMES.items())


def said(text: str, *, named_first: bool = False) -> str:
    """The command line's line as the app says it: a sentence, then how to undo it.

    ``named_first``: the line opens with a name, kept as it is written ("iOS: level 2").
    """
    if named_first:
        return text + ("" if text.endswith(".") else ".") + UNDO
    return sentence(text) + UNDO


class AddDomainDialog(FormDialog):
    """``polymath domains add NAME [--area AREA]``: without an area, one is suggested."""

    VERB = "Add"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, title="Add a domain", id="add-domain")

    def fields(self) -> list[Field]:
        return [
            Field("name", "Name", "as you will type it; it must not exist yet", clean_name),
            Field(
                "area",
                "Area",
                "an area's exact name; empty: suggested from the name",
                optional=True,
            ),
        ]

    def perform(self, values: Values) -> str:
        from polymath.services.areas import check_area, suggest_area
        from polymath.services.domains import add_domain

        name: str = values["name"]
        conn = self.ctx.connect()
        try:
            area = (
                check_area(conn, self.ctx.db_path, values["area"])
                if values["area"]
                else suggest_area(conn, self.ctx.db_path, name)
            )
        finally:
            conn.close()
        domain = add_domain(self.ctx, name, area=area)
        mapped = f" (area: {display(domain.area)})" if domain.area else ""
        return said(f"added domain {display(domain.name)}{mapped}")


class RenameDomainDialog(FormDialog):
    """``polymath domains rename OLD NEW``."""

    VERB = "Rename"

    def __init__(self, ctx: Context, name: str) -> None:
        super().__init__(ctx, title=f"Rename {display(name)}", id="rename-domain")
        self.domain = name

    def fields(self) -> list[Field]:
        return [
            Field(
                "new",
                "New name",
                "its sessions, levels and area stay with it",
                clean_name,
                value=self.domain,
            )
        ]

    def perform(self, values: Values) -> str:
        from polymath.services.domains import rename_domain

        new = rename_domain(self.ctx, self.domain, values["new"])
        return said(f"renamed {display(self.domain)} to {display(new)}")


class MergeDomainDialog(FormDialog):
    """``polymath domains merge SOURCE TARGET``: the source's history moves, the source goes."""

    VERB = "Merge"

    def __init__(self, ctx: Context, name: str, names: Sequence[str]) -> None:
        super().__init__(
            ctx,
            title=f"Merge {display(name)}",
            intro=(
                f"Every session, link and level of {display(name)} moves into the domain you "
                f"name, and {display(name)} goes. u undoes it."
            ),
            id="merge-domain",
        )
        self.domain = name
        self.others = [other for other in names if other != name]

    def fields(self) -> list[Field]:
        return [
            Field(
                "into",
                "Into",
                "the domain that keeps them; → takes the suggestion",
                clean_name,
                suggestions=self.others,
            )
        ]

    def perform(self, values: Values) -> str:
        from polymath.services.domains import merge_domains

        target: str = values["into"]
        moved = merge_domains(self.ctx, self.domain, target)
        return said(
            f"merged {display(self.domain)} into {display(target)} ({moved} sessions moved)"
        )


class LevelDialog(FormDialog):
    """``polymath level DOMAIN LEVEL [--note ...] [--on DAY]``."""

    VERB = "Record"

    def __init__(self, ctx: Context, name: str, level: int | None = None) -> None:
        super().__init__(ctx, title=f"Level in {display(name)}", id="level")
        self.domain = name
        self.level = level

    def fields(self) -> list[Field]:
        today = self.ctx.today()
        return [
            Field(
                "level",
                "Level",
                f"1-5 or a name: {LEVELS}",
                parse_level,
                value=str(self.level or ""),
            ),
            Field("note", "Note", "optional: what the level rests on", clean_note, optional=True),
            Field(
                "day",
                "Day",
                "today, yesterday, a weekday or YYYY-MM-DD",
                lambda text: parse_day(text, today),
                value="today",
            ),
        ]

    def perform(self, values: Values) -> str:
        from polymath.services.domains import assess

        level: int = values["level"]
        point = assess(self.ctx, self.domain, level, note=values["note"], on=values["day"])
        return said(
            f"{display(self.domain)}: level {level} ({level_name(level)}) on {point.day}, "
            f"after {point.cumulative_hours:.1f} hours",
            named_first=True,
        )


class GoalDialog(FormDialog):
    """``polymath goal DOMAIN 2h`` (or ``--clear``, here an empty goal)."""

    VERB = "Set"

    def __init__(self, ctx: Context, name: str, minutes: int | None = None) -> None:
        super().__init__(ctx, title=f"Weekly goal for {display(name)}", id="goal")
        self.domain = name
        self.minutes = minutes

    def fields(self) -> list[Field]:
        return [
            Field(
                "goal",
                "Each week",
                "2h, 1h30 or 90 (minutes); empty: no goal",
                lambda text: parse_duration(text, maximum=WEEK_MINUTES),
                value=format_minutes(self.minutes) if self.minutes else "",
                optional=True,
            )
        ]

    def perform(self, values: Values) -> str:
        from polymath.services.goals import set_goal

        minutes: int | None = values["goal"]
        name, before = set_goal(self.ctx, self.domain, minutes)
        was = "" if before is None else f" (was {format_minutes(before)})"
        if minutes is None:
            return said(f"{display(name)}: no weekly goal{was}", named_first=True)
        goal = format_minutes(minutes)
        return said(f"{display(name)}: a weekly goal of {goal}{was}", named_first=True)
