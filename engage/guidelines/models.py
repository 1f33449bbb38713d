from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User


class GuidelinesVersion(db.Model):
    """One published state of the whole set of rules; never changed once written."""

    __tablename__ = "guidelines_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship(lazy="joined")
    rules: Mapped[list[Guideline]] = relationship(
        back_populates="version", order_by="Guideline.number", lazy="selectin"
    )

    def rule(self, number: int | None) -> Guideline | None:
        return next((r for r in self.rules if r.number == number), None)


class Guideline(db.Model):
    """A numbered rule as worded in one version. Numbers are never reused."""

    __tablename__ = "guidelines"
    __table_args__ = (UniqueConstraint("version_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("guidelines_versions.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[GuidelinesVersion] = relationship(back_populates="rules")
