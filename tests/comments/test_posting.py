"""Posting comments and replies: nesting, stance, validation, sanitising, who may post."""

from __future__ import annotations

import re

import pytest

from engage.comments import queries
from engage.comments.models import Comment
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.proposals.models import Proposal
from tests.comments.helpers import is_full_page, post, post_comment, thread_url
from tests.factories import login


@pytest.fixture
def resident(client, factories):
    user = factories.user(name="Amina K.")
    login(client, user)
    return user


def _only_comment() -> Comment:
    return db.session.execute(db.select(Comment)).scalar_one()


def test_posting_redirects_to_the_comment_and_counts_it(client, factories, resident):
    consultation = factories.consultation()

    response = post_comment(client, consultation, "We need **independent** audits.")

    comment = _only_comment()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    assert (comment.author_id, comment.depth, comment.parent_id) == (resident.id, 0, None)
    assert comment.body == "We need **independent** audits."
    assert db.session.get(Consultation, consultation.id).comment_count == 1
    page = client.get(thread_url(consultation)).get_data(as_text=True)
    assert "<strong>independent</strong>" in page and "Amina K." in page


def test_posting_with_htmx_returns_a_fresh_form_the_comment_and_an_announcement(
    client, factories, resident
):
    consultation = factories.consultation()

    response = post_comment(client, consultation, "Keep the footage for 30 days at most.", htmx=1)

    html = response.get_data(as_text=True)
    comment = _only_comment()
    assert response.status_code == 200
    assert not is_full_page(html)
    # The comment is what is swapped in (at the top of the list), and takes focus ...
    assert html.lstrip().startswith(f'<article class="comment" id="comment-{comment.id}"')
    assert "Keep the footage" in html.split("</article>")[0]
    assert html.split(">")[0].endswith("data-focus-after-swap")
    # ... and an empty form replaces the one that was sent.
    form = html.split('<form id="comment-form"')[1]
    assert 'data-hx-swap-oob="true"' in form.split(">")[0]
    assert "Keep the footage" not in form
    assert '<span id="comments-count" data-hx-swap-oob="true">(1)</span>' in html
    assert "Your comment is posted." in html
    assert 'id="comments-empty" data-hx-swap-oob="delete"' in html


def test_reply_nests_under_its_parent_and_counts_on_the_parent(client, factories, resident):
    consultation = factories.consultation()
    parent = factories.comment(consultation)

    response = post_comment(client, consultation, "I agree with you.", parent_id=parent.id)

    reply = db.session.scalars(db.select(Comment).where(Comment.parent_id == parent.id)).one()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{reply.id}")
    assert (reply.depth, reply.root_id) == (1, parent.id)
    db.session.refresh(parent)
    assert parent.reply_count == 1
    assert db.session.get(Consultation, consultation.id).comment_count == 2


def _landing(client, response) -> tuple[str, str]:
    """Where a plain form post sent the browser: the page's HTML and the #anchor."""
    assert response.status_code == 303
    location = response.headers["Location"]
    return client.get(location).get_data(as_text=True), location.partition("#")[2]


def _newest_comment() -> Comment:
    return db.session.scalars(db.select(Comment).order_by(Comment.id.desc())).first()


def test_a_reply_in_a_busy_thread_lands_where_it_shows_and_is_confirmed(
    client, factories, resident
):
    """Issue 22, defect 3: without JavaScript a reply to a comment with more than ten replies
    went to #comment-N on the consultation page, hidden behind "Show all 13 replies", and
    nothing said it was posted."""
    consultation = factories.consultation()
    parent = factories.comment(consultation, body="Who keeps the footage?")
    for n in range(12):
        factories.comment(parent=parent, body=f"Earlier reply {n}.")

    response = post_comment(client, consultation, "My late reply.", parent_id=parent.id)

    reply = _newest_comment()
    page, anchor = _landing(client, response)
    assert anchor == f"comment-{reply.id}"
    assert f'<article class="comment" id="comment-{reply.id}"' in page
    assert "My late reply." in page
    assert "Your reply is posted." in page


