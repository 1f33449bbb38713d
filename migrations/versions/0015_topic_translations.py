"""topic translations: a topic's name in each other language

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02

Topic names were shown in the original language on every page. Like a consultation's
texts, a topic's name can now be given per language; without one the original shows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "topic_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_topic_translations_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_translations")),
        sa.UniqueConstraint(
            "topic_id", "locale", name=op.f("uq_topic_translations_topic_id_locale")
        ),
    )


def downgrade():
    op.drop_table("topic_translations")
