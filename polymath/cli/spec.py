"""The check-in commands' arguments, defined once for both parsers that read them.

``cli.quick`` reads a plain check-in with these tables alone, so typing ``polymath log 30m x``
never loads argparse; ``cli.parser`` builds the argparse parser (help, errors, everything unusual)
from the same tables. Plain tuples, no imports: this module loads on every check-in.

An option is ``(names, dest, action, help)``; ``action`` is ``VALUE`` (takes one argument),
``FLAG`` (true when given) or ``APPEND`` (repeatable, collected in a list). A positional is
``(name, help)``.
"""

VALUE = "value"
FLAG = "flag"
APPEND = "append"

Option = tuple[tuple[str, ...], str, str, str]
Positional = tuple[str, str]

COMMON: tuple[Option, ...] = (
    (("--db",), "db", VALUE, "database file (default: $POLYMATH_DB, then the user data folder)"),
    (("--json",), "json", FLAG, "print JSON for scripts"),
)
"""Options every command takes, before or after its name (absent unless given)."""

_SESSION: tuple[Option, ...] = (
    (
        ("--kind", "-k"),
        "kind",
        VALUE,
        "read, reflect or experiment (default: the domain's last kind)",
    ),
    (("--note", "-n"), "note", VALUE, "a short note"),
    (
        ("--with", "-w"),
        "with_domains",
        APPEND,
        "another domain this session integrates (repeatable)",
    ),
    (("--create",), "create", FLAG, "create unknown domains without asking"),
)

FOLD: Option = (
    ("--fold",),
    "fold",
    FLAG,
    "with --at in the hour the clocks repeat when they go back: the second time round "
    "(default: the first)",
)

CHECKIN: dict[str, tuple[tuple[Positional, ...], tuple[Option, ...]]] = {
    "log": (
        (
            ("duration", "45m, 1h30, 1.5h, 90 (minutes) or PT1H30M"),
            ("domain", "the domain learned, e.g. 'jazz piano'"),
        ),
        (
            *_SESSION,
            (("--on",), "on", VALUE, "the day: today (default), yesterday, mon..sun or YYYY-MM-DD"),
            (("--at",), "at", VALUE, "the local time it started, e.g. 07:30"),
            FOLD,
            (
                ("--again",),
                "again",
                FLAG,
                "log it even if the same session (domain, start, length) is logged already",
            ),
        ),
    ),
    "start": ((("domain", "the domain to learn"),), _SESSION),
    "stop": (
        (),
        (
            (("--note", "-n"), "note", VALUE, "a note to add"),
            (
                ("--at",),
                "at",
                VALUE,
                "the local time you stopped, e.g. 21:30 (the first after the start), for a "
                "timer left running",
            ),
            (
                ("--on",),
                "on",
                VALUE,
                "with --at: the day you stopped (yesterday, mon..sun, YYYY-MM-DD)",
            ),
        ),
    ),
    "cancel": ((), ()),
    "status": ((), ()),
}
"""The check-in commands: their positionals, then their options."""

METAVARS = {"with_domains": "DOMAIN", "db": "PATH"}
