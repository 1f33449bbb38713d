from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from engage.database import UTCDateTime, utcnow
from engage.extensions import db


class DeletionChoice:
    REMOVE = "remove"  # every text becomes a tombstone
    KEEP = "keep"  # texts stay, signed "Former participant"
    ALL = (REMOVE, KEEP)


class AccountDeletion(db.Model):
    """A requested deletion, final at ``due_at`` unless the person signs in before."""

    __tablename__ = "account_deletions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        info={"account_deletion": "delete"},
    )
    choice: Mapped[str] = mapped_column(String(10))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class DataExport(db.Model):
    """A ZIP of someone's data built in the background, fetched once by an emailed link
    (only the link's hash is kept) until ``expires_at``; `flask purge` removes it after."""

    __tablename__ = "data_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"),
        index=True,
        info={"account_deletion": "delete"},
    )
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)


class ConsentPurpose:
    DEMOGRAPHICS = "demographics"  # optional questions about who you are
    EMAILS = "emails"  # emails you asked for
    ALL = (DEMOGRAPHICS, EMAILS)


class ConsentRecord(db.Model):
    """A consent given or withdrawn, with its time and the privacy notice's version then
    (PRIVACY_NOTICE_VERSION). Rows are only added: the latest per purpose is the answer."""

    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"),
        index=True,
        info={"account_deletion": "delete"},
    )
    purpose: Mapped[str] = mapped_column(String(20))
    given: Mapped[bool] = mapped_column()
    notice_version: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
