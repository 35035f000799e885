"""Reading and writing history files, with no database: text in, records out, or the reverse.

One module per format (``native`` for our JSON and CSV, ``watson``, ``timewarrior``); ``result``
holds what every loader returns and the checks every value passes. Saving the records is the
services' job, in one transaction, so a file that fails here leaves nothing behind.
"""

import json
from collections.abc import Mapping
from pathlib import PurePath
from typing import Final

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.importers.native import dump_csv, dump_json, load_csv, load_json
from polymath.importers.result import ImportResult, show, strip_bom
from polymath.importers.timewarrior import load_timewarrior
from polymath.importers.watson import load_watson

__all__ = [
    "FORMATS",
    "ImportResult",
    "dump_csv",
    "dump_json",
    "guess_format",
    "load",
    "load_csv",
    "load_json",
    "load_timewarrior",
    "load_watson",
]

FORMATS: Final = ("csv", "json", "watson", "timewarrior")
_ALIASES: Final = {"timew": "timewarrior"}


def load(
    text: str,
    fmt: str,
    *,
    domain_map: Mapping[str, str] | None = None,
    kind_map: Mapping[str, str] | None = None,
    default_kind: str = "read",
) -> ImportResult:
    """Read ``text`` as the format named ``fmt`` (one of FORMATS).

    The maps and the default kind only apply to other trackers' files: ours already name
    domains and kinds.
    """
    name = fmt.strip().lower()
    name = _ALIASES.get(name, name)
    if name == "csv":
        return load_csv(text)
    if name == "json":
        return load_json(text)
    if name == "watson":
        return load_watson(
            text, domain_map=domain_map, kind_map=kind_map, default_kind=default_kind
        )
    if name == "timewarrior":
        return load_timewarrior(
            text, domain_map=domain_map, kind_map=kind_map, default_kind=default_kind
        )
    raise InvalidInput(f"unknown import format {show(fmt)}: use {', '.join(FORMATS)}")


def guess_format(path_name: str, text: str) -> str:
    """The format a file is most likely in, from its content first and its name second.

    Content wins because exports are often renamed; Watson's file is plainly called ``frames``
    and a Timewarrior export is whatever the user redirected it to.
    """
    name = PurePath(path_name).name.lower()
    head = strip_bom(text).lstrip()
    if head.startswith("{"):
        return "json"
    if head.startswith("["):
        guessed = _guess_json_list(head)
        if guessed is not None:
            return guessed
    if name.endswith(".csv") or "started_at" in head.partition("\n")[0].lower():
        return "csv"
    if name.startswith("frames"):
        return "watson"
    if "timew" in name:
        return "timewarrior"
    raise ImportFailed(
        f"cannot tell the format of {show(path_name)}: name it ({', '.join(FORMATS)})"
    )


def _guess_json_list(text: str) -> str | None:
    """Watson frames are lists, Timewarrior intervals objects; an empty list tells nothing."""
    try:
        items = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(items, list) and items:
        if isinstance(items[0], list):
            return "watson"
        if isinstance(items[0], dict):
            return "timewarrior"
    return None
