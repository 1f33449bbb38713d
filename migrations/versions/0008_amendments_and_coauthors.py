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


def _fk(table, column, target):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _amendments_upgrade():
    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("based_on_version_number", sa.Integer(), nullable=False),
        sa.Column("based_on_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decision_reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_in_version_number", sa.Integer(), nullable=True),
        sa.Column("accepted_text", sa.Text(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("support_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("comment_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("visibility", sa.String(length=20), nullable=False, server_default="visible"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("amendments", "draft_id", "drafts"),
        _fk("amendments", "clause_id", "clauses"),
        _fk("amendments", "consultation_id", "consultations"),
        _fk("amendments", "author_id", "users"),
        _fk("amendments", "decided_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
    )
    op.create_index("ix_amendments_clause", "amendments", ["clause_id", "id"])
    op.create_index("ix_amendments_draft_status", "amendments", ["draft_id", "status", "id"])
    op.create_index(op.f("ix_amendments_consultation_id"), "amendments", ["consultation_id"])
    op.create_index(op.f("ix_amendments_author_id"), "amendments", ["author_id"])
    op.create_table(
        "amendment_supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("amendment_supports", "amendment_id", "amendments"),
        _fk("amendment_supports", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_supports")),
        sa.UniqueConstraint(
            "amendment_id", "user_id", name=op.f("uq_amendment_supports_amendment_id_user_id")
        ),
    )
    op.create_index(
        op.f("ix_amendment_supports_amendment_id"), "amendment_supports", ["amendment_id"]
    )
    op.create_index(op.f("ix_amendment_supports_user_id"), "amendment_supports", ["user_id"])


def _amendments_downgrade():
    op.drop_table("amendment_supports")
    op.drop_index(op.f("ix_amendments_author_id"), table_name="amendments")
    op.drop_index(op.f("ix_amendments_consultation_id"), table_name="amendments")
    op.drop_index("ix_amendments_draft_status", table_name="amendments")
    op.drop_index("ix_amendments_clause", table_name="amendments")
    op.drop_table("amendments")


def upgrade():
    _coauthors_upgrade()
    _amendments_upgrade()


def downgrade():
    _amendments_downgrade()
    _coauthors_downgrade()
