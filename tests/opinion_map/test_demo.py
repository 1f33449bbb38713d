"""The demo opinion map: 40 statements on the facial recognition consultation, about 300
voters in three planted camps whose groups the analysis finds; once only."""

from __future__ import annotations

from sqlalchemy import func, select

from engage import demo
from engage.demo.opinion_map import STATEMENTS
from engage.extensions import db
from engage.opinion_map.analysis import analyse
from engage.opinion_map.models import OpinionMap, OpinionStatement, OpinionVote


def test_demo_map_has_three_camps_and_its_consensus(app):
    demo.seed()
    db.session.commit()
    the_map = db.session.scalar(select(OpinionMap))
    statements = db.session.scalars(select(OpinionStatement)).all()
    visible = [s for s in statements if s.visibility == "visible"]
    assert len(visible) == 40 == the_map.statement_count
    assert [s.visibility for s in statements].count("pending") == 1  # waits in the queue
    votes = db.session.execute(
        select(OpinionVote.user_id, OpinionVote.statement_id, OpinionVote.value)
    ).all()
    assert the_map.vote_count == len(votes) > 6000
    assert the_map.participant_count == len({v.user_id for v in votes}) == 300
    # The counts on each statement are those of its rows.
    for statement in visible:
        rows = [v.value for v in votes if v.statement_id == statement.id]
        assert (statement.agree_count, statement.disagree_count, statement.pass_count) == (
            rows.count(1),
            rows.count(-1),
            rows.count(0),
        )

    result = analyse([(str(u), s, v) for u, s, v in votes], [s.id for s in visible])
    assert result.k == 3
    by_text = {s.id: s.text for s in visible}
    planted = {text for text, views in STATEMENTS if views == (1, 1, 1)}
    found = {by_text[item.statement_id] for item in result.consensus}
    assert planted <= found, found - planted

    demo.seed()  # a second run adds nothing
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OpinionVote)) == len(votes)
