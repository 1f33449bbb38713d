"""moderation_actions: automatic hides are actions too

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03

An item hidden after enough reports was recorded only in the audit log, so its author
was never told and the public log left it out. It is now a ``moderation_actions`` row
(action ``auto_hide``) with no moderator and the number of reports that hid it; it is
told to the author, listed in the public log and can be appealed like a decision.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("moderation_actions", sa.Column("report_count", sa.Integer(), nullable=True))
    _moderator_nullable(True)


def downgrade():
    # Automatic hides have no moderator: back to the audit log only.
    op.execute(
        "DELETE FROM appeals WHERE action_id IN "
        "(SELECT id FROM moderation_actions WHERE moderator_id IS NULL)"
    )
    op.execute("DELETE FROM moderation_actions WHERE moderator_id IS NULL")
    _moderator_nullable(False)
    op.execute("ALTER TABLE moderation_actions DROP COLUMN report_count")


def _moderator_nullable(nullable: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(
            "moderation_actions", "moderator_id", existing_type=sa.Integer(), nullable=nullable
        )
        return
    # SQLite can't change NOT NULL in place, and a batch copy would drop the table that
    # appeals and suspensions point at. Rewrite the column's declaration in the schema
    # instead (the documented way for changes that existing rows already satisfy).
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'moderation_actions'"
    ).scalar()
    before, after = (
        ("moderator_id INTEGER NOT NULL", "moderator_id INTEGER")
        if nullable
        else ("moderator_id INTEGER", "moderator_id INTEGER NOT NULL")
    )
    assert before in sql, sql
    new_sql = sql.replace(before, after, 1)
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'moderation_actions'",
        (new_sql,),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
