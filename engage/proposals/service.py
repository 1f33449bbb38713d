"""Every change to proposals and supports. Counters move with SQL increments, in the
same transaction as the row they count, so concurrent requests never lose an update."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from engage import signals
from engage.concurrency import claim
from engage.consultations.models import Consultation
from engage.database import increment, utcnow
from engage.extensions import db
from engage.moderation import intake
from engage.proposals.models import Proposal, ProposalStatus, ProposalVersion, Support
from engage.supports import service as supports


def _refresh(proposal: Proposal) -> None:
    """Read back the counters the database just changed."""
    db.session.refresh(proposal, ["support_count", "threshold_reached_at", "response_due_at"])


def create(author: Any, consultation: Consultation, title: str, body: str) -> Proposal:
    now = utcnow()
    proposal = Proposal(
        consultation_id=consultation.id,
        author_id=author.id,
        title=title,
        body=body,
        created_at=now,
        updated_at=now,
    )
    db.session.add(proposal)
    increment(consultation, proposal_count=1)
    db.session.flush()
    intake.screen_new_content(proposal, author)  # first: listeners see it held or published
    signals.proposal_created.send(proposal)
    return proposal


def is_versioned(proposal: Proposal) -> bool:
    """Free edits until someone has supported or commented; after that, wording is history.
    With co-authors, every edit is kept with the person who made it."""
    return proposal.support_count > 0 or proposal.comment_count > 0 or proposal.coauthor_count > 0


def edit(
    editor: Any, proposal: Proposal, title: str, body: str, loaded_version: int | None = None
) -> bool:
    """Change the wording; returns False when nothing changed.

    Once people have reacted to the text, the previous wording is kept as a numbered
    version (who replaced it, and when), so supports and comments keep their context.
    Raises EditConflict, writing nothing, when a co-author saved after ``loaded_version``.
    """
    if (proposal.title, proposal.body) == (title, body):
        return False
    claim(proposal, loaded_version, editor, {"title": title, "body": body})
    now = utcnow()
    if is_versioned(proposal):
        db.session.add(
            ProposalVersion(
                proposal_id=proposal.id,
                number=proposal.version_count,
                title=proposal.title,
                body=proposal.body,
                editor_id=editor.id,
                created_at=now,
            )
        )
        proposal.version_count += 1
    proposal.title, proposal.body, proposal.updated_at = title, body, now
    db.session.flush()
    signals.proposal_edited.send(proposal)
    return True


def withdraw(author: Any, proposal: Proposal, reason: str) -> None:
    """Never deleted: the page stays, saying who withdrew it, when and why."""
    if proposal.is_withdrawn:
        return
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_at = utcnow()
    proposal.withdrawal_reason = reason or ""
    db.session.flush()
    signals.proposal_withdrawn.send(proposal)


def support(user: Any, proposal: Proposal) -> bool:
    """Add this person's support; False if they already supported (also under a race)."""
    added = supports.add(user, proposal, Support)
    if added:
        _mark_threshold(proposal)
    _refresh(proposal)
    return added


def _mark_threshold(proposal: Proposal) -> None:
    """The first time supports reach the threshold, an official response becomes due.

    A conditional UPDATE, so only one request sets it even when several cross together.
    """
    mark_reached_thresholds(proposal.consultation, Proposal.id == proposal.id)


def mark_reached_thresholds(consultation: Consultation, *conditions) -> list[int]:
    """Mark proposals at or over the threshold that aren't marked yet (also after an
    official lowers the threshold), and tell their followers. Withdrawn proposals are not
    waiting for an answer. Returns the ids of the proposals that crossed."""
    now = utcnow()
    crossed = (
        db.session.execute(
            update(Proposal)
            .where(
                Proposal.consultation_id == consultation.id,
                Proposal.status != ProposalStatus.WITHDRAWN,
                Proposal.threshold_reached_at.is_(None),
                Proposal.support_count >= consultation.support_threshold,
                *conditions,
            )
            .values(threshold_reached_at=now, response_due_at=now + consultation.response_window)
            .returning(Proposal.id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )
    for proposal_id in crossed:
        signals.proposal_threshold_reached.send(db.session.get(Proposal, proposal_id))
    return list(crossed)


def unsupport(user: Any, proposal: Proposal) -> bool:
    """Take support back; False if there was none.

    threshold_reached_at and response_due_at stay set even if the count drops below the
    threshold again: once reached, the duty to answer remains.
    """
    removed = supports.remove(user, proposal, Support)
    _refresh(proposal)
    return removed
