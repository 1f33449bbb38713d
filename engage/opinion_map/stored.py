"""The latest analysis of each consultation's opinion map, as written by recompute."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from engage.database import UTCDateTime, utcnow
from engage.extensions import db


class OpinionMapResult(db.Model):
    """One row per consultation, replaced by each recompute. ``payload`` is
    ``AnalysisResult.to_dict()``; the counts beside it say what it was computed from."""

    __tablename__ = "opinion_map_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    vote_count: Mapped[int] = mapped_column(default=0)
    participant_count: Mapped[int] = mapped_column(default=0)
    group_count: Mapped[int] = mapped_column(default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
