"""Cover day and week range sums with an index on (started_at, minutes)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 07:05:00

``polymath status`` walks the weekly streak back through years of history; with the minutes in
the index, SQLite sums each range from the index alone.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("learning_session", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_session_started_at")
        batch_op.create_index(
            "ix_learning_session_started_at_minutes", ["started_at", "minutes"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("learning_session", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_session_started_at_minutes")
        batch_op.create_index("ix_learning_session_started_at", ["started_at"], unique=False)
