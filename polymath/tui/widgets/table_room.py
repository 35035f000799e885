"""The cells a DataTable's columns can take without scrolling sideways."""

from textual.widgets import DataTable

SCROLLBAR = 2


def table_room(table: DataTable[object], *, rows: int, columns: int) -> int:
    """The width left for ``columns`` columns' text once each has its padding, and the
    vertical scrollbar its place when ``rows`` will not fit in the table's height."""
    width = table.size.width or table.app.size.width - 2
    if rows + 1 > (table.size.height or table.app.size.height):  # the header takes a line
        width -= SCROLLBAR
    return width - 2 * table.cell_padding * columns
