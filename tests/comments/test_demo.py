"""The demo comments: threaded, several stances, votes, an edit and a tombstone; once only."""

from __future__ import annotations

from sqlalchemy import func, select

from engage import demo
from engage.comments.models import Comment, CommentRevision, CommentVote
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.proposals.models import Proposal


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_adds_realistic_comments_once(app):
    demo.seed()
    db.session.commit()
    comments = db.session.scalars(select(Comment)).all()
    counts = (len(comments), _count(CommentVote), _count(CommentRevision))

    assert len(comments) >= 25
    assert {c.target_type for c in comments} >= {"consultation", "proposal", "clause", "amendment"}
    assert {c.stance for c in comments} >= {"in_favour", "against", "neutral", None}
    assert max(c.depth for c in comments) >= 4  # deeper than shown: flattened at level 4
    assert counts[1] > 50
    edited = [c for c in comments if c.edited_at]
    deleted = [c for c in comments if c.is_deleted]
    assert len(edited) == 1 and len(deleted) == 1
    assert deleted[0].reply_count >= 1 and deleted[0].body == ""
    # Counters match the rows, because the service wrote them (held ones aren't counted yet).
    for consultation in db.session.scalars(select(Consultation)):
        on_it = [
            c
            for c in comments
            if (c.target_type, c.target_id) == ("consultation", consultation.id)
            and c.status != "pending"
        ]
        assert consultation.comment_count == len(on_it)
    for proposal in db.session.scalars(select(Proposal)):
        on_it = [
            c
            for c in comments
            if (c.target_type, c.target_id) == ("proposal", proposal.id) and c.status != "pending"
        ]
        assert proposal.comment_count == len(on_it)
    for comment in comments:
        votes = db.session.scalars(
            select(CommentVote.value).where(CommentVote.comment_id == comment.id)
        ).all()
        assert (comment.upvotes, comment.downvotes) == (votes.count(1), votes.count(-1))

    demo.seed()
    db.session.commit()
    assert (_count(Comment), _count(CommentVote), _count(CommentRevision)) == counts


def test_the_demo_thread_renders(app, client):
    demo.seed()
    db.session.commit()
    consultation = db.session.scalars(
        select(Consultation).where(Consultation.comment_count > 0)
    ).first()
    # The consultation's thread is on its discussion page (the hub).
    page = client.get(f"/consultations/{consultation.slug}/discussion")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "This comment was deleted by its author on" in html
    assert "in reply to" in html and ">edited<" in html
