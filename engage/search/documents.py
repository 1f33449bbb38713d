"""What ``flask reindex-search`` indexes: the same documents the feature services index.

Each query selects plain columns (no ORM objects) and streams them, so a rebuild over a
large site keeps memory flat. Rows come out as index() arguments after ``kind``.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from engage.comments.models import Comment, CommentStatus
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.moderation.models import Visibility
from engage.proposals.models import Proposal, ProposalStatus

BATCH = 500


def consultation_body(summary: str, easy_read_summary: str, body: str) -> str:
    return "\n\n".join(part for part in (summary, easy_read_summary, body) if part)


def _stream(statement) -> Iterator:
    return db.session.execute(statement.execution_options(yield_per=BATCH))


def _consultations() -> Iterator[tuple]:
    rows = _stream(
        select(
            Consultation.id,
            Consultation.title,
            Consultation.summary,
            Consultation.easy_read_summary,
            Consultation.body,
        )
        .where(Consultation.published_at.is_not(None))
        .order_by(Consultation.id)
    )
    for row in rows:
        body = consultation_body(row.summary, row.easy_read_summary, row.body)
        yield row.id, row.id, row.title, body


def _proposals() -> Iterator[tuple]:
    rows = _stream(
        select(Proposal.id, Proposal.consultation_id, Proposal.title, Proposal.body)
        .join(Consultation, Consultation.id == Proposal.consultation_id)
        # Held or hidden by moderation: not searchable (engage.moderation.content).
        .where(
            Proposal.status != ProposalStatus.WITHDRAWN,
            Proposal.visibility == Visibility.VISIBLE,
            Consultation.published_at.is_not(None),
        )
        .order_by(Proposal.id)
    )
    for row in rows:
        yield row.id, row.consultation_id, row.title, row.body


def _comments() -> Iterator[tuple]:
    rows = _stream(
        select(Comment.id, Comment.consultation_id, Comment.body)
        .join(Consultation, Consultation.id == Comment.consultation_id)
        .where(Comment.status == CommentStatus.PUBLISHED, Consultation.published_at.is_not(None))
        .order_by(Comment.id)
    )
    for row in rows:
        yield row.id, row.consultation_id, "", row.body


def all_documents() -> Iterator[tuple[str, Iterator[tuple]]]:
    yield "consultation", _consultations()
    yield "proposal", _proposals()
    yield "comment", _comments()
