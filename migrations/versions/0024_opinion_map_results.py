"""opinion_map_results: the latest analysis of each opinion map (issue 16)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03

One row per consultation, replaced by each recompute: when it was computed, from how many
votes and people, how many groups it found, and the whole result as JSON.
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "opinion_map_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("vote_count", sa.Integer(), nullable=False),
        sa.Column("participant_count", sa.Integer(), nullable=False),
        sa.Column("group_count", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_opinion_map_results_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_map_results")),
        sa.UniqueConstraint(
            "consultation_id", name=op.f("uq_opinion_map_results_consultation_id")
        ),
    )


def downgrade():
    op.drop_table("opinion_map_results")
