"""The database and config files: flag, environment, then the platform's folders as platformdirs
names them (resolved without importing it in the common Linux case, so checked against it)."""

import os
import sys

import platformdirs
import pytest

from polymath.core.errors import InvalidInput
from polymath.paths import config_file, database_file, database_path

ENVIRONMENTS = [
    {"HOME": "/home/ada"},
    {"HOME": "/home/ada/"},
    {"HOME": "/"},
    {"HOME": "/home/ada", "XDG_DATA_HOME": "/data/ada", "XDG_CONFIG_HOME": "/conf/ada"},
    {"HOME": "/home/ada", "XDG_DATA_HOME": "relative", "XDG_CONFIG_HOME": "also/relative"},
    {"HOME": "/home/ada", "XDG_DATA_HOME": "", "XDG_CONFIG_HOME": ""},
    {"HOME": "/home/ada", "XDG_CONFIG_HOME": "/conf with spaces/é"},
]


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch):
    def use(values: dict[str, str]) -> None:
        for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "POLYMATH_DB", "POLYMATH_CONFIG"):
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return use


@pytest.mark.parametrize("values", ENVIRONMENTS, ids=lambda v: ",".join(f"{k}={v[k]}" for k in v))
def test_default_files_are_where_platformdirs_puts_them(environment, values) -> None:
    environment(values)
    data = platformdirs.user_data_dir("polymath", appauthor=False)
    config = platformdirs.user_config_dir("polymath", appauthor=False)
    assert database_file() == os.path.join(data, "polymath.db")
    assert config_file() == os.path.join(config, "config.toml")


def test_linux_defaults_follow_xdg(environment, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    environment({"HOME": "/home/ada", "XDG_DATA_HOME": "/srv/data"})
    assert database_file() == "/srv/data/polymath/polymath.db"
    assert config_file() == "/home/ada/.config/polymath/config.toml"


def test_flag_then_environment_then_default(environment) -> None:
    environment({"HOME": "/home/ada", "POLYMATH_DB": "~/learning.db"})
    assert database_file() == "/home/ada/learning.db"
    assert database_file("~/other.db") == "/home/ada/other.db"
    assert str(database_path("x.db")) == "x.db"
    environment({"HOME": "/home/ada", "POLYMATH_CONFIG": "~/polymath.toml"})
    assert config_file() == "/home/ada/polymath.toml"


def test_empty_names_are_refused(environment) -> None:
    environment({"HOME": "/home/ada", "POLYMATH_DB": " "})
    with pytest.raises(InvalidInput, match="POLYMATH_DB is set but empty"):
        database_file()
    with pytest.raises(InvalidInput, match="database file name is empty"):
        database_file("")
