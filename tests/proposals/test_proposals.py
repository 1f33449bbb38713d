"""Writing, editing (with versions once people reacted) and withdrawing proposals."""

from __future__ import annotations

import re

import pytest

from engage.consultations.models import Consultation
from engage.extensions import db
from engage.proposals.models import Proposal, ProposalVersion
from tests.consultations.helpers import field_value, post, text
from tests.factories import login

LONG_ENOUGH = "Long enough to be a proposal."


@pytest.fixture
def author(client, factories):
    user = factories.user(name="Amina K.")
    login(client, user)
    return user


def _only_proposal() -> Proposal:
    return db.session.scalars(db.select(Proposal)).one()


def test_a_resident_makes_a_proposal(client, factories, author):
    c = factories.consultation("open")
    page = text(client.get(f"/consultations/{c.slug}/proposals/new"))
    assert "Make a proposal" in page and "Amina K." in page
    response = post(
        client,
        f"/consultations/{c.slug}/proposals/new",
        {"title": "Ban live scanning", "body": "No **live** scanning."},
    )
    assert response.status_code == 303
    proposal = _only_proposal()
    assert response.headers["Location"] == f"/proposals/{proposal.id}"
    assert (proposal.author_id, proposal.consultation_id) == (author.id, c.id)
    assert db.session.get(Consultation, c.id).proposal_count == 1
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Ban live scanning" in page and "By Amina K." in page
    assert "<strong>live</strong>" in page
    assert "Needs 25 more supports for an official response." in page
    assert "Ban live scanning" in text(client.get(f"/consultations/{c.slug}"))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "body": "Text"}, "Enter a title."),
        ({"title": "   ", "body": "Text"}, "Enter a title."),
        ({"title": "x" * 151, "body": "Text"}, "Use at most 150 characters."),
        ({"title": "Title", "body": " \n\t "}, "Write your proposal."),
        ({"title": "Title", "body": "x" * 5001}, "Use at most 5000 characters."),
        # Issue 22, defect 7: a proposal whose whole text was "x" was published.
        (
            {"title": "Ban live scanning", "body": "x"},
            "Write at least 20 characters, so people can see what you propose.",
        ),
        (
            {"title": "Ban", "body": "No live scanning of crowds, ever."},
            "Use at least 5 characters for the title.",
        ),
    ],
)
def test_bad_proposals_are_refused_with_the_text_kept(client, factories, author, data, message):
    c = factories.consultation("open")
    response = post(client, f"/consultations/{c.slug}/proposals/new", data)
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page and message in page
    assert field_value(page, "title") == data["title"].strip()
    assert field_value(page, "body") == data["body"].strip()
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0


@pytest.mark.parametrize("status", ["upcoming", "closed"])
def test_no_proposals_unless_the_consultation_is_open(client, factories, author, status):
    c = factories.consultation(status)
    page_response = client.get(f"/consultations/{c.slug}/proposals/new")
    assert page_response.status_code == 403
    assert "This consultation" in text(page_response)
    response = post(client, f"/consultations/{c.slug}/proposals/new", {"title": "T", "body": "B"})
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0


def test_no_proposals_on_a_draft(client, factories, author):
    c = factories.consultation("draft")
    assert client.get(f"/consultations/{c.slug}/proposals/new").status_code == 404


def test_unconfirmed_people_cannot_propose(client, factories):
    login(client, factories.user(verified=False))
    c = factories.consultation("open")
    response = post(client, f"/consultations/{c.slug}/proposals/new", {"title": "T", "body": "B"})
    assert response.status_code == 403
    assert "Confirm your email address to take part." in text(response)


