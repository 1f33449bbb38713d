"""What can be followed: consultations, proposals and drafts, with their page and title."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, url_for
from flask_login import current_user
from sqlalchemy import select

from engage.consultations.models import Consultation
from engage.consultations.permissions import can_view_consultation
from engage.drafts.models import Draft
from engage.extensions import db
from engage.moderation import permissions as moderation_permissions
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
        if proposal is None or not _readable(proposal):
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


def _readable(proposal: Proposal) -> bool:
    """As on its page: a held or hidden proposal is followed only by those who can read it
    (its author and moderators); everyone else sees a placeholder, or nothing."""
    return moderation_permissions.can_read_text(current_user, proposal)


def _draft(draft_id: int):
    return db.session.get(Draft, draft_id)


def for_follows(follows: list) -> list[tuple]:
    """(follow, target) pairs for a list of follows, in a few queries whatever the length;
    targets the person may no longer see are left out."""
    ids: dict[str, set[int]] = {}
    for f in follows:
        ids.setdefault(f.target_type, set()).add(f.target_id)
    proposals = {
        p.id: p
        for p in db.session.scalars(
            select(Proposal).where(Proposal.id.in_(ids.get("proposal", ())))
        )
    }
    drafts = _drafts(ids.get("draft", set()))
    wanted = set(ids.get("consultation", ()))
    wanted |= {p.consultation_id for p in proposals.values()}
    wanted |= {d.consultation_id for d in drafts.values()}
    consultations = {
        c.id: c for c in db.session.scalars(select(Consultation).where(Consultation.id.in_(wanted)))
    }
    pairs = []
    for f in follows:
        target = _target(f, consultations, proposals, drafts)
        if target is not None:
            pairs.append((f, target))
    return pairs


def _target(f, consultations, proposals, drafts) -> FollowTarget | None:
    if f.target_type == "consultation":
        consultation, title = consultations.get(f.target_id), None
        url = "consultations.view_consultation"
    elif (
        f.target_type == "proposal"
        and f.target_id in proposals
        and _readable(proposals[f.target_id])
    ):
        proposal = proposals[f.target_id]
        consultation, title = consultations.get(proposal.consultation_id), proposal.title
        url = "proposals.view_proposal"
    elif f.target_type == "draft" and f.target_id in drafts:
        consultation, title = consultations.get(drafts[f.target_id].consultation_id), None
        url = "drafts.view_draft"
    else:
        return None
    if consultation is None or not can_view_consultation(current_user, consultation):
        return None
    if f.target_type == "proposal":
        link = url_for(url, proposal_id=f.target_id)
    else:
        link = url_for(url, slug=consultation.slug)
    return FollowTarget(f.target_type, f.target_id, title or consultation.title, link)


def _drafts(ids: set[int]) -> dict:
    if not ids:
        return {}
    return {d.id: d for d in db.session.scalars(select(Draft).where(Draft.id.in_(ids)))}


def follow_target_or_404(kind: str, target_id: int) -> FollowTarget:
    return find(kind, target_id) or abort(404)
