"""Counting input by channel."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, union_all

from engage.comments.models import Comment
from engage.extensions import db
from engage.proposals.models import Proposal


def channel_counts(consultation: Any) -> dict[str, int]:
    """Proposals and comments received, by channel, in one grouped query.

    Everything received counts: withdrawn proposals and deleted comments were still input.
    """
    both = union_all(
        select(Proposal.channel.label("channel")).where(
            Proposal.consultation_id == consultation.id
        ),
        select(Comment.channel.label("channel")).where(Comment.consultation_id == consultation.id),
    ).subquery()
    query = select(both.c.channel, func.count()).group_by(both.c.channel)
    return {name: n for name, n in db.session.execute(query).all()}
