"""The schema's history: one head, up and down cleanly, matching the models, on the file given."""

import sqlite3
from pathlib import Path

from pytest_alembic import MigrationContext
from pytest_alembic.tests import (
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy.engine import Engine

from polymath.store.migrate import head_revision
from polymath.store.models import JOURNALED_TABLES

__all__ = [
    "test_model_definitions_match_ddl",
    "test_single_head_revision",
    "test_up_down_consistency",
    "test_upgrade",
]


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def test_migrations_run_on_the_engine_they_are_given(
    alembic_runner: MigrationContext, alembic_engine: Engine, alembic_db_path: Path
) -> None:
    assert str(alembic_engine.url.database) == str(alembic_db_path)
    alembic_runner.migrate_up_to("heads")
    assert set(JOURNALED_TABLES) | {"change", "undo_step", "alembic_version"} <= _tables(
        alembic_db_path
    )
    with sqlite3.connect(alembic_db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]
    alembic_runner.migrate_down_to("base")
    assert _tables(alembic_db_path) <= {"alembic_version"}
