"""Backups, the health check, and the throw-away demo database."""

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from polymath.core.errors import NotFound, StorageError
from polymath.services.context import Context
from polymath.store import direct, health

if TYPE_CHECKING:
    from polymath.core.records import Dataset


def backup(ctx: Context, target: Path | None = None) -> Path:
    """A consistent copy of the database (SQLite's backup API), beside it unless told where."""
    source = ctx.db_path
    if not source.is_file():
        raise NotFound(f"no database at {source} yet: nothing to back up")
    if target is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = source.with_name(f"{source.stem}-{stamp}.backup.db")
    elif target.is_dir():
        target = target / f"{source.stem}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.backup.db"
    if target.exists():
        raise StorageError(f"{target} already exists; choose another name")
    conn = ctx.connect()
    try:
        health.copy_database(conn, target)
    finally:
        conn.close()
    return target


@dataclass(frozen=True, slots=True)
class Health:
    path: Path
    revision: str | None
    integrity: str
    foreign_key_errors: int
    counts: dict[str, int]
    config: Path
    size_bytes: int

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.foreign_key_errors

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "database": str(self.path),
            "schema_revision": self.revision,
            "integrity_check": self.integrity,
            "foreign_key_errors": self.foreign_key_errors,
            "counts": self.counts,
            "config": str(self.config),
            "size_bytes": self.size_bytes,
        }


def doctor(ctx: Context) -> Health:
    from polymath.paths import config_path

    conn = ctx.connect()
    try:
        integrity = health.integrity(conn)
        fk_errors = health.foreign_key_errors(conn)
        counts = health.row_counts(conn)
        revision = direct.schema_revision(conn)
    finally:
        conn.close()
    return Health(
        ctx.db_path,
        revision,
        integrity,
        fk_errors,
        counts,
        config_path(),
        ctx.db_path.stat().st_size,
    )


def sample_data_file() -> Path:
    """The demo persona's history: inside the wheel, or in the source tree."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (
        package / "sample_data" / "demo.json",
        package.parent / "sample_data" / "demo.json",
    ):
        if candidate.is_file():
            return candidate
    raise NotFound("the demo data (sample_data/demo.json) is missing from this installation")


DEMO_ZONE = "Europe/Berlin"


def demo_evening(dataset: "Dataset | None" = None) -> datetime:
    """The demo's clock: 21:30 on the day of the persona's last session (in the demo's zone)."""
    from polymath.config import zone_named

    zone = zone_named(DEMO_ZONE)
    data = dataset or demo_dataset()
    last = max(s.started_at for s in data.sessions).astimezone(zone)
    evening = datetime.combine(last.date(), time(21, 30), tzinfo=zone)
    return evening if evening >= last else last + timedelta(minutes=90)


def demo_dataset() -> "Dataset":
    """The demo persona's history, read from the shipped sample data."""
    from polymath.importers import load

    return load(sample_data_file().read_text(encoding="utf-8"), "json").dataset


def build_demo(folder: Path | None = None) -> Context:
    """A throw-away database holding the demo persona, with the clock set to its last evening."""
    from polymath.config import Settings, zone_named
    from polymath.services.transfer import import_dataset

    folder = folder or Path(tempfile.mkdtemp(prefix="polymath-demo-"))
    dataset = demo_dataset()
    evening = demo_evening(dataset)
    ctx = Context(
        folder / "demo.db",
        Settings(zone=zone_named(DEMO_ZONE), zone_name=DEMO_ZONE),
        clock=lambda: evening,
    )
    import_dataset(ctx, dataset, label="demo data")
    return ctx
