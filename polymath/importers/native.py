"""Polymath's own files, JSON (the whole history) and CSV (sessions), named together.

Both round-trip: what ``dump_*`` writes, ``load_*`` reads back as equal records, so an export is a
backup the user can also open in a spreadsheet or a text editor. Each lives in its own module.
"""

from polymath.importers.native_csv import CSV_COLUMNS, dump_csv, load_csv
from polymath.importers.native_json import FORMAT_NAME, FORMAT_VERSION, dump_json, load_json

__all__ = [
    "CSV_COLUMNS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "dump_csv",
    "dump_json",
    "load_csv",
    "load_json",
]
