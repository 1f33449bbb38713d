"""Who answers for a consultation (responses, outcome, commitments), and who reads it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engage.consultations.permissions import can_manage_consultation, can_view_consultation
from engage.permissions import Person

if TYPE_CHECKING:
    from engage.consultations.models import Consultation
    from engage.outcomes.models import Outcome


def can_answer_for(user: Person, consultation: Consultation) -> bool:
    """Answer proposals, write and publish the outcome, track commitments: whoever
    manages the consultation (its department's officials, or admins)."""
    return can_manage_consultation(user, consultation)


def can_view_outcome(user: Person, consultation: Consultation, outcome: Outcome | None) -> bool:
    """Published outcomes are public; drafts only for those who write them."""
    if not can_view_consultation(user, consultation):
        return False
    published = outcome is not None and outcome.published_at is not None
    return published or can_answer_for(user, consultation)


PREDICATES = {"answer_for": can_answer_for, "view_outcome": can_view_outcome}
