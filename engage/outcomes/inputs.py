"""The inputs an outcome answers, seen through one door.

Proposals live in engage.proposals; amendments and clauses arrive with co-drafting
(engage.amendments, engage.drafts). Code here works with or without them, and leaves out
anything moderation holds back (pending or hidden) or the author withdrew.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from sqlalchemy import true

from engage.proposals.models import Proposal, ProposalStatus


def _model(module: str, name: str) -> Any:
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None


def amendment_model() -> Any:
    return _model("engage.amendments.models", "Amendment")


def visible(model: Any):
    """SQL condition: moderation lets everyone see it (no column yet: everything)."""
    column = getattr(model, "visibility", None)
    return column == "visible" if column is not None else true()


def visible_proposals():
    """Proposals that count as input: published, shown, not withdrawn."""
    return (visible(Proposal), Proposal.status != ProposalStatus.WITHDRAWN)


def visible_amendments():
    """Amendments that count as input (None when co-drafting is not installed)."""
    amendment = amendment_model()
    if amendment is None:
        return None
    return (visible(amendment), amendment.status != "withdrawn")