def test_a_reply_past_the_first_page_of_a_conversation_lands_on_its_page(
    client, factories, resident, monkeypatch
):
    monkeypatch.setattr(queries, "SUBTHREAD_PAGE", 5)
    consultation = factories.consultation()
    parent = factories.comment(consultation)
    for _ in range(11):
        factories.comment(parent=parent)

    page, anchor = _landing(
        client, post_comment(client, consultation, "Reply number 12.", parent_id=parent.id)
    )

    assert anchor == f"comment-{_newest_comment().id}"
    assert f'id="{anchor}"' in page and "Reply number 12." in page
    assert "Back to the start of this conversation" in page
    assert "Your reply is posted." in page


def test_a_new_comment_in_a_busy_thread_lands_where_it_shows_and_is_confirmed(
    client, factories, resident
):
    consultation = factories.consultation()
    for n in range(25):  # a full first page of comments people liked better
        factories.comment(consultation, body=f"Popular comment {n}.", score=5, upvotes=5)

    page, anchor = _landing(client, post_comment(client, consultation, "Mine, just now."))

    assert anchor == f"comment-{_newest_comment().id}"
    assert f'id="{anchor}"' in page and "Mine, just now." in page
    assert "Your comment is posted." in page


def test_editing_a_reply_in_a_busy_thread_lands_where_it_shows_and_is_confirmed(
    client, factories, resident
):
    consultation = factories.consultation()
    parent = factories.comment(consultation)
    for n in range(12):
        factories.comment(parent=parent, body=f"Earlier reply {n}.")
    mine = factories.comment(parent=parent, author=resident, body="First go.")

    response = post(client, f"/comments/{mine.id}/edit", {"body": "Second go."})

    page, anchor = _landing(client, response)
    assert anchor == f"comment-{mine.id}"
    assert f'id="{anchor}"' in page and "Second go." in page
    assert "Your changes are saved." in page


def test_reply_with_htmx_empties_the_reply_slot_and_adds_the_reply_under_its_parent(
    client, factories, resident
):
    consultation = factories.consultation()
    parent = factories.comment(consultation)

    response = post_comment(client, consultation, "Good point.", parent_id=parent.id, htmx=1)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<article class="comment"') and "Good point." in html
    # The slot that held the reply form empties.
    assert f'<div id="reply-form-slot-{parent.id}" data-hx-swap-oob="true"></div>' in html
    assert 'class="stack reply-form"' not in html
    assert "Your reply is posted." in html


def test_replies_deeper_than_four_levels_are_shown_flat_saying_whom_they_answer(
    client, factories, resident
):
    consultation = factories.consultation()
    names = ["Level Zero", "Level One", "Level Two", "Level Three", "Level Four", "Level Five"]
    chain = []
    for name in names:
        parent = chain[-1] if chain else None
        chain.append(
            factories.comment(
                consultation,
                author=factories.user(name=name),
                parent=parent,
                body=f"Said by {name}.",
            )
        )

    assert [c.depth for c in chain] == [0, 1, 2, 3, 4, 5]
    assert {c.root_id for c in chain[1:]} == {chain[0].id}
    page = client.get(thread_url(consultation)).get_data(as_text=True)
    # Four nested levels; deeper ones sit in the fourth level's list, not deeper.
    level_three = page.index(f'id="replies-{chain[3].id}"')
    assert page.index(f'id="comment-{chain[4].id}"') > level_three
    assert page.index(f'id="comment-{chain[5].id}"') > level_three
    assert f'id="replies-{chain[4].id}"' not in page
    assert "in reply to Level Three" in page and "in reply to Level Four" in page
    assert "in reply to Level Two" not in page


def test_reply_to_a_flattened_comment_goes_into_the_fourth_levels_list(client, factories, resident):
    consultation = factories.consultation()
    chain = [factories.comment(consultation)]
    for _ in range(4):
        chain.append(factories.comment(consultation, parent=chain[-1]))

    form = client.get(f"/comments/{chain[4].id}/reply", headers={"HX-Request": "true"})
    response = post_comment(client, consultation, "Deep reply.", parent_id=chain[4].id, htmx=1)

    assert f'data-hx-target="#new-replies-{chain[3].id}"' in form.get_data(as_text=True)
    assert f"in reply to {chain[4].author.display_name}" in response.get_data(as_text=True)


