"""Migration 0030 fills the breakdown tallies from the answers already there, as the
running tallies count them, and goes away on downgrade."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from config import TestingConfig
from engage.extensions import db
from engage.surveys import service, tallies
from engage.surveys.answers import check
from engage.surveys.queries import questions_of
from tests.apps import separate_app
from tests.factories import Factories
from tests.surveys.helpers import survey


def test_0030_fills_the_breakdowns_from_existing_answers(tmp_path):
    with separate_app(TestingConfig, tmp_path) as other, other.app_context():
        upgrade()
        made = survey(Factories())
        official = made.questionnaire.consultation.official
        questions = questions_of(made.questionnaire)
        for single, places in ((0, (0, 1)), (0, (1,)), (1, (2,)), (2, ())):
            form = {f"q-{made.single.id}": str(made.option(made.single, single))}
            form[f"q-{made.multiple.id}"] = [str(made.option(made.multiple, n)) for n in places]
            for position, option in enumerate(made.ranking.options, start=1):
                form[f"q-{made.ranking.id}-rank-{option.id}"] = str(position)
            checked = check(questions, form, required=False)
            service.record_paper(official, made.questionnaire, "paper", None, questions, checked)
        db.session.commit()
        ids = [q.id for q in questions]
        kept = tallies.read_pairs(made.single.id, ids)
        assert sum(kept.values()) == 4 + 4  # each person's places and first-ranked option

        downgrade(revision="0029")
        assert "survey_breakdown_tallies" not in inspect(db.engine).get_table_names()
        upgrade()
        assert tallies.read_pairs(made.single.id, ids) == kept
        assert {k[1:]: v for k, v in tallies.recount_pairs(ids).items()} == kept
