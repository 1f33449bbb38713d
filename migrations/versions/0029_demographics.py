"""demographic_questions, reference_shares, demographic_answers, consent_records

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-03

Optional self-declared questions (asked once, answers kept apart from the profile),
the population's shares to compare participants with, and consent records naming the
privacy notice's version.
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "demographic_questions",
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_demographic_questions")),
    )
    op.create_table(
        "reference_shares",
        sa.Column("question_key", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.String(length=80), nullable=False),
        sa.Column("percent", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("question_key", "answer", name=op.f("pk_reference_shares")),
    )
    op.create_table(
        "demographic_answers",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.String(length=80), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_demographic_answers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "question_key", name=op.f("pk_demographic_answers")),
    )
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("notice_version", sa.String(length=20), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_consent_records_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    op.create_index(op.f("ix_consent_records_user_id"), "consent_records", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_consent_records_user_id"), table_name="consent_records")
    op.drop_table("consent_records")
    op.drop_table("demographic_answers")
    op.drop_table("reference_shares")
    op.drop_table("demographic_questions")
