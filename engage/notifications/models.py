"""Follows, notices, per-kind email settings, digests, and every email we tried to send."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from engage.database import UTCDateTime, utcnow
from engage.extensions import db


class NoticeEmail(StrEnum):
    """What a notice's email did: sent right away, waiting for (or in) a digest, or nothing."""

    NONE = "none"
    NOW = "immediately"
    DIGEST = "digest"


class DeliveryStatus(StrEnum):
    """queued → sending → sent, or → retrying (attempts < max) → … → failed (recorded)."""

    QUEUED = "queued"
    SENDING = "sending"  # leased by a worker until next_attempt_at
    SENT = "sent"
    RETRYING = "retrying"
    FAILED = "failed"
    SKIPPED = "skipped"  # demo data: never sent


class Follow(db.Model):
    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_id"),
        Index("ix_follows_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Digest(db.Model):
    """One daily email: which notices it covered is recorded on the notices (digest_id)."""

    __tablename__ = "notice_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    notice_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notice(db.Model):
    __tablename__ = "notices"
    __table_args__ = (
        Index("ix_notices_user", "user_id", "id"),
        # send-digests finds what is waiting without reading everyone's notices.
        Index("ix_notices_email", "email", "digest_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # What the notice says, captured when it happened: title, names, the link (a path).
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    email: Mapped[str] = mapped_column(String(20), default=NoticeEmail.NONE)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notice_digests.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailSetting(db.Model):
    """A person's choice for one group of events; no row means the group's default."""

    __tablename__ = "email_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    group: Mapped[str] = mapped_column(String(20), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(20))


class Delivery(db.Model):
    """Every email this feature sends, with its fate: nothing is dropped silently."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"))
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notice_digests.id"))
    message: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Announcement(db.Model):
    """A consultation's date-driven event (opened, closed) or outcome, announced once."""

    __tablename__ = "consultation_announcements"
    __table_args__ = (UniqueConstraint("consultation_id", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    event: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
