"""Official responses, outcome reports and the commitments they make."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.concurrency import Versioned
from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.consultations.models import Consultation


class ResponseStatus(StrEnum):
    """What an official can say about a proposal. Amendments are answered by their own
    accept/reject decision (engage.amendments), never by a second OfficialResponse."""

    UNDER_CONSIDERATION = "under_consideration"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"


RESPONSE_TARGETS = ("proposal", "amendment")


class CommitmentStatus(StrEnum):
    """Where a commitment stands; COMPLETED is what the dashboard counts as kept."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DELAYED = "delayed"
    DROPPED = "dropped"


# Inputs a commitment (or an outcome) can point back to.
SOURCE_TYPES = ("proposal", "amendment", "clause")


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class OfficialResponse(db.Model):
    """One answer to one input. Never edited: a new answer is a new row, the latest is
    current, and the earlier ones stay as its history."""

    __tablename__ = "official_responses"
    __table_args__ = (
        CheckConstraint(_in("status", ResponseStatus), name="response_status_known"),
        CheckConstraint(_in("target_type", RESPONSE_TARGETS), name="response_target_known"),
        Index("ix_official_responses_target", "target_type", "target_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    official: Mapped[User] = relationship(lazy="joined")


class Outcome(Versioned, db.Model):
    """The report that closes a consultation: what was heard, what was decided.

    Written as a draft by officials, then published once; publishing sets the
    consultation's outcome_published_at and freezes the participation statistics.
    """

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    heard: Mapped[str] = mapped_column(Text, default="")
    decided: Mapped[str] = mapped_column(Text, default="")
    statistics: Mapped[dict | None] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    commitment_count: Mapped[int] = mapped_column(default=0)

    consultation: Mapped[Consultation] = relationship(lazy="joined")
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Commitment(db.Model):
    """A promise the outcome makes, tracked in public until it is kept (or not)."""

    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint(_in("status", CommitmentStatus), name="commitment_status_known"),
        CheckConstraint("percent_done BETWEEN 0 AND 100", name="percent_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id"), index=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=CommitmentStatus.NOT_STARTED)
    percent_done: Mapped[int] = mapped_column(default=0)
    due_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    update_count: Mapped[int] = mapped_column(default=0)

    outcome: Mapped[Outcome] = relationship(lazy="joined")
    sources: Mapped[list[CommitmentSource]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CommitmentSource.id"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Milestone.id"
    )


class CommitmentSource(db.Model):
    """The input (proposal, amendment or clause) a commitment came from."""

    __tablename__ = "commitment_sources"
    __table_args__ = (
        UniqueConstraint("commitment_id", "target_type", "target_id"),
        CheckConstraint(_in("target_type", SOURCE_TYPES), name="source_type_known"),
        Index("ix_commitment_sources_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]


class Milestone(db.Model):
    """A dated step towards a commitment; done_at is set when it is reached."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CommitmentUpdate(db.Model):
    """A dated progress note: what happened, and the status and percentage after it."""

    __tablename__ = "commitment_updates"
    __table_args__ = (Index("ix_commitment_updates_commitment", "commitment_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    percent_done: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")