def test_stance_is_kept_on_proposals(client, factories, resident):
    proposal = factories.proposal()

    post_comment(client, proposal, "Yes, please.", stance="in_favour")

    comment = _only_comment()
    assert (comment.target_type, comment.stance) == ("proposal", "in_favour")
    assert db.session.get(Proposal, proposal.id).comment_count == 1
    page = client.get(thread_url(proposal)).get_data(as_text=True)
    assert "In favour</span>" in page


def test_no_stance_is_allowed_on_proposals(client, factories, resident):
    proposal = factories.proposal()
    post_comment(client, proposal, "Just a question.", stance="")
    assert _only_comment().stance is None


def test_stance_is_ignored_on_consultations_and_replies(client, factories, resident):
    consultation = factories.consultation()
    proposal = factories.proposal(consultation=consultation)
    parent = factories.comment(proposal, stance="against")

    post_comment(client, consultation, "On the consultation.", stance="against")
    post_comment(client, proposal, "A reply.", parent_id=parent.id, stance="in_favour")

    stances = dict(db.session.execute(db.select(Comment.body, Comment.stance)).all())
    assert stances == {parent.body: "against", "On the consultation.": None, "A reply.": None}


def test_stance_choices_appear_only_on_the_proposal_form(client, factories, resident):
    consultation = factories.consultation()
    proposal = factories.proposal(consultation=consultation)

    on_proposal = client.get(thread_url(proposal)).get_data(as_text=True)
    on_consultation = client.get(thread_url(consultation)).get_data(as_text=True)

    assert "<legend>Your view on this proposal</legend>" in on_proposal
    for label in ("In favour", "Against", "Neutral", "No stance"):
        assert f">{label}</label>" in on_proposal
    assert "Your view on this proposal" not in on_consultation


def test_an_unknown_stance_is_refused_with_the_text_kept(client, factories, resident):
    proposal = factories.proposal()
    response = post_comment(client, proposal, "My words.", stance="furious")
    assert response.status_code == 422
    assert "My words." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   \n\t  ", "Write your comment before posting it."),
        ("x" * 5001, "Your comment is too long: keep it to 5,000 characters or fewer."),
    ],
    ids=["whitespace", "too-long"],
)
def test_bad_text_is_refused_with_the_text_kept(client, factories, resident, body, message, htmx):
    consultation = factories.consultation()

    response = post_comment(client, consultation, body, htmx=htmx)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'class="error-summary"' in html
    assert is_full_page(html) is not htmx
    if htmx:
        assert response.headers["HX-Retarget"] == "#comment-form"
        assert response.headers["HX-Reswap"] == "outerHTML"
    if body.strip():
        assert body in html
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0
    assert db.session.get(Consultation, consultation.id).comment_count == 0


def test_exactly_5000_characters_with_windows_line_breaks_is_accepted(client, factories, resident):
    consultation = factories.consultation()
    body = ("a" * 99 + "\r\n") * 50  # 5,050 sent; 5,000 once line breaks count as one
    assert post_comment(client, consultation, body).status_code == 303
    assert len(_only_comment().body) == 4999  # the final line break is trimmed


def test_invalid_reply_shows_the_reply_page_with_the_text(client, factories, resident):
    consultation = factories.consultation()
    parent = factories.comment(consultation)

    page = post_comment(client, consultation, "  ", parent_id=parent.id)
    fragment = post_comment(client, consultation, "y" * 5001, parent_id=parent.id, htmx=True)

    assert page.status_code == fragment.status_code == 422
    assert "<h1>Reply to" in page.get_data(as_text=True)
    html = fragment.get_data(as_text=True)
    assert 'class="stack reply-form"' in html and "y" * 5001 in html and not is_full_page(html)
    # The errors go back where the form was, not into the list of replies.
    assert fragment.headers["HX-Retarget"] == f"#reply-form-slot-{parent.id}"
    assert fragment.headers["HX-Reswap"] == "innerHTML"


