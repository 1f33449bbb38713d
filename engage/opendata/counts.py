"""Supports and comment votes as counts per proposal and per comment: never who gave them."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from engage.comments.models import Comment, CommentVote
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.opendata.core import scoped, visible_comments, visible_proposals
from engage.opendata.fields import DATETIME, INTEGER, Dataset, Field, timestamp
from engage.proposals.models import Proposal, Support


def _supports(consultation_id, after, limit):
    query = (
        select(
            Support.proposal_id,
            Proposal.consultation_id,
            func.count(Support.id),
            func.min(Support.created_at),
            func.max(Support.created_at),
        )
        .join(Proposal, Support.proposal_id == Proposal.id)
        .join(Consultation, Proposal.consultation_id == Consultation.id)
        .where(visible_proposals(), Support.proposal_id > after)
        .group_by(Support.proposal_id, Proposal.consultation_id)
        .order_by(Support.proposal_id)
        .limit(limit)
    )
    query = scoped(query, Proposal.consultation_id, consultation_id)
    return [
        {
            "proposal_id": pid,
            "consultation_id": cid,
            "supports": n,
            "first_support_at": timestamp(_aware(first)),
            "last_support_at": timestamp(_aware(last)),
        }
        for pid, cid, n, first, last in db.session.execute(query)
    ]


def _aware(value):
    """Aggregates bypass the column type: SQLite returns naive UTC or even text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value


SUPPORTS = Dataset(
    name="supports",
    title=_l("Supports"),
    summary=_l("How many people support each proposal. Never who."),
    fields=(
        Field("proposal_id", INTEGER, "The proposal."),
        Field("consultation_id", INTEGER, "Its consultation."),
        Field("supports", INTEGER, "People supporting it now."),
        Field("first_support_at", DATETIME, "When the earliest standing support was given."),
        Field("last_support_at", DATETIME, "When the latest support was given."),
    ),
    fetch=_supports,
    key="proposal_id",
    has_items=False,
)


def _votes(consultation_id, after, limit):
    up = func.sum(func.cast(CommentVote.value == 1, db.Integer))
    down = func.sum(func.cast(CommentVote.value == -1, db.Integer))
    query = (
        select(CommentVote.comment_id, Comment.consultation_id, up, down)
        .join(Comment, CommentVote.comment_id == Comment.id)
        .join(Consultation, Comment.consultation_id == Consultation.id)
        .where(visible_comments(), CommentVote.comment_id > after)
        .group_by(CommentVote.comment_id, Comment.consultation_id)
        .order_by(CommentVote.comment_id)
        .limit(limit)
    )
    query = scoped(query, Comment.consultation_id, consultation_id)
    return [
        {
            "comment_id": cid,
            "consultation_id": cons,
            "upvotes": int(u or 0),
            "downvotes": int(d or 0),
        }
        for cid, cons, u, d in db.session.execute(query)
    ]


VOTES = Dataset(
    name="comment_votes",
    title=_l("Comment votes"),
    summary=_l("How many people agreed and disagreed with each comment. Never who."),
    fields=(
        Field("comment_id", INTEGER, "The comment."),
        Field("consultation_id", INTEGER, "Its consultation."),
        Field("upvotes", INTEGER, "People who agreed."),
        Field("downvotes", INTEGER, "People who disagreed."),
    ),
    fetch=_votes,
    key="comment_id",
    has_items=False,
)

COUNTS = (SUPPORTS, VOTES)
