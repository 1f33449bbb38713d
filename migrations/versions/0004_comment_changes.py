"""comment changes: root_id for loading a whole reply tree in one query; (score, id) keyset index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('root_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_comments_root_id_comments'), 'comments', ['root_id'], ['id']
        )
        batch_op.create_index('ix_comments_root', ['root_id', 'id'], unique=False)
        batch_op.drop_index('ix_comments_target_score')
        batch_op.create_index(
            'ix_comments_target_score',
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
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_target_score')
        batch_op.create_index(
            'ix_comments_target_score',
            ['target_type', 'target_id', 'parent_id', 'score'],
            unique=False,
        )
        batch_op.drop_index('ix_comments_root')
        batch_op.drop_constraint(batch_op.f('fk_comments_root_id_comments'), type_='foreignkey')
        batch_op.drop_column('root_id')
