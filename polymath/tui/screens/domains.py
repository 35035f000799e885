"""Every domain with its hours, level and last session; enter opens one. The domain commands of
the command line live here too: add, rename, merge, map to an area, archive and restore."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header
from textual.worker import get_current_worker

from polymath.core.text import cell_width, display
from polymath.tui.errors import reported_to
from polymath.tui.screens.base import STYLES, PolymathScreen
from polymath.tui.text import fit, format_minutes, hours, level_label, sentence
from polymath.tui.widgets.key_bar import KeyBar
from polymath.tui.widgets.table_room import table_room

if TYPE_CHECKING:
    from polymath.services.domain_list import DomainSummary
    from polymath.tui.dialogs.form import Saved

ARCHIVED_STYLE = "dim italic"
SUBTITLE = "enter opens a domain: level history and sessions"
EMPTY = "no domains yet: a adds one, l checks in a first session"
MIN_AREA, MIN_NAME = 16, 14
"""The narrowest the area and domain columns get before the others are written shorter."""


@dataclass(frozen=True)
class Columns:
    """The widths of the table's columns, and whether their headers and cells are shortened."""

    name: int
    level: int
    total: int
    week: int
    last: int
    area: int
    compact: bool

    @property
    def date_format(self) -> str:
        return "%d %b %y" if self.compact else "%d %b %Y"


def _layout(
    rows: "Sequence[DomainSummary]", levels: list[str], totals: list[str], room: int
) -> Columns:
    """Widths that show every column in ``room`` cells: the area keeps ``MIN_AREA`` by writing
    the level, week and date shorter, then by narrowing long domain names."""
    name = min(32, max([6, *(cell_width(display(s.name)) for s in rows)]))
    level = max([11, *map(len, levels)])
    total = max([5, *map(len, totals)])
    wide = Columns(name, level, total, 9, 12, room - (name + level + total + 9 + 12), False)
    if wide.area >= MIN_AREA:
        return wide
    level = max([5, *(len(lv.replace("advanced", "adv.")) for lv in levels)])
    fixed = level + total + 5 + 9
    name = max(min(name, MIN_NAME), min(name, room - fixed - MIN_AREA))
    return Columns(name, level, total, 5, 9, max(8, room - fixed - name), True)


