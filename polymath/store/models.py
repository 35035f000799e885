"""The database tables, in SQLModel: the one definition of the schema that migrations follow.

The check-in fast path (``store.direct``) writes the same tables with the sqlite3 module; tests
prove both paths read and write the same rows.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


class Domain(SQLModel, table=True):
    """Something the person learns, named freely and linked to a population area."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200, unique=True)
    area: str | None = Field(default=None, max_length=200)
    archived: bool = Field(default=False)
    created_at: datetime


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


class RestWeek(SQLModel, table=True):
    """A planned rest week, keyed by its ISO label: it neither breaks nor extends a streak."""

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


JOURNALED_TABLES: dict[str, tuple[str, ...]] = {
    "domain": ("id", "name", "name_key", "area", "archived", "created_at"),
    "learning_session": ("id", "domain_id", "started_at", "minutes", "kind", "note", "created_at"),
    "session_link": ("session_id", "domain_id"),
    "assessment": ("id", "domain_id", "level", "assessed_on", "note", "created_at"),
    "rest_week": ("week", "note"),
    "timer": ("id", "domain_id", "kind", "started_at", "note", "with_ids"),
    "setting": ("key", "value"),
}
"""Tables whose row changes ``undo`` can revert, with their columns (the first are the key)."""
