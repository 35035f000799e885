"""Backups a person never has to think about: daily and weekly copies, kept whole and checked.

Before the first write of each day a copy of the database goes into ``backups/`` beside it (owner
readable only); the last few days and weeks are kept (``BackupPolicy``, settings
``backup_days`` and ``backup_weeks``). Every copy, whatever made it (the daily rule, a migration,
``polymath backup``), is written under a temporary name, checked with SQLite's own quick check,
and only then renamed into place: a copy cut short is never mistaken for a complete one, and the
temporary files such a cut leaves are removed the next time.

A copy also reads every page of the database, so the first write of a day finds a damaged file
before writing into it.
"""

import os
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

from polymath.core.errors import RUN_DOCTOR, NotFound, StorageError
from polymath.store.direct import BACKUP_FOLDER, backup_file, uri_path

FOLDER = BACKUP_FOLDER
SUFFIX = ".db"
PARTIAL = ".partial"
KINDS = ("daily", "weekly", "before-migration", "before-restore", "manual")
KEEP_BEFORE_MIGRATION = 3


class BackupPolicy:
    """How many daily and weekly copies to keep (0 keeps none of that kind).

    Plain classes here, not named tuples: this module loads on every write, and defining a named
    tuple costs a fifth of a millisecond.
    """

    __slots__ = ("days", "weeks")

    def __init__(self, days: int = 7, weeks: int = 4) -> None:
        self.days, self.weeks = days, weeks


class Backup:
    """One copy in the backups folder, and whether it can be restored."""

    __slots__ = ("kind", "made_at", "path", "problem", "size_bytes", "usable")

    def __init__(
        self,
        path: Path,
        kind: str,
        made_at: datetime,
        size_bytes: int,
        usable: bool,
        problem: str | None = None,
    ) -> None:
        self.path, self.kind, self.made_at = path, kind, made_at
        self.size_bytes, self.usable, self.problem = size_bytes, usable, problem


