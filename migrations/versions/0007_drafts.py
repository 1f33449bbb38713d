"""co-drafting: drafts, sections, clauses, versions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

Four new tables, no change to existing ones. Published versions (draft_versions,
clause_versions) are immutable; the application refuses updates and deletes.
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("current_version_number", sa.Integer(), nullable=False, server_default="0"),
        sa.Column(
            "has_unpublished_changes", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_drafts_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.UniqueConstraint("consultation_id", name=op.f("uq_drafts_consultation_id")),
    )
    op.create_table(
        "clauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("amendment_count", sa.Integer(), nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name=op.f("fk_clauses_draft_id_drafts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clauses")),
        sa.UniqueConstraint(
            "draft_id", "kind", "number", name=op.f("uq_clauses_draft_id_kind_number")
        ),
    )
    op.create_index("ix_clauses_draft_position", "clauses", ["draft_id", "position"])
    op.create_table(
        "draft_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("credited_amendment_id", sa.Integer(), nullable=True),
        sa.Column("clause_count", sa.Integer(), nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name=op.f("fk_draft_versions_draft_id_drafts")
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_draft_versions_published_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_versions")),
        sa.UniqueConstraint(
            "draft_id", "number", name=op.f("uq_draft_versions_draft_id_number")
        ),
    )
    op.create_table(
        "clause_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_version_id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_version_id"],
            ["draft_versions.id"],
            name=op.f("fk_clause_versions_draft_version_id_draft_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["clause_id"], ["clauses.id"], name=op.f("fk_clause_versions_clause_id_clauses")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clause_versions")),
        sa.UniqueConstraint(
            "draft_version_id",
            "clause_id",
            name=op.f("uq_clause_versions_draft_version_id_clause_id"),
        ),
    )
    op.create_index(
        "ix_clause_versions_version_position",
        "clause_versions",
        ["draft_version_id", "position"],
    )
    op.create_index(
        "ix_clause_versions_clause", "clause_versions", ["clause_id", "draft_version_id"]
    )


def downgrade():
    op.drop_index("ix_clause_versions_clause", table_name="clause_versions")
    op.drop_index("ix_clause_versions_version_position", table_name="clause_versions")
    op.drop_table("clause_versions")
    op.drop_table("draft_versions")
    op.drop_index("ix_clauses_draft_position", table_name="clauses")
    op.drop_table("clauses")
    op.drop_table("drafts")