def test_posting_proposals_is_rate_limited_per_person(app, client, factories, author, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_POST", "2 per minute")
    c = factories.consultation("open")
    url = f"/consultations/{c.slug}/proposals/new"
    # Forms sent back with errors don't count; published proposals do.
    assert post(client, url, {"title": "", "body": ""}).status_code == 422
    for n in range(2):
        assert post(client, url, {"title": f"Idea {n}", "body": LONG_ENOUGH}).status_code == 303
    response = post(client, url, {"title": "One too many", "body": LONG_ENOUGH})
    assert response.status_code == 429
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 2
    # Someone else is not held back by this person's limit.
    other = app.test_client()
    login(other, factories.user())
    assert post(other, url, {"title": "Mine too", "body": LONG_ENOUGH}).status_code == 303


def test_free_edit_before_anyone_reacts(client, factories, author):
    proposal = factories.proposal(author=author, title="First", body="Draft words")
    page = text(client.get(f"/proposals/{proposal.id}/edit"))
    assert "you can change it freely" in page
    assert field_value(page, "title") == "First"
    better = "Better words for the same idea."
    response = post(client, f"/proposals/{proposal.id}/edit", {"title": "Second", "body": better})
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert (proposal.title, proposal.body, proposal.version_count) == ("Second", better, 1)
    assert db.session.scalar(db.select(db.func.count(ProposalVersion.id))) == 0
    assert "Earlier versions" not in text(client.get(f"/proposals/{proposal.id}"))


@pytest.mark.parametrize("reaction", ["support", "comment"])
def test_edits_after_reactions_keep_the_earlier_wording(client, factories, author, reaction):
    proposal = factories.proposal(author=author, title="First", body="Ban live scanning now")
    if reaction == "support":
        factories.support(proposal)
    else:
        proposal.comment_count = 1
        db.session.commit()
    assert "will stay visible to everyone as version 1" in text(
        client.get(f"/proposals/{proposal.id}/edit")
    )
    edit = f"/proposals/{proposal.id}/edit"
    assert (
        post(client, edit, {"title": "Second", "body": "Ban scanning now, everywhere."}).status_code
        == 303
    )
    assert (
        post(
            client, edit, {"title": "Third", "body": "Ban all scanning now, everywhere."}
        ).status_code
        == 303
    )
    db.session.refresh(proposal)
    assert (proposal.title, proposal.version_count) == ("Third", 3)
    versions = db.session.scalars(db.select(ProposalVersion).order_by(ProposalVersion.number)).all()
    assert [(v.number, v.title, v.editor_id) for v in versions] == [
        (1, "First", author.id),
        (2, "Second", author.id),
    ]
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Earlier versions (2)" in page
    listing = text(client.get(f"/proposals/{proposal.id}/versions"))
    assert "Version 1: First" in listing and "Version 2: Second" in listing
    first = client.get(f"/proposals/{proposal.id}/versions/1").get_data(as_text=True)
    assert "Ban live scanning now" in first and "The title changed to “Second”." in first
    removed = r'<del><span class="visually-hidden" dir="ltr">\[removed: </span> ?live ?<'
    assert re.search(removed, first)
    assert client.get(f"/proposals/{proposal.id}/versions/9").status_code == 404


def test_saving_the_same_wording_adds_no_version(client, factories, author):
    proposal = factories.proposal(author=author, title="Same idea", body=LONG_ENOUGH)
    factories.support(proposal)
    response = post(
        client, f"/proposals/{proposal.id}/edit", {"title": "Same idea", "body": LONG_ENOUGH}
    )
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert proposal.version_count == 1


def test_bad_edits_keep_the_text(client, factories, author):
    proposal = factories.proposal(author=author)
    response = post(client, f"/proposals/{proposal.id}/edit", {"title": "x" * 151, "body": "Kept"})
    assert response.status_code == 422
    page = text(response)
    assert "Use at most 150 characters." in page and field_value(page, "body") == "Kept"


def test_only_the_author_may_edit_or_withdraw(client, factories):
    proposal = factories.proposal()
    login(client, factories.user())
    for path in ("edit", "withdraw"):
        assert client.get(f"/proposals/{proposal.id}/{path}").status_code == 403
        assert post(client, f"/proposals/{proposal.id}/{path}", {}).status_code == 403
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Edit your proposal" not in page and "Withdraw your proposal" not in page


def test_no_changes_after_the_consultation_closed(client, factories, author):
    c = factories.consultation("closed")
    proposal = factories.proposal(c, author=author)
    response = post(client, f"/proposals/{proposal.id}/edit", {"title": "New", "body": "New"})
    assert response.status_code == 403
    assert "can't be changed after the consultation has closed" in text(response)
    assert "can't be changed after the consultation has closed" in text(
        client.get(f"/proposals/{proposal.id}")
    )


def test_the_author_withdraws_with_a_reason_and_it_stays_readable(client, factories, author):
    proposal = factories.proposal(author=author, title="Old idea")
    supporter = factories.user()
    factories.support(proposal, supporter)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}/withdraw"' in page
    form_page = client.get(f"/proposals/{proposal.id}/withdraw").get_data(as_text=True)
    assert "data-confirm=" in form_page
    response = post(
        client, f"/proposals/{proposal.id}/withdraw", {"reason": "Merged into a better proposal."}
    )
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert proposal.is_withdrawn and proposal.withdrawn_at is not None
    assert db.session.get(Proposal, proposal.id) is not None  # never deleted
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Withdrawn by the author on" in page
    assert "Merged into a better proposal." in page
    assert "Support this proposal" not in page and "Edit your proposal" not in page
    # The full list is the consultation's proposals page (the summary shows only the top).
    listing = text(client.get(f"/consultations/{proposal.consultation.slug}/proposals"))
    assert "Old idea" in listing and "Withdrawn" in listing