def folder_of(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def _name(db_path: Path, kind: str, label: str) -> str:
    return os.path.basename(backup_file(str(db_path), kind, label))


def daily_backup(
    conn: sqlite3.Connection, db_path: Path, policy: BackupPolicy, today: date
) -> None:
    """Copy the database once a day, before its first write; then rotate the old copies.

    Costs one ``stat`` once today's copy exists. A damaged database raises StorageError here, so
    nothing is written into it.
    """
    if policy.days <= 0 and policy.weeks <= 0:
        return
    folder = folder_of(db_path)
    daily = folder / _name(db_path, "daily", today.isoformat())
    if daily.exists():
        return
    folder.mkdir(mode=0o700, exist_ok=True)
    _remove_partials(folder)
    copy_checked(conn, daily, purpose="the daily backup")
    year, week, _ = today.isocalendar()
    weekly = folder / _name(db_path, "weekly", f"{year:04d}-W{week:02d}")
    if policy.weeks > 0 and not weekly.exists():
        try:
            os.link(daily, weekly)
        except OSError:
            copy_checked(daily, weekly, purpose="the weekly backup")
    _prune(folder, db_path, "daily", policy.days)
    _prune(folder, db_path, "weekly", policy.weeks)


def backup_before_migration(db_path: Path, revision: str) -> Path:
    """A checked copy of a file about to be migrated; the last few such copies are kept."""
    folder = folder_of(db_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    _remove_partials(folder)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / _name(db_path, "before-migration", f"{revision}-{stamp}")
    copy_checked(db_path, target, purpose=f"the backup before migrating {db_path}")
    _prune(folder, db_path, "before-migration", KEEP_BEFORE_MIGRATION)
    return target


def manual_backup(conn: sqlite3.Connection, db_path: Path, target: Path | None) -> Path:
    """``polymath backup [PATH]``: a checked copy, by default in the backups folder."""
    if target is None:
        folder = folder_of(db_path)
        folder.mkdir(mode=0o700, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = folder / _name(db_path, "manual", stamp)
    elif target.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = target / _name(db_path, "manual", stamp)
    if target.exists() or target.is_symlink():
        raise StorageError(f"{target} already exists; choose another name")
    if not target.parent.is_dir():
        raise NotFound(f"cannot write {target}: the folder {target.parent} does not exist")
    copy_checked(conn, target, purpose="the backup")
    return target


def copy_checked(source: sqlite3.Connection | Path, target: Path, *, purpose: str) -> None:
    """Copy through SQLite's backup API to a temporary name, check the copy, rename it in place.

    The copy is readable by its owner only. On any failure nothing is left at ``target``.
    """
    temp = target.with_name(target.name + PARTIAL)
    try:
        temp.unlink(missing_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        with closing(sqlite3.connect(temp, isolation_level=None)) as dst:
            if isinstance(source, Path):
                with closing(sqlite3.connect(f"file:{uri_path(source)}?mode=ro", uri=True)) as src:
                    src.backup(dst)
            else:
                source.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            problem = _check(dst)
        if problem is not None:
            raise StorageError(
                f"the database is damaged ({problem}); {purpose} was not made and nothing "
                "was written",
                fix=RUN_DOCTOR,
            )
        _fsync(temp)
        os.replace(temp, target)
    except sqlite3.Error as exc:
        raise StorageError(
            f"{purpose} failed ({exc}); the database may be damaged, and nothing was written",
            fix=RUN_DOCTOR,
        ) from None
    except OSError as exc:
        raise StorageError(f"{purpose} failed: {exc.strerror or exc}") from None
    finally:
        temp.unlink(missing_ok=True)


def _check(conn: sqlite3.Connection) -> str | None:
    rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
    return None if rows == ["ok"] else "; ".join(rows[:3])


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_partials(folder: Path) -> None:
    """Temporary copies left by a copy cut short (a killed process): never a backup."""
    for stale in folder.glob(f"*{PARTIAL}"):
        stale.unlink(missing_ok=True)


def _prune(folder: Path, db_path: Path, kind: str, keep: int) -> None:
    copies = sorted(folder.glob(_name(db_path, kind, "*")))
    for old in copies[: max(0, len(copies) - keep)]:
        old.unlink(missing_ok=True)


def list_backups(db_path: Path) -> list[Backup]:
    """Every copy in the backups folder, newest first, each checked."""
    folder = folder_of(db_path)
    if not folder.is_dir():
        return []
    found = []
    prefix = f"{db_path.stem}."
    for path in folder.glob(f"{db_path.stem}.*{SUFFIX}"):
        kind = path.name[len(prefix) :].split(".", 1)[0]
        if kind not in KINDS:
            continue
        stat = path.stat()
        usable, problem = inspect(path)
        made = datetime.fromtimestamp(stat.st_mtime, UTC)
        found.append(Backup(path, kind, made, stat.st_size, usable, problem))
    # newest first; of copies made together (a day's daily and weekly), the daily one first
    return sorted(found, key=lambda b: (b.made_at, -KINDS.index(b.kind)), reverse=True)


def inspect(path: Path) -> tuple[bool, str | None]:
    """Whether a copy can be restored: a complete, undamaged Polymath database."""
    if path.stat().st_size == 0:
        return False, "empty file"
    try:
        with closing(sqlite3.connect(f"file:{uri_path(path)}?mode=ro", uri=True)) as conn:
            problem = _check(conn)
            if problem is not None:
                return False, problem
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        return False, str(exc)
    return True, None


def find_backup(db_path: Path, name: str) -> Path:
    """A backup by its file name (in the backups folder) or by its path."""
    candidates = [folder_of(db_path) / name, Path(name)]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise NotFound(f"no backup {name!r} in {folder_of(db_path)}")


def restore(db_path: Path, backup: Path) -> Path:
    """Put a backup's content into the database, after keeping a copy of the current file.

    The current file is copied as it is (damaged or not: it may be all there is), then the
    backup's pages are written into it in one SQLite transaction, so another connection sees
    either the old content or the new, never a mix. Returns the copy of what was there before.
    """
    import shutil  # with its compression modules: only a restore needs it

    usable, problem = inspect(backup)
    if not usable:
        raise StorageError(f"{backup} cannot be restored: {problem}")
    folder = folder_of(db_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    before = folder / _name(db_path, "before-restore", stamp)
    try:
        for suffix in ("", "-wal"):
            current = db_path.with_name(db_path.name + suffix)
            if current.exists():
                copy = before.with_name(before.name + suffix)
                shutil.copyfile(current, copy)
                copy.chmod(0o600)
        with (
            closing(sqlite3.connect(f"file:{uri_path(backup)}?mode=ro", uri=True)) as src,
            closing(sqlite3.connect(db_path, timeout=10, isolation_level=None)) as dst,
        ):
            src.backup(dst)
    except sqlite3.Error as exc:
        raise StorageError(f"could not restore {backup}: {exc}") from None
    except OSError as exc:
        raise StorageError(f"could not restore {backup}: {exc.strerror or exc}") from None
    return before
