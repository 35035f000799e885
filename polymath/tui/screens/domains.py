"""Every domain with its hours, level and last session; enter opens one."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header

from polymath.core.text import cell_width, display
from polymath.tui.errors import reported_to
from polymath.tui.screens.base import STYLES, PolymathScreen
from polymath.tui.text import fit, format_minutes, hours, level_label
from polymath.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from polymath.services.domain_list import DomainSummary


class DomainsScreen(PolymathScreen):
    """Loaded with ``services.domain_list.summaries`` in a worker."""

    CSS_PATH = STYLES / "domains.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_domain", "Open"),
        Binding("escape", "app.show('dashboard')", "Back", show=False),
    ]

    @dataclass
    class Loaded(Message):
        summaries: "Sequence[DomainSummary]"

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[object] = DataTable(
            id="domain-list", cursor_type="row", zebra_stripes=True
        )
        table.border_title = "Domains"
        table.border_subtitle = "enter opens a domain: level history and sessions"
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

        with reported_to(self.app, "cannot list the domains"):
            self.post_message(self.Loaded(summaries(self.ctx)))

    def on_domains_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one(DataTable)
        selected = self.selected_domain()
        rows = message.summaries
        levels = [level_label(s.level) for s in rows]
        totals = [hours(s.total_minutes) for s in rows]
        table.clear(columns=True)
        name_width = min(32, max([6, *(cell_width(display(s.name)) for s in rows)]))
        level_width = max([11, *map(len, levels)])
        total_width = max([5, *map(len, totals)])
        used = name_width + level_width + total_width + 9 + 12 + 2 * 6 + 2
        area_width = max(8, (table.content_size.width or self.app.size.width - 2) - used)
        table.add_column("Domain", width=name_width)
        table.add_column("Level (1-5)", width=level_width)
        table.add_column("Total", width=total_width)
        table.add_column("This week", width=9)
        table.add_column("Last session", width=12)
        table.add_column("Area", width=area_width)
        for summary, level, total in zip(rows, levels, totals, strict=True):
            area = summary.area or "not mapped"
            table.add_row(
                fit(summary.name, name_width),
                level,
                Text(total, justify="right"),
                Text(format_minutes(summary.week_minutes), justify="right"),
                f"{summary.last_session:%d %b %Y}" if summary.last_session else "never",
                fit(area, area_width),
                key=summary.name,
            )
        table.border_title = f"Domains · {len(rows)} active"
        if selected is not None and selected in {s.name for s in rows}:
            table.move_cursor(row=table.get_row_index(selected), animate=False)

    def selected_domain(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_domain()
