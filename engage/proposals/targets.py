"""Proposals as comment targets (registered with engage.comments.targets in engage.wiring)."""

from __future__ import annotations

from engage.extensions import db
from engage.proposals.models import Proposal


def proposal(proposal_id: int) -> Proposal | None:
    """Uses the identity map: a page that already loaded the proposal pays no query."""
    return db.session.get(Proposal, proposal_id)


def proposal_consultation(proposal: Proposal):
    return proposal.consultation
