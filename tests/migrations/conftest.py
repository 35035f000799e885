"""pytest-alembic's fixtures: Polymath's own migration scripts, run on a SQLite file per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from polymath.store.migrate import migrations_dir


@pytest.fixture
def alembic_config() -> dict[str, str]:
    return {"script_location": str(migrations_dir())}


@pytest.fixture
def alembic_db_path(tmp_path: Path) -> Path:
    return tmp_path / "alembic.db"


@pytest.fixture
def alembic_engine(alembic_db_path: Path) -> Iterator[Engine]:
    """An engine on a SQLite file in ``tmp_path``: ``migrations/env.py`` migrates exactly it."""
    engine = create_engine(f"sqlite:///{alembic_db_path}")
    yield engine
    engine.dispose()
