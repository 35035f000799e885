"""Tables as terminals show them."""


def table(rows: list[list[str]], headers: list[str]) -> str:
    """Left-aligned columns, numbers right-aligned, as terminals show them."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]

    def fmt(row: list[str]) -> str:
        cells = []
        for value, width in zip(row, widths, strict=False):
            text = str(value)
            numeric = text.replace(".", "", 1).replace("h", "").replace("m", "").isdigit()
            cells.append(text.rjust(width) if numeric else text.ljust(width))
        return "  ".join(cells).rstrip()

    return "\n".join([fmt(headers), *(fmt(r) for r in rows)])
