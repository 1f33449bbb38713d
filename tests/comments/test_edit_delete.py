"""Authors edit (with a public history) and delete (a tombstone that keeps the replies)."""

from __future__ import annotations

from html import unescape

import pytest

from engage.comments.models import Comment, CommentRevision
from engage.consultations.models import Consultation
from engage.extensions import db
from tests.comments.helpers import HTMX, is_full_page, post, thread_url
from tests.factories import login


@pytest.fixture
def author(client, factories):
    user = factories.user(name="Amina K.")
    login(client, user)
    return user


@pytest.fixture
def comment(factories, author):
    return factories.comment(author=author, body="First thoughts.")


def _fresh(comment) -> Comment:
    db.session.expire_all()
    return db.session.get(Comment, comment.id)


def _consultation(comment) -> Consultation:
    return db.session.get(Consultation, comment.consultation_id)


def test_edit_page_shows_the_current_text(client, comment):
    response = client.get(f"/comments/{comment.id}/edit")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and is_full_page(html)
    assert "<h1>Edit your comment</h1>" in html and "First thoughts." in html


def test_edit_fragment_for_htmx_replaces_the_comment_and_focuses_the_text(client, comment):
    html = client.get(f"/comments/{comment.id}/edit", headers=HTMX).get_data(as_text=True)
    assert not is_full_page(html)
    assert html.lstrip().startswith('<div class="comment__main stack"')
    assert f'id="comment-main-{comment.id}"' in html.split(">")[0]
    assert f'data-hx-target="#comment-main-{comment.id}"' in html
    assert "data-focus-after-swap" in html


def test_editing_keeps_the_old_text_in_a_public_history(app, client, comment):
    response = post(client, f"/comments/{comment.id}/edit", {"body": "Second thoughts."})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    fresh = _fresh(comment)
    assert fresh.body == "Second thoughts." and fresh.edited_at is not None
    assert fresh.revision_count == 1
    revisions = db.session.scalars(db.select(CommentRevision)).all()
    assert [r.body for r in revisions] == ["First thoughts."]

    anonymous = app.test_client()
    thread = anonymous.get(thread_url(_consultation(comment))).get_data(as_text=True)
    assert f'href="/comments/{comment.id}/history">edited' in thread
    history = anonymous.get(f"/comments/{comment.id}/history")
    html = history.get_data(as_text=True)
    assert history.status_code == 200
    assert "Second thoughts." in html and "First thoughts." in html


