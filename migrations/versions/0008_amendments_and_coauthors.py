"""amendments to clauses; proposal co-authors

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28

New tables, and a plain ADD/DROP COLUMN on proposals (recreate="never": no table
rebuild on SQLite, so it runs with supports and comments pointing at proposals).
"""

from alembic import op
import sqlalchemy as sa


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _coauthors_upgrade():
    op.create_table(
        "proposal_coauthors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"],
            name=op.f("fk_proposal_coauthors_proposal_id_proposals"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_proposal_coauthors_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"],
            name=op.f("fk_proposal_coauthors_invited_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_coauthors")),
        sa.UniqueConstraint(
            "proposal_id", "user_id", name=op.f("uq_proposal_coauthors_proposal_id_user_id")
        ),
    )
    op.create_index(
        op.f("ix_proposal_coauthors_proposal_id"), "proposal_coauthors", ["proposal_id"]
    )
    op.create_index(op.f("ix_proposal_coauthors_user_id"), "proposal_coauthors", ["user_id"])
    with op.batch_alter_table("proposals", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("coauthor_count", sa.Integer(), nullable=False, server_default="0")
        )


def _coauthors_downgrade():
    with op.batch_alter_table("proposals", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("coauthor_count")
    op.drop_index(op.f("ix_proposal_coauthors_user_id"), table_name="proposal_coauthors")
    op.drop_index(op.f("ix_proposal_coauthors_proposal_id"), table_name="proposal_coauthors")
    op.drop_table("proposal_coauthors")


def upgrade():
    _coauthors_upgrade()


def downgrade():
    _coauthors_downgrade()
