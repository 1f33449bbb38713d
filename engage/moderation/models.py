"""Moderation intake: cases (one open per item) and the reports that feed them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import User
from engage.database import UTCDateTime, utcnow
from engage.extensions import db

TARGET_TYPES = ("proposal", "comment", "amendment", "opinion_statement", "user")


class Visibility(StrEnum):
    """Whether the public sees a proposal, comment or amendment: visible, or held by
    moderation: pending (awaiting review) or hidden (after reports or a decision)."""

    VISIBLE = "visible"
    PENDING = "pending"
    HIDDEN = "hidden"


class CaseState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CaseTrigger(StrEnum):
    """Why a case was opened."""

    REPORTS = "reports"
    PREMODERATION = "premoderation"
    NEW_ACCOUNT = "new_account"
    SPAM = "spam"


REASONS = ("spam", "harassment", "personal_information", "off_topic", "other")


class ModerationCase(db.Model):
    """Something a moderator has to look at. At most one open case per item: the partial
    unique index on (target_type, target_id) where state is open enforces it."""

    __tablename__ = "moderation_cases"
    __table_args__ = (
        Index(
            "uq_moderation_cases_open_target",
            "target_type",
            "target_id",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
        Index("ix_moderation_cases_state_opened", "state", "opened_at"),
        Index("ix_moderation_cases_target", "target_type", "target_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), default=CaseState.OPEN)
    trigger: Mapped[str] = mapped_column(String(20))
    # Which spam signals fired, for the moderator (human-readable, one per line).
    signals: Mapped[str] = mapped_column(Text, default="")
    report_count: Mapped[int] = mapped_column(default=0)
    # What the placeholder in the thread says, e.g. "Hidden after 3 reports, waiting for a
    # moderator". The decisions side replaces it when a moderator acts.
    public_reason: Mapped[str] = mapped_column(Text, default="")
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="joined")
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id], lazy="select")
    reports: Mapped[list[Report]] = relationship(
        back_populates="case", order_by="Report.id", lazy="select"
    )

    @property
    def is_open(self) -> bool:
        return self.state == CaseState.OPEN


class Report(db.Model):
    """One person flagging one item, once: the unique constraint settles double clicks."""

    __tablename__ = "moderation_reports"
    __table_args__ = (UniqueConstraint("target_type", "target_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("moderation_cases.id"), index=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[ModerationCase] = relationship(back_populates="reports")
    reporter: Mapped[User] = relationship(lazy="joined")
