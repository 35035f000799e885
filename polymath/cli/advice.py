"""The command line's words for what to do after an error: each next step as a command to type.

Errors name the next step by a key (``core.errors``); only the command line knows its flags and
commands, so only this table names them.
"""

import shlex

from polymath.core import errors
from polymath.core.text import display

NEXT_STEPS: dict[str, str] = {
    errors.CREATE_DOMAIN: "add it with --create",
    errors.LIST_DOMAINS: "list them with: polymath domains --all",
    errors.RESTORE_DOMAIN: "bring it back with: polymath domains restore {about}",
    errors.MAP_DOMAIN: "map it with: polymath domains map {about} AREA (see polymath graph areas)",
    errors.LIST_AREAS: "list them with: polymath graph areas",
    errors.LIST_SESSIONS: "list them with: polymath sessions",
    errors.START_TIMER: "start one with: polymath start DOMAIN",
    errors.CANCEL_TIMER: "cancel it with: polymath cancel",
    errors.STOP_TIMER_AT: (
        "end it when you stopped with: polymath stop --at HH:MM (or discard it: polymath cancel)"
    ),
    errors.OTHER_DAY: "log it on another day with --on, or give its start with --at",
    errors.ADOPT_STACK: "see polymath suggest, then polymath stack adopt A B C",
    errors.MERGE_DOMAINS: "merge into it instead",
    errors.CHECK_DATABASE_PATH: "check --db and $POLYMATH_DB, or log a session to start one",
    errors.RUN_DOCTOR: "see polymath doctor",
    errors.RETRY: "try again",
    errors.LOG_AGAIN: "to log it once more all the same, add --again",
    errors.SYNC_SET_UP: "set it up with: polymath sync --folder DIR (add --key 'WORDS' to join "
    "a device that already syncs)",
    errors.SYNC_KEY: "on a device that syncs, polymath sync key shows the key; join with: "
    "polymath sync --key 'WORDS'",
    errors.SYNC_NEW_DEVICE: "give this device an identity of its own with: "
    "polymath sync --new-device",
}


def error_line(exc: errors.PolymathError) -> str:
    """The one line the command line prints for an error: the fact, then the next step."""
    text = display(str(exc))
    step = NEXT_STEPS.get(exc.fix or "")
    if step is None:
        return text
    about = shlex.quote(exc.about) if exc.about else "DOMAIN"
    return f"{text}; {display(step.format(about=about))}"
