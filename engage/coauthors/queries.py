"""Reading co-authors: who writes a proposal, and one person's invitation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from engage.accounts.models import User
from engage.coauthors.models import CoauthorStatus, ProposalCoauthor
from engage.extensions import db


def for_proposal(proposal: Any, accepted_only: bool = False) -> list[ProposalCoauthor]:
    """Invitations in the order they were sent (at most a handful per proposal)."""
    query = (
        select(ProposalCoauthor)
        .where(ProposalCoauthor.proposal_id == proposal.id)
        # Names only: the co-authors' roles are not needed, so not loaded.
        .options(joinedload(ProposalCoauthor.user).options(lazyload(User.roles)))
    )
    if accepted_only:
        if not proposal.coauthor_count:
            return []  # the stored count saves the query on almost every proposal page
        query = query.where(ProposalCoauthor.status == CoauthorStatus.ACCEPTED)
    return list(db.session.scalars(query.order_by(ProposalCoauthor.id)).unique())


def invitation(proposal: Any, user: Any) -> ProposalCoauthor | None:
    if not getattr(user, "is_authenticated", False):
        return None
    query = select(ProposalCoauthor).where(
        ProposalCoauthor.proposal_id == proposal.id, ProposalCoauthor.user_id == user.id
    )
    return db.session.scalar(query)


def is_coauthor(user: Any, proposal: Any) -> bool:
    if not proposal.coauthor_count:
        return False
    found = invitation(proposal, user)
    return found is not None and found.status == CoauthorStatus.ACCEPTED
