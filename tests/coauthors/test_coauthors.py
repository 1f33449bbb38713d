"""Co-authored proposals: invite, accept or decline, edit together with every edit kept."""

from __future__ import annotations

import difflib
import re

import pytest
from sqlalchemy import select

from engage.audit.models import AuditEntry
from engage.coauthors.models import ProposalCoauthor
from engage.extensions import db
from engage.proposals.models import Proposal, ProposalVersion
from tests.consultations.helpers import field_value, post, text
from tests.factories import login
from tests.queries import count_queries


@pytest.fixture
def author(factories):
    return factories.user(name="Amina Author")


@pytest.fixture
def proposal(factories, author):
    return factories.proposal(author=author, title="Ban live scanning", body="No live scanning.")


def _invitation(proposal, user) -> ProposalCoauthor | None:
    return db.session.scalar(
        select(ProposalCoauthor).filter_by(proposal_id=proposal.id, user_id=user.id)
    )


def test_author_invites_by_email_and_the_invitee_is_emailed(
    client, factories, author, proposal, outbox
):
    friend = factories.user(name="Femi Friend", email="femi@example.org")
    login(client, author)
    assert "Invite co-authors" in text(client.get(f"/proposals/{proposal.id}"))
    url = f"/proposals/{proposal.id}/coauthors"
    response = post(client, url, {"email": " FEMI@example.org "})
    assert response.status_code == 303
    invitation = _invitation(proposal, friend)
    assert invitation.status == "invited" and invitation.invited_by_id == author.id
    page = text(client.get(url))
    assert "If FEMI@example.org belongs to an Engage account, we emailed them" in page
    assert "Femi Friend" not in page  # named only once they accept
    message = outbox.last_to("femi@example.org")
    assert "Amina Author invites you" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert f"/proposals/{proposal.id}/coauthors/invitation" in body
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "proposal.coauthor_invited" in actions


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not an email", "Enter an email address like name@example.org."),
        ("", "Enter their email address."),
    ],
)
def test_bad_invitations_come_back_with_the_text_kept(client, author, proposal, email, message):
    login(client, author)
    response = post(client, f"/proposals/{proposal.id}/coauthors", {"email": email})
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert field_value(page, "email") == email
    assert db.session.scalars(select(ProposalCoauthor)).all() == []


def test_not_yourself(client, author, proposal):
    login(client, author)
    response = post(client, f"/proposals/{proposal.id}/coauthors", {"email": author.email.upper()})
    assert response.status_code == 422
    assert "You already wrote this proposal." in text(response)


def _reply(client, proposal, email: str) -> tuple[int, str]:
    """What the author sees after inviting this address: status, and the page it leads to."""
    response = post(client, f"/proposals/{proposal.id}/coauthors", {"email": email})
    page = text(client.get(response.headers["Location"])) if response.status_code == 303 else ""
    main = page[page.index("<main") : page.index("</main>")]
    # The CSRF token is signed with the time, so it differs from one second to the next.
    main = re.sub(r'"[\w-]+\.[\w-]+\.[\w-]+"', '"CSRF-TOKEN"', main)
    return response.status_code, main.replace(email, "ADDRESS")


def test_the_reply_is_the_same_whether_or_not_the_address_has_an_account(
    client, factories, author, proposal, outbox
):
    """Security finding 4: the reply told which emails have accounts, and whose they are."""
    friend = factories.user(name="Femi Friend", email="femi@example.org")
    invited = factories.user(name="Ines Invited", email="ines@example.org")
    joined = factories.user(name="Jo Joined", email="jo@example.org")
    factories.coauthor_invitation(invited, proposal)
    factories.coauthor_invitation(joined, proposal, status="accepted")
    login(client, author)
    unknown = _reply(client, proposal, "nobody@example.org")
    assert unknown[0] == 303
    for email in ("femi@example.org", "ines@example.org", "jo@example.org"):
        # An account, an open invitation, an accepted co-author: all as for nobody.
        reply = _reply(client, proposal, email)
        assert reply == unknown, "\n".join(
            difflib.unified_diff(unknown[1].splitlines(), reply[1].splitlines(), lineterm="")
        )
    assert "Femi Friend" not in unknown[1] and "Ines Invited" not in unknown[1]
    assert "Jo Joined" in unknown[1]  # accepted: named
    # The owner of the address is told; nobody is emailed about an address without an account.
    assert outbox.last_to("femi@example.org")
    assert [m["To"] for m in outbox.messages] == ["femi@example.org"]
    assert _invitation(proposal, friend).status == "invited"


