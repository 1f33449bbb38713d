"""The opinion map's tables hold what the issue asks: one vote per person per statement,
values agree/pass/disagree only, and no two statements alike in one consultation."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from engage.extensions import db
from engage.opinion_map.models import OpinionMap, OpinionStatement, OpinionVote


def _statement(consultation, text="Cameras should need a warrant", normalized=None):
    statement = OpinionStatement(
        consultation_id=consultation.id,
        text=text,
        normalized_text=normalized or text.lower(),
    )
    db.session.add(statement)
    db.session.flush()
    return statement


def test_map_defaults_to_premoderation(factories):
    consultation = factories.consultation()
    opinion_map = OpinionMap(consultation_id=consultation.id)
    db.session.add(opinion_map)
    db.session.flush()
    assert opinion_map.enabled is True
    assert opinion_map.premoderation is True
    assert (opinion_map.vote_count, opinion_map.participant_count) == (0, 0)


def test_one_vote_per_person_per_statement(factories):
    consultation = factories.consultation()
    resident = factories.user()
    statement = _statement(consultation)
    assert statement.visibility == "visible"
    db.session.add(
        OpinionVote(
            consultation_id=consultation.id, statement_id=statement.id, user_id=resident.id, value=1
        )
    )
    db.session.flush()
    db.session.add(
        OpinionVote(
            consultation_id=consultation.id,
            statement_id=statement.id,
            user_id=resident.id,
            value=-1,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_vote_values_are_agree_pass_disagree(factories):
    consultation = factories.consultation()
    resident = factories.user()
    statement = _statement(consultation)
    db.session.add(
        OpinionVote(
            consultation_id=consultation.id, statement_id=statement.id, user_id=resident.id, value=2
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_same_normalised_text_refused_in_one_consultation_only(factories):
    first, second = factories.consultation(), factories.consultation()
    _statement(first, "Ban it.", "ban it")
    _statement(second, "Ban it!", "ban it")  # another consultation: fine
    with pytest.raises(IntegrityError):
        _statement(first, "BAN IT", "ban it")
    db.session.rollback()
