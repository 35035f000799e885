"""Every sqlite3 statement of sync compiles against a database migrated to head."""

import sqlite3
from pathlib import Path

import pytest

from polymath.store import direct, sync_log, sync_merge
from tests.unit.store.test_store_statements import statements

ALL = {name: sql for module in (sync_log, sync_merge) for name, sql in statements(module).items()}


@pytest.fixture(scope="module")
def head(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path: Path = tmp_path_factory.mktemp("head") / "head.db"
    return direct.connect(path)


def test_both_modules_are_covered() -> None:
    assert len(ALL) >= 40


@pytest.mark.parametrize("name", sorted(ALL))
def test_the_statement_compiles_against_the_schema_at_head(
    name: str, head: sqlite3.Connection
) -> None:
    sql = ALL[name].replace("{marks}", "?")
    names = sorted({part.split()[0].strip("),;") for part in sql.split(":")[1:]})
    if names:
        head.execute(f"EXPLAIN {sql}", dict.fromkeys(names))
    else:
        head.execute(f"EXPLAIN {sql}", [None] * sql.count("?"))
