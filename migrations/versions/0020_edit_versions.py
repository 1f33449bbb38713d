"""clauses, consultations, proposals, outcomes: edit versions for optimistic concurrency

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03

Two people editing the same text overwrote each other without a word. Each edited row
now carries ``lock_version`` (up by one with every saved edit) and who saved it and
when; a save is refused unless the row is still at the version its editor loaded.
(Guidelines need no column: every edit is a new numbered version of the whole set.)
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TABLES = ("clauses", "consultations", "proposals", "outcomes")


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        op.add_column(
            table, sa.Column("lock_version", sa.Integer(), server_default="1", nullable=False)
        )
        op.add_column(table, sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
        if sqlite:
            # SQLite adds a column with its reference in place; a batch copy of these
            # tables would trip the foreign keys of every row that points at them.
            op.execute(f"ALTER TABLE {table} ADD COLUMN edited_by_id INTEGER REFERENCES users (id)")
        else:
            op.add_column(table, sa.Column("edited_by_id", sa.Integer(), nullable=True))
            op.create_foreign_key(
                f"fk_{table}_edited_by_id_users", table, "users", ["edited_by_id"], ["id"]
            )


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        if sqlite:
            # SQLite cannot drop a column that has a reference: copy the table without it.
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.drop_column("edited_by_id")
        else:
            op.drop_constraint(f"fk_{table}_edited_by_id_users", table, type_="foreignkey")
            op.drop_column(table, "edited_by_id")
        op.drop_column(table, "edited_at")
        op.drop_column(table, "lock_version")
