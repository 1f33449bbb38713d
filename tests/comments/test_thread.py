"""Reading threads: order, "show more" cursors, reply caps, query budget, fragments."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlalchemy import insert

from engage.comments import queries
from engage.comments.models import Comment, CommentVote
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from tests.comments.helpers import (
    HTMX,
    comment_ids,
    is_full_page,
    post_comment,
    thread_url,
    token,
)
from tests.factories import login
from tests.queries import count_queries


def _bulk_comments(consultation, authors, roots: int, replies_per_root: int, depth: int = 3):
    """Many comments quickly: ``roots`` top-level ones, each with chains of replies."""
    now = utcnow()
    base = {
        "target_type": "consultation",
        "target_id": consultation.id,
        "created_at": now,
        "consultation_id": consultation.id,
        "body": "Bulk comment.",
    }
    root_ids = []
    for n in range(roots):
        row = {**base, "author_id": authors[n % len(authors)].id, "score": n % 7, "upvotes": n % 7}
        root_ids.append(db.session.execute(insert(Comment).values(row)).inserted_primary_key[0])
    for n, root_id in enumerate(root_ids):
        parent, level = root_id, 0
        for r in range(replies_per_root):
            level = 1 if level >= depth else level + 1
            parent = root_id if level == 1 else parent
            row = {
                **base,
                "author_id": authors[(n + r) % len(authors)].id,
                "root_id": root_id,
                "parent_id": parent,
                "depth": level,
            }
            parent = db.session.execute(insert(Comment).values(row)).inserted_primary_key[0]
    total = roots * (1 + replies_per_root)
    counter = db.update(Consultation).where(Consultation.id == consultation.id)
    db.session.execute(counter.values(comment_count=total))
    db.session.commit()
    return root_ids


@pytest.fixture
def consultation(factories):
    return factories.consultation()


def _load(consultation, **kwargs):
    return queries.load_thread("consultation", consultation.id, **kwargs)


def test_query_count_is_the_same_for_10_and_1000_comments(factories, consultation):
    """The thread costs a fixed number of queries, however many comments and replies exist."""
    authors = [factories.user() for _ in range(5)]
    viewer = factories.user()
    small = factories.consultation()
    _bulk_comments(small, authors, roots=2, replies_per_root=4)  # 10 comments
    _bulk_comments(consultation, authors, roots=40, replies_per_root=24)  # 1,000 comments
    db.session.execute(
        insert(CommentVote),
        [
            {"comment_id": c, "user_id": viewer.id, "value": 1, "created_at": utcnow()}
            for c in db.session.scalars(db.select(Comment.id).limit(300))
        ],
    )
    db.session.commit()

    counts = {}
    for name, target in (("10", small), ("1000", consultation)):
        db.session.expire_all()
        # A page has loaded its consultation and the signed-in person already.
        target_obj = db.session.get(Consultation, target.id)
        assert viewer.role_names
        assert target_obj.comment_count in (10, 1000)
        with count_queries() as statements:
            thread = _load(target_obj, viewer=viewer)
            _walk(thread.comments)  # touch everything a template would
        counts[name] = len(statements)
    assert counts["10"] == counts["1000"] == 3, counts
    assert len(thread.comments) == 20 and thread.next_after


def _walk(nodes):
    for node in nodes:
        _ = (node.comment.author.display_name, node.comment.body, node.my_vote, node.reply_to)
        _walk(node.replies)


def test_query_count_without_a_viewer_and_for_later_pages(factories, consultation):
    _bulk_comments(consultation, [factories.user()], roots=45, replies_per_root=2)
    db.session.expire_all()
    target = db.session.get(Consultation, consultation.id)
    with count_queries() as anonymous:
        first = _load(target)
    with count_queries() as second_page:
        _load(target, after=first.next_after)
    assert len(anonymous) == len(second_page) == 2  # no votes to look up


def _make_roots(factories, consultation, scores):
    comments = []
    for score in scores:
        comments.append(
            factories.comment(
                consultation, score=score, upvotes=max(score, 0), downvotes=max(-score, 0)
            )
        )
    return comments


def _page_ids(thread):
    return [node.id for node in thread.comments]


@pytest.mark.parametrize("sort", ["best", "newest", "oldest"])
def test_show_more_walks_every_comment_once_in_order(factories, consultation, sort):
    scores = [(n * 7) % 5 - 1 for n in range(47)]  # many ties, some negative
    comments = _make_roots(factories, consultation, scores)
    expected = {
        "best": [c.id for c in sorted(comments, key=lambda c: (c.score, c.id), reverse=True)],
        "newest": [c.id for c in sorted(comments, key=lambda c: c.id, reverse=True)],
        "oldest": [c.id for c in sorted(comments, key=lambda c: c.id)],
    }[sort]

    seen, after, pages = [], None, 0
    while True:
        thread = _load(consultation, sort=sort, after=after)
        seen += _page_ids(thread)
        pages += 1
        assert len(thread.comments) == (20 if pages < 3 else 7)
        after = thread.next_after
        if not after:
            break
    assert seen == expected and pages == 3


def test_replies_do_not_appear_as_top_level_comments(factories, consultation):
    root = factories.comment(consultation)
    factories.comment(parent=root)
    assert _page_ids(_load(consultation)) == [root.id]


def test_a_cursor_for_another_sort_or_garbage_starts_from_the_top(factories, consultation):
    comments = _make_roots(factories, consultation, [0] * 25)
    newest_cursor = _load(consultation, sort="newest").next_after
    for cursor in (newest_cursor, "!!!", "bm90LWEtY3Vyc29y", ""):
        thread = _load(consultation, sort="oldest", after=cursor)
        assert _page_ids(thread)[0] == comments[0].id and thread.after is None


def test_replies_per_top_level_comment_are_capped_with_a_link_to_all(
    client, factories, consultation
):
    _bulk_comments(consultation, [factories.user()], roots=1, replies_per_root=60, depth=1)
    thread = _load(consultation)
    root = thread.comments[0]
    assert len(root.replies) == queries.REPLIES_PER_ROOT
    assert root.hidden_replies == 60 - queries.REPLIES_PER_ROOT

    page = client.get(thread_url(consultation)).get_data(as_text=True)
    assert f'href="/comments/{root.id}">Show all 60 replies' in page
    everything = client.get(f"/comments/{root.id}").get_data(as_text=True)
    assert len(comment_ids(everything)) == 61


def test_subthread_page_pages_its_replies(client, factories, consultation, monkeypatch):
    monkeypatch.setattr(queries, "SUBTHREAD_PAGE", 5)
    root = factories.comment(consultation)
    replies = [factories.comment(parent=root) for _ in range(7)]
    late = factories.comment(parent=replies[0], author=factories.user(name="Late Replier"))

    first = client.get(f"/comments/{replies[2].id}").get_data(as_text=True)
    assert comment_ids(first) == [root.id] + [r.id for r in replies[:5]]
    assert f"after={replies[4].id}" in first and "Show later replies" in first
    second = client.get(f"/comments/{root.id}?after={replies[4].id}").get_data(as_text=True)
    assert comment_ids(second) == [root.id, replies[5].id, replies[6].id, late.id]
    # Its parent is on the first page: it says whom it answers, and can take replies.
    assert f"in reply to {replies[0].author.display_name}" in second
    assert f'id="new-replies-{late.id}"' in second


def test_viewer_votes_are_marked(factories, consultation):
    viewer = factories.user()
    a, b = _make_roots(factories, consultation, [0, 0])
    db.session.add(CommentVote(comment_id=a.id, user_id=viewer.id, value=-1))
    db.session.commit()
    thread = _load(consultation, viewer=viewer)
    assert {node.id: node.my_vote for node in thread.comments} == {a.id: -1, b.id: 0}


# Routes: every fragment with and without htmx ------------------------------------------


def test_thread_route_full_page_and_fragment(client, factories, consultation):
    _make_roots(factories, consultation, [0] * 25)

    page = client.get(thread_url(consultation, sort="newest"))
    fragment = client.get(thread_url(consultation, sort="newest"), headers=HTMX)

    assert page.status_code == fragment.status_code == 200
    assert is_full_page(page.get_data(as_text=True))
    html = fragment.get_data(as_text=True)
    assert not is_full_page(html) and html.lstrip().startswith('<section id="comments"')
    assert len(comment_ids(html)) == 20
    assert page.headers["Vary"] and "HX-Request" in page.headers["Vary"]


def test_show_more_link_works_without_javascript_and_appends_with_htmx(
    client, factories, consultation
):
    comments = _make_roots(factories, consultation, [0] * 25)
    first = client.get(thread_url(consultation, sort="oldest")).get_data(as_text=True)
    cursor = _load(consultation, sort="oldest").next_after
    assert f"sort=oldest&amp;after={cursor}#comments" in first  # plain link to the next page
    assert "Show more comments" in first

    page = client.get(thread_url(consultation, sort="oldest", after=cursor))
    fragment = client.get(thread_url(consultation, sort="oldest", after=cursor), headers=HTMX)

    page_html, html = page.get_data(as_text=True), fragment.get_data(as_text=True)
    assert is_full_page(page_html) and "Back to the first comments" in page_html
    assert comment_ids(page_html) == comment_ids(html) == [c.id for c in comments[20:]]
    assert not is_full_page(html) and '<div id="comments-more">' in html
    assert "Show more comments" not in html  # the last page
    # The first new comment takes focus after the swap.
    assert f'id="comment-{comments[20].id}" aria-labelledby' in html
    assert html.count("data-focus-after-swap") == 1


def test_thread_route_refuses_unknown_and_draft_targets(client, factories):
    draft = factories.consultation(status="draft")
    assert client.get(thread_url(draft)).status_code == 404
    assert client.get("/comments/thread?target_type=consultation&target_id=x").status_code == 404
    assert client.get("/comments/thread?target_type=clause&target_id=1").status_code == 404


def test_comment_page_full_and_fragment(client, factories, consultation):
    root = factories.comment(consultation)
    reply = factories.comment(parent=root)
    page = client.get(f"/comments/{reply.id}")
    fragment = client.get(f"/comments/{reply.id}", headers=HTMX)
    assert page.status_code == fragment.status_code == 200
    assert is_full_page(page.get_data(as_text=True))
    assert comment_ids(fragment.get_data(as_text=True)) == [root.id, reply.id]
    assert not is_full_page(fragment.get_data(as_text=True))
    assert client.get("/comments/9999").status_code == 404


def test_reply_page_and_fragment(client, factories, consultation):
    parent = factories.comment(consultation, author=factories.user(name="Amina K."))
    login(client, factories.user())

    page = client.get(f"/comments/{parent.id}/reply")
    fragment = client.get(f"/comments/{parent.id}/reply", headers=HTMX)

    page_html, html = page.get_data(as_text=True), fragment.get_data(as_text=True)
    assert page.status_code == fragment.status_code == 200
    assert "<h1>Reply to Amina K.</h1>" in page_html and parent.body in page_html
    assert "hx-post" not in page_html.split('class="stack reply-form"')[1].split(">")[0]
    assert not is_full_page(html) and 'class="stack reply-form"' in html
    assert f'data-hx-target="#new-replies-{parent.id}"' in html
    assert f'for="reply-{parent.id}-body">Your reply to Amina K.</label>' in html
    assert "data-focus-after-swap" in html


def test_reply_page_explains_to_people_who_cannot_reply(client, factories):
    parent = factories.comment(factories.consultation(status="closed"))
    page = client.get(f"/comments/{parent.id}/reply").get_data(as_text=True)
    assert "Comments are closed because this consultation closed on" in page
    assert 'class="stack reply-form"' not in page
    fragment = client.get(f"/comments/{parent.id}/reply", headers=HTMX)
    assert fragment.status_code == 403


def test_history_page(client, factories, consultation):
    comment = factories.comment(consultation)
    response = client.get(f"/comments/{comment.id}/history")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "This comment has not been edited." in html


def test_posting_rate_limit_gives_a_friendly_429_with_the_text_kept(
    app, client, factories, consultation, monkeypatch
):
    login(client, factories.user())
    monkeypatch.setitem(app.config, "RATELIMIT_COMMENT", "3 per minute")
    for n in range(3):
        assert post_comment(client, consultation, f"Comment {n}").status_code == 303
    refused = post_comment(client, consultation, "Please keep this.")
    fragment = post_comment(client, consultation, "And this.", htmx=True)
    invalid_first = post_comment(client, consultation, "  ")
    html = refused.get_data(as_text=True)
    assert refused.status_code == fragment.status_code == 429
    assert "Please keep this." in html and "posting faster than we allow" in html.replace(
        "&#39;", "'"
    )
    assert int(refused.headers["Retry-After"]) > 0
    assert is_full_page(html) and not is_full_page(fragment.get_data(as_text=True))
    assert "And this." in fragment.get_data(as_text=True)
    assert invalid_first.status_code == 429
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 3


def test_refused_posts_do_not_use_up_the_limit(app, client, factories, consultation, monkeypatch):
    login(client, factories.user())
    monkeypatch.setitem(app.config, "RATELIMIT_COMMENT", "2 per minute")
    for _ in range(4):
        assert post_comment(client, consultation, " ").status_code == 422
    assert post_comment(client, consultation, "Finally.").status_code == 303


def test_the_limit_is_per_person(app, factories, consultation, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_COMMENT", "1 per minute")
    for _ in range(2):
        client = app.test_client()
        login(client, factories.user())
        assert post_comment(client, consultation).status_code == 303


def test_dates_are_machine_readable(client, factories, consultation):
    """Valid HTML (issue 22, item 23): at most three digits of a second's fraction, so
    the database's microseconds are left out."""
    when = utcnow().replace(microsecond=123456) - timedelta(days=2)
    comment = factories.comment(consultation, created_at=when)
    page = client.get(thread_url(consultation)).get_data(as_text=True)
    value = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (
        f'<a href="/comments/{comment.id}#comment-{comment.id}"><time datetime="{value}">' in page
    )
    assert ".123456" not in page


def test_rate_limited_post_without_a_target_gets_the_plain_429_page(
    app, client, factories, consultation, monkeypatch
):
    login(client, factories.user())
    monkeypatch.setitem(app.config, "RATELIMIT_COMMENT", "1 per minute")
    assert post_comment(client, consultation).status_code == 303
    response = client.post("/comments", data={"csrf_token": token(client), "body": "x"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
