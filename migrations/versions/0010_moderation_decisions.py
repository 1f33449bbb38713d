"""moderation decisions: guidelines, actions, appeals, suspensions

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28

New tables, and one plain ADD/DROP COLUMN on users (recreate="never", see 0006). The
default rules are written by the app the first time they are needed
(engage.guidelines.service.current_version), so a fresh database and an upgraded one
start with the same wording.
"""

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade():
    op.create_table(
        "guidelines_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("guidelines_versions", "created_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guidelines_versions")),
        sa.UniqueConstraint("number", name=op.f("uq_guidelines_versions_number")),
    )
    op.create_table(
        "guidelines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _fk("guidelines", "version_id", "guidelines_versions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guidelines")),
        sa.UniqueConstraint("version_id", "number", name=op.f("uq_guidelines_version_id_number")),
    )
    op.create_index(op.f("ix_guidelines_version_id"), "guidelines", ["version_id"])
    op.create_table(
        "moderation_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("moderator_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("rule_number", sa.Integer(), nullable=True),
        sa.Column("guidelines_version_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("public_ref", sa.String(length=16), nullable=False),
        sa.Column("response_seconds", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("moderation_actions", "case_id", "moderation_cases"),
        _fk("moderation_actions", "consultation_id", "consultations"),
        _fk("moderation_actions", "author_id", "users"),
        _fk("moderation_actions", "moderator_id", "users"),
        _fk("moderation_actions", "guidelines_version_id", "guidelines_versions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_actions")),
    )
    op.create_index(op.f("ix_moderation_actions_case_id"), "moderation_actions", ["case_id"])
    op.create_index(op.f("ix_moderation_actions_author_id"), "moderation_actions", ["author_id"])
    op.create_index(
        op.f("ix_moderation_actions_moderator_id"), "moderation_actions", ["moderator_id"]
    )
    op.create_index(op.f("ix_moderation_actions_public_ref"), "moderation_actions", ["public_ref"])
    op.create_index(
        "ix_moderation_actions_target", "moderation_actions", ["target_type", "target_id"]
    )
    op.create_index(
        "ix_moderation_actions_consultation", "moderation_actions", ["consultation_id", "id"]
    )
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("appellant_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("result_action_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        _fk("appeals", "action_id", "moderation_actions"),
        _fk("appeals", "appellant_id", "users"),
        _fk("appeals", "decided_by_id", "users"),
        _fk("appeals", "result_action_id", "moderation_actions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("action_id", name=op.f("uq_appeals_action_id")),
    )
    op.create_index(op.f("ix_appeals_appellant_id"), "appeals", ["appellant_id"])
    op.create_index(op.f("ix_appeals_status"), "appeals", ["status"])
    op.create_table(
        "suspensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("moderator_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        _fk("suspensions", "user_id", "users"),
        _fk("suspensions", "action_id", "moderation_actions"),
        _fk("suspensions", "moderator_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suspensions")),
    )
    op.create_index(op.f("ix_suspensions_user_id"), "suspensions", ["user_id"])
    with op.batch_alter_table("users", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("suspended_until", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("suspended_until")
    op.drop_table("suspensions")
    op.drop_table("appeals")
    op.drop_table("moderation_actions")
    op.drop_table("guidelines")
    op.drop_table("guidelines_versions")
