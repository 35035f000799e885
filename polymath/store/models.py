"""The database tables, in SQLModel: the one definition of the schema that migrations follow.

The check-in fast path (``store.direct``) writes the same tables with the sqlite3 module; tests
prove both paths read and write the same rows.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, text
from sqlmodel import Field, SQLModel

from polymath.store.sync_identity import UID_DEFAULT_SQL, new_uid


def _uid_field(**extra: Any) -> Any:
    """The record's global identity (``store.sync_identity``): made in Python by SQLModel, by
    SQLite's default for any other writer."""
    return Field(
        max_length=36,
        unique=True,
        index=True,
        sa_column_kwargs={"server_default": text(UID_DEFAULT_SQL)},
        **extra,
    )


class Domain(SQLModel, table=True):
    """Something the person learns, named freely and linked to a population area."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200, unique=True)
    area: str | None = Field(default=None, max_length=200)
    archived: bool = Field(default=False)
    created_at: datetime
    uid: str = _uid_field(default_factory=new_uid)


class LearningSession(SQLModel, table=True):
    """Minutes of learning in one domain, of one kind, starting at a UTC instant."""

    __tablename__ = "learning_session"
    __table_args__ = (
        CheckConstraint("minutes BETWEEN 1 AND 1440", name="ck_session_minutes"),
        CheckConstraint("kind IN ('read', 'reflect', 'experiment')", name="ck_session_kind"),
        # Covers the range sums of days and weeks (status, streaks) without touching the table.
        Index("ix_learning_session_started_at_minutes", "started_at", "minutes"),
    )

    id: int | None = Field(default=None, primary_key=True)
    domain_id: int = Field(
        sa_column=Column(Integer, ForeignKey("domain.id"), nullable=False, index=True)
    )
    started_at: datetime
    minutes: int
    kind: str = Field(max_length=16)
    note: str | None = None
    created_at: datetime
    uid: str = _uid_field(default_factory=new_uid)


class SessionLink(SQLModel, table=True):
    """Another domain a session integrates ("applied statistics to harmony")."""

    __tablename__ = "session_link"

    session_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("learning_session.id", ondelete="CASCADE"), primary_key=True
        )
    )
    domain_id: int = Field(
        sa_column=Column(Integer, ForeignKey("domain.id"), primary_key=True, index=True)
    )


class Assessment(SQLModel, table=True):
    """A competence level on the Dreyfus scale, kept as history."""

    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 5", name="ck_assessment_level"),)

    id: int | None = Field(default=None, primary_key=True)
    domain_id: int = Field(
        sa_column=Column(Integer, ForeignKey("domain.id"), nullable=False, index=True)
    )
    level: int
    assessed_on: date
    note: str | None = None
    created_at: datetime
    uid: str = _uid_field(default_factory=new_uid)


class RestWeek(SQLModel, table=True):
    """A planned rest week, keyed by its ISO label: it neither breaks nor extends a streak.

    The label is its identity on every device too (``sync_identity.natural_key``)."""

    __tablename__ = "rest_week"

    week: str = Field(primary_key=True, max_length=8)
    note: str | None = None


class Timer(SQLModel, table=True):
    """The one running timer, if any (``polymath start``); it survives the terminal closing."""

    __table_args__ = (CheckConstraint("id = 1", name="ck_timer_single"),)

    id: int = Field(default=1, primary_key=True)
    domain_id: int = Field(sa_column=Column(Integer, ForeignKey("domain.id"), nullable=False))
    kind: str = Field(max_length=16)
    started_at: datetime
    note: str | None = None
    with_ids: str = Field(default="", description="integrated domain ids, comma separated")


class Setting(SQLModel, table=True):
    """Small state kept with the data (the population in use, for one)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str


