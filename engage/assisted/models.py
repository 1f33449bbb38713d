"""Files imported into a consultation, remembered by the hash of their bytes, so the same
file uploaded twice is recognised before its rows are added a second time."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User


class CsvImport(db.Model):
    """One CSV file imported into one consultation (the audit log has its rows' ids)."""

    __tablename__ = "csv_imports"
    __table_args__ = (Index("ix_csv_imports_consultation_sha256", "consultation_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    # SHA-256 of the file's bytes, in hex.
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    official_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    imported: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    official: Mapped[User] = relationship(lazy="joined")
