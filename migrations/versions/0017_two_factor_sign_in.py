"""two-factor sign-in: a TOTP secret per account and single-use recovery codes

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02

Moderators, officials and admins must confirm their sign-in with a code from an
authenticator app (or one of ten recovery codes, stored hashed) before any staff page
works. The secret sits on the account row, since every request that checks a staff
role needs to know whether it is set up.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    op.add_column(
        "users", sa.Column("totp_enrolled_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("users", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_recovery_codes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    # Plain ALTER (SQLite 3.35+ has it): a batch copy of users would trip the foreign keys
    # of every row that points at it.
    op.execute("ALTER TABLE users DROP COLUMN totp_last_step")
    op.execute("ALTER TABLE users DROP COLUMN totp_enrolled_at")
    op.execute("ALTER TABLE users DROP COLUMN totp_secret")
