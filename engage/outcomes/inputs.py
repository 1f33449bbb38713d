"""The inputs an outcome answers, seen through one door.

Proposals (engage.proposals) and amendments (engage.amendments), leaving out anything
moderation holds back (pending or hidden) or the author withdrew.
"""

from __future__ import annotations

from typing import Any

from engage.amendments.models import Amendment, AmendmentStatus
from engage.moderation.models import Visibility
from engage.proposals.models import Proposal, ProposalStatus


def visible(model: Any):
    """SQL condition: moderation lets everyone see it."""
    return model.visibility == Visibility.VISIBLE


def visible_proposals():
    """Proposals that count as input: published, shown, not withdrawn."""
    return (visible(Proposal), Proposal.status != ProposalStatus.WITHDRAWN)


def visible_amendments():
    """Amendments that count as input: shown, not withdrawn."""
    return (visible(Amendment), Amendment.status != AmendmentStatus.WITHDRAWN)
