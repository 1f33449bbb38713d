"""opinion_votes: the consultation/user index also covers statement and value (issue 16)

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-03

The recompute reads a consultation's whole vote matrix; with statement_id and value in
the index it reads only the index (SQLite: 500,000 votes in 1.4 s instead of 3.8 s).
"""

from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("opinion_votes", schema=None) as batch_op:
        batch_op.drop_index("ix_opinion_votes_consultation_user")
        batch_op.create_index(
            "ix_opinion_votes_consultation_user",
            ["consultation_id", "user_id", "statement_id", "value"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("opinion_votes", schema=None) as batch_op:
        batch_op.drop_index("ix_opinion_votes_consultation_user")
        batch_op.create_index(
            "ix_opinion_votes_consultation_user", ["consultation_id", "user_id"], unique=False
        )