class DomainsScreen(PolymathScreen):
    """Loaded with ``services.domain_list.summaries`` in a worker; ``v`` shows archived ones."""

    CSS_PATH = STYLES / "domains.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_domain", "Open"),
        Binding("a", "add_domain", "Add"),
        Binding("n", "rename_domain", "Rename"),
        Binding("m", "map_area", "Map area"),
        Binding("j", "merge_domain", "Merge"),
        Binding("x", "archive_domain", "Archive"),
        Binding("x", "restore_domain", "Restore"),
        Binding("v", "show_archived(True)", "Show archived"),
        Binding("v", "show_archived(False)", "Hide archived"),
        Binding("escape", "app.show('dashboard')", "Back", show=False),
    ]

    @dataclass
    class Loaded(Message):
        summaries: "Sequence[DomainSummary]"

    def __init__(self) -> None:
        super().__init__()
        self.archived_shown = False
        self.rows: dict[str, DomainSummary] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[object] = DataTable(
            id="domain-list", cursor_type="row", zebra_stripes=True
        )
        table.border_title = "Domains"
        table.border_subtitle = SUBTITLE
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Domains"

    def reload(self) -> None:
        super().reload()
        self.load()

    @work(thread=True, exclusive=True, group="domains")
    def load(self) -> None:
        from polymath.services.domain_list import summaries

        worker = get_current_worker()
        with reported_to(self.app, "cannot list the domains"):
            rows = summaries(self.ctx, include_archived=self.archived_shown)
            if not worker.is_cancelled:  # a later load (after a write) has the newer rows
                self.post_message(self.Loaded(rows))

    def on_domains_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one(DataTable)
        selected = self.selected_domain()
        rows = message.summaries
        self.rows = {s.name: s for s in rows}
        levels = [level_label(s.level) for s in rows]
        totals = [hours(s.total_minutes) for s in rows]
        table.clear(columns=True)
        room = table_room(table, rows=len(rows), columns=6)
        layout = _layout(rows, levels, totals, room)
        if layout.compact:
            levels = [level.replace("advanced", "adv.") for level in levels]
        name_width, area_width = layout.name, layout.area
        table.add_column("Domain", width=name_width)
        table.add_column("Level (1-5)" if not layout.compact else "Level", width=layout.level)
        table.add_column("Total", width=layout.total)
        table.add_column("Week" if layout.compact else "This week", width=layout.week)
        table.add_column("Last" if layout.compact else "Last session", width=layout.last)
        table.add_column("Area", width=area_width)
        for summary, level, total in zip(rows, levels, totals, strict=True):
            area = summary.area or "not mapped"
            cells = [
                fit(summary.name, name_width),
                Text(level),
                Text(total, justify="right"),
                Text(format_minutes(summary.week_minutes), justify="right"),
                Text(
                    f"{summary.last_session:{layout.date_format}}"
                    if summary.last_session
                    else "never"
                ),
                fit(f"archived · {area}" if summary.archived else area, area_width),
            ]
            if summary.archived:
                for cell in cells:
                    cell.stylize(ARCHIVED_STYLE)
            table.add_row(*cells, key=summary.name)
        active = sum(not s.archived for s in rows)
        archived = len(rows) - active
        table.border_title = f"Domains · {active} active" + (
            f" · {archived} archived" if self.archived_shown else ""
        )
        table.border_subtitle = SUBTITLE if rows else EMPTY
        if selected is not None and selected in self.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        self.refresh_bindings()

    def on_resize(self) -> None:
        if self.rows:  # the columns are laid out for a width
            self.on_domains_screen_loaded(self.Loaded(list(self.rows.values())))

    def selected_domain(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def _selected(self) -> "DomainSummary | None":
        name = self.selected_domain()
        return self.rows.get(name) if name is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_domain()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()  # archive or restore, by the row

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Archive for an active domain, restore for an archived one; one of show/hide."""
        if action in ("archive_domain", "restore_domain"):
            selected = self._selected()
            wanted = action == "restore_domain"
            return selected is not None and selected.archived == wanted
        if action == "show_archived":
            return parameters[0] != self.archived_shown
        return True

    # The domain commands

    def action_add_domain(self) -> None:
        from polymath.tui.dialogs.domains import AddDomainDialog

        self.app.push_screen(AddDomainDialog(self.ctx), self._saved)

    def action_rename_domain(self) -> None:
        from polymath.tui.dialogs.domains import RenameDomainDialog

        if (name := self.selected_domain()) is not None:
            self.app.push_screen(RenameDomainDialog(self.ctx, name), self._saved)

    def action_merge_domain(self) -> None:
        from polymath.tui.dialogs.domains import MergeDomainDialog

        if (name := self.selected_domain()) is not None:
            self.app.push_screen(MergeDomainDialog(self.ctx, name, list(self.rows)), self._saved)

    def action_map_area(self) -> None:
        from polymath.tui.dialogs.map_area import MapAreaDialog

        if (selected := self._selected()) is not None:
            self.app.push_screen(MapAreaDialog(self.ctx, selected.name, selected.area), self._saved)

    def _saved(self, saved: "Saved | None") -> None:
        if saved is not None:
            self.papp.wrote(saved.text)

    def action_archive_domain(self) -> None:
        if (name := self.selected_domain()) is not None:
            self.archive(name, True)

    def action_restore_domain(self) -> None:
        if (name := self.selected_domain()) is not None:
            self.archive(name, False)

    @work(thread=True, group="write")
    def archive(self, name: str, archived: bool) -> None:
        """``polymath domains archive|restore NAME``: its history is kept either way."""
        from polymath.services.domains import set_archived

        verb = "archive" if archived else "restore"
        with reported_to(self.app, f"not {verb}d"):
            done = set_archived(self.ctx, name, archived)
            hint = "" if self.archived_shown or not archived else " v shows archived domains;"
            self.papp.post_message(
                self.papp.Written(f"{sentence(f'{verb}d {display(done)}')}{hint} u undoes it.")
            )

    def action_show_archived(self, shown: bool) -> None:
        self.archived_shown = shown
        self.refresh_bindings()
        self.load()
