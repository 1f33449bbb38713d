"""comment changes: root_id for loading a whole reply tree in one query; (score, id) keyset index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

Plain ALTER TABLE ADD/DROP COLUMN and index changes only: no table rebuild on SQLite, so
this runs with comments, votes and revisions in place (and foreign keys enforced).
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('comments', sa.Column('root_id', sa.Integer(), nullable=True))
    op.create_index('ix_comments_root', 'comments', ['root_id', 'id'], unique=False)
    op.drop_index('ix_comments_target_score', table_name='comments')
    op.create_index(
        'ix_comments_target_score',
        'comments',
        ['target_type', 'target_id', 'parent_id', 'score', 'id'],
        unique=False,
    )

    # Existing replies: fill root_id level by level (a parent's root is known before its child's).
    conn = op.get_bind()
    max_depth = conn.execute(sa.text('SELECT MAX(depth) FROM comments')).scalar() or 0
    for depth in range(1, max_depth + 1):
        conn.execute(
            sa.text(
                'UPDATE comments SET root_id = ('
                ' SELECT COALESCE(p.root_id, p.id) FROM comments p'
                ' WHERE p.id = comments.parent_id)'
                ' WHERE depth = :depth'
            ),
            {'depth': depth},
        )


def downgrade():
    op.drop_index('ix_comments_target_score', table_name='comments')
    op.create_index(
        'ix_comments_target_score',
        'comments',
        ['target_type', 'target_id', 'parent_id', 'score'],
        unique=False,
    )
    op.drop_index('ix_comments_root', table_name='comments')
    op.drop_column('comments', 'root_id')
