"""Delete my account: asked for now, final after a grace period that signing in cancels.

The final step (``delete_account``) makes a nameless "former participant" account for
this one deletion, points every row that must stay at it (texts, supports, votes,
moderation records, staff actions; engage.privacy.registry says which), deletes the
rows that were the person's alone, then the account itself. A new account id means a
new pseudonymous id in open data, so nothing published before leads back to the person.
With "remove what I wrote" every text first becomes a tombstone, its history emptied.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import String, cast, select, update

from engage import signals
from engage.accounts.lockout import SignInLock, email_key
from engage.accounts.models import User
from engage.amendments.models import Amendment, AmendmentStatus
from engage.audit.service import record
from engage.channels import Channel
from engage.comments.models import Comment, CommentRevision, CommentStatus
from engage.database import utcnow
from engage.extensions import db
from engage.fragments import cache
from engage.moderation.decision_models import Appeal
from engage.moderation.models import Report
from engage.notifications.models import Delivery, Notice
from engage.privacy import registry
from engage.privacy.models import AccountDeletion, DeletionChoice
from engage.proposals.models import Proposal, ProposalStatus, ProposalVersion

FORMER_DOMAIN = "former.invalid"
FORMER_NAMES = {
    # The most accountable role decides the name (staff actions stay attributed to it).
    "admin": "Former administrator",
    "official": "Former official",
    "moderator": "Former moderator",
}
FORMER_PARTICIPANT = "Former participant"
DELETED_REASON = "account deleted"
REMOVED_TITLE = "—"  # a removed proposal's title, where a notice kept a copy


def pending(user: User) -> AccountDeletion | None:
    return db.session.get(AccountDeletion, user.id)


def request_deletion(user: User, choice: str) -> AccountDeletion:
    """Start the grace period; the person is signed out everywhere by the caller."""
    if choice not in DeletionChoice.ALL:
        raise ValueError(choice)
    now = utcnow()
    days = current_app.config["ACCOUNT_DELETION_GRACE_DAYS"]
    row = pending(user) or AccountDeletion(user_id=user.id)
    row.choice, row.requested_at, row.due_at = choice, now, now + timedelta(days=days)
    db.session.add(row)
    db.session.flush()
    return row


def cancel(user: User) -> bool:
    """Signing in during the grace period keeps the account. True if one was pending."""
    row = pending(user)
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


def delete_due(now=None) -> int:
    """Final deletion of every account whose grace period is over (``flask delete-accounts``)."""
    due = db.session.scalars(
        select(AccountDeletion).where(AccountDeletion.due_at <= (now or utcnow()))
    ).all()
    for row in due:
        user = db.session.get(User, row.user_id)
        delete_account(user, row.choice)
    return len(due)


def delete_account(user: User, choice: str) -> User:
    """Delete the account now. Returns the former participant account that keeps its place
    (removed again at once when nothing needed it)."""
    if choice not in DeletionChoice.ALL:
        raise ValueError(choice)
    if choice == DeletionChoice.REMOVE:
        _tombstone_texts(user)
    former = _former_account(user)
    _unname_notices(user, former, remove_words=choice == DeletionChoice.REMOVE)
    references = registry.references()
    unhandled = [ref.name for ref in references if ref.action not in registry.ACTIONS]
    if unhandled:
        # A feature added a table naming people without saying what deletion does with it.
        raise RuntimeError(f"account deletion doesn't know what to do with {unhandled}")
    db.session.execute(
        Delivery.__table__.delete().where(Delivery.__table__.c.to_address == user.email)
    )
    # Dependent tables first (a delivery before the notice it sent).
    for ref in reversed(references):
        if ref.action == registry.DELETE:
            db.session.execute(ref.table.delete().where(ref.column == user.id))
    for ref in references:
        if ref.action == registry.REASSIGN:
            db.session.execute(
                update(ref.table).where(ref.column == user.id).values({ref.column.name: former.id})
            )
    db.session.execute(SignInLock.__table__.delete().where(SignInLock.key == email_key(user.email)))
    # That an account was deleted, and how; not whose.
    record(None, "account.deleted", "user", None, reason=choice)
    user_id = user.id
    db.session.expunge(user)
    db.session.execute(User.__table__.delete().where(User.__table__.c.id == user_id))
    if not _holds_anything(former, references):
        db.session.delete(former)  # an account that never did anything leaves no trace
        db.session.flush()
    else:
        db.session.flush()
        signals.account_deleted.send(former)
    # Rendered fragments are keyed by what they show (the name among it): drop this
    # process's copies now rather than wait for them to age out.
    cache().clear()
    return former


def _unname_notices(user: User, former: User, remove_words: bool) -> None:
    """Notices to others about what the person did keep a copy of their name (and an
    excerpt of their words): the notice stays, its copy follows the deletion. Emails that
    carried them are records of sending, not contributions: they go."""
    notices = db.session.scalars(select(Notice).where(Notice.actor_id == user.id)).all()
    for notice in notices:
        data = dict(notice.data or {})
        if "actor" in data:
            data["actor"] = former.display_name
        if remove_words and "excerpt" in data:
            data["excerpt"] = ""
        notice.data = data
    ids = [n.id for n in notices]
    digests = {n.digest_id for n in notices if n.digest_id is not None}
    table = Delivery.__table__
    if ids:
        db.session.execute(table.delete().where(table.c.notice_id.in_(ids)))
    if digests:
        db.session.execute(table.delete().where(table.c.digest_id.in_(digests)))


def _untitle_notices(proposal_ids: list[int]) -> None:
    """Notices about a removed proposal, or a comment under it, keep a copy of its title."""
    on_them = select(Comment.id).where(
        Comment.target_type == "proposal", Comment.target_id.in_(proposal_ids)
    )
    notices = db.session.scalars(
        select(Notice).where(
            ((Notice.target_type == "proposal") & Notice.target_id.in_(proposal_ids))
            | ((Notice.target_type == "comment") & Notice.target_id.in_(on_them))
        )
    )
    for notice in notices:
        if (notice.data or {}).get("title"):
            notice.data = {**notice.data, "title": REMOVED_TITLE}


def _holds_anything(former: User, references: list[registry.Reference]) -> bool:
    for ref in references:
        if ref.action == registry.REASSIGN:
            found = db.session.execute(
                select(ref.column).where(ref.column == former.id).limit(1)
            ).first()
            if found is not None:
                return True
    return False


def _former_account(user: User) -> User:
    roles = user.role_names
    name = next((FORMER_NAMES[r] for r in FORMER_NAMES if r in roles), FORMER_PARTICIPANT)
    former = User(
        email=f"former-{secrets.token_hex(12)}@{FORMER_DOMAIN}",
        display_name=name,
        password_hash="!",  # noqa: S106 - matches no password: nobody signs in as it
        locale="en",
        roles=[],
    )
    db.session.add(former)
    db.session.flush()
    return former


def is_former(user: User) -> bool:
    return user.email.endswith("@" + FORMER_DOMAIN)


def _tombstone_texts(user: User) -> None:
    """Every text the person wrote online becomes a tombstone: threads and counts stay,
    the words and their history go. Input recorded for someone else (paper, phone,
    events) is theirs, not the recording official's, and stays."""
    now = utcnow()
    comments = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id, Comment.channel == Channel.ONLINE)
    ).all()
    for comment in comments:
        comment.body, comment.stance = "", None
        if comment.status == CommentStatus.PUBLISHED:
            comment.status = CommentStatus.DELETED
            comment.deleted_at, comment.deleted_reason = now, DELETED_REASON
    ids = [c.id for c in comments]
    if ids:
        db.session.execute(
            update(CommentRevision).where(CommentRevision.comment_id.in_(ids)).values(body="")
        )
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.author_id == user.id, Proposal.channel == Channel.ONLINE)
    ).all()
    for proposal in proposals:
        proposal.title, proposal.body, proposal.withdrawal_reason = "", "", ""
        if proposal.status != ProposalStatus.WITHDRAWN:
            proposal.status, proposal.withdrawn_at = ProposalStatus.WITHDRAWN, now
    ids = [p.id for p in proposals]
    if ids:
        db.session.execute(
            update(ProposalVersion)
            .where(ProposalVersion.proposal_id.in_(ids))
            .values(title="", body="")
        )
    for amendment in db.session.scalars(select(Amendment).where(Amendment.author_id == user.id)):
        amendment.rationale = ""
        if amendment.status == AmendmentStatus.PROPOSED:
            amendment.text = ""
            amendment.status, amendment.withdrawn_at = AmendmentStatus.WITHDRAWN, now
    if ids:
        _untitle_notices(ids)
    db.session.execute(update(Report).where(Report.reporter_id == user.id).values(detail=""))
    db.session.execute(update(Appeal).where(Appeal.appellant_id == user.id).values(statement=""))
    statements = db.metadata.tables.get("opinion_statements")
    if statements is not None:
        # Votes on them stay counted; the words go (each keeps a distinct placeholder,
        # since a consultation's statements must differ).
        db.session.execute(
            update(statements)
            .where(statements.c.author_id == user.id)
            .values(text="", normalized_text="removed " + cast(statements.c.id, String))
        )
    responses = db.metadata.tables.get("survey_responses")
    answers = db.metadata.tables.get("survey_answers")
    if responses is not None and answers is not None:
        # Choices, rankings and numbers stay counted; what the person wrote in their own
        # words (text answers, "other, please say") goes. Paper answers are not theirs.
        theirs = select(responses.c.id).where(
            responses.c.respondent_id == user.id, responses.c.channel == Channel.ONLINE
        )
        db.session.execute(
            update(answers)
            .where(answers.c.response_id.in_(theirs), answers.c.text.is_not(None))
            .values(text="")
        )
    db.session.flush()
    for comment in comments:
        signals.comment_deleted.send(comment)
    for proposal in proposals:
        signals.proposal_withdrawn.send(proposal)