def test_editing_with_htmx_returns_the_updated_comment_and_an_announcement(client, comment):
    response = post(client, f"/comments/{comment.id}/edit", {"body": "Revised."}, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and not is_full_page(html)
    assert f'id="comment-main-{comment.id}"' in html and "Revised." in html
    assert ">edited<" in html and "Your changes are saved." in html


def test_saving_the_same_text_adds_no_revision(client, comment):
    post(client, f"/comments/{comment.id}/edit", {"body": "First thoughts."})
    assert _fresh(comment).revision_count == 0 and _fresh(comment).edited_at is None


def test_the_stance_can_change_on_a_proposal_comment(client, factories, author):
    comment = factories.comment(factories.proposal(), author=author, stance="against")
    post(client, f"/comments/{comment.id}/edit", {"body": comment.body, "stance": "in_favour"})
    assert _fresh(comment).stance == "in_favour"
    revision = db.session.scalars(db.select(CommentRevision)).one()
    assert revision.stance == "against"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_invalid_edits_keep_the_text(client, comment, htmx):
    response = post(client, f"/comments/{comment.id}/edit", {"body": "z" * 5001}, htmx=htmx)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "z" * 5001 in html and "too long" in html
    assert is_full_page(html) is not htmx
    assert _fresh(comment).body == "First thoughts."

    blank = post(client, f"/comments/{comment.id}/edit", {"body": "  "}, htmx=htmx)
    assert blank.status_code == 422 and "Write your comment" in blank.get_data(as_text=True)


def test_only_the_author_may_edit_or_delete(app, factories, comment):
    client = app.test_client()
    login(client, factories.user())
    thread = client.get(thread_url(_consultation(comment))).get_data(as_text=True)
    assert f"/comments/{comment.id}/edit" not in thread
    assert f"/comments/{comment.id}/delete" not in thread
    assert client.get(f"/comments/{comment.id}/edit").status_code == 403
    assert post(client, f"/comments/{comment.id}/edit", {"body": "Hijack"}).status_code == 403
    assert post(client, f"/comments/{comment.id}/delete", {}).status_code == 403
    assert _fresh(comment).body == "First thoughts." and not _fresh(comment).is_deleted


def test_no_edits_or_deletions_after_the_consultation_closes(client, factories, author):
    comment = factories.comment(factories.consultation(status="closed"), author=author)
    response = post(client, f"/comments/{comment.id}/edit", {"body": "Late change"})
    assert response.status_code == 403
    assert "Comments are closed because" in unescape(response.get_data(as_text=True))
    assert post(client, f"/comments/{comment.id}/delete", {}).status_code == 403


def test_delete_leaves_a_tombstone_that_keeps_replies_and_counts(client, factories, comment):
    reply = factories.comment(parent=comment, body="A reply that stays.")
    consultation = _consultation(comment)

    response = post(client, f"/comments/{comment.id}/delete", {})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    fresh = _fresh(comment)
    assert (fresh.status, fresh.deleted_reason, fresh.body) == ("deleted", "deleted by author", "")
    assert fresh.reply_count == 1
    # The tombstone stays in the thread, so it still counts.
    assert _consultation(comment).comment_count == 2
    revision = db.session.scalars(db.select(CommentRevision)).one()
    assert revision.body == "First thoughts."
    page = client.get(thread_url(consultation)).get_data(as_text=True)
    assert "This comment was deleted by its author on" in page
    assert "First thoughts." not in page
    assert "A reply that stays." in page and f'id="comment-{reply.id}"' in page
    assert f"/comments/{comment.id}/edit" not in page
    assert f"/comments/{comment.id}/reply" not in page


def test_delete_with_htmx_returns_the_tombstone_and_an_announcement(client, comment):
    response = post(client, f"/comments/{comment.id}/delete", {}, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and not is_full_page(html)
    assert "This comment was deleted by its author on" in html
    assert "Your comment is deleted." in html


def test_deleted_text_is_hidden_from_history_except_for_moderators(app, client, factories, comment):
    post(client, f"/comments/{comment.id}/delete", {})
    anonymous = app.test_client().get(f"/comments/{comment.id}/history").get_data(as_text=True)
    assert "First thoughts." not in anonymous
    assert "its earlier text is no longer shown" in anonymous

    moderator = app.test_client()
    login(moderator, factories.user("moderator"))
    assert "First thoughts." in moderator.get(f"/comments/{comment.id}/history").get_data(
        as_text=True
    )


def test_a_deleted_comment_cannot_be_deleted_edited_or_replied_to(client, comment):
    post(client, f"/comments/{comment.id}/delete", {})
    assert post(client, f"/comments/{comment.id}/delete", {}).status_code == 403
    assert post(client, f"/comments/{comment.id}/edit", {"body": "Back"}).status_code == 403
    reply = post(
        client,
        "/comments",
        {
            "target_type": "consultation",
            "target_id": comment.consultation_id,
            "parent_id": comment.id,
            "body": "Hi",
        },
    )
    assert reply.status_code == 403
    assert client.get(f"/comments/{comment.id}/reply", headers=HTMX).status_code == 403


def test_edits_share_the_posting_rate_limit(app, client, comment, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_COMMENT", "2 per minute")
    for n in range(2):
        edited = post(client, f"/comments/{comment.id}/edit", {"body": f"v{n}"})
        assert edited.status_code == 303
    response = post(client, f"/comments/{comment.id}/edit", {"body": "Keep this text"})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Keep this text" in html and "posting faster than we allow" in unescape(html)
