"""csv_imports: the files imported into each consultation, by the hash of their bytes

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-03

Importing the same CSV of paper submissions twice added every row twice, without a
warning. Each import now remembers its file's SHA-256 per consultation, so a repeated
file is recognised and its rows shown before anything is added again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "csv_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("official_id", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_csv_imports_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["official_id"], ["users.id"], name=op.f("fk_csv_imports_official_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_csv_imports")),
    )
    op.create_index(
        "ix_csv_imports_consultation_sha256", "csv_imports", ["consultation_id", "sha256"]
    )


def downgrade():
    op.drop_index("ix_csv_imports_consultation_sha256", table_name="csv_imports")
    op.drop_table("csv_imports")
