"""What can be followed: consultations, proposals and drafts, with their page and title."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, url_for
from flask_login import current_user

from engage.consultations.models import Consultation
from engage.extensions import db
from engage.permissions import can_view_consultation
from engage.proposals.models import Proposal


@dataclass
class FollowTarget:
    kind: str
    id: int
    title: str
    url: str


def find(kind: str, target_id: int) -> FollowTarget | None:
    if kind == "consultation":
        consultation = db.session.get(Consultation, target_id)
        if consultation is None:
            return None
        url = url_for("consultations.view_consultation", slug=consultation.slug)
        title = consultation.title
    elif kind == "proposal":
        proposal = db.session.get(Proposal, target_id)
        if proposal is None:
            return None
        consultation, title = proposal.consultation, proposal.title
        url = url_for("proposals.view_proposal", proposal_id=proposal.id)
    elif kind == "draft":
        draft = _draft(target_id)
        if draft is None:
            return None
        consultation = db.session.get(Consultation, draft.consultation_id)
        title = consultation.title
        url = url_for("drafts.view_draft", slug=consultation.slug)
    else:
        return None
    if not can_view_consultation(current_user, consultation):
        return None
    return FollowTarget(kind, target_id, title, url)


def _draft(draft_id: int):
    try:
        from engage.drafts.models import Draft
    except ImportError:  # co-drafting not installed
        return None
    return db.session.get(Draft, draft_id)


def follow_target_or_404(kind: str, target_id: int) -> FollowTarget:
    return find(kind, target_id) or abort(404)
