"""opinion_maps, opinion_statements, opinion_votes: the opinion map (issue 16)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03

An official turns the opinion map on for a consultation (opinion_maps, pre-moderation of
residents' statements on by default); statements of at most 140 characters, unique per
consultation after normalising; one agree / disagree / pass vote per person per statement.
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "opinion_maps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("premoderation", sa.Boolean(), nullable=False),
        sa.Column("statement_count", sa.Integer(), nullable=False),
        sa.Column("vote_count", sa.Integer(), nullable=False),
        sa.Column("participant_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_opinion_maps_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_maps")),
        sa.UniqueConstraint("consultation_id", name=op.f("uq_opinion_maps_consultation_id")),
    )
    op.create_table(
        "opinion_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=140), nullable=False),
        sa.Column("normalized_text", sa.String(length=140), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("seeded", sa.Boolean(), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("agree_count", sa.Integer(), nullable=False),
        sa.Column("disagree_count", sa.Integer(), nullable=False),
        sa.Column("pass_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "agree_count >= 0 AND disagree_count >= 0 AND pass_count >= 0",
            name=op.f("ck_opinion_statements_counts_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_opinion_statements_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_opinion_statements_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_statements")),
        sa.UniqueConstraint(
            "consultation_id",
            "normalized_text",
            name=op.f("uq_opinion_statements_consultation_id_normalized_text"),
        ),
    )
    with op.batch_alter_table("opinion_statements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opinion_statements_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            "ix_opinion_statements_consultation",
            ["consultation_id", "visibility", "id"],
            unique=False,
        )

    op.create_table(
        "opinion_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "value IN (-1, 0, 1)", name=op.f("ck_opinion_votes_value_agree_pass_disagree")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_opinion_votes_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["opinion_statements.id"],
            name=op.f("fk_opinion_votes_statement_id_opinion_statements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_opinion_votes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_votes")),
        sa.UniqueConstraint(
            "statement_id", "user_id", name=op.f("uq_opinion_votes_statement_id_user_id")
        ),
    )
    with op.batch_alter_table("opinion_votes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_opinion_votes_consultation_user", ["consultation_id", "user_id"], unique=False
        )
        batch_op.create_index("ix_opinion_votes_user", ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("opinion_votes", schema=None) as batch_op:
        batch_op.drop_index("ix_opinion_votes_user")
        batch_op.drop_index("ix_opinion_votes_consultation_user")

    op.drop_table("opinion_votes")
    with op.batch_alter_table("opinion_statements", schema=None) as batch_op:
        batch_op.drop_index("ix_opinion_statements_consultation")
        batch_op.drop_index(batch_op.f("ix_opinion_statements_author_id"))

    op.drop_table("opinion_statements")
    op.drop_table("opinion_maps")
