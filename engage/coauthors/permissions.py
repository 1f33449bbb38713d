"""Co-authors' part in the proposal rules (engage.proposals.permissions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engage.coauthors.queries import is_coauthor

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.proposals.models import Proposal


def writes_with_author(proposal: Proposal, user: User) -> bool:
    """An accepted co-author writes the proposal with its author."""
    return is_coauthor(user, proposal)
