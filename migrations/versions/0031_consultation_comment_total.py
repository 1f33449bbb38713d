"""consultations.comment_total: published comments anywhere in the consultation (issue 23)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-03

The consultation's summary counted its published comments on every signed-in view (17 ms
for 50,000 comments on SQLite). The count is now kept, filled here from the rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultations") as batch:
        batch.add_column(
            sa.Column("comment_total", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        "UPDATE consultations SET comment_total = (SELECT count(*) FROM comments "
        "WHERE comments.consultation_id = consultations.id AND comments.status = 'published')"
    )


def downgrade():
    # Plain ALTER (SQLite 3.35+ has it): a batch copy of consultations would trip the
    # foreign keys of every row that points at it.
    op.execute("ALTER TABLE consultations DROP COLUMN comment_total")
