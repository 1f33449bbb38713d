"""A consultation's kept count of published comments (shown on its summary) always equals
the rows: through posting, replies, comments on its proposals, pre-moderation, hiding,
the author's deletion, account deletion, and a row deleted outright."""

from __future__ import annotations

from engage.comments import service
from engage.comments.models import Comment
from engage.comments.queries import published_in_consultation
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.moderation import content
from engage.moderation.models import Visibility
from engage.privacy.deletion import delete_account
from tests.factories import login


def _kept(consultation_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Consultation, consultation_id).comment_total


def _agrees(consultation_id: int, expected: int) -> None:
    db.session.commit()
    assert _kept(consultation_id) == published_in_consultation(consultation_id) == expected


def test_the_kept_total_follows_every_change(factories):
    consultation = factories.consultation("open")
    cid = consultation.id
    other = factories.consultation("open")
    proposal = factories.proposal(consultation)
    author = factories.user()
    first = factories.comment(on=consultation, author=author)
    reply = factories.comment(parent=first)
    on_proposal = factories.comment(on=proposal, author=author)
    factories.comment(on=other)
    _agrees(cid, 3)
    _agrees(other.id, 1)

    content.set_visibility(db.session.get(Comment, on_proposal.id), Visibility.HIDDEN)
    _agrees(cid, 2)
    content.set_visibility(db.session.get(Comment, on_proposal.id), Visibility.VISIBLE)
    _agrees(cid, 3)

    service.delete_comment(db.session.get(Comment, reply.id))
    _agrees(cid, 2)

    # Expired after the commit: the hook still learns the status it had.
    db.session.expire_all()
    held = db.session.get(Comment, first.id)
    content.set_visibility(held, Visibility.PENDING)
    _agrees(cid, 1)
    content.set_visibility(db.session.get(Comment, first.id), Visibility.VISIBLE)
    _agrees(cid, 2)

    delete_account(db.session.get(type(author), author.id), "remove")
    _agrees(cid, 0)
    _agrees(other.id, 1)


def test_a_held_comment_counts_once_released_and_a_deleted_row_stops_counting(client, factories):
    consultation = factories.consultation("open", review_before_publishing=True)
    comment = factories.comment(on=consultation)
    _agrees(consultation.id, 0)
    content.set_visibility(db.session.get(Comment, comment.id), Visibility.VISIBLE)
    _agrees(consultation.id, 1)
    db.session.delete(db.session.get(Comment, comment.id))
    _agrees(consultation.id, 0)


def test_the_summary_shows_the_kept_total(client, factories):
    login(client, factories.user())
    consultation = factories.consultation("open")
    for _ in range(3):
        factories.comment(on=consultation)
    db.session.commit()
    html = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "3 comments" in html
