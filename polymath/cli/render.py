"""Tables as terminals show them: every cell made safe, columns aligned by terminal width."""

from polymath.core.text import cell_width, display, pad


def table(rows: list[list[str]], headers: list[str]) -> str:
    """Left-aligned columns, numbers right-aligned; wide characters (CJK, emoji) take the two
    columns a terminal gives them, and no cell can carry a control character to the terminal."""
    shown = [[display(str(cell)) for cell in row] for row in [headers, *rows]]
    widths = [max(cell_width(x) for x in column) for column in zip(*shown, strict=False)]

    def fmt(row: list[str]) -> str:
        cells = []
        for text, width in zip(row, widths, strict=False):
            numeric = text.replace(".", "", 1).replace("h", "").replace("m", "").isdigit()
            cells.append(pad(text, width, right=numeric))
        return "  ".join(cells).rstrip()

    return "\n".join(fmt(row) for row in shown)
