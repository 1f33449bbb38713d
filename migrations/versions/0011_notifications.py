"""notifications: follows, notices, email settings, deliveries

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28

New tables, and one plain ADD COLUMN on users (recreate="never", see 0006): the unread
count the header shows on every page, kept on the person so it costs no query.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade():
    op.create_table(
        "follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("follows", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follows")),
        sa.UniqueConstraint(
            "user_id", "target_type", "target_id",
            name=op.f("uq_follows_user_id_target_type_target_id"),
        ),
    )
    op.create_index("ix_follows_target", "follows", ["target_type", "target_id"])
    op.create_table(
        "notice_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("notice_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("notice_digests", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_digests")),
    )
    op.create_index(op.f("ix_notice_digests_user_id"), "notice_digests", ["user_id"])
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=20), nullable=False),
        sa.Column("digest_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        _fk("notices", "user_id", "users"),
        _fk("notices", "actor_id", "users"),
        _fk("notices", "digest_id", "notice_digests"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index("ix_notices_user", "notices", ["user_id", "id"])
    op.create_index("ix_notices_email", "notices", ["email", "digest_id"])
    op.create_table(
        "email_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("group", sa.String(length=20), nullable=False),
        sa.Column("frequency", sa.String(length=20), nullable=False),
        _fk("email_settings", "user_id", "users"),
        sa.PrimaryKeyConstraint("user_id", "group", name=op.f("pk_email_settings")),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.Column("digest_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        _fk("deliveries", "user_id", "users"),
        _fk("deliveries", "notice_id", "notices"),
        _fk("deliveries", "digest_id", "notice_digests"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    op.create_index(op.f("ix_deliveries_user_id"), "deliveries", ["user_id"])
    op.create_index("ix_deliveries_status", "deliveries", ["status", "next_attempt_at"])
    op.create_table(
        "consultation_announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("consultation_announcements", "consultation_id", "consultations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_announcements")),
        sa.UniqueConstraint(
            "consultation_id", "event",
            name=op.f("uq_consultation_announcements_consultation_id_event"),
        ),
    )
    with op.batch_alter_table("users", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("unread_notices", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("users", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("unread_notices")
    op.drop_table("consultation_announcements")
    op.drop_index("ix_deliveries_status", table_name="deliveries")
    op.drop_index(op.f("ix_deliveries_user_id"), table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_table("email_settings")
    op.drop_index("ix_notices_email", table_name="notices")
    op.drop_index("ix_notices_user", table_name="notices")
    op.drop_table("notices")
    op.drop_index(op.f("ix_notice_digests_user_id"), table_name="notice_digests")
    op.drop_table("notice_digests")
    op.drop_index("ix_follows_target", table_name="follows")
    op.drop_table("follows")
