"""Keep the population existing histories were mapped on (O*NET); new databases plan on ESCO

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 06:00:00

Until now a database without a ``population`` setting planned on O*NET, and its domains are
mapped to O*NET's areas. New databases now plan on ESCO; a database that already holds domains
is pinned to O*NET here, so nothing changes for it until its owner chooses (``graph use esco``).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The undo triggers would file this row under the person's latest change, and ``undo``
    # would then take the pin away with it: the steps it writes are removed at once.
    op.execute("CREATE TEMP TABLE undo_mark AS SELECT coalesce(max(id), 0) AS id FROM undo_step")
    op.execute(
        "INSERT INTO setting (key, value) SELECT 'population', 'onet' "
        "WHERE EXISTS (SELECT 1 FROM domain) "
        "AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'population')"
    )
    op.execute("DELETE FROM undo_step WHERE id > (SELECT id FROM undo_mark)")
    op.execute("DROP TABLE undo_mark")


def downgrade() -> None:
    op.execute("DELETE FROM setting WHERE key = 'population' AND value = 'onet'")
