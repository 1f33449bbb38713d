from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.concurrency import Versioned
from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User


class ConsultationStatus(StrEnum):
    """Lifecycle: only a draft and a published outcome are stored; the rest follow the dates."""

    DRAFT = "draft"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    OUTCOME = "outcome"


class Topic(db.Model):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)


class TopicTranslation(db.Model):
    """A topic's name in another language; without one, pages show the original name."""

    __tablename__ = "topic_translations"
    __table_args__ = (UniqueConstraint("topic_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))


class Department(db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Consultation(Versioned, db.Model):
    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("support_threshold >= 1", name="threshold_positive"),
        Index("ix_consultations_listing", "published_at", "opens_at", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    official_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    contact: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text)
    easy_read_summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    commitment: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    support_threshold: Mapped[int] = mapped_column(default=100)
    response_window_days: Mapped[int] = mapped_column(default=30)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Counters shown on pages; kept in the same transaction as the rows they count.
    proposal_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    # Every proposal and comment ever received here, on every target and channel (withdrawn,
    # hidden and deleted ones included): kept by an insert hook in engage.assisted.queries,
    # so the "input received by channel" line needn't count tens of thousands of rows.
    input_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Published comments anywhere in the consultation (on it, its proposals, clauses and
    # amendments): kept by mapper hooks in engage.comments.queries.
    comment_total: Mapped[int] = mapped_column(default=0, server_default="0")
    # Pre-moderation: new proposals and comments wait for a moderator before anyone sees them.
    review_before_publishing: Mapped[bool] = mapped_column(default=False)

    topic: Mapped[Topic] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")
    official: Mapped[User | None] = relationship(foreign_keys=[official_id], lazy="joined")

    def status_at(self, now: datetime) -> ConsultationStatus:
        if self.published_at is None:
            return ConsultationStatus.DRAFT
        if self.outcome_published_at is not None:
            return ConsultationStatus.OUTCOME
        if now < self.opens_at:
            return ConsultationStatus.UPCOMING
        if now < self.closes_at:
            return ConsultationStatus.OPEN
        return ConsultationStatus.CLOSED

    @property
    def status(self) -> ConsultationStatus:
        return self.status_at(utcnow())

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def response_window(self) -> timedelta:
        return timedelta(days=self.response_window_days)


class ConsultationTranslation(db.Model):
    """A consultation's texts in another language; an empty field shows the original."""

    __tablename__ = "consultation_translations"
    __table_args__ = (UniqueConstraint("consultation_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    locale: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    easy_read_summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    commitment: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def status_condition(status: str, now: datetime):
    """The SQL twin of ``Consultation.status_at``, for filtering lists."""
    c = Consultation
    published = c.published_at.is_not(None)
    no_outcome = c.outcome_published_at.is_(None)
    return {
        ConsultationStatus.DRAFT: c.published_at.is_(None),
        ConsultationStatus.UPCOMING: and_(published, no_outcome, c.opens_at > now),
        ConsultationStatus.OPEN: and_(published, no_outcome, c.opens_at <= now, c.closes_at > now),
        ConsultationStatus.CLOSED: and_(published, no_outcome, c.closes_at <= now),
        ConsultationStatus.OUTCOME: and_(published, c.outcome_published_at.is_not(None)),
    }[status]
