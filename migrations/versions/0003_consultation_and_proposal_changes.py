"""consultation and proposal changes: the author's reason for withdrawing a proposal

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('withdrawal_reason', sa.Text(), nullable=False, server_default='')
        )


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('withdrawal_reason')
