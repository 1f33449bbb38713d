from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engage.accounts.models import User, find_user_by_email
from engage.amendments.models import Amendment
from engage.audit.models import AuditEntry
from engage.comments.models import Comment, CommentRevision, CommentVote
from engage.database import utcnow
from engage.extensions import db
from engage.fragments import cache
from engage.opendata.pseudonyms import person_id
from engage.privacy import deletion
from engage.privacy.models import AccountDeletion
from engage.proposals.models import Proposal, Support
from engage.search.service import search
from tests.factories import PASSWORD, login, next_totp_code, post_form
from tests.privacy.helpers import EMAIL, MARK, NAME, busy_resident, personal_data_left


def _ask(client, choice="remove", password=PASSWORD, **extra):
    return post_form(client, "/account/delete", {"choice": choice, "password": password, **extra})


def test_deleting_needs_a_choice_and_the_password(client, factories):
    person = factories.user()
    login(client, person)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "Keep my words, anonymously" in page and 'name="code"' not in page
    response = _ask(client, password="not my password")
    assert response.status_code == 422
    assert "That password isn&#39;t right." in response.get_data(as_text=True)
    assert _ask(client, choice="").status_code == 422
    assert db.session.get(AccountDeletion, person.id) is None


def test_staff_also_give_a_code_from_their_second_factor(client, factories):
    official = factories.user("official")
    login(client, official)
    assert 'name="code"' in client.get("/account/delete").get_data(as_text=True)
    assert _ask(client, code="000000").status_code == 422
    response = _ask(client, code=next_totp_code(official.email))
    assert response.status_code == 303
    assert db.session.get(AccountDeletion, official.id) is not None


def test_the_grace_period_signs_out_and_signing_in_cancels_it(client, factories):
    person = factories.user()
    login(client, person)
    response = _ask(client, choice="keep")
    assert response.status_code == 303
    row = db.session.get(AccountDeletion, person.id)
    assert row.choice == "keep"
    assert timedelta(days=13, hours=23) < row.due_at - utcnow() <= timedelta(days=14)
    assert client.get("/account/profile").status_code == 302  # signed out everywhere
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Sign in before then" in home
    login(client, person)
    db.session.expire_all()
    assert db.session.get(AccountDeletion, person.id) is None


def test_the_command_deletes_only_accounts_past_their_grace_period(app, client, factories):
    due, waiting = factories.user(), factories.user()
    deletion.request_deletion(due, "remove").due_at = utcnow() - timedelta(minutes=1)
    deletion.request_deletion(waiting, "keep")
    db.session.commit()
    due_email, waiting_id = due.email, waiting.id
    result = app.test_cli_runner().invoke(args=["delete-accounts"])
    assert "Deleted 1 accounts" in result.output
    db.session.expire_all()
    assert find_user_by_email(due_email) is None
    assert db.session.get(User, waiting_id) is not None


def _counts_hold(consultation_id: int) -> None:
    """Every stored count still equals the rows it counts."""
    for comment in db.session.scalars(select(Comment)):
        replies = db.session.scalar(select(func.count()).where(Comment.parent_id == comment.id))
        assert comment.reply_count == replies
        revisions = db.session.scalar(
            select(func.count()).where(CommentRevision.comment_id == comment.id)
        )
        assert comment.revision_count == revisions
        ups = db.session.scalar(
            select(func.count()).where(CommentVote.comment_id == comment.id, CommentVote.value == 1)
        )
        assert comment.upvotes == ups
    for proposal in db.session.scalars(select(Proposal)):
        supports = db.session.scalar(select(func.count()).where(Support.proposal_id == proposal.id))
        assert proposal.support_count == supports
        on_it = db.session.scalar(
            select(func.count()).where(
                Comment.target_type == "proposal", Comment.target_id == proposal.id
            )
        )
        assert proposal.comment_count == on_it


@pytest.mark.parametrize("choice", ["remove", "keep"])
def test_nothing_personal_remains_after_deletion(app, client, factories, choice):
    person, consultation, proposal, comment = busy_resident(factories)
    old_pseudonym = person_id(person.id)
    # Pages seen before: the fragment cache holds the name.
    assert NAME in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert cache().holding(NAME)
    counts_before = (proposal.support_count, proposal.comment_count, comment.reply_count)
    open_data_before = client.get("/open-data/comments.csv").get_data(as_text=True)
    assert old_pseudonym in open_data_before

    former = deletion.delete_account(person, choice)
    db.session.commit()
    db.session.expire_all()

    assert find_user_by_email(EMAIL) is None
    assert personal_data_left(EMAIL, NAME) == []
    assert not cache().holding(NAME)
    assert former.display_name == "Former participant"
    # The texts: gone, or kept under the former participant.
    left = personal_data_left(MARK)
    search_hits = search(MARK)
    assert not search(NAME).hits
    if choice == "remove":
        assert left == []
        assert not search_hits.hits
        assert db.session.get(Comment, comment.id).status == "deleted"
    else:
        assert any(hit.startswith("comments.body") for hit in left)
        assert search_hits.hits
        assert db.session.get(Comment, comment.id).author.display_name == "Former participant"
    # Open data: the old pseudonymous id is cut; the former participant has another one.
    for dataset in ("comments", "proposals", "supports"):
        body = client.get(f"/open-data/{dataset}.csv").get_data(as_text=True)
        assert old_pseudonym not in body and NAME not in body and EMAIL not in body
    # Threads and counts hold.
    proposal = db.session.get(Proposal, proposal.id)
    comment = db.session.get(Comment, comment.id)
    assert (proposal.support_count, proposal.comment_count, comment.reply_count) == counts_before
    _counts_hold(consultation.id)
    assert db.session.scalar(select(func.count()).select_from(Amendment)) == 2
    page = client.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200 and NAME not in page.get_data(as_text=True)
    # The audit log keeps that an account was deleted, not whose.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.deleted"))
    assert entry.actor_id is None and entry.target_id is None and entry.reason == choice
