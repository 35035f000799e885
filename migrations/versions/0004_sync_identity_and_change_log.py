"""Give every synced record a global identity, and log every change to them for other devices

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 06:00:00

Domains, sessions and assessments gain a ``uid``: a UUID version 7 for new rows (made by
SQLModel, or by SQLite's default for a plain INSERT). Existing rows are given one derived from
their table, integer id and creation time, so two copies of one database that are migrated
apart agree on which row is which. Rest weeks and the person's settings keep their natural key
as identity (``rest_week/2026-W52``, ``setting/stack``): it is the same on every device.

Triggers append an entry to ``sync_log`` for every change of a synced row, whichever path made
it: the log costs an insert per row changed and no Python. They stand aside while a merge
applies other devices' changes (a row in ``sync_applying``): the merge logs those itself, under
the device that made them. The undo triggers are rebuilt to restore identities too; the log is
not journaled, so ``undo`` never removes an entry: what it reverts is logged as a new change.
"""

import hashlib
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW_MS = (
    "(CAST(strftime('%s', 'now') AS INTEGER) * 1000 "
    "+ CAST(substr(strftime('%f', 'now'), 4, 3) AS INTEGER))"
)
UID_DEFAULT = (
    f"(substr(printf('%012x', {NOW_MS}), 1, 8) || '-' "
    f"|| substr(printf('%012x', {NOW_MS}), 9, 4) || '-7' "
    "|| substr(lower(hex(randomblob(2))), 2, 3) || '-' "
    "|| substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2, 3) "
    "|| '-' || lower(hex(randomblob(6))))"
)

IDENTIFIED = ("domain", "learning_session", "assessment")
"""Tables that gain a ``uid``."""
NATURAL = {"rest_week": "week", "setting": "key"}
"""Tables identified by a key of their own."""
SYNCED_SETTINGS = ("stack", "population")

# Journaled tables: name -> (key columns, other columns), before and after this revision.
JOURNALED_BEFORE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "domain": (("id",), ("name", "name_key", "area", "archived", "created_at")),
    "learning_session": (
        ("id",),
        ("domain_id", "started_at", "minutes", "kind", "note", "created_at"),
    ),
    "session_link": (("session_id", "domain_id"), ()),
    "assessment": (("id",), ("domain_id", "level", "assessed_on", "note", "created_at")),
    "rest_week": (("week",), ("note",)),
    "timer": (("id",), ("domain_id", "kind", "started_at", "note", "with_ids")),
    "setting": (("key",), ("value",)),
}
JOURNALED_AFTER = {
    table: (keys, (*others, "uid") if table in IDENTIFIED else others)
    for table, (keys, others) in JOURNALED_BEFORE.items()
} | {"sync_redirect": (("uid",), ("into_uid",))}


def upgrade() -> None:
    for table in IDENTIFIED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "uid",
                    sqlmodel.sql.sqltypes.AutoString(length=36),
                    server_default=sa.text(UID_DEFAULT),
                    nullable=False,
                )
            )
            batch_op.create_index(batch_op.f(f"ix_{table}_uid"), ["uid"], unique=True)
    _create_sync_tables()
    _backfill()
    # Rebuilding a table drops its triggers: every undo trigger is made again, with identities.
    for table in JOURNALED_BEFORE:
        _drop_undo_triggers(table)
    for table, (keys, others) in JOURNALED_AFTER.items():
        for statement in undo_triggers(table, keys, others):
            op.execute(statement)
    for statement in sync_triggers():
        op.execute(statement)


