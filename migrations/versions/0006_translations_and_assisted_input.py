"""consultation translations; assisted input: who it was submitted for and when it arrived

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

A new table, and plain ADD/DROP COLUMN on proposals and comments (recreate="never"): no
table rebuild on SQLite, so this runs with supports, votes and revisions pointing at
those rows (and foreign keys enforced). SQLite drops columns natively since 3.35.
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ASSISTED_TABLES = ("proposals", "comments")


def upgrade():
    op.create_table(
        "consultation_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("easy_read_summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("commitment", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_translations_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_consultation_translations_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_translations")),
        sa.UniqueConstraint(
            "consultation_id",
            "locale",
            name=op.f("uq_consultation_translations_consultation_id_locale"),
        ),
    )
    for table in ASSISTED_TABLES:
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.add_column(
                sa.Column("submitted_for_name", sa.String(length=120), nullable=True)
            )
            batch_op.add_column(sa.Column("received_on", sa.Date(), nullable=True))


def downgrade():
    for table in ASSISTED_TABLES:
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.drop_column("received_on")
            batch_op.drop_column("submitted_for_name")
    op.drop_table("consultation_translations")
