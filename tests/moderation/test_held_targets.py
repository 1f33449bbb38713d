"""Security finding 3: comment threads, comments and follows apply the same visibility
rules as the item's own page. A proposal held for review exists only for its author and
the moderators (404 for everyone else, whatever the route); a hidden one shows its
placeholder, never its title, and takes no new comments or follows."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engage.comments.models import Comment
from engage.extensions import db
from engage.notifications.models import Follow
from tests.consultations.helpers import HX, post, text
from tests.factories import login

TITLE = "Secret plan for the old depot"


@pytest.fixture
def people(factories):
    return {
        "author": factories.user(name="Ada Author"),
        "other": factories.user(name="Otto Other"),
        "moderator": factories.user("moderator", name="Mo Moderator"),
    }


def _client(app, user):
    client = app.test_client()
    if user is not None:
        login(client, user)
    return client


def _held(factories, people, visibility: str):
    proposal = factories.proposal(author=people["author"], title=TITLE, visibility=visibility)
    comment = factories.comment(proposal, author=people["author"], body="My own note.")
    return proposal, comment


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_pending_proposal_s_thread_and_comments_are_404_for_everyone_else(app, factories, people):
    proposal, comment = _held(factories, people, "pending")
    thread = f"/comments/thread?target_type=proposal&target_id={proposal.id}"
    pages = [thread, f"/comments/{comment.id}", f"/comments/{comment.id}/history"]
    for who in (None, people["other"]):
        client = _client(app, who)
        for url in pages:
            for headers in ({}, HX):
                response = client.get(url, headers=headers)
                assert response.status_code == 404, (who, url, headers)
                assert TITLE not in text(response)
    for who in (people["author"], people["moderator"]):
        response = _client(app, who).get(thread)
        assert response.status_code == 200 and TITLE in text(response)


def test_others_can_neither_comment_on_nor_follow_a_pending_proposal(app, factories, people):
    proposal, _comment = _held(factories, people, "pending")
    other = _client(app, people["other"])
    data = {"target_type": "proposal", "target_id": proposal.id, "body": "Sneaky comment."}
    assert post(other, "/comments", data).status_code == 404
    assert post(other, f"/follow/proposal/{proposal.id}").status_code == 404
    assert _count(Comment) == 1
    assert db.session.scalar(select(Follow).filter_by(user_id=people["other"].id)) is None


def test_a_hidden_proposal_s_thread_shows_the_placeholder_not_the_title(app, factories, people):
    proposal, comment = _held(factories, people, "hidden")
    for who in (None, people["other"]):
        client = _client(app, who)
        for url in (
            f"/comments/thread?target_type=proposal&target_id={proposal.id}",
            f"/comments/{comment.id}",
        ):
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            assert TITLE not in text(response), (who, url)
            assert "Hidden proposal" in text(response)
    own = _client(app, people["author"]).get(f"/comments/{comment.id}")
    assert TITLE in text(own)


def test_nobody_can_comment_on_or_follow_a_hidden_proposal(app, factories, people):
    proposal, _comment = _held(factories, people, "hidden")
    for who in ("other", "author"):
        client = _client(app, people[who])
        data = {"target_type": "proposal", "target_id": proposal.id, "body": "A new comment."}
        response = post(client, "/comments", data)
        assert response.status_code == 403, who
        assert "hidden by moderation" in text(response)
    other = _client(app, people["other"])
    assert post(other, f"/follow/proposal/{proposal.id}").status_code == 404
    assert _count(Comment) == 1
    assert db.session.scalar(select(Follow).filter_by(user_id=people["other"].id)) is None
    page = text(other.get(f"/proposals/{proposal.id}"))
    assert "Add a comment" not in page and TITLE not in page


def test_a_visible_proposal_is_unchanged(app, factories, people):
    proposal, _comment = _held(factories, people, "visible")
    other = _client(app, people["other"])
    response = other.get(f"/comments/thread?target_type=proposal&target_id={proposal.id}")
    assert response.status_code == 200 and TITLE in text(response)
    data = {"target_type": "proposal", "target_id": proposal.id, "body": "A fair comment."}
    assert post(other, "/comments", data).status_code == 303
    assert post(other, f"/follow/proposal/{proposal.id}").status_code == 303


def test_following_never_sends_you_off_the_site(app, factories, people):
    proposal, _comment = _held(factories, people, "visible")
    other = _client(app, people["other"])
    for bad in ("/\\evil.example/", "//evil.example/", "https://evil.example/", "/\t/evil"):
        response = post(other, f"/follow/proposal/{proposal.id}", {"next": bad})
        assert response.headers["Location"] == f"/proposals/{proposal.id}", bad
