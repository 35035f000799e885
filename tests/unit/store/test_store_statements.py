"""Every sqlite3 statement of the store compiles against a database migrated to head.

The check-in path speaks SQL directly while the SQLModel tables define the schema: a renamed
column or table fails here at once, before any behaviour test has to find it.
"""

import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

from polymath.store import checkin, dashboard, direct, health

KEYWORDS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


def statements(module: ModuleType) -> dict[str, str]:
    """The module's SQL, named: its upper-case string constants (and dicts of them)."""
    found: dict[str, str] = {}
    for name, value in vars(module).items():
        if not name.isupper():
            continue
        if isinstance(value, str) and value.lstrip().upper().startswith(KEYWORDS):
            found[f"{module.__name__}.{name}"] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and item.upper().startswith(KEYWORDS):
                    found[f"{module.__name__}.{name}[{key}]"] = item
    return found


ALL = {
    name: sql
    for module in (checkin, dashboard, direct, health)
    for name, sql in statements(module).items()
}


def test_every_module_of_the_sqlite3_path_is_covered() -> None:
    modules = {name.rsplit(".", 1)[0].rsplit("[", 1)[0] for name in ALL}
    assert {m.__name__ for m in (checkin, dashboard, direct, health)} <= modules
    assert len(ALL) >= 30


@pytest.fixture(scope="module")
def head(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path: Path = tmp_path_factory.mktemp("head") / "head.db"
    return direct.connect(path)


@pytest.mark.parametrize("name", sorted(ALL))
def test_the_statement_compiles_against_the_schema_at_head(
    name: str, head: sqlite3.Connection
) -> None:
    sql = ALL[name]
    head.execute(f"EXPLAIN {sql}", [None] * sql.count("?"))


def test_a_statement_naming_a_missing_column_would_fail(head: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such column"):
        head.execute("EXPLAIN SELECT minutes_logged FROM learning_session")
