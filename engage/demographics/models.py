from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engage.database import UTCDateTime, utcnow
from engage.extensions import db


class DemographicQuestion(db.Model):
    """An admin's setting for one question of the catalogue (engage.demographics.questions):
    asked or not, and for the questions whose options are local (areas, languages) the
    options, one per line."""

    __tablename__ = "demographic_questions"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    options: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ReferenceShare(db.Model):
    """The population's share (percent) of one answer, e.g. from the census."""

    __tablename__ = "reference_shares"

    question_key: Mapped[str] = mapped_column(String(20), primary_key=True)
    answer: Mapped[str] = mapped_column(String(80), primary_key=True)
    percent: Mapped[float] = mapped_column(Float)


class DemographicAnswer(db.Model):
    """One person's answer to one question, kept apart from the profile."""

    __tablename__ = "demographic_answers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        info={"account_deletion": "delete"},
    )
    question_key: Mapped[str] = mapped_column(String(20), primary_key=True)
    answer: Mapped[str] = mapped_column(String(80))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
