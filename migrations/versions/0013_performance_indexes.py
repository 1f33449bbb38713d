"""performance: listing indexes, input-by-channel counter

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28

Found by the benchmarks (benchmarks/RESULTS.md): a consultation's proposal list sorted
the whole consultation to show ten rows, and the "input received by channel" line
counted every comment; PostgreSQL sorted a target's top-level comments to show twenty.
Adds expression indexes the list reads in order, partial indexes for top-level comments,
indexes on (consultation, channel), and consultations.input_count, filled in place.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

WITHDRAWN_LAST = sa.text("(CASE WHEN status = 'withdrawn' THEN 1 ELSE 0 END)")


def upgrade():
    with op.batch_alter_table("consultations") as batch:
        batch.add_column(sa.Column("input_count", sa.Integer(), server_default="0",
                                   nullable=False))
    op.execute(
        "UPDATE consultations SET input_count = "
        "(SELECT count(*) FROM proposals WHERE proposals.consultation_id = consultations.id)"
        " + (SELECT count(*) FROM comments WHERE comments.consultation_id = consultations.id)"
    )
    op.create_index("ix_proposals_consultation_channel", "proposals",
                    ["consultation_id", "channel"])
    op.create_index("ix_comments_consultation_channel", "comments", ["consultation_id", "channel"])
    top_level = sa.text("parent_id IS NULL")
    op.create_index("ix_comments_top_best", "comments",
                    ["target_type", "target_id", sa.text("score DESC"), sa.text("id DESC")],
                    sqlite_where=top_level, postgresql_where=top_level)
    op.create_index("ix_comments_top_id", "comments", ["target_type", "target_id", "id"],
                    sqlite_where=top_level, postgresql_where=top_level)
    op.create_index("ix_proposals_listing_supported", "proposals",
                    ["consultation_id", WITHDRAWN_LAST, sa.text("support_count DESC"),
                     sa.text("id DESC")])
    op.create_index("ix_proposals_listing_newest", "proposals",
                    ["consultation_id", WITHDRAWN_LAST, sa.text("id DESC")])


def downgrade():
    op.drop_index("ix_comments_top_id", table_name="comments")
    op.drop_index("ix_comments_top_best", table_name="comments")
    op.drop_index("ix_proposals_listing_newest", table_name="proposals")
    op.drop_index("ix_proposals_listing_supported", table_name="proposals")
    op.drop_index("ix_comments_consultation_channel", table_name="comments")
    op.drop_index("ix_proposals_consultation_channel", table_name="proposals")
    # Plain ALTER (SQLite 3.35+ has it): a batch copy of consultations would trip the
    # foreign keys of every row that points at it.
    op.execute("ALTER TABLE consultations DROP COLUMN input_count")
