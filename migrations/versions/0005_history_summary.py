"""A summary of the history before the last few weeks: minutes per local day and per domain

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:00:00

Streaks, longest streaks and domain totals reach back over the whole history; summing ten years
of sessions made ``status``, ``review`` and the app's first paint cost what the history costs.
These tables keep the sums up to a sealed day (``history_seal``); the code adds the few weeks
since from the sessions themselves. Triggers remove the seal the moment a session before it is
added, changed or removed, by any path (the app, an import, undo, a merge), so a stale summary
is never read: the next write rebuilds it. Nothing here is the person's data: the tables can be
emptied at any time, and are not in undo or in exports.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STALE = "DELETE FROM history_seal WHERE {condition}"


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "history_seal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone", text(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("before", text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("id = 1", name="one_seal"),
    )
    op.create_table(
        "history_day",
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "history_domain",
        sa.Column("domain_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("last_started", text(), nullable=False),
        sa.PrimaryKeyConstraint("domain_id"),
    )
    op.execute(
        "CREATE TRIGGER history_stale_insert AFTER INSERT ON learning_session BEGIN "
        + STALE.format(condition="NEW.started_at < before")
        + "; END"
    )
    op.execute(
        "CREATE TRIGGER history_stale_delete AFTER DELETE ON learning_session BEGIN "
        + STALE.format(condition="OLD.started_at < before")
        + "; END"
    )
    op.execute(
        "CREATE TRIGGER history_stale_update "
        "AFTER UPDATE OF started_at, minutes, domain_id ON learning_session BEGIN "
        + STALE.format(condition="OLD.started_at < before OR NEW.started_at < before")
        + "; END"
    )
    op.execute(
        "CREATE TRIGGER history_stale_domain AFTER DELETE ON domain BEGIN "
        "DELETE FROM history_seal; END"
    )


def downgrade() -> None:
    for trigger in ("insert", "delete", "update", "domain"):
        op.execute(f"DROP TRIGGER history_stale_{trigger}")
    for table in ("history_domain", "history_day", "history_seal"):
        op.execute(f"DROP TABLE {table}")
