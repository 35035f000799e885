"""Errors a user can cause, caught once at the CLI/TUI edge and shown as one line."""


class PolymathError(Exception):
    """Base of every error that is the user's to fix; its message is the one line they see."""

    exit_code = 2


class InvalidInput(PolymathError):
    """A value typed by the user (a duration, a date, a name) does not parse or is out of range."""


class NotFound(PolymathError):
    """A domain, session, week or file the user named does not exist."""


class ImportFailed(PolymathError):
    """An import file is malformed; nothing was written."""


class StorageError(PolymathError):
    """The database file is locked, corrupt, or from a newer version of Polymath."""
