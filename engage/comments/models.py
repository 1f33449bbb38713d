from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.channels import Channel
from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User

# What a comment can be attached to. Later features add "clause" and "amendment".
TARGET_TYPES = ("consultation", "proposal", "clause", "amendment")


class Stance(StrEnum):
    """A top-level comment's view on a proposal (optional)."""

    IN_FAVOUR = "in_favour"
    AGAINST = "against"
    NEUTRAL = "neutral"


class CommentStatus(StrEnum):
    PUBLISHED = "published"
    DELETED = "deleted"  # tombstone: text kept in revisions, replies kept
    # Held by moderation (the same words as engage.moderation.models.Visibility).
    PENDING = "pending"
    HIDDEN = "hidden"


MAX_DEPTH = 3  # 0-based: four levels shown


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_target", "target_type", "target_id", "parent_id", "id"),
        # Top-level pages sorted by best: (score, id) is the keyset.
        Index("ix_comments_target_score", "target_type", "target_id", "parent_id", "score", "id"),
        # All replies under one top-level comment, in order, in one query.
        Index("ix_comments_root", "root_id", "id"),
        # A page of top-level comments read in order (PostgreSQL won't use the indexes
        # above for ORDER BY after "parent_id IS NULL"): ten rows read, not thousands.
        # ix_comments_top_best (target_type, target_id, score DESC, id DESC) is declared
        # below the class: its DESC columns are expressions.
        Index(
            "ix_comments_top_id",
            "target_type",
            "target_id",
            "id",
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
        # Input by channel: only the few rows not received online are read.
        Index("ix_comments_consultation_channel", "consultation_id", "channel"),
        CheckConstraint("depth >= 0", name="depth_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    # The consultation every comment belongs to, for moderation, search and statistics.
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    # The top-level comment a reply sits under (None for top-level comments): lets a page
    # load whole reply trees in one query. Derived from parent_id (which has the foreign
    # key) and never changed; no foreign key of its own, because adding or removing one
    # makes SQLite rebuild the table, which fails once votes and revisions point at it.
    root_id: Mapped[int | None]
    # True nesting depth (0 = top level); pages show at most MAX_DEPTH, deeper ones flattened.
    depth: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    stance: Mapped[str | None] = mapped_column(String(20))
    # active_history: a change of status loads the old one first, so the hooks keeping
    # Consultation.comment_total (engage.comments.queries) always know what it was.
    status: Mapped[str] = mapped_column(
        String(20), default=CommentStatus.PUBLISHED, active_history=True
    )
    channel: Mapped[str] = mapped_column(String(20), default=Channel.ONLINE)
    # Input an official recorded for someone (paper, phone, event): who it came from, as
    # they gave their name (not an account; empty for anonymous), and the day it arrived.
    submitted_for_name: Mapped[str | None] = mapped_column(String(120))
    received_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_reason: Mapped[str | None] = mapped_column(String(200))
    upvotes: Mapped[int] = mapped_column(default=0)
    downvotes: Mapped[int] = mapped_column(default=0)
    score: Mapped[int] = mapped_column(default=0)
    reply_count: Mapped[int] = mapped_column(default=0)
    revision_count: Mapped[int] = mapped_column(default=0)

    author: Mapped[User] = relationship(lazy="joined")

    @property
    def is_deleted(self) -> bool:
        return self.status == CommentStatus.DELETED

    @property
    def thread_root_id(self) -> int:
        return self.root_id or self.id


class CommentRevision(db.Model):
    """The text as it was before an edit or a deletion; history is public."""

    __tablename__ = "comment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    stance: Mapped[str | None] = mapped_column(String(20))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


Index(
    "ix_comments_top_best",
    Comment.target_type,
    Comment.target_id,
    Comment.score.desc(),
    Comment.id.desc(),
    sqlite_where=text("parent_id IS NULL"),
    postgresql_where=text("parent_id IS NULL"),
)


class CommentVote(db.Model):
    __tablename__ = "comment_votes"
    __table_args__ = (
        UniqueConstraint("comment_id", "user_id"),
        CheckConstraint("value IN (-1, 1)", name="value_up_or_down"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    value: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