@pytest.mark.parametrize(
    ("body", "forbidden"),
    [
        ("<script>alert(1)</script>", r"<script"),
        ('<img src=x onerror="alert(1)">', r"<[^>]*\sonerror="),
        ('<p onclick="alert(1)">hi</p>', r"<[^>]*\sonclick="),
        ("[click me](javascript:alert(1))", r"href=\"?javascript:"),
        ('<a href="javascript:alert(1)">x</a>', r"href=\"?javascript:"),
        ("[x](JaVaScRiPt:alert(1))", r"(?i)href=\"?javascript:"),
        ("<iframe src=//evil.example></iframe>", r"<iframe"),
    ],
)
def test_text_is_sanitised_when_shown(client, factories, resident, body, forbidden):
    consultation = factories.consultation()
    post_comment(client, consultation, body)

    assert _only_comment().body == body  # stored as written
    for url in (thread_url(consultation), f"/comments/{_only_comment().id}"):
        article = client.get(url).get_data(as_text=True).split('class="comment-list"')[1]
        assert 'class="comment__body"' in article
        assert not re.search(forbidden, article), article


def test_unknown_or_hidden_targets_are_404(client, factories, resident):
    draft = factories.consultation(status="draft")
    open_one = factories.consultation()
    assert post_comment(client, draft).status_code == 404
    response = client.post("/comments", data={"target_type": "nothing", "target_id": 1})
    assert response.status_code in (400, 404)
    other = factories.comment(factories.consultation())
    assert post_comment(client, open_one, parent_id=other.id).status_code == 404
    assert post_comment(client, open_one, parent_id="abc").status_code == 404


@pytest.mark.parametrize("status", ["closed", "upcoming", "outcome"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_comments_are_refused_with_a_reason_unless_the_consultation_is_open(
    client, factories, resident, status, htmx
):
    consultation = factories.consultation(status=status)

    response = post_comment(client, consultation, "Too late?", htmx=htmx)

    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert ("Comments are closed because this consultation closed on" in html) or (
        "Comments open when this consultation opens on" in html
    )
    assert is_full_page(html) is not htmx
    if htmx:  # the reason takes the form's place, not a spot in the list of comments
        assert response.headers["HX-Retarget"] == "#comment-form"
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_closed_thread_explains_instead_of_showing_forms(client, factories, resident):
    consultation = factories.consultation(status="closed")
    factories.comment(consultation)  # written while it was open
    page = client.get(thread_url(consultation)).get_data(as_text=True)
    assert "Comments are closed because this consultation closed on" in page
    assert 'action="/comments"' not in page
    assert "/vote" not in page and "/reply" not in page and "/edit" not in page
    assert "0 agree, 0 disagree" in page


def test_withdrawn_proposal_takes_no_new_comments(client, factories, resident):
    proposal = factories.proposal(status="withdrawn")
    response = post_comment(client, proposal, "Hello?")
    assert response.status_code == 403
    assert "this proposal was withdrawn" in response.get_data(as_text=True)


def test_unverified_people_are_refused_and_told_to_confirm(client, factories):
    consultation = factories.consultation()
    login(client, factories.user(verified=False))

    page = client.get(thread_url(consultation)).get_data(as_text=True)
    response = post_comment(client, consultation, "Let me in.")

    assert "Confirm your email to comment." in page and 'action="/comments"' not in page
    assert response.status_code == 403
    assert "Confirm your email to comment." in response.get_data(as_text=True)


def test_anonymous_people_are_sent_to_sign_in(client, factories):
    consultation = factories.consultation()
    page = client.get(thread_url(consultation)).get_data(as_text=True)
    assert "Sign in to comment</a>" in page and "/account/login?next=" in page
    assert 'action="/comments"' not in page

    response = client.post("/comments", data={"target_type": "consultation", "target_id": 1})
    assert response.status_code in (302, 400)  # sign in first (or a missing CSRF token)
