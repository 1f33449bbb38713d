"""Participation statistics for an outcome report, in a handful of grouped queries.

Only what moderation lets everyone see is counted (pending and hidden items are left out);
withdrawn proposals and deleted comments were still input, so they count.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal, select, union, union_all

from engage import signals
from engage.amendments.models import Amendment, AmendmentStatus
from engage.channels import Channel
from engage.comments.models import Comment, CommentStatus
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.opinion_map import outcome as opinion_map
from engage.opinion_map.models import OpinionVote
from engage.outcomes import inputs
from engage.outcomes.models import OfficialResponse, ResponseStatus
from engage.proposals.models import Proposal, ProposalStatus, Support

COUNTED_COMMENTS = (CommentStatus.PUBLISHED, CommentStatus.DELETED)


def _proposals(consultation: Consultation):
    return (Proposal.consultation_id == consultation.id, inputs.visible(Proposal))


def _comments(consultation: Consultation):
    return (Comment.consultation_id == consultation.id, Comment.status.in_(COUNTED_COMMENTS))


def by_channel(consultation: Consultation) -> dict[str, dict[str, int]]:
    """{channel: {"proposals": n, "comments": n}} for every channel, zeros included."""
    both = union_all(
        select(literal("proposals").label("kind"), Proposal.channel.label("channel")).where(
            *_proposals(consultation)
        ),
        select(literal("comments").label("kind"), Comment.channel.label("channel")).where(
            *_comments(consultation)
        ),
    ).subquery()
    rows = db.session.execute(
        select(both.c.kind, both.c.channel, func.count()).group_by(both.c.kind, both.c.channel)
    )
    counts = {channel: {"proposals": 0, "comments": 0} for channel in Channel}
    for kind, channel, n in rows:
        counts.setdefault(channel, {"proposals": 0, "comments": 0})[kind] = n
    return counts


def participant_ids(consultation: Consultation):
    """A subquery of the accounts that proposed, commented, supported or voted on the
    opinion map online (column ``who``), each once."""
    online = [
        select(Proposal.author_id.label("who")).where(
            *_proposals(consultation), Proposal.channel == Channel.ONLINE
        ),
        select(Comment.author_id.label("who")).where(
            *_comments(consultation), Comment.channel == Channel.ONLINE
        ),
        select(Support.user_id.label("who"))
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(*_proposals(consultation)),
        select(Amendment.author_id.label("who")).where(
            Amendment.consultation_id == consultation.id, inputs.visible(Amendment)
        ),
        # Voting on the opinion map's statements is taking part too.
        select(OpinionVote.user_id.label("who")).where(
            OpinionVote.consultation_id == consultation.id
        ),
    ]
    return union(*online).subquery()


def assisted_inputs(channels: dict[str, dict[str, int]]) -> int:
    """Each piece of input an official recorded for someone (paper, phone, event) counts
    as one person: those people have no account."""
    return sum(v["proposals"] + v["comments"] for k, v in channels.items() if k != Channel.ONLINE)


def _people(consultation: Consultation) -> int:
    """Accounts that took part online (participant_ids)."""
    people = participant_ids(consultation)
    return db.session.scalar(select(func.count()).select_from(people)) or 0


def _supports(consultation: Consultation) -> int:
    query = (
        select(func.count(Support.id))
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(*_proposals(consultation))
    )
    return db.session.scalar(query) or 0


def _amendments(consultation: Consultation) -> dict[str, int]:
    rows = db.session.execute(
        select(Amendment.status, func.count())
        .where(Amendment.consultation_id == consultation.id, inputs.visible(Amendment))
        .group_by(Amendment.status)
    )
    return {status: n for status, n in rows}


def answers(consultation: Consultation) -> dict[str, int]:
    """How proposals were answered: current answer per proposal, plus "unanswered"."""
    r = OfficialResponse
    latest = (
        select(func.max(r.id))
        .where(r.target_type == "proposal", r.consultation_id == consultation.id)
        .group_by(r.target_id)
    )
    answerable = select(Proposal.id).where(
        *_proposals(consultation), Proposal.status != ProposalStatus.WITHDRAWN
    )
    query = (
        select(r.status, func.count())
        .where(r.id.in_(latest), r.target_id.in_(answerable))
        .group_by(r.status)
    )
    counts = dict.fromkeys(ResponseStatus, 0)
    counts.update({status: n for status, n in db.session.execute(query)})
    total = db.session.scalar(select(func.count()).select_from(answerable.subquery())) or 0
    counts["unanswered"] = max(0, total - sum(counts.values()))
    return counts


def participation(consultation: Consultation) -> dict[str, Any]:
    """Everything the report's statistics section shows (stored as JSON when published)."""
    channels = by_channel(consultation)
    amendments = _amendments(consultation)
    figures = {
        "people": _people(consultation) + assisted_inputs(channels),
        "proposals": sum(v["proposals"] for v in channels.values()),
        "comments": sum(v["comments"] for v in channels.values()),
        "supports": _supports(consultation),
        "amendments_proposed": sum(
            n for s, n in amendments.items() if s != AmendmentStatus.WITHDRAWN
        ),
        "amendments_accepted": amendments.get(AmendmentStatus.ACCEPTED, 0),
        "channels": channels,
        "answers": answers(consultation),
        "opinion_map": opinion_map.figures(consultation),
    }
    # Other features' figures (who took part by the optional questions: engage.demographics).
    for _receiver, extra in signals.participation_figures.send(consultation):
        figures.update(extra or {})
    return figures
