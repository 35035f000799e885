"""Errors a user can cause, caught once at the CLI/TUI edge and shown as one line.

An error states a fact ("no domain 'bayes stats' (did you mean 'Bayesian statistics'?)"). What
to do next depends on where the person is (a flag on the command line, a key in the app), so an
error names the next step only by a ``fix`` key, with ``about`` the thing it concerns, and each
edge phrases it its own way.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final


# The next steps an error can point to; each edge says them in its own words.
CREATE_DOMAIN: Final = "create-domain"
LIST_DOMAINS: Final = "list-domains"
RESTORE_DOMAIN: Final = "restore-domain"
MAP_DOMAIN: Final = "map-domain"
LIST_AREAS: Final = "list-areas"
LIST_SESSIONS: Final = "list-sessions"
START_TIMER: Final = "start-timer"
CANCEL_TIMER: Final = "cancel-timer"
STOP_TIMER_AT: Final = "stop-timer-at"
OTHER_DAY: Final = "other-day"
ADOPT_STACK: Final = "adopt-stack"
MERGE_DOMAINS: Final = "merge-domains"
CHECK_DATABASE_PATH: Final = "check-database-path"
RUN_DOCTOR: Final = "run-doctor"
RETRY: Final = "retry"
LOG_AGAIN: Final = "log-again"
"""The same session is logged already; the person may insist (``about``: its id)."""
SYNC_SET_UP: Final = "sync-set-up"
SYNC_KEY: Final = "sync-key"
SYNC_NEW_DEVICE: Final = "sync-new-device"


class PolymathError(Exception):
    """Base of every error that is the user's to fix; its message is the one line they see."""

    exit_code = 2

    def __init__(self, message: str, *, fix: str | None = None, about: str | None = None) -> None:
        super().__init__(message)
        self.fix = fix
        """What to do next, as one of the keys above (None: the message says it all)."""
        self.about = about
        """The name or number the next step concerns (a domain, a session id)."""


class InvalidInput(PolymathError):
    """A value typed by the user (a duration, a date, a name) does not parse or is out of range."""


class NotFound(PolymathError):
    """A domain, session, week or file the user named does not exist."""


class UnknownDomain(NotFound):
    """A domain name that matches none of the person's; ``suggestion`` is the closest one."""

    def __init__(self, name: str, suggestion: str | None, *, fix: str | None = None) -> None:
        hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
        self.described = f"{name!r}{hint}"
        """The name as typed, with the closest existing name offered."""
        super().__init__(f"no domain {self.described}", fix=fix, about=name)
        self.name = name
        self.suggestion = suggestion


class ImportFailed(PolymathError):
    """An import file is malformed; nothing was written."""


class StorageError(PolymathError):
    """The database file is locked, corrupt, or from a newer version of Polymath."""


class DatabaseBusy(StorageError):
    """Another program held the database's write lock past the busy timeout: try again.

    Its own exit status (75, EX_TEMPFAIL in sysexits.h) lets a script retry it.
    """

    exit_code = 75

    def __init__(self, message: str) -> None:
        super().__init__(message, fix=RETRY)


class SyncRefused(PolymathError):
    """The sync folder holds something that cannot be read safely (a damaged or foreign file,
    another key, a newer format, a device written twice): nothing was written, here or there."""
