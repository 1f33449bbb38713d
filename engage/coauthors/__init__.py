"""Co-authored proposals: the author invites people, who accept and may then edit."""

from __future__ import annotations

from flask import Blueprint

from engage.coauthors.queries import for_proposal

bp = Blueprint("coauthors", __name__)


@bp.app_context_processor
def _coauthor_helpers() -> dict:
    """Lets the proposal page include the co-author line without a change to its route."""
    return {"accepted_coauthors": lambda proposal: for_proposal(proposal, accepted_only=True)}
