"""Agree / disagree on comments: one vote per person, changeable, counted in SQL."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy.exc import IntegrityError

from engage.comments import service
from engage.comments.models import Comment, CommentVote
from engage.extensions import db
from tests.comments.helpers import HTMX, is_full_page, thread_url, token, vote
from tests.factories import login


@pytest.fixture
def comment(factories):
    return factories.comment(author=factories.user(name="Amina K."))


@pytest.fixture
def voter(client, factories):
    user = factories.user(name="Voter")
    login(client, user)
    return user


def _counts(comment) -> tuple[int, int, int]:
    fresh = db.session.get(Comment, comment.id)
    db.session.refresh(fresh)
    return fresh.upvotes, fresh.downvotes, fresh.score


def _votes() -> list[tuple[int, int, int]]:
    rows = db.session.execute(
        db.select(CommentVote.comment_id, CommentVote.user_id, CommentVote.value)
    )
    return [tuple(r) for r in rows]


def test_agree_then_change_to_disagree_then_take_it_back(client, comment, voter):
    assert vote(client, comment, "up").status_code == 303
    assert _counts(comment) == (1, 0, 1)
    assert _votes() == [(comment.id, voter.id, 1)]

    vote(client, comment, "down")
    assert _counts(comment) == (0, 1, -1)
    assert _votes() == [(comment.id, voter.id, -1)]

    vote(client, comment, "down")  # the same again removes it
    assert _counts(comment) == (0, 0, 0)
    assert _votes() == []


def test_votes_from_several_people_add_up(app, factories, comment):
    for value in ("up", "up", "down", "up"):
        client = app.test_client()
        login(client, factories.user())
        vote(client, comment, value)
    assert _counts(comment) == (3, 1, 2)


def test_the_vote_redirects_to_the_comment_without_javascript(client, comment, voter):
    response = vote(client, comment, "up")
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")


def test_the_thread_shows_pressed_state_and_counts(client, comment, voter):
    vote(client, comment, "up")
    page = client.get(thread_url(_target(comment))).get_data(as_text=True)
    assert 'aria-pressed="true"' in page and 'aria-pressed="false"' in page
    # Compact controls (issue 22): the name says what the count means; the count is shown.
    assert (
        'Agree<span class="visually-hidden"> with Amina K.\'s comment (1 person agrees)</span>'
        '\n      <span class="vote-button__count" aria-hidden="true">(1)</span>'
    ) in page
    disagree = 'Disagree<span class="visually-hidden"> with Amina K.\'s comment'
    assert f"{disagree} (0 people disagree)" in page
    assert "You agree." in page


def _target(comment):
    from engage.consultations.models import Consultation

    return db.session.get(Consultation, comment.consultation_id)


def test_htmx_vote_returns_the_widget_with_counts_and_an_announcement(client, comment, voter):
    response = vote(client, comment, "up", htmx=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and not is_full_page(html)
    assert html.lstrip().startswith(f'<div class="cluster comment__votes" id="votes-{comment.id}"')
    assert "Vote recorded: you agree. 1 agree, 0 disagree." in html
    assert 'id="comments-status" data-hx-swap-oob="innerHTML"' in html
    # Focus stays on the button that was pressed, now pressed.
    assert 'aria-pressed="true" data-focus-after-swap' in html

    html = vote(client, comment, "up", htmx=True).get_data(as_text=True)
    assert "Vote removed. 0 agree, 0 disagree." in html


def test_authors_cannot_vote_on_their_own_comment(client, factories):
    author = factories.user(name="Self Voter")
    comment = factories.comment(author=author)
    login(client, author)

    page = client.get(thread_url(_target(comment))).get_data(as_text=True)
    response = vote(client, comment, "up")

    assert "You can't vote on your own comment." in page
    assert f"/comments/{comment.id}/vote" not in page
    assert response.status_code == 403
    assert "You can't vote on your own comment." in unescape(response.get_data(as_text=True))
    assert _counts(comment) == (0, 0, 0)


def test_nonsense_values_are_a_bad_request(client, comment, voter):
    assert vote(client, comment, "sideways").status_code == 400
    assert _counts(comment) == (0, 0, 0)


def test_voting_is_refused_when_closed_unverified_or_deleted(app, factories):
    closed = factories.comment(factories.consultation(status="closed"))
    client = app.test_client()
    login(client, factories.user())
    response = vote(client, closed, "up", htmx=True)
    assert response.status_code == 403
    assert "Comments are closed because" in response.get_data(as_text=True)

    open_comment = factories.comment()
    unverified = app.test_client()
    login(unverified, factories.user(verified=False))
    assert vote(unverified, open_comment, "up").status_code == 403

    service.delete_comment(open_comment)
    db.session.commit()
    assert vote(client, open_comment, "up").status_code == 403
    assert _counts(open_comment) == (0, 0, 0)


def test_anonymous_votes_go_to_sign_in(client, comment):
    response = client.post(
        f"/comments/{comment.id}/vote", data={"csrf_token": token(client), "value": "up"}
    )
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_a_simultaneous_duplicate_vote_is_not_counted_twice(factories, comment, monkeypatch):
    """The second insert loses on the unique constraint; the first vote stands, counted once."""
    user = factories.user()
    assert service.vote(user, comment, 1) == 1
    db.session.commit()
    # A second request that read "no vote yet" just before the first one committed:
    original = db.session.execute

    def stale_read(statement, *args, **kwargs):
        if "FROM comment_votes" in str(statement) and "comment_votes.id" in str(statement):
            monkeypatch.setattr(db.session, "execute", original)
            return _NoRow()
        return original(statement, *args, **kwargs)

    monkeypatch.setattr(db.session, "execute", stale_read)
    assert service.vote(user, comment, 1) == 1
    db.session.commit()
    assert _counts(comment) == (1, 0, 1)
    assert len(_votes()) == 1


class _NoRow:
    def first(self):
        return None


def test_the_database_refuses_a_second_vote_by_the_same_person(factories, comment):
    user = factories.user()
    db.session.add_all(
        [
            CommentVote(comment_id=comment.id, user_id=user.id, value=1),
            CommentVote(comment_id=comment.id, user_id=user.id, value=-1),
        ]
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_vote_rate_limit_gives_a_friendly_429(app, client, comment, voter, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_COMMENT_VOTE", "3 per minute")
    for _ in range(3):
        assert vote(client, comment, "up").status_code == 303
    page = vote(client, comment, "up")
    fragment = vote(client, comment, "down", htmx=True)
    assert page.status_code == fragment.status_code == 429
    assert "Too many attempts" in page.get_data(as_text=True)
    html = fragment.get_data(as_text=True)
    assert "voting faster than we allow" in html and f'id="votes-{comment.id}"' in html
    assert int(fragment.headers["Retry-After"]) > 0
    assert _counts(comment) == (1, 0, 1)  # up, removed, up; then refused


def test_htmx_header_alone_does_not_change_the_no_javascript_path(client, comment, voter):
    response = client.post(
        f"/comments/{comment.id}/vote",
        data={"csrf_token": token(client), "value": "up"},
        headers={**HTMX, "HX-Boosted": "true"},
    )
    assert response.status_code == 303  # a boosted form is a page navigation
