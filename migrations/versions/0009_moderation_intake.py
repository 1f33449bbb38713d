"""moderation intake: reports, cases, visibility of content

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28

Two new tables, and plain ADD/DROP COLUMN on proposals and consultations
(recreate="never"): no table rebuild on SQLite, where supports, comments and
translations point at those rows (see 0006).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "moderation_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("signals", sa.Text(), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("public_reason", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_moderation_cases_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_moderation_cases_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_id"], ["users.id"], name=op.f("fk_moderation_cases_claimed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_cases")),
    )
    with op.batch_alter_table("moderation_cases", recreate="never") as batch_op:
        batch_op.create_index(
            "uq_moderation_cases_open_target",
            ["target_type", "target_id"],
            unique=True,
            sqlite_where=sa.text("state = 'open'"),
            postgresql_where=sa.text("state = 'open'"),
        )
        batch_op.create_index(
            "ix_moderation_cases_state_opened", ["state", "opened_at"], unique=False
        )
        batch_op.create_index(
            "ix_moderation_cases_target", ["target_type", "target_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_cases_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_cases_author_id"), ["author_id"], unique=False
        )

    op.create_table(
        "moderation_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["moderation_cases.id"],
            name=op.f("fk_moderation_reports_case_id_moderation_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["users.id"], name=op.f("fk_moderation_reports_reporter_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_reports")),
        sa.UniqueConstraint(
            "target_type",
            "target_id",
            "reporter_id",
            name=op.f("uq_moderation_reports_target_type_target_id_reporter_id"),
        ),
    )
    with op.batch_alter_table("moderation_reports", recreate="never") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_reports_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_reports_reporter_id"), ["reporter_id"], unique=False
        )

    with op.batch_alter_table("proposals", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "visibility", sa.String(length=20), nullable=False, server_default="visible"
            )
        )
    with op.batch_alter_table("consultations", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "review_before_publishing",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade():
    with op.batch_alter_table("consultations", recreate="never") as batch_op:
        batch_op.drop_column("review_before_publishing")
    with op.batch_alter_table("proposals", recreate="never") as batch_op:
        batch_op.drop_column("visibility")
    with op.batch_alter_table("moderation_reports", recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_reports_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_moderation_reports_case_id"))
    op.drop_table("moderation_reports")
    with op.batch_alter_table("moderation_cases", recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_cases_author_id"))
        batch_op.drop_index(batch_op.f("ix_moderation_cases_consultation_id"))
        batch_op.drop_index("ix_moderation_cases_target")
        batch_op.drop_index("ix_moderation_cases_state_opened")
        batch_op.drop_index("uq_moderation_cases_open_target")
    op.drop_table("moderation_cases")
