"""proposals: when the first official answer was given

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

"Official response due" showed on proposals that had been answered, because the list
knew only that the threshold was reached. ``proposals.answered_at`` is kept by the
outcomes service with the answer itself, so lists and worklists read it with the row
(no query per proposal). Filled from the answers already given.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("proposals", sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE proposals SET answered_at = (SELECT min(r.created_at) FROM official_responses r"
        " WHERE r.target_type = 'proposal' AND r.target_id = proposals.id)"
        " WHERE id IN (SELECT target_id FROM official_responses WHERE target_type = 'proposal')"
    )


def downgrade():
    # Plain ALTER (SQLite 3.35+ has it): a batch copy of proposals would trip the foreign
    # keys of every row that points at it.
    op.execute("ALTER TABLE proposals DROP COLUMN answered_at")