def test_every_invitation_attempt_counts_against_the_limit(
    app, client, factories, author, proposal, monkeypatch
):
    """Security finding 4: failed attempts (unknown addresses) were not counted."""
    monkeypatch.setitem(app.config, "RATELIMIT_COAUTHOR_INVITE", "3 per hour")
    login(client, author)
    url = f"/proposals/{proposal.id}/coauthors"
    codes = [
        post(client, url, {"email": email}).status_code
        for email in ("a@example.org", "not an email", "c@example.org", "d@example.org")
    ]
    assert codes == [303, 422, 303, 429]


def test_accepting_makes_a_coauthor_who_can_edit_and_every_edit_is_kept(
    app, client, factories, author, proposal
):
    friend = factories.user(name="Femi Friend")
    factories.coauthor_invitation(friend, proposal)
    login(client, friend)
    page = text(client.get(f"/proposals/{proposal.id}/coauthors/invitation"))
    assert "Amina Author invited you to be a co-author" in page
    response = post(client, f"/proposals/{proposal.id}/coauthors/invitation/accept")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/proposals/{proposal.id}"
    assert db.session.get(Proposal, proposal.id).coauthor_count == 1
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Written together with:" in page and "Femi Friend" in page
    assert "Edit this proposal (you are a co-author)" in page
    assert "Invite co-authors" not in page  # only the author invites

    # The co-author edits: the old wording stays, with who replaced it and the diff.
    edit = f"/proposals/{proposal.id}/edit"
    response = post(client, edit, {"title": "Ban live scanning", "body": "No live face scanning."})
    assert response.status_code == 303
    version = db.session.scalars(select(ProposalVersion)).one()
    assert (version.number, version.body, version.editor_id) == (1, "No live scanning.", friend.id)
    listing = text(client.get(f"/proposals/{proposal.id}/versions"))
    assert "by Femi Friend" in listing
    diff = client.get(f"/proposals/{proposal.id}/versions/1").get_data(as_text=True)
    assert "<ins>" in diff and "face" in diff

    # The author edits next: a second version, credited to the author.
    client = app.test_client()
    login(client, author)
    post(client, edit, {"title": "Ban live scanning", "body": "No live face scanning at all."})
    versions = db.session.scalars(select(ProposalVersion).order_by(ProposalVersion.number)).all()
    assert [v.editor_id for v in versions] == [friend.id, author.id]
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "proposal.coauthor_accepted" in actions


def test_declining_leaves_no_edit_rights(client, factories, proposal):
    friend = factories.user()
    factories.coauthor_invitation(friend, proposal)
    login(client, friend)
    post(client, f"/proposals/{proposal.id}/coauthors/invitation/decline")
    assert _invitation(proposal, friend).status == "declined"
    assert db.session.get(Proposal, proposal.id).coauthor_count == 0
    assert client.get(f"/proposals/{proposal.id}/edit").status_code == 403
    assert "Edit this proposal" not in text(client.get(f"/proposals/{proposal.id}"))
    page = text(client.get(f"/proposals/{proposal.id}/coauthors/invitation"))
    assert "You declined this invitation" in page
    # Answering twice changes nothing.
    response = post(client, f"/proposals/{proposal.id}/coauthors/invitation/accept")
    assert response.status_code == 303
    assert _invitation(proposal, friend).status == "declined"


def test_others_can_neither_edit_nor_answer(client, factories, proposal):
    stranger = factories.user()
    login(client, stranger)
    assert client.get(f"/proposals/{proposal.id}/edit").status_code == 403
    assert client.get(f"/proposals/{proposal.id}/coauthors").status_code == 403
    assert client.get(f"/proposals/{proposal.id}/coauthors/invitation").status_code == 403
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Edit this proposal" not in page and "Invite co-authors" not in page


def test_withdrawn_proposal_takes_no_coauthors(app, client, factories, author, proposal):
    from engage.proposals import service

    friend = factories.user()
    factories.coauthor_invitation(friend, proposal)
    service.withdraw(author, proposal, "")
    db.session.commit()
    login(client, friend)
    page = text(client.get(f"/proposals/{proposal.id}/coauthors/invitation"))
    assert "This proposal was withdrawn." in page and "Accept and become" not in page
    post(client, f"/proposals/{proposal.id}/coauthors/invitation/accept")
    assert _invitation(proposal, friend).status == "invited"
    client = app.test_client()
    login(client, author)
    response = post(client, f"/proposals/{proposal.id}/coauthors", {"email": friend.email})
    assert response.status_code == 403


def test_coauthor_line_costs_one_query_and_none_without_coauthors(client, factories, proposal):
    def count() -> int:
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(f"/proposals/{proposal.id}").status_code == 200
        return len(statements)

    client.get(f"/proposals/{proposal.id}")
    without = count()
    for _ in range(5):
        factories.coauthor_invitation(factories.user(), proposal, status="accepted")
    assert count() == without + 1
