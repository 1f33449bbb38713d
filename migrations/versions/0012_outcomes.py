"""outcomes: official responses, outcome reports, commitments

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28

New tables only; nothing existing is altered, so this runs on SQLite and PostgreSQL
with data in place, and the downgrade drops the tables in reverse dependency order.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _id():
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(table, column, target, ondelete=None):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _when(name, nullable=False):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade():
    op.create_table(
        "official_responses",
        _id(),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("official_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _when("created_at"),
        sa.CheckConstraint(
            "status IN ('under_consideration', 'accepted', 'partly_accepted', 'rejected', "
            "'implemented')",
            name=op.f("ck_official_responses_response_status_known"),
        ),
        sa.CheckConstraint(
            "target_type IN ('proposal', 'amendment')",
            name=op.f("ck_official_responses_response_target_known"),
        ),
        _fk("official_responses", "consultation_id", "consultations"),
        _fk("official_responses", "official_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_responses")),
    )
    op.create_index(
        "ix_official_responses_consultation_id", "official_responses", ["consultation_id"]
    )
    op.create_index(
        "ix_official_responses_target", "official_responses", ["target_type", "target_id", "id"]
    )

    op.create_table(
        "outcomes",
        _id(),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("heard", sa.Text(), nullable=False),
        sa.Column("decided", sa.Text(), nullable=False),
        sa.Column("statistics", sa.JSON(), nullable=True),
        _when("published_at", nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _when("created_at"),
        _when("updated_at"),
        sa.Column("commitment_count", sa.Integer(), nullable=False),
        _fk("outcomes", "consultation_id", "consultations"),
        _fk("outcomes", "created_by_id", "users"),
        _fk("outcomes", "published_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcomes")),
        sa.UniqueConstraint("consultation_id", name=op.f("uq_outcomes_consultation_id")),
    )

    op.create_table(
        "commitments",
        _id(),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("percent_done", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _when("created_at"),
        _when("updated_at"),
        sa.Column("update_count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('not_started', 'in_progress', 'completed', 'delayed', 'dropped')",
            name=op.f("ck_commitments_commitment_status_known"),
        ),
        sa.CheckConstraint(
            "percent_done BETWEEN 0 AND 100", name=op.f("ck_commitments_percent_in_range")
        ),
        _fk("commitments", "consultation_id", "consultations"),
        _fk("commitments", "created_by_id", "users"),
        _fk("commitments", "outcome_id", "outcomes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    op.create_index("ix_commitments_consultation_id", "commitments", ["consultation_id"])
    op.create_index("ix_commitments_outcome_id", "commitments", ["outcome_id"])

    op.create_table(
        "commitment_sources",
        _id(),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "target_type IN ('proposal', 'amendment', 'clause')",
            name=op.f("ck_commitment_sources_source_type_known"),
        ),
        _fk("commitment_sources", "commitment_id", "commitments", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_sources")),
        sa.UniqueConstraint(
            "commitment_id",
            "target_type",
            "target_id",
            name=op.f("uq_commitment_sources_commitment_id_target_type_target_id"),
        ),
    )
    op.create_index(
        "ix_commitment_sources_target", "commitment_sources", ["target_type", "target_id"]
    )

    op.create_table(
        "commitment_updates",
        _id(),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("percent_done", sa.Integer(), nullable=False),
        _when("created_at"),
        _fk("commitment_updates", "author_id", "users"),
        _fk("commitment_updates", "commitment_id", "commitments", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_updates")),
    )
    op.create_index(
        "ix_commitment_updates_commitment", "commitment_updates", ["commitment_id", "id"]
    )

    op.create_table(
        "milestones",
        _id(),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        _when("done_at", nullable=True),
        _when("created_at"),
        _fk("milestones", "commitment_id", "commitments", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    op.create_index("ix_milestones_commitment_id", "milestones", ["commitment_id"])


def downgrade():
    op.drop_index("ix_milestones_commitment_id", table_name="milestones")
    op.drop_table("milestones")
    op.drop_index("ix_commitment_updates_commitment", table_name="commitment_updates")
    op.drop_table("commitment_updates")
    op.drop_index("ix_commitment_sources_target", table_name="commitment_sources")
    op.drop_table("commitment_sources")
    op.drop_index("ix_commitments_outcome_id", table_name="commitments")
    op.drop_index("ix_commitments_consultation_id", table_name="commitments")
    op.drop_table("commitments")
    op.drop_table("outcomes")
    op.drop_index("ix_official_responses_target", table_name="official_responses")
    op.drop_index("ix_official_responses_consultation_id", table_name="official_responses")
    op.drop_table("official_responses")
