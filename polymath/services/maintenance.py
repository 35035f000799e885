"""Backups, the health check, and the throw-away demo database."""

import tempfile
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from polymath.core.errors import CHECK_DATABASE_PATH, NotFound
from polymath.services.context import Context
from polymath.store import health
from polymath.store.direct import SCHEMA_REVISION

if TYPE_CHECKING:
    from polymath.core.records import Dataset
    from polymath.services.sessions import SessionOverlap
    from polymath.store.backups import Backup


def backup(ctx: Context, target: Path | None = None) -> Path:
    """A checked copy of the database: in the backups folder beside it unless told where."""
    from polymath.store.backups import manual_backup

    if not ctx.db_path.is_file():
        raise NotFound(f"no database at {ctx.db_path} yet: nothing to back up")
    conn = ctx.connect()
    try:
        return manual_backup(conn, ctx.db_path, target)
    finally:
        conn.close()


def list_backups(ctx: Context) -> list["Backup"]:
    """Every copy in the backups folder, newest first, each checked for a restore."""
    from polymath.store.backups import list_backups as listed

    return listed(ctx.db_path)


def restore_backup(ctx: Context, name: str) -> tuple[Path, Path]:
    """Put a backup back; returns (the backup restored, the copy of what was there before)."""
    from polymath.store.backups import find_backup, restore

    if not ctx.db_path.is_file():
        raise NotFound(f"no database at {ctx.db_path}", fix=CHECK_DATABASE_PATH)
    chosen = find_backup(ctx.db_path, name)
    return chosen, restore(ctx.db_path, chosen)


@dataclass(frozen=True, slots=True)
class Health:
    path: Path
    revision: str | None
    integrity: str
    foreign_key_errors: int
    counts: dict[str, int]
    config: Path
    size_bytes: int
    backups: list["Backup"]
    overlaps: list["SessionOverlap"]
    """Sessions that share time (a session logged twice, a timer left running over a check-in)."""
    head: str = SCHEMA_REVISION
    """The revision this Polymath works at: an older file is upgraded on first use."""

    @property
    def behind(self) -> bool:
        return self.revision is not None and self.revision < self.head

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.foreign_key_errors

    @property
    def newest_usable_backup(self) -> "Backup | None":
        return next((b for b in self.backups if b.usable), None)

    def to_dict(self) -> dict[str, object]:
        newest = self.newest_usable_backup
        return {
            "ok": self.ok,
            "database": str(self.path),
            "schema_revision": self.revision,
            "schema_head": self.head,
            "integrity_check": self.integrity,
            "foreign_key_errors": self.foreign_key_errors,
            "counts": self.counts,
            "config": str(self.config),
            "size_bytes": self.size_bytes,
            "backups": [
                {
                    "file": b.path.name,
                    "kind": b.kind,
                    "made_at": b.made_at.isoformat(),
                    "usable": b.usable,
                    "problem": b.problem,
                }
                for b in self.backups
            ],
            "newest_usable_backup": newest.path.name if newest else None,
            "overlaps": [overlap.to_dict() for overlap in self.overlaps],
        }


def doctor(ctx: Context) -> Health:
    """The database examined as it is (never migrated or written), with its backups."""
    from polymath.paths import config_path
    from polymath.store.backups import list_backups as listed

    path = ctx.db_path
    if not path.is_file():
        raise NotFound(f"no database at {path}", fix=CHECK_DATABASE_PATH, about=str(path))
    found = health.inspect_file(path)
    overlaps = []
    if found.integrity == "ok" and found.revision == SCHEMA_REVISION:
        # (an older file is left as it is: reading it through the services would upgrade it)
        from polymath.services.sessions import find_overlaps

        overlaps = find_overlaps(ctx)
    return Health(
        path,
        found.revision,
        found.integrity,
        found.foreign_key_errors,
        found.counts,
        config_path(),
        path.stat().st_size,
        listed(path),
        overlaps,
    )


ONET_ATTRIBUTION = (
    "This product includes information from the O*NET Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
    "O*NET(R) is a trademark of USDOL/ETA. Polymath has modified all or some of this information. "
    "USDOL/ETA has not approved, endorsed, or tested these modifications. Polymath thresholded the "
    "Knowledge Importance ratings at 3.0 and reduced them to area and pair co-occurrence "
    "statistics."
)


def data_attributions() -> dict[str, str]:
    """The acknowledgements the shipped populations' licences ask for, by population."""
    from polymath.graph.esco_catalogue import ESCO_ATTRIBUTION

    return {"ESCO": ESCO_ATTRIBUTION, "O*NET": ONET_ATTRIBUTION}


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
    folder.mkdir(parents=True, exist_ok=True)
    dataset = demo_dataset()
    evening = demo_evening(dataset)
    ctx = Context(
        folder / "demo.db",
        Settings(zone=zone_named(DEMO_ZONE), zone_name=DEMO_ZONE),
        clock=lambda: evening,
    )
    import_dataset(ctx, dataset, label="demo data")
    return ctx
