"""Where Polymath keeps its database and its config: flag, then environment, then platform default.

platformdirs is imported only when neither a flag nor the environment names the database, so the
check-in path pays for it only on machines that rely on the default.
"""

import os
from pathlib import Path

APP_NAME = "polymath"
DB_ENV = "POLYMATH_DB"
CONFIG_ENV = "POLYMATH_CONFIG"


def database_path(flag: str | None = None) -> Path:
    """The database file: ``--db``, else ``$POLYMATH_DB``, else the user data folder."""
    if flag is not None and not flag.strip():
        from polymath.core.errors import InvalidInput

        raise InvalidInput("the database file name is empty")
    if flag is None and DB_ENV in os.environ and not os.environ[DB_ENV].strip():
        from polymath.core.errors import InvalidInput

        raise InvalidInput(f"${DB_ENV} is set but empty: name a database file, or unset it")
    chosen = flag or os.environ.get(DB_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return default_database_path()


def default_database_path() -> Path:
    """``polymath.db`` in the platform's user data folder (created on the first write)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "polymath.db"


def config_path() -> Path:
    """The TOML settings file: ``$POLYMATH_CONFIG``, else the user config folder."""
    chosen = os.environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"
