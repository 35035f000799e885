"""Map a domain to a population area: type an area's name (or an ESCO skill's label or URI), or
pick one of the matches offered, as ``polymath domains map`` offers them."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from polymath.core.errors import InvalidInput, NotFound, PolymathError
from polymath.core.text import display
from polymath.services.context import Context
from polymath.tui.dialogs.domains import said
from polymath.tui.dialogs.form import Field, FormDialog, Values

if TYPE_CHECKING:
    from polymath.services.domains import AreaCandidate

MATCHES = 6
MUTED = "$foreground-muted"


class MapAreaDialog(FormDialog):
    """Enter in the field maps to what is typed; enter on a match maps to that match."""

    VERB = "Map"
    BINDINGS: ClassVar[list[BindingType]] = [
        *FormDialog.BINDINGS,
        Binding("down", "focus_matches", "Matches", show=False),
    ]

    @dataclass
    class Matched(Message):
        """The matches for ``text`` (the domain's name when nothing is typed)."""

        text: str
        candidates: "Sequence[AreaCandidate]"
        error: str | None = None

    def __init__(self, ctx: Context, name: str, area: str | None = None) -> None:
        now = f"mapped to {display(area)} now" if area else "not mapped yet"
        super().__init__(
            ctx,
            title=f"Map {display(name)} to an area",
            intro=f"{display(name)} is {now}. The planner pairs your domains by their areas.",
            id="map-area",
        )
        self.domain = name
        self.area = area
        self.candidates: Sequence[AreaCandidate] = ()

    def fields(self) -> list[Field]:
        return [
            Field(
                "area",
                "Area",
                "an area's exact name, or an ESCO skill's label; ↓ goes to the matches",
                value=self.area or "",
            )
        ]

    def compose_extra(self) -> ComposeResult:
        yield Static(f"Matches for {display(self.domain)}", id="matches-title", markup=False)
        yield OptionList(id="matches", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#matches", OptionList).loading = True
        self.find(self.domain)

    def on_input_changed(self, event: Input.Changed) -> None:
        super().on_input_changed(event)
        text = event.value.strip()
        if text != (self.area or ""):
            self.find(text or self.domain)

    @work(thread=True, exclusive=True, group="matches")
    def find(self, text: str) -> None:
        """The areas ``text`` suggests, best first (ESCO's skills by their labels)."""
        from polymath.services.domains import area_candidates

        worker = get_current_worker()
        try:
            found = self.Matched(text, area_candidates(self.ctx, text, limit=MATCHES))
        except PolymathError as exc:
            found = self.Matched(text, (), display(str(exc)))
        if not worker.is_cancelled:
            self.post_message(found)

    def on_map_area_dialog_matched(self, message: Matched) -> None:
        self.candidates = message.candidates
        self.query_one("#matches-title", Static).update(f"Matches for {display(message.text)}")
        matches = self.query_one("#matches", OptionList)
        matches.loading = False
        matches.set_options(
            Option(
                Content.assemble((display(c.area), "bold"), "\n", (f"  {display(c.why)}", MUTED)),
                id=str(n),
            )
            for n, c in enumerate(message.candidates)
        )
        if not message.candidates:
            matches.add_option(
                Option(
                    Content.styled(message.error or f"no area matches {message.text!r}", MUTED),
                    disabled=True,
                )
            )

    def action_focus_matches(self) -> None:
        matches = self.query_one("#matches", OptionList)
        if self.candidates:
            matches.focus()
            matches.highlighted = matches.highlighted or 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        if index < len(self.candidates):
            self.submit({"pick": self.candidates[index]})

    def perform(self, values: Values) -> str:
        from polymath.services.domains import map_area

        picked: AreaCandidate | None = values.get("pick")
        why: str | None
        if picked is not None:
            area, why = picked.area, picked.why
        else:
            area, why = self._typed(values["area"])
        name = map_area(self.ctx, self.domain, area)
        shown = f"mapped {display(name)} to {display(area)}"
        return said(shown + (f" ({display(why)})" if why else ""))

    def _typed(self, text: str) -> tuple[str, str | None]:
        """An area by its exact name; on ESCO, else a skill by its label or URI (as ``--skill``)."""
        from polymath.services.areas import check_area as checked
        from polymath.services.areas import chosen_population, is_skill_population

        if not text:
            raise InvalidInput("name an area, or pick one of the matches")
        conn = self.ctx.connect()
        try:
            population = chosen_population(conn)
            try:
                return checked(conn, self.ctx.db_path, text), None
            except InvalidInput as exc:
                if not is_skill_population(population):
                    raise
                unknown = exc
        finally:
            conn.close()
        from polymath.services.domains import skill_area

        try:
            found = skill_area(self.ctx, text)
        except NotFound:
            raise unknown from None
        return found.area, found.why
