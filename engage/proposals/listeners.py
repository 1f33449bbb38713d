"""What proposals do when other features announce something (connected in engage.wiring)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from engage.consultations.models import Consultation
from engage.extensions import db
from engage.proposals import service


def mark_reached_thresholds(consultation: Any, **_: Any) -> None:
    """An official lowered the support threshold: proposals already over it are due an answer."""
    service.mark_reached_thresholds(consultation)


def count_on_consultation(item: Any, kind: str, count_change: int = 0, **_: Any) -> None:
    """A proposal held for review is not counted on its consultation (moderation's rule)."""
    if kind != "proposal" or not count_change:
        return
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == item.consultation_id)
        .values(proposal_count=Consultation.proposal_count + count_change),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(item.consultation, ["proposal_count"])
