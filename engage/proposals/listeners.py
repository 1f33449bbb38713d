"""What proposals do when other features announce something (connected in engage.wiring)."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from engage.database import increment
from engage.params import arg_int
from engage.proposals import queries, service


def mark_reached_thresholds(consultation: Any, **_: Any) -> None:
    """An official lowered the support threshold: proposals already over it are due an answer."""
    service.mark_reached_thresholds(consultation)


def count_on_consultation(item: Any, kind: str, count_change: int = 0, **_: Any) -> None:
    """A proposal held for review is not counted on its consultation (moderation's rule)."""
    if kind != "proposal" or not count_change:
        return
    increment(item.consultation, proposal_count=count_change)


def consultation_page(
    consultation: Any, section: str = "summary", preview: bool = False, **_: Any
) -> dict:
    """The summary shows the most supported proposals and the supports they have; the
    proposals page lists them all, sorted and paged by the reader."""
    if section == "summary":
        if preview or not consultation.is_published:
            return {"top_proposals": [], "support_total": 0}
        return {
            "top_proposals": queries.top_for_consultation(consultation),
            "support_total": queries.support_total(consultation),
        }
    if section != "proposals":
        return {}
    listing = queries.for_consultation(
        consultation,
        sort=request.args.get("proposals", "supported"),
        page=arg_int("proposals_page", 1, low=1),
        viewer=current_user,
    )
    return {"listing": listing}