def downgrade() -> None:
    for table in ("session_link", *IDENTIFIED, *NATURAL):
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS sync_{table}_{event}")
    for table in JOURNALED_AFTER:
        _drop_undo_triggers(table)
    for table in (
        "sync_redirect",
        "sync_conflict",
        "sync_pending",
        "sync_cursor",
        "sync_export",
        "sync_applying",
    ):
        op.drop_table(table)
    with op.batch_alter_table("sync_log", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_log_uid_at")
    op.drop_table("sync_log")
    for table in IDENTIFIED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_uid"))
            batch_op.drop_column("uid")
    for table, (keys, others) in JOURNALED_BEFORE.items():
        for statement in undo_triggers(table, keys, others):
            op.execute(statement)


def _create_sync_tables() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "sync_log",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("uid", text(length=80), nullable=False),
        sa.Column("tbl", text(length=32), nullable=False),
        sa.Column("op", text(length=3), nullable=False),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.Column("device", text(length=36), nullable=True),
        sa.CheckConstraint("op IN ('put', 'del')", name="ck_sync_log_op"),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("sync_log", schema=None) as batch_op:
        batch_op.create_index("ix_sync_log_uid_at", ["uid", "at"], unique=False)
    op.create_table(
        "sync_applying",
        sa.Column("device", text(length=36), nullable=False),
        sa.PrimaryKeyConstraint("device"),
    )
    op.create_table(
        "sync_export",
        sa.Column("device", text(length=36), nullable=False),
        sa.Column("segment", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("device", "segment"),
    )
    op.create_table(
        "sync_cursor",
        sa.Column("device", text(length=36), nullable=False),
        sa.Column("segment", sa.Integer(), nullable=False),
        sa.Column("name", text(length=200), nullable=False),
        sa.Column("written_at", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("device"),
    )
    op.create_table(
        "sync_pending",
        sa.Column("uid", text(length=80), nullable=False),
        sa.Column("tbl", text(length=32), nullable=False),
        sa.Column("op", text(length=3), nullable=False),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.Column("device", text(length=36), nullable=False),
        sa.Column("data", text(), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("noticed_at", sa.Integer(), nullable=False),
        sa.Column("tbl", text(length=32), nullable=False),
        sa.Column("uid", text(length=80), nullable=False),
        sa.Column("label", text(), nullable=False),
        sa.Column("kept_device", text(length=36), nullable=False),
        sa.Column("kept_at", sa.Integer(), nullable=False),
        sa.Column("kept_deleted", sa.Boolean(), nullable=False),
        sa.Column("lost_device", text(length=36), nullable=False),
        sa.Column("lost_at", sa.Integer(), nullable=False),
        sa.Column("lost_deleted", sa.Boolean(), nullable=False),
        sa.Column("lost_data", text(), nullable=False),
        sa.Column("restored", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sync_redirect",
        sa.Column("uid", text(length=36), nullable=False),
        sa.Column("into_uid", text(length=36), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
    )


def _backfill() -> None:
    """Identities for existing rows, and one log entry each so the first sync carries them.

    Derived identities and versions (the creation time) are the same for two copies of a
    database that were copied before this revision, so such copies merge instead of doubling.
    Nothing here is journaled: the triggers come afterwards.
    """
    bind = op.get_bind()
    entries: list[dict[str, object]] = []
    for table in IDENTIFIED:
        rows = bind.execute(sa.text(f"SELECT id, created_at FROM {table}")).fetchall()
        for row_id, created_at in rows:
            ms = _ms(created_at)
            uid = _derived_uid(ms, f"{table}/{row_id}/{created_at}")
            bind.execute(
                sa.text(f"UPDATE {table} SET uid = :uid WHERE id = :id"),
                {"uid": uid, "id": row_id},
            )
            entries.append({"uid": uid, "tbl": table, "at": ms})
    for table, column in NATURAL.items():
        for (key,) in bind.execute(sa.text(f"SELECT {column} FROM {table}")).fetchall():
            if table != "setting" or key in SYNCED_SETTINGS:
                entries.append({"uid": f"{table}/{key}", "tbl": table, "at": 0})
    if entries:
        bind.execute(
            sa.text("INSERT INTO sync_log (uid, tbl, op, at) VALUES (:uid, :tbl, 'put', :at)"),
            entries,
        )


def _ms(stamp: object) -> int:
    moment = stamp if isinstance(stamp, datetime) else datetime.fromisoformat(str(stamp))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def _derived_uid(ms: int, seed: str) -> str:
    bits = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:10], "big")
    value = (ms & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76 | ((bits >> 62) & 0xFFF) << 64
    value |= 0b10 << 62 | (bits & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def _drop_undo_triggers(table: str) -> None:
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS undo_{table}_{event}")


def sync_triggers() -> list[str]:
    """AFTER triggers that append a log entry for every change of a synced row.

    An entry's time is SQLite's clock, but never earlier than the record's latest entry plus a
    millisecond, so a change made here always supersedes the version this database holds, even
    one from a device whose clock runs a little ahead.
    """
    guard = "NOT EXISTS (SELECT 1 FROM sync_applying)"

    def at(uid: str) -> str:
        latest = f"(SELECT max(l.at) FROM sync_log l WHERE l.uid = {uid})"
        return f"max({NOW_MS}, coalesce({latest}, 0) + 1)"

    def entry(table: str, uid: str, kind: str) -> str:
        return (
            "INSERT INTO sync_log (uid, tbl, op, at) "
            f"VALUES ({uid}, '{table}', '{kind}', {at(uid)});"
        )

    statements = []
    for table in (*IDENTIFIED, *NATURAL):
        column = NATURAL.get(table)
        new = f"{guard} AND NEW.key IN {SYNCED_SETTINGS}" if table == "setting" else guard
        old = f"{guard} AND OLD.key IN {SYNCED_SETTINGS}" if table == "setting" else guard

        def uid(row: str, table: str = table, column: str | None = column) -> str:
            return f"'{table}/' || {row}.{column}" if column else f"{row}.uid"

        statements += [
            f"CREATE TRIGGER sync_{table}_insert AFTER INSERT ON {table} WHEN {new} "
            f"BEGIN {entry(table, uid('NEW'), 'put')} END",
            f"CREATE TRIGGER sync_{table}_update AFTER UPDATE ON {table} WHEN {new} "
            "BEGIN INSERT INTO sync_log (uid, tbl, op, at) "
            f"SELECT {uid('OLD')}, '{table}', 'del', {at(uid('OLD'))} "
            f"WHERE {uid('OLD')} IS NOT {uid('NEW')}; "
            f"{entry(table, uid('NEW'), 'put')} END",
            f"CREATE TRIGGER sync_{table}_delete AFTER DELETE ON {table} WHEN {old} "
            f"BEGIN {entry(table, uid('OLD'), 'del')} END",
        ]
    # A session's links travel with the session: a link added or removed changes the session.
    for event, row in (("insert", "NEW"), ("delete", "OLD")):
        statements.append(
            f"CREATE TRIGGER sync_session_link_{event} AFTER {event.upper()} ON session_link "
            f"WHEN {guard} BEGIN INSERT INTO sync_log (uid, tbl, op, at) "
            f"SELECT s.uid, 'learning_session', 'put', {at('s.uid')} "
            f"FROM learning_session s WHERE s.id = {row}.session_id; END"
        )
    return statements


def undo_triggers(table: str, keys: tuple[str, ...], others: tuple[str, ...]) -> list[str]:
    """AFTER triggers that record, as SQL text, how to revert each insert, update and delete
    (as revision 0001 made them, over this revision's columns)."""
    latest = "(SELECT max(id) FROM change)"
    guard = f"WHEN {latest} IS NOT NULL"
    columns = keys + others

    def where(row: str) -> str:
        parts = [f"'{key} = ' || quote({row}.{key})" for key in keys]
        return " || ' AND ' || ".join(parts)

    values = " || ', ' || ".join(f"quote(OLD.{column})" for column in columns)
    reinsert = f"'INSERT INTO {table} ({', '.join(columns)}) VALUES (' || {values} || ')'"
    remove = f"'DELETE FROM {table} WHERE ' || {where('NEW')}"
    restore_sets = " || ', ' || ".join(
        f"'{column} = ' || quote(OLD.{column})" for column in columns
    )
    restore = f"'UPDATE {table} SET ' || {restore_sets} || ' WHERE ' || {where('NEW')}"

    def trigger(event: str, statement: str) -> str:
        return (
            f"CREATE TRIGGER undo_{table}_{event} AFTER {event.upper()} ON {table} {guard} "
            "BEGIN INSERT INTO undo_step (change_id, statement) "
            f"VALUES ({latest}, {statement}); END"
        )

    return [trigger("insert", remove), trigger("update", restore), trigger("delete", reinsert)]
