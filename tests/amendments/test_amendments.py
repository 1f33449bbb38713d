"""Proposing, supporting, commenting on and withdrawing amendments to a clause."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.amendments.models import Amendment, AmendmentSupport
from engage.drafts.models import Clause
from engage.extensions import db
from tests.amendments.helpers import clause, clause_url, published_draft
from tests.consultations.helpers import HX, field_value, post, text
from tests.factories import login


@pytest.fixture
def draft(factories):
    return published_draft(factories)[0]


@pytest.fixture
def resident(client, factories):
    user = factories.user(name="Rosa Resident")
    login(client, user)
    return user


def _new(draft, number=3) -> str:
    return clause_url(draft, number) + "/amendments/new"


def test_a_resident_proposes_a_replacement_and_sees_the_word_diff(client, draft, resident):
    page = text(client.get(clause_url(draft, 3)))
    assert "Propose an amendment" in page
    form = client.get(_new(draft)).get_data(as_text=True)
    assert field_value(form, "text") == "No live matching in public places."  # start from it
    response = post(
        client,
        _new(draft),
        {
            "kind": "replace",
            "rationale": "Stronger **rule**.",
            "text": "No live matching anywhere.",
        },
    )
    assert response.status_code == 303
    amendment = db.session.scalars(select(Amendment)).one()
    assert response.headers["Location"] == f"/amendments/{amendment.id}"
    assert (amendment.kind, amendment.author_id, amendment.based_on_version_number) == (
        "replace",
        resident.id,
        1,
    )
    assert amendment.based_on_text == "No live matching in public places."
    assert db.session.get(Clause, amendment.clause_id).amendment_count == 1
    html = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    assert '<del><span class="visually-hidden" dir="ltr">[removed: </span>in public places.' in html
    assert '<ins><span class="visually-hidden" dir="ltr">[added: </span>anywhere.' in html
    assert "<strong>rule</strong>" in html
    assert f"Amendment {amendment.id} to clause 3" in html
    # Beside the clause on the draft page, and listed on the clause page.
    assert "1 amendment" in text(client.get(f"/consultations/{draft.consultation.slug}/draft"))
    assert f"Amendment {amendment.id} to clause 3" in text(client.get(clause_url(draft, 3)))


def test_insert_and_delete_amendments(client, draft, resident):
    post(
        client,
        _new(draft, 2),
        {"kind": "insert_after", "text": "Only with a warrant.", "rationale": "Needs a check."},
    )
    post(client, _new(draft, 4), {"kind": "delete", "text": "", "rationale": "Redundant."})
    insert, delete = db.session.scalars(select(Amendment).order_by(Amendment.id)).all()
    assert (insert.kind, insert.text) == ("insert_after", "Only with a warrant.")
    assert (delete.kind, delete.text) == ("delete", "")
    html = client.get(f"/amendments/{insert.id}").get_data(as_text=True)
    assert "New clause after it:" in html and "[added: </span>Only with a warrant." in html
    html = client.get(f"/amendments/{delete.id}").get_data(as_text=True)
    assert "[removed: </span>Every search is logged." in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "replace", "text": "", "rationale": "Why"}, "Write the wording you propose."),
        (
            {"kind": "replace", "text": "No live matching in public places.", "rationale": "Why"},
            "This is the clause's current text: change some words.",
        ),
        (
            {"kind": "insert_after", "text": "New words", "rationale": " "},
            "Say why you propose this.",
        ),
        ({"kind": "sideways", "text": "New words", "rationale": "Why"}, "Not a valid choice"),
    ],
)
def test_invalid_amendments_come_back_with_the_text_kept(client, draft, resident, data, message):
    response = post(client, _new(draft), data)
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert field_value(page, "text") == data["text"]
    assert db.session.scalars(select(Amendment)).all() == []


def test_who_may_propose(client, factories, draft):
    assert client.get(_new(draft)).status_code == 302  # sign in first
    login(client, factories.user(verified=False))
    response = client.get(_new(draft))
    assert response.status_code == 403
    assert "Confirm your email address to take part." in text(response)
    assert client.get(_new(draft, 99)).status_code == 404


def test_closed_consultation_takes_no_amendments(client, factories, resident):
    official = factories.user("official")
    closed = factories.consultation("closed", official=official)
    draft = factories.draft(closed, official=official)
    response = post(client, _new(draft, 1), {"kind": "delete", "rationale": "Why"})
    assert response.status_code == 403
    assert "closed on" in text(response)
    assert "Propose an amendment" not in text(client.get(clause_url(draft, 1)))


def test_supporting_with_and_without_htmx(client, factories, draft, resident):
    amendment = factories.amendment(clause(draft, 3))
    url = f"/amendments/{amendment.id}"
    response = post(client, url + "/support")
    assert response.status_code == 303 and response.headers["Location"].endswith("#support")
    assert db.session.get(Amendment, amendment.id).support_count == 1
    post(client, url + "/support")  # twice: still one
    assert db.session.get(Amendment, amendment.id).support_count == 1
    fragment = post(client, url + "/unsupport", headers=HX)
    assert fragment.status_code == 200
    page = text(fragment)
    assert page.startswith('<div id="support-controls"') and "<html" not in page
    assert "You no longer support this amendment. 0 supports." in page
    assert db.session.scalars(select(AmendmentSupport)).all() == []


def test_no_support_for_your_own_or_a_closed_amendment(client, factories, draft, resident):
    own = factories.amendment(clause(draft, 3), author=resident)
    response = post(client, f"/amendments/{own.id}/support")
    assert response.status_code == 403
    assert "You can't support your own amendment." in text(response)
    other = factories.amendment(clause(draft, 3), status="rejected", decision_reason="No.")
    response = post(client, f"/amendments/{other.id}/support", headers=HX)
    assert response.status_code == 403
    assert "no longer open for support" in text(response)


def test_the_author_withdraws_it(client, factories, draft, resident):
    amendment = factories.amendment(clause(draft, 3), author=resident)
    url = f"/amendments/{amendment.id}"
    assert "Withdraw your amendment" in text(client.get(url))
    response = post(client, url + "/withdraw")
    assert response.status_code == 303
    assert db.session.get(Amendment, amendment.id).status == "withdrawn"
    page = text(client.get(url))
    assert "Withdrawn by the author on" in page and "Withdraw your amendment" not in page
    assert client.get(url + "/withdraw").status_code == 403


def test_others_cannot_withdraw(client, factories, draft, resident):
    amendment = factories.amendment(clause(draft, 3))
    assert client.get(f"/amendments/{amendment.id}/withdraw").status_code == 403
    assert "Withdraw your amendment" not in text(client.get(f"/amendments/{amendment.id}"))


def test_comments_on_an_amendment(client, factories, draft, resident):
    amendment = factories.amendment(clause(draft, 3))
    page = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    assert 'name="target_type" value="amendment"' in page
    response = post(
        client,
        "/comments",
        {"target_type": "amendment", "target_id": amendment.id, "body": "Good idea."},
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/amendments/{amendment.id}")
    assert db.session.get(Amendment, amendment.id).comment_count == 1
    assert "Good idea." in text(client.get(f"/amendments/{amendment.id}"))
    from engage.comments.models import Comment

    comment = db.session.scalars(select(Comment)).one()
    page = text(client.get(f"/comments/{comment.id}"))
    assert "Comments on the amendment" in page and f"Amendment {amendment.id} to clause 3" in page


def test_the_list_filters_by_status_and_clause(client, factories, draft):
    open_one = factories.amendment(clause(draft, 3))
    rejected = factories.amendment(clause(draft, 1), status="rejected", decision_reason="Vague.")
    url = f"/consultations/{draft.consultation.slug}/draft/amendments"
    page = text(client.get(url))
    assert f"Amendment {open_one.id} to clause 3" in page
    assert f"Amendment {rejected.id} to clause 1" in page and "Vague." in page
    page = text(client.get(url + "?status=rejected"))
    assert f"Amendment {open_one.id} " not in page and "Rejected (1)" in page
    page = text(client.get(url + "?clause=3"))
    assert "Amendments to clause 3" in page and f"Amendment {rejected.id} " not in page


def test_held_amendments_are_for_their_author_and_moderators(client, factories, draft):
    from engage.moderation import content

    amendment = factories.amendment(clause(draft, 3))
    assert db.session.get(Clause, amendment.clause_id).amendment_count == 1
    content.set_visibility(amendment, "pending")
    db.session.commit()
    assert db.session.get(Clause, amendment.clause_id).amendment_count == 0
    assert client.get(f"/amendments/{amendment.id}").status_code == 404
    url = f"/consultations/{draft.consultation.slug}/draft/amendments"
    assert f"Amendment {amendment.id} " not in text(client.get(url))
    login(client, amendment.author)
    assert client.get(f"/amendments/{amendment.id}").status_code == 200
    content.set_visibility(amendment, "visible")
    db.session.commit()
    assert db.session.get(Clause, amendment.clause_id).amendment_count == 1


def test_a_held_amendment_says_it_awaits_review_not_that_support_closed(
    app, client, factories, draft
):
    """Issue 22, defect 8: its author read "This amendment is no longer open for support."
    while it waited for a moderator."""
    from engage.moderation import content

    amendment = factories.amendment(clause(draft, 3))
    content.set_visibility(amendment, "pending")
    db.session.commit()
    login(client, amendment.author)
    page = text(client.get(f"/amendments/{amendment.id}"))
    assert "no longer open for support" not in page
    assert "awaiting review by a moderator" in page
    moderator = app.test_client()
    login(moderator, factories.user("moderator"))
    page = text(moderator.get(f"/amendments/{amendment.id}"))
    assert "no longer open for support" not in page
    assert "awaiting review by a moderator" in page


def test_proposing_and_supporting_are_rate_limited(
    app, client, draft, factories, resident, monkeypatch
):
    monkeypatch.setitem(app.config, "RATELIMIT_POST", "2 per minute")
    monkeypatch.setitem(app.config, "RATELIMIT_SUPPORT", "3 per minute")
    data = {"kind": "delete", "rationale": "Not needed."}
    assert post(client, _new(draft), {"kind": "delete", "rationale": ""}).status_code == 422
    assert [post(client, _new(draft), data).status_code for _ in range(3)] == [303, 303, 429]
    amendment = factories.amendment(clause(draft, 3))
    url = f"/amendments/{amendment.id}"
    codes = [
        post(client, url + path).status_code
        for path in ("/support", "/unsupport", "/support", "/unsupport")
    ]
    assert codes == [303, 303, 303, 429]