class Change(SQLModel, table=True):
    """One user-visible change (a check-in, an import, an edit): the unit that ``undo`` reverts."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime
    description: str


class UndoStep(SQLModel, table=True):
    """SQL that reverts one row change, written by triggers into the latest ``change``."""

    __tablename__ = "undo_step"

    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("change.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    statement: str


class HistorySeal(SQLModel, table=True):
    """How far the history summary reaches (``store.history``); one row, or none: stale."""

    __tablename__ = "history_seal"

    id: int | None = Field(default=None, primary_key=True)
    zone: str
    day: int
    before: str


class HistoryDay(SQLModel, table=True):
    """Minutes per local day (an ordinal) before the seal."""

    __tablename__ = "history_day"

    day: int | None = Field(default=None, primary_key=True)
    minutes: int


class HistoryDomain(SQLModel, table=True):
    """Minutes and the latest start per domain, over the sessions before the seal."""

    __tablename__ = "history_domain"

    domain_id: int | None = Field(default=None, primary_key=True)
    minutes: int
    last_started: str


class SyncLog(SQLModel, table=True):
    """One change to a synced record: the append-only change log that devices exchange.

    Triggers (``migrations/versions/0004``) append the entries of this database's own changes,
    whichever path made them (``device`` NULL); a sync merge appends the versions it took from
    other devices (``device`` their id). A record's version is its latest entry: (``at``,
    ``device``), compared as last writer wins.
    """

    __tablename__ = "sync_log"
    __table_args__ = (
        CheckConstraint("op IN ('put', 'del')", name="ck_sync_log_op"),
        Index("ix_sync_log_uid_at", "uid", "at"),
    )

    seq: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=80)
    """The record's ``uid``, or for a rest week or setting its natural key (``rest_week/...``)."""
    tbl: str = Field(max_length=32)
    """The record's table."""
    op: str = Field(max_length=3)
    """``put`` (created or changed) or ``del`` (deleted: a tombstone)."""
    at: int
    """When, in milliseconds since 1970 (UTC), never before the record's previous entry."""
    device: str | None = Field(default=None, max_length=36)
    """The device whose change this is; NULL for this database's own."""


class SyncApplying(SQLModel, table=True):
    """A row only while a merge applies other devices' changes: the log triggers stand aside,
    since the merge logs those versions as theirs."""

    __tablename__ = "sync_applying"

    device: str = Field(primary_key=True, max_length=36)


class SyncExport(SQLModel, table=True):
    """A segment this database wrote to the sync folder, and how far into its log it reached."""

    __tablename__ = "sync_export"

    device: str = Field(primary_key=True, max_length=36)
    segment: int = Field(primary_key=True)
    last_seq: int
    written_at: int


class SyncCursor(SQLModel, table=True):
    """How far this database has read each device's segments (its own included)."""

    __tablename__ = "sync_cursor"

    device: str = Field(primary_key=True, max_length=36)
    segment: int
    name: str = Field(max_length=200)
    """The device's name, as its latest segment gives it."""
    written_at: int
    """When that device wrote its latest segment read (its clock, ms since 1970)."""
    read_at: int


class SyncPending(SQLModel, table=True):
    """Another device's change that cannot apply yet (its domain has not arrived): retried at
    every sync."""

    __tablename__ = "sync_pending"

    uid: str = Field(primary_key=True, max_length=80)
    tbl: str = Field(max_length=32)
    op: str = Field(max_length=3)
    at: int
    device: str = Field(max_length=36)
    data: str
    """The record's fields, as JSON."""


class SyncConflict(SQLModel, table=True):
    """Two devices changed one record without seeing each other's change: the version kept and
    the one that lost, which stays here to be recovered."""

    __tablename__ = "sync_conflict"

    id: int | None = Field(default=None, primary_key=True)
    noticed_at: int
    tbl: str = Field(max_length=32)
    uid: str = Field(max_length=80)
    label: str
    """The record as a person knows it ("Spanish session 12 Nov")."""
    kept_device: str = Field(max_length=36)
    kept_at: int
    kept_deleted: bool = False
    lost_device: str = Field(max_length=36)
    lost_at: int
    lost_deleted: bool = False
    lost_data: str
    """The losing version's fields, as JSON (a deletion keeps the fields it deleted)."""
    restored: bool = False


class SyncRedirect(SQLModel, table=True):
    """A domain merged into another: changes from other devices that still name it follow it."""

    __tablename__ = "sync_redirect"

    uid: str = Field(primary_key=True, max_length=36)
    into_uid: str = Field(max_length=36)


JOURNALED_TABLES: dict[str, tuple[str, ...]] = {
    "domain": ("id", "name", "name_key", "area", "archived", "created_at"),
    "learning_session": ("id", "domain_id", "started_at", "minutes", "kind", "note", "created_at"),
    "session_link": ("session_id", "domain_id"),
    "assessment": ("id", "domain_id", "level", "assessed_on", "note", "created_at"),
    "rest_week": ("week", "note"),
    "timer": ("id", "domain_id", "kind", "started_at", "note", "with_ids"),
    "setting": ("key", "value"),
    "sync_redirect": ("uid", "into_uid"),
}
"""Tables whose row changes ``undo`` can revert, with the person's columns (the first are the
key). Undo restores each synced table's identity (``uid``, see ``SYNCED_TABLES``) with them."""


from polymath.store.sync_identity import SYNCED_SETTINGS, SYNCED_TABLES  # noqa: E402

__all__ = ["SYNCED_SETTINGS", "SYNCED_TABLES"]
