"""Counting input by channel."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, literal, select, union_all, update

from engage.channels import ASSISTED_CHANNELS, Channel
from engage.comments.models import Comment
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.proposals.models import Proposal

TOTAL = "*total"


def channel_counts(consultation: Any) -> dict[str, int]:
    """Proposals and comments received, by channel, in one query.

    Everything received counts: withdrawn proposals and deleted comments were still input.
    Only the rows not received online are counted (an index on (consultation, channel)
    finds them); online is the consultation's running total of input minus those.
    """

    def assisted(model):
        return select(model.channel.label("channel")).where(
            model.consultation_id == consultation.id, model.channel.in_(ASSISTED_CHANNELS)
        )

    both = union_all(assisted(Proposal), assisted(Comment)).subquery()
    query = union_all(
        select(both.c.channel, func.count()).group_by(both.c.channel),
        select(literal(TOTAL), Consultation.input_count).where(Consultation.id == consultation.id),
    )
    counts = {name: n for name, n in db.session.execute(query).all()}
    total = counts.pop(TOTAL, 0) or 0
    online = total - sum(counts.values())
    if online > 0:
        counts[Channel.ONLINE] = online
    return counts


@event.listens_for(Proposal, "after_insert")
@event.listens_for(Comment, "after_insert")
def _count_input(_mapper, connection, item) -> None:
    """Every proposal and comment adds one to its consultation's input total, in the same
    transaction, whichever code path inserted it."""
    connection.execute(
        update(Consultation.__table__)
        .where(Consultation.__table__.c.id == item.consultation_id)
        .values(input_count=Consultation.__table__.c.input_count + 1)
    )
