"""moderation intake: reports, cases, visibility of content

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
