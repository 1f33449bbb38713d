"""survey_tallies: running counts of counted answers per question and key

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03

Results read these instead of grouping every answer row (20,000 respondents x 30
questions is a million rows); an index finds a question's latest published texts.
Tallies are rebuilt from the answers on upgrade.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_survey_tallies_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_tallies")),
        sa.UniqueConstraint("question_id", "key", name=op.f("uq_survey_tallies_question_id_key")),
    )
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_answers_texts", ["question_id", "text_status", "id"], unique=False
        )

    _rebuild()


def _rebuild() -> None:
    # Existing answers: their tallies, grouped as engage.surveys.tallies keys them.
    op.execute(
        "INSERT INTO survey_tallies (question_id, key, count) "
        "SELECT question_id, CASE WHEN option_id IS NOT NULL AND rank IS NULL "
        "THEN 'o' || option_id WHEN option_id IS NOT NULL THEN 'o' || option_id || 'r' || rank "
        "WHEN number IS NOT NULL THEN 'n' || number ELSE 'other' END, count(*) "
        "FROM survey_answers WHERE counted GROUP BY 1, 2"
    )
    op.execute(
        "INSERT INTO survey_tallies (question_id, key, count) "
        "SELECT question_id, 'answered', count(DISTINCT response_id) FROM survey_answers "
        "WHERE counted GROUP BY question_id"
    )
    op.execute(
        "INSERT INTO survey_tallies (question_id, key, count) "
        "SELECT question_id, 'published', count(*) FROM survey_answers "
        "WHERE counted AND text_status = 'published' GROUP BY question_id"
    )


def downgrade():
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_answers_texts")

    op.drop_table("survey_tallies")