def test_withdraw_reason_is_optional_but_limited(client, factories, author):
    proposal = factories.proposal(author=author)
    response = post(client, f"/proposals/{proposal.id}/withdraw", {"reason": "x" * 501})
    assert response.status_code == 422
    assert "Use at most 500 characters." in text(response)
    assert post(client, f"/proposals/{proposal.id}/withdraw", {}).status_code == 303


def test_proposals_are_indexed_and_unindexed_for_search(client, factories, author, monkeypatch):
    calls = []
    monkeypatch.setattr("engage.search.service.index", lambda *a, **k: calls.append(("index", a)))
    monkeypatch.setattr("engage.search.service.unindex", lambda *a: calls.append(("unindex", a)))
    c = factories.consultation("open")
    post(
        client, f"/consultations/{c.slug}/proposals/new", {"title": "Findable", "body": LONG_ENOUGH}
    )
    proposal = _only_proposal()
    assert calls[-1] == ("index", ("proposal", proposal.id, c.id, "Findable", LONG_ENOUGH))
    post(client, f"/proposals/{proposal.id}/edit", {"title": "Found", "body": LONG_ENOUGH})
    assert calls[-1][1][3] == "Found"
    post(client, f"/proposals/{proposal.id}/withdraw", {})
    assert calls[-1] == ("unindex", ("proposal", proposal.id))


def test_proposals_on_the_consultation_page_sort_and_page(client, factories):
    from tests.consultations.helpers import HX

    c = factories.consultation("open")
    made = [factories.proposal(c, title=f"Idea {n:02d}") for n in range(12)]
    factories.support(made[3])
    # The list moved from the consultation's summary to its proposals page (the hub).
    page = text(client.get(f"/consultations/{c.slug}/proposals"))
    assert "Proposals (12)" in page and page.index("Idea 03") < page.index("Idea 11")
    assert "Page 1 of 2" in page
    newest = text(client.get(f"/consultations/{c.slug}/proposals?proposals=newest"))
    assert newest.index("Idea 11") < newest.index("Idea 10")
    second_page = f"/consultations/{c.slug}/proposals?proposals=newest&proposals_page=2"
    second = text(client.get(second_page))
    assert "Idea 01" in second and "Idea 11" not in second
    # Addresses from before the hub go on to the same list.
    old = client.get(f"/consultations/{c.slug}?proposals=newest&proposals_page=2")
    assert old.status_code == 301
    assert old.headers["Location"] == (
        f"/consultations/{c.slug}/proposals?proposals=newest&proposals_page=2"
    )
    fragment = client.get(f"/consultations/{c.slug}/proposals?proposals=newest", headers=HX)
    body = text(fragment)
    assert "<html" not in body and body.lstrip().startswith('<section id="proposals"')
    assert "data-focus-after-swap" in body


def test_a_new_proposal_does_not_claim_to_have_changed(client, factories, author):
    c = factories.consultation("open")
    post(
        client,
        f"/consultations/{c.slug}/proposals/new",
        {"title": "Fresh idea", "body": LONG_ENOUGH},
    )
    proposal = _only_proposal()
    assert proposal.updated_at == proposal.created_at
    assert "last changed" not in text(client.get(f"/proposals/{proposal.id}"))
