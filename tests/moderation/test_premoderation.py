"""Pre-moderation: consultations that review before publishing, and new accounts' first
posts. Held content is seen by its author (marked "awaiting review") and moderators only."""

from __future__ import annotations

import pytest

from engage.audit.models import AuditEntry
from engage.comments.models import Comment
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.moderation import content
from engage.moderation.models import Visibility
from engage.proposals.models import Proposal
from engage.search import service as search
from tests.comments.helpers import post_comment, thread_url
from tests.consultations.helpers import field_value
from tests.consultations.test_editor import form as editor_form
from tests.factories import login, post_form
from tests.moderation.intake_helpers import cases, configured


@pytest.fixture
def reviewed(factories):
    return factories.consultation(review_before_publishing=True)


def _only(model):
    return db.session.execute(db.select(model)).scalar_one()


def test_a_comment_in_a_reviewed_consultation_waits_for_a_moderator(
    app, client, factories, reviewed
):
    author = factories.user(name="Newcomer")
    login(client, author)

    response = post_comment(client, reviewed, "Cameras in every **classroom**?")

    comment = _only(Comment)
    assert response.status_code == 303
    assert comment.status == "pending"
    [case] = cases("comment", comment.id)
    assert (case.trigger, case.state, case.signals) == ("premoderation", "open", "")
    assert db.session.get(Consultation, reviewed.id).comment_count == 0  # not public yet
    mine = client.get(thread_url(reviewed)).get_data(as_text=True)
    assert "Awaiting review" in mine and "<strong>classroom</strong>" in mine
    assert "Only you and the moderators can see it." in mine
    assert search.search("classroom").total == 0
    assert db.session.scalars(
        db.select(AuditEntry.action).where(AuditEntry.target_id == comment.id)
    ).all() == ["moderation.hold"]

    anonymous = app.test_client()
    assert "classroom" not in anonymous.get(thread_url(reviewed)).get_data(as_text=True)
    other = app.test_client()
    login(other, factories.user())
    html = other.get(thread_url(reviewed)).get_data(as_text=True)
    assert "classroom" not in html and f"comment-{comment.id}" not in html
    assert other.get(f"/comments/{comment.id}").status_code == 404

    moderator = app.test_client()
    login(moderator, factories.user("moderator"))
    html = moderator.get(thread_url(reviewed)).get_data(as_text=True)
    assert "<strong>classroom</strong>" in html


def test_htmx_posting_shows_the_author_their_held_comment(client, factories, reviewed):
    login(client, factories.user())

    response = post_comment(client, reviewed, "Held but shown to me.", htmx=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Held but shown to me." in html and "Awaiting review" in html


def test_a_proposal_in_a_reviewed_consultation_waits_and_is_listed_only_for_its_author(
    app, client, factories, reviewed
):
    author = factories.user()
    login(client, author)

    response = post_form(
        client,
        f"/consultations/{reviewed.slug}/proposals/new",
        {"title": "Ban live face matching", "body": "In all public places."},
    )

    proposal = _only(Proposal)
    assert response.status_code == 303
    assert proposal.visibility == "pending"
    assert db.session.get(Consultation, reviewed.id).proposal_count == 0
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Awaiting review" in page and "Ban live face matching" in page
    assert "waits for a moderator to review it" in page  # not "published"
    # The proposals' list is the consultation's proposals page (the hub).
    listing = client.get(f"/consultations/{reviewed.slug}/proposals").get_data(as_text=True)
    assert "Ban live face matching" in listing and "Awaiting review" in listing
    assert search.search("face matching").total == 0

    other = app.test_client()
    login(other, factories.user())
    assert other.get(f"/proposals/{proposal.id}").status_code == 404
    listing = other.get(f"/consultations/{reviewed.slug}/proposals").get_data(as_text=True)
    assert "Ban live face matching" not in listing


def test_approving_held_content_counts_and_indexes_it(factories, reviewed):
    comment = factories.comment(on=reviewed, body="Published after review.")
    assert comment.status == "pending"

    content.set_visibility(comment, Visibility.VISIBLE)
    db.session.commit()

    assert db.session.get(Comment, comment.id).status == "published"
    assert db.session.get(Consultation, reviewed.id).comment_count == 1
    assert search.search("review").total == 1


def test_replies_held_for_review_do_not_count_on_their_parent(factories, reviewed):
    parent = factories.comment(on=reviewed, author=factories.user("moderator"))
    reply = factories.comment(parent=parent)

    assert (parent.status, reply.status) == ("published", "pending")
    assert db.session.get(Comment, parent.id).reply_count == 0
    content.set_visibility(reply, Visibility.VISIBLE)
    assert db.session.get(Comment, parent.id).reply_count == 1


def test_staff_are_not_held(factories, reviewed):
    for role in ("moderator", "official", "admin"):
        comment = factories.comment(on=reviewed, author=factories.user(role))
        assert comment.status == "published", role


def test_officials_turn_review_on_in_the_consultation_editor(client, factories):
    official = factories.user("official")
    consultation = factories.consultation(official=official)
    login(client, official)
    url = f"/consultations/{consultation.slug}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'name="review_before_publishing"' in form and "Review before publishing" in form

    data = editor_form(review_before_publishing="y")
    data["opens_at"] = field_value(form, "opens_at")
    data["closes_at"] = field_value(form, "closes_at")
    response = post_form(client, url, data)

    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    assert db.session.get(Consultation, consultation.id).review_before_publishing is True
    entry = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "consultation.edited")
    ).one()
    assert (entry.before["review_before_publishing"], entry.after["review_before_publishing"]) == (
        False,
        True,
    )
    # Unticked, it goes off again.
    data.pop("review_before_publishing")
    assert post_form(client, url, data).status_code == 303
    assert db.session.get(Consultation, consultation.id).review_before_publishing is False


def test_a_new_accounts_first_posts_wait_for_review_when_configured(app, factories):
    consultation = factories.consultation()
    newcomer = factories.user()
    with configured(app, MODERATION_NEW_ACCOUNT_POSTS=1):
        first = factories.comment(on=consultation, author=newcomer)
        second = factories.comment(on=consultation, author=newcomer)
        assert (first.status, second.status) == ("pending", "pending")
        assert cases("comment", first.id)[0].trigger == "new_account"
        # Once a moderator has let one through, the next one is published straight away.
        content.set_visibility(first, Visibility.VISIBLE)
        third = factories.comment(on=consultation, author=newcomer)
        assert third.status == "published"


def test_new_accounts_are_not_held_by_default(factories):
    assert factories.comment().status == "published"


def test_amendments_count_towards_a_new_accounts_first_posts(app, factories):
    newcomer = factories.user()
    with configured(app, MODERATION_NEW_ACCOUNT_POSTS=1):
        amendment = factories.amendment(author=newcomer)
        assert amendment.visibility == "pending"
        assert cases("amendment", amendment.id)[0].trigger == "new_account"
        content.set_visibility(amendment, Visibility.VISIBLE)
        assert factories.comment(author=newcomer).status == "published"
