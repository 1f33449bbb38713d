"""Opinion map: its settings per consultation, the statements, and one vote per person
per statement. The analysis result is stored by engage.opinion_map.recompute."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User

MAX_STATEMENT_LENGTH = 140


class VoteValue(IntEnum):
    """Agree +1, disagree -1, pass 0 (seen, no opinion); not voted is a missing value."""

    AGREE = 1
    PASS = 0
    DISAGREE = -1


class OpinionMap(db.Model):
    """An official turned the opinion map on for a consultation. One row per consultation;
    no row means off. The counts are kept by the service in the transaction of each vote."""

    __tablename__ = "opinion_maps"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    # One bad statement is shown to everyone who votes: residents' statements wait for a
    # moderator unless an official turns this off.
    premoderation: Mapped[bool] = mapped_column(default=True)
    statement_count: Mapped[int] = mapped_column(default=0)  # visible statements
    vote_count: Mapped[int] = mapped_column(default=0)
    participant_count: Mapped[int] = mapped_column(default=0)  # people with at least one vote
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OpinionStatement(db.Model):
    """A short statement people vote on. No replies: discussion stays in comments.

    ``visibility`` uses moderation's words ('visible' | 'pending' | 'hidden'); only
    engage.moderation.content reads or changes it. ``normalized_text`` refuses duplicates
    (same words after normalising case, accents' forms, spaces and punctuation).
    """

    __tablename__ = "opinion_statements"
    __table_args__ = (
        UniqueConstraint("consultation_id", "normalized_text"),
        Index("ix_opinion_statements_consultation", "consultation_id", "visibility", "id"),
        CheckConstraint(
            "agree_count >= 0 AND disagree_count >= 0 AND pass_count >= 0",
            name="counts_non_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    text: Mapped[str] = mapped_column(String(MAX_STATEMENT_LENGTH))
    normalized_text: Mapped[str] = mapped_column(String(MAX_STATEMENT_LENGTH))
    # None only for statements whose author was removed; seeded ones name the official.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    seeded: Mapped[bool] = mapped_column(default=False)
    visibility: Mapped[str] = mapped_column(String(20), default="visible")
    agree_count: Mapped[int] = mapped_column(default=0)
    disagree_count: Mapped[int] = mapped_column(default=0)
    pass_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")

    @property
    def vote_count(self) -> int:
        return self.agree_count + self.disagree_count + self.pass_count


class OpinionVote(db.Model):
    """One person's agree (+1), disagree (-1) or pass (0) on one statement; changeable.

    ``consultation_id`` is the statement's, copied so a consultation's whole vote matrix
    is read from one index without a join.
    """

    __tablename__ = "opinion_votes"
    __table_args__ = (
        UniqueConstraint("statement_id", "user_id"),
        CheckConstraint("value IN (-1, 0, 1)", name="value_agree_pass_disagree"),
        # Covers the whole vote matrix of a consultation (engage.opinion_map.recompute
        # reads it without touching the table: 500,000 votes in a third of the time) and
        # one person's votes in it.
        Index(
            "ix_opinion_votes_consultation_user",
            "consultation_id",
            "user_id",
            "statement_id",
            "value",
        ),
        Index("ix_opinion_votes_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("opinion_statements.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    value: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
