"""Weekly goals per domain travel with the person's other settings

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 08:00:00

A domain's weekly goal is a setting named after the domain's global id (``goal/<uid>``): it is
the person's data, undone like any setting, exported with the domain, and shared with their
other devices. The setting triggers that write the sync log knew only the adopted stack and the
population; they are made again to log goals too. No row changes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW_MS = (
    "(CAST(strftime('%s', 'now') AS INTEGER) * 1000 "
    "+ CAST(substr(strftime('%f', 'now'), 4, 3) AS INTEGER))"
)
BEFORE = "key IN ('stack', 'population')"
AFTER = "(key IN ('stack', 'population') OR key GLOB 'goal/*')"


def _at(row: str) -> str:
    uid = f"'setting/' || {row}.key"
    return f"max({NOW_MS}, coalesce((SELECT max(l.at) FROM sync_log l WHERE l.uid = {uid}), 0) + 1)"


def _triggers(shared: str) -> list[str]:
    """The setting table's sync-log triggers, for the settings ``shared`` names (over ``key``)."""
    guard = "NOT EXISTS (SELECT 1 FROM sync_applying)"

    def when(row: str) -> str:
        return f"{guard} AND {shared.replace('key', f'{row}.key')}"

    def put(row: str) -> str:
        return (
            "INSERT INTO sync_log (uid, tbl, op, at) VALUES "
            f"('setting/' || {row}.key, 'setting', 'put', {_at(row)});"
        )

    def gone(row: str, extra: str = "") -> str:
        return (
            "INSERT INTO sync_log (uid, tbl, op, at) "
            f"SELECT 'setting/' || {row}.key, 'setting', 'del', {_at(row)}{extra};"
        )

    moved = " WHERE 'setting/' || OLD.key IS NOT 'setting/' || NEW.key"
    return [
        f"CREATE TRIGGER sync_setting_insert AFTER INSERT ON setting WHEN {when('NEW')} "
        f"BEGIN {put('NEW')} END",
        f"CREATE TRIGGER sync_setting_update AFTER UPDATE ON setting WHEN {when('NEW')} "
        f"BEGIN {gone('OLD', moved)} {put('NEW')} END",
        f"CREATE TRIGGER sync_setting_delete AFTER DELETE ON setting WHEN {when('OLD')} "
        f"BEGIN {gone('OLD')} END",
    ]


def _replace(shared: str) -> None:
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS sync_setting_{event}")
    for statement in _triggers(shared):
        op.execute(statement)


def upgrade() -> None:
    _replace(AFTER)


def downgrade() -> None:
    # Goals stay in the setting table (an older Polymath ignores them); they stop syncing.
    _replace(BEFORE)
