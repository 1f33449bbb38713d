"""Spam signals hold content for review (never reject it) and tell the moderator which
signal fired; one open case per item; the content adapter over every kind of item."""

from __future__ import annotations

import pytest

from engage.comments.models import Comment
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.moderation import content, intake
from engage.moderation.models import CaseTrigger, Visibility
from engage.proposals.models import Proposal
from tests.comments.helpers import post_comment
from tests.factories import login
from tests.moderation.intake_helpers import cases, configured


@pytest.fixture
def signals_on(app):
    with configured(
        app, MODERATION_SPAM_SIGNALS=True, MODERATION_SPAM_MAX_LINKS=3, MODERATION_SPAM_BURST=4
    ):
        yield


def test_many_links_hold_a_comment_and_say_so(client, factories, signals_on):
    consultation = factories.consultation()
    login(client, factories.user())
    links = " ".join(f"https://cheap{n}.example" for n in range(4))

    response = post_comment(client, consultation, f"Great deals: {links}")

    comment = db.session.execute(db.select(Comment)).scalar_one()
    assert response.status_code == 303  # accepted, not refused
    assert comment.status == "pending"
    [case] = cases("comment", comment.id)
    assert (case.trigger, case.signals) == (CaseTrigger.SPAM, "Many links: 4")
    html = client.get(f"/comments/{comment.id}").get_data(as_text=True)
    assert "Awaiting review: held by an automatic check" in html


def test_three_links_are_fine(factories, signals_on):
    links = " ".join(f"https://ok{n}.example" for n in range(3))
    assert factories.comment(body=f"Sources: {links}").status == "published"


def test_the_same_text_posted_again_is_held(factories, signals_on):
    author = factories.user()
    consultation = factories.consultation()
    first = factories.comment(on=consultation, author=author, body="Vote for my party!")
    second = factories.comment(on=consultation, author=author, body="Vote for my party!")

    assert (first.status, second.status) == ("published", "pending")
    assert cases("comment", second.id)[0].signals == (
        "Same text posted before: 1 time(s) in the last day"
    )
    # Someone else saying the same words is not a repeat.
    assert factories.comment(on=consultation, body="Vote for my party!").status == "published"


def test_a_posting_burst_is_held(factories, signals_on):
    author = factories.user()
    consultation = factories.consultation()
    statuses = [
        factories.comment(on=consultation, author=author, body=f"Point {n}").status
        for n in range(5)
    ]
    assert statuses == ["published"] * 4 + ["pending"]
    last = db.session.scalars(db.select(Comment).order_by(Comment.id.desc())).first()
    assert "Posting burst: 5 posts in 10 minutes" in cases("comment", last.id)[0].signals


def test_a_proposal_with_many_links_is_held_and_not_counted(factories, signals_on):
    from engage.proposals import service

    consultation = factories.consultation()
    links = "\n".join(f"- https://spam{n}.example" for n in range(5))
    proposal = service.create(factories.user(), consultation, "Visit these", links)
    db.session.commit()

    assert proposal.visibility == "pending"
    assert db.session.get(Consultation, consultation.id).proposal_count == 0
    assert "Many links: 5" in cases("proposal", proposal.id)[0].signals


def test_signals_are_off_when_configured_off(app, factories):
    links = " ".join(f"https://cheap{n}.example" for n in range(20))
    assert factories.comment(body=links).status == "published"


def test_one_open_case_per_item(factories):
    comment = factories.comment()
    first = intake.open_case(comment, "reports")
    second = intake.open_case(comment, CaseTrigger.SPAM, signals="Many links: 9")
    db.session.commit()

    assert first.id == second.id
    assert cases("comment", comment.id)[0].signals == "Many links: 9"


def test_the_adapter_speaks_for_every_kind(app, factories):
    consultation = factories.consultation()
    proposal = factories.proposal(consultation, title="Title", body="Body **text**")
    comment = factories.comment(on=proposal, body="A comment")
    person = factories.user()

    with app.test_request_context():
        assert content.load("proposal", proposal.id) is proposal
        assert content.load("comment", comment.id) is comment
        assert content.load("user", person.id) is person
        assert content.load("nonsense", 1) is None
        assert [content.kind(x) for x in (proposal, comment, person)] == [
            "proposal",
            "comment",
            "user",
        ]
        assert content.author_id(person) == person.id
        assert content.consultation_id(comment) == consultation.id
        assert content.consultation_id(person) is None
        assert content.url(proposal) == f"/proposals/{proposal.id}"
        assert content.url(comment).startswith(f"/comments/{comment.id}")
        assert content.excerpt(proposal) == "Title Body **text**"
        assert content.excerpt(comment, length=5) == "A co…"

    assert content.set_visibility(proposal, Visibility.HIDDEN) is True
    assert content.set_visibility(proposal, Visibility.HIDDEN) is False
    assert db.session.get(Consultation, consultation.id).proposal_count == 1  # placeholder
    assert content.set_visibility(proposal, Visibility.PENDING) is True
    assert db.session.get(Consultation, consultation.id).proposal_count == 0
    assert content.set_visibility(comment, Visibility.PENDING) is True
    assert db.session.get(Proposal, proposal.id).comment_count == 0
    assert content.set_visibility(comment, Visibility.HIDDEN) is True
    assert db.session.get(Proposal, proposal.id).comment_count == 1
    with pytest.raises(ValueError):
        content.set_visibility(comment, "gone")


def test_a_deleted_comment_stays_a_tombstone(factories):
    from engage.comments.service import delete_comment

    comment = factories.comment()
    delete_comment(comment)
    assert content.visibility(comment) == Visibility.VISIBLE
    assert content.set_visibility(comment, Visibility.HIDDEN) is False
    assert comment.status == "deleted"


def test_rebuilding_the_search_index_leaves_held_and_hidden_content_out(factories):
    from engage.search import service as search

    consultation = factories.consultation()
    hidden = factories.proposal(consultation, title="Zebra crossings everywhere")
    comment = factories.comment(on=consultation, body="Zebra stripes on the pavement")
    content.set_visibility(hidden, Visibility.HIDDEN)
    content.set_visibility(comment, Visibility.PENDING)
    db.session.commit()

    search.reindex_all()
    db.session.commit()

    assert search.search("zebra").total == 0
