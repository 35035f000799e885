"""Where Polymath keeps its database and its config: flag, then environment, then platform default.

The check-in path works with plain strings (``database_file``, ``config_file``) so it never loads
pathlib. The platform's folders come from platformdirs, except in the common Linux case (an
absolute ``$XDG_*_HOME`` or ``$HOME``), which is resolved here as platformdirs resolves it:
importing platformdirs costs a check-in about 8 ms, two thirds of starting Python.
``tests/unit/test_paths.py`` holds the two to the same answers.
"""

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "polymath"
DB_ENV = "POLYMATH_DB"
CONFIG_ENV = "POLYMATH_CONFIG"


def database_file(flag: str | None = None) -> str:
    """The database file: ``--db``, else ``$POLYMATH_DB``, else the user data folder."""
    if flag is not None and not flag.strip():
        from polymath.core.errors import InvalidInput

        raise InvalidInput("the database file name is empty")
    if flag is None and DB_ENV in os.environ and not os.environ[DB_ENV].strip():
        from polymath.core.errors import InvalidInput

        raise InvalidInput(f"${DB_ENV} is set but empty: name a database file, or unset it")
    chosen = flag or os.environ.get(DB_ENV, "").strip()
    if chosen:
        return os.path.expanduser(chosen)
    return _user_folder("XDG_DATA_HOME", ".local/share", "polymath.db")


def database_path(flag: str | None = None) -> "Path":
    """``database_file`` as a ``Path``."""
    from pathlib import Path

    return Path(database_file(flag))


def default_database_path() -> "Path":
    """``polymath.db`` in the platform's user data folder (created on the first write)."""
    from pathlib import Path

    return Path(_user_folder("XDG_DATA_HOME", ".local/share", "polymath.db"))


def config_file() -> str:
    """The TOML settings file: ``$POLYMATH_CONFIG``, else the user config folder."""
    chosen = os.environ.get(CONFIG_ENV)
    if chosen:
        return os.path.expanduser(chosen)
    return _user_folder("XDG_CONFIG_HOME", ".config", "config.toml")


def config_path() -> "Path":
    """``config_file`` as a ``Path``."""
    from pathlib import Path

    return Path(config_file())


def _user_folder(xdg_variable: str, under_home: str, name: str) -> str:
    """``name`` in the user's data or config folder for Polymath."""
    if sys.platform == "linux":
        base = os.environ.get(xdg_variable, "")
        if not os.path.isabs(base):
            home = os.environ.get("HOME", "")
            base = os.path.join(home, under_home) if os.path.isabs(home) else ""
        if base:
            return os.path.join(base, APP_NAME, name)
    import platformdirs

    if xdg_variable == "XDG_DATA_HOME":
        return os.path.join(platformdirs.user_data_dir(APP_NAME, appauthor=False), name)
    return os.path.join(platformdirs.user_config_dir(APP_NAME, appauthor=False), name)
